//! Reporting: one sink receives every result in order, keeps the summary, and writes the
//! chosen format. `human` for people; `json`, `jsonl`, `sarif` and `github` for tools (they are
//! contracts: see the README).

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Seek, Write};

use annotate_snippets::{Level, Renderer, Snippet};
use boilerlint_core::{Applicability, Finding, Severity};
use serde::Serialize;
use serde_json::json;

use crate::Format;
use boilerlint_corpus::escape::{clean, clean_lines, clean_message};
use boilerlint_corpus::input::Input;
use boilerlint_corpus::pipeline::{DocResult, Sink};

/// Longest snippet line, in characters.
const SNIPPET_WIDTH: usize = 96;

/// Counts of a run.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    pub files_with_findings: usize,
    pub documents: usize,
    pub documents_with_findings: usize,
    pub bytes: usize,
    pub findings: usize,
    pub fixable: usize,
    #[serde(skip)]
    pub fixable_safe: usize,
    pub fixed: usize,
    /// Fixes made but not written: their output failed.
    #[serde(skip)]
    pub unwritten: usize,
    pub errors: usize,
    pub by_rule: BTreeMap<String, usize>,
    #[serde(skip)]
    pub skipped: usize,
    /// Documents the rules did not run on (unreadable, malformed, set-up errors).
    #[serde(skip)]
    pub not_checked: usize,
    /// Findings left in the outputs of skipped inputs (an earlier run wrote them).
    #[serde(skip)]
    pub remaining_in_skipped: usize,
    /// Inputs that failed before any of their documents was read (a binary shard).
    #[serde(skip)]
    pub unread: usize,
}

impl Summary {
    /// Findings per rule for a summary line: `cookie-banner: 3, ad-notice: 1`.
    fn by_rule_list(&self) -> String {
        let rules: Vec<String> = self
            .by_rule
            .iter()
            .map(|(rule, n)| format!("{}: {n}", clean(rule)))
            .collect();
        rules.join(", ")
    }
}

/// A finding as the machine formats write it.
#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a serde_json::value::RawValue>,
    rule: &'a str,
    plugin: &'a str,
    severity: &'a str,
    message: &'a str,
    start: usize,
    end: usize,
    line_start: usize,
    line_end: usize,
    language: Option<&'a str>,
    fix: Option<serde_json::Value>,
}

fn json_finding<'a>(result: &'a DocResult, f: &'a Finding) -> JsonFinding<'a> {
    JsonFinding {
        path: None,
        record: result.record,
        id: result
            .id
            .as_deref()
            .and_then(|id| serde_json::from_str(id).ok()),
        rule: &f.rule,
        plugin: &f.plugin,
        severity: f.severity.as_str(),
        message: &f.message,
        start: f.range.start,
        end: f.range.end,
        line_start: f.line_start,
        line_end: f.line_end,
        language: f.language.as_deref(),
        fix: f.fix.as_ref().map(|fix| {
            json!({
                "applicability": fix.applicability.as_str(),
                "edits": fix.edits.iter().map(|e| json!({
                    "start": e.range.start, "end": e.range.end, "replacement": e.replacement
                })).collect::<Vec<_>>()
            })
        }),
    }
}

/// The sink of `boilerlint check`.
pub struct Report {
    format: Format,
    out: Box<dyn Write + Send>,
    pub summary: Summary,
    /// Every error: (document or input name, message).
    pub errors: Vec<(Option<String>, String)>,
    /// `json` and `sarif`: where the streamed report stands.
    stream: Stream,
    current_has_findings: bool,
    /// Findings fixed in the input being read: counted once its output is written.
    current_fixed: usize,
    /// Documents of the input being read, so far.
    current_documents: usize,
    /// Hashes of the record ids of the shard being read, to report duplicates.
    current_ids: std::collections::HashSet<u64>,
    renderer: Renderer,
    /// With fixes applied, what `human` says at the end.
    pub fixing: bool,
    /// `--unsafe-fixes` was given: the summary's hints count unsafe fixes with `--fix`.
    pub unsafe_fixes: bool,
    /// `--show-fixes`: the inputs whose fixes were written, with how many findings they
    /// removed.
    pub show_fixes: Option<Vec<(String, usize)>>,
    /// `--output-format attributes`: where the attribute files go (named by the summary).
    pub attributes_dir: Option<std::path::PathBuf>,
    pub diff: bool,
    pub progress: Option<indicatif::ProgressBar>,
    /// Rule summaries by id, for SARIF.
    pub rules: BTreeMap<String, String>,
    /// The highest severity reported.
    pub max_severity: Option<Severity>,
}

