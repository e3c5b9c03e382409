//! Invariants the fuzz targets check, cheap enough to run on every input. The property tests
//! in `crates/boilerlint-plugin/tests/fix_properties.rs` check the same promises more thoroughly
//! (an exact alignment of input and output) on generated texts.

use std::ops::Range;

use boilerlint_core::fix::{apply_fixes, Edit, Fix, Fixed};
use boilerlint_core::Applicability;
use boilerlint_plugin::{segment, Document};

/// The byte-order mark.
pub const BOM: &str = "\u{feff}";

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn terminator_len(text: &str, content_end: usize) -> usize {
    if text[content_end..].starts_with("\r\n") {
        2
    } else if text[content_end..].starts_with('\n') {
        1
    } else {
        0
    }
}

/// Lines cover the text after the BOM, in order, each followed by its terminator; paragraphs are
/// the maximal runs of non-blank lines; the plugin-side `Document` agrees.
pub fn check_segments(text: &str) {
    let segments = segment(text);
    let lines = &segments.lines;
    let mut at = if text.starts_with(BOM) { BOM.len() } else { 0 };
    for span in lines {
        let (start, end) = (span.start as usize, span.end as usize);
        assert_eq!(start, at, "a line does not start where the last one ended");
        assert!(start <= end && end <= text.len() && start < text.len());
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        let content = &text[start..end];
        assert!(!content.contains('\n'));
        let term = terminator_len(text, end);
        assert!(
            term > 0 || end == text.len(),
            "a line ends before a non-terminator"
        );
        assert!(term != 1 || !content.ends_with('\r'), "a CRLF split");
        at = end + term;
    }
    assert_eq!(at, text.len(), "the lines do not cover the text");

    let line_text = |i: usize| &text[lines[i].start as usize..lines[i].end as usize];
    let mut next_free = 0;
    let mut in_paragraph = vec![false; lines.len()];
    for paragraph in &segments.paragraphs {
        let first = paragraph.first_line as usize;
        let count = paragraph.line_count as usize;
        assert!(count >= 1 && first + count <= lines.len() && first >= next_free);
        let last = first + count - 1;
        assert_eq!(paragraph.span.start, lines[first].start);
        assert_eq!(paragraph.span.end, lines[last].end);
        assert!(first == 0 || is_blank(line_text(first - 1)));
        assert!(last + 1 == lines.len() || is_blank(line_text(last + 1)));
        for (i, slot) in in_paragraph
            .iter_mut()
            .enumerate()
            .take(last + 1)
            .skip(first)
        {
            assert!(!is_blank(line_text(i)));
            *slot = true;
        }
        next_free = last + 2;
    }
    for (i, &inside) in in_paragraph.iter().enumerate() {
        assert_eq!(inside, !is_blank(line_text(i)), "line {i}");
    }

    let doc = Document::new(text, "fuzz", &segments);
    for (i, line) in doc.lines().enumerate() {
        assert_eq!(line.text(), line_text(i));
    }
    for paragraph in doc.paragraphs() {
        let raw = segments.paragraphs[paragraph.index()];
        assert_eq!(
            paragraph.text(),
            &text[raw.span.start as usize..raw.span.end as usize]
        );
        assert_eq!(paragraph.line_count(), raw.line_count as usize);
    }
}

