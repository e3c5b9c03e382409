//! `boilerlint eval` on the small labeled set in `tests/fixtures/eval/`: the human and JSON
//! reports, exit codes, `--min-f1`, labels that cannot be used, and that nothing is written.
//!
//! The set holds, on purpose: misses (an English banner sentence alone at the end of a record,
//! short foreign paragraphs), false alarms (English article paragraphs in a document whose
//! German banner is longer than the article; an "Advertisement:" sentence of a clean
//! document), a cross line (an ad label inside a cookie banner's paragraph), two documents
//! without contamination, documents in German and French, and two JSONL records (one selected
//! by line, one by id).

use std::process::Command;

use boilerlint_tests::{boilerlint, root, run};

const LABELS: &str = "tests/fixtures/eval/labels.jsonl";
const BAD_LABELS: &str = "tests/fixtures/eval/bad-labels.jsonl";

fn eval(args: &[&str]) -> Command {
    let mut command = boilerlint();
    command.args(["eval", "--labels"]).args(args);
    command
}

fn json(command: &mut Command) -> serde_json::Value {
    let output = command.output().expect("boilerlint runs");
    serde_json::from_slice(&output.stdout).expect("one JSON object on stdout")
}

#[test]
fn human_report_with_the_baselines() {
    insta::assert_snapshot!(run(&mut eval(&[LABELS, "--baselines"])));
}

#[test]
fn json_report_with_the_baselines() {
    insta::assert_snapshot!(run(&mut eval(&[LABELS, "--baselines", "--format", "json"])));
}

#[test]
fn labels_that_cannot_be_used_are_errors_and_the_others_are_scored() {
    // A line that is not JSON, a file that does not exist, a range past the end of its
    // document, a record past the end of its shard, an id no record has, and a rule no
    // plugin has (a warning: any rule name may be labeled).
    insta::assert_snapshot!(run(&mut eval(&[
        BAD_LABELS,
        "--select",
        "cookie-banner,ad-notice,off-language"
    ])));
}

#[test]
fn min_f1_fails_the_run_under_the_floor() {
    let code = |args: &[&str]| {
        let mut command = eval(&[LABELS, "--format", "json"]);
        command.args(args).output().unwrap().status.code()
    };
    // cookie-banner scores 0.933 and ad-notice 0.667 on this set.
    assert_eq!(code(&[]), Some(0));
    assert_eq!(code(&["--min-f1", "cookie-banner=0.9"]), Some(0));
    assert_eq!(
        code(&["--min-f1", "cookie-banner=0.9", "--min-f1", "ad-notice=0.9"]),
        Some(1)
    );
    // A floor for a rule that was not scored is an error, not a pass.
    assert_eq!(code(&["--min-f1", "no-such-rule=0.5"]), Some(2));
    assert_eq!(code(&["--min-f1", "cookie-banner=2"]), Some(2));
}

#[test]
fn paths_restrict_the_scored_documents() {
    let report = json(&mut eval(&[
        LABELS,
        "--format",
        "json",
        "tests/fixtures/eval/shard.jsonl",
    ]));
    assert_eq!(report["documents"], 2);
    let paths: Vec<&str> = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| case["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().all(|p| p.ends_with("shard.jsonl")),
        "{paths:?}"
    );
}

#[test]
fn show_caps_the_listed_lines_per_rule() {
    let output = eval(&[LABELS, "--select", "off-language", "--show", "1"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let listed: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("[off-language]"))
        .collect();
    assert_eq!(listed.len(), 1, "{stdout}");
    let all = eval(&[LABELS, "--select", "off-language", "--show", "all"])
        .output()
        .unwrap();
    let all = String::from_utf8(all.stdout).unwrap();
    let every = all.lines().filter(|l| l.contains("[off-language]")).count();
    // The fixtures hold more than one line to list (misses, false alarms, cross lines).
    assert!(every >= 2, "{all}");
    assert!(
        stdout.contains(&format!(
            "... and {} more of off-language (--show all)",
            every - 1
        )),
        "{stdout}"
    );
}

#[test]
fn the_fix_check_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = root().join("tests/fixtures/eval");
    for entry in std::fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let before = snapshot_dir(dir.path());
    let labels = dir.path().join("labels.jsonl");
    let report = json(&mut eval(&[
        labels.to_str().unwrap(),
        "--format",
        "json",
        "--unsafe-fixes",
    ]));
    assert_eq!(report["fix_check"]["fixes"], "unsafe");
    assert!(report["fix_check"]["removed"].as_u64().unwrap() > 0);
    assert_eq!(snapshot_dir(dir.path()), before);
}

fn snapshot_dir(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}
