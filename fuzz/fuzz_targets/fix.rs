//! Bytes → a text and fixes on valid ranges (as the host hands them over): `apply_fixes` never
//! panics and keeps its promises; deleting whole paragraphs is clean and needs no second pass.
//!
//! The first byte is the text's length; the text follows (lossily UTF-8), then the fixes (four
//! bytes each, see `build_fixes`), whose bytes also pick the paragraphs to delete.

#![no_main]

use boilerlint_core::fix::apply_fixes;
use boilerlint_plugin::invariants::{check_fixed, check_unit_deletion, Unit};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&len, rest)) = data.split_first() else {
        return;
    };
    let (text, rest) = rest.split_at(usize::from(len).min(rest.len()));
    let text = String::from_utf8_lossy(text);
    let fixes = boilerlint_fuzz::build_fixes(&text, rest);
    let fixed = apply_fixes(&text, &fixes.iter().collect::<Vec<_>>());
    if let Err(problem) = check_fixed(&text, &fixes, &fixed, true) {
        panic!("{problem}: {text:?} with {fixes:?}");
    }
    let picked = boilerlint_fuzz::picked_paragraphs(&text, rest);
    if let Err(problem) = check_unit_deletion(&text, Unit::Paragraph, &picked, &[], false) {
        panic!("{problem}: {text:?} less paragraphs {picked:?}");
    }
});
