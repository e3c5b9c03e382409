//! Running a plugin in-process in unit tests, through the same reporting path the host uses.
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
//! use boilerlint_plugin::testing;
//!
//! let plugin = Ads::new("").unwrap();
//! let findings = testing::check(&plugin, "News.\n\nAdvertisement\n\nMore news.\n");
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].rule, "ad-line");
//! assert_eq!(findings[0].lines, (3, 3));
//! assert_eq!(findings[0].text, "Advertisement");
//! assert!(testing::check(&plugin, "Advertisement revenue fell.\n").is_empty());
//! ```

use std::ffi::c_void;
use std::ops::Range;

use crate::{abi, segment, Applicability, Document, Plugin, Reporter, Severity};

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
pub fn check<P: Plugin>(plugin: &P, text: &str) -> Vec<TestFinding> {
    let segments = segment(text);
    let doc = Document::new(text, "<test>", &segments);
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
    let mut reporter = Reporter::new(&sink, P::RULES);
    plugin.check(&doc, &mut reporter);
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
