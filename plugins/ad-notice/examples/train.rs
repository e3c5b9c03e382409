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
use boilerlint_plugin_ad_notice::{learned_words, AdNotice, Decision, Options};

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

    /// The words of ad lines are learned from the dev part too: a fold's rule knows only
    /// those of the documents it trains on, as the shipped rule knows none of the test part's.
    fn for_fold(
        &self,
        dev: &[training::Doc],
        keep: &dyn Fn(&training::Doc) -> bool,
    ) -> Option<Self> {
        let words = ad_words(dev.iter().filter(|d| keep(d)));
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let plugin = AdNotice::with_ad_words(&Options::default(), &refs)
            .expect("the default options are valid");
        Some(Rule(plugin))
    }

    fn threshold_grid(&self) -> Vec<(&'static str, Vec<f32>)> {
        let words = vec![0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0];
        vec![("LINE", grid(0.05, 0.9)), ("WORD", words)]
    }
}

/// The words of the lines labeled `ad-notice` in `docs` that can be learned ad words.
fn ad_words<'a>(docs: impl Iterator<Item = &'a training::Doc>) -> Vec<String> {
    let mut out = std::collections::BTreeSet::new();
    for doc in docs {
        for (i, line) in doc.text.split('\n').enumerate() {
            if doc.label("ad-notice", i) == Some(true) {
                out.extend(learned_words(line));
            }
        }
    }
    out.into_iter().collect()
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let options = TrainOptions {
        bits: boilerlint_plugin_ad_notice::BITS,
        ..TrainOptions::default()
    };
    let run = Run::of_plugin(&root, "ad-notice", options);
    // The words of the dev part's ad lines first: only they can be learned ad words.
    let words = match training::read(&run.dev) {
        Ok(dev) => ad_words(dev.iter()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let mut file = String::from(
        "# The words of the dev part's ad lines that can be learned ad words (folded, of at\n\
         # least four characters). Written by the `train` example; do not edit by hand.\n",
    );
    for w in &words {
        file.push_str(w);
        file.push('\n');
    }
    std::fs::write(root.join("model/ad-words.txt"), file).expect("model/ is writable");
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let plugin =
        AdNotice::with_ad_words(&Options::default(), &refs).expect("the default options are valid");
    if let Err(e) = training::run(&Rule(plugin), &run) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
