//! The traps a newcomer (or a ruff user) falls into in the first hour, each closed: flags that
//! mean what ruff's mean, closed pipes, binary files, file modes, the Dolma layout, summaries
//! that say what was not checked, resumed runs' exit codes, errors that name the key and
//! suggest the name meant.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use boilerlint_tests::{artifacts, boilerlint, root, run};

const SEED: &str = "tests/fixtures/seed-article.txt";

fn seed() -> String {
    fs::read_to_string(root().join(SEED)).unwrap()
}

/// A temporary directory holding the seed article as `article.txt`.
fn with_article() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("article.txt"), seed()).unwrap();
    dir
}

/// `script` run by bash in `dir`, with `$BL` the boilerlint binary.
fn shell(dir: &Path, script: &str) -> String {
    let output = Command::new("bash")
        .args(["-c", script])
        .current_dir(dir)
        .env("BL", &artifacts().bin)
        .env_remove("BOILERLINT_PLUGIN_PATH")
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn unsafe_fixes_alone_only_widens_what_fix_and_diff_apply() {
    let dir = with_article();
    let article = dir.path().join("article.txt");
    // As in ruff: `--unsafe-fixes` alone reports (counting unsafe fixes as fixable by --fix)
    // and writes nothing.
    let report =
        run(boilerlint()
            .current_dir(dir.path())
            .args(["check", "--unsafe-fixes", "article.txt"]));
    assert!(report.starts_with("exit: 1\n"), "{report}");
    assert!(report.contains("1 fixable with `--fix`."), "{report}");
    assert_eq!(fs::read_to_string(&article).unwrap(), seed());

    // `--diff --fix` shows the diff and writes nothing, as ruff's does.
    let diff =
        run(boilerlint()
            .current_dir(dir.path())
            .args(["check", "--diff", "--fix", "article.txt"]));
    assert!(diff.starts_with("exit: 1\n"), "{diff}");
    assert!(diff.contains("+++ b/article.txt"), "{diff}");
    assert_eq!(fs::read_to_string(&article).unwrap(), seed());

    // `--fix --unsafe-fixes` applies.
    let fixed = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--fix",
        "--unsafe-fixes",
        "article.txt",
    ]));
    assert!(fixed.starts_with("exit: 0\n"), "{fixed}");
    assert_ne!(fs::read_to_string(&article).unwrap(), seed());
}

#[test]
fn output_without_fix_is_an_error_not_silently_ignored() {
    let dir = with_article();
    insta::assert_snapshot!(run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--output",
        "clean",
        "article.txt"
    ])));
    insta::assert_snapshot!(run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--diff",
        "--fix",
        "--output",
        "clean",
        "article.txt"
    ])));
    assert!(!dir.path().join("clean").exists());
}

#[test]
fn closed_pipes_end_the_run_quietly_with_the_right_exit_code() {
    // Enough findings that the output outgrows what `head` reads and the pipe holds.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("data")).unwrap();
    for i in 0..150 {
        fs::write(dir.path().join(format!("data/{i}.txt")), seed()).unwrap();
        // Binary files: one error each, on stderr.
        fs::write(dir.path().join(format!("data/{i}.bin.txt")), b"\0\x01\xff").unwrap();
    }
    let out = shell(
        dir.path(),
        r#"
        "$BL" check --threads 1 data 2>&1 | head -1 > /dev/null; echo "both: ${PIPESTATUS[0]}"
        "$BL" check --threads 1 data 2>/dev/null | head -1 > /dev/null; echo "stdout: ${PIPESTATUS[0]}"
        { "$BL" check --threads 1 data 2>&1 >/dev/null | head -1 > /dev/null; } 2>&1
        echo "stderr: ${PIPESTATUS[0]}"
        "#,
    );
    // Exit 2 where errors were met (the binary files), and no panic (101) anywhere.
    assert_eq!(out, "both: 2\nstdout: 2\nstderr: 2\n");

    // Findings only: 1 (findings remain), not 0, when the reader stops early.
    for i in 0..150 {
        fs::remove_file(dir.path().join(format!("data/{i}.bin.txt"))).unwrap();
    }
    let out = shell(
        dir.path(),
        r#""$BL" check --threads 1 data 2>&1 | head -1 > /dev/null; echo "${PIPESTATUS[0]}""#,
    );
    assert_eq!(out, "1\n");
}

