//! Record metadata reaches the plugins: a record's URL, id and declared language (named by
//! `--url-field`, `--id-field`, `--lang-field`) through the ABI's document, and a plugin built
//! against the document's first layout, which knows none of them, keeps working.

use std::fs;
use std::path::Path;

use boilerlint_tests::{artifacts, boilerlint};

/// Runs `boilerlint --no-default-plugins --plugin PLUGIN [--config CONFIG] check --format json
/// ARGS...` in `dir` and returns the findings' `(path, record, message)`.
fn findings(
    dir: &Path,
    plugin: &str,
    config: Option<&str>,
    args: &[&str],
) -> Vec<(String, Option<u64>, String)> {
    let mut command = boilerlint();
    command
        .current_dir(dir)
        .args(["--no-default-plugins", "--plugin"])
        .arg(artifacts().cdylib(plugin));
    if let Some(config) = config {
        command.args(["--config", config]);
    }
    let output = command
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.code().is_some_and(|c| c < 2), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut found = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for f in file["findings"].as_array().unwrap() {
            found.push((
                file["path"].as_str().unwrap().to_string(),
                f["record"].as_u64(),
                f["message"].as_str().unwrap().to_string(),
            ));
        }
    }
    found
}

#[test]
fn plugins_get_the_url_id_and_language_of_a_record() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("shard.jsonl"),
        concat!(
            r#"{"id": 7, "text": "@@metadata@@\n", "url": "https://a.example/x", "language": "tr"}"#,
            "\n",
            r#"{"id": "d\u00e9-2", "text": "@@metadata@@\n"}"#,
            "\n",
            r#"{"doc": "k", "text": "@@metadata@@\n", "link": "https://b.example/", "lang": "pt-BR"}"#,
            "\n",
        ),
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), "@@metadata@@\n").unwrap();
    let defaults = findings(
        dir.path(),
        "blfixture-faulty",
        None,
        &["shard.jsonl", "a.txt"],
    );
    let message = |f: &(String, Option<u64>, String)| f.2.clone();
    assert_eq!(
        defaults.iter().map(message).collect::<Vec<_>>(),
        [
            "url=https://a.example/x id=7 language=tr",
            "url=- id=dé-2 language=-",
            "url=- id=- language=-",
            "url=- id=- language=-",
        ]
    );
    let named = findings(
        dir.path(),
        "blfixture-faulty",
        None,
        &[
            "--url-field",
            "link",
            "--id-field",
            "doc",
            "--lang-field",
            "lang",
            "shard.jsonl",
        ],
    );
    assert_eq!(named[2].2, "url=https://b.example/ id=k language=pt-BR");
}

#[test]
fn a_plugin_built_against_the_first_document_layout_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("shard.jsonl"),
        concat!(
            r#"{"id": 1, "text": "One\n\nTwo\nThree", "url": "https://a.example/", "language": "en"}"#,
            "\n"
        ),
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), "Title\n\nBody.\n").unwrap();
    let found = findings(
        dir.path(),
        "blfixture-old-document",
        None,
        &["a.txt", "shard.jsonl"],
    );
    assert_eq!(
        found,
        [
            (
                "a.txt".to_string(),
                None,
                "first line of a.txt (3 lines, 2 paragraphs)".to_string()
            ),
            (
                "shard.jsonl".to_string(),
                Some(1),
                "first line of shard.jsonl:1 (4 lines, 2 paragraphs)".to_string()
            ),
        ]
    );
}

/// A site's rules, keyed by its domain.
const SITE_CONFIG: &str = r#"
[rules.site-rules]
[[rules.site-rules.site]]
name = "harbour-times"
domain = "harbourtimes.example"
[[rules.site-rules.site.rule]]
id = "ht-newsletter"
message = "newsletter box"
phrases = ["Sign up to Morning Harbour"]
"#;

#[test]
fn a_site_plugin_in_a_jsonl_corpus_matches_by_url() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("boilerlint.toml"), SITE_CONFIG).unwrap();
    let text = r#"The council approved the budget.\n\nSign up to Morning Harbour today."#;
    let shard = [
        "https://www.harbourtimes.example/council",
        "https://other.example/council",
        "https://harbourtimes.example.evil.example/x",
    ]
    .iter()
    .enumerate()
    .map(|(i, url)| format!("{{\"id\": {i}, \"text\": \"{text}\", \"url\": \"{url}\"}}\n"))
    .collect::<String>();
    // The shard's name names the site, but the records' URLs decide.
    fs::write(dir.path().join("harbourtimes.example.jsonl"), shard).unwrap();
    let found = findings(
        dir.path(),
        "boilerlint-plugin-site-rules",
        Some("boilerlint.toml"),
        &["harbourtimes.example.jsonl"],
    );
    assert_eq!(
        found,
        [(
            "harbourtimes.example.jsonl".to_string(),
            Some(1),
            "[ht-newsletter] newsletter box".to_string()
        )]
    );
}
