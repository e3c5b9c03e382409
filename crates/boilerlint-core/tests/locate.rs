//! Every finding the ABI allows has a location: the host turns any in-bounds range on character
//! boundaries into lines and a column without panicking, on any document, including the empty
//! one, a byte-order mark alone, and empty ranges at the start and at the very end.

use boilerlint_core::{locate, Location};
use boilerlint_plugin::segment;
use proptest::prelude::*;
use proptest::sample::select;

/// Small documents built from the pieces that make line and BOM handling hard.
fn document() -> impl Strategy<Value = String> {
    let piece = select(vec![
        "\u{feff}", "\n", "\r\n", "\r", " ", "a", "ç", "日", "👍🏽", "\n\n",
    ]);
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

/// A document and a valid range in it: both ends on character boundaries, start <= end.
fn document_and_range() -> impl Strategy<Value = (String, std::ops::Range<usize>)> {
    document().prop_flat_map(|text| {
        let mut boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        boundaries.push(text.len());
        let n = boundaries.len();
        (Just(text), 0..n, 0..n).prop_map(move |(text, a, b)| {
            let (a, b) = (boundaries[a.min(b)], boundaries[a.max(b)]);
            (text, a..b)
        })
    })
}

fn check(text: &str, range: std::ops::Range<usize>) -> Result<Location, TestCaseError> {
    let segments = segment(text);
    let location = locate(text, &segments, &range);
    let lines = segments.lines.len().max(1);
    prop_assert!(location.line_start >= 1 && location.column >= 1);
    prop_assert!(location.line_start <= location.line_end && location.line_end <= lines);
    Ok(location)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_valid_range_of_any_small_document_has_a_location(
        (text, range) in document_and_range()
    ) {
        check(&text, range)?;
    }
}

#[test]
fn empty_and_bom_only_documents_and_ranges_at_the_end() {
    let first = Location {
        line_start: 1,
        line_end: 1,
        column: 1,
    };
    for text in ["", "\u{feff}", "\u{feff}\u{feff}"] {
        assert_eq!(check(text, 0..0).unwrap(), first, "{text:?}");
        assert_eq!(check(text, text.len()..text.len()).unwrap().line_start, 1);
    }
    assert_eq!(check("\u{feff}", 0..3).unwrap(), first);
    // An empty range after the final line break is on the last line.
    let end = check("one\ntwo\n", 8..8).unwrap();
    assert_eq!((end.line_start, end.line_end, end.column), (2, 2, 5));
    assert_eq!(check("one\ntwo", 7..7).unwrap().column, 4);
}
