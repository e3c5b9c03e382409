//! The promises of segmentation and of fix application, as checkers that say what broke: the
//! property tests (`tests/fix_properties.rs`) run them on generated texts and the fuzz targets
//! on any bytes. Built with the `invariants` feature; no plugin needs it.
//!
//! The promise of [`apply_fixes`] (see [`crate::fix`]): the output is the input with a set of
//! disjoint ranges removed or replaced, where every removed byte is flagged, or is whitespace
//! or a line break of a line left blank by a whole-line deletion (or of a blank line next to
//! it); no other byte is lost, the byte-order mark and the line endings of kept lines are kept,
//! and fixing again finds nothing more to remove.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::fix::{apply_fixes, Edit, Fix, Fixed};
use crate::{segment, Applicability, Document, Segments};

/// The byte-order mark.
pub const BOM: &str = "\u{feff}";

/// Returns an error (the message, or the condition) unless the condition holds.
macro_rules! ensure {
    ($cond:expr $(,)?) => {
        if !$cond {
            return Err(format!("failed: {}", stringify!($cond)));
        }
    };
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err(format!($($message)+));
        }
    };
}

/// Returns an error showing both sides (and the message) unless they are equal.
macro_rules! ensure_eq {
    ($left:expr, $right:expr $(,)?) => {
        if $left != $right {
            return Err(format!(
                "{} != {}: {:?} != {:?}",
                stringify!($left),
                stringify!($right),
                $left,
                $right
            ));
        }
    };
    ($left:expr, $right:expr, $($message:tt)+) => {
        if $left != $right {
            return Err(format!("{:?} != {:?}: {}", $left, $right, format!($($message)+)));
        }
    };
}

/// Where a generated edit lies, as the shipped rules place theirs (see [`edit_range`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditKind {
    /// Any range between two character boundaries (empty ones too).
    Span,
    /// From the start of a line to the end of its content, or of a later line's (`Reporter::lines`).
    Lines,
    /// The same, with the last line's terminator.
    LinesWithBreak,
    /// One paragraph or two consecutive ones (`Reporter::paragraph`; cookie-banner's groups).
    Paragraphs,
    /// Everything after the BOM.
    All,
}

/// The range of an edit of `kind` in `text`, picked by two numbers (any: they are taken modulo
/// what there is), so that generators (proptest's, the fuzzer's bytes) describe edits the same
/// way and always on valid ranges.
pub fn edit_range(text: &str, kind: EditKind, a: usize, b: usize) -> Range<usize> {
    let segments = segment(text);
    let (lines, paragraphs) = (&segments.lines, &segments.paragraphs);
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let body = if text.starts_with(BOM) { BOM.len() } else { 0 };
    match kind {
        EditKind::Lines | EditKind::LinesWithBreak if !lines.is_empty() => {
            let first = a % lines.len();
            let last = (first + b % 3).min(lines.len() - 1);
            let end = lines[last].end as usize;
            let end = match kind {
                EditKind::LinesWithBreak => end + terminator_len(text, end),
                _ => end,
            };
            lines[first].start as usize..end
        }
        EditKind::Paragraphs if !paragraphs.is_empty() => {
            let first = a % paragraphs.len();
            let last = (first + b % 2).min(paragraphs.len() - 1);
            paragraphs[first].span.start as usize..paragraphs[last].span.end as usize
        }
        EditKind::All => body..text.len(),
        _ => {
            let (x, y) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            x.min(y)..x.max(y)
        }
    }
}

/// The length of the line break at `content_end` (CRLF, LF, or none).
fn terminator_len(text: &str, content_end: usize) -> usize {
    if text[content_end..].starts_with("\r\n") {
        2
    } else if text[content_end..].starts_with('\n') {
        1
    } else {
        0
    }
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// A line with its terminator (`""` for a last line without one).
#[derive(Clone, Debug, PartialEq, Eq)]
struct FullLine<'a> {
    content: &'a str,
    terminator: &'a str,
    /// Content range.
    range: Range<usize>,
}

fn full_lines(text: &str) -> Vec<FullLine<'_>> {
    segment(text)
        .lines
        .iter()
        .map(|span| {
            let range = span.start as usize..span.end as usize;
            let term = terminator_len(text, range.end);
            FullLine {
                content: &text[range.clone()],
                terminator: &text[range.end..range.end + term],
                range,
            }
        })
        .collect()
}

