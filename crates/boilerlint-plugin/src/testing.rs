//! Running a plugin in-process in unit tests, through the same reporting path the host uses.
//!
//! Rule tests read like textlint's and ruff's: a list of *valid* texts, each with a comment saying
//! why it must pass, and *invalid* texts with the findings they must produce and the text that
//! fixing them leaves.
//!
//! ```
//! # use boilerlint_plugin::{declare_rule, Document, Plugin, Reporter, Rule};
//! # declare_rule! { /// Flags "Advertisement" lines.
//! #   pub AdLine { id: "ad-line", severity: Warning, fix: Always } }
//! # struct Ads;
//! # impl Plugin for Ads {
//! #   const NAME: &'static str = "ads"; const VERSION: &'static str = "0";
//! #   const RULES: &'static [Rule] = &[AdLine::RULE];
//! #   fn new(_: &str) -> Result<Self, String> { Ok(Ads) }
//! #   fn check(&self, doc: &Document<'_>, report: &mut Reporter<'_>) {
//! #     for line in doc.lines() { if line.text() == "Advertisement" {
//! #       report.lines(&AdLine::RULE, &line, &line, "ad marker").delete_safe().emit(); } } }
//! # }
//! use boilerlint_plugin::testing::{self, finding};
//! use boilerlint_plugin::Applicability;
//!
//! let plugin = Ads::new("").unwrap();
//!
//! // A sentence about advertising is article text.
//! testing::assert_valid(&plugin, "Advertisement revenue fell.\n");
//!
//! let text = "News.\n\nAdvertisement\n\nMore news.\n";
//! testing::assert_invalid(
//!     &plugin,
//!     text,
//!     &[finding("ad-line", 3).message("ad marker").fix(Applicability::Safe)],
//! );
//! // The fix deletes the line with its line break and the blank line it leaves doubled,
//! // exactly as `boilerlint check --fix` does.
//! testing::assert_fixed(&plugin, text, "News.\n\nMore news.\n");
//!
//! // `check` gives the findings themselves, for anything the assertions do not cover.
//! let findings = testing::check(&plugin, text);
//! assert_eq!(findings[0].rule, "ad-line");
//! assert_eq!(findings[0].lines, (3, 3));
//! assert_eq!(findings[0].text, "Advertisement");
//! ```
//!
//! A failing assertion prints the text with line numbers, the flagged lines marked with `>` and
//! each finding written under its last line:
//!
//! ```text
//! expected no findings, but plugin `ads` reported 1:
//!
//!     1 | News.
//!     2 |
//!   > 3 | Advertisement
//!       = ad-line (line 3): ad marker [fix: safe]
//!     4 |
//!     5 | More news.
//! ```

use std::ffi::c_void;
use std::fmt;
use std::ops::{Range, RangeInclusive};

use crate::{abi, fix, segment, Applicability, Document, Metadata, Plugin, Severity};

/// A finding as a test sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct TestFinding {
    /// The rule's id.
    pub rule: &'static str,
    /// The flagged byte range.
    pub range: Range<usize>,
    /// The flagged text.
    pub text: String,
    /// First and last line of the range, 1-based.
    pub lines: (usize, usize),
    /// The message.
    pub message: String,
    /// The language code, if the plugin gave one.
    pub language: Option<String>,
    /// The severity the finding asked for, if not the rule's default.
    pub severity: Option<Severity>,
    /// The confidence.
    pub score: f64,
    /// The fix: applicability, range and replacement.
    pub fix: Option<(Applicability, Range<usize>, String)>,
}

struct Collector<'t> {
    text: &'t str,
    rules: &'static [crate::Rule],
    findings: Vec<TestFinding>,
    error: Option<String>,
}

/// Checks `text` with `plugin` and returns its findings, in the order reported.
///
/// Panics (failing the test) if the plugin reports a range that is out of bounds or not on a
/// character boundary: the host would reject such a finding.
#[track_caller]
pub fn check<P: Plugin>(plugin: &P, text: &str) -> Vec<TestFinding> {
    check_at(plugin, "<test>", text)
}

/// Like [`check`], for a document at `path`: what [`Document::path`] returns to the plugin
/// (`check` gives `<test>`). For plugins that look at where a document comes from.
#[track_caller]
pub fn check_at<P: Plugin>(plugin: &P, path: &str, text: &str) -> Vec<TestFinding> {
    check_record(plugin, path, Metadata::default(), text)
}

