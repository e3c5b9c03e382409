//! Reporting findings to the host without allocating.

use std::ops::Range;

use crate::invisible::Visible;
use crate::{abi, Applicability, Line, Paragraph, Rule, Severity};

/// Hands findings to the host. Given to [`crate::Plugin::check`].
pub struct Reporter<'a> {
    sink: &'a abi::FindingSink,
    rules: &'static [Rule],
    stopped: bool,
    /// When the plugin reads the document otherwise than the host holds it (see
    /// [`crate::invisible`]), where its bytes came from: the ranges it reports are mapped back
    /// onto the host's text.
    visible: Option<&'a Visible>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(sink: &'a abi::FindingSink, rules: &'static [Rule]) -> Reporter<'a> {
        Reporter {
            sink,
            rules,
            stopped: false,
            visible: None,
        }
    }

    /// A reporter for a plugin that reads `visible`, the host's text as plugins read it (see
    /// [`crate::invisible`]).
    pub(crate) fn for_visible(
        sink: &'a abi::FindingSink,
        rules: &'static [Rule],
        visible: &'a Visible,
    ) -> Reporter<'a> {
        Reporter {
            visible: Some(visible),
            ..Reporter::new(sink, rules)
        }
    }

    /// A range of the text the plugin reads as a span of the host's text.
    fn span(&self, range: Range<usize>) -> abi::Span {
        let range = match self.visible {
            Some(visible) => visible.original(range),
            None => range,
        };
        abi::Span {
            start: range.start as u64,
            end: range.end as u64,
        }
    }

    /// Starts a finding of `rule` over the byte range `range` of the document; finish it with
    /// [`Report::emit`].
    ///
    /// # Panics
    ///
    /// If `rule` is not one of the plugin's [`crate::Plugin::RULES`] (the host is told the
    /// plugin panicked).
    pub fn report<'r>(
        &'r mut self,
        rule: &Rule,
        range: Range<usize>,
        message: &'r str,
    ) -> Report<'r, 'a> {
        let rule_index = self
            .rules
            .iter()
            .position(|r| r.id == rule.id)
            .unwrap_or_else(|| panic!("rule `{}` is not in the plugin's RULES", rule.id));
        Report {
            reporter: self,
            rule_index: rule_index as u32,
            range,
            message,
            language: "",
            score: 1.0,
            severity: abi::SEVERITY_DEFAULT,
            fix: None,
        }
    }

    /// Starts a finding covering a whole paragraph.
    pub fn paragraph<'r>(
        &'r mut self,
        rule: &Rule,
        paragraph: &Paragraph<'_>,
        message: &'r str,
    ) -> Report<'r, 'a> {
        self.report(rule, paragraph.range(), message)
    }

    /// Starts a finding from the start of line `first` to the end of line `last`.
    pub fn lines<'r>(
        &'r mut self,
        rule: &Rule,
        first: &Line<'_>,
        last: &Line<'_>,
        message: &'r str,
    ) -> Report<'r, 'a> {
        self.report(rule, first.range().start..last.range().end, message)
    }

    /// True once the host asked to stop (it ignores further findings for this document).
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }
}

/// A finding being built. Nothing reaches the host until [`Report::emit`].
#[must_use = "a report does nothing until `.emit()` is called"]
pub struct Report<'r, 'a> {
    reporter: &'r mut Reporter<'a>,
    rule_index: u32,
    range: Range<usize>,
    message: &'r str,
    language: &'r str,
    score: f64,
    severity: u32,
    fix: Option<(Applicability, Range<usize>, &'r str)>,
}

impl<'r> Report<'r, '_> {
    /// The ISO 639-1 code of the flagged text's language (or `und`, ISO 639-2's
    /// undetermined language, for text shown to be in another language that none names).
    pub fn language(mut self, code: &'r str) -> Self {
        self.language = code;
        self
    }

    /// The rule's confidence, `0.0..=1.0` (default 1). Corpus tools filter on it.
    pub fn score(mut self, score: f64) -> Self {
        self.score = score.clamp(0.0, 1.0);
        self
    }

    /// Overrides the rule's default severity for this finding.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity.to_abi();
        self
    }

    /// Offers deleting the flagged range as a safe fix (applied by `--fix`). The host removes
    /// whole lines and paragraphs cleanly, with their line breaks.
    pub fn delete_safe(self) -> Self {
        self.delete(Applicability::Safe)
    }

    /// Offers deleting the flagged range as an unsafe fix (applied by `--unsafe-fixes`).
    pub fn delete_unsafe(self) -> Self {
        self.delete(Applicability::Unsafe)
    }

    /// Offers deleting the flagged range.
    pub fn delete(self, applicability: Applicability) -> Self {
        let range = self.range.clone();
        self.replace(applicability, range, "")
    }

    /// Offers replacing `range` (of the document) with `replacement`.
    pub fn replace(
        mut self,
        applicability: Applicability,
        range: Range<usize>,
        replacement: &'r str,
    ) -> Self {
        self.fix = Some((applicability, range, replacement));
        self
    }

    /// Sends the finding to the host.
    pub fn emit(self) {
        let reporter = self.reporter;
        if reporter.stopped {
            return;
        }
        let mut edit = abi::Edit {
            span: abi::Span { start: 0, end: 0 },
            replacement: abi::StrRef::EMPTY,
        };
        let mut applicability = abi::APPLICABILITY_NONE;
        if let Some((app, range, replacement)) = self.fix {
            applicability = app.to_abi();
            edit = abi::Edit {
                span: reporter.span(range),
                replacement: abi::StrRef::new(replacement),
            };
        }
        let finding = abi::Finding {
            size: std::mem::size_of::<abi::Finding>() as u32,
            rule_index: self.rule_index,
            severity: self.severity,
            applicability,
            span: reporter.span(self.range),
            message: abi::StrRef::new(self.message),
            language: abi::StrRef::new(self.language),
            score: self.score,
            edits: &edit,
            edits_len: usize::from(applicability != abi::APPLICABILITY_NONE),
        };
        let Some(emit) = reporter.sink.emit else {
            reporter.stopped = true;
            return;
        };
        // SAFETY: the sink comes from the host for the duration of this `check` call, and
        // `finding` with everything it points to lives until `emit` returns.
        let answer = unsafe { emit(reporter.sink.ctx, &finding) };
        if answer != abi::EMIT_CONTINUE {
            reporter.stopped = true;
        }
    }
}