impl Report {
    pub fn new(format: Format, out: Box<dyn Write + Send>, color: bool) -> Report {
        Report {
            format,
            out,
            summary: Summary::default(),
            errors: Vec::new(),
            stream: Stream::default(),
            current_has_findings: false,
            current_fixed: 0,
            current_documents: 0,
            current_ids: std::collections::HashSet::new(),
            renderer: if color {
                Renderer::styled()
            } else {
                Renderer::plain()
            },
            fixing: false,
            unsafe_fixes: false,
            attributes_dir: None,
            show_fixes: None,
            diff: false,
            progress: None,
            rules: BTreeMap::new(),
            max_severity: None,
        }
    }

    /// Records a run-level error (config, plugin load).
    pub fn run_error(&mut self, message: String) {
        self.summary.errors += 1;
        self.errors.push((None, message));
    }

    fn error(&mut self, name: String, message: String) -> io::Result<()> {
        self.summary.errors += 1;
        if let Some(bar) = &self.progress {
            bar.suspend(|| say!("error: {}: {}", clean(&name), clean_message(&message)));
        } else {
            say!("error: {}: {}", clean(&name), clean_message(&message));
        }
        self.errors.push((Some(name), message));
        Ok(())
    }

    /// Writes what the format writes at the end.
    pub fn finish(&mut self) -> io::Result<()> {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        match self.format {
            Format::Human | Format::Concise => self.human_summary()?,
            Format::Json => {
                if self.stream.files == 0 {
                    self.out.write_all(JSON_HEAD)?;
                    self.out.write_all(b"],\n")?;
                } else {
                    self.out.write_all(b"\n  ],\n")?;
                }
                let summary = serde_json::to_value(&self.summary)?;
                let errors: Vec<serde_json::Value> = self
                    .errors
                    .iter()
                    .map(|(path, message)| json!({ "path": path, "message": message }))
                    .collect();
                self.out.write_all(b"  \"summary\": ")?;
                self.out.write_all(&pretty_at(&summary, 2)?)?;
                self.out.write_all(b",\n  \"errors\": ")?;
                self.out.write_all(&pretty_at(&errors, 2)?)?;
                self.out.write_all(b"\n}\n")?;
            }
            Format::Sarif => {
                let log = crate::sarif::log(
                    &self.stream.sarif_rules,
                    &self.errors,
                    &self.rules,
                    Vec::new(),
                );
                let head = serde_json::to_vec_pretty(&log)?;
                match self.stream.spool.take() {
                    None => self.out.write_all(&head)?,
                    Some(spool) => {
                        // The results are the log's last member: print the log without them
                        // up to its `"results": `, then the results kept aside, then its end.
                        let head = head
                            .strip_suffix(SARIF_TAIL_EMPTY)
                            .expect("the results are the last member of the SARIF log");
                        self.out.write_all(head)?;
                        self.out.write_all(b"[")?;
                        let mut spool = spool.into_inner().map_err(io::Error::other)?;
                        spool.seek(io::SeekFrom::Start(0))?;
                        io::copy(&mut spool, &mut self.out)?;
                        self.out.write_all(b"\n      ]\n    }\n  ]\n}")?;
                    }
                }
                writeln!(self.out)?;
            }
            Format::Attributes => self.attributes_summary()?,
            Format::Jsonl | Format::Github => {}
        }
        self.out.flush()
    }

