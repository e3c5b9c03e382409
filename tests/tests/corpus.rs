//! Scores the shipped rules at line level and fails below the floors: on the test part of the
//! real-text corpus (`corpus/test/`, never tuned on; see `corpus/README.md`), and on the
//! team-written regression fixtures (`tests/corpus/`). The plugins run as they do for users: loaded from their shared
//! libraries through the host (two plugins cannot be linked into one test binary: each exports
//! the same entry symbol). `cargo test -p boilerlint-tests --test corpus -- --nocapture`
//! prints the table and every miss.

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

/// The real-text corpus's test part: `labels.jsonl` and its documents.
fn real_corpus() -> Vec<Labeled> {
    let root = boilerlint_tests::root().join("corpus/test");
    let labels = fs::read_to_string(root.join("labels.jsonl")).unwrap();
    labels
        .lines()
        .map(|line| {
            let entry: serde_json::Value = serde_json::from_str(line).unwrap();
            let path = root.join(entry["path"].as_str().unwrap());
            let text = fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = text.split('\n').collect();
            let mut labels = vec!['.'; lines.len()];
            for label in entry["labels"].as_array().unwrap() {
                let letter = match label["rule"].as_str().unwrap() {
                    "cookie-banner" => 'C',
                    "ad-notice" => 'A',
                    "off-language" => 'L',
                    other => panic!("{}: unknown rule {other}", path.display()),
                };
                let range = label["lines"].as_array().unwrap();
                let (first, last) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
                for l in &mut labels[first as usize - 1..last as usize] {
                    *l = letter;
                }
            }
            let blank = lines.iter().map(|l| l.trim().is_empty()).collect();
            Labeled {
                path,
                text,
                labels,
                blank,
            }
        })
        .collect()
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
            metadata: Default::default(),
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
        if !misses.is_empty() && std::env::var_os("SHOW_MISSES").is_some() {
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

/// Scores the three rules on `docs` and checks (precision, recall) floors.
fn check_floors(name: &str, docs: &[Labeled], floors: [(f64, f64); 3]) {
    let instance = |package: &str| {
        let library = boilerlint_tests::artifacts().cdylib(package);
        Instance::new(load(library, LoadOptions::default()).unwrap(), "").unwrap()
    };
    let cookie = instance("boilerlint-plugin-cookie-banner");
    let ads = instance("boilerlint-plugin-ad-notice");
    let languages_rule = instance("boilerlint-plugin-off-language");
    let results = [
        ("cookie-banner", score(docs, 'C', &cookie), floors[0]),
        ("ad-notice", score(docs, 'A', &ads), floors[1]),
        ("off-language", score(docs, 'L', &languages_rule), floors[2]),
    ];
    println!("\n{name}: {} documents", docs.len());
    println!(
        "{:<14} {:>5} {:>5} {:>5} {:>9} {:>6} {:>6}",
        "rule", "tp", "fp", "fn", "precision", "recall", "f1"
    );
    for (rule, s, _) in &results {
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
    for (rule, s, (precision, recall)) in &results {
        assert!(
            s.precision() >= *precision,
            "{name}: {rule}: precision {:.3} < {precision}",
            s.precision()
        );
        assert!(
            s.recall() >= *recall,
            "{name}: {rule}: recall {:.3} < {recall}",
            s.recall()
        );
    }
}

/// Floors a little under the figures measured when the rules last changed (see
/// docs/quality.md), so that a change that loses accuracy on real text fails. ad-notice's
/// recall floor stands two lines under its figure: the part holds 73 ad lines, and a retrained
/// model moves one line either way (0.809 -> 0.794 when the lexicons gained sponsor headings
/// and the model a dev line's new features). cookie-banner's precision floor fell with the
/// part, not the rule: since the part's real pages hold consent notices among their lines
/// (0.896 measured; 0.966 on the composed documents alone), page lines next to a notice that it
/// takes in count against it.
#[test]
fn rules_meet_their_floors_on_the_real_test_part() {
    let docs = real_corpus();
    assert!(docs.len() >= 400, "{} documents", docs.len());
    check_floors(
        "corpus/test",
        &docs,
        [(0.88, 0.90), (0.90, 0.77), (0.90, 0.88)],
    );
}

/// The team-written fixtures: no longer the measure of a rule, but the cases they hold should
/// not silently regress.
#[test]
fn rules_keep_the_regression_fixtures() {
    let docs = corpus();
    assert!(docs.len() >= 150, "{} documents", docs.len());
    check_floors(
        "tests/corpus",
        &docs,
        [(0.55, 0.90), (0.90, 0.90), (0.90, 0.90)],
    );
}
