//! What the fuzz targets need beside the checkers: fuzz bytes turned into fixes on valid
//! ranges. The invariants themselves are `boilerlint_plugin::invariants`, which the property
//! tests in `crates/boilerlint-plugin/tests/fix_properties.rs` run too.

use std::ops::Range;

use boilerlint_core::fix::{Edit, Fix};
use boilerlint_core::Applicability;
use boilerlint_plugin::invariants::{edit_range, EditKind};
use boilerlint_plugin::segment;

/// Fixes on valid ranges, from fuzz bytes: four bytes an edit (kind, two positions,
/// replacement); a kind with bit 3 set adds the edit to the previous fix.
pub fn build_fixes(text: &str, bytes: &[u8]) -> Vec<Fix> {
    const KINDS: [EditKind; 5] = [
        EditKind::Span,
        EditKind::Lines,
        EditKind::LinesWithBreak,
        EditKind::Paragraphs,
        EditKind::All,
    ];
    let mut fixes: Vec<Fix> = Vec::new();
    for (k, r) in bytes.chunks_exact(4).enumerate() {
        let (kind, a, b) = (r[0], usize::from(r[1]), usize::from(r[2]));
        let range = edit_range(text, KINDS[usize::from(kind % 5)], a, b);
        // A replacement is a marker found nowhere else, to check it lands once.
        let replacement = if r[3] % 4 == 0 {
            format!("⟦{k}⟧")
        } else {
            String::new()
        };
        let edit = Edit { range, replacement };
        match fixes.last_mut() {
            Some(last) if kind & 8 != 0 => last.edits.push(edit),
            _ => fixes.push(Fix {
                applicability: Applicability::Safe,
                edits: vec![edit],
            }),
        }
    }
    fixes
}

/// Which paragraphs to delete, from fuzz bytes: bit `k % 8` of byte `k / 8` (cycling) picks
/// paragraph `k`; none without bytes.
pub fn picked_paragraphs(text: &str, mask: &[u8]) -> Vec<bool> {
    if mask.is_empty() {
        return Vec::new();
    }
    (0..segment(text).paragraphs.len())
        .map(|k| mask[(k / 8) % mask.len()] & (1 << (k % 8)) != 0)
        .collect()
}

/// `start..end` as a range, if valid for `text`.
pub fn valid_range(text: &str, range: &Range<u64>) -> Option<Range<usize>> {
    let (start, end) = (
        usize::try_from(range.start).ok()?,
        usize::try_from(range.end).ok()?,
    );
    (start <= end
        && end <= text.len()
        && text.is_char_boundary(start)
        && text.is_char_boundary(end))
    .then_some(start..end)
}
