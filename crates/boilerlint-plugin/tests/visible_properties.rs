//! Properties of the text plugins read (`boilerlint_plugin::invisible::visible`: without the
//! characters that render as nothing and Markdown's marks, with combining accents composed), on
//! generated texts that mix them with letters, marks that do and do not compose, and other
//! scripts: the promises `boilerlint_plugin::invariants::check_visible` writes (which the fuzz
//! target `visible` checks too).

use boilerlint_plugin::invariants::check_visible;
use proptest::prelude::*;
use proptest::sample::select;

/// Letters, accents that compose with some of them (acute, circumflex, horn, dot below,
/// cedilla), characters left out, other scripts, and Markdown's link and bold marks.
const PIECES: &[&str] = &[
    "e",
    "u",
    "o",
    "q",
    "C",
    "\u{301}",
    "\u{302}",
    "\u{31b}",
    "\u{323}",
    "\u{327}",
    "\u{AD}",
    "\u{200B}",
    "\u{200F}",
    "\u{2066}",
    "\u{FEFF}",
    "\n",
    " ",
    "漢",
    "é",
    "ể",
    "👍🏽",
    "ا",
    "[",
    "](u)",
    "](",
    ")",
    "!",
    "**",
    "\u{A0}",
    "\u{202F}",
    "\u{2009}",
    "&",
    ";",
    "&amp;",
    "&nbsp;",
    "&shy;",
    "&#769;",
    "&#x1F600;",
    "nbsp",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(PIECES), 0..24).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn ranges_map_onto_the_original(text in text()) {
        if let Err(problem) = check_visible(&text) {
            return Err(TestCaseError::fail(format!("{problem}: {text:?}")));
        }
    }
}
