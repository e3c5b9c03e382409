//! Training a rule's line model on a labeled corpus (feature `train`; used by the plugins'
//! `train` examples, never by a plugin at run time).
//!
//! The corpus is `boilerlint eval`'s format: a `labels.jsonl` whose lines name a document
//! (`path`, relative to the file), its main language (`lang`), its sources (`source`, space
//! separated) and its labeled line ranges (`labels`: `{"rule", "lines": [first, last]}`).
//!
//! [`run`] trains on the dev part with cross-validation folds grouped by source (so the
//! thresholds are chosen on predictions for documents whose sources the fold's model never
//! saw), picks the thresholds that maximise line F1 on those predictions, trains the final
//! model on the whole dev part, writes the weights and a Rust file with the thresholds, scores
//! the test part once when given, and writes a report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{train, Features, Model, TrainOptions};

/// One labeled document.
#[derive(Debug, Deserialize)]
pub struct LabeledDoc {
    /// Path relative to the labels file.
    pub path: String,
    /// Main language.
    #[serde(default)]
    pub lang: Option<String>,
    /// Sources, space separated.
    #[serde(default)]
    pub source: String,
    /// Labeled line ranges.
    #[serde(default)]
    pub labels: Vec<Label>,
}

/// A labeled line range.
#[derive(Debug, Deserialize)]
pub struct Label {
    /// The rule.
    pub rule: String,
    /// First and last line, 1-based, inclusive.
    pub lines: [usize; 2],
}

/// A document read for training: its text and, per line, whether it is labeled with the rule,
/// labeled with another rule, or clean.
pub struct Doc {
    /// The labels file's entry.
    pub meta: LabeledDoc,
    /// The text.
    pub text: String,
}

impl Doc {
    /// The label of 0-based line `i` for `rule`: `Some(true)` the rule's, `Some(false)` clean,
    /// `None` another rule's (neither a positive nor a negative).
    pub fn label(&self, rule: &str, i: usize) -> Option<bool> {
        let line = i + 1;
        let mut other = false;
        for l in &self.meta.labels {
            if (l.lines[0]..=l.lines[1]).contains(&line) {
                if l.rule == rule {
                    return Some(true);
                }
                other = true;
            }
        }
        if other {
            None
        } else {
            Some(false)
        }
    }
}

/// The first source of a real page as a scraper extracted it (`corpus/build/compose_pages.py`).
pub const PAGE_SOURCE: &str = "page:";

/// Reads the documents of a labels file that the rules are trained on and report on: the
/// composed ones. The real pages the parts also hold (sources opening with [`PAGE_SOURCE`])
/// are left out: they are the rules' check on real pages, scored by `boilerlint eval` beside
/// the rest. (Trained on, they moved cookie-banner's safe thresholds up and its scores on the
/// test part down: see `corpus/README.md`.)
pub fn read(labels: &Path) -> Result<Vec<Doc>, String> {
    let text = std::fs::read_to_string(labels).map_err(|e| format!("{}: {e}", labels.display()))?;
    let dir = labels.parent().unwrap_or(Path::new("."));
    let mut docs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let meta: LabeledDoc = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: {e}", labels.display(), n + 1))?;
        if meta.source.starts_with(PAGE_SOURCE) {
            continue;
        }
        let path = dir.join(&meta.path);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        docs.push(Doc { meta, text });
    }
    Ok(docs)
}

