//! Applying fixes: edits on byte ranges, with deletions of whole lines and paragraphs made clean.
//!
//! The promise: every byte outside the edited ranges is kept, in order; a deletion that covers
//! whole lines takes their line breaks along, and the blank lines that separated a removed
//! paragraph from its neighbours are collapsed so no run of blank lines (nor a leading or a
//! trailing blank line) is left behind. A byte-order mark and the line-ending style are kept.
//!
//! This is the one applier: the host's engine (`boilerlint check --fix`) and the SDK's
//! [`testing`](crate::testing) helpers both call [`apply_fixes`], in rounds of at most
//! [`MAX_ROUNDS`], so a plugin's `assert_fixed` shows exactly the text the host writes.

use std::ops::Range;

use crate::Applicability;

/// How many times the fixes are applied to one document at the most: after each round the
/// rules check the fixed text again (a fix may uncover or join more contamination), until a
/// round changes nothing.
pub const MAX_ROUNDS: usize = 10;

/// Replace `range` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// What replaces it; empty for a deletion.
    pub replacement: String,
}

/// The edits that fix one finding, applied all together or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Whether `--fix` applies it.
    pub applicability: Applicability,
    /// Its edits.
    pub edits: Vec<Edit>,
}

/// The result of [`apply_fixes`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    /// The fixed text.
    pub text: String,
    /// For each fix given, whether it was applied (false: it conflicted with an earlier one).
    pub applied: Vec<bool>,
    /// The edits made, in the input's offsets, sorted: deletions as they were widened (to whole
    /// lines, over blank-line runs) and merged, and replacements. An insertion at a point that
    /// a deletion covers is listed with its own (empty) range; its text went where the
    /// deletion was. [`Changes`] follows bytes through them.
    pub edits: Vec<Edit>,
}

const BOM: &str = "\u{feff}";

/// Applies `fixes` to `text`. Fixes whose edits overlap an earlier fix's replacement are
/// skipped (overlapping deletions merge), and so is a fix whose replacement overlaps another of
/// its own edits. Every edit range must be valid for `text` (the host validated them).
pub fn apply_fixes(text: &str, fixes: &[&Fix]) -> Fixed {
    let doc = Text::new(text);
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| fixes[i].edits.iter().map(|e| e.range.start).min());

    let mut deletions: Vec<Range<usize>> = Vec::new();
    let mut replacements: Vec<Edit> = Vec::new();
    let mut applied = vec![false; fixes.len()];
    for i in order {
        let edits: Vec<Edit> = fixes[i]
            .edits
            .iter()
            .map(|e| Edit {
                range: if e.replacement.is_empty() {
                    doc.whole_lines(e.range.clone())
                } else {
                    e.range.clone()
                },
                replacement: e.replacement.clone(),
            })
            .collect();
        // A fix conflicts with earlier fixes, and with itself: a replacement overlapping one of
        // its own edits could not be applied whole.
        let (fix_deletions, fix_replacements) = (deletions.len(), replacements.len());
        let mut conflicts = false;
        for edit in edits {
            conflicts |= replacements.iter().any(|r| overlaps(&r.range, &edit.range))
                || (!edit.replacement.is_empty()
                    && deletions.iter().any(|d| overlaps(d, &edit.range)));
            if edit.replacement.is_empty() {
                deletions.push(edit.range);
            } else {
                replacements.push(edit);
            }
        }
        if conflicts {
            deletions.truncate(fix_deletions);
            replacements.truncate(fix_replacements);
        } else {
            applied[i] = true;
        }
    }

    // Collapse blank lines until nothing more grows: two deletions that the blank lines between
    // them joined make one, which may now reach the end of the text (or its start).
    let mut deletions = merge(deletions);
    loop {
        let grown = merge(
            deletions
                .iter()
                .map(|d| doc.collapse_blank_lines(d.clone(), &replacements))
                .collect(),
        );
        if grown == deletions {
            break;
        }
        deletions = grown;
    }

    let mut edits: Vec<Edit> = replacements;
    edits.extend(deletions.into_iter().map(|range| Edit {
        range,
        replacement: String::new(),
    }));
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in &edits {
        if edit.range.start < at {
            // An insertion at a point a deletion grew over (blank lines collapsed, or deletions
            // merged around it) goes where that deletion was. Nothing else overlaps a deletion.
            debug_assert!(edit.range.is_empty(), "{edit:?} overlaps a deletion");
            if edit.range.is_empty() {
                out.push_str(&edit.replacement);
            }
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    Fixed {
        text: out,
        applied,
        edits,
    }
}

/// What fixes did to the bytes of an original text, followed through one or more rounds of
/// [`apply_fixes`] (each round edits the previous round's output): which bytes of the
/// original were deleted, which were replaced, and so which are still there unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Deleted ranges of the original text, sorted and merged.
    deleted: Vec<Range<usize>>,
    /// Replaced ranges of the original text, sorted and merged.
    replaced: Vec<Range<usize>>,
    /// The stretches of the current text copied unchanged from the original, in order:
    /// (start in the current text, start in the original, length).
    pieces: Vec<(usize, usize, usize)>,
}

