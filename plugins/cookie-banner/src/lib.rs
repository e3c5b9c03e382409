//! boilerlint plugin `cookie-banner`: cookie and consent notices in 34 languages.
//!
//! Each paragraph is scored by the kinds of evidence it holds (lexicons in `lexicon/<lang>.txt`):
//! a cookie or tracking term, consent and choice wording, processing purposes, partners, policy
//! and settings references, and the site addressing the reader. Adjacent banner paragraphs and
//! the interface residue around them ("X", "Accept all", "Kabul et") form one finding.

#![deny(unsafe_code)]

use boilerlint_lexicon::{iso639_1, LineSet};
use boilerlint_plugin::{declare_rule, export_plugin, Document, Plugin, Reporter, Rule};
use serde::Deserialize;

mod learned;
mod lexicon;
mod text;

use boilerlint_lexicon::model::{Features, Model};
use learned::Thresholds;
use lexicon::Lexicon;

/// The decision's thresholds, chosen on the dev part of the real-text corpus by the `train`
/// example (`LINE`: a line this probable is part of a notice; `JOIN`: a line next to a notice
/// joins it at this probability; `SAFE`: a notice whose every line is this probable gets a safe
/// fix).
mod thresholds {
    include!("../model/thresholds.rs");
}

/// The trained weights (see `model/REPORT.md`).
static WEIGHTS: &[u8] = include_bytes!("../model/weights.bin");

declare_rule! {
    /// Finds cookie and consent notices (cookie banners) that a scraper left in the text.
    ///
    /// ## What it does
    /// Scores every paragraph by the kinds of evidence a consent notice holds: a cookie or
    /// tracking term ("cookies", "çerezler", "store and/or access information on a device")
    /// together with consent or choice wording, processing purposes (advertising, analytics),
    /// partners, policy or settings references, and the site speaking to the reader ("we use",
    /// "our website", "you agree"). One keyword is never enough. Adjacent notice paragraphs,
    /// and the interface residue next to them ("X", "×", "Accept all", "Kabul et",
    /// "Manage preferences"), form one finding. Words of an article about the topic (recipes,
    /// regulators, courts, fines) demand much more evidence.
    ///
    /// Languages: ar bg ca cs da de el en es et fi fr he hr hu id it ja ko lt lv nb nl pl pt ro ru
    /// sk sl sr sv tr uk vi zh.
    ///
    /// ## Why is this bad?
    /// A consent notice is page furniture, not article text. In a corpus it repeats across
    /// thousands of documents, teaches a model legal boilerplate, and is often in another
    /// language than the article.
    ///
    /// ## Example
    /// ```text
    /// During a phone conversation with his French counterpart, Kuleba said ...
    ///
    /// X
    /// Sitelerimizde reklam ve pazarlama faaliyetlerinin yürütülmesi amaçları ile çerezler
    /// kullanılmaktadır.
    /// ```
    /// is reported as `cookie-consent notice (tr), 4 paragraphs` from the "X" line to the end.
    ///
    /// ## Fix safety
    /// The fix deletes the notice with its residue lines. It is safe when the notice is
    /// unambiguous (a paragraph with strong evidence and no article vocabulary); otherwise it
    /// is offered as an unsafe fix, applied only with `--unsafe-fixes`.
    ///
    /// ## Options
    /// ```toml
    /// [rules.cookie-banner]
    /// disable-languages = ["nb"]   # lexicons not to use (ISO 639-1 codes)
    /// unsafe-fixes-only = false    # true: every fix is unsafe
    /// ```
    pub CookieBannerRule {
        id: "cookie-banner",
        severity: Warning,
        fix: Always,
    }
}

/// The plugin's options, from `[rules.cookie-banner]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Languages whose lexicons are not used.
    #[serde(default)]
    pub disable_languages: Vec<String>,
    /// Make every fix unsafe.
    #[serde(default)]
    pub unsafe_fixes_only: bool,
    /// The probability a line needs to be part of a notice (default: the trained
    /// threshold). Lower finds more, higher is more precise.
    #[serde(default)]
    pub threshold: Option<f32>,
}

/// The `cookie-banner` plugin.
pub struct CookieBanner {
    lexicon: Lexicon,
    ui: LineSet,
    model: Model,
    thresholds: Thresholds,
    options: Options,
}

