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

mod lexicon;
mod score;

use lexicon::Lexicon;

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
}

/// The `cookie-banner` plugin.
pub struct CookieBanner {
    lexicon: Lexicon,
    ui: LineSet,
    options: Options,
}

impl CookieBanner {
    /// Builds the plugin with `options`.
    pub fn with_options(options: Options) -> Result<CookieBanner, String> {
        boilerlint_lexicon::check_languages(&options.disable_languages, lexicon::LANGUAGES)?;
        let (lexicon, ui) = Lexicon::build(&options.disable_languages)?;
        Ok(CookieBanner {
            lexicon,
            ui,
            options,
        })
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
        for banner in score::find_banners(doc, &self.lexicon, &self.ui) {
            let text = &doc.text()[banner.range.clone()];
            // The lexicon names the language of most notices; the identifier (slower) settles
            // the ones whose phrases several languages share.
            let language = if banner.language_clear {
                banner.lexicon_language
            } else {
                detect_language(text).unwrap_or(banner.lexicon_language)
            };
            let paragraphs = banner.paragraphs;
            let message = format!(
                "cookie-consent notice ({language}), {paragraphs} paragraph{}",
                if paragraphs == 1 { "" } else { "s" }
            );
            let finding = report
                .report(&CookieBannerRule::RULE, banner.range, &message)
                .language(language)
                .score(banner.score);
            if banner.confident && !self.options.unsafe_fixes_only {
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
