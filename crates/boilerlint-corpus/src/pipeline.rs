//! The streaming pipeline: a reader thread cuts inputs into chunks of documents, the worker
//! pool checks (and fixes) each chunk in parallel, and a writer thread reports and writes the
//! results in input order. Channels between the stages hold two chunks at most, so memory does
//! not grow with the corpus, and output is the same whatever the number of threads.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use boilerlint_core::{Finding, Linter, Metadata};
use rayon::prelude::*;

use crate::escape::clean;
use crate::input::{self, Compression, Input, Kind};
use crate::jsonl::{self, Fields};
use crate::outputs::{attributes_path, output_path};
use crate::parquet_shard::{self, Layout, Rows, Shard};
use crate::replace::{self, Keep};
use crate::resume::{Remaining, Resume, Verdict};

/// A chunk holds at most this many documents...
const CHUNK_DOCS: usize = 1024;
/// ...or about this many bytes. Six chunks at most are alive at once (two queued before the
/// workers, one being checked, two queued before the writer, one being written).
const CHUNK_BYTES: usize = 2 << 20;

/// Set when the user interrupts the run (SIGINT, SIGTERM): the reader stops, the shard being
/// read is abandoned (its input left as it was), and what was written stays complete.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// What to do with fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixMode {
    /// Report only.
    Check,
    /// Apply fixes and write them.
    Fix { unsafe_fixes: bool },
    /// Show fixes as a diff; write nothing.
    Diff { unsafe_fixes: bool },
    /// Report the findings, and fix in memory only: each result carries what the fixes
    /// changed ([`DocResult::changes`]); nothing is written (`eval`'s fix check).
    Measure { unsafe_fixes: bool },
}

/// Where fixed or annotated output goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Replace each input (atomically).
    InPlace,
    /// Write each input's counterpart under this directory, at the same relative path.
    Dir(PathBuf),
    /// Write every record's output line (cleaned record, or attributes) to standard output,
    /// one line per input line, in order: the `filter` stage.
    Stdout,
}

/// Everything the pipeline needs to know.
pub struct Settings {
    pub mode: FixMode,
    pub fields: Fields,
    /// Keep each document's text in its result (human output shows snippets).
    pub keep_text: bool,
    /// Where fixed text goes (with `FixMode::Fix`).
    pub destination: Destination,
    /// Drop JSONL records that fixing left empty.
    pub drop_empty: bool,
    /// Write Dolma attribute files under this directory instead of fixing.
    pub attributes: Option<PathBuf>,
    /// With an output directory: which outputs an earlier run completed (`--force` redoes
    /// them).
    pub resume: Option<Resume>,
    /// Findings not to report nor fix.
    pub baseline: Option<Arc<dyn Known>>,
    /// With a function, each finding's fingerprint (for recording a baseline): the function
    /// of the flagged text that identifies the finding ([`DocResult::fingerprints`]).
    pub fingerprint: Option<fn(&str) -> String>,
    /// The path standard input stands for (`--stdin-filename`): overrides and site rules
    /// match it.
    pub stdin_path: Option<PathBuf>,
}

impl Settings {
    /// A run that reads its inputs and writes nothing back (`stats`, `report`, `eval`): in
    /// place, no attributes, resume or baseline.
    pub fn reading(
        mode: FixMode,
        fields: Fields,
        keep_text: bool,
        stdin_path: Option<PathBuf>,
    ) -> Settings {
        Settings {
            mode,
            fields,
            keep_text,
            destination: Destination::InPlace,
            drop_empty: false,
            attributes: None,
            resume: None,
            baseline: None,
            fingerprint: None,
            stdin_path,
        }
    }
}

/// What checking one document gave.
#[derive(Debug, Default)]
pub struct DocResult {
    pub input: usize,
    /// 1-based line of the record in its shard.
    pub record: Option<u64>,
    /// The record's id, as JSON.
    pub id: Option<String>,
    /// The record's url field.
    pub url: Option<String>,
    /// The text the findings refer to (when kept).
    pub text: String,
    /// Bytes of text checked.
    pub bytes: usize,
    pub findings: Vec<Finding>,
    /// With [`Settings::fingerprint`], each finding's fingerprint.
    pub fingerprints: Vec<String>,
    pub fixed: usize,
    /// Problems with this document: unreadable, invalid, a plugin failed on it.
    pub errors: Vec<String>,
    /// Whether the rules ran on it (not: unreadable, malformed, no linter).
    pub checked: bool,
    /// What to write for it: the fixed text of a file, a record's line (changed or not, with its
    /// line break); `None` writes nothing (a dropped record, or nothing to write).
    pub output: Option<Vec<u8>>,
    /// Whether `output` differs from the input.
    pub changed: bool,
    pub diff: Option<String>,
    /// With `FixMode::Measure`, which bytes of the text the fixes deleted or replaced.
    pub changes: Option<boilerlint_core::fix::Changes>,
    /// The Dolma attributes line of a record.
    pub attributes: Option<String>,
}

impl DocResult {
    /// How messages name the document: `path`, or `path:record`.
    pub fn name(&self, input: &Input) -> String {
        match self.record {
            Some(record) => format!("{}:{record}", input.display),
            None => input.display.clone(),
        }
    }
}