/// Like [`check_at`], for a record that carries `metadata` (its URL, id, declared language):
/// what [`Document::url`], [`Document::id`] and [`Document::language`] return to the plugin.
#[track_caller]
pub fn check_record<P: Plugin>(
    plugin: &P,
    path: &str,
    metadata: Metadata<'_>,
    text: &str,
) -> Vec<TestFinding> {
    let segments = segment(text);
    let doc = Document::new(text, path, &segments).with_metadata(metadata);
    let mut collector = Collector {
        text,
        rules: P::RULES,
        findings: Vec::new(),
        error: None,
    };
    let sink = abi::FindingSink {
        ctx: &mut collector as *mut Collector<'_> as *mut c_void,
        emit: Some(collect),
    };
    crate::export::check_visible(plugin, &doc, &sink);
    if let Some(problem) = collector.error {
        panic!("{problem}");
    }
    collector.findings
}

unsafe extern "C" fn collect(ctx: *mut c_void, finding: *const abi::Finding) -> u32 {
    // SAFETY: `ctx` is the `Collector` that `check` owns for the duration of the call, and the
    // finding is valid during `emit`; both are used on the calling thread only.
    let (collector, f) = unsafe { (&mut *(ctx as *mut Collector<'_>), &*finding) };
    // A panic must not unwind out of an `extern "C"` function: record the problem, stop the
    // plugin, and let `check` fail the test.
    // SAFETY: as above.
    match unsafe { convert(collector.text, collector.rules, f) } {
        Ok(finding) => {
            collector.findings.push(finding);
            abi::EMIT_CONTINUE
        }
        Err(problem) => {
            collector.error.get_or_insert(problem);
            abi::EMIT_STOP
        }
    }
}

/// # Safety
///
/// The finding's pointers must be valid for the call.
unsafe fn convert(
    text: &str,
    rules: &'static [crate::Rule],
    f: &abi::Finding,
) -> Result<TestFinding, String> {
    let range = checked_range(text, f.span)?;
    let line_of = |offset: usize| {
        text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    // SAFETY: forwarded from the caller.
    let message = unsafe { f.message.to_str() }.ok_or("the message is not UTF-8")?;
    // SAFETY: as above.
    let language = unsafe { f.language.to_str() }.ok_or("the language is not UTF-8")?;
    // SAFETY: as above.
    let edits = unsafe { crate::export::slice(f.edits, f.edits_len) };
    let fix = match (f.applicability, edits.first()) {
        (abi::APPLICABILITY_NONE, _) | (_, None) => None,
        (app, Some(edit)) => Some((
            if app == abi::APPLICABILITY_SAFE {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            },
            checked_range(text, edit.span)?,
            // SAFETY: as above.
            unsafe { edit.replacement.to_str() }
                .ok_or("the replacement is not UTF-8")?
                .to_string(),
        )),
    };
    let rule = rules
        .get(f.rule_index as usize)
        .ok_or_else(|| format!("rule index {} is out of range", f.rule_index))?;
    let last = if range.is_empty() {
        range.start
    } else {
        range.end - 1
    };
    Ok(TestFinding {
        rule: rule.id,
        text: text[range.clone()].to_string(),
        lines: (line_of(range.start), line_of(last)),
        range,
        message: message.to_string(),
        language: (!language.is_empty()).then(|| language.to_string()),
        severity: Severity::from_abi(f.severity),
        score: f.score,
        fix,
    })
}

fn checked_range(text: &str, span: abi::Span) -> Result<Range<usize>, String> {
    let range = span.start as usize..span.end as usize;
    if range.start <= range.end && text.get(range.clone()).is_some() {
        Ok(range)
    } else {
        Err(format!(
            "the plugin reported {range:?}, which is not a valid range of the {}-byte text",
            text.len()
        ))
    }
}

/// Fails the test if `plugin` reports anything on `text`; the message shows the text with what
/// was flagged.
#[track_caller]
pub fn assert_valid<P: Plugin>(plugin: &P, text: &str) {
    let findings = check(plugin, text);
    if !findings.is_empty() {
        panic!(
            "expected no findings, but plugin `{}` reported {}:\n\n{}",
            P::NAME,
            findings.len(),
            render(text, &findings)
        );
    }
}

/// Fails the test unless `plugin` reports on `text` exactly the `expected` findings, in any
/// order; the message lists the findings missing and those not expected, and shows the text
/// with what was flagged. Returns the findings, for further checks.
///
/// # Panics
///
/// Also when `expected` is empty: a text that must pass is checked with [`assert_valid`].
#[track_caller]
pub fn assert_invalid<P: Plugin>(
    plugin: &P,
    text: &str,
    expected: &[Expected],
) -> Vec<TestFinding> {
    assert!(
        !expected.is_empty(),
        "assert_invalid needs at least one expected finding; use assert_valid for a text that \
         must pass"
    );
    let findings = check(plugin, text);
    let mut unmatched: Vec<&TestFinding> = findings.iter().collect();
    let mut missing = Vec::new();
    for want in expected {
        match unmatched.iter().position(|f| want.matches(f)) {
            Some(i) => {
                unmatched.remove(i);
            }
            None => missing.push(want),
        }
    }
    if missing.is_empty() && unmatched.is_empty() {
        return findings;
    }
    let mut message = format!(
        "plugin `{}` did not report the expected findings\n",
        P::NAME
    );
    if !missing.is_empty() {
        message.push_str("\nexpected, but not reported:\n");
        for want in missing {
            message.push_str(&format!("  - {want}\n"));
        }
    }
    if !unmatched.is_empty() {
        message.push_str("\nreported, but not expected:\n");
        for found in unmatched {
            message.push_str(&format!("  - {}\n", Described(found)));
        }
    }
    message.push_str(&format!(
        "\nwhat it reported ({}):\n\n{}",
        findings.len(),
        render(text, &findings)
    ));
    panic!("{message}");
}

/// A finding a test expects: its rule and lines, and, when asked for, its message and fix.
/// Made by [`finding`].
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    rule: String,
    lines: LineRange,
    message: Option<String>,
    fix: Option<Option<Applicability>>,
}

/// Expects a finding of `rule` covering `lines`: one line number (`3`) or an inclusive range
/// (`5..=9`), 1-based as in boilerlint's output.
pub fn finding(rule: &str, lines: impl Into<LineRange>) -> Expected {
    Expected {
        rule: rule.to_string(),
        lines: lines.into(),
        message: None,
        fix: None,
    }
}

impl Expected {
    /// Expects exactly this message.
    pub fn message(mut self, message: &str) -> Expected {
        self.message = Some(message.to_string());
        self
    }

    /// Expects a fix of this applicability.
    pub fn fix(mut self, applicability: Applicability) -> Expected {
        self.fix = Some(Some(applicability));
        self
    }

    /// Expects no fix.
    pub fn no_fix(mut self) -> Expected {
        self.fix = Some(None);
        self
    }

    fn matches(&self, found: &TestFinding) -> bool {
        found.rule == self.rule
            && found.lines == (self.lines.first, self.lines.last)
            && self.message.as_ref().is_none_or(|m| *m == found.message)
            && self
                .fix
                .is_none_or(|fix| fix == found.fix.as_ref().map(|(app, _, _)| *app))
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.rule, self.lines)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        match self.fix {
            None => Ok(()),
            Some(None) => write!(f, " [no fix]"),
            Some(Some(app)) => write!(f, " [fix: {}]", app.as_str()),
        }
    }
}

/// The lines of an expected finding, 1-based and inclusive: from a line number or a
/// `first..=last` range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineRange {
    /// The first line.
    pub first: usize,
    /// The last line.
    pub last: usize,
}

impl From<usize> for LineRange {
    fn from(line: usize) -> LineRange {
        LineRange {
            first: line,
            last: line,
        }
    }
}

impl From<RangeInclusive<usize>> for LineRange {
    fn from(lines: RangeInclusive<usize>) -> LineRange {
        LineRange {
            first: *lines.start(),
            last: *lines.end(),
        }
    }
}

impl fmt::Display for LineRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "line {}", self.first)
        } else {
            write!(f, "lines {}-{}", self.first, self.last)
        }
    }
}

