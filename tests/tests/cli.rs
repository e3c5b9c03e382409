//! The command line end to end, on the seed article: the README's promise.

use std::fs;

use boilerlint_tests::{artifacts, boilerlint, redact, root, run};

const SEED: &str = "tests/fixtures/seed-article.txt";

fn cookie_banner() -> String {
    artifacts()
        .cdylib("boilerlint-plugin-cookie-banner")
        .display()
        .to_string()
}

#[test]
fn human_output_on_the_seed_article() {
    // Default discovery: the shipped plugins beside the executable, as after `cargo build`.
    insta::assert_snapshot!(run(boilerlint().args(["check", SEED])));
}

#[test]
fn json_output_on_the_seed_article_follows_the_schema() {
    let output = boilerlint()
        .args(["check", "--format", "json", SEED])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/schema/check-output.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    insta::assert_snapshot!(redact(&String::from_utf8_lossy(&output.stdout)));
}

#[test]
fn diff_shows_the_fix_and_writes_nothing() {
    let before = fs::read(root().join(SEED)).unwrap();
    insta::assert_snapshot!(run(boilerlint().args(["check", "--diff", SEED])));
    assert_eq!(fs::read(root().join(SEED)).unwrap(), before);
}

#[test]
fn fix_leaves_exactly_the_english_article() {
    let dir = tempfile::tempdir().unwrap();
    let original = fs::read_to_string(root().join(SEED)).unwrap();
    fs::write(dir.path().join("article.txt"), &original).unwrap();
    let report = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "article.txt"]));
    let fixed = fs::read_to_string(dir.path().join("article.txt")).unwrap();

    // Every byte of lines 1-17 unchanged, with line 17's line break; nothing after it.
    let first_17: String = original.split_inclusive('\n').take(17).collect();
    assert_eq!(fixed, first_17);
    assert!(!fixed.contains("\n\n\n") && !fixed.ends_with("\n\n"));
    insta::assert_snapshot!(format!("{report}--- fixed text\n{fixed}"));

    // Fixing again changes nothing.
    let again = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "--fix", "article.txt"]));
    assert!(again.starts_with("exit: 0\n"), "{again}");
    assert_eq!(
        fs::read_to_string(dir.path().join("article.txt")).unwrap(),
        fixed
    );
}

#[test]
fn a_clean_file_exits_0_and_stdin_works() {
    let mut child = boilerlint()
        .args(["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Kyiv on Sunday urged Moscow to pull back its troops.\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "No findings in 1 file.\n"
    );
}

#[test]
fn rule_prints_the_rules_documentation() {
    insta::assert_snapshot!(run(boilerlint().args(["rule", "cookie-banner"])));
}

#[test]
fn plugins_lists_plugins_rules_and_where_it_looked() {
    insta::assert_snapshot!(run(boilerlint().args([
        "--no-default-plugins",
        "--plugin",
        &cookie_banner(),
        "plugins"
    ])));
}

#[test]
fn select_and_ignore_choose_rules() {
    let ignored = run(boilerlint().args(["check", "--ignore", "cookie-banner,off-language", SEED]));
    assert!(ignored.starts_with("exit: 0\n"), "{ignored}");
    let unknown = run(boilerlint().args(["check", "--select", "cookie-baner", SEED]));
    insta::assert_snapshot!(unknown);
}

#[test]
fn config_is_found_above_the_checked_file_and_errors_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("news")).unwrap();
    fs::copy(root().join(SEED), dir.path().join("news/a.txt")).unwrap();
    fs::write(
        dir.path().join("boilerlint.toml"),
        "[rules]\nignore = [\"cookie-banner\", \"off-language\"]\n",
    )
    .unwrap();
    let ignored = run(boilerlint().current_dir(dir.path()).args(["check", "news"]));
    assert!(ignored.starts_with("exit: 0\n"), "{ignored}");

    fs::write(
        dir.path().join("boilerlint.toml"),
        "[rules]\nignore = []\n\n[rules.cookie-banner]\ndisable-languages = [\"tr\"]\ntreshold = 3\n",
    )
    .unwrap();
    insta::assert_snapshot!(run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "news"])));

    fs::write(dir.path().join("boilerlint.toml"), "plugin = []\n").unwrap();
    insta::assert_snapshot!(run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "news"])));
}

#[test]
fn per_path_overrides_apply() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["archive", "news"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
        fs::copy(root().join(SEED), dir.path().join(sub).join("a.txt")).unwrap();
    }
    fs::write(
        dir.path().join("boilerlint.toml"),
        "[[overrides]]\nfiles = [\"archive/**\"]\nignore = [\"cookie-banner\", \"off-language\"]\n",
    )
    .unwrap();
    let output = boilerlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<(String, usize)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["findings"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("archive/a.txt".to_string(), 0),
            ("news/a.txt".to_string(), 1)
        ]
    );
}

#[test]
fn fixing_standard_input_writes_the_fixed_text_to_stdout() {
    let mut child = boilerlint()
        .args(["check", "--fix", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let seed = fs::read_to_string(root().join(SEED)).unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(seed.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let first_17: String = seed.split_inclusive('\n').take(17).collect();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), first_17);
    assert!(String::from_utf8_lossy(&output.stderr).contains("Fixed 1 finding."));
}