/// Findings known already, recorded by an earlier run (the command's baseline file): the
/// pipeline neither reports nor fixes them.
pub trait Known: Send + Sync {
    /// Whether the finding of `rule` that flags `flagged` in `input` is known.
    fn contains(&self, input: &Input, rule: &str, flagged: &str) -> bool;
}

/// Receives results in input order.
pub trait Sink {
    /// One document's result.
    fn document(&mut self, input: &Input, result: &DocResult) -> io::Result<()>;
    /// An input was skipped entirely (its output exists already).
    fn skipped(&mut self, _input: &Input, _reason: &str) -> io::Result<()> {
        Ok(())
    }
    /// The findings that remained in the output of an input skipped for resuming (called
    /// before `skipped`).
    fn skipped_remaining(&mut self, _input: &Input, _remaining: Remaining) -> io::Result<()> {
        Ok(())
    }
    /// Writing the input's output failed, or reading it failed before its end: nothing was
    /// written for it. Called once per input, before `input_done`.
    fn output_failed(&mut self, input: &Input, message: &str) -> io::Result<()> {
        self.skipped(input, message)
    }
    /// Something to say about an input that is no error (a link followed, an output redone).
    fn note(&mut self, _input: &Input, _message: &str) -> io::Result<()> {
        Ok(())
    }
    /// An input is done (all its documents were passed).
    fn input_done(&mut self, _input: &Input) -> io::Result<()> {
        Ok(())
    }
}

enum Job {
    Text {
        input: usize,
    },
    Line {
        input: usize,
        record: u64,
        line: Vec<u8>,
    },
    /// Row `row` of a batch of a Parquet shard.
    Row {
        input: usize,
        rows: Arc<Rows>,
        row: usize,
    },
}

/// What passes from the reader to the workers (`T`: the documents' jobs) and from the workers
/// to the writer (`T`: their results), in input order.
enum Message<T> {
    /// Documents: to check, or checked.
    Docs(T),
    /// Every document of the input has been sent.
    Done(usize),
    /// The input cannot be read further; the message says why.
    Failed(usize, String),
    Skipped(usize, String, Remaining),
    /// Something to say about the input before its results (why its output is redone).
    Note(usize, String),
    /// A Parquet shard to be rewritten starts: how to write it.
    Layout(usize, Arc<Layout>),
    /// A batch of a Parquet shard being rewritten, before the results of its rows.
    Batch(usize, Arc<Rows>),
}

impl<T> Message<T> {
    /// The same message with its documents, if any, made into `f`'s.
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Message<U> {
        match self {
            Message::Docs(docs) => Message::Docs(f(docs)),
            Message::Done(i) => Message::Done(i),
            Message::Failed(i, e) => Message::Failed(i, e),
            Message::Skipped(i, e, r) => Message::Skipped(i, e, r),
            Message::Note(i, e) => Message::Note(i, e),
            Message::Layout(i, layout) => Message::Layout(i, layout),
            Message::Batch(i, rows) => Message::Batch(i, rows),
        }
    }
}

/// The reader's messages.
type Work = Message<Vec<Job>>;
/// The workers' messages.
type Out = Message<Vec<DocResult>>;

/// Runs the pipeline over `inputs`; `linter_of[i]` is the linter for input `i` (`None`: its
/// config failed, the input is reported as not checked). Results reach `sink` in order.
pub fn run(
    inputs: &[Input],
    linter_of: &[Option<&Linter>],
    settings: &Settings,
    pool: &rayon::ThreadPool,
    sink: &mut (dyn Sink + Send),
) -> io::Result<()> {
    let cancelled = Arc::new(AtomicBool::new(false));
    let (work_tx, work_rx) = sync_channel::<Work>(2);
    let (out_tx, out_rx) = sync_channel::<Out>(2);
    std::thread::scope(|scope| {
        let reader_cancelled = Arc::clone(&cancelled);
        scope.spawn(move || read_inputs(inputs, linter_of, settings, &work_tx, &reader_cancelled));
        let writer = scope.spawn(|| write_results(inputs, linter_of, settings, out_rx, sink, pool));
        for work in work_rx {
            let out = work.map(|jobs| {
                pool.install(|| {
                    jobs.into_par_iter()
                        .map(|job| process(job, inputs, linter_of, settings))
                        .collect()
                })
            });
            if out_tx.send(out).is_err() {
                cancelled.store(true, Ordering::Relaxed);
                break; // the writer stopped (an output error): stop reading too
            }
        }
        drop(out_tx);
        writer.join().expect("the writer thread does not panic")
    })
}

