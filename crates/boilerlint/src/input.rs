//! Inputs discovery: the paths named on the command line expanded into the inputs to check,
//! with `--exclude` and `--no-ignore` applied. What an input is, and how it is read and
//! written, is `boilerlint_corpus::input`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use boilerlint_corpus::input::{kind_of, Input};
use ignore::overrides::{Override, OverrideBuilder};

/// Expands paths into inputs: files as given (unless excluded), directories recursively
/// (checked kinds only), `-` as standard input. A file named twice (`a.txt ../dir/a.txt`, or
/// through a link) is checked once, under its first name. Problems go to `errors`, and a note
/// per directory that had files skipped to `notes`.
///
/// In directories, hidden entries are skipped, and inside a git repository so are the files its
/// ignore files (`.gitignore`, `.git/info/exclude`, the global excludes file, `.ignore`)
/// exclude: a repository's ignores describe its build output, not its data. Outside a git
/// repository no ignore file applies, so a downloaded corpus's own `.ignore`, or the user's
/// global git excludes, never hide inputs. `no_ignore` checks everything.
pub fn collect(
    paths: &[PathBuf],
    excludes: &[String],
    no_ignore: bool,
    errors: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Vec<Input> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let excluded = match exclude_matcher(excludes) {
        Ok(m) => m,
        Err(e) => {
            errors.push(format!("--exclude: {e:#}"));
            return Vec::new();
        }
    };
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::stdin());
            continue;
        }
        if !path.is_dir() {
            if path.exists() || path.is_symlink() {
                // Excludes apply to explicit paths too (pre-commit passes every file).
                if !excluded.matched(path, false).is_ignore() {
                    inputs.push(Input::file(path.clone()));
                }
            } else {
                errors.push(format!("{}: no such file or directory", path.display()));
            }
            continue;
        }
        let in_git = std::path::absolute(path)
            .unwrap_or_else(|_| path.clone())
            .ancestors()
            .any(|dir| dir.join(".git").exists());
        let mut walker = ignore::WalkBuilder::new(path);
        walker
            .sort_by_file_name(|a, b| a.cmp(b))
            .standard_filters(!no_ignore)
            .require_git(true)
            // `.ignore` files are not git's, so the walker would read them anywhere.
            .ignore(in_git && !no_ignore)
            // Links are followed, so a linked file is checked and a broken link or a loop is
            // reported, not skipped silently.
            .follow_links(true)
            .overrides(excluded.clone());
        let before = inputs.len();
        for entry in walker.build() {
            match entry {
                Ok(entry) => {
                    let p = entry.path();
                    if entry.file_type().is_some_and(|t| t.is_file()) && kind_of(p).is_some() {
                        inputs.push(Input::walked(p.to_path_buf(), path));
                    }
                }
                Err(error) => errors.push(error.to_string()),
            }
        }
        if !no_ignore {
            let found = inputs.len() - before;
            let all = count_all(path, &excluded);
            if all > found {
                let skipped = all - found;
                notes.push(format!(
                    "{}: {skipped} file{} not checked: hidden{} (--no-ignore checks them)",
                    path.display(),
                    if skipped == 1 { "" } else { "s" },
                    if in_git {
                        ", or ignored by the git repository's ignore files"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    dedupe(inputs)
}

/// Drops the inputs that are a file met before under another name.
fn dedupe(inputs: Vec<Input>) -> Vec<Input> {
    let mut seen = std::collections::HashSet::new();
    inputs
        .into_iter()
        .filter(|input| match &input.path {
            Some(path) => seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())),
            None => true,
        })
        .collect()
}

/// How many files of a checked kind are under `dir`, hidden and ignored ones included (but not
/// those `--exclude` names).
fn count_all(dir: &Path, excluded: &Override) -> usize {
    ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .follow_links(true)
        .overrides(excluded.clone())
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && kind_of(e.path()).is_some())
        .count()
}

/// `--exclude` globs as an ignore-crate override (whose `!` marks an exclusion).
fn exclude_matcher(excludes: &[String]) -> Result<Override> {
    let mut builder = OverrideBuilder::new(".");
    for glob in excludes {
        builder
            .add(&format!("!{glob}"))
            .with_context(|| format!("invalid glob {glob:?}"))?;
    }
    Ok(builder.build()?)
}