/// Applies the fixes of `findings` to `text` once, with the host's own applier
/// ([`crate::fix::apply_fixes`]): a deletion of whole lines takes their line breaks along and
/// the blank lines a deleted paragraph leaves behind; overlapping deletions merge; a fix that
/// overlaps an earlier replacement is skipped.
pub fn apply_fixes<'f>(text: &str, findings: impl IntoIterator<Item = &'f TestFinding>) -> String {
    let fixes: Vec<fix::Fix> = findings
        .into_iter()
        .filter_map(|f| f.fix.as_ref())
        .map(|(applicability, range, replacement)| fix::Fix {
            applicability: *applicability,
            edits: vec![fix::Edit {
                range: range.clone(),
                replacement: replacement.clone(),
            }],
        })
        .collect();
    fix::apply_fixes(text, &fixes.iter().collect::<Vec<_>>()).text
}

/// The text `boilerlint check --fix` writes with this plugin alone: its safe fixes applied,
/// then the fixed text checked again and fixed again, until a round changes nothing (at most
/// [`fix::MAX_ROUNDS`] rounds), as the host does.
#[track_caller]
pub fn fixed<P: Plugin>(plugin: &P, text: &str) -> String {
    fix_in_rounds(plugin, text, false)
}

/// The text `boilerlint check --fix --unsafe-fixes` writes with this plugin alone: all its
/// fixes, safe and unsafe, in rounds as [`fixed`] applies them.
#[track_caller]
pub fn fixed_unsafe<P: Plugin>(plugin: &P, text: &str) -> String {
    fix_in_rounds(plugin, text, true)
}

