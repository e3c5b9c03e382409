//! Applying fixes: edits on byte ranges, with deletions of whole lines and paragraphs made clean.
//!
//! The promise: every byte outside the edited ranges is kept, in order; a deletion that covers
//! whole lines takes their line breaks along, and the blank lines that separated a removed
//! paragraph from its neighbours are collapsed so no run of blank lines (nor a leading or a
//! trailing blank line) is left behind. A byte-order mark and the line-ending style are kept.

use std::ops::Range;

use boilerlint_plugin::Applicability;

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
}

const BOM: &str = "\u{feff}";

/// Applies `fixes` to `text`. Fixes whose edits overlap an earlier fix's replacement are
/// skipped (overlapping deletions merge). Every edit range must be valid for `text` (the host
/// validated them).
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
        let conflicts = edits.iter().any(|e| {
            replacements.iter().any(|r| overlaps(&r.range, &e.range))
                || (!e.replacement.is_empty() && deletions.iter().any(|d| overlaps(d, &e.range)))
        });
        if conflicts {
            continue;
        }
        applied[i] = true;
        for edit in edits {
            if edit.replacement.is_empty() {
                deletions.push(edit.range);
            } else {
                replacements.push(edit);
            }
        }
    }

    let deletions = merge(deletions);
    let deletions = merge(
        deletions
            .into_iter()
            .map(|d| doc.collapse_blank_lines(d, &replacements))
            .collect(),
    );

    let mut edits: Vec<Edit> = replacements;
    edits.extend(deletions.into_iter().map(|range| Edit {
        range,
        replacement: String::new(),
    }));
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at {
            continue; // defensive: never emit a byte twice
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    Fixed { text: out, applied }
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
        if end == self.text.len() {
            // Removing the tail: drop the blank lines before it too.
            while start > self.start {
                let prev = self.line_start(start - 1);
                if !self.is_blank_line_at(prev) || !free(&(prev..start)) {
                    break;
                }
                start = prev;
            }
        } else if start == self.start || self.is_blank_line_at(self.line_start(start - 1)) {
            // Blank (or nothing) before and blank after: drop the blank lines after.
            while end < self.text.len() && self.is_blank_line_at(end) {
                let next = self.next_line_start(end);
                if !free(&(end..next)) {
                    break;
                }
                end = next;
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
    fn removing_everything_leaves_nothing_but_the_bom() {
        assert_eq!(fix_spans("\u{feff}A\n\nB", &["A\n\nB"]), "\u{feff}");
    }
}