    /// What `--output-format attributes` wrote, on stdout.
    fn attributes_summary(&mut self) -> io::Result<()> {
        let s = &self.summary;
        let noun = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let dir = self
            .attributes_dir
            .as_ref()
            .map(|d| clean(&d.display().to_string()).into_owned())
            .unwrap_or_default();
        let written = s.files - s.skipped;
        write!(
            self.out,
            "Wrote attributes for {} of {} under {dir}",
            noun(s.documents - s.not_checked, "record"),
            noun(written, "shard"),
        )?;
        if s.findings > 0 {
            let by_rule = s.by_rule_list();
            write!(
                self.out,
                ": {} ({}) in {}",
                noun(s.findings, "span"),
                by_rule,
                noun(s.documents_with_findings, "record")
            )?;
        }
        if s.skipped > 0 {
            write!(self.out, "; {} skipped", noun(s.skipped, "shard"))?;
        }
        let failed = self.errors.len();
        if failed > 0 {
            write!(self.out, "; {} (see above)", noun(failed, "error"))?;
        }
        writeln!(self.out, ".")
    }

    fn human_summary(&mut self) -> io::Result<()> {
        let s = &self.summary;
        let out = &mut self.out;
        let noun = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        // Files read (not skipped, not failed before their first document).
        let read = s.files - s.skipped - s.unread;
        let count = |documents: usize| {
            if s.documents != read {
                format!("{} in {}", noun(documents, "document"), noun(read, "file"))
            } else {
                noun(documents, "file")
            }
        };
        let documents = count(s.documents);
        if self.diff {
            writeln!(
                out,
                "Would fix {} in {documents}.",
                noun(s.fixed, "finding")
            )?;
            return Ok(());
        }
        if s.files == 0 && s.skipped == 0 {
            writeln!(
                out,
                "Nothing checked: no input (.txt, .md, .jsonl[.gz|.zst]) was found{}.",
                if self.errors.is_empty() {
                    ""
                } else {
                    " (see above)"
                }
            )?;
            return Ok(());
        }
        if s.not_checked == s.documents && s.skipped == 0 && s.files > 0 {
            let what = if s.documents == 0 || s.documents == read {
                noun(s.files, "file")
            } else {
                noun(s.documents, "document")
            };
            writeln!(
                out,
                "Nothing checked: {what} not checked because of the errors above."
            )?;
            return Ok(());
        }
        if self.fixing && s.fixed > 0 {
            writeln!(out, "Fixed {}.", noun(s.fixed, "finding"))?;
            for (name, fixed) in self.show_fixes.iter().flatten() {
                writeln!(
                    out,
                    "  {}: {} removed",
                    clean(name),
                    noun(*fixed, "finding")
                )?;
            }
        }
        if s.unwritten > 0 {
            writeln!(
                out,
                "Not fixed: {}, in outputs that could not be written (see above).",
                noun(s.unwritten, "finding")
            )?;
        }
        let failed = self
            .errors
            .iter()
            .filter(|(name, _)| name.is_some())
            .count();
        let not_checked = match (s.not_checked, s.unread) {
            (0, 0) => String::new(),
            (n, 0) if s.documents == read => format!("; {} not checked", noun(n, "file")),
            (n, 0) => format!("; {} not checked", noun(n, "document")),
            (0, u) => format!("; {} not checked", noun(u, "file")),
            (n, u) => format!(
                "; {} and {} not checked",
                noun(n, "document"),
                noun(u, "file")
            ),
        };
        let other_errors = failed.saturating_sub(s.not_checked + s.unread);
        let incomplete = match (other_errors, not_checked.is_empty()) {
            (0, true) => String::new(),
            (0, false) => format!("{not_checked} (see above)"),
            (n, _) => format!("{not_checked}; {} (see above)", noun(n, "error")),
        };
        let skipped = if s.skipped > 0 {
            format!("; {} skipped", noun(s.skipped, "input"))
        } else {
            String::new()
        };
        let remaining = match s.remaining_in_skipped {
            0 => String::new(),
            1 => " (1 finding remains in them: --force reports it)".to_string(),
            n => format!(" ({n} findings remain in them: --force reports them)"),
        };
        let documents = count(s.documents - s.not_checked);
        if s.findings == 0 {
            let after = if self.fixing && s.fixed > 0 {
                " after fixing"
            } else {
                ""
            };
            let other = if s.unwritten > 0 { " other" } else { "" };
            writeln!(
                out,
                "No{other} findings in {documents}{after}{incomplete}{skipped}{remaining}."
            )?;
            return Ok(());
        }
        let by_rule = s.by_rule_list();
        write!(
            out,
            "Found {} ({}) in {} of {documents}",
            noun(s.findings, "finding"),
            by_rule,
            s.documents_with_findings
        )?;
        let unsafe_only = s.fixable - s.fixable_safe;
        match (s.fixable_safe, unsafe_only) {
            (0, 0) => {}
            // --unsafe-fixes given: --fix applies them all.
            (f, u) if self.unsafe_fixes => write!(out, "; {} fixable with `--fix`", f + u)?,
            (0, u) => write!(out, "; {u} fixable with `--fix --unsafe-fixes`")?,
            (f, 0) => write!(out, "; {f} fixable with `--fix`")?,
            (f, u) => write!(
                out,
                "; {f} fixable with `--fix`, {u} more with `--fix --unsafe-fixes`"
            )?,
        }
        writeln!(out, "{incomplete}{skipped}{remaining}.")
    }