/// What a rule gives the trainer: per line of a text, its features (`None` for a line the
/// rule never judges, such as a blank one), and the decision from line probabilities.
pub trait Rule {
    /// The rule's id, as in the labels.
    const ID: &'static str;
    /// The features of every line of `text`.
    fn features(&self, text: &str) -> Vec<Option<Features>>;
    /// The lines flagged in a document, given its line probabilities, the thresholds, and
    /// the model that gave the probabilities.
    fn decide(
        &self,
        text: &str,
        probabilities: &[f32],
        thresholds: &[f32],
        model: &Model,
    ) -> Vec<bool>;
    /// The thresholds to search, each with its name and candidate values.
    fn threshold_grid(&self) -> Vec<(&'static str, Vec<f32>)>;
    /// The score of a run of flagged lines (their probabilities, blank lines left out) that
    /// decides whether deleting it is a safe fix: the `SAFE` threshold is chosen on it. By
    /// default the lower probability of its first and last lines, the lines where article
    /// text can be glued to it.
    fn run_score(&self, run: &[f32]) -> f32 {
        match run {
            [] => 0.0,
            [first, .., last] => first.min(*last),
            [only] => *only,
        }
    }
    /// Per line of `text`, whether it is an interface control a notice leaves behind (a row
    /// of buttons, a close mark). A run of flagged lines that holds one is furniture whatever
    /// its words, where a run of sentences alone may be an article's: such runs get their own
    /// safe threshold, `SAFE_CONTROLS`, chosen on them alone. `None` (the default): the rule
    /// knows no controls, and `SAFE` serves every run.
    fn controls(&self, _text: &str) -> Option<Vec<bool>> {
        None
    }
    /// The rule as built from the documents `keep` selects alone, for a rule that learns more
    /// than its weights from the dev part (cookie-banner's button labels): cross-validation
    /// then holds that out of a fold's documents too, as the test part is held out of the
    /// shipped rule. `None` (the default): the rule learns nothing else.
    fn for_fold(&self, _dev: &[Doc], _keep: &dyn Fn(&Doc) -> bool) -> Option<Self>
    where
        Self: Sized,
    {
        None
    }
}

/// Candidate thresholds from `from` to `to` in steps of 0.05, rounded to two decimals.
pub fn grid(from: f32, to: f32) -> Vec<f32> {
    (0..)
        .map(|i| ((from + 0.05 * i as f32) * 100.0).round() / 100.0)
        .take_while(|&v| v <= to + 1e-6)
        .collect()
}

/// Line-level counts.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    /// Lines of the rule flagged.
    pub tp: usize,
    /// Clean lines flagged.
    pub fp: usize,
    /// Lines of the rule missed.
    pub fn_: usize,
    /// Non-blank lines of documents without any label (contamination-free documents).
    pub clean_lines: usize,
    /// Those flagged.
    pub clean_fp: usize,
}

impl Counts {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// The share of the lines of contamination-free documents flagged.
    pub fn clean_false_alarms(&self) -> f64 {
        ratio(self.clean_fp, self.clean_lines)
    }
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.clean_lines += other.clean_lines;
        self.clean_fp += other.clean_fp;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Held-out F1 scores closer than this to the best are a tie: on the dev part's thousand or
/// so judged lines of a rule, one line more or less moves F1 by about this much. A tie goes to
/// the thresholds with the fewest false alarms on contamination-free documents, whose target
/// (0.2% of their lines) is the tighter one; a tie the dev part cannot break at all goes to
/// the highest values, the ones that ask the most of a line.
pub const F1_TOLERANCE: f64 = 0.001;

fn count(doc: &Doc, id: &str, flagged: &[bool]) -> Counts {
    let mut c = Counts::default();
    let clean = doc.meta.labels.is_empty();
    for (i, (line, &f)) in doc.text.split('\n').zip(flagged).enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if clean {
            c.clean_lines += 1;
            c.clean_fp += usize::from(f);
        }
        match (doc.label(id, i), f) {
            (Some(true), true) => c.tp += 1,
            (Some(true), false) => c.fn_ += 1,
            (Some(false), true) => c.fp += 1,
            _ => {}
        }
    }
    c
}

/// Settings of a training run.
pub struct Run {
    /// The dev part's labels file.
    pub dev: PathBuf,
    /// The test part's labels file, scored once with the final model (never used to choose).
    pub test: Option<PathBuf>,
    /// Where the weights go.
    pub weights: PathBuf,
    /// Where the thresholds go (a Rust file of `pub const`s).
    pub thresholds: PathBuf,
    /// Where the report goes (Markdown).
    pub report: PathBuf,
    /// Where to list the dev part's held-out errors (false alarms and misses), if anywhere.
    pub errors: Option<PathBuf>,
    /// Cross-validation folds.
    pub folds: usize,
    /// Training settings.
    pub options: TrainOptions,
}

