//! A safe fix takes a notice's own lines and nothing else: article sentences glued to a banner
//! by single line breaks, before or after it, stay (issue: a safe cookie-banner fix deleted a
//! match report's last lines with the banner that followed them).

use std::fs;

use boilerlint_tests::{boilerlint, root};

/// The seed article's English article (up to its last paragraph) and its Turkish banner
/// (from its "X" line on).
fn seed() -> (String, String) {
    let seed = fs::read_to_string(root().join("tests/fixtures/seed-article.txt")).unwrap();
    let at = seed.find("\nX\n").expect("the seed's close mark") + 1;
    (
        seed[..at].trim_end().to_string(),
        seed[at..].trim_end().to_string(),
    )
}
const REFEREE: &str = "Referee: Anthony Taylor (England). Attendance: 41,284.";
const SENTENCE: &str = "The visitors had chances late on, but the home side held out to claim a \
                        first win of the season in front of a full and noisy stadium.";

/// Fixes `text` in a file with the plain `--fix` and returns what is left.
fn fixed(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, text).unwrap();
    let status = boilerlint()
        .args(["check", "--fix", "--quiet"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "{status:?}");
    fs::read_to_string(&path).unwrap()
}

#[test]
fn article_lines_glued_before_a_banner_stay() {
    let (article, banner) = seed();
    let text = format!("{article}\n\n{REFEREE}\n{SENTENCE}\n{banner}\n");
    let after = fixed(&text);
    assert!(after.contains(REFEREE), "{after}");
    assert!(after.contains(SENTENCE), "{after}");
    assert!(!after.contains("Sitelerimizde"), "the banner goes: {after}");
}

#[test]
fn article_lines_glued_after_a_banner_stay() {
    let (article, banner) = seed();
    let text = format!("{article}\n\n{banner}\n{SENTENCE}\n{REFEREE}\n");
    let after = fixed(&text);
    assert!(after.contains(REFEREE), "{after}");
    assert!(after.contains(SENTENCE), "{after}");
    assert!(after.starts_with(&article), "{after}");
    assert!(!after.contains("Sitelerimizde"), "the banner goes: {after}");
}