    fn human(&mut self, input: &Input, result: &DocResult) -> io::Result<()> {
        if let Some(diff) = &result.diff {
            write!(self.out, "{}", clean_lines(diff))?;
        }
        if self.diff {
            return Ok(());
        }
        let name = result.name(input);
        for f in &result.findings {
            let rendered = render(&self.renderer, &clean(&name), &result.text, f);
            writeln!(self.out, "{rendered}\n")?;
        }
        Ok(())
    }

    fn concise(&mut self, input: &Input, result: &DocResult) -> io::Result<()> {
        let name = clean(&input.display).into_owned();
        for f in &result.findings {
            let start = f.range.start.min(result.text.len());
            let line_start = result.text[..start].rfind('\n').map_or(0, |i| i + 1);
            let column = result
                .text
                .get(line_start..start)
                .map_or(1, |s| s.chars().count() + 1);
            // A record is one line of its shard: its line is the record's.
            let (line, column) = match result.record {
                Some(record) => (record as usize, 1),
                None => (f.line_start, column),
            };
            let fixable = f
                .fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Safe || self.unsafe_fixes);
            writeln!(
                self.out,
                "{name}:{line}:{column}: {} {}{}",
                clean(&f.rule),
                if fixable { "[*] " } else { "" },
                clean_message(&f.message)
            )?;
        }
        Ok(())
    }

    fn github(&mut self, input: &Input, result: &DocResult) -> io::Result<()> {
        for f in &result.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let (line, end) = match result.record {
                // A record is one line of its shard.
                Some(record) => (record as usize, record as usize),
                None => (f.line_start, f.line_end),
            };
            writeln!(
                self.out,
                "::{level} file={},line={line},endLine={end},title={}::{}",
                escape_property(&input.display),
                escape_property(&f.rule),
                escape_data(&f.message)
            )?;
        }
        Ok(())
    }
}

/// GitHub workflow-command escaping of a property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow-command escaping of the message; other control characters are escaped as
/// everywhere else, so none reaches the log raw.
fn escape_data(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    clean(&s).into_owned()
}

