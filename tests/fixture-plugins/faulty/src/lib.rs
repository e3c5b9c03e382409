//! A plugin that misbehaves on request, to test that the host survives it.
//!
//! It flags every line that reads `FAULTY`. Markers make it misbehave instead: `@@panic@@`
//! panics, `@@out-of-bounds@@` reports a range past the end, `@@split-char@@` one inside a UTF-8
//! character, `@@flood@@` 20000 findings; `@@metadata@@` reports on line 1 the record's URL, id
//! and language as it got them (`-`: unknown). The option `fail = true` makes its creation fail;
//! `edge-spans = true` makes it report, on every document, the empty ranges at its start and at
//! its end (valid findings that an empty or BOM-only document has no line for).

#![deny(unsafe_code)]

use boilerlint_plugin::{declare_rule, export_plugin, Document, Plugin, Reporter, Rule};

declare_rule! {
    /// Flags lines that read `FAULTY` (a test fixture).
    pub FaultyLine { id: "faulty-line", severity: Warning, fix: Always }
}

struct Faulty {
    edge_spans: bool,
}

impl Plugin for Faulty {
    const NAME: &'static str = "faulty";
    const VERSION: &'static str = "0.0.0";
    const RULES: &'static [Rule] = &[FaultyLine::RULE];

    fn new(config: &str) -> Result<Self, String> {
        match config.trim() {
            "" => Ok(Faulty { edge_spans: false }),
            "edge-spans = true" => Ok(Faulty { edge_spans: true }),
            "fail = true" => Err("creation failed as requested by `fail = true`".into()),
            other => Err(format!("unknown option {other:?}")),
        }
    }

    fn check(&self, doc: &Document<'_>, report: &mut Reporter<'_>) {
        let text = doc.text();
        let rule = &FaultyLine::RULE;
        if self.edge_spans {
            report.report(rule, 0..0, "empty span at the start").emit();
            let end = text.len();
            report
                .report(rule, end..end, "empty span at the end")
                .emit();
            return;
        }
        if text.contains("@@panic@@") {
            let empty: Vec<usize> = Vec::new();
            let _ = empty[text.len()]; // an out-of-bounds index, as real bugs do
        }
        if text.contains("@@out-of-bounds@@") {
            report.report(rule, 0..text.len() + 10, "too far").emit();
            return;
        }
        if text.contains("@@split-char@@") {
            let at = text
                .char_indices()
                .find(|(_, c)| c.len_utf8() > 1)
                .map_or(0, |(i, _)| i);
            report.report(rule, at + 1..at + 2, "mid-character").emit();
            return;
        }
        if text.contains("@@metadata@@") {
            if let Some(first) = doc.lines().next() {
                let message = format!(
                    "url={} id={} language={}",
                    doc.url().unwrap_or("-"),
                    doc.id().unwrap_or("-"),
                    doc.language().unwrap_or("-")
                );
                report.lines(rule, &first, &first, &message).emit();
            }
            return;
        }
        if text.contains("@@flood@@") {
            for _ in 0..20_000 {
                report.report(rule, 0..0, "flood").emit();
            }
            return;
        }
        for line in doc.lines().filter(|l| l.text() == "FAULTY") {
            report
                .lines(rule, &line, &line, "a FAULTY line")
                .delete_safe()
                .emit();
        }
    }
}

export_plugin!(Faulty);
