//! `boilerlint check`: gather inputs, pick each one's config, check (and fix) them in parallel,
//! report in input order.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use boilerlint_core::config::{find_config, Config, Selection, Selector};
use boilerlint_core::{Finding, Linter, Severity};
use rayon::prelude::*;

use crate::output;
use crate::plugins::Session;
use crate::{CheckArgs, Cli, Format};

/// One input: a file, or standard input.
#[derive(Clone, Debug)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// `-`.
    Stdin,
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }

    fn path(&self) -> Option<&Path> {
        match self {
            Input::File(path) => Some(path),
            Input::Stdin => None,
        }
    }
}

/// What checking one input gave.
#[derive(Debug, Default)]
pub struct FileResult {
    pub display: String,
    /// The text the findings refer to (after fixes, when fixing).
    pub text: String,
    pub findings: Vec<Finding>,
    pub fixed: usize,
    /// A unified diff of the fixes (`--diff`).
    pub diff: Option<String>,
    /// Errors about this input (unreadable, a plugin failed on it).
    pub errors: Vec<String>,
}

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<u8> {
    let mut session = Session::new(cli);
    let inputs = collect_inputs(&args.paths, &mut session.errors);

    // Each input's config: --config, or the nearest boilerlint.toml.
    let mut config_of_dir: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut config_paths: Vec<Option<PathBuf>> = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let config = match (&cli.config, input) {
            (Some(path), _) => Some(path.clone()),
            (None, Input::Stdin) => find_config(Path::new(".")),
            (None, Input::File(path)) => {
                let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
                config_of_dir
                    .entry(dir)
                    .or_insert_with(|| find_config(path))
                    .clone()
            }
        };
        config_paths.push(config);
    }
    let cli_selection = Selection {
        select: args.select.as_ref().map(|s| selectors(s)),
        extend_select: selectors(&args.extend_select),
        ignore: selectors(&args.ignore),
    };
    let mut linters: HashMap<Option<PathBuf>, Option<Linter>> = HashMap::new();
    for config_path in &config_paths {
        if linters.contains_key(config_path) {
            continue;
        }
        let linter = build_linter(&mut session, config_path.as_deref(), &cli_selection);
        linters.insert(config_path.clone(), linter);
    }
    if inputs.is_empty() && session.errors.is_empty() {
        // Still validate the config and plugins when there is nothing to check.
        let linter = build_linter(&mut session, cli.config.as_deref(), &cli_selection);
        linters.insert(None, linter);
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    let results: Vec<FileResult> = pool.install(|| {
        inputs
            .par_iter()
            .zip(&config_paths)
            .map(|(input, config)| match &linters[config] {
                Some(linter) => check_input(linter, input, args),
                None => FileResult {
                    display: input.display(),
                    errors: vec!["not checked: the configuration has errors".into()],
                    ..FileResult::default()
                },
            })
            .collect()
    });

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Human => output::human(&mut out, &results, args)?,
        Format::Json => output::json(&mut out, &results, &session.errors)?,
    }
    out.flush()?;
    drop(out);

    let mut stderr = std::io::stderr().lock();
    for warning in &session.warnings {
        writeln!(stderr, "warning: {warning}")?;
    }
    for error in &session.errors {
        writeln!(stderr, "error: {error}")?;
    }
    for result in &results {
        for error in &result.errors {
            writeln!(stderr, "error: {}: {error}", result.display)?;
        }
    }
    let errors = !session.errors.is_empty() || results.iter().any(|r| !r.errors.is_empty());
    let remaining = results
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity >= Severity::Warning);
    Ok(if errors {
        2
    } else if remaining {
        1
    } else {
        0
    })
}

fn selectors(names: &[String]) -> Vec<Selector> {
    names
        .iter()
        .map(|name| Selector {
            name: name.clone(),
            line: 0,
        })
        .collect()
}