#[track_caller]
fn fix_in_rounds<P: Plugin>(plugin: &P, text: &str, unsafe_fixes: bool) -> String {
    let mut current = text.to_string();
    for _ in 0..fix::MAX_ROUNDS {
        let findings = check(plugin, &current);
        let next = apply_fixes(
            &current,
            findings
                .iter()
                .filter(|f| unsafe_fixes || matches!(f.fix, Some((Applicability::Safe, _, _)))),
        );
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// Fails the test unless the plugin's safe fixes turn `text` into `expected`: the text
/// `boilerlint check --fix` writes (see [`fixed`]).
#[track_caller]
pub fn assert_fixed<P: Plugin>(plugin: &P, text: &str, expected: &str) {
    compare_fixed(plugin, text, expected, false);
}

/// Fails the test unless all the plugin's fixes, safe and unsafe, turn `text` into `expected`:
/// the text `boilerlint check --fix --unsafe-fixes` writes (see [`fixed_unsafe`]).
#[track_caller]
pub fn assert_fixed_unsafe<P: Plugin>(plugin: &P, text: &str, expected: &str) {
    compare_fixed(plugin, text, expected, true);
}

#[track_caller]
fn compare_fixed<P: Plugin>(plugin: &P, text: &str, expected: &str, unsafe_fixes: bool) {
    let fixed = &fix_in_rounds(plugin, text, unsafe_fixes);
    if fixed == expected {
        return;
    }
    let first_difference = fixed
        .split('\n')
        .zip(expected.split('\n'))
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| fixed.split('\n').count().min(expected.split('\n').count()))
        + 1;
    let findings = check(plugin, text);
    panic!(
        "the fixes of plugin `{}` do not give the expected text (first difference on line \
         {first_difference})\n\nexpected:\n\n{}\nfixed:\n\n{}\nfindings ({}):\n\n{}",
        P::NAME,
        render(expected, &[]),
        render(fixed, &[]),
        findings.len(),
        render(text, &findings),
    );
}

/// A finding in one line: rule, lines, message, fix.
struct Described<'f>(&'f TestFinding);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = self.0;
        let lines = LineRange {
            first: found.lines.0,
            last: found.lines.1,
        };
        write!(f, "{} ({lines}): {}", found.rule, found.message)?;
        match &found.fix {
            None => write!(f, " [no fix]"),
            Some((app, _, replacement)) if replacement.is_empty() => {
                write!(f, " [fix: {}]", app.as_str())
            }
            Some((app, _, replacement)) => {
                write!(f, " [fix: {}, replace with {replacement:?}]", app.as_str())
            }
        }
    }
}

/// Texts longer than this many lines are shown only around the findings.
const FULL_TEXT_LINES: usize = 40;
/// Lines shown before and after a finding in a long text.
const CONTEXT_LINES: usize = 2;
/// Longer lines are cut.
const MAX_SHOWN_CHARS: usize = 100;

