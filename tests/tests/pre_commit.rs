//! The pre-commit round trip (tests/pre-commit/run.sh) with the real pre-commit tool, which
//! `.ci/run` installs. Where pre-commit is missing the test is listed as ignored, saying why
//! (see `tests/build.rs`); under CI it runs, and fails without pre-commit.

use std::process::Command;

use boilerlint_tests::root;

#[test]
#[cfg_attr(
    missing_pre_commit,
    ignore = "pre-commit is not installed (pip install pre-commit)"
)]
fn pre_commit_hooks_report_then_fix() {
    // Build what the hook will run first, so the hook itself only links boilerlint's crates.
    boilerlint_tests::artifacts();
    let output = Command::new("bash")
        .arg(root().join("tests/pre-commit/run.sh"))
        .env(
            "BOILERLINT_HOOK_PROFILE",
            if cfg!(debug_assertions) {
                "dev"
            } else {
                "release"
            },
        )
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stdout.contains("pre-commit is not installed"),
        "pre-commit is not installed (pip install pre-commit); if it was just removed, \
         `touch tests/build.rs` lists this test as ignored again"
    );
    assert!(
        output.status.success() && stdout.trim_end().ends_with("7 passed, 0 failed"),
        "{stdout}\n{stderr}"
    );
}