#[test]
fn a_binary_file_under_a_jsonl_name_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for i in 0..500u32 {
        bytes.extend_from_slice(&[0, 159, 146, (i % 250) as u8, b'\n']);
    }
    fs::write(dir.path().join("image.jsonl"), bytes).unwrap();
    insta::assert_snapshot!(run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "image.jsonl"])));
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn written_files_take_the_inputs_mode_or_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(corpus.join("documents/cc")).unwrap();
    let shard = corpus.join("documents/cc/0.jsonl");
    fs::write(
        &shard,
        serde_json::json!({"id": "a", "text": seed()}).to_string() + "\n",
    )
    .unwrap();
    fs::set_permissions(&shard, fs::Permissions::from_mode(0o640)).unwrap();
    // Attribute files, in the Dolma layout: beside documents/, at the same path below it.
    let report = run(boilerlint().current_dir(&corpus).args([
        "check",
        "--output-format",
        "attributes",
        "--output",
        "attributes/boilerlint",
        "documents",
    ]));
    let attributes = corpus.join("attributes/boilerlint/cc/0.jsonl");
    assert!(attributes.is_file(), "{report}");
    assert_eq!(mode(&attributes), 0o640);
    // The summary `--help` promises, on stdout.
    insta::assert_snapshot!(report);

    // A file of its own (a baseline) gets what the umask leaves.
    shell(
        dir.path(),
        "umask 027; \"$BL\" check --write-baseline b.json corpus/documents 2>/dev/null",
    );
    assert_eq!(mode(&dir.path().join("b.json")), 0o640);
    shell(
        dir.path(),
        "umask 002; \"$BL\" check --write-baseline c.json corpus/documents 2>/dev/null",
    );
    assert_eq!(mode(&dir.path().join("c.json")), 0o664);
}

#[test]
fn summaries_say_what_was_not_checked() {
    let dir = with_article();
    fs::create_dir(dir.path().join("empty")).unwrap();
    let cases = [
        vec!["check", "--no-default-plugins", "article.txt"],
        vec!["check", "empty"],
        vec!["check", "missing.txt"],
    ];
    let out: Vec<String> = cases
        .iter()
        .map(|args| {
            format!(
                "$ boilerlint {}\n{}",
                args.join(" "),
                run(boilerlint().current_dir(dir.path()).args(args))
            )
        })
        .collect();
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn a_resumed_run_exits_with_1_while_findings_remain_in_what_it_skipped() {
    let dir = with_article();
    // Only unsafe fixes: `--fix` leaves the notice, and the finding remains.
    fs::write(
        dir.path().join("boilerlint.toml"),
        "[rules.cookie-banner]\nunsafe-fixes-only = true\n",
    )
    .unwrap();
    let args = ["check", "--fix", "--output", "out", "article.txt"];
    let first = run(boilerlint().current_dir(dir.path()).args(args));
    assert!(first.starts_with("exit: 1\n"), "{first}");
    let resumed = run(boilerlint().current_dir(dir.path()).args(args));
    insta::assert_snapshot!(resumed);
}

#[test]
fn option_errors_name_the_key_and_its_line() {
    let dir = with_article();
    let config = dir.path().join("boilerlint.toml");
    let mut out = String::new();
    for text in [
        // A misspelt key, below another.
        "[rules.cookie-banner]\ndisable-languages = [\"nb\"]\n\ntreshold = 0.5\n",
        // A value of the wrong type.
        "[rules]\nignore = []\n\n[rules.cookie-banner]\nthreshold = \"high\"\n",
    ] {
        fs::write(&config, text).unwrap();
        out += &format!(
            "--- boilerlint.toml\n{text}{}",
            run(boilerlint()
                .current_dir(dir.path())
                .args(["check", "article.txt"]))
        );
    }
    insta::assert_snapshot!(out);
}

#[test]
fn mistyped_rule_names_get_a_suggestion_wherever_they_are_typed() {
    let dir = with_article();
    fs::write(
        dir.path().join("boilerlint.toml"),
        "[rules.cookie-baner]\nthreshold = 0.5\n",
    )
    .unwrap();
    let config = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "article.txt"]));
    fs::remove_file(dir.path().join("boilerlint.toml")).unwrap();
    let select = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--select",
        "COOKIE-BANNER",
        "article.txt",
    ]));
    let rule = run(boilerlint().args(["rule", "cookie-baner"]));
    insta::assert_snapshot!(format!("{config}\n{select}\n{rule}"));
}

#[test]
fn exit_zero_and_exit_non_zero_on_fix_work_as_in_ruff() {
    let dir = with_article();
    let zero = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--exit-zero",
        "--format",
        "concise",
        "article.txt",
    ]));
    assert!(zero.starts_with("exit: 0\n"), "{zero}");
    let fixed = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--fix",
        "--exit-non-zero-on-fix",
        "article.txt",
    ]));
    assert!(fixed.starts_with("exit: 1\n"), "{fixed}");
    let again = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--fix",
        "--exit-non-zero-on-fix",
        "article.txt",
    ]));
    assert!(again.starts_with("exit: 0\n"), "{again}");
}

