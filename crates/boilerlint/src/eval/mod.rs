//! `boilerlint eval`: how well the loaded rules find what a labels file says is there.
//!
//! The documents are checked by the very pipeline `check` runs (same plugins, config,
//! selection and threads), with fixes applied in memory only, as `check --fix` would apply
//! them. Then [`score`] compares flagged lines with labeled lines, and [`report`] prints the
//! figures. The labels file format is in [`labels`] and docs/eval.md.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use anyhow::Result;
use boilerlint_core::fix::Changes;
use boilerlint_plugin::segment;

use crate::check::{fields, prepare_inputs};
use crate::{Cli, EvalArgs, EvalFormat, InputArgs};
use boilerlint_corpus::input::Input;
use boilerlint_corpus::pipeline::{DocResult, FixMode, Settings, Sink};

mod baselines;
mod labels;
mod report;
mod score;

use labels::{Labels, Record};
use score::{Doc, Scored};

/// What the pipeline gave for one labeled document.
struct Checked {
    name: String,
    display: String,
    record: Option<u64>,
    id: Option<String>,
    text: String,
    /// Each finding's rule and lines.
    findings: Vec<(String, RangeInclusive<usize>)>,
    changes: Option<Changes>,
}

/// Keeps the results of the labeled documents, drops the others.
struct Collect {
    /// The labeled document of (input, record).
    by_key: HashMap<(usize, Record), usize>,
    results: Vec<Option<Checked>>,
    /// How many records each input had.
    records: Vec<u64>,
    /// Inputs that could not be read to their end, by name.
    failed: HashSet<String>,
    errors: Vec<String>,
}

impl Sink for Collect {
    fn document(&mut self, input: &Input, result: &DocResult) -> io::Result<()> {
        let index = result.input;
        let key = match result.record {
            Some(record) => {
                self.records[index] = record;
                Record::Line(record)
            }
            None => Record::Whole,
        };
        let by_id = || {
            let id: serde_json::Value = serde_json::from_str(result.id.as_deref()?).ok()?;
            self.by_key.get(&(index, Record::Id(id.to_string())))
        };
        let Some(&doc) = self.by_key.get(&(index, key)).or_else(by_id) else {
            return Ok(()); // not labeled
        };
        let name = result.name(input);
        for error in &result.errors {
            self.errors.push(format!("{name}: {error}"));
        }
        if result.bytes == 0 && !result.errors.is_empty() {
            return Ok(()); // not read, or not checked
        }
        if self.results[doc].is_some() {
            self.errors.push(format!(
                "{name}: another record of {} has the same id {}; only the first is scored",
                input.display,
                result.id.as_deref().unwrap_or_default()
            ));
            return Ok(());
        }
        self.results[doc] = Some(Checked {
            name,
            display: input.display.clone(),
            record: result.record,
            id: result.id.clone(),
            text: result.text.clone(),
            findings: result
                .findings
                .iter()
                .map(|f| (f.rule.clone(), f.line_start..=f.line_end))
                .collect(),
            changes: result.changes.clone(),
        });
        Ok(())
    }

    fn skipped(&mut self, input: &Input, reason: &str) -> io::Result<()> {
        self.failed.insert(input.display.clone());
        self.errors.push(format!("{}: {reason}", input.display));
        Ok(())
    }
}