/// Loads the config and its plugins and builds a linter; errors go to the session.
fn build_linter(
    session: &mut Session,
    config_path: Option<&Path>,
    selection: &Selection,
) -> Option<Linter> {
    let config = match config_path.map(Config::load).transpose() {
        Ok(config) => config.unwrap_or_default(),
        Err(error) => {
            session.errors.push(error.to_string());
            return None;
        }
    };
    let plugins = session.discover(&config);
    match Linter::new(config, &plugins, selection.clone()) {
        Ok(linter) => Some(linter),
        Err(errors) => {
            session
                .errors
                .extend(errors.into_iter().map(|e| e.to_string()));
            None
        }
    }
}

/// Expands paths into inputs: files as given, directories recursively (`.txt` and `.md`,
/// honouring `.gitignore` and skipping hidden entries), `-` as standard input.
fn collect_inputs(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<Input> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        if !path.is_dir() {
            if path.exists() {
                inputs.push(Input::File(path.clone()));
            } else {
                errors.push(format!("{}: no such file or directory", path.display()));
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .sort_by_file_name(|a, b| a.cmp(b))
            .require_git(false)
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    let is_text =
                        matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md"));
                    if is_text && entry.file_type().is_some_and(|t| t.is_file()) {
                        // `check .` reports `a.txt`, not `./a.txt`.
                        let p = p.strip_prefix(".").unwrap_or(p);
                        inputs.push(Input::File(p.to_path_buf()));
                    }
                }
                Err(error) => errors.push(error.to_string()),
            }
        }
    }
    inputs
}

fn check_input(linter: &Linter, input: &Input, args: &CheckArgs) -> FileResult {
    let display = input.display();
    let mut result = FileResult {
        display: display.clone(),
        ..FileResult::default()
    };
    let text = match read_input(input) {
        Ok(text) => text,
        Err(error) => {
            result.errors.push(error);
            return result;
        }
    };
    let fixing = args.fix || args.diff || args.unsafe_fixes;
    if !fixing {
        let report = linter.check(input.path(), &display, &text);
        result.findings = report.findings;
        result.errors = report.errors.iter().map(|e| e.to_string()).collect();
        result.text = text;
        return result;
    }
    let fixed = linter.fix(input.path(), &display, &text, args.unsafe_fixes);
    result.errors = fixed.report.errors.iter().map(|e| e.to_string()).collect();
    if args.diff {
        if fixed.text != text {
            result.diff = Some(unified_diff(&display, &text, &fixed.text));
        }
        // Nothing is written: report what is found in the text as it is.
        let report = linter.check(input.path(), &display, &text);
        result.findings = report.findings;
        result.fixed = fixed.fixed;
        result.text = text;
        return result;
    }
    if fixed.text != text {
        let written = match input {
            Input::File(path) => write_atomically(path, &fixed.text),
            Input::Stdin => Ok(()),
        };
        if let Err(error) = written {
            result.errors.push(error);
            result.findings = linter.check(input.path(), &display, &text).findings;
            result.text = text;
            return result;
        }
    }
    result.fixed = fixed.fixed;
    result.findings = fixed.report.findings;
    result.text = fixed.text;
    result
}

fn read_input(input: &Input) -> Result<String, String> {
    let bytes = match input {
        Input::File(path) => std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?,
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            bytes
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (at byte {}); the file was not checked",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Replaces `path` with `text` through a temporary file in the same directory, keeping the
/// file's permissions: the file is either as it was or fully fixed, never half written.
fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let fail = |what: &str, e: std::io::Error| format!("cannot write the fix ({what}): {e}");
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)
        .map_err(|e| fail("metadata", e))?
        .permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".boilerlint-")
        .tempfile_in(dir)
        .map_err(|e| fail("temporary file", e))?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| fail("write", e))?;
    std::fs::set_permissions(temp.path(), permissions).map_err(|e| fail("permissions", e))?;
    temp.persist(path).map_err(|e| fail("rename", e.error))?;
    Ok(())
}

fn unified_diff(display: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}
