//! Properties of fix application (`boilerlint_plugin::fix`, the one applier the engine and the
//! SDK's test helpers share) and of segmentation
//! (`boilerlint_plugin::segment`), on generated texts that stress what scraped text holds: LF,
//! CRLF, mixed and lone-CR line endings, a byte-order mark, blank and whitespace-only lines (with
//! Unicode spaces), no final newline, and multi-byte UTF-8 (Turkish, CJK, emoji).
//!
//! The promise under test (see `fix.rs`): the output is the input with a set of disjoint ranges
//! removed or replaced, where every removed byte is flagged, or is whitespace or a line break of a
//! line left blank by a whole-line deletion (or of a blank line next to it); no other byte is
//! lost, the byte-order mark and the line endings of kept lines are kept, and fixing again finds
//! nothing more to remove.

use std::collections::BTreeSet;
use std::ops::Range;

use boilerlint_plugin::fix::{apply_fixes, Edit, Fix, Fixed};
use boilerlint_plugin::{segment, Applicability, Document, Segments};
use proptest::prelude::*;
use proptest::sample::select;

const BOM: &str = "\u{feff}";

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

#[derive(Clone, Copy, Debug)]
enum Kind {
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

fn terminator_len(text: &str, content_end: usize) -> usize {
    if text[content_end..].starts_with("\r\n") {
        2
    } else if text[content_end..].starts_with('\n') {
        1
    } else {
        0
    }
}

/// The fixes the specs describe on `text`. A replacement is a marker `⟦n⟧` that occurs nowhere
/// else, so the output shows where (and whether) it went.
fn build_fixes(text: &str, specs: &[Vec<EditSpec>]) -> Vec<Fix> {
    let segments = segment(text);
    let lines = &segments.lines;
    let paragraphs = &segments.paragraphs;
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let body = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let mut markers = 0;
    let range_of = |spec: &EditSpec| -> Range<usize> {
        match spec.kind {
            Kind::Lines | Kind::LinesWithBreak if !lines.is_empty() => {
                let first = spec.a % lines.len();
                let last = (first + spec.b % 3).min(lines.len() - 1);
                let end = lines[last].end as usize;
                let end = match spec.kind {
                    Kind::LinesWithBreak => end + terminator_len(text, end),
                    _ => end,
                };
                lines[first].start as usize..end
            }
            Kind::Paragraphs if !paragraphs.is_empty() => {
                let first = spec.a % paragraphs.len();
                let last = (first + spec.b % 2).min(paragraphs.len() - 1);
                paragraphs[first].span.start as usize..paragraphs[last].span.end as usize
            }
            Kind::All => body..text.len(),
            _ => {
                let (x, y) = (bounds[spec.a % bounds.len()], bounds[spec.b % bounds.len()]);
                x.min(y)..x.max(y)
            }
        }
    };
    specs
        .iter()
        .map(|edits| Fix {
            applicability: Applicability::Safe,
            edits: edits
                .iter()
                .map(|spec| Edit {
                    range: range_of(spec),
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

// ---------------------------------------------------------------------------------------------
// Helpers over segmented text

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

/// Checks the promise of `apply_fixes` for one input, its fixes and the result.
fn check_fixed(text: &str, fixes: &[Fix], fixed: &Fixed) -> Result<(), TestCaseError> {
    let out = fixed.text.as_str();
    prop_assert_eq!(fixed.applied.len(), fixes.len());
    // The edits reported are the edits made: the input with them applied is the output.
    let mut rebuilt = String::new();
    let mut at = 0;
    for edit in &fixed.edits {
        if edit.range.start < at {
            prop_assert!(edit.range.is_empty(), "{:?} overlaps an earlier edit", edit);
        } else {
            rebuilt.push_str(&text[at..edit.range.start]);
            at = edit.range.end;
        }
        rebuilt.push_str(&edit.replacement);
    }
    rebuilt.push_str(&text[at..]);
    prop_assert_eq!(rebuilt.as_str(), out);
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
        prop_assert!(fixed.applied.iter().all(|&a| a), "a deletion was skipped");
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
    prop_assert!(
        aligns(text.as_bytes(), out.as_bytes(), &removable, &insertions),
        "output {:?} is not the input {:?} less flagged and cleaned-up bytes; applied edits {:?}",
        out,
        text,
        applied
    );

    // Every applied replacement is in the output once; no skipped one is.
    for (fix, &was_applied) in fixes.iter().zip(&fixed.applied) {
        for edit in fix.edits.iter().filter(|e| !e.replacement.is_empty()) {
            let count = out.matches(edit.replacement.as_str()).count();
            prop_assert_eq!(
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
        prop_assert!(out.starts_with(BOM), "the BOM was lost");
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
        prop_assert!(
            found,
            "untouched line {:?} (ending {:?}) is not in the output {:?}",
            line.content,
            line.terminator,
            out
        );
    }

    // Nothing left to do: applying no fix changes nothing.
    prop_assert_eq!(&fix(out, &[]).text, out);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Deleting whole paragraphs or lines, as the shipped rules do

#[derive(Clone, Copy, Debug)]
enum Unit {
    Paragraph,
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

fn check_unit_deletion(
    text: &str,
    unit: Unit,
    pick: &[bool],
    join: &[bool],
    duplicate: bool,
) -> Result<(), TestCaseError> {
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
    let fixed = fix(text, &fixes);
    check_fixed(text, &fixes, &fixed)?;
    let out = fixed.text.as_str();
    prop_assert!(fixed.applied.iter().all(|&a| a));

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
    prop_assert_eq!(&actual, &expected, "output {:?}", out);

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
    prop_assert_eq!(
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
        prop_assert!(
            out_run <= longest_blank_run(&lines, a + 1..*b),
            "{} blank lines between {:?} and {:?} in {:?}",
            out_run,
            lines[*a].content,
            lines[*b].content,
            out
        );
        if !gone[a + 1..*b].iter().any(|&g| g) {
            prop_assert_eq!(
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
            prop_assert!(
                first <= leading,
                "{} leading blank lines in {:?}",
                first,
                out
            );
            let out_trailing = out_lines.len() - 1 - last;
            prop_assert!(
                out_trailing <= trailing,
                "{} trailing blank lines in {:?}",
                out_trailing,
                out
            );
            if Some(kept[0]) == first_non_blank {
                prop_assert_eq!(
                    &out[..out_lines[first].range.start],
                    &text[..lines[kept[0]].range.start]
                );
            }
            if kept.last().copied() == last_non_blank {
                prop_assert_eq!(
                    &out[out_lines[last].range.end..],
                    &text[lines[*kept.last().unwrap()].range.end..]
                );
            }
        }
        _ => prop_assert!(
            out_lines.len() <= leading.max(trailing),
            "{} blank lines left of {:?}",
            out_lines.len(),
            text
        ),
    }
    prop_assert_eq!(out.starts_with(BOM), text.starts_with(BOM));

    // Fixing again: the rule finds nothing in the output, so a second pass is a no-op.
    let again: Vec<Range<usize>> = units(out, &out_segments, unit)
        .into_iter()
        .map(|(r, _)| r)
        .filter(|r| rule.contains(&out[r.clone()]))
        .collect();
    prop_assert!(again.is_empty(), "{:?} found again in {:?}", again, out);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Segmentation

fn check_segments(text: &str) -> Result<(), TestCaseError> {
    let segments = segment(text);
    let lines = &segments.lines;
    let mut at = if text.starts_with(BOM) { BOM.len() } else { 0 };
    for (k, span) in lines.iter().enumerate() {
        let (start, end) = (span.start as usize, span.end as usize);
        prop_assert_eq!(
            start,
            at,
            "line {} does not start where the last one ended",
            k
        );
        prop_assert!(start <= end && end <= text.len());
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        prop_assert!(
            start < text.len(),
            "an empty last line after the final terminator"
        );
        let content = &text[start..end];
        prop_assert!(!content.contains('\n'));
        let rest = &text[end..];
        let term = terminator_len(text, end);
        if term == 0 {
            prop_assert_eq!(end, text.len(), "line {} ends before a non-terminator", k);
        }
        if term == 1 {
            prop_assert!(
                !content.ends_with('\r'),
                "a CRLF split as content CR and LF"
            );
        }
        prop_assert!(rest.len() >= term);
        at = end + term;
    }
    prop_assert_eq!(at, text.len(), "the lines do not cover the text");

    let mut owner: Vec<Option<usize>> = vec![None; lines.len()];
    let mut previous_end: Option<usize> = None;
    let line_text = |i: usize| &text[lines[i].start as usize..lines[i].end as usize];
    for (p, paragraph) in segments.paragraphs.iter().enumerate() {
        let first = paragraph.first_line as usize;
        let count = paragraph.line_count as usize;
        prop_assert!(count >= 1 && first + count <= lines.len());
        let last = first + count - 1;
        prop_assert_eq!(paragraph.span.start, lines[first].start);
        prop_assert_eq!(paragraph.span.end, lines[last].end);
        if let Some(previous_end) = previous_end {
            prop_assert!(first > previous_end + 1, "paragraphs not apart");
        }
        previous_end = Some(last);
        for (i, slot) in owner.iter_mut().enumerate().take(last + 1).skip(first) {
            prop_assert!(!is_blank(line_text(i)), "a blank line in a paragraph");
            prop_assert!(slot.is_none());
            *slot = Some(p);
        }
        // Maximal: the lines around it are blank or absent.
        prop_assert!(first == 0 || is_blank(line_text(first - 1)));
        prop_assert!(last + 1 == lines.len() || is_blank(line_text(last + 1)));
    }
    for (i, slot) in owner.iter().enumerate() {
        prop_assert_eq!(
            slot.is_some(),
            !is_blank(line_text(i)),
            "line {} is non-blank iff it is in a paragraph",
            i
        );
    }

    // The plugin-side view agrees.
    let doc = Document::new(text, "p.txt", &segments);
    prop_assert_eq!(doc.lines().len(), lines.len());
    for (i, line) in doc.lines().enumerate() {
        prop_assert_eq!(line.text(), line_text(i));
    }
    for paragraph in doc.paragraphs() {
        let raw = segments.paragraphs[paragraph.index()];
        prop_assert_eq!(
            paragraph.text(),
            &text[raw.span.start as usize..raw.span.end as usize]
        );
        let texts: Vec<&str> = paragraph.lines().map(|l| l.text()).collect();
        let first = raw.first_line as usize;
        let expected: Vec<&str> = (first..first + raw.line_count as usize)
            .map(line_text)
            .collect();
        prop_assert_eq!(texts, expected);
    }
    Ok(())
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
        check_segments(&text)?;
    }

    #[test]
    fn segmentation_covers_any_mix_of_line_breaks(text in soup()) {
        check_segments(&text)?;
    }

    #[test]
    fn segmentation_covers_any_string(text in any::<String>()) {
        check_segments(&text)?;
    }

    #[test]
    fn fixes_keep_every_unflagged_byte(text in text(), specs in fix_specs()) {
        let fixes = build_fixes(&text, &specs);
        let fixed = fix(&text, &fixes);
        check_fixed(&text, &fixes, &fixed)?;
    }

    #[test]
    fn fixes_keep_every_unflagged_byte_of_any_mix(text in soup(), specs in fix_specs()) {
        let fixes = build_fixes(&text, &specs);
        let fixed = fix(&text, &fixes);
        check_fixed(&text, &fixes, &fixed)?;
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
        check_unit_deletion(&text, Unit::Paragraph, &pick, &join, duplicate)?;
    }

    #[test]
    fn deleting_lines_is_clean_and_idempotent(
        text in text(),
        pick in prop::collection::vec(any::<bool>(), 0..12),
        join in prop::collection::vec(any::<bool>(), 0..12),
        duplicate in any::<bool>(),
    ) {
        check_unit_deletion(&text, Unit::Line, &pick, &join, duplicate)?;
    }
}
