//! Printing an [`Evaluation`]: tables for people, one JSON object for tools (its shape is in
//! docs/eval.md).

use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::score::{ratio, Case, Counts, Doc, Evaluation, Kind, RuleScore};

/// A listed line's text is clipped to this many characters.
const CLIP_CHARS: usize = 100;

/// What the report says besides the figures.
pub struct Context<'a> {
    pub labels: &'a Path,
    pub unsafe_fixes: bool,
    /// How many cases to list per rule (`None`: all).
    pub show: Option<usize>,
    pub warnings: &'a [String],
    pub errors: &'a [String],
}

impl Context<'_> {
    fn fixes(&self) -> &'static str {
        if self.unsafe_fixes {
            "safe and unsafe"
        } else {
            "safe"
        }
    }
}

/// The tables, then the lines to look at.
pub fn human(
    out: &mut impl Write,
    evaluation: &Evaluation,
    docs: &[Doc],
    context: &Context<'_>,
) -> io::Result<()> {
    writeln!(
        out,
        "Scored {} documents ({} without contamination), {} non-blank lines, against {}.",
        evaluation.documents,
        evaluation.clean.documents,
        evaluation.lines,
        context.labels.display()
    )?;
    let width = evaluation
        .rules
        .iter()
        .map(|s| s.rule.name.len())
        .max()
        .unwrap_or(0)
        .max(14);

    writeln!(out, "\nlines:\n{:<width$} {HEADER}", "rule")?;
    for score in &evaluation.rules {
        writeln!(out, "{:<width$} {}", score.rule.name, row(&score.lines))?;
    }
    let baselines: Vec<String> = evaluation
        .rules
        .iter()
        .filter_map(|s| {
            Some(format!(
                "{} on `{}`",
                s.rule.name,
                s.rule.stands_for.as_ref()?
            ))
        })
        .collect();
    if !baselines.is_empty() {
        writeln!(
            out,
            "(baselines are scored on the labels of the rule they stand for: {})",
            baselines.join(", ")
        )?;
    }

    writeln!(out, "\ndocuments:\n{:<width$} {DOCUMENT_HEADER}", "rule")?;
    for score in &evaluation.rules {
        writeln!(
            out,
            "{:<width$} {}",
            score.rule.name,
            document_row(&score.documents)
        )?;
    }

    breakdown(out, "language", width, evaluation, |s| &s.by_language)?;
    if evaluation.rules.iter().any(|s| !s.by_source.is_empty()) {
        breakdown(out, "source", width, evaluation, |s| &s.by_source)?;
    }

    let clean = &evaluation.clean;
    writeln!(
        out,
        "\nclean documents: {} of {} non-blank lines in {} documents without contamination \
         flagged by a rule (false-alarm rate {})",
        clean.flagged,
        clean.lines,
        clean.documents,
        percent(ratio(clean.flagged, clean.lines))
    )?;

    if let Some(fix) = &evaluation.fix {
        writeln!(
            out,
            "\nfix check ({} fixes, applied in memory): removes {} of {} contaminated lines ({}), \
             keeps {} of {} clean lines ({})",
            context.fixes(),
            fix.removed,
            fix.contaminated,
            percent(ratio(fix.removed, fix.contaminated)),
            fix.kept,
            fix.clean,
            percent(ratio(fix.kept, fix.clean))
        )?;
        for score in &evaluation.rules {
            if let Some((lines, removed)) = score.removed {
                writeln!(
                    out,
                    "  lines labeled {:<width$} {removed} of {lines} removed ({})",
                    score.rule.name,
                    percent(ratio(removed, lines))
                )?;
            }
        }
    }

    if !evaluation.cases.is_empty() {
        let cap = match context.show {
            Some(n) => format!("at most {n} per rule; --show all lists every one"),
            None => "all".to_string(),
        };
        writeln!(out, "\nmisses, false alarms and cross lines ({cap}):")?;
        for score in &evaluation.rules {
            let cases: Vec<&Case> = evaluation
                .cases
                .iter()
                .filter(|c| c.rule == score.rule.name)
                .collect();
            let shown = context.show.unwrap_or(usize::MAX).min(cases.len());
            for case in &cases[..shown] {
                let doc = &docs[case.doc];
                let line = &doc.lines[case.line - 1];
                let what = match case.kind {
                    Kind::Miss => "miss".to_string(),
                    Kind::FalseAlarm => "false alarm".to_string(),
                    Kind::Cross => format!("cross (labeled {})", line.labels.join(", ")),
                };
                writeln!(
                    out,
                    "{}:{}: [{}] {what}: {}",
                    doc.name,
                    case.line,
                    case.rule,
                    escape(&line.text)
                )?;
            }
            if shown < cases.len() {
                writeln!(
                    out,
                    "... and {} more of {} (--show all)",
                    cases.len() - shown,
                    score.rule.name
                )?;
            }
        }
    }
    Ok(())
}

const HEADER: &str = "    tp     fp     fn  cross  precision  recall     F1";
const DOCUMENT_HEADER: &str = "    tp     fp     fn  precision  recall     F1";

