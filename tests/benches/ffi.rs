//! The cost of the plugin boundary: the cookie-banner rule called directly (as an rlib) versus
//! through the loaded shared library and the host (validation and copying included), on the
//! same documents, in the same process, alternating runs to share the machine's noise.
//!
//! `cargo bench -p boilerlint-tests --bench ffi`

use std::hint::black_box;
use std::time::{Duration, Instant};

use boilerlint_core::host::{load, HostDocument, Instance, LoadOptions};
use boilerlint_plugin::{segment, testing, Plugin};
use boilerlint_plugin_cookie_banner::CookieBanner;

/// The corpus documents (labels stripped): a few KB each, some with a banner.
fn documents() -> Vec<String> {
    let root = boilerlint_tests::root().join("tests/corpus");
    let mut docs = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let body: String = text
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| format!("{}\n", l.get(2..).unwrap_or("")))
                .collect();
            docs.push(body);
        }
    }
    docs.push(
        std::fs::read_to_string(boilerlint_tests::root().join("tests/fixtures/seed-article.txt"))
            .unwrap(),
    );
    docs
}

fn time(rounds: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let start = Instant::now();
    let mut findings = 0;
    for _ in 0..rounds {
        findings += f();
    }
    (start.elapsed(), findings)
}

fn main() {
    let docs = documents();
    let bytes: usize = docs.iter().map(String::len).sum();
    let direct = CookieBanner::new("").unwrap();
    let library = boilerlint_tests::artifacts().cdylib("boilerlint-plugin-cookie-banner");
    let plugin = load(library, LoadOptions::default()).expect("the plugin loads");
    let instance = Instance::new(plugin, "").expect("the plugin configures");

    let run_direct = || -> usize {
        docs.iter()
            .map(|d| black_box(testing::check(&direct, d)).len())
            .sum()
    };
    let run_ffi = || -> usize {
        docs.iter()
            .map(|d| {
                let segments = segment(d);
                let doc = HostDocument {
                    text: d,
                    path: "bench",
                    segments: &segments,
                    metadata: Default::default(),
                };
                black_box(instance.check(&doc).unwrap()).len()
            })
            .sum()
    };
    assert_eq!(run_direct(), run_ffi(), "both paths find the same");

    let rounds = 20;
    let mut best_direct = Duration::MAX;
    let mut best_ffi = Duration::MAX;
    for _ in 0..7 {
        best_direct = best_direct.min(time(rounds, run_direct).0);
        best_ffi = best_ffi.min(time(rounds, run_ffi).0);
    }
    let per_doc = |d: Duration| d.as_secs_f64() / (rounds * docs.len()) as f64;
    let mbps = |d: Duration| (bytes * rounds) as f64 / d.as_secs_f64() / 1e6;
    println!(
        "{} documents, {:.1} KB on average, best of 7 runs of {rounds} passes",
        docs.len(),
        bytes as f64 / docs.len() as f64 / 1e3
    );
    println!(
        "direct (rlib):        {:>8.2} µs/doc  {:>7.1} MB/s",
        per_doc(best_direct) * 1e6,
        mbps(best_direct)
    );
    println!(
        "through the plugin:   {:>8.2} µs/doc  {:>7.1} MB/s",
        per_doc(best_ffi) * 1e6,
        mbps(best_ffi)
    );
    println!(
        "ratio plugin/direct:  {:.3} ({:+.1}% per document)",
        best_ffi.as_secs_f64() / best_direct.as_secs_f64(),
        (best_ffi.as_secs_f64() / best_direct.as_secs_f64() - 1.0) * 100.0
    );
}