/// Reader stage: cuts inputs into chunks of jobs.
fn read_inputs(
    inputs: &[Input],
    linter_of: &[Option<&Linter>],
    settings: &Settings,
    tx: &SyncSender<Work>,
    cancelled: &AtomicBool,
) {
    let mut jobs = Vec::new();
    let mut bytes = 0usize;
    let flush = |jobs: &mut Vec<Job>, bytes: &mut usize| {
        *bytes = 0;
        if jobs.is_empty() {
            return true;
        }
        tx.send(Work::Docs(std::mem::take(jobs))).is_ok()
    };
    for (index, input) in inputs.iter().enumerate() {
        if cancelled.load(Ordering::Relaxed) || INTERRUPTED.load(Ordering::Relaxed) {
            flush(&mut jobs, &mut bytes);
            return;
        }
        let said = match resume_verdict(input, linter_of[index], settings) {
            Verdict::Write => None,
            Verdict::Redo(note) => Some(Work::Note(index, note)),
            Verdict::Skip(reason, left) => Some(Work::Skipped(index, reason, left)),
        };
        if let Some(work) = said {
            let skip = matches!(work, Work::Skipped(..));
            if !flush(&mut jobs, &mut bytes) || tx.send(work).is_err() {
                return;
            }
            if skip {
                continue;
            }
        }
        match input.kind {
            Kind::Text => {
                // A text input is one document: the writer marks it done with its result.
                bytes += input.size() as usize;
                jobs.push(Job::Text { input: index });
                if (jobs.len() >= CHUNK_DOCS || bytes >= CHUNK_BYTES)
                    && !flush(&mut jobs, &mut bytes)
                {
                    return;
                }
            }
            Kind::Jsonl(compression) => {
                let path = input.path.as_deref();
                let result = read_shard(path, compression, index, &mut jobs, &mut bytes, &flush);
                let ok = match result {
                    Ok(true) => flush_done(tx, &mut jobs, &mut bytes, index, &flush),
                    Ok(false) => false,
                    Err(error) => {
                        flush(&mut jobs, &mut bytes)
                            && tx.send(Work::Failed(index, error.to_string())).is_ok()
                    }
                };
                if !ok {
                    return;
                }
            }
            Kind::Parquet => {
                let path = input.path.as_deref().expect("shards are files");
                let result = read_parquet(path, index, settings, tx, &mut jobs, &mut bytes, &flush);
                let ok = match result {
                    Ok(true) => flush_done(tx, &mut jobs, &mut bytes, index, &flush),
                    Ok(false) => false,
                    Err(error) => {
                        flush(&mut jobs, &mut bytes) && tx.send(Work::Failed(index, error)).is_ok()
                    }
                };
                if !ok {
                    return;
                }
            }
        }
    }
    flush(&mut jobs, &mut bytes);
}

/// Whether Parquet shards are rewritten (fixed), so that every column is read and passed on.
fn rewrites_parquet(settings: &Settings) -> bool {
    settings.attributes.is_none()
        && matches!(settings.mode, FixMode::Fix { .. })
        && settings.destination != Destination::Stdout
}

/// Reads a Parquet shard's rows into jobs, row group by row group; `Ok(false)` when the
/// pipeline stopped. When the shard is rewritten, its layout and each batch go to the writer
/// ahead of the rows' results.
fn read_parquet(
    path: &Path,
    index: usize,
    settings: &Settings,
    tx: &SyncSender<Work>,
    jobs: &mut Vec<Job>,
    bytes: &mut usize,
    flush: &impl Fn(&mut Vec<Job>, &mut usize) -> bool,
) -> Result<bool, String> {
    let shard = Shard::open(path, &settings.fields)?;
    let whole = rewrites_parquet(settings);
    if whole
        && (!flush(jobs, bytes)
            || tx
                .send(Work::Layout(index, Arc::new(shard.layout())))
                .is_err())
    {
        return Ok(false);
    }
    let mut first_row = 0;
    for group in 0..shard.row_groups() {
        for rows in shard.read_row_group(group, whole, first_row)? {
            let rows = Arc::new(rows?);
            if INTERRUPTED.load(Ordering::Relaxed) {
                return Err(format!("interrupted at row {}", rows.first_row + 1));
            }
            if whole
                && (!flush(jobs, bytes) || tx.send(Work::Batch(index, Arc::clone(&rows))).is_err())
            {
                return Ok(false);
            }
            for row in 0..rows.len() {
                *bytes += rows.text(row).map_or(0, str::len);
                jobs.push(Job::Row {
                    input: index,
                    rows: Arc::clone(&rows),
                    row,
                });
                if (jobs.len() >= CHUNK_DOCS || *bytes >= CHUNK_BYTES) && !flush(jobs, bytes) {
                    return Ok(false);
                }
            }
        }
        first_row += shard.rows_in(group);
    }
    Ok(true)
}

/// Sends what is pending, then marks a shard done: its results reach the writer first.
fn flush_done(
    tx: &SyncSender<Work>,
    jobs: &mut Vec<Job>,
    bytes: &mut usize,
    index: usize,
    flush: &impl Fn(&mut Vec<Job>, &mut usize) -> bool,
) -> bool {
    if !jobs.is_empty() && !flush(jobs, bytes) {
        return false;
    }
    tx.send(Work::Done(index)).is_ok()
}

/// Reads a shard's lines into jobs; `Ok(false)` when the pipeline stopped.
fn read_shard(
    path: Option<&Path>,
    compression: Compression,
    index: usize,
    jobs: &mut Vec<Job>,
    bytes: &mut usize,
    flush: &impl Fn(&mut Vec<Job>, &mut usize) -> bool,
) -> io::Result<bool> {
    let mut reader = input::open_lines(path, compression)?;
    // JSON text never holds a NUL byte: a shard that starts with one is some other file under
    // a JSONL name (an archive, an image), reported once rather than once per "line".
    let start = reader
        .fill_buf()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read past record 0: {e}")))?;
    if start.contains(&0) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "binary file (it has NUL bytes, so it is no JSON Lines text); not checked",
        ));
    }
    let mut record = 0u64;
    loop {
        let mut line = Vec::new();
        let n = reader.read_until(b'\n', &mut line).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot read past record {record}: {e}"))
        })?;
        if n == 0 {
            return Ok(true);
        }
        if INTERRUPTED.load(Ordering::Relaxed) {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                format!("interrupted at record {}", record + 1),
            ));
        }
        record += 1;
        *bytes += line.len();
        jobs.push(Job::Line {
            input: index,
            record,
            line,
        });
        if (jobs.len() >= CHUNK_DOCS || *bytes >= CHUNK_BYTES) && !flush(jobs, bytes) {
            return Ok(false);
        }
    }
}

