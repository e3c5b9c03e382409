//! Properties of fix application (`boilerlint_plugin::fix`, the one applier the engine and the
//! SDK's test helpers share) and of segmentation
//! (`boilerlint_plugin::segment`), on generated texts that stress what scraped text holds: LF,
//! CRLF, mixed and lone-CR line endings, a byte-order mark, blank and whitespace-only lines (with
//! Unicode spaces), no final newline, and multi-byte UTF-8 (Turkish, CJK, emoji).
//!
//! The promises under test are written once, as the checkers of
//! `boilerlint_plugin::invariants` (which the fuzz targets run too); this file generates the
//! texts and edits.

use boilerlint_plugin::fix::{apply_fixes, Edit, Fix, Fixed};
use boilerlint_plugin::invariants::{
    check_fixed, check_segments, check_unit_deletion, edit_range, EditKind as Kind, Unit, BOM,
};
use boilerlint_plugin::Applicability;
use proptest::prelude::*;
use proptest::sample::select;

// ---------------------------------------------------------------------------------------------
// Generated texts

/// Words in several scripts, and a zero-width space (not whitespace to `str::trim`). The BOM
/// character inside the text is left to `soup`: a line of it that becomes the first one is read
/// as a byte-order mark, so line-level comparisons do not hold for it.
const WORDS: &[&str] = &[
    "Ad",
    "cookie",
    "Reklam",
    "çerezler",
    "İzin",
    "ığüşöç",
    "漢字",
    "日本語です",
    "👍🏽",
    "🇹🇷",
    "é",
    "x",
    "\u{200b}",
];
/// Whitespace that `str::trim` removes, lone CR included: lines of these are blank.
const SPACES: &[&str] = &[" ", "\t", "\r", "\u{a0}", "\u{3000}", "\u{85}", "\u{2028}"];
const SEPARATORS: &[&str] = &[" ", " ", " ", "\r", "\t", ""];

fn spaces() -> impl Strategy<Value = String> {
    prop::collection::vec(select(SPACES), 0..3).prop_map(|v| v.concat())
}

/// One line's content, without its terminator: blank (maybe whitespace) or words.
fn line() -> impl Strategy<Value = String> {
    let words = prop::collection::vec((select(WORDS), select(SEPARATORS)), 1..5);
    prop_oneof![
        1 => spaces(),
        3 => (spaces(), words, spaces()).prop_map(|(lead, words, trail)| {
            let mut line = lead;
            for (i, (word, sep)) in words.iter().enumerate() {
                if i > 0 {
                    line.push_str(sep);
                }
                line.push_str(word);
            }
            line + &trail
        }),
    ]
}

#[derive(Clone, Copy, Debug)]
enum Endings {
    Lf,
    Crlf,
    Mixed,
}

/// A text of lines: optional BOM, LF, CRLF or mixed endings, with or without a final newline.
fn text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec((line(), any::<bool>()), 0..12),
        prop_oneof![Just(Endings::Lf), Just(Endings::Crlf), Just(Endings::Mixed)],
        any::<bool>(),
    )
        .prop_map(|(bom, lines, endings, final_newline)| {
            let mut text = String::new();
            if bom {
                text.push_str(BOM);
            }
            let last = lines.len().saturating_sub(1);
            for (i, (line, crlf)) in lines.iter().enumerate() {
                text.push_str(line);
                if i < last || final_newline {
                    let crlf = match endings {
                        Endings::Lf => false,
                        Endings::Crlf => true,
                        Endings::Mixed => *crlf,
                    };
                    text.push_str(if crlf { "\r\n" } else { "\n" });
                }
            }
            text
        })
}

/// Any mix of the troublesome pieces, in any order (CR and LF apart, BOMs anywhere).
fn soup() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "a", "Ad", " ", "\t", "\r", "\n", "\r\n", "\u{feff}", "ı", "漢", "👍🏽", "\u{a0}",
    ];
    prop::collection::vec(select(PIECES), 0..40).prop_map(|v| v.concat())
}

// ---------------------------------------------------------------------------------------------
// Generated findings: each a fix of one or two edits, on ranges derived from the text.

#[derive(Clone, Debug)]
struct EditSpec {
    kind: Kind,
    a: usize,
    b: usize,
    replace: bool,
}

