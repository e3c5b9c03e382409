//! The streaming pipeline: a reader thread cuts inputs into chunks of documents, the worker
//! pool checks (and fixes) each chunk in parallel, and a writer thread reports and writes the
//! results in input order. Channels between the stages hold two chunks at most, so memory does
//! not grow with the corpus, and output is the same whatever the number of threads.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use boilerlint_core::{Finding, Linter};
use rayon::prelude::*;

use crate::escape::clean;
use crate::input::{self, Compression, Input, Kind};
use crate::jsonl::{self, Fields};

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
    /// Redo outputs that exist already.
    pub force: bool,
    /// Findings not to report nor fix.
    pub baseline: Option<std::sync::Arc<crate::baseline::Baseline>>,
    /// Compute each finding's baseline fingerprint.
    pub fingerprints: bool,
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
    /// With `Settings::fingerprints`, each finding's baseline fingerprint.
    pub fingerprints: Vec<String>,
    pub fixed: usize,
    /// Problems with this document: unreadable, invalid, a plugin failed on it.
    pub errors: Vec<String>,
    /// What to write for it: the fixed text of a file, a record's line (changed or not, with its
    /// line break); `None` writes nothing (a dropped record, or nothing to write).
    pub output: Option<Vec<u8>>,
    /// Whether `output` differs from the input.
    pub changed: bool,
    pub diff: Option<String>,
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

/// Receives results in input order.
pub trait Sink {
    /// One document's result.
    fn document(&mut self, input: &Input, result: &DocResult) -> io::Result<()>;
    /// An input was skipped entirely (its output exists already).
    fn skipped(&mut self, _input: &Input, _reason: &str) -> io::Result<()> {
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
}

enum Work {
    Jobs(Vec<Job>),
    /// Every document of the input has been sent.
    Done(usize),
    /// The input cannot be read further; the message says why.
    Failed(usize, String),
    Skipped(usize, String),
}

enum Out {
    Results(Vec<DocResult>),
    Done(usize),
    Failed(usize, String),
    Skipped(usize, String),
}

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
        scope.spawn(move || read_inputs(inputs, settings, &work_tx, &reader_cancelled));
        let writer = scope.spawn(|| write_results(inputs, settings, out_rx, sink, pool));
        for work in work_rx {
            let out = match work {
                Work::Jobs(jobs) => Out::Results(pool.install(|| {
                    jobs.into_par_iter()
                        .map(|job| process(job, inputs, linter_of, settings))
                        .collect()
                })),
                Work::Done(i) => Out::Done(i),
                Work::Failed(i, e) => Out::Failed(i, e),
                Work::Skipped(i, e) => Out::Skipped(i, e),
            };
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
        tx.send(Work::Jobs(std::mem::take(jobs))).is_ok()
    };
    for (index, input) in inputs.iter().enumerate() {
        if cancelled.load(Ordering::Relaxed) || INTERRUPTED.load(Ordering::Relaxed) {
            flush(&mut jobs, &mut bytes);
            return;
        }
        if let Some(reason) = already_written(input, settings) {
            if !flush(&mut jobs, &mut bytes) || tx.send(Work::Skipped(index, reason)).is_err() {
                return;
            }
            continue;
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
        }
    }
    flush(&mut jobs, &mut bytes);
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

/// The reason to skip an input whose output was completely written by an earlier run.
fn already_written(input: &Input, settings: &Settings) -> Option<String> {
    if settings.force {
        return None;
    }
    let dir = match (&settings.attributes, settings.mode, &settings.destination) {
        (Some(dir), _, _) => dir,
        (None, FixMode::Fix { .. }, Destination::Dir(dir)) => dir,
        _ => return None,
    };
    let source = input.path.as_deref()?;
    let target = output_path(dir, source);
    let (source_time, target_time) = (
        std::fs::metadata(source).and_then(|m| m.modified()).ok()?,
        std::fs::metadata(&target).and_then(|m| m.modified()).ok()?,
    );
    (target_time >= source_time).then(|| {
        format!(
            "skipped: {} was written by an earlier run (--force redoes it)",
            target.display()
        )
    })
}

/// Where `source`'s counterpart goes under `dir`: the same relative path (absolute paths lose
/// their root).
pub fn output_path(dir: &Path, source: &Path) -> PathBuf {
    let relative: PathBuf = source
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .collect();
    dir.join(relative)
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
    }
}