/// Whether to write `input`'s output under the output directory: an earlier, completed run
/// may have written it (see [`crate::resume`]).
fn resume_verdict(input: &Input, linter: Option<&Linter>, settings: &Settings) -> Verdict {
    let (Some(resume), Some(linter), Some(source)) = (&settings.resume, linter, &input.path) else {
        return Verdict::Write;
    };
    resume.verdict(linter, source, &resume.output_of(source))
}

/// Worker stage: checks (and fixes) one document.
fn process(
    job: Job,
    inputs: &[Input],
    linter_of: &[Option<&Linter>],
    settings: &Settings,
) -> DocResult {
    match job {
        Job::Text { input } => process_text(input, &inputs[input], linter_of[input], settings),
        Job::Line {
            input,
            record,
            line,
        } => process_line(
            input,
            &inputs[input],
            record,
            line,
            linter_of[input],
            settings,
        ),
        Job::Row { input, rows, row } => process_row(
            input,
            &inputs[input],
            &rows,
            row,
            linter_of[input],
            settings,
        ),
    }
}

/// Checks (and fixes) one row of a Parquet shard. A row whose text is null is passed through.
fn process_row(
    index: usize,
    input: &Input,
    rows: &Rows,
    row: usize,
    linter: Option<&Linter>,
    settings: &Settings,
) -> DocResult {
    let record_no = rows.first_row + row as u64 + 1;
    let id = rows.id(row);
    let mut result = DocResult {
        input: index,
        record: Some(record_no),
        id: id.as_ref().map(|(json, _)| json.clone()),
        url: rows.url(row).map(str::to_string),
        ..DocResult::default()
    };
    let Some(text) = rows.text(row) else {
        if settings.attributes.is_some() {
            result.attributes = Some(attributes_line(&result, ""));
        }
        return result;
    };
    let Some(linter) = linter else {
        result.errors.push(not_checked());
        return result;
    };
    let metadata = Metadata {
        url: rows.url(row),
        id: id.as_ref().map(|(_, text)| text.as_str()),
        language: rows.language(row),
    };
    let name = format!("{}:{record_no}", input.display);
    check_text(
        linter,
        input,
        &name,
        metadata,
        text.to_string(),
        settings,
        &mut result,
    );
    if settings.attributes.is_some() {
        result.attributes = Some(attributes_line(&result, &result.text));
    }
    if result.changed {
        // The fixed text, for the writer to put in the row's place.
        result.output = Some(if settings.keep_text {
            result.text.as_bytes().to_vec()
        } else {
            std::mem::take(&mut result.text).into_bytes()
        });
    }
    if !settings.keep_text {
        result.text = String::new();
    }
    result
}

fn not_checked() -> String {
    "not checked: the set-up has errors (see above)".to_string()
}

fn process_text(
    index: usize,
    input: &Input,
    linter: Option<&Linter>,
    settings: &Settings,
) -> DocResult {
    let mut result = DocResult {
        input: index,
        ..DocResult::default()
    };
    let Some(linter) = linter else {
        result.errors.push(not_checked());
        return result;
    };
    let bytes = match input::read_all(input) {
        Ok(bytes) => bytes,
        Err(e) => {
            result.errors.push(format!("cannot read: {e}"));
            return result;
        }
    };
    if bytes.contains(&0) && std::str::from_utf8(&bytes).is_err() {
        result
            .errors
            .push("binary file (it has NUL bytes and is not UTF-8); not checked".into());
        return result;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            result.errors.push(format!(
                "not valid UTF-8 (at byte {}); not checked and never rewritten",
                e.utf8_error().valid_up_to()
            ));
            return result;
        }
    };
    let metadata = Metadata::default();
    check_text(
        linter,
        input,
        &input.display,
        metadata,
        text,
        settings,
        &mut result,
    );
    // Fixed standard input goes to standard output whole, changed or not (as formatters do).
    let echo = input.path.is_none() && matches!(settings.mode, FixMode::Fix { .. });
    if result.changed || echo {
        result.output = Some(result.text.as_bytes().to_vec());
    }
    if !settings.keep_text {
        result.text = String::new();
    }
    result
}