#[test]
fn a_scaffold_without_sdk_path_depends_on_an_sdk_that_exists_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let crate_dir = dir.path().join("my-site");
    let created = run(boilerlint()
        .args(["new-plugin", "my-site", "--path"])
        .arg(&crate_dir));
    assert!(created.starts_with("exit: 0\n"), "{created}");
    // The SDK is not on crates.io: the crate depends on the source this binary was built from,
    // and the output says so.
    assert!(
        created.contains("is not published on crates.io yet") && created.contains("--sdk-path"),
        "{created}"
    );
    let manifest = fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    let dependency = manifest
        .lines()
        .find(|l| l.starts_with("boilerlint-plugin = "))
        .unwrap();
    // The source the binary was built from: this clone, unless the binary under test was
    // built from a copy that is gone since (the pre-commit round trip builds one into the
    // same target directory), in which case the git repository.
    if let Some(path) = dependency
        .strip_prefix("boilerlint-plugin = { path = \"")
        .and_then(|p| p.strip_suffix("\" }"))
    {
        assert!(Path::new(path).join("src/abi.rs").is_file(), "{dependency}");
        assert!(
            created.contains("the one in the source this boilerlint was built from"),
            "{created}"
        );
        // Cargo resolves it, offline.
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let metadata = Command::new(cargo)
            .current_dir(&crate_dir)
            .args(["metadata", "--offline", "--format-version", "1"])
            .output()
            .unwrap();
        assert!(
            metadata.status.success(),
            "{}",
            String::from_utf8_lossy(&metadata.stderr)
        );
    } else {
        assert_eq!(
            dependency,
            "boilerlint-plugin = { git = \"https://github.com/boilerlint/boilerlint\" }"
        );
        assert!(created.contains("depends on it from https://"), "{created}");
    }
}

#[test]
fn an_install_under_a_prefix_finds_its_plugins_in_lib() {
    let prefix = tempfile::tempdir().unwrap();
    let bin = prefix.path().join("bin");
    let plugins = prefix.path().join("lib/boilerlint/plugins");
    fs::create_dir_all(&bin).unwrap();
    fs::create_dir_all(&plugins).unwrap();
    fs::copy(&artifacts().bin, bin.join("boilerlint")).unwrap();
    let library = artifacts().cdylib("boilerlint-plugin-cookie-banner");
    fs::copy(library, plugins.join(library.file_name().unwrap())).unwrap();
    let output = Command::new(bin.join("boilerlint"))
        .arg("plugins")
        .env_remove("BOILERLINT_PLUGIN_PATH")
        .current_dir(prefix.path())
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{listed}");
    assert!(
        listed.starts_with("cookie-banner ")
            && listed.contains(&format!("path: {}", plugins.display())),
        "{listed}"
    );
}

#[test]
fn the_pre_commit_hook_says_what_it_does_on_its_first_slow_run() {
    let dir = tempfile::tempdir().unwrap();
    // A stand-in for cargo that "builds" a boilerlint printing its arguments.
    let fake = dir.path().join("fake-bin");
    fs::create_dir(&fake).unwrap();
    fs::write(
        fake.join("cargo"),
        "#!/bin/sh\nwhile [ \"$1\" != --target-dir ]; do shift; done\nmkdir -p \"$2/release\"\n\
         printf '#!/bin/sh\\necho \"checked $*\"\\n' > \"$2/release/boilerlint\"\n\
         chmod +x \"$2/release/boilerlint\"\n",
    )
    .unwrap();
    fs::set_permissions(fake.join("cargo"), fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        fake.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let hook = || {
        Command::new("bash")
            .arg(root().join("scripts/pre-commit-hook.sh"))
            .args(["check", "a.txt"])
            .env("PATH", &path)
            .env("BOILERLINT_HOOK_TARGET_DIR", dir.path().join("target"))
            .env("BOILERLINT_HOOK_PROFILE", "release")
            .output()
            .unwrap()
    };
    let first = hook();
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(
        stderr.contains("first run: building boilerlint and its plugins with cargo"),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        "checked check a.txt\n"
    );
    let second = hook();
    assert_eq!(String::from_utf8_lossy(&second.stderr), "");
}

#[test]
fn the_readme_pre_commit_snippet_names_a_revision_the_repository_has() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let rev = readme
        .lines()
        .find_map(|l| l.trim().strip_prefix("rev: "))
        .and_then(|r| r.split_whitespace().next())
        .expect("the README has a pre-commit snippet with a rev");
    // A full commit hash (pre-commit fetches it) or a release tag.
    let commit = rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit());
    let tag = rev.starts_with('v') && rev[1..].split('.').all(|n| n.parse::<u32>().is_ok());
    assert!(commit || tag, "rev: {rev}");
    // In a full clone, it is there.
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(root())
            .args(args)
            .output()
            .ok()
    };
    let shallow = git(&["rev-parse", "--is-shallow-repository"]);
    if shallow.is_some_and(|o| o.status.success() && o.stdout.starts_with(b"false")) {
        let found = git(&["cat-file", "-e", &format!("{rev}^{{commit}}")]).unwrap();
        assert!(found.status.success(), "rev {rev} is not in the repository");
    }
    assert!(readme.contains("args: [--unsafe-fixes]"));
}

