//! Inputs: what kind each file is, and how to read and write it.
//!
//! Text files (`.txt`, `.md`) are one document each. JSON Lines shards (`.jsonl`, `.ndjson`,
//! optionally compressed: `.gz`, `.zst`) hold one document per line, in a text field; Parquet
//! shards (`.parquet`), one per row, in a text column.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use crate::gzip::ParallelGz;

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
    pub fn walked(path: PathBuf, root: &Path) -> Input {
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
