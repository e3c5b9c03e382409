//! Trains ad-notice's line model on the dev part of the real-text corpus and writes
//! `model/weights.bin`, `model/thresholds.rs` and `model/REPORT.md`:
//!
//! ```text
//! cargo run --release -p boilerlint-plugin-ad-notice --example train
//! ```
//!
//! Then rebuild the plugin (the weights are embedded in it). The test part is scored once with
//! the final model, for the report; nothing is chosen on it.

use std::path::PathBuf;

use boilerlint_lexicon::model::{Features, Model, TrainOptions};
use boilerlint_lexicon::training::{self, grid, Run};
use boilerlint_plugin::Plugin;
use boilerlint_plugin_ad_notice::{AdNotice, Decision};

struct Rule(AdNotice);

impl training::Rule for Rule {
    const ID: &'static str = "ad-notice";

    fn features(&self, text: &str) -> Vec<Option<Features>> {
        self.0.line_features(text)
    }

    fn decide(&self, text: &str, _p: &[f32], t: &[f32], model: &Model) -> Vec<bool> {
        // The plugin's own decision, with the fold's model: the lexicons' matches, and short
        // lines the model finds probable enough for a word it weighs as an ad word.
        let decision = Decision {
            model,
            line: t[0],
            word: t[1],
        };
        self.0.decide(text, decision)
    }

    fn threshold_grid(&self) -> Vec<(&'static str, Vec<f32>)> {
        let words = vec![0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0];
        vec![("LINE", grid(0.05, 0.9)), ("WORD", words)]
    }
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let options = TrainOptions {
        bits: boilerlint_plugin_ad_notice::BITS,
        ..TrainOptions::default()
    };
    let run = Run::of_plugin(&root, "ad-notice", options);
    let plugin = AdNotice::new("").expect("the default options are valid");
    if let Err(e) = training::run(&Rule(plugin), &run) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
