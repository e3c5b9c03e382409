//! Output hygiene: control characters in file names and in the checked text never reach the
//! terminal or a CI log raw. A newline in a file name must not start a forged
//! `::error file=...` line, and escape sequences or a carriage return in scraped text (or a
//! URL) must not drive the terminal; they are shown escaped (`\n`, `\r`, `\u{1b}`).

use std::fs;
use std::path::Path;

use boilerlint_tests::{boilerlint, root};

const FORGED: &str = "::error file=README.md,line=1::forged";

/// Every line of stdout and stderr of `boilerlint ARGS` in `dir`, checked: no raw control
/// character but the line breaks, and no line that starts a forged workflow command.
fn clean_output(dir: &Path, args: &[&str]) -> String {
    let output = boilerlint().current_dir(dir).args(args).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    for line in text.lines() {
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "{args:?}: a raw control character in {line:?}"
        );
        assert!(
            !line.starts_with("::error"),
            "{args:?}: a forged annotation line {line:?}"
        );
    }
    text
}

#[test]
fn control_characters_in_file_names_and_text_are_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let seed = fs::read_to_string(root().join("tests/fixtures/seed-article.txt")).unwrap();
    // The notice's lines carry an escape sequence, a carriage return and a C1 control.
    let poisoned = seed.replacen(
        "Sitelerimizde",
        "\u{1b}]0;pwned\u{7}\u{1b}[2J\rSitelerimizde\u{9b}",
        1,
    );
    fs::write(dir.path().join(format!("a\n{FORGED}\n.txt")), &poisoned).unwrap();
    // An unreadable file with a forged name: its error line names it.
    fs::write(dir.path().join(format!("b\n{FORGED}.txt")), b"caf\xe9\n").unwrap();
    // A shard whose URL and text carry escape sequences, for `stats`.
    let record = serde_json::json!({
        "id": "r\u{1b}[31m1",
        "url": "https://ex\u{1b}[31mample.org/a",
        "text": poisoned,
    });
    fs::write(
        dir.path().join("c.jsonl"),
        format!("{record}\n{{bad\u{1b}[2J\n"),
    )
    .unwrap();

    let human = clean_output(dir.path(), &["check", "--threads", "1", "."]);
    assert!(human.contains(&format!("a\\n{FORGED}\\n.txt")), "{human}");
    assert!(
        human.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\rSitelerimizde\\u{9b}"),
        "{human}"
    );
    assert!(
        human.contains(&format!("error: b\\n{FORGED}.txt: not valid UTF-8")),
        "{human}"
    );

    let github = clean_output(dir.path(), &["check", "--format", "github", "."]);
    assert!(
        github.contains("::warning file=a%0A%3A%3Aerror"),
        "{github}"
    );

    let diff = clean_output(dir.path(), &["check", "--diff", "."]);
    assert!(
        diff.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\r"),
        "{diff}"
    );

    let stats = clean_output(dir.path(), &["stats", "."]);
    assert!(stats.contains("ex\\u{1b}[31mample.org"), "{stats}");
    assert!(
        stats.contains(&format!("error: b\\n{FORGED}.txt")),
        "{stats}"
    );

    // The machine formats escape as JSON does; they parse and keep the name exactly.
    let output = boilerlint()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["files"][0]["path"], format!("a\n{FORGED}\n.txt"));
}