impl Sink for Report {
    fn document(&mut self, input: &Input, result: &DocResult) -> io::Result<()> {
        self.current_documents += 1;
        let s = &mut self.summary;
        s.documents += 1;
        s.bytes += result.bytes;
        if !result.checked && !result.errors.is_empty() {
            s.not_checked += 1;
        }
        self.current_fixed += result.fixed;
        if !result.findings.is_empty() {
            s.documents_with_findings += 1;
            self.current_has_findings = true;
        }
        for f in &result.findings {
            self.max_severity = self.max_severity.max(Some(f.severity));
            s.findings += 1;
            *s.by_rule.entry(f.rule.clone()).or_default() += 1;
            if let Some(fix) = &f.fix {
                s.fixable += 1;
                if fix.applicability == Applicability::Safe {
                    s.fixable_safe += 1;
                }
            }
        }
        if let Some(bar) = &self.progress {
            bar.inc(result.bytes as u64);
        }
        for message in &result.errors {
            self.error(result.name(input), message.clone())?;
        }
        if let Some(id) = &result.id {
            /// Ids beyond this many per shard are not checked for duplicates (memory).
            const MAX_IDS: usize = 4 << 20;
            if self.current_ids.len() < MAX_IDS {
                let hash = {
                    use std::hash::{BuildHasher, BuildHasherDefault};
                    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
                        .hash_one(id.as_str())
                };
                if !self.current_ids.insert(hash) {
                    self.error(
                        result.name(input),
                        format!("duplicate id {id} (an earlier record of this shard has it)"),
                    )?;
                }
            }
        }
        match self.format {
            Format::Human => self.human(input, result)?,
            Format::Concise => self.concise(input, result)?,
            Format::Github => self.github(input, result)?,
            Format::Jsonl => {
                for f in &result.findings {
                    let line = JsonFinding {
                        path: Some(&input.display),
                        ..json_finding(result, f)
                    };
                    serde_json::to_writer(&mut self.out, &line)?;
                    writeln!(self.out)?;
                }
            }
            Format::Json => {
                for f in &result.findings {
                    let value = serde_json::to_value(json_finding(result, f))?;
                    if !self.stream.file_open {
                        self.open_json_file(input)?;
                        self.out.write_all(b"[")?;
                        self.stream.file_open = true;
                        self.stream.findings = 0;
                    }
                    let separator: &[u8] = if self.stream.findings == 0 {
                        b"\n        "
                    } else {
                        b",\n        "
                    };
                    self.out.write_all(separator)?;
                    self.out.write_all(&pretty_at(&value, 8)?)?;
                    self.stream.findings += 1;
                }
            }
            Format::Sarif => {
                for f in &result.findings {
                    let value = serde_json::to_value(json_finding(result, f))?;
                    let sarif =
                        crate::sarif::result(&input.display, &value, &mut self.stream.sarif_rules);
                    let spool = match &mut self.stream.spool {
                        Some(spool) => spool,
                        None => self.stream.spool.insert(io::BufWriter::new(
                            tempfile::tempfile().map_err(|e| {
                                io::Error::new(
                                    e.kind(),
                                    format!(
                                        "cannot make a temporary file for the SARIF results \
                                         (set TMPDIR to a writable directory): {e}"
                                    ),
                                )
                            })?,
                        )),
                    };
                    let separator: &[u8] = if self.stream.results == 0 {
                        b"\n        "
                    } else {
                        b",\n        "
                    };
                    spool.write_all(separator)?;
                    spool.write_all(&pretty_at(&sarif, 8)?)?;
                    self.stream.results += 1;
                }
            }
            Format::Attributes => {}
        }
        Ok(())
    }

    fn skipped(&mut self, input: &Input, reason: &str) -> io::Result<()> {
        if reason.starts_with("skipped:") {
            self.summary.skipped += 1;
            self.note(input, reason)
        } else {
            self.error(input.display.clone(), reason.to_string())
        }
    }

    fn skipped_remaining(
        &mut self,
        _input: &Input,
        remaining: boilerlint_corpus::resume::Remaining,
    ) -> io::Result<()> {
        self.summary.remaining_in_skipped += remaining.findings;
        if remaining.failing > 0 {
            self.max_severity = self.max_severity.max(Some(Severity::Warning));
        }
        Ok(())
    }

    fn output_failed(&mut self, input: &Input, message: &str) -> io::Result<()> {
        // Its fixes were not written: "Fixed N findings" counts only what was.
        self.summary.unwritten += std::mem::take(&mut self.current_fixed);
        if self.current_documents == 0 {
            self.summary.unread += 1;
        }
        self.error(input.display.clone(), message.to_string())
    }