/// `path` made absolute and free of `.` and `..`, for comparing paths.
fn normalized(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

pub fn run(cli: &Cli, args: &EvalArgs) -> Result<u8> {
    let mut labels = Labels::load(&args.labels)?;
    let mut errors: Vec<String> = Vec::new();
    if !args.paths.is_empty() {
        for path in args.paths.iter().filter(|p| !p.exists()) {
            errors.push(format!("{}: no such file or directory", path.display()));
        }
        let roots: Vec<PathBuf> = args.paths.iter().map(|p| normalized(p)).collect();
        labels.documents.retain(|d| {
            roots
                .iter()
                .any(|root| normalized(&d.path).starts_with(root))
        });
    }

    // One input per file, in the labels file's order.
    let mut inputs: Vec<Input> = Vec::new();
    let mut input_of: HashMap<PathBuf, usize> = HashMap::new();
    let mut by_key = HashMap::new();
    for (doc, labeled) in labels.documents.iter().enumerate() {
        let index = *input_of.entry(labeled.path.clone()).or_insert_with(|| {
            inputs.push(Input::file(labeled.path.clone()));
            inputs.len() - 1
        });
        by_key.insert((index, labeled.record.clone()), doc);
    }
    let input_args = InputArgs {
        stdin_filename: None,
        paths: Vec::new(),
        exclude: Vec::new(),
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
        url_field: "url".into(),
        lang_field: "language".into(),
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        threads: args.threads,
        quiet: true,
        shard: None,
        no_ignore: true,
    };
    let prepared = prepare_inputs(cli, &input_args, inputs, crate::plugins::session(cli))?;
    let settings = Settings::reading(
        FixMode::Measure {
            unsafe_fixes: args.unsafe_fixes,
        },
        fields(&input_args),
        true,
        None,
    );
    let mut collect = Collect {
        by_key,
        results: (0..labels.documents.len()).map(|_| None).collect(),
        records: vec![0; prepared.inputs.len()],
        failed: HashSet::new(),
        errors: Vec::new(),
    };
    prepared.run(&settings, &mut collect)?;
    errors.extend(prepared.errors.iter().cloned());
    errors.append(&mut collect.errors);
    let warnings: Vec<String> = prepared.warnings.clone();

    // The rules that ran: every rule enabled for some input.
    let mut loaded = BTreeSet::new();
    for (input, linter) in prepared.inputs.iter().zip(&prepared.linter_of) {
        let Some(linter) = linter.map(|i| &prepared.linters[i]) else {
            continue;
        };
        let enabled = linter.enabled_rules(input.path.as_deref());
        for (plugin, enabled) in linter.plugins().zip(enabled) {
            for (rule, on) in plugin.rules.iter().zip(enabled) {
                if on {
                    loaded.insert(rule.id.clone());
                }
            }
        }
    }

    let docs = documents(args, &mut labels, &mut collect, &prepared.inputs);
    errors.extend(labels.errors());
    let rules = scored_rules(&loaded, args.baselines);
    let evaluation = score::evaluate(&docs, &rules);
    let mut warnings = [warnings, label_warnings(&docs, &loaded)].concat();
    if docs.is_empty() {
        warnings.push(match args.paths.is_empty() {
            true => format!("no document of {} was scored", args.labels.display()),
            false => format!(
                "no document of {} under the paths given was scored",
                args.labels.display()
            ),
        });
    }

    let context = report::Context {
        labels: &args.labels,
        unsafe_fixes: args.unsafe_fixes,
        show: args.show.0,
        warnings: &warnings,
        errors: &errors,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        EvalFormat::Human => report::human(&mut out, &evaluation, &docs, &context)?,
        EvalFormat::Json => report::json(&mut out, &evaluation, &docs, &context)?,
    }
    out.flush()?;
    drop(out);
    for warning in &warnings {
        say!("warning: {warning}");
    }
    for error in &errors {
        say!("error: {error}");
    }

    // Floors: a rule under its --min-f1 fails the run (exit 1).
    let mut under = false;
    for (rule, floor) in &args.min_f1 {
        let Some(score) = evaluation.rules.iter().find(|s| s.rule.name == *rule) else {
            say!("error: --min-f1 {rule}={floor}: no rule `{rule}` was scored (not loaded, or not selected)");
            return Ok(2);
        };
        match score.lines.f1() {
            Some(f1) if f1 >= *floor => {}
            Some(f1) => {
                say!("error: `{rule}` scores F1 {f1:.3}, under its floor {floor} (--min-f1)");
                under = true;
            }
            None => {
                say!(
                    "error: `{rule}` has no F1 (no line is labeled or flagged), so it cannot meet its floor {floor} (--min-f1)"
                );
                under = true;
            }
        }
    }
    Ok(if !errors.is_empty() {
        2
    } else if under {
        1
    } else {
        0
    })
}

/// The labeled documents that were checked, ready to score. Labels that do not fit their
/// document, and records never found, are errors of the labels file.
fn documents(
    args: &EvalArgs,
    labels: &mut Labels,
    collect: &mut Collect,
    inputs: &[Input],
) -> Vec<Doc> {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for (index, labeled) in labels.documents.iter().enumerate() {
        let Some(checked) = collect.results[index].take() else {
            let input = inputs
                .iter()
                .position(|i| i.path.as_deref() == Some(labeled.path.as_path()));
            let counted = input.filter(|&i| !collect.failed.contains(&inputs[i].display));
            let message = match (&labeled.record, counted) {
                (Record::Line(n), Some(i)) => format!(
                    "{}: there is no record {n} ({} records)",
                    labeled.path.display(),
                    collect.records[i]
                ),
                (Record::Id(id), Some(_)) => {
                    format!("{}: no record has the id {id}", labeled.path.display())
                }
                // Not read or not checked: the run's errors say why.
                _ => continue,
            };
            errors.push((labeled.line, message));
            continue;
        };
        let segments = segment(&checked.text);
        let count = segments.lines.len();
        if let Some(span) = labeled.spans.iter().find(|s| s.last > count) {
            errors.push((
                labeled.line,
                format!(
                    "{}: lines [{}, {}] of `{}` run past the end of the document ({count} lines); it is not scored",
                    checked.name, span.first, span.last, span.rule
                ),
            ));
            continue;
        }
        let mut flagged = checked.findings;
        if args.baselines {
            let main = (args.baseline_lang_from_labels && labeled.lang != "?")
                .then_some(labeled.lang.as_str());
            let lines = baselines::whatlang(&checked.text, &segments, main);
            flagged.extend(
                lines
                    .into_iter()
                    .map(|n| (baselines::WHATLANG.0.into(), n..=n)),
            );
            let lines = baselines::c4_policy(&checked.text, &segments);
            flagged.extend(
                lines
                    .into_iter()
                    .map(|n| (baselines::C4_POLICY.0.into(), n..=n)),
            );
        }
        let mut doc = Doc::new(
            &checked.text,
            &segments,
            &labeled.spans,
            &flagged,
            checked.changes.as_ref(),
        );
        doc.name = checked.name;
        doc.path = checked.display;
        doc.record = checked.record;
        doc.id = checked.id;
        doc.lang = labeled.lang.clone();
        doc.source = labeled.source.clone();
        docs.push(doc);
    }
    for (line, message) in errors {
        labels.error(line, &message);
    }
    docs
}

/// The loaded rules, in name order, each baseline right after the rule it stands for.
fn scored_rules(loaded: &BTreeSet<String>, baselines: bool) -> Vec<Scored> {
    let mut rules: Vec<Scored> = loaded
        .iter()
        .map(|name| Scored {
            name: name.clone(),
            stands_for: None,
        })
        .collect();
    if baselines {
        for (name, stands_for) in [baselines::C4_POLICY, baselines::WHATLANG] {
            let at = rules
                .iter()
                .position(|r| r.name == stands_for)
                .map_or(rules.len(), |i| i + 1);
            rules.insert(
                at,
                Scored {
                    name: name.into(),
                    stands_for: Some(stands_for.into()),
                },
            );
        }
    }
    rules
}

/// Rules with no labeled line, and labels of rules that were not loaded.
fn label_warnings(docs: &[Doc], loaded: &BTreeSet<String>) -> Vec<String> {
    let mut labeled: HashMap<&str, u64> = HashMap::new();
    for line in docs.iter().flat_map(|d| &d.lines).filter(|l| !l.blank) {
        for rule in &line.labels {
            *labeled.entry(rule).or_default() += 1;
        }
    }
    let mut warnings: Vec<String> = loaded
        .iter()
        .filter(|rule| !labeled.contains_key(rule.as_str()))
        .map(|rule| {
            format!("no line is labeled `{rule}`: its false alarms are counted, its recall is not measured")
        })
        .collect();
    let mut unknown: Vec<(&str, u64)> = labeled
        .into_iter()
        .filter(|(rule, _)| !loaded.contains(*rule))
        .collect();
    unknown.sort();
    warnings.extend(unknown.into_iter().map(|(rule, lines)| {
        let lines = match lines {
            1 => "1 line is".to_string(),
            n => format!("{n} lines are"),
        };
        format!(
            "{lines} labeled `{rule}`, which is not among the rules that ran: they count as \
             contamination (cross lines, the fix check), but `{rule}` is not scored"
        )
    }));
    warnings
}
