//! Properties of the text plugins read (`boilerlint_plugin::invisible::visible`: without the
//! characters that render as nothing, with combining accents composed), on generated texts
//! that mix them with letters, marks that do and do not compose, and other scripts: every
//! range of the visible text on character boundaries maps onto character boundaries of the
//! original, in order, and the view holds none of the characters left out (and, without
//! Markdown's marks, is the rest composed).

use boilerlint_plugin::invisible::{markdown_marks, visible, INVISIBLE};
use proptest::prelude::*;
use proptest::sample::select;
use unicode_normalization::UnicodeNormalization;

/// Letters, accents that compose with some of them (acute, circumflex, horn, dot below,
/// cedilla), characters left out, other scripts, and Markdown's link and bold marks.
const PIECES: &[&str] = &[
    "e", "u", "o", "q", "C", "\u{301}", "\u{302}", "\u{31b}", "\u{323}", "\u{327}", "\u{AD}",
    "\u{200B}", "\u{200F}", "\u{2066}", "\u{FEFF}", "\n", " ", "漢", "é", "ể", "👍🏽", "ا", "[",
    "](u)", "](", ")", "!", "**",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(PIECES), 0..24).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn ranges_map_onto_the_original(text in text()) {
        let Some(v) = visible(&text) else {
            // Read as it is: nothing to leave out, nothing to compose.
            prop_assert!(!text.chars().any(|c| INVISIBLE.contains(&c)));
            prop_assert_eq!(text.nfc().collect::<String>(), text.clone());
            return Ok(());
        };
        prop_assert!(!v.text.chars().any(|c| INVISIBLE.contains(&c)));
        if markdown_marks(&text).is_empty() {
            let without: String = text.chars().filter(|c| !INVISIBLE.contains(c)).collect();
            prop_assert_eq!(v.text.clone(), without.nfc().collect::<String>());
        }
        prop_assert_eq!(v.original(0..v.text.len()), 0..text.len());
        let mut last = (0, 0);
        for s in (0..=v.text.len()).filter(|&i| v.text.is_char_boundary(i)) {
            for e in (s..=v.text.len()).filter(|&i| v.text.is_char_boundary(i)) {
                let r = v.original(s..e);
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                prop_assert!(r.start <= r.end && r.end <= text.len());
                if e == s {
                    // Starts move forward with the visible text's.
                    prop_assert!(r.start >= last.0, "{}..{}: {:?}", s, e, r);
                    last = (r.start, r.end);
                }
            }
        }
    }
}
