//! boilerlint's corpus streaming, free of command-line concerns: the code that reads and writes
//! data-set shards, shared by the `boilerlint` command, the Python module and the fuzz targets.
//!
//! - [`jsonl`] finds a JSON Lines record's text, id, url and language fields without building a
//!   tree, and rewrites the text field in place, every other byte kept.
//! - [`gzip`] compresses gzip output on a thread pool, the same bytes whatever the threads.
//! - [`replace`] writes a file whole or not at all (a temporary file renamed over the
//!   destination), keeping what the replaced file's users rely on.
//!
//! Errors are `std::io::Error`s (or, for a record, a message) that say what is wrong; the
//! caller adds the file and line.

pub mod gzip;
pub mod jsonl;
pub mod replace;
