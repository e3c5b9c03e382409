//! `boilerlint new-plugin`: the crate it writes passes its own tests, builds, and loads in the
//! real binary, whose findings are snapshotted.

use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
use std::fs;
use std::path::Path;
use std::process::Command;

use boilerlint_tests::{boilerlint, root, run};

const ARTICLE: &str = "\
Council approves harbour budget after late-night session

The city council approved the harbour budget early on Wednesday, after a session that ran past
midnight.

Read more about the plan in the council's published report, which runs to 212 pages.

Related articles
Ferry terminal redesign unveiled after two-year delay
Eastern quay businesses fear summer closures
";

/// Runs cargo in the scaffolded crate, with a target directory of its own inside the temporary
/// directory, whatever CARGO_TARGET_DIR says.
fn cargo(crate_dir: &Path, target_dir: &Path, args: &[&str]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(crate_dir)
        .args(args)
        .arg("--target-dir")
        .arg(target_dir)
        // The crate's one dependency is the SDK, by path: no registry is needed.
        .arg("--offline")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {} failed in the scaffolded crate:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_scaffolded_plugin_tests_builds_and_loads() {
    let dir = tempfile::tempdir().unwrap();
    let crate_dir = dir.path().join("example-site");
    let sdk = root().join("crates/boilerlint-plugin");
    let created = run(boilerlint()
        .args(["new-plugin", "example-site", "--path"])
        .arg(&crate_dir)
        .arg("--sdk-path")
        .arg(&sdk));
    insta::assert_snapshot!("new_plugin_output", created);

    // Its unit tests pass, and it builds.
    let target_dir = dir.path().join("target");
    cargo(&crate_dir, &target_dir, &["test", "--quiet"]);
    cargo(&crate_dir, &target_dir, &["build", "--quiet"]);
    let library = target_dir.join(format!(
        "debug/{DLL_PREFIX}boilerlint_plugin_example_site{DLL_SUFFIX}"
    ));
    assert!(library.is_file(), "no library at {}", library.display());

    // The real binary loads it, reports the footer, and fixes it.
    fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    let with_plugin = |args: &[&str]| {
        let mut command = boilerlint();
        command
            .current_dir(dir.path())
            .args(["--no-default-plugins", "--plugin"])
            .arg(&library)
            .args(args);
        run(&mut command)
    };
    insta::assert_snapshot!(
        "scaffolded_plugin_findings",
        with_plugin(&["check", "article.txt"])
    );
    let fixed = with_plugin(&["check", "--fix", "article.txt"]);
    assert!(fixed.starts_with("exit: 0\n"), "{fixed}");
    let article = fs::read_to_string(dir.path().join("article.txt")).unwrap();
    let (kept, _) = ARTICLE.split_once("\n\nRelated articles").unwrap();
    assert_eq!(article, format!("{kept}\n"));

    // Its rule documents itself with the documented headings.
    let docs = with_plugin(&["rule", "example-site-footer"]);
    for heading in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Fix safety",
        "## Options",
    ] {
        assert!(docs.contains(heading), "{heading} missing:\n{docs}");
    }
}

#[test]
fn new_plugin_refuses_bad_names_and_non_empty_directories() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine\n").unwrap();
    let taken = run(boilerlint()
        .args(["new-plugin", "example-site", "--path"])
        .arg(dir.path()));
    let bad_name = run(boilerlint().args(["new-plugin", "Example_Site"]));
    let shipped = run(boilerlint().args(["new-plugin", "cookie-banner"]));
    let bad_sdk = run(boilerlint().current_dir(dir.path()).args([
        "new-plugin",
        "example-site",
        "--sdk-path",
        "no-such-dir",
    ]));
    insta::assert_snapshot!(format!("{taken}\n{bad_name}\n{shipped}\n{bad_sdk}"));
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing was written"
    );
}