/// `text` with line numbers, the lines of `findings` marked with `>` and each finding written
/// under its last line.
fn render(text: &str, findings: &[TestFinding]) -> String {
    let mut lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    if text.ends_with('\n') || text.is_empty() {
        lines.pop();
    }
    if lines.is_empty() {
        return "    (empty text)\n".to_string();
    }
    let width = lines.len().to_string().len();
    let marked = |n: usize| findings.iter().any(|f| f.lines.0 <= n && n <= f.lines.1);
    let shown = |n: usize| {
        lines.len() <= FULL_TEXT_LINES
            || findings.iter().any(|f| {
                f.lines.0.saturating_sub(CONTEXT_LINES) <= n && n <= f.lines.1 + CONTEXT_LINES
            })
    };
    let mut out = String::new();
    let mut skipped = false;
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if !shown(n) {
            if !skipped {
                out.push_str(&format!("    {:>width$} ...\n", ""));
            }
            skipped = true;
            continue;
        }
        skipped = false;
        let marker = if marked(n) { '>' } else { ' ' };
        let row = format!(
            "  {marker} {n:>width$} | {}",
            crate::clip_to_width(line, MAX_SHOWN_CHARS)
        );
        out.push_str(row.trim_end());
        out.push('\n');
        for found in findings.iter().filter(|f| f.lines.1 == n) {
            out.push_str(&format!("    {:>width$} = {}\n", "", Described(found)));
        }
    }
    for found in findings.iter().filter(|f| f.lines.1 > lines.len()) {
        out.push_str(&format!(
            "    {:>width$} = {} (after the last line)\n",
            "",
            Described(found)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(rule: &'static str, text: &str, needle: &str, fix: Option<&str>) -> TestFinding {
        let start = text.find(needle).unwrap();
        let range = start..start + needle.len();
        let line_of = |o: usize| text[..o].matches('\n').count() + 1;
        TestFinding {
            rule,
            text: needle.to_string(),
            lines: (line_of(range.start), line_of(range.end - 1)),
            message: "found".to_string(),
            language: None,
            severity: None,
            score: 1.0,
            fix: fix.map(|r| (Applicability::Safe, range.clone(), r.to_string())),
            range,
        }
    }

    #[test]
    fn render_marks_flagged_lines_and_writes_findings_under_them() {
        let text = "One.\n\nAd\nAd again\n\nTwo.\n";
        let found = flagged("ad-line", text, "Ad\nAd again", Some(""));
        assert_eq!(
            render(text, &[found]),
            "    1 | One.\n    2 |\n  > 3 | Ad\n  > 4 | Ad again\n      \
             = ad-line (lines 3-4): found [fix: safe]\n    5 |\n    6 | Two.\n"
        );
        assert_eq!(render("", &[]), "    (empty text)\n");
    }

    #[test]
    fn render_shows_only_the_surroundings_of_findings_in_a_long_text() {
        let text: String = (1..=60).map(|n| format!("line {n}\n")).collect();
        let found = flagged("x", &text, "line 30\n", None);
        let shown = render(&text, &[found]);
        assert!(
            shown.starts_with("       ...\n    28 | line 28\n"),
            "{shown}"
        );
        assert!(shown.contains("\n  > 30 | line 30\n"), "{shown}");
        assert!(
            shown.ends_with("\n    32 | line 32\n       ...\n"),
            "{shown}"
        );
    }

    #[test]
    fn apply_fixes_replaces_and_merges_deletions() {
        let text = "keep DROP keep SWAP keep";
        let drop = flagged("x", text, "DROP", Some(""));
        let drop_more = flagged("x", text, "DROP keep", Some(""));
        let swap = flagged("x", text, "SWAP", Some("new"));
        assert_eq!(
            apply_fixes(text, [&drop, &drop_more, &swap]),
            "keep  new keep"
        );
        // A fix overlapping an earlier replacement is skipped.
        let overlapping = flagged("x", text, "SWAP keep", Some(""));
        assert_eq!(
            apply_fixes(text, [&swap, &overlapping]),
            "keep DROP keep new keep"
        );
        let no_fix = flagged("x", text, "DROP", None);
        assert_eq!(apply_fixes(text, [&no_fix]), text);
    }

    #[test]
    fn expected_findings_describe_themselves() {
        let e = finding("ad-line", 3)
            .message("ad marker")
            .fix(Applicability::Safe);
        assert_eq!(e.to_string(), "ad-line (line 3): ad marker [fix: safe]");
        assert_eq!(
            finding("footer", 5..=9).no_fix().to_string(),
            "footer (lines 5-9) [no fix]"
        );
    }
}