/// Checks or fixes `text`, filling `result` (its `text` becomes the text findings refer to).
fn check_text(
    linter: &Linter,
    input: &Input,
    name: &str,
    metadata: Metadata<'_>,
    text: String,
    settings: &Settings,
    result: &mut DocResult,
) {
    result.bytes = text.len();
    result.checked = true;
    let path = input.path.as_deref().or(settings.stdin_path.as_deref());
    let keep = |f: &Finding, flagged: &str| {
        settings
            .baseline
            .as_ref()
            .is_none_or(|b| !b.contains(input, &f.rule, flagged))
    };
    let report = match settings.mode {
        FixMode::Check => {
            let report = linter.check_record(path, name, metadata, &text, &keep);
            result.text = text;
            report
        }
        FixMode::Fix { unsafe_fixes } => {
            let fixed = linter.fix_record(path, name, metadata, &text, unsafe_fixes, &keep);
            result.fixed = fixed.fixed;
            result.changed = fixed.text != text;
            result.text = fixed.text;
            fixed.report
        }
        FixMode::Diff { unsafe_fixes } => {
            let fixed = linter.fix_record(path, name, metadata, &text, unsafe_fixes, &keep);
            result.fixed = fixed.fixed;
            if fixed.text != text {
                result.diff = Some(
                    similar::TextDiff::from_lines(&text, &fixed.text)
                        .unified_diff()
                        .context_radius(2)
                        .header(&format!("a/{}", clean(name)), &format!("b/{}", clean(name)))
                        .to_string(),
                );
            }
            let mut report = linter.check_record(path, name, metadata, &text, &keep);
            report.errors.extend(fixed.report.errors);
            report.errors.dedup();
            result.text = text;
            report
        }
        FixMode::Measure { unsafe_fixes } => {
            let report = linter.check_record(path, name, metadata, &text, &keep);
            let fixed = linter.fix_record(path, name, metadata, &text, unsafe_fixes, &keep);
            result.fixed = fixed.fixed;
            result.changes = Some(fixed.changes);
            result.text = text;
            report
        }
    };
    result.findings = report.findings;
    if let Some(fingerprint) = settings.fingerprint {
        result.fingerprints = result
            .findings
            .iter()
            .map(|f| fingerprint(&result.text[f.range.clone()]))
            .collect();
    }
    result
        .errors
        .extend(report.errors.iter().map(ToString::to_string));
}

fn process_line(
    index: usize,
    input: &Input,
    record_no: u64,
    line: Vec<u8>,
    linter: Option<&Linter>,
    settings: &Settings,
) -> DocResult {
    let mut result = DocResult {
        input: index,
        record: Some(record_no),
        ..DocResult::default()
    };
    let body = trim_line_end(&line);
    if body.iter().all(u8::is_ascii_whitespace) {
        // An empty line is no record: pass it through.
        result.output = Some(line);
        return result;
    }
    let Some(linter) = linter else {
        result.errors.push(not_checked());
        result.output = Some(line);
        return result;
    };
    let mut record = match jsonl::parse(body, &settings.fields) {
        Ok(record) => record,
        Err(e) => {
            result.errors.push(e);
            if settings.attributes.is_some() {
                // One attributes line per record keeps the files aligned.
                result.attributes = Some(attributes_line(&result, ""));
            }
            result.output = Some(line); // passed through byte for byte
            return result;
        }
    };
    result.id = record.id.map(str::to_string);
    result.url = record.url.as_deref().map(str::to_string);
    let name = format!("{}:{record_no}", input.display);
    // The text is owned already when it had escapes (most records): not copied again.
    let text = std::mem::take(&mut record.text).into_owned();
    let id = record.id_text();
    let metadata = Metadata {
        url: record.url.as_deref(),
        id: id.as_deref(),
        language: record.language.as_deref(),
    };
    check_text(linter, input, &name, metadata, text, settings, &mut result);
    if settings.attributes.is_some() {
        // Attributes annotate without fixing: `result.text` is the record's text.
        result.attributes = Some(attributes_line(&result, &result.text));
    }
    result.output = if result.changed {
        if settings.drop_empty && result.text.trim().is_empty() {
            None
        } else {
            let mut out = jsonl::rewrite(body, &record, &result.text);
            out.extend_from_slice(&line[body.len()..]);
            Some(out)
        }
    } else {
        Some(line)
    };
    if !settings.keep_text {
        result.text = String::new();
    }
    result
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &line[..end]
}

/// The Dolma attributes line of a record: `{"id": .., "attributes": {"boilerlint__<rule>":
/// [[start, end, score], ...]}}` with character offsets, as Dolma's tools index text.
fn attributes_line(result: &DocResult, text: &str) -> String {
    let mut by_rule: std::collections::BTreeMap<String, Vec<serde_json::Value>> =
        Default::default();
    let char_offset = |byte: usize| text[..byte].chars().count();
    for f in &result.findings {
        by_rule
            .entry(format!("boilerlint__{}", f.rule))
            .or_default()
            .push(serde_json::json!([
                char_offset(f.range.start),
                char_offset(f.range.end),
                (f.score * 1000.0).round() / 1000.0
            ]));
    }
    let id: serde_json::Value = result
        .id
        .as_deref()
        .and_then(|id| serde_json::from_str(id).ok())
        .unwrap_or(serde_json::Value::Null);
    serde_json::json!({ "id": id, "attributes": by_rule }).to_string()
}