/// Fixes on valid ranges, from fuzz bytes: four bytes an edit (kind, two positions,
/// replacement); a kind with bit 3 set adds the edit to the previous fix.
pub fn build_fixes(text: &str, bytes: &[u8]) -> Vec<Fix> {
    let segments = segment(text);
    let (lines, paragraphs) = (&segments.lines, &segments.paragraphs);
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let body = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let mut fixes: Vec<Fix> = Vec::new();
    for (k, r) in bytes.chunks_exact(4).enumerate() {
        let (kind, a, b) = (r[0], usize::from(r[1]), usize::from(r[2]));
        let range = match kind % 5 {
            1 | 2 if !lines.is_empty() => {
                let first = a % lines.len();
                let last = (first + b % 3).min(lines.len() - 1);
                let end = lines[last].end as usize;
                let end = if kind % 5 == 2 {
                    end + terminator_len(text, end)
                } else {
                    end
                };
                lines[first].start as usize..end
            }
            3 if !paragraphs.is_empty() => {
                let first = a % paragraphs.len();
                let last = (first + b % 2).min(paragraphs.len() - 1);
                paragraphs[first].span.start as usize..paragraphs[last].span.end as usize
            }
            4 => body..text.len(),
            _ => {
                let (x, y) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
                x.min(y)..x.max(y)
            }
        };
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

/// The cheap invariants of `apply_fixes`: every non-whitespace character outside the applied
/// edits survives, in order; applied replacements land once, skipped ones not at all (checked
/// when each replacement occurs nowhere else: `unique_replacements`); the BOM stays first;
/// deletions never conflict; a second pass with no fix changes nothing.
pub fn check_fixed(text: &str, fixes: &[Fix], fixed: &Fixed, unique_replacements: bool) {
    let out = fixed.text.as_str();
    assert_eq!(fixed.applied.len(), fixes.len());
    let applied: Vec<&Edit> = fixes
        .iter()
        .zip(&fixed.applied)
        .filter(|(_, &a)| a)
        .flat_map(|(f, _)| &f.edits)
        .collect();
    let flagged = |i: usize| applied.iter().any(|e| e.range.contains(&i));
    let mut out_chars = out.chars();
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() && !flagged(i) {
            assert!(
                out_chars.any(|o| o == c),
                "{c:?} at {i} is lost: {text:?} -> {out:?}"
            );
        }
    }
    for (fix, &was_applied) in fixes.iter().zip(&fixed.applied) {
        if !unique_replacements {
            break;
        }
        for edit in fix.edits.iter().filter(|e| !e.replacement.is_empty()) {
            assert_eq!(
                out.matches(edit.replacement.as_str()).count(),
                usize::from(was_applied),
                "{edit:?}"
            );
        }
    }
    if fixes
        .iter()
        .all(|f| f.edits.iter().all(|e| e.replacement.is_empty()))
    {
        assert!(fixed.applied.iter().all(|&a| a), "a deletion was skipped");
    }
    if text.starts_with(BOM) && !applied.iter().any(|e| e.range.start == 0) {
        assert!(out.starts_with(BOM), "the BOM was lost");
    }
    assert_eq!(apply_fixes(out, &[]).text, out);
}

/// Deletes the paragraphs picked by `mask` (bit `k % 8` of byte `k / 8`): the other paragraphs'
/// lines are kept with their line endings, no run of blank lines grows, none is left leading or
/// trailing that was not there, and a second pass would find nothing.
pub fn check_paragraph_deletion(text: &str, mask: &[u8]) {
    if mask.is_empty() {
        return;
    }
    let segments = segment(text);
    let picked = |k: usize| mask[(k / 8) % mask.len()] & (1 << (k % 8)) != 0;
    let gone: Vec<&str> = segments
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(k, _)| picked(*k))
        .map(|(_, p)| &text[p.span.start as usize..p.span.end as usize])
        .collect();
    let fixes: Vec<Fix> = segments
        .paragraphs
        .iter()
        .filter(|p| gone.contains(&&text[p.span.start as usize..p.span.end as usize]))
        .map(|p| Fix {
            applicability: Applicability::Safe,
            edits: vec![Edit {
                range: p.span.start as usize..p.span.end as usize,
                replacement: String::new(),
            }],
        })
        .collect();
    let fixed = apply_fixes(text, &fixes.iter().collect::<Vec<_>>());
    check_fixed(text, &fixes, &fixed, true);
    let out = fixed.text.as_str();
    // A U+FEFF inside the text that becomes the first character reads as a byte-order mark:
    // line-level comparisons do not hold for it.
    if text.strip_prefix(BOM).unwrap_or(text).contains(BOM) {
        return;
    }

    let kept = |t: &str| -> Vec<(String, String, usize)> {
        // Non-blank lines with their terminators, and the blank lines before each.
        let s = segment(t);
        let mut blank = 0;
        let mut lines = Vec::new();
        for span in &s.lines {
            let (start, end) = (span.start as usize, span.end as usize);
            if is_blank(&t[start..end]) {
                blank += 1;
            } else {
                let term = &t[end..end + terminator_len(t, end)];
                lines.push((t[start..end].to_string(), term.to_string(), blank));
                blank = 0;
            }
        }
        lines.push((String::new(), String::new(), blank)); // the trailing blank lines
        lines
    };
    let (before, after) = (kept(text), kept(out));
    let longest = before.iter().map(|l| l.2).max().unwrap_or(0);
    let in_gone = {
        let mut in_gone = Vec::new();
        for p in &segments.paragraphs {
            let g = gone.contains(&&text[p.span.start as usize..p.span.end as usize]);
            in_gone.extend(std::iter::repeat_n(g, p.line_count as usize));
        }
        in_gone
    };
    let expected: Vec<(&str, &str)> = before[..before.len() - 1]
        .iter()
        .zip(&in_gone)
        .filter(|(_, &g)| !g)
        .map(|(l, _)| (l.0.as_str(), l.1.as_str()))
        .collect();
    let actual: Vec<(&str, &str)> = after[..after.len() - 1]
        .iter()
        .map(|l| (l.0.as_str(), l.1.as_str()))
        .collect();
    assert_eq!(actual, expected, "{text:?} -> {out:?}");
    for line in &after {
        assert!(line.2 <= longest, "a longer blank run: {text:?} -> {out:?}");
    }
    if after.len() > 1 {
        assert!(
            after[0].2 <= before[0].2,
            "new leading blank lines: {out:?}"
        );
        assert!(
            after.last().unwrap().2 <= before.last().unwrap().2,
            "new trailing blank lines: {text:?} -> {out:?}"
        );
    }
    let again = segment(out);
    for p in &again.paragraphs {
        let p = &out[p.span.start as usize..p.span.end as usize];
        assert!(!gone.contains(&p), "{p:?} found again in {out:?}");
    }
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