    fn note(&mut self, input: &Input, message: &str) -> io::Result<()> {
        let line = format!("{}: {}", clean(&input.display), clean(message));
        match &self.progress {
            Some(bar) => bar.suspend(|| say!("{line}")),
            None => say!("{line}"),
        }
        Ok(())
    }

    fn input_done(&mut self, input: &Input) -> io::Result<()> {
        let fixed = std::mem::take(&mut self.current_fixed);
        self.summary.fixed += fixed;
        if let (Some(list), true) = (&mut self.show_fixes, fixed > 0) {
            list.push((input.display.clone(), fixed));
        }
        self.current_documents = 0;
        self.current_ids.clear();
        self.summary.files += 1;
        if std::mem::take(&mut self.current_has_findings) {
            self.summary.files_with_findings += 1;
        }
        if self.format == Format::Json {
            if std::mem::take(&mut self.stream.file_open) {
                self.out.write_all(b"\n      ]\n    }")?;
            } else {
                self.open_json_file(input)?;
                self.out.write_all(b"[]\n    }")?;
            }
        }
        Ok(())
    }
}

/// `--format json` and `sarif` are written as the findings come, so memory does not grow with
/// the report: the bytes are those `serde_json`'s pretty printer makes of the whole report (a
/// value printed alone and indented by its depth is printed as it is inside its parent, since
/// JSON strings hold no raw line break).
#[derive(Default)]
struct Stream {
    /// `json`: files written (opened) so far.
    files: usize,
    /// `json`: the current input's object is open, its findings array begun.
    file_open: bool,
    /// `json`: findings written in the current input's array.
    findings: usize,
    /// `sarif`: the results, written as they come, until the part of the log that precedes
    /// them (every rule seen, every error) is known.
    spool: Option<io::BufWriter<std::fs::File>>,
    /// `sarif`: results written to the spool.
    results: usize,
    /// `sarif`: rules seen, in order, with their plugins.
    sarif_rules: Vec<(String, String)>,
}

/// The start of the JSON report, up to the files array's `[`.
const JSON_HEAD: &[u8] = b"{\n  \"version\": 1,\n  \"files\": [";

/// How the pretty SARIF log with no result ends.
const SARIF_TAIL_EMPTY: &[u8] = b"[]\n    }\n  ]\n}";

/// `value` pretty-printed as it is at `indent` spaces of depth: its lines after the first are
/// indented by that much more.
fn pretty_at<T: Serialize + ?Sized>(value: &T, indent: usize) -> io::Result<Vec<u8>> {
    let bytes = serde_json::to_vec_pretty(value)?;
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8);
    for byte in bytes {
        out.push(byte);
        if byte == b'\n' {
            out.extend(std::iter::repeat_n(b' ', indent));
        }
    }
    Ok(out)
}

impl Report {
    /// Writes the start of `input`'s object in the JSON files array, up to its findings.
    fn open_json_file(&mut self, input: &Input) -> io::Result<()> {
        if self.stream.files == 0 {
            self.out.write_all(JSON_HEAD)?;
            self.out.write_all(b"\n    {\n      \"path\": ")?;
        } else {
            self.out.write_all(b",\n    {\n      \"path\": ")?;
        }
        serde_json::to_writer(&mut self.out, &input.display)?;
        self.out.write_all(b",\n      \"findings\": ")?;
        self.stream.files += 1;
        Ok(())
    }
}

