//! Where `--output` puts each input's counterpart, and the checks that keep outputs apart from
//! the inputs and from each other, before anything is written:
//!
//! - the output directory may not be, contain, or lie inside a checked directory (its outputs
//!   would be checked, and nested again, on every run);
//! - no output may be one of the inputs, and no two inputs may be written to one output (the
//!   same file named twice is checked once: see `input::collect`);
//! - a file reached through a symbolic link that leads out of the directory being walked is
//!   not copied out: outputs hold only what lies inside the checked directories.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::input::Input;

/// Where `source`'s counterpart goes under `dir`: the same relative path (absolute paths lose
/// their root, and `..` components are dropped; two inputs that then meet are refused by
/// [`check_plan`]).
pub fn output_path(dir: &Path, source: &Path) -> PathBuf {
    let relative: PathBuf = source
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect();
    dir.join(relative)
}

/// Where `source`'s attribute file goes under `dir`, in the Dolma toolkit's layout: Dolma keeps
/// a corpus's shards under `documents/` and each tagger's attribute files under
/// `attributes/<name>/`, at the same path below those, so the part of `source` after its last
/// `documents` directory is kept (`corpus/documents/cc/0.jsonl.gz` with `--output
/// corpus/attributes/boilerlint` gives `corpus/attributes/boilerlint/cc/0.jsonl.gz`). A path
/// without a `documents` directory is placed as [`output_path`] places it. A Parquet shard's
/// attribute file takes the extension `.jsonl`: attributes are JSON Lines whatever the
/// documents' format.
pub fn attributes_path(dir: &Path, source: &Path) -> PathBuf {
    let parts: Vec<Component> = source.components().collect();
    let path = match parts
        .iter()
        .rposition(|c| c.as_os_str() == "documents")
        .filter(|&at| at + 1 < parts.len())
    {
        Some(at) => output_path(dir, &parts[at + 1..].iter().collect::<PathBuf>()),
        None => output_path(dir, source),
    };
    if crate::input::kind_of(source) == Some(crate::input::Kind::Parquet) {
        path.with_extension("jsonl")
    } else {
        path
    }
}

/// Where `source`'s output goes under `dir`: attribute files (`attributes`) or fixed copies.
pub fn target_path(dir: &Path, source: &Path, attributes: bool) -> PathBuf {
    if attributes {
        attributes_path(dir, source)
    } else {
        output_path(dir, source)
    }
}

/// `path` made absolute with its links resolved, also when it does not exist yet (its nearest
/// existing ancestor is resolved, and the rest appended).
fn canonical(path: &Path) -> PathBuf {
    if let Ok(path) = std::fs::canonicalize(path) {
        return path;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut missing = Vec::new();
    let mut existing = absolute.as_path();
    while let Some(parent) = existing.parent() {
        missing.push(existing.file_name().unwrap_or_default().to_owned());
        existing = parent;
        if let Ok(resolved) = std::fs::canonicalize(existing) {
            return missing.iter().rev().fold(resolved, |p, part| p.join(part));
        }
    }
    absolute
}

/// The problems that make writing under `dir` unsafe: each one names the paths and what to do.
/// `roots` are the paths named on the command line; `attributes`: the outputs are attribute
/// files (see [`attributes_path`]).
pub fn check_plan(
    dir: &Path,
    roots: &[PathBuf],
    inputs: &[Input],
    attributes: bool,
) -> Vec<String> {
    let mut problems = overlaps(dir, roots);
    problems.extend(collisions(dir, inputs, attributes));
    problems
}

fn overlaps(dir: &Path, roots: &[PathBuf]) -> Vec<String> {
    let out = canonical(dir);
    let mut problems = Vec::new();
    for root in roots.iter().filter(|r| r.is_dir()) {
        let checked = canonical(root);
        let (shown_out, shown_root) = (dir.display(), root.display());
        if out.starts_with(&checked) {
            problems.push(format!(
                "--output {shown_out} is inside the checked directory {shown_root}: its outputs \
                 would be checked (and nested again) on the next run; write them outside it"
            ));
        } else if checked.starts_with(&out) {
            problems.push(format!(
                "the checked directory {shown_root} is inside --output {shown_out}: outputs \
                 would be written among the inputs; write them outside it"
            ));
        }
    }
    problems
}

fn collisions(dir: &Path, inputs: &[Input], attributes: bool) -> Vec<String> {
    let sources: HashMap<PathBuf, &Input> = inputs
        .iter()
        .filter_map(|i| Some((canonical(i.path.as_deref()?), i)))
        .collect();
    let mut taken: HashMap<PathBuf, &Input> = HashMap::new();
    let mut problems = Vec::new();
    for input in inputs {
        let Some(source) = &input.path else { continue };
        let output = target_path(dir, source, attributes);
        let shown = output.display();
        if let Some(same) = sources.get(&canonical(&output)) {
            problems.push(format!(
                "{}: its output {shown} would replace the input {}; choose another --output",
                input.display, same.display
            ));
        } else if let Some(first) = taken.insert(canonical(&output), input) {
            problems.push(format!(
                "{} and {} would both be written to {shown}; check them in separate runs, \
                 each with its own --output",
                first.display, input.display
            ));
        }
    }
    problems
}

/// Why `input` is not copied under `--output`: it was found by walking a directory, and its
/// file lies outside that directory (reached through a symbolic link).
pub fn outside_its_root(input: &Input) -> Option<String> {
    let (Some(path), Some(root)) = (&input.path, &input.root) else {
        return None;
    };
    let target = canonical(path);
    if target.starts_with(canonical(root)) {
        return None;
    }
    Some(format!(
        "skipped: a symbolic link to {}, outside the checked directory {}; --output copies only \
         what is inside it (name the file itself to check it)",
        target.display(),
        root.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_keep_the_relative_path_without_root_nor_parents() {
        let out = Path::new("out");
        assert_eq!(output_path(out, Path::new("a/b.txt")), out.join("a/b.txt"));
        assert_eq!(output_path(out, Path::new("/x/b.txt")), out.join("x/b.txt"));
        assert_eq!(output_path(out, Path::new("../a.txt")), out.join("a.txt"));
    }

    #[test]
    fn attribute_files_follow_the_dolma_layout() {
        let out = Path::new("attributes/boilerlint");
        let dolma = |source: &str| attributes_path(out, Path::new(source));
        assert_eq!(dolma("documents/a.jsonl"), out.join("a.jsonl"));
        assert_eq!(
            dolma("/c/documents/cc/0.jsonl.gz"),
            out.join("cc/0.jsonl.gz")
        );
        assert_eq!(dolma("shards/a.jsonl"), out.join("shards/a.jsonl"));
        assert_eq!(dolma("x/documents"), out.join("x/documents"));
    }
}