/// Writer stage: results to the sink, outputs to files, in input order.
fn write_results(
    inputs: &[Input],
    linter_of: &[Option<&Linter>],
    settings: &Settings,
    rx: Receiver<Out>,
    sink: &mut (dyn Sink + Send),
    pool: &rayon::ThreadPool,
) -> io::Result<()> {
    let mut writers = Writers {
        current: None,
        parquet: None,
        stdout: None,
        pool,
    };
    // The findings left in the input being written, for its resume marker.
    let mut remaining = Remaining::default();
    for out in rx {
        match out {
            Out::Docs(results) => {
                for result in results {
                    let input = &inputs[result.input];
                    sink.document(input, &result)?;
                    remaining.findings += result.findings.len();
                    remaining.failing += result
                        .findings
                        .iter()
                        .filter(|f| f.severity >= boilerlint_core::Severity::Warning)
                        .count();
                    if input.kind == Kind::Text {
                        let written = writers.write_text(input, &result, settings);
                        let linter = linter_of[result.input];
                        let left = std::mem::take(&mut remaining);
                        report_written(sink, input, linter, settings, written, left)?;
                        sink.input_done(input)?;
                    } else {
                        writers.write_record(input, result.input, &result, settings)?;
                    }
                }
            }
            Out::Done(index) => {
                let input = &inputs[index];
                let written = writers.finish(input, index, settings);
                let left = std::mem::take(&mut remaining);
                report_written(sink, input, linter_of[index], settings, written, left)?;
                sink.input_done(input)?;
            }
            Out::Failed(index, error) => {
                let input = &inputs[index];
                remaining = Remaining::default();
                writers.abandon(index);
                sink.output_failed(input, &format!("{error}; the input was left as it was"))?;
                sink.input_done(input)?;
            }
            Out::Skipped(index, reason, left) => {
                sink.skipped_remaining(&inputs[index], left)?;
                sink.skipped(&inputs[index], &reason)?;
                sink.input_done(&inputs[index])?;
            }
            Out::Note(index, note) => sink.note(&inputs[index], &note)?,
            Out::Layout(index, layout) => {
                let output = ParquetOutput::open(&inputs[index], layout, settings);
                writers.parquet = Some((index, output));
            }
            Out::Batch(index, rows) => {
                if let Some((current, output)) = &mut writers.parquet {
                    debug_assert_eq!(*current, index);
                    output.start(rows);
                }
            }
        }
    }
    Ok(())
}

/// What writing an input's outputs came to: where they went (`None`: nowhere, nothing to
/// write), or why none was written. Standard output failing stops the run instead.
type Written = Result<Option<replace::Destination>, WriteError>;

enum WriteError {
    /// This output failed; the message names it and says what was left.
    Output(String),
    /// Standard output failed: the run cannot go on.
    Fatal(io::Error),
}

/// Passes what writing came to on to the sink, and records a completed output for resuming.
fn report_written(
    sink: &mut (dyn Sink + Send),
    input: &Input,
    linter: Option<&Linter>,
    settings: &Settings,
    written: Written,
    remaining: Remaining,
) -> io::Result<()> {
    let target = match written {
        Ok(Some(target)) => target,
        Ok(None) => return Ok(()),
        Err(WriteError::Output(message)) => return sink.output_failed(input, &message),
        Err(WriteError::Fatal(error)) => return Err(error),
    };
    if let Some(note) = target.link_note() {
        sink.note(input, &note)?;
    }
    if let (Some(resume), Some(linter), Some(source)) = (&settings.resume, linter, &input.path) {
        if let Err(e) = resume.record(linter, source, &target.path, remaining) {
            let message = format!(
                "warning: cannot record that {} is complete ({e}): the next run redoes it",
                target.path.display()
            );
            sink.note(input, &message)?;
        }
    }
    Ok(())
}

/// The error of an output that could not be written, naming it and saying what was left.
fn output_error(target: &Path, settings: &Settings, error: &io::Error) -> WriteError {
    WriteError::Output(if settings.destination == Destination::InPlace {
        format!(
            "cannot write its fixed version: {error}; {} was left as it was",
            target.display()
        )
    } else {
        format!(
            "cannot write {}: {error}; nothing was written there",
            target.display()
        )
    })
}

/// Whether the run writes files: fixed ones, or attribute files.
fn writes_files(settings: &Settings) -> bool {
    settings.attributes.is_some() || matches!(settings.mode, FixMode::Fix { .. })
}

/// Open output files of the shard being written.
struct Writers<'p> {
    current: Option<(usize, ShardOutput<'p>)>,
    /// The Parquet shard being rewritten.
    parquet: Option<(usize, ParquetOutput)>,
    stdout: Option<io::BufWriter<io::Stdout>>,
    /// Where compression runs.
    pool: &'p rayon::ThreadPool,
}

/// One output file being written: its temporary file and where it goes.
struct Pending<'p> {
    writer: input::ShardWriter<'p, replace::Temp>,
    target: replace::Destination,
}

impl<'p> Pending<'p> {
    fn open(
        target: &Path,
        compression: Compression,
        settings: &Settings,
        pool: &'p rayon::ThreadPool,
    ) -> Result<Pending<'p>, WriteError> {
        let fail = |e: io::Error| output_error(target, settings, &e);
        let destination = replace::resolve(target).map_err(fail)?;
        if let Some(resume) = &settings.resume {
            resume.forget(&destination.path).map_err(fail)?;
        }
        let temp = replace::Temp::beside(&destination.path).map_err(fail)?;
        let writer = input::ShardWriter::new(temp, compression, pool).map_err(fail)?;
        Ok(Pending {
            writer,
            target: destination,
        })
    }

    /// Ends the stream and renames the file into place.
    fn commit(self, source: &Path, settings: &Settings) -> Written {
        let fail = |e: io::Error| output_error(&self.target.path, settings, &e);
        let temp = self.writer.finish().map_err(fail)?;
        // A shard fixed in place stays itself; a copy or an attribute file takes its mode from
        // the shard it was written from.
        let keep = match settings.destination {
            Destination::InPlace if settings.attributes.is_none() => Keep::Identity,
            _ => Keep::ModeOf(source),
        };
        replace::persist(temp.0, &self.target, keep).map_err(fail)?;
        Ok(Some(self.target))
    }
}