/// One finding, rustc style, with the flagged lines (long ranges elided in the middle).
fn render(renderer: &Renderer, name: &str, text: &str, f: &Finding) -> String {
    let lines: Vec<std::borrow::Cow<'_, str>> = text
        .lines()
        .skip(f.line_start.saturating_sub(1))
        .take(f.line_end + 1 - f.line_start)
        .map(|l| l.trim_start_matches('\u{feff}').trim_end_matches('\r'))
        .map(clean)
        .collect();
    // An empty or BOM-only document has no line: show line 1, empty.
    let lines = if lines.is_empty() {
        vec!["".into()]
    } else {
        lines
    };
    let shown: Vec<(usize, String)> = if lines.len() > 4 {
        vec![
            (f.line_start, clip(&lines[0])),
            (f.line_start + 1, clip(&lines[1])),
            (f.line_end, clip(&lines[lines.len() - 1])),
        ]
    } else {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| (f.line_start + i, clip(l)))
            .collect()
    };
    let level = match f.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    };
    let fix_note = match f.fix.as_ref().map(|fix| fix.applicability) {
        Some(Applicability::Safe) => Some("fix: remove it with `--fix`".to_string()),
        Some(Applicability::Unsafe) => Some(
            "fix (unsafe: may remove article text): remove it with `--fix --unsafe-fixes`"
                .to_string(),
        ),
        None => None,
    };
    let lines_label = if f.line_start == f.line_end {
        format!("line {}", f.line_start)
    } else {
        format!("lines {}-{}", f.line_start, f.line_end)
    };
    // The excerpt: the first lines, and the last one when the range is long. The first line
    // carries the annotation; the rest are context, so no long underlines.
    let split = if lines.len() > 4 { 2 } else { shown.len() };
    let head: String = shown[..split]
        .iter()
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let tail: String = shown[split..]
        .iter()
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let first_len = shown[0].1.len().max(1).min(head.len().max(1));
    let label = format!(
        "{lines_label}{}",
        if lines.len() > 4 {
            format!(" ({} more lines elided)", lines.len() - 3)
        } else {
            String::new()
        }
    );
    let (title, rule) = (clean(&f.message), clean(&f.rule));
    let mut message = level.title(&title).id(&rule).snippet(
        Snippet::source(&head)
            .line_start(f.line_start)
            .origin(name)
            .annotation(level.span(0..first_len).label(&label)),
    );
    if !tail.is_empty() {
        message = message.snippet(Snippet::source(&tail).line_start(f.line_end));
    }
    if let Some(note) = &fix_note {
        message = message.footer(Level::Help.title(note));
    }
    let rendered = renderer.render(message).to_string();
    rendered
}

fn clip(line: &str) -> String {
    boilerlint_plugin::clip_to_width(line, SNIPPET_WIDTH).into_owned()
}

