//! Every output format on the same fixtures: the seed article and a multi-file folder. The
//! machine formats are contracts; SARIF is validated against the official 2.1.0 schema.

use std::fs;

use boilerlint_tests::{boilerlint, root, run};

const SEED: &str = "tests/fixtures/seed-article.txt";
const FOLDER: &str = "tests/fixtures/folder";

fn each_format(format: &str) -> String {
    let seed = run(boilerlint().args(["check", "--format", format, SEED]));
    let folder = run(boilerlint().args(["check", "--format", format, "--threads", "1", FOLDER]));
    format!("=== seed article\n{seed}\n=== folder\n{folder}")
}

#[test]
fn human() {
    insta::assert_snapshot!(each_format("human"));
}

#[test]
fn json() {
    insta::assert_snapshot!(each_format("json"));
}

#[test]
fn jsonl() {
    insta::assert_snapshot!(each_format("jsonl"));
}

#[test]
fn github() {
    insta::assert_snapshot!(each_format("github"));
}

#[test]
fn sarif_validates_against_the_official_schema() {
    insta::assert_snapshot!(each_format("sarif"));
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/schema/sarif-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    for target in [SEED, FOLDER] {
        let output = boilerlint()
            .args(["check", "--format", "sarif", target])
            .output()
            .unwrap();
        let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{target}: {errors:#?}");
        assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    }
}

#[test]
fn json_follows_its_schema_on_a_folder() {
    let output = boilerlint()
        .args(["check", "--format", "json", FOLDER])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/schema/check-output.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// `json` and `sarif` are written as the findings come (memory does not grow with the report):
/// on a corpus of many files, a shard with ids and a malformed record, files without findings
/// and an unreadable one, the streamed output still parses and follows its schema, and holds
/// every finding and error.
#[test]
fn streamed_json_and_sarif_follow_their_schemas_on_a_mixed_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let seed = fs::read_to_string(root().join(SEED)).unwrap();
    for i in 0..30 {
        fs::write(dir.path().join(format!("article-{i:02}.txt")), &seed).unwrap();
        fs::write(dir.path().join(format!("clean-{i:02}.txt")), "Just news.\n").unwrap();
    }
    let record = serde_json::json!({ "id": "r1", "text": seed }).to_string();
    fs::write(
        dir.path().join("shard.jsonl"),
        format!("{record}\n{{not json\n{record}\n"),
    )
    .unwrap();
    fs::write(dir.path().join("latin1.txt"), b"caf\xe9\n").unwrap();

    let validate = |schema: &str, format: &str| -> serde_json::Value {
        let output = boilerlint()
            .current_dir(dir.path())
            .args(["check", "--threads", "2", "--format", format, "."])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{format}");
        let value: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{format} output is not JSON: {e}"));
        let schema: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(root().join(schema)).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{format}: {errors:#?}");
        value
    };
    let json = validate("tests/schema/check-output.schema.json", "json");
    assert_eq!(json["files"].as_array().unwrap().len(), 62);
    assert_eq!(json["summary"]["findings"], 32);
    assert_eq!(
        json["errors"].as_array().unwrap().len(),
        3,
        "{:#}",
        json["errors"]
    );
    let sarif = validate("tests/schema/sarif-2.1.0.json", "sarif");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 32);
}
