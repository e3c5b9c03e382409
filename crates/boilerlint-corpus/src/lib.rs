//! boilerlint's corpus streaming, free of command-line concerns: the code that reads, checks
//! and writes data-set shards, shared by the `boilerlint` command, the Python module and the
//! fuzz targets.
//!
//! - [`pipeline`] runs a linter over inputs: a reader thread cuts them into chunks of
//!   documents, a worker pool checks (and fixes) each chunk, and a writer thread passes the
//!   results, in input order, to a [`pipeline::Sink`] and writes the outputs.
//! - [`input`] says what an input holds (a text, a JSON Lines shard, plain, gzip or zstd, or a
//!   Parquet shard), opens it for reading and writes a shard compressed as its name says.
//! - [`jsonl`] finds a JSON Lines record's text, id, url and language fields without building a
//!   tree, and rewrites the text field in place, every other byte kept.
//! - [`parquet_shard`] reads a Parquet shard's text column in batches and writes it back with
//!   only that column replaced.
//! - [`gzip`] compresses gzip output on a thread pool, the same bytes whatever the threads.
//! - [`replace`] writes a file whole or not at all (a temporary file renamed over the
//!   destination), keeping what the replaced file's users rely on.
//! - [`outputs`] says where an input's counterpart goes under an output directory, and checks
//!   that outputs stay apart from the inputs and from each other.
//! - [`resume`] records which outputs a completed run wrote, so that a run can be resumed.
//! - [`escape`] escapes the control characters of paths and text before they reach a terminal.
//!
//! The pipeline takes its rules as a [`boilerlint_core::Linter`]: this crate depends on the
//! engine, never on the command line. What stays in the command is what a user types and
//! sees: arguments, output formats, progress and exit codes, and the baseline file, which
//! reaches the pipeline through the [`pipeline::Known`] trait.
//!
//! Errors are `std::io::Error`s (or, for a record, a message) that say what is wrong; the
//! caller adds the file and line.

pub mod escape;
pub mod gzip;
pub mod input;
pub mod jsonl;
pub mod outputs;
pub mod parquet_shard;
pub mod pipeline;
pub mod replace;
pub mod resume;
