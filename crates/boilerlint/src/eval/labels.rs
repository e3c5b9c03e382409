//! The labels file of `boilerlint eval` (docs/eval.md): JSON Lines, one object per document,
//! naming the lines of each kind of contamination.
//!
//! ```text
//! {"path": "dev/en/0001.txt", "lang": "en", "labels": [{"rule": "cookie-banner", "lines": [19, 26]}]}
//! {"path": "dev/shard.jsonl", "record": 3, "labels": []}
//! ```
//!
//! A line of the file that cannot be used is an error naming the file and line; the others
//! are still used.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

use boilerlint_corpus::input::{kind_of, Kind};

/// The label that marks lines as part of the article (lines no label covers are clean too).
pub const CLEAN: &str = "clean";

/// One line of the labels file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    record: Option<u64>,
    id: Option<serde_json::Value>,
    lang: Option<String>,
    source: Option<String>,
    #[serde(default)]
    labels: Vec<EntrySpan>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntrySpan {
    rule: String,
    lines: [usize; 2],
}

/// Which record of a JSONL input a label names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Record {
    /// A text file: the whole file.
    Whole,
    /// The record on this 1-based line of the shard.
    Line(u64),
    /// The record whose id field is this JSON value (written compactly).
    Id(String),
}

/// Lines `first..=last` (1-based) hold contamination found by `rule`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub rule: String,
    pub first: usize,
    pub last: usize,
}

/// One labeled document.
#[derive(Debug)]
pub struct Labeled {
    /// Its line in the labels file.
    pub line: usize,
    /// The input, relative to the working directory (or absolute).
    pub path: PathBuf,
    pub record: Record,
    /// Its main language, `?` when not given.
    pub lang: String,
    pub source: Option<String>,
    /// Contamination spans (`clean` spans are left out: uncovered lines are clean anyway).
    pub spans: Vec<Span>,
}

/// A labels file, read.
#[derive(Debug)]
pub struct Labels {
    pub file: PathBuf,
    pub documents: Vec<Labeled>,
    /// Lines that could not be used: the line, and what is wrong with it.
    errors: Vec<(usize, String)>,
}

impl Labels {
    /// Reads `file`; an unreadable file is an error, a bad line is recorded and skipped.
    pub fn load(file: &Path) -> Result<Labels> {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read the labels file {}", file.display()))?;
        let dir = file.parent().unwrap_or(Path::new(""));
        let mut labels = Labels {
            file: file.to_path_buf(),
            documents: Vec::new(),
            errors: Vec::new(),
        };
        let mut seen = HashSet::new();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let number = index + 1;
            match parse(line, dir) {
                Ok(doc) if !seen.insert((doc.path.clone(), doc.record.clone())) => {
                    labels.error(
                        number,
                        "this document is labeled a second time; label it once",
                    );
                }
                Ok(doc) => labels.documents.push(Labeled {
                    line: number,
                    ..doc
                }),
                Err(message) => labels.error(number, &message),
            }
        }
        Ok(labels)
    }

    /// Records an error about line `line` of the labels file.
    pub fn error(&mut self, line: usize, message: &str) {
        self.errors.push((line, message.to_string()));
    }

    /// The errors recorded, in the order of the file's lines, each naming the file and line.
    pub fn errors(&self) -> Vec<String> {
        let mut errors = self.errors.clone();
        errors.sort_by_key(|(line, _)| *line);
        errors
            .into_iter()
            .map(|(line, message)| format!("{}:{line}: {message}", self.file.display()))
            .collect()
    }
}

/// One line of the labels file; `dir` is the file's directory.
fn parse(line: &str, dir: &Path) -> Result<Labeled, String> {
    let entry: Entry = serde_json::from_str(line).map_err(|e| {
        format!(
            "not a valid label line ({e}); each line is one JSON object such as \
             {{\"path\": \"a.txt\", \"labels\": [{{\"rule\": \"cookie-banner\", \"lines\": [3, 5]}}]}}"
        )
    })?;
    let path = dir.join(&entry.path);
    if !path.is_file() {
        return Err(format!(
            "{}: no such file (paths are relative to the labels file's directory)",
            path.display()
        ));
    }
    let jsonl = matches!(kind_of(&path), Some(Kind::Jsonl(_)));
    let record = match (jsonl, entry.record, entry.id) {
        (false, None, None) => Record::Whole,
        (false, _, _) => {
            return Err(format!(
                "{}: `record` and `id` select a record of a JSONL file, and this is a text file",
                entry.path
            ))
        }
        (true, Some(_), Some(_)) => {
            return Err("give `record` or `id`, not both".into());
        }
        (true, Some(0), None) => return Err("`record` counts from 1".into()),
        (true, Some(n), None) => Record::Line(n),
        (true, None, Some(id)) => Record::Id(id.to_string()),
        (true, None, None) => {
            return Err(format!(
                "{}: a JSONL file holds many documents; say which with `record` (its line) or `id`",
                entry.path
            ))
        }
    };
    let mut spans = Vec::new();
    for EntrySpan {
        rule,
        lines: [first, last],
    } in entry.labels
    {
        if rule.trim().is_empty() {
            return Err("a label has an empty `rule`".into());
        }
        if first == 0 || last < first {
            return Err(format!(
                "`lines` [{first}, {last}] of `{rule}`: give [first, last], 1-based, first <= last"
            ));
        }
        if rule != CLEAN {
            spans.push(Span { rule, first, last });
        }
    }
    Ok(Labeled {
        line: 0,
        path,
        record,
        lang: entry
            .lang
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| "?".into()),
        source: entry.source,
        spans,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_are_errors_naming_the_line_and_the_rest_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x\n").unwrap();
        std::fs::write(dir.path().join("s.jsonl"), "{\"text\": \"x\"}\n").unwrap();
        let file = dir.path().join("labels.jsonl");
        std::fs::write(
            &file,
            concat!(
                "{\"path\": \"a.txt\", \"labels\": [{\"rule\": \"ad-notice\", \"lines\": [1, 1]}]}\n",
                "not json\n",
                "\n",
                "{\"path\": \"s.jsonl\"}\n",
                "{\"path\": \"s.jsonl\", \"id\": 7, \"lang\": \"de\"}\n",
                "{\"path\": \"a.txt\"}\n",
                "{\"path\": \"b.txt\"}\n",
                "{\"path\": \"s.jsonl\", \"record\": 1, \"labels\": [{\"rule\": \"x\", \"lines\": [2, 1]}]}\n",
            ),
        )
        .unwrap();
        let labels = Labels::load(&file).unwrap();
        assert_eq!(labels.documents.len(), 2);
        assert_eq!(labels.documents[1].record, Record::Id("7".into()));
        assert_eq!(labels.documents[1].lang, "de");
        let errors = labels.errors();
        let lines: Vec<&str> = errors
            .iter()
            .map(|e| e.split(": ").next().unwrap().rsplit(':').next().unwrap())
            .collect();
        assert_eq!(lines, ["2", "4", "6", "7", "8"]);
    }
}