impl Run {
    /// The usual run of a shipped plugin: the corpus at `corpus/` of the workspace, the
    /// plugin's `model/` folder for what is written, 5 folds, and the held-out errors of the
    /// dev part listed in `corpus/.cache/errors-<rule>.txt` (for error analysis; not
    /// committed).
    pub fn of_plugin(manifest_dir: &Path, rule: &str, options: TrainOptions) -> Run {
        let corpus = manifest_dir.join("../../corpus");
        let model = manifest_dir.join("model");
        Run {
            dev: corpus.join("dev/labels.jsonl"),
            test: Some(corpus.join("test/labels.jsonl")),
            weights: model.join("weights.bin"),
            thresholds: model.join("thresholds.rs"),
            report: model.join("REPORT.md"),
            errors: Some(corpus.join(format!(".cache/errors-{rule}.txt"))),
            folds: 5,
            options,
        }
    }
}

/// Trains, chooses thresholds, writes the weights, thresholds and report.
pub fn run<R: Rule>(rule: &R, run: &Run) -> Result<(), String> {
    let dev = read(&run.dev)?;
    let features: Vec<Vec<Option<Features>>> = dev.iter().map(|d| rule.features(&d.text)).collect();

    // Folds by source: every document of a source group is in the same fold.
    let fold_of = |doc: &Doc| -> usize {
        let key = doc.meta.source.split(' ').next().unwrap_or("");
        (fold_hash(key) % run.folds as u64) as usize
    };
    let mut held_out: Vec<Vec<f32>> = vec![Vec::new(); dev.len()];
    let mut models = Vec::new();
    let mut fold_rules: Vec<Option<R>> = Vec::new();
    for fold in 0..run.folds {
        let keep = |d: &Doc| fold_of(d) != fold;
        let fold_rule = rule.for_fold(&dev, &keep);
        let fold_features: Option<Vec<Vec<Option<Features>>>> = fold_rule
            .as_ref()
            .map(|r| dev.iter().map(|d| r.features(&d.text)).collect());
        let features = fold_features.as_ref().unwrap_or(&features);
        let examples = examples(rule, &dev, features, keep);
        let model = train(&examples, &run.options);
        for (k, doc) in dev.iter().enumerate() {
            if fold_of(doc) == fold {
                held_out[k] = probabilities(&model, &features[k]);
            }
        }
        models.push(model);
        fold_rules.push(fold_rule);
    }
    // The model, and the rule, that did not see a document.
    let fold_models: Vec<&Model> = dev.iter().map(|d| &models[fold_of(d)]).collect();
    let rules: Vec<&R> = dev
        .iter()
        .map(|d| fold_rules[fold_of(d)].as_ref().unwrap_or(rule))
        .collect();

    // The thresholds: the grid point with the best line F1 over the held-out predictions.
    let grid = rule.threshold_grid();
    let mut points: Vec<(Vec<f32>, Counts)> = Vec::new();
    // Per threshold and value: the best held-out counts over the other thresholds (the sweep
    // the report shows).
    let mut sweep: Vec<Vec<Option<Counts>>> =
        grid.iter().map(|(_, g)| vec![None; g.len()]).collect();
    let mut point = vec![0usize; grid.len()];
    loop {
        let thresholds: Vec<f32> = point.iter().zip(&grid).map(|(&i, (_, g))| g[i]).collect();
        let mut c = Counts::default();
        for (((doc, p), model), rule) in dev.iter().zip(&held_out).zip(&fold_models).zip(&rules) {
            c.add(count(
                doc,
                R::ID,
                &rule.decide(&doc.text, p, &thresholds, model),
            ));
        }
        for (d, &i) in point.iter().enumerate() {
            if sweep[d][i].is_none_or(|s| c.f1() > s.f1()) {
                sweep[d][i] = Some(c);
            }
        }
        points.push((thresholds, c));
        // Next grid point.
        let mut d = 0;
        while d < point.len() {
            point[d] += 1;
            if point[d] < grid[d].1.len() {
                break;
            }
            point[d] = 0;
            d += 1;
        }
        if d == point.len() {
            break;
        }
    }
    // The best F1; among the points within [`F1_TOLERANCE`] of it, the one with the fewest
    // false alarms on contamination-free documents (then the best F1; then the highest
    // thresholds: where the dev part cannot tell values apart, the one that asks the most of
    // a line, as every threshold of a rule is a bar a line must reach).
    let top = points.iter().map(|(_, c)| c.f1()).fold(0.0, f64::max);
    let (thresholds, cv) = points
        .into_iter()
        .rev()
        .filter(|(_, c)| c.f1() >= top - F1_TOLERANCE)
        .min_by(|(_, a), (_, b)| a.clean_fp.cmp(&b.clean_fp).then(b.f1().total_cmp(&a.f1())))
        .ok_or("empty threshold grid")?;
    let safety = safe_thresholds::<R>(&rules, &dev, &held_out, &fold_models, &thresholds);
    if let Some(path) = &run.errors {
        write_errors::<R>(&rules, &dev, &held_out, &fold_models, &thresholds, path)?;
    }

    // The final model, on the whole dev part.
    let examples = examples(rule, &dev, &features, |_| true);
    let model = train(&examples, &run.options);
    std::fs::write(&run.weights, model.to_bytes())
        .map_err(|e| format!("{}: {e}", run.weights.display()))?;
    let mut consts = String::from(
        "// Thresholds chosen on the dev part by the `train` example (cross-validated by source);\n\
         // see REPORT.md beside this file. Generated: do not edit by hand.\n",
    );
    for ((name, _), value) in grid.iter().zip(&thresholds) {
        writeln!(consts, "pub const {name}: f32 = {value:?};").unwrap();
    }
    writeln!(
        consts,
        "pub const SAFE: f32 = {:?};",
        safety.plain.threshold
    )
    .unwrap();
    if let Some(controls) = &safety.controls {
        writeln!(
            consts,
            "pub const SAFE_CONTROLS: f32 = {:?};",
            controls.threshold
        )
        .unwrap();
    }
    std::fs::write(&run.thresholds, consts)
        .map_err(|e| format!("{}: {e}", run.thresholds.display()))?;

    let mut report = String::new();
    writeln!(report, "# {} model: training report\n", R::ID).unwrap();
    writeln!(
        report,
        "Generated by the plugin's `train` example; do not edit by hand.\n\n\
         - Data: `{}` ({} documents, {} lines judged, {} of them `{}`).\n\
         - Model: logistic regression over 2^{} hashed features (listed in the plugin's source), \
         AdaGrad SGD, {} epochs, learning rate {}, L2 {}, positive weight {}, seed {}.\n\
         - Thresholds chosen by {}-fold cross-validation grouped by source, for the best line \
         F1 (within {}, the fewest false alarms on contamination-free documents, then the \
         highest values): {} (held out: {} of {} lines of such documents flagged).",
        relative(&run.dev),
        dev.len(),
        examples.len(),
        examples.iter().filter(|(_, y)| *y).count(),
        R::ID,
        run.options.bits,
        run.options.epochs,
        run.options.learning_rate,
        run.options.l2,
        run.options.positive_weight,
        run.options.seed,
        run.folds,
        F1_TOLERANCE,
        grid.iter()
            .zip(&thresholds)
            .map(|((n, _), v)| format!("`{n}` = {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        cv.clean_fp,
        cv.clean_lines,
    )
    .unwrap();
    for ((name, values), best) in grid.iter().zip(&sweep) {
        let cells: Vec<String> = values
            .iter()
            .zip(best)
            .filter_map(|(v, c)| c.map(|c| format!("{v}: {:.3}", c.f1())))
            .collect();
        writeln!(
            report,
            "- Sweep of `{name}` (best cross-validated F1 at each value): {}.",
            cells.join(", ")
        )
        .unwrap();
    }
    match &safety.controls {
        None => writeln!(
            report,
            "- `SAFE` = {}: the lowest run score (the rule's `run_score` of a run of flagged \
             lines) such that the flagged runs held out in cross-validation that reach it are \
             at least {SAFE_PRECISION} precise; they hold {} of the {} true lines flagged. A \
             finding whose score is under it gets an unsafe fix.",
            safety.plain.threshold, safety.plain.kept, safety.plain.flagged
        ),
        Some(controls) => writeln!(
            report,
            "- `SAFE` = {} and `SAFE_CONTROLS` = {}: the run scores (the rule's \
             `run_score` of a run of flagged lines) for runs without and with interface controls (a row of \
             buttons, a close mark) that keep the most true lines of the runs held out in \
             cross-validation safe while the runs that reach them are, all together, at least \
             {SAFE_PRECISION} precise. Without: the runs hold {} true lines and {} false ones, {} of the true \
             ones safe. With: the runs hold {} true lines and {} false ones, {} of the true \
             ones safe. A finding whose score is under its threshold gets an unsafe fix.",
            safety.plain.threshold,
            controls.threshold,
            safety.plain.flagged,
            safety.plain.false_lines,
            safety.plain.kept,
            controls.flagged,
            controls.false_lines,
            controls.kept,
        ),
    }
    .unwrap();
    writeln!(report, "\n## Scores (line level)\n").unwrap();
    writeln!(report, "| part | tp | fp | fn | precision | recall | F1 |").unwrap();
    writeln!(report, "|---|---|---|---|---|---|---|").unwrap();
    row(&mut report, "dev, cross-validated", cv);
    let mut train_counts = Counts::default();
    for (doc, f) in dev.iter().zip(&features) {
        let p = probabilities(&model, f);
        train_counts.add(count(
            doc,
            R::ID,
            &rule.decide(&doc.text, &p, &thresholds, &model),
        ));
    }
    row(
        &mut report,
        "dev, final model (seen in training)",
        train_counts,
    );
    if let Some(test) = &run.test {
        let test_docs = read(test)?;
        let mut total = Counts::default();
        let mut by_lang: BTreeMap<String, Counts> = BTreeMap::new();
        for doc in &test_docs {
            let f = rule.features(&doc.text);
            let p = probabilities(&model, &f);
            let c = count(doc, R::ID, &rule.decide(&doc.text, &p, &thresholds, &model));
            total.add(c);
            by_lang
                .entry(doc.meta.lang.clone().unwrap_or_else(|| "?".into()))
                .or_default()
                .add(c);
        }
        row(&mut report, "test (reported only)", total);
        writeln!(report, "\n## Test part by main language\n").unwrap();
        writeln!(
            report,
            "| language | tp | fp | fn | precision | recall | F1 |"
        )
        .unwrap();
        writeln!(report, "|---|---|---|---|---|---|---|").unwrap();
        for (lang, c) in &by_lang {
            row(&mut report, lang, *c);
        }
    }
    std::fs::write(&run.report, &report).map_err(|e| format!("{}: {e}", run.report.display()))?;
    print!("{report}");
    Ok(())
}

/// Lists the held-out false alarms and misses of the dev part, with their probabilities.
fn write_errors<R: Rule>(
    rules: &[&R],
    docs: &[Doc],
    held_out: &[Vec<f32>],
    models: &[&Model],
    t: &[f32],
    path: &Path,
) -> Result<(), String> {
    let mut out = String::new();
    for (((doc, p), model), rule) in docs.iter().zip(held_out).zip(models).zip(rules) {
        let flagged = rule.decide(&doc.text, p, t, model);
        for (i, line) in doc.text.split('\n').enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let f = flagged.get(i).copied().unwrap_or(false);
            let kind = match (doc.label(R::ID, i), f) {
                (Some(true), false) => "MISS",
                (Some(false), true) => "FALSE",
                _ => continue,
            };
            let clipped: String = line.chars().take(160).collect();
            writeln!(
                out,
                "{kind} {:.2} {}:{} {clipped}",
                p[i],
                doc.meta.path,
                i + 1
            )
            .unwrap();
        }
    }
    std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))
}

