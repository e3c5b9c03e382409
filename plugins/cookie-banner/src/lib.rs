//! boilerlint plugin `cookie-banner`: cookie and consent notices.
//!
//! Lines near a cookie term or a button are described by their lexicon evidence (lexicons in
//! `lexicon/<lang>.txt`), their neighbours', their shape, place and words (`learned.rs`), and
//! scored by a logistic-regression model trained on real text (`model/`); runs of probable
//! lines with their title, buttons and close mark form one finding.

#![deny(unsafe_code)]

use boilerlint_lexicon::{iso639_1, LineSet};
use boilerlint_plugin::{declare_rule, export_plugin, Document, Plugin, Reporter, Rule};
use serde::Deserialize;

mod learned;
mod lexicon;
mod text;

use boilerlint_lexicon::model::{Features, Model};
use learned::Thresholds;
pub use learned::{run_score, BITS};
use lexicon::Lexicon;

/// The decision's thresholds, chosen on the dev part of the real-text corpus by the `train`
/// example (`LINE`: a line this probable is part of a notice; `JOIN`: a line next to a notice
/// joins it at this probability; `SANDWICH`: the lines between two lines of a notice, each at
/// this one; `SAFE`: a notice whose two ends are this probable gets a safe fix; an end's score
/// is its line's probability or its inner neighbour's, the higher: see `learned::ends`).
mod thresholds {
    include!("../model/thresholds.rs");
}

/// Notices covering more than half of a document's non-blank lines get unsafe fixes, unless
/// the document has at most this many: a safety bound, not a tuned threshold (the dev part has
/// no article about cookies that the model takes for a notice whole).
const MAX_NOTICE_ONLY_LINES: usize = 6;

/// More notices than this in one document get unsafe fixes: a page shows one consent notice
/// (and perhaps its settings panel); many are more likely an article about cookies. A safety
/// bound, like [`MAX_NOTICE_ONLY_LINES`].
const MAX_SAFE_NOTICES: usize = 2;

/// A notice whose lines hold a run of sentences this long (in characters) without a phrase of
/// the lexicons gets an unsafe fix: a notice glued by an extractor to the text around it, on one
/// line (a whole article and its consent notice as one line of a document), where deleting the
/// line would delete the article. Just above the longest such run in the notices of the dev
/// part and of the pending and page-notice probes (427 characters, an Italian category's
/// description), which all keep their safe fixes: on the dev part's documents each written as
/// one line, the safe fixes that delete a whole document fall from 168 to 115 (133 at twice
/// that run, 850; 93 at 300, where the dev part's safe fixes lose 17 notice lines).
const MAX_BARE_CHARS: usize = 450;

/// Button and control labels (`model/buttons.txt`, written by the `train` example: the short
/// lines of the dev part's notices and the controls in the translation files of every harvested
/// consent manager but the test part's), interface residue besides the lexicons' `[ui]`
/// sections.
static BUTTONS: &str = include_str!("../model/buttons.txt");

/// The trained weights (see `model/REPORT.md`).
static WEIGHTS: &[u8] = include_bytes!("../model/weights.bin");

