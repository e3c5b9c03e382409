//! Scores the shipped rules on the labeled development corpus (`tests/corpus/`) at line level
//! and fails below the floors. The plugins run as they do for users: loaded from their shared
//! libraries through the host (two plugins cannot be linked into one test binary: each exports
//! the same entry symbol). `cargo test -p boilerlint-tests --test corpus -- --nocapture`
//! prints the table and every miss.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use boilerlint_core::host::{load, HostDocument, Instance, LoadOptions};
use boilerlint_plugin::segment;

/// A corpus document: its text and the label of each line.
struct Labeled {
    path: PathBuf,
    text: String,
    labels: Vec<char>,
    blank: Vec<bool>,
}

fn corpus() -> Vec<Labeled> {
    let root = boilerlint_tests::root().join("tests/corpus");
    let mut paths = Vec::new();
    for dir in fs::read_dir(&root).unwrap().flatten() {
        if dir.path().is_dir() {
            for file in fs::read_dir(dir.path()).unwrap().flatten() {
                paths.push(file.path());
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let raw = fs::read_to_string(&path).unwrap();
            let mut text = String::new();
            let mut labels = Vec::new();
            let mut blank = Vec::new();
            for line in raw.lines().filter(|l| !l.starts_with("# ")) {
                let (label, body) = line
                    .split_once('|')
                    .unwrap_or_else(|| panic!("{}: unlabeled line {line:?}", path.display()));
                let label = label.chars().next().unwrap_or('.');
                assert!(
                    ".CAL".contains(label),
                    "{}: label {label:?}",
                    path.display()
                );
                labels.push(label);
                blank.push(body.trim().is_empty());
                text.push_str(body);
                text.push('\n');
            }
            Labeled {
                path,
                text,
                labels,
                blank,
            }
        })
        .collect()
}

#[derive(Default, Debug)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores one rule: `label` is its letter in the corpus.
fn score(docs: &[Labeled], label: char, plugin: &Instance) -> Score {
    let mut total = Score::default();
    for doc in docs {
        let mut flagged = vec![false; doc.labels.len()];
        let segments = segment(&doc.text);
        let host_doc = HostDocument {
            text: &doc.text,
            path: "corpus",
            segments: &segments,
        };
        let line_at = |offset: usize| {
            doc.text.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
        };
        for finding in plugin
            .check(&host_doc)
            .expect("the plugin checks the document")
        {
            let last = finding.range.end.max(finding.range.start + 1) - 1;
            for flag in &mut flagged[line_at(finding.range.start)..=line_at(last)] {
                *flag = true;
            }
        }
        let mut misses = Vec::new();
        for (i, (&l, &f)) in doc.labels.iter().zip(&flagged).enumerate() {
            if doc.blank[i] {
                continue;
            }
            match (l == label, f) {
                (true, true) => total.tp += 1,
                (true, false) => {
                    total.fn_ += 1;
                    misses.push(format!("  missed    {}: {}", i + 1, line_of(&doc.text, i)));
                }
                (false, true) if l == '.' => {
                    total.fp += 1;
                    misses.push(format!("  FALSE HIT {}: {}", i + 1, line_of(&doc.text, i)));
                }
                _ => {}
            }
        }
        if !misses.is_empty() {
            println!("[{label}] {}", doc.path.display());
            for m in misses {
                println!("{m}");
            }
        }
    }
    total
}

fn line_of(text: &str, index: usize) -> String {
    let line = text.lines().nth(index).unwrap_or("");
    line.chars().take(100).collect()
}

#[test]
fn rules_meet_their_floors_on_the_development_corpus() {
    let docs = corpus();
    let languages: BTreeMap<String, usize> = docs.iter().fold(BTreeMap::new(), |mut m, d| {
        let lang = d
            .path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        *m.entry(lang).or_default() += 1;
        m
    });
    assert!(docs.len() >= 150, "{} documents", docs.len());
    assert!(languages.len() >= 20, "{languages:?}");

    let instance = |package: &str| {
        let library = boilerlint_tests::artifacts().cdylib(package);
        Instance::new(load(library, LoadOptions::default()).unwrap(), "").unwrap()
    };
    let cookie = instance("boilerlint-plugin-cookie-banner");
    let ads = instance("boilerlint-plugin-ad-notice");
    let languages_rule = instance("boilerlint-plugin-off-language");
    let results = [
        ("cookie-banner", score(&docs, 'C', &cookie), 0.95, 0.90),
        ("ad-notice", score(&docs, 'A', &ads), 0.95, 0.85),
        (
            "off-language",
            score(&docs, 'L', &languages_rule),
            0.95,
            0.90,
        ),
    ];
    println!("\n{} documents, {} languages", docs.len(), languages.len());
    println!(
        "{:<14} {:>5} {:>5} {:>5} {:>9} {:>6} {:>6}",
        "rule", "tp", "fp", "fn", "precision", "recall", "f1"
    );
    for (rule, s, _, _) in &results {
        println!(
            "{rule:<14} {:>5} {:>5} {:>5} {:>9.3} {:>6.3} {:>6.3}",
            s.tp,
            s.fp,
            s.fn_,
            s.precision(),
            s.recall(),
            s.f1()
        );
    }
    for (rule, s, precision, recall) in &results {
        assert!(
            s.precision() >= *precision,
            "{rule}: precision {:.3} < {precision}",
            s.precision()
        );
        assert!(
            s.recall() >= *recall,
            "{rule}: recall {:.3} < {recall}",
            s.recall()
        );
    }
}