/// Whether to color human output on stdout.
pub fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::{Arc, Mutex};

    use boilerlint_core::fix::{Edit, Fix};

    use super::*;
    use boilerlint_corpus::input::Kind;

    /// A writer whose bytes the test reads back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn finding(rule: &str, start: usize, fix: bool) -> Finding {
        Finding {
            rule: rule.into(),
            plugin: "plugin".into(),
            severity: Severity::Warning,
            message: format!("a \"{rule}\"\nnotice"),
            range: start..start + 5,
            line_start: 1,
            line_end: 2,
            column: 1,
            language: (start % 2 == 0).then(|| "tr".to_string()),
            score: 1.0,
            fix: fix.then(|| Fix {
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    range: start..start + 5,
                    replacement: String::new(),
                }],
            }),
        }
    }

    /// Inputs and their documents: no file, a file without findings, files with findings, a
    /// shard with ids and a bad record, a skipped input.
    fn inputs() -> Vec<(Input, Vec<DocResult>)> {
        let text = |name: &str| Input {
            path: Some(PathBuf::from(name)),
            display: name.into(),
            kind: Kind::Text,
            root: None,
        };
        let shard = Input {
            kind: Kind::Jsonl(boilerlint_corpus::input::Compression::None),
            ..text("dir/shard one.jsonl")
        };
        vec![
            (text("clean.txt"), vec![DocResult::default()]),
            (
                text("a.txt"),
                vec![DocResult {
                    findings: vec![finding("cookie-banner", 0, true), finding("ad", 7, false)],
                    ..DocResult::default()
                }],
            ),
            (
                shard,
                vec![
                    DocResult {
                        record: Some(1),
                        id: Some("{\"n\": 1.50}".into()),
                        findings: vec![finding("ad", 2, true)],
                        ..DocResult::default()
                    },
                    DocResult {
                        record: Some(2),
                        errors: vec!["not JSON".into()],
                        ..DocResult::default()
                    },
                    DocResult {
                        record: Some(3),
                        id: Some("\"x\"".into()),
                        findings: vec![finding("cookie-banner", 4, false)],
                        ..DocResult::default()
                    },
                ],
            ),
            (text("skipped.txt"), vec![]),
            (text("b.txt"), vec![DocResult::default()]),
        ]
    }

    fn stream(format: Format, inputs: &[(Input, Vec<DocResult>)], errors: bool) -> Vec<u8> {
        let out = Shared::default();
        let mut report = Report::new(format, Box::new(out.clone()), false);
        report.rules.insert("ad".into(), "Ads.".into());
        if errors {
            report.run_error("a config error".into());
        }
        for (input, results) in inputs {
            for result in results {
                report.document(input, result).unwrap();
            }
            if results.is_empty() {
                report.skipped(input, "cannot read it").unwrap();
            }
            report.input_done(input).unwrap();
        }
        report.finish().unwrap();
        let bytes = out.0.lock().unwrap().clone();
        bytes
    }

    /// The report as it was made before streaming: whole, in memory.
    fn whole(format: Format, inputs: &[(Input, Vec<DocResult>)], errors: bool) -> Vec<u8> {
        let mut files = Vec::new();
        let mut all_errors: Vec<(Option<String>, String)> = Vec::new();
        if errors {
            all_errors.push((None, "a config error".into()));
        }
        for (input, results) in inputs {
            let mut findings = Vec::new();
            for result in results {
                for message in &result.errors {
                    all_errors.push((Some(result.name(input)), message.clone()));
                }
                for f in &result.findings {
                    findings.push(serde_json::to_value(json_finding(result, f)).unwrap());
                }
            }
            if results.is_empty() {
                all_errors.push((Some(input.display.clone()), "cannot read it".into()));
            }
            files.push((input.display.clone(), findings));
        }
        let value = match format {
            Format::Json => {
                // The summary is the streamed run's: only the layout is compared here.
                let out = Shared::default();
                let mut report = Report::new(format, Box::new(out), false);
                if errors {
                    report.run_error("a config error".into());
                }
                for (input, results) in inputs {
                    for result in results {
                        report.document(input, result).unwrap();
                    }
                    if results.is_empty() {
                        report.skipped(input, "cannot read it").unwrap();
                    }
                    report.input_done(input).unwrap();
                }
                json!({
                    "version": 1,
                    "files": files.iter().map(|(path, findings)| json!({
                        "path": path, "findings": findings
                    })).collect::<Vec<_>>(),
                    "summary": &report.summary,
                    "errors": all_errors.iter().map(|(path, message)| json!({
                        "path": path, "message": message
                    })).collect::<Vec<_>>(),
                })
            }
            _ => {
                let mut rules = Vec::new();
                let mut results = Vec::new();
                for (path, findings) in &files {
                    for f in findings {
                        results.push(crate::sarif::result(path, f, &mut rules));
                    }
                }
                let summaries = [("ad".to_string(), "Ads.".to_string())].into();
                crate::sarif::log(&rules, &all_errors, &summaries, results)
            }
        };
        let mut bytes = serde_json::to_vec_pretty(&value).unwrap();
        bytes.push(b'\n');
        bytes
    }

    #[test]
    fn streamed_json_and_sarif_are_the_bytes_of_the_whole_report() {
        let all = inputs();
        let cases: [&[(Input, Vec<DocResult>)]; 4] = [&all, &all[..1], &all[..0], &all[1..2]];
        for format in [Format::Json, Format::Sarif] {
            for inputs in cases {
                for errors in [false, true] {
                    let (streamed, whole) = (
                        String::from_utf8(stream(format, inputs, errors)).unwrap(),
                        String::from_utf8(whole(format, inputs, errors)).unwrap(),
                    );
                    assert_eq!(streamed, whole, "{format:?}, {} inputs", inputs.len());
                }
            }
        }
    }
}
