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
