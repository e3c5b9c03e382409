//! boilerlint's corpus streaming, free of command-line concerns: the code that reads and writes
//! data-set shards, shared by the `boilerlint` command, the Python module and the fuzz targets.
//!
//! - [`input`] says what an input holds (a text, a JSON Lines shard, plain, gzip or zstd, or a
//!   Parquet shard), opens it for reading and writes a shard compressed as its name says.
//! - [`jsonl`] finds a JSON Lines record's text, id, url and language fields without building a
//!   tree, and rewrites the text field in place, every other byte kept.
//! - [`parquet_shard`] reads a Parquet shard's text column in batches and writes it back with
//!   only that column replaced.
//! - [`gzip`] compresses gzip output on a thread pool, the same bytes whatever the threads.
//! - [`replace`] writes a file whole or not at all (a temporary file renamed over the
//!   destination), keeping what the replaced file's users rely on.
//!
//! Errors are `std::io::Error`s (or, for a record, a message) that say what is wrong; the
//! caller adds the file and line.

pub mod gzip;
pub mod input;
pub mod jsonl;
pub mod parquet_shard;
pub mod replace;