impl CookieBanner {
    /// Builds the plugin with `options`.
    pub fn with_options(options: Options) -> Result<CookieBanner, String> {
        boilerlint_lexicon::check_languages(&options.disable_languages, lexicon::LANGUAGES)?;
        let (lexicon, ui) = Lexicon::build(&options.disable_languages)?;
        let model = Model::from_bytes(WEIGHTS).map_err(|e| format!("model/weights.bin: {e}"))?;
        let mut thresholds = Thresholds {
            line: thresholds::LINE,
            join: thresholds::JOIN,
            safe: thresholds::SAFE,
        };
        if let Some(t) = options.threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err("`threshold` must be between 0 and 1".into());
            }
            thresholds.join = thresholds.join.min(t);
            thresholds.line = t;
        }
        Ok(CookieBanner {
            lexicon,
            ui,
            model,
            thresholds,
            options,
        })
    }

    /// The features of every line of `text` (`None` for blank lines), as the model sees them:
    /// for the `train` example.
    #[doc(hidden)]
    pub fn line_features(&self, text: &str) -> Vec<Option<Features>> {
        let segments = boilerlint_plugin::segment(text);
        let doc = Document::new(text, "", &segments);
        let lines = learned::facts(&doc, &self.lexicon, &self.ui);
        let context = learned::Context::new(&lines);
        (0..lines.len())
            .map(|i| {
                (!lines[i].blank && lines[i].candidate).then(|| {
                    let mut f = Features::new(learned::BITS);
                    learned::features(&doc, &lines, &context, i, &mut f);
                    f
                })
            })
            .collect()
    }

    /// The lines flagged given line probabilities and thresholds (line, join): for the
    /// `train` example.
    #[doc(hidden)]
    pub fn decide(&self, text: &str, p: &[f32], line: f32, join: f32) -> Vec<bool> {
        let segments = boilerlint_plugin::segment(text);
        let doc = Document::new(text, "", &segments);
        let lines = learned::facts(&doc, &self.lexicon, &self.ui);
        let t = Thresholds {
            line,
            join,
            safe: 1.0,
        };
        let mut flagged = vec![false; lines.len()];
        for notice in learned::notices(&lines, p, t) {
            for i in notice.lines {
                flagged[i] = true;
            }
        }
        flagged
    }
}

impl Plugin for CookieBanner {
    const NAME: &'static str = "cookie-banner";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const RULES: &'static [Rule] = &[CookieBannerRule::RULE];

    fn new(config_toml: &str) -> Result<Self, String> {
        let options: Options = toml::from_str(config_toml).map_err(|e| e.message().to_string())?;
        CookieBanner::with_options(options)
    }

    fn check(&self, doc: &Document<'_>, report: &mut Reporter<'_>) {
        let lines = learned::facts(doc, &self.lexicon, &self.ui);
        // Most documents name no cookie term and hold no residue line: nothing to score.
        if !lines.iter().any(|l| l.candidate) {
            return;
        }
        let p = learned::probabilities(doc, &lines, &self.model);
        for notice in learned::notices(&lines, &p, self.thresholds) {
            let first = &lines[notice.lines.start];
            let last = &lines[notice.lines.end - 1];
            let range = first.range.start..last.range.end;
            // The lexicon names the language of most notices; the identifier (slower) settles
            // the ones whose phrases several languages share.
            let (lexicon_language, clear) = learned::language(&notice);
            let language = if clear {
                lexicon_language
            } else {
                detect_language(&doc.text()[range.clone()]).unwrap_or(lexicon_language)
            };
            let mut evidence = learned::evidence(doc.text(), &lines, &notice);
            if evidence.is_empty() {
                // No phrase of the lexicons: name the words that weighed most in its best line.
                evidence = learned::weighty_words(doc, &lines, &notice, &p, &self.model);
            }
            let (weakest, weakest_line) = notice.weakest;
            // Safe when every line is probable enough.
            let safe = weakest >= self.thresholds.safe && !self.options.unsafe_fixes_only;
            let message = if safe {
                format!("cookie-consent notice ({language}): {evidence}")
            } else if self.options.unsafe_fixes_only {
                format!("cookie-consent notice ({language}): {evidence} (unsafe fix: `unsafe-fixes-only` is set)")
            } else {
                format!(
                    "cookie-consent notice ({language}): {evidence} (unsafe fix: line {} scores {weakest:.3}, under {:.3})",
                    weakest_line + 1,
                    self.thresholds.safe
                )
            };
            let finding = report
                .report(&CookieBannerRule::RULE, range, &message)
                .language(language)
                .score(f64::from(notice.score));
            if safe {
                finding.delete_safe().emit();
            } else {
                finding.delete_unsafe().emit();
            }
        }
    }
}

/// The ISO 639-1 language of a notice, when the identifier is sure of it. A notice's first
/// few hundred bytes say its language as well as the whole.
fn detect_language(text: &str) -> Option<&'static str> {
    const SAMPLE: usize = 320;
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    iso639_1(info.lang().code())
}

export_plugin!(CookieBanner);

#[cfg(test)]
mod tests;
