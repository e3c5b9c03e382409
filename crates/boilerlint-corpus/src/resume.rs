//! Resuming an `--output` run: which outputs a completed write made, and under which settings.
//!
//! Once an output is renamed into place, a marker is written for it under
//! `DIR/.boilerlint/done/`, at the output's relative path with `.json` added. It records the
//! input (path, size, modification time), the output as written (size, modification time) and
//! the settings that decide the output's contents: the mode, the JSONL fields, `--drop-empty`,
//! the baseline's digest, the config file's digest, the plugins' names and versions and the
//! rules enabled for that input. A later run skips an output only when its marker matches all
//! of them. Anything else at the output path (a truncated shard, a corrupt `.gz`, a copy that a
//! killed run left, an output made with other rules or without plugins) is redone, and the run
//! says why. A marker is removed before its output is rewritten, so a marker never vouches for
//! an output that a later, failed run left behind. A marker also counts the findings that
//! remained in its output (unsafe ones, say), so that a resumed run that skips it still exits
//! with 1 and says so.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use boilerlint_core::Linter;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::replace::{self, Keep};

/// Where markers live, under the output directory.
const MARKERS: &str = ".boilerlint/done";

/// The resume state of one output directory.
pub struct Resume {
    dir: PathBuf,
    /// Redo every output (but still record what is written).
    force: bool,
    /// The settings that are the same for every input of the run.
    run: Map<String, Value>,
    /// The outputs are attribute files (placed as Dolma places them).
    attributes: bool,
    /// Config file digests, by path: read once per run.
    config_digests: Mutex<HashMap<PathBuf, Option<String>>>,
}

/// What to do with one output.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing is there, or `--force`: write it.
    Write,
    /// Something is there that a completed run did not write with these settings: the
    /// message says what, and the output is written again.
    Redo(String),
    /// A completed run wrote it with these settings, from this input: the message says so, and
    /// what remained in it.
    Skip(String, Remaining),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Marker {
    version: u32,
    input: Stamp,
    output: Stamp,
    settings: Value,
    #[serde(default)]
    remaining: Remaining,
}

/// The findings that remained in an output when it was written (fixes not applied).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remaining {
    /// Every finding left.
    pub findings: usize,
    /// Those of severity `warning` or `error`: they make the exit code 1.
    pub failing: usize,
}

/// A file as it was: enough to see that it changed since.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Stamp {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<PathBuf>,
    size: u64,
    modified_ns: u128,
}

impl Stamp {
    fn of(path: &Path, with_path: bool) -> io::Result<Stamp> {
        let meta = std::fs::metadata(path)?;
        let modified = meta.modified()?;
        Ok(Stamp {
            path: if with_path {
                Some(std::fs::canonicalize(path)?)
            } else {
                None
            },
            size: meta.len(),
            modified_ns: modified
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        })
    }
}

/// The digest of some bytes, as hex.
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Resume {
    /// `run` holds the settings that apply to every input (mode, fields, ...); `attributes`:
    /// the outputs are attribute files.
    pub fn new(dir: PathBuf, force: bool, run: Map<String, Value>, attributes: bool) -> Resume {
        Resume {
            dir,
            force,
            run,
            attributes,
            config_digests: Mutex::new(HashMap::new()),
        }
    }

    /// Where `source`'s output goes.
    pub fn output_of(&self, source: &Path) -> PathBuf {
        crate::outputs::target_path(&self.dir, source, self.attributes)
    }

    fn marker_path(&self, output: &Path) -> Option<PathBuf> {
        let relative = output.strip_prefix(&self.dir).ok()?;
        let mut marker = self.dir.join(MARKERS).join(relative).into_os_string();
        marker.push(".json");
        Some(PathBuf::from(marker))
    }

    /// The settings that decide `input`'s output.
    fn settings(&self, linter: &Linter, input: &Path) -> Value {
        let config = linter.config().path.as_ref().map(|path| {
            let digest = self
                .config_digests
                .lock()
                .expect("no panic while holding the lock")
                .entry(path.clone())
                .or_insert_with(|| std::fs::read(path).ok().map(|b| digest(&b)))
                .clone();
            json!({"path": path, "sha256": digest})
        });
        let plugins: Vec<String> = linter
            .plugins()
            .map(|p| format!("{} {}", p.name, p.version))
            .collect();
        let rules: Vec<&str> = linter
            .plugins()
            .zip(linter.enabled_rules(Some(input)))
            .flat_map(|(plugin, enabled)| {
                plugin
                    .rules
                    .iter()
                    .zip(enabled)
                    .filter(|(_, on)| *on)
                    .map(|(rule, _)| rule.id.as_str())
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut settings = self.run.clone();
        settings.insert("config".into(), config.unwrap_or(Value::Null));
        settings.insert("plugins".into(), json!(plugins));
        settings.insert("rules".into(), json!(rules));
        Value::Object(settings)
    }

    /// Whether `output`, made from `input`, must be written.
    pub fn verdict(&self, linter: &Linter, input: &Path, output: &Path) -> Verdict {
        if self.force || std::fs::symlink_metadata(output).is_err() {
            return Verdict::Write;
        }
        let shown = output.display();
        let Some(marker) = self.read_marker(output) else {
            return Verdict::Redo(format!(
                "redone: {shown} is there, but no completed run wrote it"
            ));
        };
        if Stamp::of(output, false).ok().as_ref() != Some(&marker.output) {
            return Verdict::Redo(format!("redone: {shown} changed after a run completed it"));
        }
        if Stamp::of(input, true).ok().as_ref() != Some(&marker.input) {
            return Verdict::Redo(format!(
                "redone: the input changed since {shown} was written"
            ));
        }
        let settings = self.settings(linter, input);
        if settings != marker.settings {
            let changed = changed_keys(&settings, &marker.settings);
            return Verdict::Redo(format!(
                "redone: {shown} was written with other settings ({changed})"
            ));
        }
        let left = match marker.remaining.findings {
            0 => String::new(),
            1 => "; 1 finding remained in it".to_string(),
            n => format!("; {n} findings remained in it"),
        };
        Verdict::Skip(
            format!("skipped: {shown} was written by an earlier run (--force redoes it){left}"),
            marker.remaining,
        )
    }

    fn read_marker(&self, output: &Path) -> Option<Marker> {
        let text = std::fs::read(self.marker_path(output)?).ok()?;
        serde_json::from_slice::<Marker>(&text)
            .ok()
            .filter(|m| m.version == 1)
    }

    /// Removes `output`'s marker: it is about to be rewritten.
    pub fn forget(&self, output: &Path) -> io::Result<()> {
        let Some(marker) = self.marker_path(output) else {
            return Ok(());
        };
        match std::fs::remove_file(marker) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Records that `output` was completely written from `input`, with `remaining` findings
    /// left in it.
    pub fn record(
        &self,
        linter: &Linter,
        input: &Path,
        output: &Path,
        remaining: Remaining,
    ) -> io::Result<()> {
        let Some(path) = self.marker_path(output) else {
            return Ok(());
        };
        let marker = Marker {
            version: 1,
            input: Stamp::of(input, true)?,
            output: Stamp::of(output, false)?,
            settings: self.settings(linter, input),
            remaining,
        };
        let mut text = serde_json::to_vec_pretty(&marker)?;
        text.push(b'\n');
        replace::write(&replace::resolve(&path)?, &text, Keep::Identity)
    }
}

/// The top-level keys whose values differ, for messages.
fn changed_keys(a: &Value, b: &Value) -> String {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return "unknown".into();
    };
    let keys: Vec<&str> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .map(String::as_str)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    keys.join(", ")
}