fn not_checked() -> String {
    "not checked: the configuration has errors".to_string()
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
    check_text(linter, input, &input.display, text, settings, &mut result);
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
    text: String,
    settings: &Settings,
    result: &mut DocResult,
) {
    result.bytes = text.len();
    let path = input.path.as_deref();
    let keep = |f: &Finding, flagged: &str| {
        settings
            .baseline
            .as_ref()
            .is_none_or(|b| !b.contains(input, &f.rule, flagged))
    };
    let report = match settings.mode {
        FixMode::Check => {
            let report = linter.check_filtered(path, name, &text, &keep);
            result.text = text;
            report
        }
        FixMode::Fix { unsafe_fixes } => {
            let fixed = linter.fix_filtered(path, name, &text, unsafe_fixes, &keep);
            result.fixed = fixed.fixed;
            result.changed = fixed.text != text;
            result.text = fixed.text;
            fixed.report
        }
        FixMode::Diff { unsafe_fixes } => {
            let fixed = linter.fix_filtered(path, name, &text, unsafe_fixes, &keep);
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
            let mut report = linter.check_filtered(path, name, &text, &keep);
            report.errors.extend(fixed.report.errors);
            report.errors.dedup();
            result.text = text;
            report
        }
    };
    result.findings = report.findings;
    if settings.fingerprints {
        result.fingerprints = result
            .findings
            .iter()
            .map(|f| crate::baseline::fingerprint(&result.text[f.range.clone()]))
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
    check_text(linter, input, &name, text, settings, &mut result);
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
    settings: &Settings,
    rx: Receiver<Out>,
    sink: &mut (dyn Sink + Send),
    pool: &rayon::ThreadPool,
) -> io::Result<()> {
    let mut writers = Writers {
        current: None,
        stdout: None,
        pool,
    };
    for out in rx {
        match out {
            Out::Results(results) => {
                for result in results {
                    let input = &inputs[result.input];
                    sink.document(input, &result)?;
                    if let Err(e) = writers.write(input, result.input, &result, settings) {
                        if e.kind() == io::ErrorKind::BrokenPipe {
                            return Err(e); // the reader of our output is gone: stop
                        }
                        sink.skipped(input, &format!("cannot write the output: {e}"))?;
                    }
                    if input.kind == Kind::Text {
                        sink.input_done(input)?;
                    }
                }
            }
            Out::Done(index) => {
                let input = &inputs[index];
                if let Err(e) = writers.finish(input, index, settings) {
                    if e.kind() == io::ErrorKind::BrokenPipe {
                        return Err(e);
                    }
                    sink.skipped(input, &format!("cannot write the output: {e}"))?;
                }
                sink.input_done(input)?;
            }
            Out::Failed(index, error) => {
                let input = &inputs[index];
                writers.abandon(index);
                sink.skipped(input, &format!("{error}; the input was left as it was"))?;
                sink.input_done(input)?;
            }
            Out::Skipped(index, reason) => {
                sink.skipped(&inputs[index], &reason)?;
                sink.input_done(&inputs[index])?;
            }
        }
    }
    Ok(())
}

/// Open output files of the shard being written.
struct Writers<'p> {
    current: Option<(usize, ShardOutput<'p>)>,
    stdout: Option<io::BufWriter<io::Stdout>>,
    /// Where compression runs.
    pool: &'p rayon::ThreadPool,
}

struct ShardOutput<'p> {
    /// The fixed shard (None: not writing fixes).
    fixed: Option<input::ShardWriter<'p, tempfile::NamedTempFile>>,
    fixed_target: PathBuf,
    changed: bool,
    /// The attributes file.
    attributes: Option<input::ShardWriter<'p, tempfile::NamedTempFile>>,
    attributes_target: PathBuf,
}

