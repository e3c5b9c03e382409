//! boilerlint plugin `off-language`: paragraphs in another language than the document's.
//!
//! The document's main language is decided once, from the paragraphs' function words (and
//! scripts), weighted by length. A paragraph whose script and function words say it is in the
//! main language is never sent to the language identifier; only the rest are, and only a
//! bounded sample of each (see `detect.rs`).

#![deny(unsafe_code)]

use boilerlint_lexicon::iso639_1;
use boilerlint_plugin::{declare_rule, export_plugin, Document, Paragraph, Plugin, Reporter, Rule};
use serde::Deserialize;

mod detect;

use detect::{sample, Glance, Script, Stopwords};

/// Bytes of a paragraph read for its cheap glance and, when needed, by the identifier.
const SAMPLE_BYTES: usize = 480;
/// Function words must cover this share of a paragraph's words (and be at least
/// [`MIN_HITS`]) to show its language: languages that inflect rather than use function words
/// (Finnish, Hungarian, Turkish) reach little more.
const VOTE_RATIO: f64 = 0.05;
/// Fewer function words than this show nothing.
const MIN_HITS: u32 = 3;

declare_rule! {
    /// Finds paragraphs in another language than the document's main language.
    ///
    /// ## What it does
    /// Decides the document's main language from the text of all its paragraphs (weighted by
    /// length; or takes it from the `expected` option), then flags each paragraph long enough
    /// to judge that is confidently in another language. A paragraph in another script
    /// (Cyrillic in a Latin-script article) is strong evidence. Short quotes, lists of names,
    /// URLs, numbers and code are never flagged, nor are languages listed in `allow`.
    ///
    /// Paragraphs whose script and function words already show the main language are not sent
    /// to the language identifier at all, nor are paragraphs in another script whose function
    /// words (or script) name their language, which keeps the rule fast. A finding's score is
    /// the identifier's confidence, or, for a paragraph in another script named without it,
    /// the share of its letters in that script.
    ///
    /// ## Why is this bad?
    /// A scraper that takes a sidebar, a related-article teaser or a translated block mixes
    /// languages in one document. A corpus labelled with one language per document then
    /// carries text of another.
    ///
    /// ## Example
    /// A Polish article with a Russian paragraph in its middle is reported as
    /// `paragraph in ru (document in pl)` on the Russian paragraph's lines.
    ///
    /// ## Fix safety
    /// Deleting the paragraph is safe when its script differs from the main language's, or
    /// when its function words agree with the identifier; otherwise it is unsafe.
    ///
    /// ## Options
    /// ```toml
    /// [rules.off-language]
    /// expected = "en"          # the main language, instead of detecting it
    /// allow = ["en", "ca"]     # languages never flagged (bilingual sites)
    /// min-chars = 150          # shorter paragraphs are not judged
    /// min-confidence = 0.9     # identifier confidence needed in the same script
    /// ```
    pub OffLanguageRule {
        id: "off-language",
        severity: Warning,
        fix: Always,
    }
}

/// The plugin's options, from `[rules.off-language]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Options {
    /// The main language (ISO 639-1), instead of detecting it.
    pub expected: Option<String>,
    /// Languages never flagged.
    pub allow: Vec<String>,
    /// Paragraphs shorter than this many characters are not judged.
    pub min_chars: usize,
    /// Identifier confidence needed to flag a paragraph in the main language's script.
    pub min_confidence: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            expected: None,
            allow: Vec::new(),
            min_chars: 150,
            min_confidence: 0.9,
        }
    }
}

/// The `off-language` plugin.
pub struct OffLanguage {
    stopwords: Stopwords,
    options: Options,
}

impl OffLanguage {
    /// Builds the plugin with `options`.
    pub fn with_options(options: Options) -> Result<OffLanguage, String> {
        let valid = |code: &str| code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase());
        for code in options.expected.iter().chain(&options.allow) {
            if !valid(code) {
                return Err(format!(
                    "{code:?} is not an ISO 639-1 language code (two lowercase letters, e.g. \"en\")"
                ));
            }
        }
        if !(0.0..=1.0).contains(&options.min_confidence) {
            return Err("`min-confidence` must be between 0 and 1".into());
        }
        Ok(OffLanguage {
            stopwords: Stopwords::new(),
            options,
        })
    }

    /// The language a glance alone shows, if it shows one.
    fn quick_language(&self, glance: &Glance) -> Option<&'static str> {
        if let Some(code) = glance.script_language() {
            return Some(code);
        }
        let (index, ratio) = glance.best()?;
        (ratio >= VOTE_RATIO && glance.hits[index] >= MIN_HITS).then(|| self.stopwords.codes[index])
    }

    /// The main language: the one the most text votes for (by [`detect::judged_size`]).
    fn main_language(&self, glanced: &[Glanced<'_>]) -> Option<String> {
        if let Some(expected) = &self.options.expected {
            return Some(expected.clone());
        }
        let mut votes: Vec<(&'static str, usize)> = Vec::new();
        for g in glanced {
            if let Some(code) = self.quick_language(&g.glance) {
                match votes.iter_mut().find(|(c, _)| *c == code) {
                    Some((_, weight)) => *weight += g.size,
                    None => votes.push((code, g.size)),
                }
            }
        }
        if let Some((code, _)) = votes.iter().max_by_key(|(_, w)| *w) {
            return Some(code.to_string());
        }
        // No function words of any known list: ask the identifier about the longest text.
        let longest = glanced.iter().max_by_key(|g| g.size)?;
        let info = whatlang::detect(sample(longest.paragraph.text(), 4 * SAMPLE_BYTES))?;
        info.is_reliable()
            .then(|| iso639_1(info.lang().code()))
            .flatten()
            .map(str::to_string)
    }
}

/// A paragraph with its size and its glance.
struct Glanced<'a> {
    paragraph: Paragraph<'a>,
    size: usize,
    glance: Glance,
}

