//! Gzip output compressed on the worker pool, the way pigz does it: the stream is cut into
//! blocks, each compressed apart with the 32 KiB before it as its dictionary and ended on a
//! byte boundary (a sync flush), and the blocks are joined in order into one gzip member.
//!
//! Compressing on one thread caps a run's output at the speed of one core (about 70 MB/s at
//! the default level), whatever the number of cores checking; this way the output keeps up.
//! The file is one ordinary member (not a series of members, which some readers stop after
//! the first of), as small as a one-thread stream within a fraction of a percent, and the
//! same bytes whatever the number of threads: blocks are cut by the bytes written, not by
//! timing.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, Receiver};

use flate2::{Compress, Compression, Crc, FlushCompress};

/// Uncompressed bytes per block.
const BLOCK: usize = 256 << 10;
/// How far back DEFLATE refers: the dictionary a block is primed with.
const WINDOW: usize = 32 << 10;
/// A gzip header: DEFLATE, no name nor time stamp, unknown system (as `GzEncoder` writes).
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// An empty final DEFLATE block with fixed codes: ends the stream after the last sync flush.
const LAST_BLOCK: [u8; 2] = [0x03, 0x00];

type Compressed = io::Result<(Vec<u8>, Crc)>;

/// A gzip writer whose compression runs on a thread pool.
pub struct ParallelGz<'p, W: Write> {
    inner: W,
    pool: &'p rayon::ThreadPool,
    level: Compression,
    /// Bytes written and not yet sent to be compressed.
    pending: Vec<u8>,
    /// The last [`WINDOW`] bytes sent: the next block's dictionary.
    window: Vec<u8>,
    /// Blocks being compressed, oldest first.
    in_flight: VecDeque<Receiver<Compressed>>,
    /// The check of the blocks written.
    crc: Crc,
}