fn edit_spec() -> impl Strategy<Value = EditSpec> {
    (
        prop_oneof![
            3 => Just(Kind::Span),
            2 => Just(Kind::Lines),
            1 => Just(Kind::LinesWithBreak),
            2 => Just(Kind::Paragraphs),
            1 => Just(Kind::All),
        ],
        any::<usize>(),
        any::<usize>(),
        prop::bool::weighted(0.25),
    )
        .prop_map(|(kind, a, b, replace)| EditSpec {
            kind,
            a,
            b,
            replace,
        })
}

fn fix_specs() -> impl Strategy<Value = Vec<Vec<EditSpec>>> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::collection::vec(edit_spec(), 1..2),
            1 => prop::collection::vec(edit_spec(), 2..3),
        ],
        0..6,
    )
}

/// The fixes the specs describe on `text`. A replacement is a marker `⟦n⟧` that occurs nowhere
/// else, so the output shows where (and whether) it went.
fn build_fixes(text: &str, specs: &[Vec<EditSpec>]) -> Vec<Fix> {
    let mut markers = 0;
    specs
        .iter()
        .map(|edits| Fix {
            applicability: Applicability::Safe,
            edits: edits
                .iter()
                .map(|spec| Edit {
                    range: edit_range(text, spec.kind, spec.a, spec.b),
                    replacement: if spec.replace {
                        markers += 1;
                        format!("⟦{markers}⟧")
                    } else {
                        String::new()
                    },
                })
                .collect(),
        })
        .collect()
}

fn fix(text: &str, fixes: &[Fix]) -> Fixed {
    apply_fixes(text, &fixes.iter().collect::<Vec<_>>())
}

/// A checker's error as a test failure.
fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        // Failures are turned into unit tests in `fix.rs` and `document.rs`, not saved here.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn segmentation_covers_the_text(text in text()) {
        check_segments(&text).map_err(fail)?;
    }

    #[test]
    fn segmentation_covers_any_mix_of_line_breaks(text in soup()) {
        check_segments(&text).map_err(fail)?;
    }

    #[test]
    fn segmentation_covers_any_string(text in any::<String>()) {
        check_segments(&text).map_err(fail)?;
    }

    #[test]
    fn fixes_keep_every_unflagged_byte(text in text(), specs in fix_specs()) {
        let fixes = build_fixes(&text, &specs);
        let fixed = fix(&text, &fixes);
        check_fixed(&text, &fixes, &fixed, true).map_err(fail)?;
    }

    #[test]
    fn fixes_keep_every_unflagged_byte_of_any_mix(text in soup(), specs in fix_specs()) {
        let fixes = build_fixes(&text, &specs);
        let fixed = fix(&text, &fixes);
        check_fixed(&text, &fixes, &fixed, true).map_err(fail)?;
    }

    #[test]
    fn fixes_do_not_depend_on_the_order_of_deletions(
        text in text(),
        specs in prop::collection::vec(
            edit_spec().prop_map(|mut e| { e.replace = false; vec![e] }),
            0..6,
        ),
    ) {
        let fixes = build_fixes(&text, &specs);
        let mut reversed = fixes.clone();
        reversed.reverse();
        prop_assert_eq!(fix(&text, &fixes).text, fix(&text, &reversed).text);
    }

    #[test]
    fn deleting_paragraphs_is_clean_and_idempotent(
        text in text(),
        pick in prop::collection::vec(any::<bool>(), 0..12),
        join in prop::collection::vec(any::<bool>(), 0..12),
        duplicate in any::<bool>(),
    ) {
        check_unit_deletion(&text, Unit::Paragraph, &pick, &join, duplicate).map_err(fail)?;
    }

    #[test]
    fn deleting_lines_is_clean_and_idempotent(
        text in text(),
        pick in prop::collection::vec(any::<bool>(), 0..12),
        join in prop::collection::vec(any::<bool>(), 0..12),
        duplicate in any::<bool>(),
    ) {
        check_unit_deletion(&text, Unit::Line, &pick, &join, duplicate).map_err(fail)?;
    }
}

/// The checkers fail where they should: a byte lost outside the edits, a paragraph that
/// segmentation would not make.
#[test]
fn the_checkers_catch_a_broken_promise() {
    let text = "Keep this.\n\nDrop this.\n";
    let fixes = vec![Fix {
        applicability: Applicability::Safe,
        edits: vec![Edit {
            range: 12..22,
            replacement: String::new(),
        }],
    }];
    let mut fixed = fix(text, &fixes);
    assert_eq!(fixed.text, "Keep this.\n");
    check_fixed(text, &fixes, &fixed, true).unwrap();
    fixed.text = "Keep tis.\n".into();
    assert!(check_fixed(text, &fixes, &fixed, true).is_err());
    check_segments(text).unwrap();
}
