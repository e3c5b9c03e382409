//! A second opinion on close relatives: a second identifier (lingua's n-gram models of one to
//! five characters, which tell Danish from Norwegian and Croatian from Slovene on a sentence),
//! asked only where the cheap evidence and the first identifier are unsure, and choosing only
//! among the main language and its close relatives.
//!
//! Each main language's detector is built once per plugin instance, on its first question; the
//! models are compiled into the plugin and read in place.

use lingua::Language;
use std::sync::OnceLock;

/// The languages the second identifier knows, by ISO 639-1 code (each needs its model among
/// the crate's features in Cargo.toml). Galician and Basque have no model.
const MODELS: &[(&str, Language)] = &[
    ("cs", Language::Czech),
    ("sk", Language::Slovak),
    ("pl", Language::Polish),
    ("da", Language::Danish),
    ("nb", Language::Bokmal),
    ("nn", Language::Nynorsk),
    ("sv", Language::Swedish),
    ("hr", Language::Croatian),
    ("bs", Language::Bosnian),
    ("sl", Language::Slovene),
    ("id", Language::Indonesian),
    ("ms", Language::Malay),
    ("de", Language::German),
    ("nl", Language::Dutch),
    ("af", Language::Afrikaans),
    ("lv", Language::Latvian),
    ("lt", Language::Lithuanian),
];

/// The groups of languages the second identifier chooses among: a paragraph is asked about
/// the languages of its main language's group only. Wider than the rule's close relatives
/// (Croatian and Slovak paragraphs vote alike by their function words).
const GROUPS: &[&[&str]] = &[
    &["cs", "sk", "pl", "hr", "bs", "sl"],
    &["da", "nb", "nn", "sv"],
    &["id", "ms"],
    &["de", "nl", "af"],
    &["lv", "lt"],
];

/// The group of a language, by its script where it has two (Serbian in Latin letters is
/// with Croatian).
pub fn group_of(code: &str, latin: bool) -> Option<usize> {
    if code == "sr" && latin {
        return Some(0);
    }
    GROUPS.iter().position(|group| group.contains(&code))
}

/// The second identifier's answer: the likeliest language among the group's, and its share
/// of the confidence (the group's shares add up to 1; Croatian and Bosnian count as one).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Choice {
    pub language: &'static str,
    pub confidence: f64,
}

/// The second identifier, one detector per group, built on first use.
pub struct Second {
    detectors: Vec<OnceLock<lingua::LanguageDetector>>,
}

impl Second {
    pub fn new() -> Second {
        Second {
            detectors: GROUPS.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Whether group `group` holds `code`.
    pub fn covers(group: usize, code: &str) -> bool {
        GROUPS
            .get(group)
            .is_some_and(|languages| languages.contains(&code))
    }

    /// The likeliest language of `text` among those of group `group` (see [`group_of`]).
    pub fn choose(&self, text: &str, group: usize) -> Option<Choice> {
        let detector = self.detectors.get(group)?.get_or_init(|| {
            let languages: Vec<Language> = GROUPS[group]
                .iter()
                .filter_map(|code| model(code))
                .collect();
            lingua::LanguageDetectorBuilder::from_languages(&languages).build()
        });
        let values = detector.compute_language_confidence_values(text);
        let (language, confidence) = values.first()?;
        let code = MODELS.iter().find(|(_, l)| l == language)?.0;
        // Croatian and Bosnian, which it barely tells apart, split their share.
        let confidence = if matches!(code, "hr" | "bs") {
            values
                .iter()
                .filter(|(l, _)| matches!(l, Language::Croatian | Language::Bosnian))
                .map(|(_, c)| c)
                .sum()
        } else {
            *confidence
        };
        (confidence > 0.0).then_some(Choice {
            language: code,
            confidence,
        })
    }
}

/// The model of a language, if the second identifier has one.
fn model(code: &str) -> Option<Language> {
    MODELS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// Whether the second identifier's `answer` names `main`: Croatian and Bosnian, which it
/// cannot tell apart well, are one; so is either for Serbian in Latin letters (its model is of
/// Cyrillic Serbian).
pub fn same(answer: &str, main: &str) -> bool {
    answer == main || matches!((answer, main), ("hr" | "bs", "hr" | "bs" | "sr"))
}

impl Default for Second {
    fn default() -> Self {
        Second::new()
    }
}

#[cfg(test)]
mod tests {
    use super::{group_of, same, Second};

    #[test]
    fn it_chooses_among_close_relatives() {
        let second = Second::new();
        let nordic = group_of("nb", true).unwrap();
        let slavic = group_of("hr", true).unwrap();
        for (text, group, want) in [
            (
                "Regjeringen la i dag fram et forslag om å styrke bemanningen i sykehusene.",
                nordic,
                "nb",
            ),
            (
                "Regeringen fremlagde i dag et forslag om at styrke bemandingen på sygehusene.",
                nordic,
                "da",
            ),
            (
                "Regjeringa la i dag fram eit forslag om å styrkje bemanninga på sjukehusa.",
                nordic,
                "nn",
            ),
            (
                "Vlada je danas predstavila prijedlog zakona o jačanju zdravstvenog sustava.",
                slavic,
                "hr",
            ),
            (
                "Vlada je danes predstavila predlog zakona o krepitvi zdravstvenega sistema.",
                slavic,
                "sl",
            ),
        ] {
            let choice = second.choose(text, group).unwrap();
            assert_eq!(choice.language, want, "{text}");
            assert!(
                choice.confidence > 0.5 && choice.confidence <= 1.0 + 1e-9,
                "{choice:?}"
            );
        }
    }

    #[test]
    fn croatian_bosnian_and_latin_serbian_are_one() {
        assert!(same("hr", "sr") && same("bs", "hr") && same("hr", "bs"));
        assert!(!same("sl", "hr") && !same("sr", "hr"));
        assert_eq!(group_of("sr", true), group_of("hr", true));
        assert_ne!(group_of("sr", false), group_of("hr", false));
        assert_eq!(group_of("gl", true), None);
    }
}
