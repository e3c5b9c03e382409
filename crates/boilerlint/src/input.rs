//! Inputs: which files to check, what kind each is, and how to read and write them.
//!
//! Text files (`.txt`, `.md`) are one document each. JSON Lines shards (`.jsonl`, `.ndjson`,
//! optionally compressed: `.gz`, `.zst`) hold one document per line, in a text field; Parquet
//! shards (`.parquet`), one per row, in a text column.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use ignore::overrides::{Override, OverrideBuilder};

use boilerlint_corpus::gzip::ParallelGz;

/// How a shard is compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

/// What an input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One document: the whole file.
    Text,
    /// One document per line, in a JSON object's text field.
    Jsonl(Compression),
    /// One document per row, in a string column.
    Parquet,
}

/// One input.
#[derive(Clone, Debug)]
pub struct Input {
    /// The file, or `None` for standard input.
    pub path: Option<PathBuf>,
    /// How messages name it.
    pub display: String,
    pub kind: Kind,
    /// The directory it was found in by walking (`None`: named on the command line).
    pub root: Option<PathBuf>,
}

impl Input {
    pub fn stdin() -> Input {
        Input {
            path: None,
            display: "-".into(),
            kind: Kind::Text,
            root: None,
        }
    }

    /// Standard input as a stream of JSONL records.
    pub fn stdin_jsonl() -> Input {
        Input {
            path: None,
            display: "<stdin>".into(),
            kind: Kind::Jsonl(Compression::None),
            root: None,
        }
    }

    pub fn file(path: PathBuf) -> Input {
        let path = path
            .strip_prefix(".")
            .map(Path::to_path_buf)
            .unwrap_or(path);
        Input {
            display: path.display().to_string(),
            kind: kind_of(&path).unwrap_or(Kind::Text),
            path: Some(path),
            root: None,
        }
    }

    /// A file found by walking `root`.
    fn walked(path: PathBuf, root: &Path) -> Input {
        Input {
            root: Some(root.to_path_buf()),
            ..Input::file(path)
        }
    }

    /// Its size in bytes, for progress: on disk (compressed for JSONL shards), and for a
    /// Parquet shard the uncompressed size its footer gives (progress counts text read, which
    /// is about that); 0 when unknown.
    pub fn size(&self) -> u64 {
        let Some(path) = self.path.as_deref() else {
            return 0;
        };
        if self.kind == Kind::Parquet {
            if let Some(size) = crate::parquet_shard::uncompressed_size(path) {
                return size;
            }
        }
        std::fs::metadata(path).map_or(0, |m| m.len())
    }
}

/// The kind a file name implies, if it is one boilerlint checks.
pub fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (stem, compression) = if let Some(stem) = name.strip_suffix(".gz") {
        (stem, Compression::Gzip)
    } else if let Some(stem) = name.strip_suffix(".zst") {
        (stem, Compression::Zstd)
    } else {
        (name.as_str(), Compression::None)
    };
    if stem.ends_with(".jsonl") || stem.ends_with(".ndjson") {
        return Some(Kind::Jsonl(compression));
    }
    if compression == Compression::None && stem.ends_with(".parquet") {
        return Some(Kind::Parquet);
    }
    (compression == Compression::None && (stem.ends_with(".txt") || stem.ends_with(".md")))
        .then_some(Kind::Text)
}

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

/// Opens a shard for reading lines, decompressing as its name says; `None` reads standard
/// input.
pub fn open_lines(
    path: Option<&Path>,
    compression: Compression,
) -> io::Result<Box<dyn BufRead + Send>> {
    let Some(path) = path else {
        return Ok(Box::new(BufReader::with_capacity(1 << 20, io::stdin())));
    };
    let file = File::open(path)?;
    Ok(match compression {
        Compression::None => Box::new(BufReader::with_capacity(1 << 20, file)),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(BufReader::new(file)),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            1 << 20,
            zstd::stream::read::Decoder::new(file)?,
        )),
    })
}

/// A writer that compresses as `compression` says (gzip on `pool`, zstd on the calling thread:
/// it keeps up); `finish` ends the compressed stream.
pub enum ShardWriter<'p, W: Write> {
    Plain(W),
    Gzip(ParallelGz<'p, W>),
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<'p, W: Write> ShardWriter<'p, W> {
    pub fn new(
        inner: W,
        compression: Compression,
        pool: &'p rayon::ThreadPool,
    ) -> io::Result<ShardWriter<'p, W>> {
        Ok(match compression {
            Compression::None => ShardWriter::Plain(inner),
            Compression::Gzip => ShardWriter::Gzip(ParallelGz::new(
                inner,
                flate2::Compression::default(),
                pool,
            )?),
            Compression::Zstd => ShardWriter::Zstd(zstd::stream::write::Encoder::new(inner, 3)?),
        })
    }

    /// Ends the compressed stream and returns the inner writer.
    pub fn finish(self) -> io::Result<W> {
        match self {
            ShardWriter::Plain(w) => Ok(w),
            ShardWriter::Gzip(w) => w.finish(),
            ShardWriter::Zstd(w) => w.finish(),
        }
    }
}

impl<W: Write> Write for ShardWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            ShardWriter::Plain(w) => w.write(buf),
            ShardWriter::Gzip(w) => w.write(buf),
            ShardWriter::Zstd(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            ShardWriter::Plain(w) => w.flush(),
            ShardWriter::Gzip(w) => w.flush(),
            ShardWriter::Zstd(w) => w.flush(),
        }
    }
}

/// Reads a whole text input.
pub fn read_all(input: &Input) -> io::Result<Vec<u8>> {
    match &input.path {
        Some(path) => std::fs::read(path),
        None => {
            let mut bytes = Vec::new();
            io::stdin().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_file_name() {
        assert_eq!(kind_of(Path::new("a.txt")), Some(Kind::Text));
        assert_eq!(kind_of(Path::new("a.MD")), Some(Kind::Text));
        assert_eq!(
            kind_of(Path::new("shard-01.jsonl.zst")),
            Some(Kind::Jsonl(Compression::Zstd))
        );
        assert_eq!(
            kind_of(Path::new("x.ndjson.gz")),
            Some(Kind::Jsonl(Compression::Gzip))
        );
        assert_eq!(kind_of(Path::new("a.txt.gz")), None);
        assert_eq!(
            kind_of(Path::new("train-00001-of-00004.parquet")),
            Some(Kind::Parquet)
        );
        assert_eq!(kind_of(Path::new("a.parquet.gz")), None);
        assert_eq!(kind_of(Path::new("a.json")), None);
    }
}
