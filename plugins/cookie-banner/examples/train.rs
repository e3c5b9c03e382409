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
use boilerlint_lexicon::training::{self, grid, Run};
use boilerlint_plugin_cookie_banner::{CookieBanner, Options, BITS};

struct Rule(CookieBanner);

impl training::Rule for Rule {
    const ID: &'static str = "cookie-banner";

    fn features(&self, text: &str) -> Vec<Option<Features>> {
        self.0.line_features(text)
    }

    fn decide(&self, text: &str, p: &[f32], t: &[f32], _model: &Model) -> Vec<bool> {
        self.0.decide(text, p, t[0], t[1], t[2])
    }

    fn threshold_grid(&self) -> Vec<(&'static str, Vec<f32>)> {
        vec![
            ("LINE", grid(0.2, 0.9)),
            ("JOIN", grid(0.05, 0.6)),
            ("SANDWICH", grid(0.0, 0.3)),
        ]
    }

    fn run_score(&self, run: &[f32]) -> f32 {
        boilerlint_plugin_cookie_banner::run_score(run)
    }

    fn controls(&self, text: &str) -> Option<Vec<bool>> {
        Some(self.0.controls(text))
    }

    /// The button labels are learned from the dev part too: a fold's rule knows only those
    /// of the documents it trains on, as the shipped rule knows none of the test part's.
    fn for_fold(
        &self,
        dev: &[training::Doc],
        keep: &dyn Fn(&training::Doc) -> bool,
    ) -> Option<Self> {
        let buttons = buttons(dev.iter().filter(|d| keep(d)));
        let refs: Vec<&str> = buttons.iter().map(String::as_str).collect();
        let plugin = CookieBanner::with_buttons(Options::default(), &refs)
            .expect("the default options are valid");
        Some(Rule(plugin))
    }
}

/// Lines of at most [`MAX_BUTTON_WORDS`] words labeled `cookie-banner` in the dev part, that
/// do not end a sentence: buttons, links, close controls, titles.
fn buttons<'a>(docs: impl Iterator<Item = &'a training::Doc>) -> Vec<String> {
    let mut out = std::collections::BTreeSet::new();
    for doc in docs {
        for (i, line) in doc.text.split('\n').enumerate() {
            let line = line.trim();
            let words = line.split_whitespace().count();
            if doc.label("cookie-banner", i) == Some(true)
                && (1..=MAX_BUTTON_WORDS).contains(&words)
                && line.chars().count() >= 2
                && !line.ends_with(['.', '。', '!', '?'])
            {
                out.insert(line.to_string());
            }
        }
    }
    out.into_iter().collect()
}

/// The most words a button label has.
const MAX_BUTTON_WORDS: usize = 4;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // Chosen on the dev part by cross-validated F1: L2 1e-3 (0.902, against 0.888 at 1e-6 and
    // 0.895 at 1e-4, when it was chosen), positive examples weighing 4 (0.951, against 0.947
    // at 1 and 0.949 at 2).
    let options = TrainOptions {
        bits: BITS,
        l2: 1e-3,
        positive_weight: 4.0,
        ..TrainOptions::default()
    };
    let run = Run::of_plugin(&root, "cookie-banner", options);
    // Button and control labels first: the short lines of the dev part's notices. They are
    // interface residue for the features, so the model is trained with them.
    let buttons = match training::read(&run.dev) {
        Ok(dev) => buttons(dev.iter()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let mut file = String::from(
        "# Button and control labels of the dev part's consent notices: lines of at most\n\
         # four words in a notice. Written by the `train` example; do not edit by hand.\n",
    );
    for b in &buttons {
        file.push_str(b);
        file.push('\n');
    }
    std::fs::write(root.join("model/buttons.txt"), file).expect("model/ is writable");
    let refs: Vec<&str> = buttons.iter().map(String::as_str).collect();
    let plugin = CookieBanner::with_buttons(Options::default(), &refs)
        .expect("the default options are valid");
    if let Err(e) = training::run(&Rule(plugin), &run) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