impl Changes {
    /// No change yet to a text of `len` bytes.
    pub fn new(len: usize) -> Changes {
        Changes {
            pieces: if len == 0 { vec![] } else { vec![(0, 0, len)] },
            ..Changes::default()
        }
    }

    /// Records one round's edits ([`Fixed::edits`]), made on the current text: the output of
    /// the rounds recorded before.
    pub fn record(&mut self, edits: &[Edit]) {
        // 1. The original bytes under each edit (bytes an earlier replacement wrote have none).
        for edit in edits.iter().filter(|e| !e.range.is_empty()) {
            for &(cur, orig, len) in &self.pieces {
                let (start, end) = (edit.range.start.max(cur), edit.range.end.min(cur + len));
                if start < end {
                    let range = orig + (start - cur)..orig + (end - cur);
                    if edit.replacement.is_empty() {
                        self.deleted.push(range);
                    } else {
                        self.replaced.push(range);
                    }
                }
            }
        }
        self.deleted = merge(std::mem::take(&mut self.deleted));
        self.replaced = merge(std::mem::take(&mut self.replaced));
        // 2. What is left of each piece, moved to its place in the new text: shifted by what
        //    the edits that end before it added or removed.
        let mut ends: Vec<(usize, isize)> = edits
            .iter()
            .map(|e| {
                (
                    e.range.end,
                    e.replacement.len() as isize - e.range.len() as isize,
                )
            })
            .collect();
        ends.sort_by_key(|&(end, _)| end);
        let mut total = 0;
        for (_, delta) in &mut ends {
            total += *delta;
            *delta = total;
        }
        let shift = |at: usize| match ends.partition_point(|&(end, _)| end <= at) {
            0 => 0,
            n => ends[n - 1].1,
        };
        let mut pieces = Vec::with_capacity(self.pieces.len() + edits.len());
        for &(cur, orig, len) in &self.pieces {
            let mut start = cur;
            let end = cur + len;
            for edit in edits.iter().filter(|e| !e.range.is_empty()) {
                if edit.range.end <= start || edit.range.start >= end {
                    continue;
                }
                if edit.range.start > start {
                    pieces.push((start, orig + (start - cur), edit.range.start - start));
                }
                start = start.max(edit.range.end);
            }
            if start < end {
                pieces.push((start, orig + (start - cur), end - start));
            }
        }
        for piece in &mut pieces {
            piece.0 = (piece.0 as isize + shift(piece.0)) as usize;
        }
        self.pieces = pieces;
    }

    /// The deleted ranges of the original text, sorted and merged.
    pub fn deleted(&self) -> &[Range<usize>] {
        &self.deleted
    }

    /// The replaced ranges of the original text, sorted and merged.
    pub fn replaced(&self) -> &[Range<usize>] {
        &self.replaced
    }

    /// Whether no byte of `range` (in the original text) was deleted or replaced.
    pub fn is_unchanged(&self, range: Range<usize>) -> bool {
        let touches = |ranges: &[Range<usize>]| {
            let i = ranges.partition_point(|r| r.end <= range.start);
            ranges.get(i).is_some_and(|r| r.start < range.end)
        };
        !touches(&self.deleted) && !touches(&self.replaced)
    }