/// The line precision a safe fix needs on the held-out predictions: flagged lines are a few
/// percent of a corpus, so 2% of them wrong costs well under 0.2% of the clean lines.
pub const SAFE_PRECISION: f64 = 0.98;

/// A safe threshold and what it keeps, over the held-out runs of one kind.
struct Safety {
    /// The lowest run score whose runs are [`SAFE_PRECISION`] precise.
    threshold: f32,
    /// True lines in the runs that reach it.
    kept: usize,
    /// True lines in all the runs of the kind, and false ones.
    flagged: usize,
    false_lines: usize,
}

/// The safe thresholds: one for every run, or, when the rule knows interface controls, one
/// for runs without them (`plain`) and one for runs with them (`controls`).
struct SafeThresholds {
    plain: Safety,
    controls: Option<Safety>,
}

/// The safe thresholds (see [`Safety`]) on the held-out predictions of the dev part.
fn safe_thresholds<R: Rule>(
    rules: &[&R],
    docs: &[Doc],
    held_out: &[Vec<f32>],
    models: &[&Model],
    t: &[f32],
) -> SafeThresholds {
    // Each run: (its score, whether it holds a control, true lines, false lines).
    let mut runs: Vec<(f32, bool, usize, usize)> = Vec::new();
    let mut knows_controls = false;
    for (((doc, p), model), rule) in docs.iter().zip(held_out).zip(models).zip(rules) {
        let flagged = rule.decide(&doc.text, p, t, model);
        let controls = rule.controls(&doc.text);
        knows_controls |= controls.is_some();
        let is_control = |i: usize| {
            controls
                .as_ref()
                .is_some_and(|c| c.get(i).copied().unwrap_or(false))
        };
        let mut run: Vec<f32> = Vec::new();
        let (mut control, mut good, mut bad) = (false, 0, 0);
        for (i, line) in doc.text.split('\n').enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            if flagged.get(i).copied().unwrap_or(false) {
                run.push(p[i]);
                control |= is_control(i);
                match doc.label(R::ID, i) {
                    Some(true) => good += 1,
                    Some(false) => bad += 1,
                    None => {}
                }
            } else if !run.is_empty() {
                runs.push((rule.run_score(&run), control, good, bad));
                run.clear();
                (control, good, bad) = (false, 0, 0);
            }
        }
        if !run.is_empty() {
            runs.push((rule.run_score(&run), control, good, bad));
        }
    }
    let of_kind = |control: bool| -> Vec<(f32, usize, usize)> {
        runs.iter()
            .filter(|r| r.1 == control)
            .map(|&(score, _, good, bad)| (score, good, bad))
            .collect()
    };
    if !knows_controls {
        let all: Vec<(f32, usize, usize)> = runs
            .iter()
            .map(|&(score, _, good, bad)| (score, good, bad))
            .collect();
        return SafeThresholds {
            plain: safe_threshold(&all),
            controls: None,
        };
    }
    let (plain, controls) = (of_kind(false), of_kind(true));
    let best = safe_pair(&plain, &controls);
    let safety = |runs: &[(f32, usize, usize)], threshold: f32| Safety {
        threshold,
        kept: reaching(runs, threshold).0,
        flagged: runs.iter().map(|r| r.1).sum(),
        false_lines: runs.iter().map(|r| r.2).sum(),
    };
    SafeThresholds {
        plain: safety(&plain, best.0),
        controls: Some(safety(&controls, best.1)),
    }
}