fn document_row(c: &Counts) -> String {
    format!(
        "{:>6} {:>6} {:>6} {:>10} {:>7} {:>6}",
        c.tp,
        c.fp,
        c.fn_,
        figure(c.precision()),
        figure(c.recall()),
        figure(c.f1())
    )
}

fn row(c: &Counts) -> String {
    format!(
        "{:>6} {:>6} {:>6} {:>6} {:>10} {:>7} {:>6}",
        c.tp,
        c.fp,
        c.fn_,
        c.cross,
        figure(c.precision()),
        figure(c.recall()),
        figure(c.f1())
    )
}

/// The per-language (or per-source) table: one row per rule and key with anything counted.
fn breakdown(
    out: &mut impl Write,
    what: &str,
    width: usize,
    evaluation: &Evaluation,
    of: impl Fn(&RuleScore) -> &std::collections::BTreeMap<String, Counts>,
) -> io::Result<()> {
    let key_width = evaluation
        .rules
        .iter()
        .flat_map(|s| of(s).keys())
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0)
        .max(what.len());
    writeln!(
        out,
        "\nlines, by {what}:\n{:<width$} {what:<key_width$} {HEADER}",
        "rule"
    )?;
    for score in &evaluation.rules {
        for (key, counts) in of(score) {
            writeln!(
                out,
                "{:<width$} {key:<key_width$} {}",
                score.rule.name,
                row(counts)
            )?;
        }
    }
    Ok(())
}

fn figure(value: Option<f64>) -> String {
    value.map_or("-".to_string(), |v| format!("{v:.3}"))
}

fn percent(value: Option<f64>) -> String {
    value.map_or("-".to_string(), |v| format!("{:.2}%", v * 100.0))
}

/// A line's text on one line: control characters escaped, clipped to [`CLIP_CHARS`].
fn escape(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == CLIP_CHARS {
            out.push('…');
            break;
        }
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// One JSON object with every figure and every case.
pub fn json(
    out: &mut impl Write,
    evaluation: &Evaluation,
    docs: &[Doc],
    context: &Context<'_>,
) -> io::Result<()> {
    let rules: Vec<Value> = evaluation
        .rules
        .iter()
        .map(|score| {
            let mut rule = json!({"rule": score.rule.name, "stands_for": score.rule.stands_for});
            if let (Some(rule), Value::Object(figures)) = (rule.as_object_mut(), counts(&score.lines)) {
                rule.extend(figures);
            }
            let d = &score.documents;
            rule["documents"] = json!({
                "tp": d.tp, "fp": d.fp, "fn": d.fn_,
                "precision": share(d.precision()), "recall": share(d.recall()), "f1": share(d.f1()),
            });
            rule["by_language"] = breakdown_json(&score.by_language);
            rule["by_source"] = breakdown_json(&score.by_source);
            rule["fix"] = match score.removed {
                Some((lines, removed)) => json!({
                    "lines": lines, "removed": removed, "removed_share": share(ratio(removed, lines))
                }),
                None => Value::Null,
            };
            rule
        })
        .collect();
    let cases: Vec<Value> = evaluation
        .cases
        .iter()
        .map(|case| {
            let doc = &docs[case.doc];
            let line = &doc.lines[case.line - 1];
            json!({
                "path": doc.path,
                "record": doc.record,
                "id": doc.id.as_deref().and_then(|id| serde_json::from_str::<Value>(id).ok()),
                "line": case.line,
                "rule": case.rule,
                "kind": case.kind,
                "labels": line.labels,
                "text": line.text,
            })
        })
        .collect();
    let clean = &evaluation.clean;
    let object = json!({
        "version": 1,
        "labels": context.labels.display().to_string(),
        "documents": evaluation.documents,
        "lines": evaluation.lines,
        "rules": rules,
        "clean_documents": {
            "documents": clean.documents,
            "lines": clean.lines,
            "flagged": clean.flagged,
            "false_alarm_rate": share(ratio(clean.flagged, clean.lines)),
        },
        "fix_check": evaluation.fix.map(|fix| json!({
            "fixes": if context.unsafe_fixes { "unsafe" } else { "safe" },
            "contaminated_lines": fix.contaminated,
            "removed": fix.removed,
            "removed_share": share(ratio(fix.removed, fix.contaminated)),
            "clean_lines": fix.clean,
            "kept": fix.kept,
            "kept_share": share(ratio(fix.kept, fix.clean)),
        })),
        "cases": cases,
        "warnings": context.warnings,
        "errors": context.errors,
    });
    serde_json::to_writer_pretty(&mut *out, &object)?;
    writeln!(out)
}

fn counts(c: &Counts) -> Value {
    json!({
        "tp": c.tp, "fp": c.fp, "fn": c.fn_, "cross": c.cross,
        "precision": share(c.precision()), "recall": share(c.recall()), "f1": share(c.f1()),
    })
}

fn breakdown_json(map: &std::collections::BTreeMap<String, Counts>) -> Value {
    Value::Object(map.iter().map(|(k, c)| (k.clone(), counts(c))).collect())
}

/// A share rounded to 4 decimals (`null` when undefined).
fn share(value: Option<f64>) -> Value {
    value.map_or(Value::Null, |v| json!((v * 10_000.0).round() / 10_000.0))
}
