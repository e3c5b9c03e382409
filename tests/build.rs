//! Finds the tools some integration tests need: `pre-commit`, a C compiler, root. A test whose
//! tool is missing is compiled with `#[ignore]` and its reason, so `cargo test` lists it as
//! ignored, saying why, instead of passing without running. Under CI (`CI` set, as `.ci/run`
//! sets it) nothing is ignored: CI installs the tools, and a missing one fails its test.
//!
//! Installing a tool later re-runs this script: it watches the directories of `PATH`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    for cfg in ["missing_pre_commit", "missing_cc", "not_root"] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    for var in ["PATH", "CI", "CC"] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    let path: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    for dir in path.iter().filter(|d| d.is_absolute() && d.is_dir()) {
        println!("cargo::rerun-if-changed={}", dir.display());
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    if ci {
        return;
    }
    let found = |program: &str| {
        let program = Path::new(program);
        if program.components().count() > 1 {
            return program.is_file();
        }
        path.iter().any(|dir| dir.join(program).is_file())
    };
    if !found("pre-commit") {
        println!("cargo::rustc-cfg=missing_pre_commit");
    }
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    if !found(cc.split_whitespace().next().unwrap_or("cc")) {
        println!("cargo::rustc-cfg=missing_cc");
    }
    let uid = Command::new("id").arg("-u").output().ok();
    if uid.is_none_or(|out| String::from_utf8_lossy(&out.stdout).trim() != "0") {
        println!("cargo::rustc-cfg=not_root");
    }
}