/// The true and false lines of the runs (score, true lines, false lines) that reach `s`.
fn reaching(runs: &[(f32, usize, usize)], s: f32) -> (usize, usize) {
    runs.iter()
        .filter(|r| r.0 >= s)
        .fold((0, 0), |(g, b), r| (g + r.1, b + r.2))
}

/// The pair of thresholds, for runs without and with controls, that keeps the most true
/// lines safe while the runs that reach them are, all together, [`SAFE_PRECISION`] precise
/// (one threshold for both kinds is among the pairs tried); `(1.0, 1.0)` when none is.
fn safe_pair(plain: &[(f32, usize, usize)], controls: &[(f32, usize, usize)]) -> (f32, f32) {
    let candidates = safe_candidates();
    let mut best = (1.0, 1.0, 0);
    for &a in &candidates {
        let (good_a, bad_a) = reaching(plain, a);
        for &b in &candidates {
            let (good_b, bad_b) = reaching(controls, b);
            let (good, bad) = (good_a + good_b, bad_a + bad_b);
            if ratio(good, good + bad) >= SAFE_PRECISION && good > best.2 {
                best = (a, b, good);
            }
        }
    }
    (best.0, best.1)
}

/// The safe thresholds tried: 0.05 to 0.99 in steps of 0.01, and 1.
fn safe_candidates() -> Vec<f32> {
    let mut candidates: Vec<f32> = (5..100).map(|i| i as f32 / 100.0).collect();
    candidates.push(1.0);
    candidates
}