/// Whether `output` is `input` with removable bytes dropped and each `(at, text)` inserted at
/// input offset `at`. Dynamic programming over (input prefix, output prefix): exact, not greedy.
fn aligns(input: &[u8], output: &[u8], removable: &[bool], insertions: &[(usize, &[u8])]) -> bool {
    let m = output.len();
    let mut reach = vec![false; m + 1];
    let mut next = vec![false; m + 1];
    reach[0] = true;
    for i in 0..=input.len() {
        for _ in 0..insertions.len() {
            for &(_, rep) in insertions.iter().filter(|(at, _)| *at == i) {
                for j in 0..m {
                    if reach[j] && output[j..].starts_with(rep) {
                        reach[j + rep.len()] = true;
                    }
                }
            }
        }
        if i == input.len() {
            break;
        }
        next.iter_mut().for_each(|r| *r = false);
        for j in 0..=m {
            if reach[j] {
                if removable[i] {
                    next[j] = true;
                }
                if j < m && output[j] == input[i] {
                    next[j + 1] = true;
                }
            }
        }
        std::mem::swap(&mut reach, &mut next);
    }
    reach[m]
}

/// Checks the promise of [`apply_fixes`] for one input, its fixes and the result (see the
/// module's documentation). With `unique_replacements` (each replacement occurs nowhere else,
/// as a generated marker `⟦n⟧` does), also that every applied replacement is in the output
/// once and no skipped one is.
pub fn check_fixed(
    text: &str,
    fixes: &[Fix],
    fixed: &Fixed,
    unique_replacements: bool,
) -> Result<(), String> {
    let out = fixed.text.as_str();
    ensure_eq!(fixed.applied.len(), fixes.len());
    // The edits reported are the edits made: the input with them applied is the output.
    let mut rebuilt = String::new();
    let mut at = 0;
    for edit in &fixed.edits {
        if edit.range.start < at {
            ensure!(edit.range.is_empty(), "{:?} overlaps an earlier edit", edit);
        } else {
            rebuilt.push_str(&text[at..edit.range.start]);
            at = edit.range.end;
        }
        rebuilt.push_str(&edit.replacement);
    }
    rebuilt.push_str(&text[at..]);
    ensure_eq!(rebuilt.as_str(), out);
    let applied: Vec<&Edit> = fixes
        .iter()
        .zip(&fixed.applied)
        .filter(|(_, &a)| a)
        .flat_map(|(f, _)| &f.edits)
        .collect();
    // Deletions never conflict with each other: without replacements everything applies.
    if fixes
        .iter()
        .all(|f| f.edits.iter().all(|e| e.replacement.is_empty()))
    {
        ensure!(fixed.applied.iter().all(|&a| a), "a deletion was skipped");
    }

    // Which input bytes may be gone: flagged ones, and every byte of a run of lines that are
    // blank once their deleted bytes are gone, if a deletion touches that run.
    let n = text.len();
    let mut flagged = vec![false; n];
    let mut deleted = vec![false; n];
    for edit in &applied {
        for i in edit.range.clone() {
            flagged[i] = true;
            deleted[i] |= edit.replacement.is_empty();
        }
    }
    let lines = full_lines(text);
    let mut removable = flagged.clone();
    let mut run: Vec<Range<usize>> = Vec::new();
    let mut run_touched = false;
    let mut close_run = |run: &mut Vec<Range<usize>>, touched: &mut bool| {
        if *touched {
            for r in run.iter() {
                removable[r.clone()].iter_mut().for_each(|b| *b = true);
            }
        }
        run.clear();
        *touched = false;
    };
    for line in &lines {
        let whole = line.range.start..line.range.end + line.terminator.len();
        let blank_after_deletion = line
            .content
            .char_indices()
            .all(|(i, c)| c.is_whitespace() || deleted[line.range.start + i]);
        if blank_after_deletion {
            run_touched |= whole.clone().any(|i| deleted[i]);
            run.push(whole);
        } else {
            close_run(&mut run, &mut run_touched);
        }
    }
    close_run(&mut run, &mut run_touched);

    let insertions: Vec<(usize, &[u8])> = applied
        .iter()
        .filter(|e| !e.replacement.is_empty())
        .map(|e| (e.range.start, e.replacement.as_bytes()))
        .collect();
    ensure!(
        aligns(text.as_bytes(), out.as_bytes(), &removable, &insertions),
        "output {:?} is not the input {:?} less flagged and cleaned-up bytes; applied edits {:?}",
        out,
        text,
        applied
    );

    // Every applied replacement is in the output once; no skipped one is.
    let counted = if unique_replacements { fixes } else { &[] };
    for (fix, &was_applied) in counted.iter().zip(&fixed.applied) {
        for edit in fix.edits.iter().filter(|e| !e.replacement.is_empty()) {
            let count = out.matches(edit.replacement.as_str()).count();
            ensure_eq!(
                count,
                usize::from(was_applied),
                "replacement {:?} of a fix applied: {}",
                &edit.replacement,
                was_applied
            );
        }
    }

    // The BOM stays first unless an edit starts at offset 0 (before it).
    if text.starts_with(BOM) && !applied.iter().any(|e| e.range.start == 0) {
        ensure!(out.starts_with(BOM), "the BOM was lost");
    }

    // Lines that no edit touches are kept whole, with their own line ending, in order. A line
    // is touched by an edit in it or in the line break before it, or before lines that may go
    // whole between them. (A line starting with U+FEFF that becomes the first one reads as a
    // byte-order mark: not compared.)
    let out_lines = full_lines(out);
    let mut out_iter = out_lines.iter();
    let removable_line = |l: &FullLine<'_>| {
        removable[l.range.start..l.range.end + l.terminator.len()]
            .iter()
            .all(|&r| r)
    };
    for (k, line) in lines.iter().enumerate() {
        let before = lines[..k].iter().rposition(|l| !removable_line(l));
        let from = before.map_or(0, |j| lines[j].range.end);
        let to = line.range.end + line.terminator.len();
        let touched = applied
            .iter()
            .any(|e| e.range.start <= to && e.range.end >= from);
        if touched || is_blank(line.content) || line.content.starts_with(BOM) {
            continue;
        }
        let found = out_iter
            .by_ref()
            .any(|o| o.content == line.content && o.terminator == line.terminator);
        ensure!(
            found,
            "untouched line {:?} (ending {:?}) is not in the output {:?}",
            line.content,
            line.terminator,
            out
        );
    }

    // Nothing left to do: applying no fix changes nothing.
    ensure_eq!(&apply_fixes(out, &[]).text, out);
    Ok(())
}

