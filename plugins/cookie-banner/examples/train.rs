//! Trains cookie-banner's line model on the dev part of the real-text corpus and writes
//! `model/weights.bin`, `model/thresholds.rs` and `model/REPORT.md`:
//!
//! ```text
//! cargo run --release -p boilerlint-plugin-cookie-banner --example train
//! ```
//!
//! Then rebuild the plugin (the weights are embedded in it). The test part is scored once with
//! the final model, for the report; nothing is chosen on it.

use std::path::PathBuf;

use boilerlint_lexicon::model::{Features, Model, TrainOptions};
use boilerlint_lexicon::training::{self, Run};
use boilerlint_plugin::Plugin;
use boilerlint_plugin_cookie_banner::CookieBanner;

struct Rule(CookieBanner);

impl training::Rule for Rule {
    const ID: &'static str = "cookie-banner";
    const BITS: u32 = 18;

    fn features(&self, text: &str) -> Vec<Option<Features>> {
        self.0.line_features(text)
    }

    fn decide(&self, text: &str, p: &[f32], t: &[f32], _model: &Model) -> Vec<bool> {
        self.0.decide(text, p, t[0], t[1])
    }

    fn threshold_grid(&self) -> Vec<(&'static str, Vec<f32>)> {
        let grid = |from: f32, to: f32| {
            (0..)
                .map(move |i| ((from + 0.05 * i as f32) * 100.0).round() / 100.0)
                .take_while(move |&v| v <= to + 1e-6)
                .collect::<Vec<f32>>()
        };
        vec![("LINE", grid(0.2, 0.9)), ("JOIN", grid(0.05, 0.6))]
    }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../../corpus");
    let model = root.join("model");
    let run = Run {
        dev: corpus.join("dev/labels.jsonl"),
        test: Some(corpus.join("test/labels.jsonl")),
        weights: model.join("weights.bin"),
        thresholds: model.join("thresholds.rs"),
        report: model.join("REPORT.md"),
        // The dev part's held-out errors, for error analysis (not committed).
        errors: Some(corpus.join(".cache/errors-cookie-banner.txt")),
        folds: 5,
        options: TrainOptions {
            bits: 18,
            l2: std::env::var("TRAIN_L2")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(1e-3),
            epochs: std::env::var("TRAIN_EPOCHS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(12),
            ..TrainOptions::default()
        },
    };
    let plugin = CookieBanner::new("").expect("the default options are valid");
    if let Err(e) = training::run(&Rule(plugin), &run) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