/// Paragraphs shorter than this do not vote for the main language.
const MIN_VOTE_SIZE: usize = 60;

/// Whether a glance shows running text rather than names, numbers, code or links.
fn is_prose(text: &str, glance: &Glance) -> bool {
    let cased = matches!(
        glance.script,
        Some(Script::Latin | Script::Cyrillic | Script::Greek)
    );
    glance.letter_share >= 0.75
        && glance.script_share >= 0.6
        && !(cased && glance.capitalized > 0.5)
        && !text.contains("://")
        && !text.contains("www.")
}

impl Plugin for OffLanguage {
    const NAME: &'static str = "off-language";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const RULES: &'static [Rule] = &[OffLanguageRule::RULE];

    fn new(config_toml: &str) -> Result<Self, String> {
        let options: Options = toml::from_str(config_toml).map_err(|e| e.message().to_string())?;
        OffLanguage::with_options(options)
    }

    fn check(&self, doc: &Document<'_>, report: &mut Reporter<'_>) {
        let min_chars = self.options.min_chars;
        let glanced: Vec<Glanced<'_>> = doc
            .paragraphs()
            .filter(|p| p.text().len() >= MIN_VOTE_SIZE)
            .filter_map(|paragraph| {
                let glance = self
                    .stopwords
                    .glance(sample(paragraph.text(), SAMPLE_BYTES));
                let size = detect::judged_size(paragraph.text(), glance.script);
                (size >= MIN_VOTE_SIZE && is_prose(paragraph.text(), &glance)).then_some(Glanced {
                    paragraph,
                    size,
                    glance,
                })
            })
            .collect();
        let judged = glanced.iter().filter(|g| g.size >= min_chars).count();
        if judged == 0 || glanced.len() < 2 && self.options.expected.is_none() {
            return; // one paragraph is the document's language by definition
        }
        let Some(main) = self.main_language(&glanced) else {
            return;
        };
        let main_scripts: Vec<Script> = match main.as_str() {
            "sr" => vec![Script::Cyrillic, Script::Latin],
            "ja" => vec![Script::Kana, Script::Han],
            other => Script::of_language(other).into_iter().collect(),
        };
        let main_index = self.stopwords.index(&main);
        for Glanced {
            paragraph,
            size,
            glance,
        } in &glanced
        {
            if *size < min_chars {
                continue;
            }
            let script = glance.script.unwrap_or(Script::Other);
            let same_script = main_scripts.contains(&script) || script == Script::Other;
            if same_script {
                // The cheap check: the main language's function words are there, at least
                // nearly as many as any other language's.
                if let Some(index) = main_index {
                    // In the main language when its function words score best (a tie with a
                    // related language included: they share "в", "на", "de"), or come close
                    // with words only it has. Languages that inflect rather than use function
                    // words (Turkish, Finnish) show few: one is enough when no other shows more.
                    let score = glance.score(index);
                    let best = glance.best_score();
                    let wins = glance.hits[index] >= 1 && score >= best;
                    let close = glance.unique[index] > 0 && 4 * score >= 3 * best;
                    if wins || close {
                        continue;
                    }
                } else if main == "ja" && script == Script::Han && glance.kana == 0 {
                    // Japanese without a single kana in a long paragraph is Chinese.
                } else if main_scripts.len() <= 2 && script != Script::Latin {
                    continue; // a script of one language, and no list: trust the script
                }
            }
            let allowed = |language: &str| {
                language == main || self.options.allow.iter().any(|a| a == language)
            };
            let (language, confidence, safe) = if same_script {
                let Some((language, info)) = identify(paragraph.text()) else {
                    continue;
                };
                if allowed(language) {
                    continue;
                }
                // Two independent witnesses (function words and the identifier) agreeing need
                // less confidence from the identifier than it alone does.
                let agrees = self.quick_language(glance) == Some(language);
                let needed = if agrees {
                    self.options.min_confidence / 2.0
                } else {
                    self.options.min_confidence
                };
                if info.confidence() < needed {
                    continue;
                }
                (language, info.confidence(), agrees)
            } else {
                // Another script is the evidence. Its function words (or the script itself)
                // name the language, with the share of the letters in that script as the
                // score; the identifier is asked only when they cannot.
                let (language, confidence) = match self.quick_language(glance) {
                    Some(language) => (language, glance.script_share),
                    None => match identify(paragraph.text()) {
                        Some((language, info)) => (language, info.confidence()),
                        None => continue,
                    },
                };
                if allowed(language) {
                    continue;
                }
                (language, confidence, glance.script_share >= 0.7)
            };
            let message = format!("paragraph in {language} (document in {main})");
            let finding = report
                .paragraph(&OffLanguageRule::RULE, paragraph, &message)
                .language(language)
                .score(confidence);
            if safe {
                finding.delete_safe().emit();
            } else {
                finding.delete_unsafe().emit();
            }
        }
    }
}