impl<'p> Writers<'p> {
    fn write(
        &mut self,
        input: &Input,
        index: usize,
        result: &DocResult,
        settings: &Settings,
    ) -> io::Result<()> {
        match input.kind {
            Kind::Text => {
                if let (FixMode::Fix { .. }, None, Some(output)) =
                    (settings.mode, &input.path, &result.output)
                {
                    let mut stdout = io::stdout().lock();
                    stdout.write_all(output)?;
                    return stdout.flush();
                }
                if let (FixMode::Fix { .. }, true, Some(output), Some(path)) =
                    (settings.mode, result.changed, &result.output, &input.path)
                {
                    let target = match &settings.destination {
                        Destination::InPlace => path.clone(),
                        Destination::Dir(dir) => output_path(dir, path),
                        Destination::Stdout => return Ok(()),
                    };
                    write_atomically(&target, output, Some(path))?;
                } else if let (FixMode::Fix { .. }, Destination::Dir(dir), Some(path)) =
                    (settings.mode, &settings.destination, &input.path)
                {
                    // Unchanged files are copied, so the output directory is the whole corpus.
                    if result.errors.is_empty() {
                        let target = output_path(dir, path);
                        if let Some(parent) = target.parent() {
                            std::fs::create_dir_all(parent)?;
                        }
                        std::fs::copy(path, target)?;
                    }
                }
                Ok(())
            }
            Kind::Jsonl(_) if settings.destination == Destination::Stdout => {
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
            Kind::Jsonl(compression) => {
                if self.current.as_ref().map(|(i, _)| *i) != Some(index) {
                    self.current = Some((
                        index,
                        ShardOutput::open(input, compression, settings, self.pool)?,
                    ));
                }
                let (_, shard) = self.current.as_mut().expect("opened above");
                if let Some(writer) = &mut shard.fixed {
                    shard.changed |= result.changed || result.output.is_none();
                    if let Some(line) = &result.output {
                        writer.write_all(line)?;
                    }
                }
                if let (Some(writer), Some(line)) = (&mut shard.attributes, &result.attributes) {
                    writer.write_all(line.as_bytes())?;
                    writer.write_all(b"\n")?;
                }
                Ok(())
            }
        }
    }

    /// The input is complete: move its outputs into place.
    fn finish(&mut self, input: &Input, index: usize, settings: &Settings) -> io::Result<()> {
        if settings.destination == Destination::Stdout {
            return self.stdout.as_mut().map_or(Ok(()), Write::flush);
        }
        let Some((current, shard)) = self.current.take() else {
            // A shard with no record still gets its (empty) outputs.
            if let (Kind::Jsonl(compression), true) = (input.kind, input.path.is_some()) {
                self.current = Some((
                    index,
                    ShardOutput::open(input, compression, settings, self.pool)?,
                ));
                return self.finish(input, index, settings);
            }
            return Ok(());
        };
        debug_assert_eq!(current, index);
        let source = input.path.as_deref();
        if let Some(writer) = shard.fixed {
            let temp = writer.finish()?;
            let in_place = settings.destination == Destination::InPlace;
            if in_place && !shard.changed {
                drop(temp); // nothing changed: leave the file (and its time stamp) alone
            } else {
                persist(temp, &shard.fixed_target, source)?;
            }
        }
        if let Some(writer) = shard.attributes {
            persist(writer.finish()?, &shard.attributes_target, None)?;
        }
        Ok(())
    }

    fn abandon(&mut self, index: usize) {
        if self.current.as_ref().is_some_and(|(i, _)| *i == index) {
            self.current = None; // temporary files are removed on drop
        }
    }
}

impl<'p> ShardOutput<'p> {
    fn open(
        input: &Input,
        compression: Compression,
        settings: &Settings,
        pool: &'p rayon::ThreadPool,
    ) -> io::Result<ShardOutput<'p>> {
        let source = input.path.as_deref().expect("shards are files");
        let fixed_target = match &settings.destination {
            Destination::InPlace | Destination::Stdout => source.to_path_buf(),
            Destination::Dir(dir) => output_path(dir, source),
        };
        let fixed =
            match settings.mode {
                FixMode::Fix { .. } if settings.attributes.is_none() => Some(
                    input::ShardWriter::new(temp_beside(&fixed_target)?, compression, pool)?,
                ),
                _ => None,
            };
        let attributes_target = settings
            .attributes
            .as_deref()
            .map(|dir| output_path(dir, source))
            .unwrap_or_default();
        let attributes = match &settings.attributes {
            Some(_) => Some(input::ShardWriter::new(
                temp_beside(&attributes_target)?,
                compression,
                pool,
            )?),
            None => None,
        };
        Ok(ShardOutput {
            fixed,
            fixed_target,
            changed: false,
            attributes,
            attributes_target,
        })
    }
}

/// A temporary file in `target`'s directory (created if missing), so the final rename is
/// atomic.
fn temp_beside(target: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    tempfile::Builder::new()
        .prefix(".boilerlint-")
        .tempfile_in(dir)
}

/// Syncs `temp` and renames it to `target`, with `like`'s permissions.
fn persist(temp: tempfile::NamedTempFile, target: &Path, like: Option<&Path>) -> io::Result<()> {
    temp.as_file().sync_all()?;
    if let Some(permissions) = like
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| m.permissions())
    {
        std::fs::set_permissions(temp.path(), permissions)?;
    }
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Replaces `target` with `bytes` through a temporary file in the same directory: the file is
/// either as it was or fully written, never half written.
pub fn write_atomically(target: &Path, bytes: &[u8], like: Option<&Path>) -> io::Result<()> {
    let mut temp = temp_beside(target)?;
    temp.write_all(bytes)?;
    persist(temp, target, like.or(Some(target)))
}
