//! Two plain baselines that `eval --baselines` scores beside the rules, exactly as it scores a
//! rule: a rule that does not beat the plain method it stands for is not worth its complexity.
//!
//! Each baseline flags whole lines (1-based line numbers, as the engine's segmentation counts
//! them) and is scored against the labels of the rule it stands for.

use boilerlint_plugin::Segments;

/// The name `baseline:whatlang` is reported under, and the rule whose labels it is scored on.
pub const WHATLANG: (&str, &str) = ("baseline:whatlang", "off-language");
/// The name `baseline:c4-policy` is reported under, and the rule whose labels it is scored on.
pub const C4_POLICY: (&str, &str) = ("baseline:c4-policy", "cookie-banner");

/// Paragraphs shorter than this many characters are not looked at by [`whatlang()`]: the
/// threshold of the plain "language of every paragraph" method issue 13 measures against.
pub const MIN_PARAGRAPH_CHARS: usize = 40;

/// The substrings of C4's policy-line rule, as datatrove's `C4QualityFilter(filter_policy=True)`
/// lists them (the filter `bench/datatrove_c4.py` runs): a line holding one of them, in any
/// case, is dropped.
pub const C4_POLICY_SUBSTRINGS: &[&str] = &[
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
];

/// `baseline:whatlang`, the plain method for `off-language`: the document's main language is
/// `main` (given, e.g. from the labels) or else whatlang's guess on the whole text; every
/// paragraph (a run of non-blank lines) of [`MIN_PARAGRAPH_CHARS`] characters or more is
/// identified with whatlang, and all its lines are flagged when whatlang calls its guess
/// reliable (`Info::is_reliable`) and the language (as an ISO 639-1 code) differs from the
/// main one. Nothing is flagged when the main language is unknown. A document that is one run
/// of non-blank lines has its paragraphs on single lines, as web corpora store text: each line
/// is one.
pub fn whatlang(text: &str, segments: &Segments, main: Option<&str>) -> Vec<usize> {
    let detected;
    let main = match main {
        Some(main) => main,
        None => match whatlang::detect(text) {
            Some(info) => {
                detected = code(info.lang());
                detected.as_str()
            }
            None => return Vec::new(),
        },
    };
    // Each paragraph as its lines: its first line's number (1-based) and how many.
    let units: Vec<(usize, usize, &str)> = if segments.paragraphs.len() == 1 {
        (segments.lines.iter().enumerate())
            .map(|(i, span)| (i + 1, 1, &text[span.start as usize..span.end as usize]))
            .collect()
    } else {
        (segments.paragraphs.iter())
            .map(|p| {
                let body = &text[p.span.start as usize..p.span.end as usize];
                (p.first_line as usize + 1, p.line_count as usize, body)
            })
            .collect()
    };
    let mut flagged = Vec::new();
    for (first, count, body) in units {
        if body.chars().count() < MIN_PARAGRAPH_CHARS {
            continue;
        }
        let Some(info) = whatlang::detect(body) else {
            continue;
        };
        if info.is_reliable() && code(info.lang()) != main {
            flagged.extend(first..first + count);
        }
    }
    flagged
}

/// `baseline:c4-policy`, the plain method for `cookie-banner`: C4's policy-line rule. A line
/// whose lowercase form contains one of [`C4_POLICY_SUBSTRINGS`] is flagged.
pub fn c4_policy(text: &str, segments: &Segments) -> Vec<usize> {
    segments
        .lines
        .iter()
        .enumerate()
        .filter(|(_, span)| {
            let line = text[span.start as usize..span.end as usize].to_lowercase();
            C4_POLICY_SUBSTRINGS.iter().any(|s| line.contains(s))
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// A whatlang language as an ISO 639-1 code (its ISO 639-3 code when it has none).
fn code(lang: whatlang::Lang) -> String {
    boilerlint_lexicon::iso639_1(lang.code())
        .unwrap_or(lang.code())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use boilerlint_plugin::segment;

    #[test]
    fn c4_flags_policy_lines_in_any_case() {
        let text =
            "An article.\nThis site USES COOKIES.\nRead our Privacy Policy\nCookies are baked.\n";
        assert_eq!(c4_policy(text, &segment(text)), [2, 3]);
    }

    const ENGLISH_1: &str =
        "The council approved the new budget for the city's schools on Tuesday \
        evening, after a long debate about teachers' salaries and the cost of repairs.";
    const ENGLISH_2: &str =
        "The new budget adds money for the repair of roofs and heating systems \
        in the oldest buildings, which the parents' association has asked for since 2019.";
    const GERMAN: &str =
        "Der Stadtrat hat am Dienstagabend den neuen Haushalt für die Schulen der \
        Stadt\nnach einer langen Debatte über die Gehälter der Lehrer beschlossen.";

    #[test]
    fn whatlang_flags_paragraphs_in_another_language_than_the_main_one() {
        let text = format!("{ENGLISH_1}\n\n{GERMAN}\n\nKurz: ja.\n\n{ENGLISH_2}\n");
        let segments = segment(&text);
        // The German paragraph is lines 3-4; "Kurz: ja." is too short to be looked at.
        assert_eq!(whatlang(&text, &segments, Some("en")), [3, 4]);
        assert_eq!(whatlang(&text, &segments, Some("de")), [1, 8]);
    }

    #[test]
    fn whatlang_judges_each_line_of_a_document_without_blank_lines() {
        let german = GERMAN.replace('\n', " ");
        let text = format!("{ENGLISH_1}\n{german}\n{ENGLISH_2}\n");
        assert_eq!(whatlang(&text, &segment(&text), Some("en")), [2]);
    }

    #[test]
    fn whatlang_guesses_the_main_language_when_not_given() {
        let text = format!("{ENGLISH_1}\n\n{ENGLISH_2}\n");
        assert!(whatlang(&text, &segment(&text), None).is_empty());
        assert_eq!(whatlang(&text, &segment(&text), Some("de")), [1, 3]);
    }
}