/// `$ boilerlint ARGS` and what it did, for a snapshot of several commands.
fn transcript(dir: &Path, commands: &[&[&str]]) -> String {
    commands
        .iter()
        .map(|args| {
            format!(
                "$ boilerlint {}\n{}",
                args.join(" "),
                run(boilerlint().current_dir(dir).args(*args))
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ruff_habits_carry_over_settings_files_and_stdin() {
    let dir = with_article();
    fs::create_dir(dir.path().join("archive")).unwrap();
    fs::write(dir.path().join("archive/old.txt"), seed()).unwrap();
    // Config from pyproject.toml's [tool.boilerlint], as ruff reads [tool.ruff]; a key's line
    // is its line in pyproject.toml.
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"corpus\"\n\n[tool.boilerlint]\n[[tool.boilerlint.overrides]]\n\
         files = [\"archive/**\"]\nignore = [\"cookie-banner\"]\n",
    )
    .unwrap();
    let stdin_named = |name: &str| {
        let mut child = boilerlint()
            .current_dir(dir.path())
            .args([
                "check",
                "--output-format",
                "concise",
                "--stdin-filename",
                name,
                "-",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), seed().as_bytes()).unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    // The override applies to standard input named into archive/.
    let archived = stdin_named("archive/new.txt");
    let fresh = stdin_named("news/new.txt");
    let settings = transcript(
        dir.path(),
        &[
            &["check", "--show-files", "."],
            &["check", "--show-settings", "article.txt", "archive/old.txt"],
            &["check", "--isolated", "--show-settings", "archive/old.txt"],
        ],
    );
    insta::assert_snapshot!(format!(
        "{settings}\n--- stdin as archive/new.txt\n{archived}--- stdin as news/new.txt\n{fresh}"
    ));

    // A key's error names its line in pyproject.toml; .boilerlint.toml is read too.
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"corpus\"\n\n[tool.boilerlint.rules.cookie-banner]\n\ntreshold = 1\n",
    )
    .unwrap();
    let pyproject = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "article.txt"]));
    assert!(
        pyproject.contains("pyproject.toml:6: `treshold` in `[rules.cookie-banner]`"),
        "{pyproject}"
    );
    fs::write(
        dir.path().join(".boilerlint.toml"),
        "[rules]\nselect = [\"ad-notice\"]\n",
    )
    .unwrap();
    let hidden = run(boilerlint()
        .current_dir(dir.path())
        .args(["check", "article.txt"]));
    assert!(hidden.starts_with("exit: 0\n"), "{hidden}");
}

#[test]
fn output_file_show_fixes_and_every_rule_as_json() {
    let dir = with_article();
    let report = run(boilerlint().current_dir(dir.path()).args([
        "check",
        "--fix",
        "--show-fixes",
        "--output-file",
        "report.txt",
        "article.txt",
    ]));
    assert_eq!(report, "exit: 0\n--- stdout\n--- stderr\n");
    insta::assert_snapshot!(fs::read_to_string(dir.path().join("report.txt")).unwrap());

    let output = boilerlint()
        .args(["rule", "--all", "--output-format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let rules: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["ad-notice", "cookie-banner", "off-language", "site-rules"]
    );
    assert!(rules[1]["docs"]
        .as_str()
        .unwrap()
        .contains("## Why is this bad?"));
}

#[test]
fn what_ships_carries_no_debug_information() {
    // Line tables made the install 102 MB (the binary 52 MB); without them it is 20 MB, and
    // the release archive 7 MB.
    let manifest: toml::Table = fs::read_to_string(root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let release = &manifest["profile"]["release"];
    assert_eq!(release["debug"].as_bool(), Some(false), "{release}");
    assert_eq!(release["strip"].as_str(), Some("debuginfo"), "{release}");
}
