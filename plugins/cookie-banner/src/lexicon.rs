//! The cookie-banner lexicons, one data file per language, compiled into the plugin.

use boilerlint_lexicon::{parse, Casing, Gate, LineSet, Matcher, MatcherBuilder};

/// Every language with a lexicon: ISO 639-1 code and file text.
pub const LANGUAGES: &[(&str, &str)] = boilerlint_lexicon::include_lexicons!("lexicon":
    "ar", "az", "be", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "eu", "fa",
    "fi", "fr", "gl", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kk", "km", "ko",
    "lt", "lv", "mk", "ms", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "ta",
    "th", "tr", "uk", "ur", "vi", "zh",
);

// A language is a `u8` index, and votes per language are counted in arrays of 64.
const _: () = assert!(LANGUAGES.len() <= 64);

/// What a phrase is evidence of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// Names cookies or tracking storage.
    Cookie,
    /// Consent and choice.
    Consent,
    /// Processing purposes.
    Purpose,
    /// Partners, third parties, vendors.
    Partner,
    /// Policy and settings references.
    Policy,
    /// The site addressing the reader.
    Address,
    /// Vocabulary of an article about the topic.
    Negative,
}

impl Category {
    fn from_section(section: &str) -> Option<Category> {
        Some(match section {
            "cookie" => Category::Cookie,
            "consent" => Category::Consent,
            "purpose" => Category::Purpose,
            "partner" => Category::Partner,
            "policy" => Category::Policy,
            "address" => Category::Address,
            "negative" => Category::Negative,
            _ => return None,
        })
    }

    /// Bit of this category in a set.
    pub fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A phrase hit's meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tag {
    /// Distinct per phrase of a language.
    pub phrase: u32,
    /// Index into [`LANGUAGES`].
    pub language: u8,
    /// What it is evidence of.
    pub category: Category,
}

/// All lexicons in one matcher.
pub struct Lexicon {
    /// Finds every phrase.
    pub matcher: Matcher<Tag>,
    /// Tells whether a document can hold a notice at all: every notice names cookies or
    /// tracking, and most documents do not.
    pub gate: Gate,
}

impl Lexicon {
    /// Compiles every lexicon but the disabled ones; returns the matcher and the set of
    /// interface-residue lines (`[ui]`).
    pub fn build(disabled: &[String]) -> Result<(Lexicon, LineSet), String> {
        let mut builder = MatcherBuilder::new();
        let mut gate = MatcherBuilder::new();
        let mut ui = LineSet::default();
        let mut phrase = 0u32;
        for (index, (code, text)) in LANGUAGES.iter().enumerate() {
            if disabled.iter().any(|d| d == code) {
                continue;
            }
            let casing = Casing::of_language(code);
            for entry in parse(text).map_err(|e| format!("lexicon/{code}.txt: {e}"))? {
                if entry.section == "ui" {
                    ui.insert(entry.phrase);
                    continue;
                }
                let category = Category::from_section(entry.section).ok_or_else(|| {
                    format!(
                        "lexicon/{code}.txt: line {}: unknown section [{}]",
                        entry.line, entry.section
                    )
                })?;
                phrase += 1;
                let tag = Tag {
                    phrase,
                    language: index as u8,
                    category,
                };
                builder.add(entry.phrase, entry.stem, casing, tag);
                if category == Category::Cookie {
                    gate.add(entry.phrase, entry.stem, casing, ());
                }
            }
        }
        Ok((
            Lexicon {
                matcher: builder.build(),
                gate: gate.build_gate(),
            },
            ui,
        ))
    }
}