/// The identifier's language of a paragraph (from a sample), if it is one with an ISO 639-1
/// code.
fn identify(text: &str) -> Option<(&'static str, whatlang::Info)> {
    let info = whatlang::detect(sample(text, SAMPLE_BYTES))?;
    Some((iso639_1(info.lang().code())?, info))
}

export_plugin!(OffLanguage);

#[cfg(test)]
mod tests {
    use boilerlint_plugin::testing::check;
    use boilerlint_plugin::Plugin;

    use super::OffLanguage;

    const EN: &str = "Kyiv on Sunday urged Moscow to pull back its troops from Ukraine's border \
        and continue dialogue with the West if it is serious about de-escalating tensions that \
        have soared amid fears of a Russian invasion.";
    const EN2: &str = "The Kremlin has deployed over 100,000 troops and heavy armour along \
        Ukraine's borders, according to the West, which fears that the Kremlin will stage an \
        incursion into the country in the coming weeks.";
    const DE: &str = "Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen, das den \
        Ausbau der erneuerbaren Energien beschleunigen soll. Kritiker bemängeln, dass die \
        Maßnahmen nicht weit genug gehen und zu spät kommen.";
    const RU: &str = "В Москве в понедельник прошли переговоры между представителями двух \
        стран, которые продлились более пяти часов. Стороны договорились продолжить диалог в \
        ближайшее время и обсудить вопросы безопасности.";

    fn flagged(text: &str, config: &str) -> Vec<(usize, String)> {
        let plugin = OffLanguage::new(config).unwrap();
        check(&plugin, text)
            .into_iter()
            .map(|f| (f.lines.0, f.message))
            .collect()
    }

    #[test]
    fn flags_a_paragraph_in_another_language() {
        let text = format!("{EN}\n\n{DE}\n\n{EN2}\n");
        assert_eq!(
            flagged(&text, ""),
            [(3, "paragraph in de (document in en)".to_string())]
        );
        let text = format!("{EN}\n\n{RU}\n\n{EN2}\n");
        assert_eq!(
            flagged(&text, ""),
            [(3, "paragraph in ru (document in en)".to_string())]
        );
    }

    #[test]
    fn leaves_short_quotes_names_and_allowed_languages_alone() {
        // A short quote in another language is too short to judge.
        let text = format!("{EN}\n\n„Wir schaffen das“, sagte sie.\n\n{EN2}\n");
        assert!(flagged(&text, "").is_empty());
        // A list of names is not prose.
        let names = "Hans Müller, Jürgen Klopp, Thomas Schäfer, Anna Weber, Lukas Schmidt, \
                     Maria Fischer, Stefan Wagner, Petra Becker, Michael Hoffmann, Julia Koch, \
                     Andreas Richter, Sabine Klein";
        let text = format!("{EN}\n\n{names}\n\n{EN2}\n");
        assert!(flagged(&text, "").is_empty());
        // Allowed languages are never flagged.
        let text = format!("{EN}\n\n{DE}\n\n{EN2}\n");
        assert!(flagged(&text, "allow = [\"de\"]").is_empty());
    }

    #[test]
    fn the_expected_language_overrides_detection() {
        let text = format!("{DE}\n\n{EN}\n");
        assert_eq!(
            flagged(&text, "expected = \"de\""),
            [(3, "paragraph in en (document in de)".to_string())]
        );
    }

    #[test]
    fn options_are_checked() {
        assert!(OffLanguage::new("expected = \"english\"").is_err());
        assert!(OffLanguage::new("min-confidence = 2.0").is_err());
        assert!(OffLanguage::new("minimum = 3").is_err());
    }
}