/// The outputs of one shard: the fixed shard or its attributes. The first write error fails
/// the shard's output: its temporary file is removed at once and the records after it are not
/// written.
struct ShardOutput<'p> {
    output: Result<Pending<'p>, WriteError>,
    changed: bool,
}

impl<'p> Writers<'p> {
    /// Writes a text input's output: the fixed file, or (with `--output`) its copy.
    fn write_text(&mut self, input: &Input, result: &DocResult, settings: &Settings) -> Written {
        let FixMode::Fix { .. } = settings.mode else {
            return Ok(None);
        };
        let Some(path) = &input.path else {
            // Fixed standard input goes to standard output.
            let mut stdout = io::stdout().lock();
            let output = result.output.as_deref().unwrap_or_default();
            let written = stdout.write_all(output).and_then(|()| stdout.flush());
            return written.map(|()| None).map_err(WriteError::Fatal);
        };
        let target = match &settings.destination {
            Destination::InPlace if result.changed => path.clone(),
            Destination::Dir(dir) if result.errors.is_empty() || result.changed => {
                output_path(dir, path)
            }
            _ => return Ok(None),
        };
        let fail = |e: io::Error| output_error(&target, settings, &e);
        let destination = replace::resolve(&target).map_err(fail)?;
        if let Some(resume) = &settings.resume {
            resume.forget(&destination.path).map_err(fail)?;
        }
        match (&result.output, &settings.destination) {
            (Some(output), Destination::InPlace) => {
                replace::write(&destination, output, Keep::Identity)
            }
            (Some(output), _) => replace::write(&destination, output, Keep::ModeOf(path)),
            // Unchanged files are copied, so the output directory is the whole corpus.
            (None, _) => replace::copy(path, &destination),
        }
        .map_err(fail)?;
        Ok(Some(destination))
    }

    /// Writes a record's output line(s); errors of a file output are kept for [`Self::finish`].
    fn write_record(
        &mut self,
        input: &Input,
        index: usize,
        result: &DocResult,
        settings: &Settings,
    ) -> io::Result<()> {
        if settings.destination == Destination::Stdout {
            return self.write_stdout_line(result);
        }
        let compression = match input.kind {
            Kind::Jsonl(compression) => compression,
            Kind::Parquet if settings.attributes.is_some() => Compression::None,
            Kind::Parquet => {
                if let Some((_, output)) = &mut self.parquet {
                    output.push(result, settings);
                }
                return Ok(());
            }
            Kind::Text => return Ok(()),
        };
        if !writes_files(settings) {
            return Ok(());
        }
        if self.current.as_ref().map(|(i, _)| *i) != Some(index) {
            let shard = ShardOutput::open(input, compression, settings, self.pool);
            self.current = Some((index, shard));
        }
        let (_, shard) = self.current.as_mut().expect("opened above");
        shard.write(result, settings);
        Ok(())
    }

    fn write_stdout_line(&mut self, result: &DocResult) -> io::Result<()> {
        let out = self
            .stdout
            .get_or_insert_with(|| io::BufWriter::new(io::stdout()));
        match (&result.attributes, &result.output) {
            (Some(line), _) => {
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")
            }
            (None, Some(line)) if line.ends_with(b"\n") => out.write_all(line),
            (None, Some(line)) => {
                out.write_all(line)?;
                out.write_all(b"\n")
            }
            // A dropped record still takes its line, so the output zips with the input.
            (None, None) => out.write_all(b"\n"),
        }
    }

    /// The input is complete: move its output into place, unless writing it failed.
    fn finish(&mut self, input: &Input, index: usize, settings: &Settings) -> Written {
        if settings.destination == Destination::Stdout {
            let flushed = self.stdout.as_mut().map_or(Ok(()), Write::flush);
            return flushed.map(|()| None).map_err(WriteError::Fatal);
        }
        let Some(source) = &input.path else {
            return Ok(None);
        };
        let compression = match input.kind {
            Kind::Jsonl(compression) => compression,
            Kind::Parquet if settings.attributes.is_some() => Compression::None,
            Kind::Parquet => {
                return match self.parquet.take() {
                    Some((_, output)) => output.commit(source, settings),
                    None => Ok(None),
                };
            }
            Kind::Text => return Ok(None),
        };
        if !writes_files(settings) {
            return Ok(None);
        }
        let shard = match self.current.take() {
            Some((current, shard)) => {
                debug_assert_eq!(current, index);
                shard
            }
            // A shard with no record still gets its (empty) output.
            None => ShardOutput::open(input, compression, settings, self.pool),
        };
        shard.commit(source, settings)
    }

    fn abandon(&mut self, index: usize) {
        if self.current.as_ref().is_some_and(|(i, _)| *i == index) {
            self.current = None; // temporary files are removed on drop
        }
        if self.parquet.as_ref().is_some_and(|(i, _)| *i == index) {
            self.parquet = None;
        }
    }
}