    /// Whether the byte at `offset` (in the original text) was deleted.
    pub fn is_deleted(&self, offset: usize) -> bool {
        let i = self.deleted.partition_point(|r| r.end <= offset);
        self.deleted.get(i).is_some_and(|r| r.start <= offset)
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || (a == b)
}

/// Sorts ranges and merges those that overlap or touch.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| !r.is_empty());
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

struct Text<'a> {
    text: &'a str,
    /// Where the first line starts: after a byte-order mark.
    start: usize,
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Text<'a> {
        let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
        Text { text, start }
    }

    /// Start of the line holding `pos`.
    fn line_start(&self, pos: usize) -> usize {
        match self.text[..pos].rfind('\n') {
            Some(i) => i + 1,
            None => self.start.min(pos),
        }
    }

    /// Start of the line after the one holding `pos` (the text's end for the last line).
    fn next_line_start(&self, pos: usize) -> usize {
        match self.text[pos..].find('\n') {
            Some(i) => pos + i + 1,
            None => self.text.len(),
        }
    }

    /// End of the content of the line holding `pos` (before `\r\n` or `\n`).
    fn content_end(&self, pos: usize) -> usize {
        match self.text[pos..].find('\n') {
            Some(i) if i > 0 && self.text.as_bytes()[pos + i - 1] == b'\r' => pos + i - 1,
            Some(i) => pos + i,
            None => self.text.len(),
        }
    }

    fn is_blank_line_at(&self, line_start: usize) -> bool {
        line_start < self.text.len()
            && self.text[line_start..self.content_end(line_start)]
                .trim()
                .is_empty()
    }

    /// A deletion that covers whole lines (up to whitespace) grows to the lines with their line
    /// breaks; any other range is kept as it is.
    fn whole_lines(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() || range.start < self.start {
            return range;
        }
        let start = self.line_start(range.start);
        if !self.text[start..range.start].trim().is_empty() {
            return range;
        }
        if self.text.as_bytes()[range.end - 1] == b'\n' {
            return start..range.end;
        }
        let content_end = self.content_end(range.end);
        if !self.text[range.end..content_end].trim().is_empty() {
            return range;
        }
        start..self.next_line_start(range.end)
    }

    /// Grows a whole-line deletion over the blank lines that would otherwise be left doubled,
    /// leading or trailing. Never grows over a replacement.
    fn collapse_blank_lines(&self, range: Range<usize>, keep: &[Edit]) -> Range<usize> {
        let Range { mut start, mut end } = range;
        let at_line_start = |p: usize| p == self.start || self.text.as_bytes()[p - 1] == b'\n';
        if start < self.start
            || !at_line_start(start)
            || !(end == self.text.len() || at_line_start(end))
        {
            return range;
        }
        let free = |r: &Range<usize>| !keep.iter().any(|e| overlaps(&e.range, r));
        if start == self.start || self.is_blank_line_at(self.line_start(start - 1)) {
            // Blank (or nothing) before and blank after: drop the blank lines after.
            while end < self.text.len() && self.is_blank_line_at(end) {
                let next = self.next_line_start(end);
                if !free(&(end..next)) {
                    break;
                }
                end = next;
            }
        }
        if end == self.text.len() {
            // Removing the tail (maybe with the blank lines that ended the text): drop the blank
            // lines before it too.
            while start > self.start {
                let prev = self.line_start(start - 1);
                if !self.is_blank_line_at(prev) || !free(&(prev..start)) {
                    break;
                }
                start = prev;
            }
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delete(range: Range<usize>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            edits: vec![Edit {
                range,
                replacement: String::new(),
            }],
        }
    }

    fn fix_spans(text: &str, needles: &[&str]) -> String {
        let fixes: Vec<Fix> = needles
            .iter()
            .map(|n| {
                let start = text.find(n).expect("needle in text");
                delete(start..start + n.len())
            })
            .collect();
        apply_fixes(text, &fixes.iter().collect::<Vec<_>>()).text
    }

    #[test]
    fn removes_a_trailing_paragraph_and_its_blank_line() {
        assert_eq!(fix_spans("A\n\nB\nC", &["B\nC"]), "A\n");
        assert_eq!(fix_spans("A\n\nB\nC\n", &["B\nC"]), "A\n");
    }

    #[test]
    fn removes_a_middle_paragraph_without_doubling_blank_lines() {
        assert_eq!(fix_spans("A\n\nB\n\nC\n", &["B"]), "A\n\nC\n");
        assert_eq!(
            fix_spans("A\r\n\r\nB\r\n\r\nC\r\n", &["B"]),
            "A\r\n\r\nC\r\n"
        );
    }

    #[test]
    fn removes_a_leading_paragraph_and_keeps_the_bom() {
        assert_eq!(fix_spans("\u{feff}Ad\n\nText\n", &["Ad"]), "\u{feff}Text\n");
    }

    #[test]
    fn merges_adjacent_and_overlapping_deletions() {
        assert_eq!(fix_spans("A\n\nB\n\nC\n\nD\n", &["B", "C"]), "A\n\nD\n");
        assert_eq!(fix_spans("A\n\nB1 B2\n\nD\n", &["B1 B2", "B2"]), "A\n\nD\n");
    }

    #[test]
    fn keeps_partial_deletions_exact() {
        assert_eq!(fix_spans("Text [ad] more\n", &["[ad] "]), "Text more\n");
    }

    #[test]
    fn a_replacement_conflicting_with_an_earlier_fix_is_skipped() {
        let text = "abc def\n";
        let first = Fix {
            applicability: Applicability::Safe,
            edits: vec![Edit {
                range: 0..3,
                replacement: "x".into(),
            }],
        };
        let second = Fix {
            applicability: Applicability::Safe,
            edits: vec![Edit {
                range: 2..5,
                replacement: "y".into(),
            }],
        };
        let fixed = apply_fixes(text, &[&first, &second]);
        assert_eq!(fixed.text, "x def\n");
        assert_eq!(fixed.applied, [true, false]);
    }

    #[test]
    fn a_fix_whose_replacement_overlaps_its_own_deletion_is_skipped_whole() {
        let both = Fix {
            applicability: Applicability::Safe,
            edits: vec![
                Edit {
                    range: 0..2,
                    replacement: String::new(),
                },
                Edit {
                    range: 0..1,
                    replacement: "x".into(),
                },
            ],
        };
        let fixed = apply_fixes("Ad", &[&both]);
        assert_eq!(fixed.text, "Ad");
        assert_eq!(fixed.applied, [false]);
    }

    #[test]
    fn removing_the_last_paragraph_leaves_no_trailing_blank_line() {
        assert_eq!(fix_spans("A\n\nB\n\n", &["B"]), "A\n");
        assert_eq!(fix_spans("A\r\n\r\nB\r\n  \r\n", &["B"]), "A\r\n");
    }

    #[test]
    fn removing_the_last_paragraphs_one_by_one_leaves_no_trailing_blank_line() {
        assert_eq!(fix_spans("A\n\nB\n\nC", &["B", "C"]), "A\n");
        assert_eq!(fix_spans("A\n\nB\n\nC\n", &["B", "C"]), "A\n");
    }

    #[test]
    fn an_insertion_where_blank_lines_collapse_is_kept() {
        let insert = Fix {
            applicability: Applicability::Safe,
            edits: vec![Edit {
                range: 3..3,
                replacement: "x".into(),
            }],
        };
        let fixed = apply_fixes("Ad\n\n", &[&insert, &delete(0..2)]);
        assert_eq!(fixed.text, "x");
        assert_eq!(fixed.applied, [true, true]);
    }

    #[test]
    fn an_insertion_between_two_merged_deletions_is_kept() {
        let insert = Fix {
            applicability: Applicability::Safe,
            edits: vec![Edit {
                range: 2..2,
                replacement: "x".into(),
            }],
        };
        let fixed = apply_fixes("abcd", &[&delete(0..2), &insert, &delete(2..4)]);
        assert_eq!(fixed.text, "x");
        assert_eq!(fixed.applied, [true, true, true]);
    }

    #[test]
    fn a_zero_width_no_break_space_left_first_is_kept() {
        // Found by fuzzing: U+FEFF inside the text is kept like any other character, even when
        // the deletions before it leave it first, where it reads as a byte-order mark.
        assert_eq!(fix_spans("Ad\n\n\u{feff}\nx", &["Ad"]), "\u{feff}\nx");
    }

    /// The original text rebuilt from the pieces [`Changes`] keeps, with the fixed text.
    fn kept_bytes(changes: &Changes, original: &str, fixed: &str) {
        for &(cur, orig, len) in &changes.pieces {
            assert_eq!(&fixed[cur..cur + len], &original[orig..orig + len]);
        }
    }

    #[test]
    fn changes_follow_bytes_through_rounds() {
        let original = "A\n\nB\n\nC ad\n\nD\n";
        let mut changes = Changes::new(original.len());
        let first = apply_fixes(original, &[&delete(3..4)]); // "B"
        assert_eq!(first.text, "A\n\nC ad\n\nD\n");
        changes.record(&first.edits);
        kept_bytes(&changes, original, &first.text);
        let insert = Fix {
            applicability: Applicability::Safe,
            edits: vec![Edit {
                range: 5..7, // "ad"
                replacement: "xyz".into(),
            }],
        };
        let second = apply_fixes(&first.text, &[&insert, &delete(9..10)]); // "D"
        assert_eq!(second.text, "A\n\nC xyz\n");
        changes.record(&second.edits);
        kept_bytes(&changes, original, &second.text);
        assert_eq!(changes.deleted(), [3..6, 11..14]);
        assert_eq!(changes.replaced(), std::slice::from_ref(&(8..10)));
        assert!(changes.is_unchanged(0..2));
        assert!(!changes.is_unchanged(6..9));
        assert!(changes.is_deleted(3) && !changes.is_deleted(6));
    }

    #[test]
    fn removing_everything_leaves_nothing_but_the_bom() {
        assert_eq!(fix_spans("\u{feff}A\n\nB", &["A\n\nB"]), "\u{feff}");
    }
}
