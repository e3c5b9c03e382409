//! Helpers for boilerlint's integration tests.
//!
//! The tests run the real `boilerlint` binary with real plugin libraries. `cargo test` does not
//! build the libraries of cdylib-only packages, and their paths under `target/` depend on the
//! profile and on `CARGO_TARGET_DIR`, so [`artifacts`] runs one `cargo build
//! --message-format=json` per test process and takes the exact paths from cargo's messages.

use std::collections::HashMap;
use std::env::consts::DLL_SUFFIX;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The packages the tests need built.
const PACKAGES: &[&str] = &[
    "boilerlint",
    "boilerlint-plugin-cookie-banner",
    "boilerlint-plugin-ad-notice",
    "boilerlint-plugin-off-language",
    "boilerlint-plugin-site-rules",
    "blfixture-faulty",
    "blfixture-wrong-abi",
    "blfixture-no-entry",
    "blfixture-abort",
    "blfixture-old-document",
];

/// Built artifacts.
#[derive(Debug)]
pub struct Artifacts {
    /// The `boilerlint` executable.
    pub bin: PathBuf,
    /// Plugin libraries by package name.
    pub libraries: HashMap<String, PathBuf>,
}

impl Artifacts {
    /// The library of `package`.
    pub fn cdylib(&self, package: &str) -> &Path {
        self.libraries
            .get(package)
            .unwrap_or_else(|| panic!("no library built for {package}"))
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// Builds the binary and the plugins once per test process.
pub fn artifacts() -> &'static Artifacts {
    static ARTIFACTS: OnceLock<Artifacts> = OnceLock::new();
    ARTIFACTS.get_or_init(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .current_dir(root())
            .args(["build", "--message-format=json-render-diagnostics"]);
        if !cfg!(debug_assertions) {
            command.arg("--release");
        }
        for package in PACKAGES {
            command.args(["-p", package]);
        }
        let output = command.output().expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo build failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut bin = None;
        let mut libraries = HashMap::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if message["reason"] != "compiler-artifact" {
                continue;
            }
            let package = message["package_id"].as_str().unwrap_or_default();
            let Some(name) = PACKAGES.iter().find(|p| {
                package.contains(&format!("#{p}@"))
                    || package.contains(&format!("/{p}#"))
                    || package.starts_with(&format!("{p} "))
            }) else {
                continue;
            };
            if let Some(exe) = message["executable"].as_str() {
                bin = Some(PathBuf::from(exe));
            }
            for file in message["filenames"].as_array().into_iter().flatten() {
                let file = file.as_str().unwrap_or_default();
                if file.ends_with(DLL_SUFFIX) {
                    libraries.insert(name.to_string(), PathBuf::from(file));
                }
            }
        }
        Artifacts {
            bin: bin.expect("cargo reported the boilerlint executable"),
            libraries,
        }
    })
}

/// A `boilerlint` command with a clean environment: no plugin path, no colour.
pub fn boilerlint() -> Command {
    let mut command = Command::new(&artifacts().bin);
    command
        .env_remove("BOILERLINT_PLUGIN_PATH")
        .env("NO_COLOR", "1")
        .current_dir(root());
    command
}

/// Runs a command and renders what it did for a snapshot: exit code, stdout and stderr, with
/// machine-specific paths replaced.
pub fn run(command: &mut Command) -> String {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("boilerlint runs");
    let text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        status
            .code()
            .map_or("signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&stdout),
        String::from_utf8_lossy(&stderr),
    );
    redact(&text)
}

/// Replaces build-specific paths with stable placeholders.
pub fn redact(text: &str) -> String {
    let mut text = text.to_string();
    let artifacts = artifacts();
    if let Some(dir) = artifacts.bin.parent() {
        text = text.replace(&dir.display().to_string(), "[TARGET]");
    }
    for (name, path) in &artifacts.libraries {
        text = text.replace(&path.display().to_string(), &format!("[{name}]"));
    }
    let text = text
        .replace(&root().display().to_string(), "[ROOT]")
        .replace(&std::env::temp_dir().display().to_string(), "[TMP]");
    // tempfile's directories: `[TMP]/.tmpXXXXXX`.
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("[TMP]/.tmp") {
        out.push_str(&rest[..at]);
        out.push_str("[TMPDIR]");
        let after = &rest[at + "[TMP]/.tmp".len()..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        rest = &after[name_len..];
    }
    out.push_str(rest);
    out
}