/// The lowest score such that the runs (score, true lines, false lines) that reach it are
/// [`SAFE_PRECISION`] precise.
fn safe_threshold(runs: &[(f32, usize, usize)]) -> Safety {
    let flagged = runs.iter().map(|r| r.1).sum();
    let false_lines = runs.iter().map(|r| r.2).sum();
    for s in safe_candidates() {
        let (good, bad) = reaching(runs, s);
        if ratio(good, good + bad) >= SAFE_PRECISION || good + bad == 0 {
            return Safety {
                threshold: s,
                kept: good,
                flagged,
                false_lines,
            };
        }
    }
    Safety {
        threshold: 1.0,
        kept: 0,
        flagged,
        false_lines,
    }
}

fn relative(path: &Path) -> String {
    // The report names the corpus from the repository root, never by this machine's path.
    let s = path.to_string_lossy();
    match s.find("corpus/") {
        Some(i) => s[i..].to_string(),
        None => s.to_string(),
    }
}

fn row(report: &mut String, name: &str, c: Counts) {
    writeln!(
        report,
        "| {name} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
        c.tp,
        c.fp,
        c.fn_,
        c.precision(),
        c.recall(),
        c.f1()
    )
    .unwrap();
}

fn examples<R: Rule>(
    _rule: &R,
    docs: &[Doc],
    features: &[Vec<Option<Features>>],
    keep: impl Fn(&Doc) -> bool,
) -> Vec<(Features, bool)> {
    let mut out = Vec::new();
    for (doc, lines) in docs.iter().zip(features) {
        if !keep(doc) {
            continue;
        }
        for (i, f) in lines.iter().enumerate() {
            let (Some(f), Some(label)) = (f, doc.label(R::ID, i)) else {
                continue;
            };
            out.push((f.clone(), label));
        }
    }
    out
}