/// What a rule deletes whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Paragraphs.
    Paragraph,
    /// Non-blank lines.
    Line,
}

/// The units a rule would flag: paragraphs, or non-blank lines. Each with its range and the
/// indices of its lines.
fn units(text: &str, segments: &Segments, unit: Unit) -> Vec<(Range<usize>, Range<usize>)> {
    match unit {
        Unit::Paragraph => segments
            .paragraphs
            .iter()
            .map(|p| {
                let first = p.first_line as usize;
                (
                    p.span.start as usize..p.span.end as usize,
                    first..first + p.line_count as usize,
                )
            })
            .collect(),
        Unit::Line => segments
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !is_blank(&text[l.start as usize..l.end as usize]))
            .map(|(i, l)| (l.start as usize..l.end as usize, i..i + 1))
            .collect(),
    }
}

/// How many of `lines[range]` are blank.
fn blank_run(lines: &[FullLine<'_>], range: Range<usize>) -> usize {
    lines[range].iter().filter(|l| is_blank(l.content)).count()
}

/// Longest run of consecutive blank lines among `lines[range]`.
fn longest_blank_run(lines: &[FullLine<'_>], range: Range<usize>) -> usize {
    let (mut longest, mut run) = (0, 0);
    for line in &lines[range] {
        run = if is_blank(line.content) { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Deleting whole units as a content-based rule does (every unit whose text is that of a
/// picked one; `pick[k]` picks unit `k`; `join[k]` reports unit `k` in one finding with the
/// one before, when both are flagged; `duplicate` reports the first finding twice) is clean:
/// the kept lines are the input's less the flagged ones, each with its own line ending;
/// paragraphs are neither merged nor split; blank runs do not grow, and none appears leading or
/// trailing; the byte-order mark stays; and the rule finds nothing in the output.
pub fn check_unit_deletion(
    text: &str,
    unit: Unit,
    pick: &[bool],
    join: &[bool],
    duplicate: bool,
) -> Result<(), String> {
    let segments = segment(text);
    let found = units(text, &segments, unit);
    // The rule: flag every unit whose text is one of the picked units' texts (so duplicates of
    // a picked text are flagged too, as a content-based rule would).
    let rule: BTreeSet<&str> = found
        .iter()
        .enumerate()
        .filter(|(k, _)| pick.get(*k).copied().unwrap_or(false))
        .map(|(_, (r, _))| &text[r.clone()])
        .collect();
    let flagged: Vec<bool> = found
        .iter()
        .map(|(r, _)| rule.contains(&text[r.clone()]))
        .collect();
    // Findings: one per flagged unit, or one over a group of consecutive flagged units (whole
    // paragraphs with the blank lines between them, as cookie-banner reports a notice, or
    // adjacent lines).
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (k, (range, lines)) in found.iter().enumerate() {
        if !flagged[k] {
            continue;
        }
        let joins = k > 0
            && flagged[k - 1]
            && join.get(k).copied().unwrap_or(false)
            && (matches!(unit, Unit::Paragraph) || found[k - 1].1.end == lines.start);
        match ranges.last_mut() {
            Some(last) if joins => last.end = range.end,
            _ => ranges.push(range.clone()),
        }
    }
    if duplicate {
        if let Some(first) = ranges.first().cloned() {
            ranges.push(first);
        }
    }
    let fixes: Vec<Fix> = ranges
        .iter()
        .map(|r| Fix {
            applicability: Applicability::Safe,
            edits: vec![Edit {
                range: r.clone(),
                replacement: String::new(),
            }],
        })
        .collect();
    let fixed = apply_fixes(text, &fixes.iter().collect::<Vec<_>>());
    check_fixed(text, &fixes, &fixed, true)?;
    let out = fixed.text.as_str();
    ensure!(fixed.applied.iter().all(|&a| a));
    // A U+FEFF inside the text that becomes the first character reads as a byte-order mark:
    // line-level comparisons do not hold for it.
    if text.strip_prefix(BOM).unwrap_or(text).contains(BOM) {
        return Ok(());
    }

    let lines = full_lines(text);
    let mut gone = vec![false; lines.len()];
    for (k, (_, line_indices)) in found.iter().enumerate() {
        if flagged[k] {
            line_indices.clone().for_each(|i| gone[i] = true);
        }
    }
    let kept: Vec<usize> = (0..lines.len())
        .filter(|&i| !gone[i] && !is_blank(lines[i].content))
        .collect();
    let out_lines = full_lines(out);
    let out_kept: Vec<usize> = (0..out_lines.len())
        .filter(|&i| !is_blank(out_lines[i].content))
        .collect();

    // The kept lines are the input's non-blank lines less the flagged ones, each with its own
    // line ending.
    let expected: Vec<(&str, &str)> = kept
        .iter()
        .map(|&i| (lines[i].content, lines[i].terminator))
        .collect();
    let actual: Vec<(&str, &str)> = out_kept
        .iter()
        .map(|&i| (out_lines[i].content, out_lines[i].terminator))
        .collect();
    ensure_eq!(&actual, &expected, "output {:?}", out);

    // Paragraphs are the input's, less the flagged lines: none merged, none split.
    let paragraph_lines =
        |segments: &Segments, lines: &[FullLine<'_>], keep: &dyn Fn(usize) -> bool| {
            segments
                .paragraphs
                .iter()
                .map(|p| {
                    let first = p.first_line as usize;
                    (first..first + p.line_count as usize)
                        .filter(|&i| keep(i))
                        .map(|i| lines[i].content.to_string())
                        .collect::<Vec<_>>()
                })
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
        };
    let out_segments = segment(out);
    ensure_eq!(
        paragraph_lines(&out_segments, &out_lines, &|_| true),
        paragraph_lines(&segments, &lines, &|i| !gone[i]),
        "output {:?}",
        out
    );

    // Blank lines: between two kept lines, no longer a run than the input had between them, and
    // exactly the input's bytes when nothing between them went; no new leading or trailing
    // blank lines.
    for pair in kept.windows(2).zip(out_kept.windows(2)) {
        let ([a, b], [x, y]) = (pair.0, pair.1) else {
            unreachable!()
        };
        let out_run = blank_run(&out_lines, x + 1..*y);
        ensure!(
            out_run <= longest_blank_run(&lines, a + 1..*b),
            "{} blank lines between {:?} and {:?} in {:?}",
            out_run,
            lines[*a].content,
            lines[*b].content,
            out
        );
        if !gone[a + 1..*b].iter().any(|&g| g) {
            ensure_eq!(
                &out[out_lines[*x].range.end..out_lines[*y].range.start],
                &text[lines[*a].range.end..lines[*b].range.start]
            );
        }
    }
    let first_non_blank = lines.iter().position(|l| !is_blank(l.content));
    let last_non_blank = lines.iter().rposition(|l| !is_blank(l.content));
    let leading = first_non_blank.unwrap_or(lines.len());
    let trailing = last_non_blank.map_or(lines.len(), |i| lines.len() - 1 - i);
    match (out_kept.first(), out_kept.last()) {
        (Some(&first), Some(&last)) => {
            ensure!(
                first <= leading,
                "{} leading blank lines in {:?}",
                first,
                out
            );
            let out_trailing = out_lines.len() - 1 - last;
            ensure!(
                out_trailing <= trailing,
                "{} trailing blank lines in {:?}",
                out_trailing,
                out
            );
            if Some(kept[0]) == first_non_blank {
                ensure_eq!(
                    &out[..out_lines[first].range.start],
                    &text[..lines[kept[0]].range.start]
                );
            }
            if kept.last().copied() == last_non_blank {
                ensure_eq!(
                    &out[out_lines[last].range.end..],
                    &text[lines[*kept.last().unwrap()].range.end..]
                );
            }
        }
        _ => ensure!(
            out_lines.len() <= leading.max(trailing),
            "{} blank lines left of {:?}",
            out_lines.len(),
            text
        ),
    }
    ensure_eq!(out.starts_with(BOM), text.starts_with(BOM));

    // Fixing again: the rule finds nothing in the output, so a second pass is a no-op.
    let again: Vec<Range<usize>> = units(out, &out_segments, unit)
        .into_iter()
        .map(|(r, _)| r)
        .filter(|r| rule.contains(&out[r.clone()]))
        .collect();
    ensure!(again.is_empty(), "{:?} found again in {:?}", again, out);
    Ok(())
}

/// Segmentation: lines cover the text after the byte-order mark, in order, each followed by
/// its line break (a CRLF never split); paragraphs are the maximal runs of non-blank lines; the
/// plugin-side [`Document`] agrees.
pub fn check_segments(text: &str) -> Result<(), String> {
    let segments = segment(text);
    let lines = &segments.lines;
    let mut at = if text.starts_with(BOM) { BOM.len() } else { 0 };
    for (k, span) in lines.iter().enumerate() {
        let (start, end) = (span.start as usize, span.end as usize);
        ensure_eq!(
            start,
            at,
            "line {} does not start where the last one ended",
            k
        );
        ensure!(start <= end && end <= text.len());
        ensure!(text.is_char_boundary(start) && text.is_char_boundary(end));
        ensure!(
            start < text.len(),
            "an empty last line after the final terminator"
        );
        let content = &text[start..end];
        ensure!(!content.contains('\n'));
        let rest = &text[end..];
        let term = terminator_len(text, end);
        if term == 0 {
            ensure_eq!(end, text.len(), "line {} ends before a non-terminator", k);
        }
        if term == 1 {
            ensure!(
                !content.ends_with('\r'),
                "a CRLF split as content CR and LF"
            );
        }
        ensure!(rest.len() >= term);
        at = end + term;
    }
    ensure_eq!(at, text.len(), "the lines do not cover the text");

    let mut owner: Vec<Option<usize>> = vec![None; lines.len()];
    let mut previous_end: Option<usize> = None;
    let line_text = |i: usize| &text[lines[i].start as usize..lines[i].end as usize];
    for (p, paragraph) in segments.paragraphs.iter().enumerate() {
        let first = paragraph.first_line as usize;
        let count = paragraph.line_count as usize;
        ensure!(count >= 1 && first + count <= lines.len());
        let last = first + count - 1;
        ensure_eq!(paragraph.span.start, lines[first].start);
        ensure_eq!(paragraph.span.end, lines[last].end);
        if let Some(previous_end) = previous_end {
            ensure!(first > previous_end + 1, "paragraphs not apart");
        }
        previous_end = Some(last);
        for (i, slot) in owner.iter_mut().enumerate().take(last + 1).skip(first) {
            ensure!(!is_blank(line_text(i)), "a blank line in a paragraph");
            ensure!(slot.is_none());
            *slot = Some(p);
        }
        // Maximal: the lines around it are blank or absent.
        ensure!(first == 0 || is_blank(line_text(first - 1)));
        ensure!(last + 1 == lines.len() || is_blank(line_text(last + 1)));
    }
    for (i, slot) in owner.iter().enumerate() {
        ensure_eq!(
            slot.is_some(),
            !is_blank(line_text(i)),
            "line {} is non-blank iff it is in a paragraph",
            i
        );
    }

    // The plugin-side view agrees.
    let doc = Document::new(text, "p.txt", &segments);
    ensure_eq!(doc.lines().len(), lines.len());
    for (i, line) in doc.lines().enumerate() {
        ensure_eq!(line.text(), line_text(i));
    }
    for paragraph in doc.paragraphs() {
        let raw = segments.paragraphs[paragraph.index()];
        ensure_eq!(
            paragraph.text(),
            &text[raw.span.start as usize..raw.span.end as usize]
        );
        let texts: Vec<&str> = paragraph.lines().map(|l| l.text()).collect();
        let first = raw.first_line as usize;
        let expected: Vec<&str> = (first..first + raw.line_count as usize)
            .map(line_text)
            .collect();
        ensure_eq!(texts, expected);
    }
    Ok(())
}

/// The text plugins read ([`crate::invisible::visible`]): it holds no character left out; every
/// range of it on character boundaries maps onto character boundaries of `text`, in order (a
/// range's start never before an earlier range's), within it; the whole maps onto the whole;
/// and a text without Markdown's marks reads as itself without those characters, composed.
/// Ranges are checked from every character boundary to every later one for texts of up to
/// `MAX_PAIRS_CHARS` characters, and to the text's end beyond.
pub fn check_visible(text: &str) -> Result<(), String> {
    use crate::invisible::{html_entities, markdown_marks, visible, INVISIBLE, SPACES};
    const MAX_PAIRS_CHARS: usize = 200;
    let Some(v) = visible(text) else {
        ensure!(
            !text
                .chars()
                .any(|c| INVISIBLE.contains(&c) || SPACES.contains(&c)),
            "a character left in"
        );
        return Ok(());
    };
    ensure!(
        !v.text
            .chars()
            .any(|c| INVISIBLE.contains(&c) || SPACES.contains(&c)),
        "a character left in the view"
    );
    ensure!(
        v.original(0..v.text.len()) == (0..text.len()),
        "the whole maps onto {:?}",
        v.original(0..v.text.len())
    );
    if markdown_marks(text).is_empty() && html_entities(text).is_empty() {
        use unicode_normalization::UnicodeNormalization;
        let expected: String = text
            .chars()
            .filter(|c| !INVISIBLE.contains(c))
            .map(|c| if SPACES.contains(&c) { ' ' } else { c })
            .nfc()
            .collect();
        // (The view composes the combining accents of U+0300 to U+036F with their letters:
        // the other characters NFC changes, other scripts' marks and singletons such as the
        // Ångström sign, it leaves alone.)
        let inert = |c: char| {
            unicode_normalization::char::canonical_combining_class(c) == 0
                && unicode_normalization::is_nfc_quick(std::iter::once(c))
                    == unicode_normalization::IsNormalized::Yes
        };
        if text
            .chars()
            .all(|c| inert(c) || ('\u{300}'..='\u{36F}').contains(&c))
        {
            ensure!(
                v.text == expected,
                "view {:?}, expected {expected:?}",
                v.text
            );
        }
    }
    let boundaries: Vec<usize> = (0..=v.text.len())
        .filter(|&i| v.text.is_char_boundary(i))
        .collect();
    let all_pairs = boundaries.len() <= MAX_PAIRS_CHARS + 1;
    let mut last_start = 0;
    for (k, &s) in boundaries.iter().enumerate() {
        let ends: &[usize] = if all_pairs {
            &boundaries[k..]
        } else {
            &boundaries[boundaries.len() - 1..]
        };
        for &e in ends.iter().chain(std::iter::once(&s)) {
            let r = v.original(s..e);
            ensure!(
                text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                "{s}..{e} maps onto {r:?}, not on character boundaries"
            );
            ensure!(
                r.start <= r.end && r.end <= text.len(),
                "{s}..{e} maps onto {r:?}"
            );
        }
        let start = v.original(s..s).start;
        ensure!(start >= last_start, "start {s} maps before an earlier one");
        last_start = start;
    }
    Ok(())
}
