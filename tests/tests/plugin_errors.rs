//! Broken plugins: the host names the plugin and what it did, exits with 2, and goes on with
//! the other documents and the other plugins.

use std::fs;
use std::path::Path;

use boilerlint_tests::{artifacts, boilerlint, run};

fn library(package: &str) -> String {
    artifacts().cdylib(package).display().to_string()
}

/// A folder with a clean document, the seed article, and the given extra documents.
fn corpus(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a-clean.txt"),
        "Nothing to see here.\n\nFAULTY\n",
    )
    .unwrap();
    fs::copy(
        boilerlint_tests::root().join("tests/fixtures/seed-article.txt"),
        dir.path().join("b-seed.txt"),
    )
    .unwrap();
    for (name, text) in extra {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// `boilerlint --no-default-plugins --plugin cookie-banner --plugin faulty [--plugin more]
/// check --threads 1 .` in `dir`.
fn check_with(dir: &Path, more: &[&str]) -> String {
    let mut command = boilerlint();
    command
        .current_dir(dir)
        .args(["--no-default-plugins", "--plugin"])
        .arg(library("boilerlint-plugin-cookie-banner"))
        .arg("--plugin")
        .arg(library("blfixture-faulty"));
    for m in more {
        command.args(["--plugin", m]);
    }
    run(command.args(["check", "--threads", "1", "."]))
}

#[test]
fn a_plugin_that_panics_is_reported_and_the_run_goes_on() {
    let dir = corpus(&[("c-panic.txt", "@@panic@@\n"), ("d-after.txt", "FAULTY\n")]);
    let output = check_with(dir.path(), &[]);
    // The panic is contained: cookie-banner still reports the seed article, the faulty plugin
    // still reports the document before the panic, and the error names plugin and document.
    insta::assert_snapshot!(output);
}

#[test]
fn a_range_out_of_bounds_is_rejected() {
    let dir = corpus(&[("c-bad.txt", "@@out-of-bounds@@\n")]);
    insta::assert_snapshot!(check_with(dir.path(), &[]));
}

#[test]
fn a_range_inside_a_character_is_rejected() {
    let dir = corpus(&[("c-bad.txt", "@@split-char@@ çerez\n")]);
    insta::assert_snapshot!(check_with(dir.path(), &[]));
}

#[test]
fn a_flood_of_findings_is_cut_off() {
    let dir = corpus(&[("c-flood.txt", "@@flood@@\n")]);
    insta::assert_snapshot!(check_with(dir.path(), &[]));
}

#[test]
fn a_wrong_abi_version_names_both_versions() {
    let dir = corpus(&[]);
    insta::assert_snapshot!(check_with(dir.path(), &[&library("blfixture-wrong-abi")]));
}

#[test]
fn a_library_without_the_entry_symbol_is_not_a_plugin() {
    let dir = corpus(&[]);
    insta::assert_snapshot!(check_with(dir.path(), &[&library("blfixture-no-entry")]));
}

#[test]
fn a_file_that_is_not_a_library_is_refused() {
    let dir = corpus(&[]);
    let fake = dir.path().join("libboilerlint_plugin_fake.so");
    fs::write(&fake, "this is not a shared library\n").unwrap();
    let output = check_with(dir.path(), &["libboilerlint_plugin_fake.so"]);
    // The loader's own words vary by system; the start of the message is ours.
    let first_error = output
        .lines()
        .find(|l| l.starts_with("error: plugin"))
        .unwrap();
    assert!(
        first_error.contains("libboilerlint_plugin_fake.so: not a loadable shared library ("),
        "{output}"
    );
    assert!(output.starts_with("exit: 2\n"), "{output}");
    assert!(
        output.contains("b-seed.txt:19:1"),
        "the other plugins still ran:\n{output}"
    );
}

#[test]
fn a_plugin_built_with_panic_abort_is_refused_unless_allowed() {
    let dir = corpus(&[]);
    insta::assert_snapshot!(check_with(dir.path(), &[&library("blfixture-abort")]));
    let allowed = run(boilerlint()
        .current_dir(dir.path())
        .args(["--no-default-plugins", "--allow-panic-abort", "--plugin"])
        .arg(library("blfixture-abort"))
        .args(["check", "a-clean.txt"]));
    assert!(allowed.starts_with("exit: 0\n"), "{allowed}");
}

#[test]
fn a_plugin_that_rejects_its_config_names_the_config() {
    let dir = corpus(&[]);
    fs::write(
        dir.path().join("boilerlint.toml"),
        "[rules.faulty]\nfail = true\n",
    )
    .unwrap();
    insta::assert_snapshot!(check_with(dir.path(), &[]));
}

/// Empty ranges at the start and at the end are valid findings on any document, also on the
/// empty one and on a byte-order mark alone, which have no line: the host locates them on line
/// 1 in every format instead of panicking (it did, losing the whole run).
#[test]
fn empty_spans_on_empty_and_bom_only_documents_are_reported_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let documents: &[(&str, &str)] = &[
        ("a-empty.txt", ""),
        ("b-bom.txt", "\u{feff}"),
        ("c-newline.txt", "\n"),
        ("d-text.txt", "One line.\nTwo lines.\n"),
    ];
    for (name, text) in documents {
        fs::write(dir.path().join(name), text).unwrap();
    }
    fs::write(
        dir.path().join("boilerlint.toml"),
        "[rules.faulty]\nedge-spans = true\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("records.jsonl"),
        "{\"text\": \"\"}\n{\"text\": \"\\ufeff\"}\n",
    )
    .unwrap();
    for format in ["human", "json", "jsonl", "sarif", "github"] {
        let output = run(boilerlint()
            .current_dir(dir.path())
            .args(["--no-default-plugins", "--plugin"])
            .arg(library("blfixture-faulty"))
            .args(["check", "--threads", "1", "--format", format, "."]));
        assert!(output.starts_with("exit: 1\n"), "{format}:\n{output}");
        assert!(!output.contains("panicked"), "{format}:\n{output}");
        if format == "human" {
            assert!(
                output.contains("Found 12 findings (faulty-line: 12) in 6 of 6 documents"),
                "{output}"
            );
            assert!(output.contains("--> a-empty.txt:1:1"), "{output}");
            assert!(output.contains("--> b-bom.txt:1:1"), "{output}");
            assert!(output.contains("--> d-text.txt:2:1"), "{output}");
        }
    }
}
