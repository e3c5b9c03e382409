//! Trains cookie-banner's line model on the dev part of the real-text corpus and writes
//! `model/weights.bin`, `model/thresholds.rs` and `model/REPORT.md`:
//!
//! ```text
//! cargo run --release -p boilerlint-plugin-cookie-banner --example train
//! ```
//!
//! Then rebuild the plugin (the weights are embedded in it). The test part is scored once with
//! the final model, for the report; nothing is chosen on it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use boilerlint_lexicon::model::{Features, Model, TrainOptions};
use boilerlint_lexicon::training::{self, grid, Run};
use boilerlint_plugin_cookie_banner::{CookieBanner, Options, BITS};

/// The rule, and the controls of every consent manager's translation files (for the folds).
struct Rule(CookieBanner, Rc<Controls>);

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
            (
                "SANDWICH",
                vec![0.0, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3],
            ),
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
        // A consent manager's controls join only when none of its documents is held out (a
        // mixed document can name a manager its first source does not).
        let held_out = managers(dev.iter().filter(|d| !keep(d)));
        let managers: BTreeSet<String> = managers(dev.iter().filter(|d| keep(d)))
            .difference(&held_out)
            .cloned()
            .collect();
        let buttons = buttons(dev.iter().filter(|d| keep(d)), &self.1, &managers);
        let refs: Vec<&str> = buttons.iter().map(String::as_str).collect();
        let plugin = CookieBanner::with_buttons(Options::default(), &refs)
            .expect("the default options are valid");
        Some(Rule(plugin, Rc::clone(&self.1)))
    }
}

/// The labels of each consent manager's controls (buttons, close and settings links) in its
/// translation files, `corpus/pools/consent/`, by manager.
type Controls = BTreeMap<String, BTreeSet<String>>;

/// The roles of a consent manager's strings that are controls.
const CONTROL_ROLES: [&str; 5] = ["accept", "reject", "settings", "save", "close"];

/// A string of a consent manager's translation files, as the harvest wrote it.
#[derive(serde::Deserialize)]
struct PoolString {
    manager: String,
    role: String,
    text: String,
}

fn controls(corpus: &Path) -> Result<Controls, String> {
    let dir = corpus.join("pools/consent");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut out = Controls::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let s: PoolString = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: {e}", file.display(), i + 1))?;
            if CONTROL_ROLES.contains(&s.role.as_str()) {
                out.entry(s.manager)
                    .or_default()
                    .insert(s.text.trim().to_string());
            }
        }
    }
    Ok(out)
}

/// The consent managers whose notices `docs` hold (their `consent:` sources).
fn managers<'a>(docs: impl Iterator<Item = &'a training::Doc>) -> BTreeSet<String> {
    docs.flat_map(|d| d.meta.source.split(' '))
        .filter_map(|s| s.strip_prefix("consent:"))
        .map(str::to_string)
        .collect()
}

/// Lines of at most [`MAX_BUTTON_WORDS`] words labeled `cookie-banner` in `docs`, that do not
/// end a sentence (buttons, links, close controls, titles), and the controls of the consent
/// managers `managers` in their translation files, in every language they are translated to.
fn buttons<'a>(
    docs: impl Iterator<Item = &'a training::Doc>,
    controls: &Controls,
    managers: &BTreeSet<String>,
) -> Vec<String> {
    let label = |line: &str| {
        let words = line.split_whitespace().count();
        (1..=MAX_BUTTON_WORDS).contains(&words)
            && line.chars().count() >= 2
            && !line.ends_with(['.', '。', '!', '?'])
    };
    let mut out = BTreeSet::new();
    for doc in docs {
        for (i, line) in doc.text.split('\n').enumerate() {
            let line = line.trim();
            if doc.label("cookie-banner", i) == Some(true) && label(line) {
                out.insert(line.to_string());
            }
        }
    }
    for manager in managers {
        for control in controls.get(manager).into_iter().flatten() {
            if label(control) {
                out.insert(control.clone());
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
    let corpus = root.join("../../corpus");
    let (controls, buttons) = match training::read(&run.dev).and_then(|dev| {
        let controls = controls(&corpus)?;
        // The shipped rule knows the controls of every consent manager harvested, but the
        // test part's (those of the pending harvest and of managers never composed are real
        // labels too); the folds' rules know only those of the managers they train on.
        let test = run
            .test
            .as_deref()
            .map(training::read)
            .transpose()?
            .unwrap_or_default();
        let held_out = managers(test.iter());
        let shipped: BTreeSet<String> = controls
            .keys()
            .filter(|m| !held_out.contains(*m))
            .cloned()
            .chain(managers(dev.iter()))
            .collect();
        let buttons = buttons(dev.iter(), &controls, &shipped);
        Ok((controls, buttons))
    }) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let mut file = String::from(
        "# Button and control labels: lines of at most four words in a notice of the dev part,\n\
         # and the buttons, close and settings controls in the translation files\n\
         # (corpus/pools/consent/) of every harvested consent manager but the test part's.\n\
         # Written by the `train` example; do not edit by hand.\n",
    );
    for b in &buttons {
        file.push_str(b);
        file.push('\n');
    }
    std::fs::write(root.join("model/buttons.txt"), file).expect("model/ is writable");
    let refs: Vec<&str> = buttons.iter().map(String::as_str).collect();
    let plugin = CookieBanner::with_buttons(Options::default(), &refs)
        .expect("the default options are valid");
    if let Err(e) = training::run(&Rule(plugin, Rc::new(controls)), &run) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