fn probabilities(model: &Model, features: &[Option<Features>]) -> Vec<f32> {
    features
        .iter()
        .map(|f| f.as_ref().map_or(0.0, |f| model.probability(f)))
        .collect()
}

/// A source's fold key: stable across runs and platforms, like the features' hashes.
fn fold_hash(s: &str) -> u64 {
    crate::model::fnv1a(&[b"fold", s.as_bytes()]) & 0x7fff_ffff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_with_controls_get_their_own_lower_safe_threshold() {
        // Runs of sentences alone are precise only at 0.9; runs with buttons already at 0.3.
        let plain = [(0.95, 10, 0), (0.6, 5, 5)];
        let controls = [(0.9, 40, 0), (0.3, 20, 0), (0.2, 1, 3)];
        let (a, b) = safe_pair(&plain, &controls);
        assert_eq!((a, b), (0.61, 0.21));
        // One threshold for both would have had to be 0.61, keeping 70 true lines, not 80.
        assert_eq!(reaching(&controls, b).0 + reaching(&plain, a).0, 70);
    }

    #[test]
    fn real_pages_are_left_out_of_training() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::create_dir(dir.join("docs")).unwrap();
        std::fs::write(dir.join("docs/a.txt"), "Composed.\n").unwrap();
        std::fs::write(dir.join("docs/b.txt"), "A real page.\n").unwrap();
        let labels = dir.join("labels.jsonl");
        std::fs::write(
            &labels,
            concat!(
                r#"{"path": "docs/a.txt", "lang": "en", "labels": [], "source": "debian:x"}"#,
                "\n",
                r#"{"path": "docs/b.txt", "lang": "en", "labels": [], "source": "page:x/b npm:x@1"}"#,
                "\n",
            ),
        )
        .unwrap();
        let docs = read(&labels).unwrap();
        let paths: Vec<&str> = docs.iter().map(|d| d.meta.path.as_str()).collect();
        assert_eq!(paths, ["docs/a.txt"]);
    }

    #[test]
    fn no_precise_pair_makes_nothing_safe() {
        let plain = [(0.95, 1, 1)];
        let controls = [(0.9, 1, 1)];
        assert_eq!(safe_pair(&plain, &controls), (1.0, 1.0));
    }
}