impl<'p, W: Write> ParallelGz<'p, W> {
    /// Starts a gzip stream on `inner`, compressing at `level` on `pool`.
    pub fn new(
        mut inner: W,
        level: Compression,
        pool: &'p rayon::ThreadPool,
    ) -> io::Result<ParallelGz<'p, W>> {
        inner.write_all(&HEADER)?;
        Ok(ParallelGz {
            inner,
            pool,
            level,
            pending: Vec::with_capacity(BLOCK),
            window: Vec::new(),
            in_flight: VecDeque::new(),
            crc: Crc::new(),
        })
    }

    /// Sends the pending bytes to be compressed as one block.
    fn send(&mut self) {
        let data = std::mem::replace(&mut self.pending, Vec::with_capacity(BLOCK));
        let mut window = Vec::with_capacity(WINDOW);
        let kept = WINDOW.saturating_sub(data.len()).min(self.window.len());
        window.extend_from_slice(&self.window[self.window.len() - kept..]);
        window.extend_from_slice(&data[data.len().saturating_sub(WINDOW)..]);
        let dictionary = std::mem::replace(&mut self.window, window);
        let level = self.level;
        let (tx, rx) = sync_channel(1);
        self.pool.spawn(move || {
            // A panic here would abort the process (rayon's default): it becomes an error of
            // this output instead.
            let block = std::panic::catch_unwind(|| compress(&dictionary, &data, level))
                .unwrap_or_else(|_| Err(io::Error::other("the compressor panicked")));
            // The writer may have given up on this stream: then nobody waits for the block.
            let _ = tx.send(block);
        });
        self.in_flight.push_back(rx);
    }

    /// Writes finished blocks, in order, until at most `keep` are in flight.
    fn write_blocks(&mut self, keep: usize) -> io::Result<()> {
        while self.in_flight.len() > keep {
            let block = self
                .in_flight
                .pop_front()
                .expect("more than `keep` in flight");
            let (bytes, crc) = block
                .recv()
                .map_err(|_| io::Error::other("a compression job stopped"))??;
            self.inner.write_all(&bytes)?;
            self.crc.combine(&crc);
        }
        Ok(())
    }

    /// Ends the stream and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.pending.is_empty() {
            self.send();
        }
        self.write_blocks(0)?;
        self.inner.write_all(&LAST_BLOCK)?;
        self.inner.write_all(&self.crc.sum().to_le_bytes())?;
        self.inner.write_all(&self.crc.amount().to_le_bytes())?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for ParallelGz<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= BLOCK {
            self.send();
            // Two blocks per thread keep every thread busy and memory bounded.
            self.write_blocks(2 * self.pool.current_num_threads())?;
        }
        Ok(buf.len())
    }

    /// Flushes the inner writer. Blocks being compressed or filled are written later, as
    /// more bytes come or by [`ParallelGz::finish`]: only a finished stream is complete.
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `data` as raw DEFLATE primed with `dictionary`, ended by a sync flush so that the next
/// block can follow it; and its check.
fn compress(dictionary: &[u8], data: &[u8], level: Compression) -> Compressed {
    let mut crc = Crc::new();
    crc.update(data);
    let mut deflate = Compress::new(level, false);
    if !dictionary.is_empty() {
        deflate
            .set_dictionary(dictionary)
            .map_err(io::Error::other)?;
    }
    let mut out = Vec::with_capacity(data.len() / 2 + 1024);
    loop {
        out.reserve(data.len() / 8 + 1024);
        let read = deflate.total_in() as usize;
        deflate
            .compress_vec(&data[read..], &mut out, FlushCompress::Sync)
            .map_err(io::Error::other)?;
        // Done when all is read and the flush did not fill the space it had.
        if deflate.total_in() as usize == data.len() && out.len() < out.capacity() {
            return Ok((out, crc));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    /// Some megabytes of records whose words are drawn from the seed article: text that
    /// compresses about as well as a corpus shard.
    fn sample() -> Vec<u8> {
        let seed = include_str!("../../../tests/fixtures/seed-article.txt");
        let words: Vec<&str> = seed.split_whitespace().collect();
        let mut state = 1u64;
        let mut out = Vec::new();
        for i in 0..2000 {
            let text: Vec<&str> = (0..200)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    words[(state >> 33) as usize % words.len()]
                })
                .collect();
            out.extend_from_slice(
                format!("{{\"id\": {i}, \"text\": {:?}}}\n", text.join(" ")).as_bytes(),
            );
        }
        out
    }

    fn parallel(data: &[u8], threads: usize, piece: usize) -> Vec<u8> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool");
        let mut gz = ParallelGz::new(Vec::new(), Compression::default(), &pool).expect("header");
        for part in data.chunks(piece) {
            gz.write_all(part).expect("written");
        }
        gz.finish().expect("finished")
    }

    fn one_member(gz: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        // `GzDecoder` reads one member and stops: the whole text must be in it.
        flate2::read::GzDecoder::new(gz)
            .read_to_end(&mut out)
            .expect("a valid gzip member");
        out
    }

    #[test]
    fn blocks_join_into_one_member_holding_everything() {
        let data = sample();
        assert!(data.len() > 8 * BLOCK, "{} bytes", data.len());
        for piece in [1 << 20, 4000, 333] {
            assert_eq!(one_member(&parallel(&data, 2, piece)), data);
        }
    }

    #[test]
    fn the_bytes_do_not_depend_on_the_number_of_threads() {
        let data = sample();
        assert_eq!(parallel(&data, 1, 5000), parallel(&data, 3, 5000));
    }

    #[test]
    fn an_empty_stream_is_a_valid_empty_file() {
        let gz = parallel(b"", 2, 1);
        assert_eq!(one_member(&gz), b"");
    }

    #[test]
    fn primed_blocks_compress_as_well_as_one_stream() {
        let data = sample();
        let mut one = flate2::write::GzEncoder::new(Vec::new(), Compression::default());
        one.write_all(&data).expect("written");
        let one = one.finish().expect("finished").len() as f64;
        let blocks = parallel(&data, 2, 5000).len() as f64;
        assert!(blocks < one * 1.01, "{blocks} bytes against {one}");
    }
}
