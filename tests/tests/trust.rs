//! Plugins are code: a config file names plugins to load only when it governs the working
//! directory (or is given with --config) and nobody else could have written it. A config found
//! beside checked data, one owned by another user, or one in a directory others can write still
//! applies its rule settings, loads nothing, and says so. Each case is tested with its control
//! (the same config, trusted, does load its plugin), so a refusal is never mistaken for a plugin
//! that failed to load, and nothing here relies on a permission check that root bypasses: the
//! rules read the owner and the mode bits.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;

use boilerlint_tests::{artifacts, boilerlint, run};

/// The faulty fixture plugin: it flags lines that read `FAULTY` (rule `faulty-line`).
fn faulty() -> &'static Path {
    artifacts().cdylib("blfixture-faulty")
}

/// A config naming the faulty plugin, and a document it flags, in `dir`.
fn corpus(dir: &Path) {
    fs::create_dir_all(dir.join("shards")).unwrap();
    fs::write(
        dir.join("boilerlint.toml"),
        format!("plugins = [{:?}]\n", faulty().display().to_string()),
    )
    .unwrap();
    fs::write(dir.join("shards/a.txt"), "An article.\n\nFAULTY\n").unwrap();
}

fn check(cwd: &Path, path: &str) -> String {
    run(boilerlint().current_dir(cwd).args(["check", path]))
}

fn loaded(output: &str) -> bool {
    output.contains("warning[faulty-line]")
}

#[test]
fn a_config_beside_checked_data_outside_the_working_directory_loads_no_plugin() {
    let tmp = tempfile::tempdir().unwrap();
    let (work, downloaded) = (
        tmp.path().join("work"),
        tmp.path().join("downloaded-corpus"),
    );
    fs::create_dir(&work).unwrap();
    corpus(&downloaded);

    let output = check(&work, "../downloaded-corpus/shards/a.txt");
    assert!(!loaded(&output), "{output}");
    assert!(output.starts_with("exit: 0\n"), "{output}");
    assert!(
        output.contains(
            "warning: ../downloaded-corpus/boilerlint.toml: its `plugins` are not loaded: the \
             config was found beside the checked files"
        ) || output.contains("downloaded-corpus/boilerlint.toml: its `plugins` are not loaded"),
        "{output}"
    );

    // Nor from a config in a subdirectory of the working directory: it is beside the data too.
    let output = check(tmp.path(), "downloaded-corpus/shards/a.txt");
    assert!(!loaded(&output), "{output}");
    assert!(output.contains("its `plugins` are not loaded"), "{output}");

    // Control: run from its directory, or name it with --config, and it loads its plugin.
    let output = check(&downloaded, "shards/a.txt");
    assert!(
        loaded(&output) && output.starts_with("exit: 1\n"),
        "{output}"
    );
    let output = run(boilerlint()
        .current_dir(&work)
        .args(["--config", "../downloaded-corpus/boilerlint.toml", "check"])
        .arg("../downloaded-corpus/shards/a.txt"));
    assert!(loaded(&output), "{output}");
    assert!(!output.contains("not loaded"), "{output}");
}

#[test]
fn a_config_in_a_directory_others_can_write_loads_no_plugin_in_check_rules_filter_plugins() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    corpus(&shared);
    let cwd = shared.join("shards");
    let refused = "is writable by others, who could make boilerlint run their code";

    // Control: the same config, in a directory only its owner can write, loads the plugin.
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o755)).unwrap();
    let output = check(&cwd, "a.txt");
    assert!(loaded(&output), "{output}");

    fs::set_permissions(&shared, fs::Permissions::from_mode(0o757)).unwrap(); // o+w
    let output = check(&cwd, "a.txt");
    assert!(
        !loaded(&output) && output.starts_with("exit: 0\n"),
        "{output}"
    );
    assert!(output.contains(refused), "{output}");

    let rules = run(boilerlint().current_dir(&cwd).arg("rules"));
    assert!(!rules.contains("# faulty-line"), "{rules}");
    assert!(rules.contains(refused), "{rules}");

    let plugins = run(boilerlint().current_dir(&cwd).arg("plugins"));
    assert!(!plugins.contains("faulty 0.0.0"), "{plugins}");
    let why = format!(
        "  config {} (not loaded: {} is writable by others)",
        faulty().display(),
        shared.display()
    );
    assert!(
        boilerlint_tests::redact(&plugins).contains(&boilerlint_tests::redact(&why)),
        "{plugins}"
    );

    let mut child = boilerlint()
        .current_dir(&cwd)
        .arg("filter")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let record = "{\"text\": \"An article.\\n\\nFAULTY\\n\"}\n";
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(record.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), record);
    assert!(String::from_utf8_lossy(&output.stderr).contains(refused));

    // A writable file is refused as well, in a safe directory.
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(
        shared.join("boilerlint.toml"),
        fs::Permissions::from_mode(0o664),
    )
    .unwrap();
    let output = check(&cwd, "a.txt");
    assert!(!loaded(&output), "{output}");
    assert!(output.contains("is writable by its group"), "{output}");
}

#[test]
#[cfg_attr(
    not_root,
    ignore = "giving a file to another user needs root (CI runs as root)"
)]
fn a_config_owned_by_another_user_loads_no_plugin() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let config = tmp.path().join("boilerlint.toml");

    // Control: owned by the user running the test, it loads its plugin.
    let output = check(tmp.path(), "shards/a.txt");
    assert!(loaded(&output), "{output}");

    // Only root can give a file away; CI runs as root, so the refusal is tested there.
    const OTHER: u32 = 4242;
    std::os::unix::fs::chown(&config, Some(OTHER), None).expect("root may give a file away");
    let output = check(tmp.path(), "shards/a.txt");
    assert!(
        !loaded(&output) && output.starts_with("exit: 0\n"),
        "{output}"
    );
    assert!(
        output.contains(&format!(
            "boilerlint.toml: its `plugins` are not loaded: {} belongs to uid {OTHER}, not to you",
            boilerlint_tests::redact(&config.display().to_string())
        )),
        "{output}"
    );
    let plugins = run(boilerlint().current_dir(tmp.path()).arg("plugins"));
    assert!(
        plugins.contains(&format!("belongs to another user (uid {OTHER}))")),
        "{plugins}"
    );
}

#[test]
fn relative_plugin_path_entries_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plugdir");
    fs::create_dir(&dir).unwrap();
    fs::copy(faulty(), dir.join("libboilerlint_plugin_faulty.so")).unwrap();

    let output = run(boilerlint()
        .current_dir(tmp.path())
        .env("BOILERLINT_PLUGIN_PATH", "plugdir")
        .arg("plugins"));
    assert!(!output.contains("faulty 0.0.0"), "{output}");
    assert!(
        output.contains("  BOILERLINT_PLUGIN_PATH plugdir (not searched: a relative directory)"),
        "{output}"
    );
    assert!(
        output.contains("warning: BOILERLINT_PLUGIN_PATH entry `plugdir` is relative"),
        "{output}"
    );

    // Control: the same directory, absolute, is searched.
    let output = run(boilerlint()
        .current_dir(tmp.path())
        .env("BOILERLINT_PLUGIN_PATH", &dir)
        .arg("plugins"));
    assert!(output.contains("faulty 0.0.0"), "{output}");
}