declare_rule! {
    /// Finds cookie and consent notices (cookie banners) that a scraper left in the text.
    ///
    /// ## What it does
    /// Scores every line near a cookie term or a line of interface residue (a close mark, a
    /// consent button) with a logistic-regression model trained on real consent notices of
    /// many consent managers and on real text that discusses cookies, privacy and advertising.
    /// The model sees the line's evidence from the lexicons (cookie or tracking terms, consent
    /// and choice wording, purposes, partners, policy references, the site addressing the
    /// reader, article vocabulary), the same of its paragraph and of the lines next to it, its
    /// length, ending and place in the document, and its words. Probable lines, with the
    /// title, buttons and close mark next to them, form one notice; the message names the
    /// evidence (`cookie-consent notice (de): cookie term 'Cookies', consent 'akzeptieren',
    /// button 'Alle akzeptieren'`). Words inside a quotation in a sentence are not evidence.
    /// A notice is a block of its own: it never starts or ends inside a sentence of the text
    /// around it (the wrapped last lines of an article paragraph above it stay out). In a
    /// document with one paragraph per line and no blank line (as web corpora store text), each
    /// line is a paragraph, as it would be between blank lines. A close
    /// mark makes no notice of lines with no evidence of their own (an "X" in a table's
    /// column), and one word of a button label alone ("Yes", "all") is no button.
    ///
    /// The weights (`model/weights.bin`), the thresholds (`model/thresholds.rs`) and the
    /// training report (`model/REPORT.md`) come from
    /// `cargo run --release -p boilerlint-plugin-cookie-banner --example train`, on the dev
    /// part of the real-text corpus in `corpus/`.
    ///
    /// Languages with lexicons: ar bg ca cs da de el en es et fi fr he hr hu id it ja ko lt lv
    /// nb nl pl pt ro ru sk sl sr sv tr uk vi zh; notices in other languages are found by their
    /// words and shape when the dev part holds their like.
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
    /// is reported from the "X" line to the end as `cookie-consent notice (tr): cookie term
    /// 'çerez', consent 'tercihler', purpose 'reklam', button 'X'`.
    ///
    /// ## Fix safety
    /// The fix deletes the notice's lines, and nothing else. It is safe when both its ends,
    /// where article text could be glued to it, are at least as probable as the `SAFE`
    /// threshold, or `SAFE_CONTROLS` for a notice that leaves a row of buttons or a close mark
    /// (the pair chosen on the dev part to keep the most notices safe while those were 98%
    /// precise: a notice with buttons is furniture at a far lower score): an end is its
    /// first (last) line, or the line inside it when that one is more probable, as a notice's
    /// title or last button often is less probable than the description beside it; and
    /// either the notice leaves a button or a close mark, or the notices are neither most of
    /// a document of more than six lines nor more than two (an article about cookies taken
    /// for notices leaves no button); and no line of it holds a run of sentences without a
    /// phrase of the lexicons longer than 450 characters (a notice glued to an article on one
    /// line, as a document stored as one line holds both); otherwise it is unsafe and the
    /// message says why.
    ///
    /// ## Options
    /// ```toml
    /// [rules.cookie-banner]
    /// disable-languages = ["nb"]   # lexicons not to use (ISO 639-1 codes)
    /// unsafe-fixes-only = false    # true: every fix is unsafe
    /// threshold = 0.6              # probability a line needs (default: the trained one);
    ///                              # lower finds more, higher is more precise
    /// ```
    ///
    /// ## Known problems
    /// News articles about cookie law and consent banners, written in the reader-facing
    /// second person, can be flagged: the dev part holds few such texts (measured on the
    /// team-written fixtures in `tests/corpus`, precision falls there). A notice that names no
    /// cookie term and leaves no button line is not looked at. A one-sentence notice in a
    /// language whose lexicon lacks its words can score under the threshold, since real help
    /// texts about cookies say the same few words; `threshold` trades them in.
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
        let buttons: Vec<&str> = BUTTONS
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        CookieBanner::with_buttons(options, &buttons)
    }

    /// Builds the plugin with `options` and these button labels as interface residue besides
    /// the lexicons' `[ui]` sections: for the `train` example, which learns them from the dev
    /// part before the weights.
    #[doc(hidden)]
    pub fn with_buttons(options: Options, buttons: &[&str]) -> Result<CookieBanner, String> {
        boilerlint_lexicon::check_languages(&options.disable_languages, lexicon::LANGUAGES)?;
        let (lexicon, mut ui) = Lexicon::build(&options.disable_languages)?;
        for button in buttons {
            ui.insert(button);
        }
        let model = Model::from_bytes(WEIGHTS).map_err(|e| format!("model/weights.bin: {e}"))?;
        let mut thresholds = Thresholds {
            line: thresholds::LINE,
            join: thresholds::JOIN,
            sandwich: thresholds::SANDWICH,
            safe: thresholds::SAFE,
            safe_controls: thresholds::SAFE_CONTROLS,
        };
        if let Some(t) = options.threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err("`threshold` must be between 0 and 1".into());
            }
            thresholds.join = thresholds.join.min(t);
            thresholds.sandwich = thresholds.sandwich.min(t);
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

    /// Per line of `text`, whether it is an interface control a notice leaves (a row of
    /// buttons, a close mark): for the `train` example, which chooses `SAFE_CONTROLS` on the
    /// notices that hold one.
    #[doc(hidden)]
    pub fn controls(&self, text: &str) -> Vec<bool> {
        let segments = boilerlint_plugin::segment(text);
        let doc = Document::new(text, "", &segments);
        learned::facts(&doc, &self.lexicon, &self.ui)
            .iter()
            .map(|l| l.residue || l.buttons)
            .collect()
    }

    /// Each line's probability under the shipped model (0 for lines never scored): for the
    /// `probe` example, which shows why a document was or was not flagged.
    #[doc(hidden)]
    pub fn line_probabilities(&self, text: &str) -> Vec<f32> {
        let segments = boilerlint_plugin::segment(text);
        let doc = Document::new(text, "", &segments);
        let lines = learned::facts(&doc, &self.lexicon, &self.ui);
        learned::probabilities(&doc, &lines, &self.model)
    }

    /// The features of line `line` (0-based) of `text` with their weights, heaviest first
    /// (empty for a line never scored): for the `probe` example's error analysis.
    #[doc(hidden)]
    pub fn line_explanation(&self, text: &str, line: usize) -> Vec<(String, f32)> {
        let segments = boilerlint_plugin::segment(text);
        let doc = Document::new(text, "", &segments);
        let lines = learned::facts(&doc, &self.lexicon, &self.ui);
        if lines.get(line).is_none_or(|l| l.blank || !l.candidate) {
            return Vec::new();
        }
        let mut f = Features::recording(self.model.bits());
        learned::features(&doc, &lines, &learned::Context::new(&lines), line, &mut f);
        let mut weights = self.model.top_features(&f, usize::MAX);
        weights.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        weights
    }

    /// The lines flagged given line probabilities and thresholds (line, join): for the
    /// `train` example.
    #[doc(hidden)]
    pub fn decide(&self, text: &str, p: &[f32], line: f32, join: f32, sandwich: f32) -> Vec<bool> {
        let segments = boilerlint_plugin::segment(text);
        let doc = Document::new(text, "", &segments);
        let lines = learned::facts(&doc, &self.lexicon, &self.ui);
        let t = Thresholds {
            line,
            join,
            sandwich,
            safe: 1.0,
            safe_controls: 1.0,
        };
        let mut flagged = vec![false; lines.len()];
        for notice in learned::notices(text, &lines, p, t, detect_language) {
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
        // The whole error: its line (in the options handed over) lets the host name the key.
        let options: Options = toml::from_str(config_toml).map_err(|e| e.to_string())?;
        CookieBanner::with_options(options)
    }

    fn check(&self, doc: &Document<'_>, report: &mut Reporter<'_>) {
        let lines = learned::facts(doc, &self.lexicon, &self.ui);
        // Most documents name no cookie term and hold no residue line: nothing to score.
        if !lines.iter().any(|l| l.candidate) {
            return;
        }
        let p = learned::probabilities(doc, &lines, &self.model);
        let notices = learned::notices(doc.text(), &lines, &p, self.thresholds, detect_language);
        // Safety: notices that together are most of a document may be an article about
        // cookies taken for notices; an article is whole, a notice is furniture beside one.
        // A notice that leaves a button or a close mark is furniture whatever its share: a
        // page of which the scraper kept little but its consent notice.
        let nonblank = lines.iter().filter(|l| !l.blank).count();
        let covered: usize = notices
            .iter()
            .map(|n| n.lines.clone().filter(|&i| !lines[i].blank).count())
            .sum();
        let most = (covered * 2 > nonblank && nonblank > MAX_NOTICE_ONLY_LINES)
            || notices.len() > MAX_SAFE_NOTICES;
        let count = notices.len();
        for notice in notices {
            let most = most && notice.residue.is_empty();
            let first = &lines[notice.lines.start];
            let last = &lines[notice.lines.end - 1];
            let range = first.range.start..last.range.end;
            // The lexicon names the language of most notices; the identifier (slower) settles
            // the ones whose phrases several languages share.
            // (`und`: neither names one, as for a row of buttons in a language the identifier
            // cannot tell from so few words.)
            let (lexicon_language, clear) = learned::language(&notice);
            let language = match lexicon_language {
                Some(language) if clear => language,
                _ => detect_language(&doc.text()[range.clone()])
                    .or(lexicon_language)
                    .unwrap_or("und"),
            };
            let mut evidence = learned::evidence(doc.text(), &lines, &notice);
            if evidence.is_empty() {
                // No phrase of the lexicons: name the words that weighed most in its best line.
                evidence = learned::weighty_words(doc, &lines, &notice, &p, &self.model);
            }
            // The line holding the longest run of sentences without evidence, if it is longer
            // than a notice's (only lines longer than the bound can be).
            let glued = notice
                .lines
                .clone()
                .filter(|&i| lines[i].range.len() > MAX_BARE_CHARS)
                .map(|i| (learned::longest_bare_run(doc.text(), &lines[i]), i))
                .filter(|&(run, _)| run > MAX_BARE_CHARS)
                .max();
            let (weakest, weakest_line) = notice.weakest;
            // Safe when its edge lines are probable enough, and the notices are not most of
            // the document. A notice that leaves buttons or a close mark is furniture whatever
            // its words: it has its own threshold, chosen on such notices.
            let safe_at = if notice.residue.is_empty() {
                self.thresholds.safe
            } else {
                self.thresholds.safe_controls
            };
            let safe =
                weakest >= safe_at && !most && glued.is_none() && !self.options.unsafe_fixes_only;
            let message = if safe {
                format!("cookie-consent notice ({language}): {evidence}")
            } else if self.options.unsafe_fixes_only {
                format!("cookie-consent notice ({language}): {evidence} (unsafe fix: `unsafe-fixes-only` is set)")
            } else if let Some((run, line)) = glued {
                format!(
                    "cookie-consent notice ({language}): {evidence} (unsafe fix: line {} holds {run} characters of sentences with no sign of a notice, more than a notice's {MAX_BARE_CHARS}: other text is on its line)",
                    line + 1
                )
            } else if most {
                let notices = match count {
                    1 => "1 notice".to_string(),
                    n => format!("{n} notices"),
                };
                format!(
                    "cookie-consent notice ({language}): {evidence} (unsafe fix: {notices} on {covered} of the document's {nonblank} lines may be an article about cookies)"
                )
            } else {
                format!(
                    "cookie-consent notice ({language}): {evidence} (unsafe fix: its end at line {} scores {weakest:.3}, under {:.3})",
                    weakest_line + 1,
                    safe_at
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