impl<'p> ShardOutput<'p> {
    fn open(
        input: &Input,
        compression: Compression,
        settings: &Settings,
        pool: &'p rayon::ThreadPool,
    ) -> ShardOutput<'p> {
        let source = input.path.as_deref().expect("shards are files");
        let target = match (&settings.attributes, &settings.destination) {
            (Some(dir), _) => attributes_path(dir, source),
            (None, Destination::Dir(dir)) => output_path(dir, source),
            (None, _) => source.to_path_buf(),
        };
        ShardOutput {
            output: Pending::open(&target, compression, settings, pool),
            changed: false,
        }
    }

    fn write(&mut self, result: &DocResult, settings: &Settings) {
        self.changed |= result.changed || result.output.is_none();
        let Ok(pending) = &mut self.output else {
            return; // failed already: the error is reported once, at the end
        };
        let writer = &mut pending.writer;
        let written = if settings.attributes.is_some() {
            result.attributes.as_ref().map_or(Ok(()), |line| {
                writer.write_all(line.as_bytes())?;
                writer.write_all(b"\n")
            })
        } else {
            result
                .output
                .as_ref()
                .map_or(Ok(()), |line| writer.write_all(line))
        };
        if let Err(e) = written {
            let target = pending.target.path.clone();
            self.output = Err(output_error(&target, settings, &e)); // drops the temporary file
        }
    }

    fn commit(self, source: &Path, settings: &Settings) -> Written {
        let unchanged_in_place = settings.attributes.is_none()
            && settings.destination == Destination::InPlace
            && !self.changed;
        if unchanged_in_place {
            // Nothing changed: leave the file (and its time stamp) alone, and a failure to
            // write what was not needed is no error.
            return Ok(None);
        }
        self.output?.commit(source, settings)
    }
}

/// A Parquet shard being rewritten: each batch is written once the results of all its rows
/// are in, with the fixed texts in place of the old; each source row group ends one of the
/// output's. The first write error fails the output (its temporary file is removed).
struct ParquetOutput {
    output: Result<
        (
            parquet::arrow::ArrowWriter<replace::Temp>,
            replace::Destination,
        ),
        WriteError,
    >,
    layout: Arc<Layout>,
    /// The batch whose rows' results are coming in, and their fixed texts so far.
    batch: Option<Arc<Rows>>,
    texts: Vec<Option<String>>,
    changed: bool,
}

impl ParquetOutput {
    fn open(input: &Input, layout: Arc<Layout>, settings: &Settings) -> ParquetOutput {
        let source = input.path.as_deref().expect("shards are files");
        let target = match &settings.destination {
            Destination::Dir(dir) => output_path(dir, source),
            _ => source.to_path_buf(),
        };
        let open = || -> Result<_, WriteError> {
            let fail = |e: io::Error| output_error(&target, settings, &e);
            let destination = replace::resolve(&target).map_err(fail)?;
            if let Some(resume) = &settings.resume {
                resume.forget(&destination.path).map_err(fail)?;
            }
            let temp = replace::Temp::beside(&destination.path).map_err(fail)?;
            let writer =
                parquet_shard::writer(temp, &layout).map_err(|e| fail(io::Error::other(e)))?;
            Ok((writer, destination))
        };
        ParquetOutput {
            output: open(),
            layout,
            batch: None,
            texts: Vec::new(),
            changed: false,
        }
    }

    fn start(&mut self, rows: Arc<Rows>) {
        self.texts.clear();
        self.batch = Some(rows);
    }

    /// One row's result: its fixed text, or `None` when unchanged.
    fn push(&mut self, result: &DocResult, settings: &Settings) {
        let fixed = result
            .output
            .as_ref()
            .filter(|_| result.changed)
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned());
        self.changed |= fixed.is_some();
        self.texts.push(fixed);
        let Some(rows) = &self.batch else { return };
        if self.texts.len() < rows.len() {
            return;
        }
        let rows = self.batch.take().expect("checked above");
        let texts = std::mem::take(&mut self.texts);
        let Ok((writer, destination)) = &mut self.output else {
            return; // failed already: the error is reported once, at the end
        };
        let batch = rows
            .batch
            .as_ref()
            .expect("a rewritten shard's batches are whole");
        let written = if texts.iter().any(Option::is_some) {
            parquet_shard::replace_text(batch, &self.layout, &texts)
        } else {
            Ok(batch.clone())
        }
        .and_then(|batch| writer.write(&batch).map_err(|e| e.to_string()))
        .and_then(|()| {
            if rows.ends_row_group {
                writer.flush().map_err(|e| e.to_string())
            } else {
                Ok(())
            }
        });
        if let Err(e) = written {
            let error = io::Error::other(format!("row group {}: {e}", rows.row_group));
            self.output = Err(output_error(&destination.path.clone(), settings, &error));
        }
    }

    /// Closes the file and moves it into place. An unchanged shard is left alone in place,
    /// and copied byte for byte to an output directory.
    fn commit(self, source: &Path, settings: &Settings) -> Written {
        let (writer, destination) = self.output?;
        let fail = |e: io::Error| output_error(&destination.path, settings, &e);
        if !self.changed {
            drop(writer); // the temporary file goes with it
            if settings.destination == Destination::InPlace {
                return Ok(None);
            }
            replace::copy(source, &destination).map_err(fail)?;
            return Ok(Some(destination));
        }
        let temp = writer
            .into_inner()
            .map_err(|e| fail(io::Error::other(e.to_string())))?;
        let keep = match settings.destination {
            Destination::InPlace => Keep::Identity,
            _ => Keep::ModeOf(source),
        };
        replace::persist(temp.0, &destination, keep).map_err(fail)?;
        Ok(Some(destination))
    }
}
