//! Baselines: known findings, recorded by content, that later runs do not report.
//!
//! A finding is recorded as its input's path, its rule and a hash of the text it flags
//! (whitespace-normalised), not by line or offset: editing the document around it does not
//! bring it back, changing the flagged text does. The file is JSON, meant to be committed.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use boilerlint_core::config::{canonical, relative_to};
use boilerlint_core::Finding;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::output::Report;
use boilerlint_corpus::input::Input;
use boilerlint_corpus::pipeline::{DocResult, Known, Sink};
use boilerlint_corpus::replace;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: BTreeSet<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    fingerprint: String,
}

/// A set of recorded findings.
///
/// Paths are recorded relative to the baseline file's directory, resolved (links, `.`, `..`),
/// with `/` between components; a file outside that directory by its absolute resolved path. So
/// the same file named absolutely, through `../` or from a subdirectory finds its entry, and a
/// baseline committed beside the data works from any working directory.
#[derive(Debug)]
pub struct Baseline {
    entries: BTreeSet<Entry>,
    /// The baseline file's directory: paths are recorded relative to it.
    anchor: PathBuf,
}

/// The fingerprint of the text a finding flags.
pub fn fingerprint(flagged: &str) -> String {
    let normalised: Vec<&str> = flagged.split_whitespace().collect();
    let digest = Sha256::digest(normalised.join(" ").as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

impl Baseline {
    /// An empty baseline to be written at `path`.
    pub fn new(path: &Path) -> Baseline {
        Baseline {
            entries: BTreeSet::new(),
            anchor: anchor_of(path),
        }
    }

    /// How `input` is recorded: see [`Baseline`].
    pub fn key(&self, input: &Input) -> String {
        let Some(path) = input.path.as_deref() else {
            return input.display.clone();
        };
        relative_to(path, &self.anchor)
            .unwrap_or_else(|| canonical(path).to_string_lossy().into_owned())
    }

    pub fn load(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the baseline {}", path.display()))?;
        let file: File = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a boilerlint baseline", path.display()))?;
        anyhow::ensure!(
            file.version == 1,
            "{}: baseline version {} is not supported (expected 1)",
            path.display(),
            file.version
        );
        Ok(Baseline {
            entries: file.findings,
            anchor: anchor_of(path),
        })
    }

    /// A digest of the recorded findings: outputs fixed with another baseline differ.
    pub fn digest(&self) -> String {
        let entries = serde_json::to_vec(&self.entries).expect("entries serialise");
        boilerlint_corpus::resume::digest(&entries)
    }

    /// Writes the baseline to `path`, whole or not at all. A symbolic link there is followed
    /// (its target is written, and the returned note says so); anything but a regular file is
    /// refused.
    pub fn save(&self, path: &Path) -> Result<Option<String>> {
        let file = File {
            version: 1,
            findings: self.entries.clone(),
        };
        let mut text = serde_json::to_string_pretty(&file)?;
        text.push('\n');
        let write = || {
            let target = replace::resolve(path)?;
            replace::write(&target, text.as_bytes(), replace::Keep::Identity)?;
            Ok::<_, io::Error>(target.link_note())
        };
        write().with_context(|| format!("cannot write the baseline {}", path.display()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    fn insert(&mut self, path: &str, finding: &Finding, fingerprint: String) {
        self.entries.insert(Entry {
            path: path.to_string(),
            rule: finding.rule.clone(),
            fingerprint,
        });
    }
}

impl Known for Baseline {
    /// Whether the finding of `rule` flagging `flagged` in `input` is recorded.
    fn contains(&self, input: &Input, rule: &str, flagged: &str) -> bool {
        self.entries.contains(&Entry {
            path: self.key(input),
            rule: rule.to_string(),
            fingerprint: fingerprint(flagged),
        })
    }
}

/// The resolved directory of the baseline file at `path`.
fn anchor_of(path: &Path) -> PathBuf {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    canonical(dir)
}

/// Passes results to the report, recording their findings in a baseline when asked.
pub struct Recorder<'a> {
    pub report: &'a mut Report,
    pub baseline: Option<&'a mut Baseline>,
}

impl Sink for Recorder<'_> {
    fn document(&mut self, input: &Input, result: &DocResult) -> io::Result<()> {
        if let Some(baseline) = self.baseline.as_deref_mut() {
            if !result.findings.is_empty() {
                let key = baseline.key(input);
                for (finding, fingerprint) in result.findings.iter().zip(&result.fingerprints) {
                    baseline.insert(&key, finding, fingerprint.clone());
                }
            }
        }
        self.report.document(input, result)
    }

    fn skipped(&mut self, input: &Input, reason: &str) -> io::Result<()> {
        self.report.skipped(input, reason)
    }

    fn skipped_remaining(
        &mut self,
        input: &Input,
        remaining: boilerlint_corpus::resume::Remaining,
    ) -> io::Result<()> {
        self.report.skipped_remaining(input, remaining)
    }

    fn output_failed(&mut self, input: &Input, message: &str) -> io::Result<()> {
        self.report.output_failed(input, message)
    }

    fn note(&mut self, input: &Input, message: &str) -> io::Result<()> {
        self.report.note(input, message)
    }

    fn input_done(&mut self, input: &Input) -> io::Result<()> {
        self.report.input_done(input)
    }
}
