//! Baselines and config overrides match a file however it is named: absolutely, through
//! `../`, or from a subdirectory. Baseline paths are relative to the baseline file's directory,
//! override globs to the config's; both sides are resolved before they are compared. A finding
//! a baseline records is never reported, and `--fix` never deletes it.

use std::fs;
use std::path::Path;

use boilerlint_tests::{boilerlint, root, run};

fn seed() -> String {
    fs::read_to_string(root().join("tests/fixtures/seed-article.txt")).unwrap()
}

/// A repository with the seed article at `data/sub/a.txt` and an empty `other/` directory.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("data/sub")).unwrap();
    fs::create_dir_all(dir.path().join("other")).unwrap();
    fs::write(dir.path().join("data/sub/a.txt"), seed()).unwrap();
    dir
}

/// Each way to name `data/sub/a.txt` and `baseline.json` of `repo`: working directory and
/// the two paths as given.
fn namings(repo: &Path) -> Vec<(std::path::PathBuf, String, String)> {
    let absolute = repo.join("data/sub/a.txt").display().to_string();
    let baseline = repo.join("baseline.json").display().to_string();
    vec![
        (
            repo.to_path_buf(),
            "data/sub/a.txt".into(),
            "baseline.json".into(),
        ),
        (
            repo.to_path_buf(),
            "./data/sub/../sub/a.txt".into(),
            "./baseline.json".into(),
        ),
        (
            repo.join("data/sub"),
            "a.txt".into(),
            "../../baseline.json".into(),
        ),
        (
            repo.join("other"),
            "../data/sub/a.txt".into(),
            "../baseline.json".into(),
        ),
        (repo.join("other"), absolute, baseline),
    ]
}

#[test]
fn a_baseline_entry_is_found_whatever_the_naming_and_fix_keeps_what_it_protects() {
    // Written under each naming, read under each naming.
    for writing in 0..namings(Path::new("/")).len() {
        let repo = repo();
        let (write_cwd, write_file, write_baseline) = namings(repo.path()).swap_remove(writing);
        let written = run(boilerlint().current_dir(&write_cwd).args([
            "check",
            "--write-baseline",
            &write_baseline,
            &write_file,
        ]));
        assert!(written.contains("Recorded 1 findings"), "{written}");
        let recorded = fs::read_to_string(repo.path().join("baseline.json")).unwrap();
        assert!(
            recorded.contains("\"path\": \"data/sub/a.txt\""),
            "{recorded}"
        );

        for (cwd, file, baseline) in namings(repo.path()) {
            let output =
                run(boilerlint()
                    .current_dir(&cwd)
                    .args(["check", "--baseline", &baseline, &file]));
            assert!(
                output.starts_with("exit: 0\n") && output.contains("No findings in 1 file."),
                "written from {write_cwd:?} as {write_file}, read from {cwd:?} as {file}:\n{output}"
            );
            let fixed = run(boilerlint().current_dir(&cwd).args([
                "check",
                "--fix",
                "--baseline",
                &baseline,
                &file,
            ]));
            assert!(fixed.starts_with("exit: 0\n"), "{fixed}");
            assert_eq!(
                fs::read_to_string(repo.path().join("data/sub/a.txt")).unwrap(),
                seed(),
                "--fix from {cwd:?} as {file} deleted what the baseline protected"
            );
        }
    }
}

#[test]
fn config_overrides_match_whatever_the_naming() {
    let repo = repo();
    fs::write(
        repo.path().join("boilerlint.toml"),
        "[[overrides]]\nfiles = [\"data/sub/**\"]\nignore = [\"cookie-banner\", \"off-language\"]\n",
    )
    .unwrap();
    for (cwd, file, _) in namings(repo.path()) {
        let output = run(boilerlint().current_dir(&cwd).args(["check", &file]));
        assert!(
            output.starts_with("exit: 0\n"),
            "the override did not apply from {cwd:?} to {file}:\n{output}"
        );
    }
    // Control: a file the override does not cover is still checked.
    fs::write(repo.path().join("data/b.txt"), seed()).unwrap();
    let output = run(boilerlint()
        .current_dir(repo.path().join("other"))
        .args(["check", "../data/b.txt"]));
    assert!(output.starts_with("exit: 1\n"), "{output}");
}
