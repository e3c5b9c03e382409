//! Ignore files hide inputs only inside a git repository, where they describe build output;
//! a downloaded corpus's own `.ignore`, or the user's global git excludes file, never hide its
//! files. When files under a checked directory are skipped, the run says how many and why, and
//! `--no-ignore` checks them all.

use std::fs;
use std::path::Path;

use boilerlint_tests::{boilerlint, root, run};

fn seed() -> String {
    fs::read_to_string(root().join("tests/fixtures/seed-article.txt")).unwrap()
}

/// `boilerlint check ARGS` in `cwd` with a home whose global git excludes file ignores every
/// text file.
fn check(cwd: &Path, home: &Path, args: &[&str]) -> String {
    let config = home.join(".config");
    fs::create_dir_all(config.join("git")).unwrap();
    fs::write(config.join("git/ignore"), "*.txt\n").unwrap();
    fs::write(
        home.join(".gitconfig"),
        format!(
            "[core]\n\texcludesFile = {}\n",
            config.join("git/ignore").display()
        ),
    )
    .unwrap();
    run(boilerlint()
        .current_dir(cwd)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", &config)
        .args(["check", "--threads", "1"])
        .args(args))
}

#[test]
fn outside_git_neither_a_corpus_ignore_file_nor_the_global_excludes_hide_inputs() {
    let (tmp, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let corpus = tmp.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    fs::write(corpus.join(".ignore"), "*.txt\n").unwrap();
    fs::write(corpus.join(".gitignore"), "*.txt\n").unwrap();
    fs::write(corpus.join("article.txt"), seed()).unwrap();

    let output = check(tmp.path(), home.path(), &["corpus"]);
    assert!(output.starts_with("exit: 1\n"), "{output}");
    assert!(
        output.contains("Found 1 finding (cookie-banner: 1) in 1 of 1 file"),
        "{output}"
    );
    assert!(!output.contains("not checked"), "{output}");
}

#[test]
fn inside_git_ignored_and_hidden_files_are_skipped_counted_and_checked_with_no_ignore() {
    let (tmp, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let repo = tmp.path();
    fs::create_dir(repo.join(".git")).unwrap();
    fs::write(repo.join(".gitignore"), "build/\n").unwrap();
    fs::create_dir_all(repo.join("data/build")).unwrap();
    fs::create_dir_all(repo.join("data/.cache")).unwrap();
    fs::write(repo.join("data/kept.md"), "Just news.\n").unwrap();
    fs::write(repo.join("data/build/a.txt"), seed()).unwrap();
    fs::write(repo.join("data/.cache/b.jsonl"), "{\"text\": \"x\"}\n").unwrap();
    // The user's global excludes apply inside a repository, as git applies them.
    fs::write(repo.join("data/c.txt"), seed()).unwrap();

    let output = check(repo, home.path(), &["data"]);
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert!(output.contains("No findings in 1 file."), "{output}");
    assert!(
        output.contains(
            "warning: data: 3 files not checked: hidden, or ignored by the git repository's \
             ignore files (--no-ignore checks them)"
        ),
        "{output}"
    );

    let output = check(repo, home.path(), &["--no-ignore", "data"]);
    assert!(output.starts_with("exit: 1\n"), "{output}");
    assert!(output.contains("in 2 of 4 files"), "{output}");
    assert!(output.contains("data/build/a.txt"), "{output}");
    assert!(!output.contains("not checked"), "{output}");
}

#[test]
fn a_directory_whose_every_file_is_hidden_says_so_instead_of_checking_nothing_silently() {
    let (tmp, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    fs::create_dir_all(tmp.path().join("corpus/.shards")).unwrap();
    fs::write(tmp.path().join("corpus/.shards/a.txt"), seed()).unwrap();
    let output = check(tmp.path(), home.path(), &["corpus"]);
    assert!(
        output.contains("warning: corpus: 1 file not checked: hidden (--no-ignore checks them)"),
        "{output}"
    );
    let output = check(tmp.path(), home.path(), &["--no-ignore", "corpus"]);
    assert!(output.starts_with("exit: 1\n"), "{output}");
}
