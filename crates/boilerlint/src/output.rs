//! Output formats: `human` for people, `json` for tools (a contract: see the README).

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use boilerlint_core::{Applicability, Finding};
use serde::Serialize;

use crate::check::FileResult;
use crate::CheckArgs;

/// Longest line of a snippet, in characters.
const SNIPPET_WIDTH: usize = 96;

pub fn human(out: &mut impl Write, results: &[FileResult], args: &CheckArgs) -> Result<()> {
    let fixing = args.fix || args.unsafe_fixes;
    for result in results {
        if let Some(diff) = &result.diff {
            write!(out, "{diff}")?;
        }
    }
    if args.diff {
        let fixes: usize = results.iter().map(|r| r.fixed).sum();
        let files = results.iter().filter(|r| r.diff.is_some()).count();
        writeln!(
            out,
            "Would fix {fixes} finding{} in {files} file{}.",
            plural(fixes),
            plural(files)
        )?;
        return Ok(());
    }
    let mut findings = 0;
    let mut fixable = 0;
    let mut files_with_findings = 0;
    for result in results {
        if !result.findings.is_empty() {
            files_with_findings += 1;
        }
        for finding in &result.findings {
            findings += 1;
            if finding.fix.is_some() {
                fixable += 1;
            }
            diagnostic(out, &result.display, &result.text, finding)?;
        }
    }
    let fixed: usize = results.iter().map(|r| r.fixed).sum();
    if fixing && fixed > 0 {
        let files = results.iter().filter(|r| r.fixed > 0).count();
        writeln!(
            out,
            "Fixed {fixed} finding{} in {files} file{}.",
            plural(fixed),
            plural(files)
        )?;
    }
    let checked = results.len();
    let failed = results.iter().filter(|r| !r.errors.is_empty()).count();
    let incomplete = if failed > 0 {
        format!(
            "; {failed} file{} not fully checked (see the errors)",
            plural(failed)
        )
    } else {
        String::new()
    };
    if findings == 0 {
        writeln!(
            out,
            "No findings in {checked} file{}{}{incomplete}.",
            plural(checked),
            if fixing && fixed > 0 {
                " after fixing"
            } else {
                ""
            }
        )?;
    } else {
        let safe = results
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applicability == Applicability::Safe)
            })
            .count();
        write!(
            out,
            "Found {findings} finding{} in {files_with_findings} of {checked} file{}",
            plural(findings),
            plural(checked)
        )?;
        if safe > 0 {
            write!(out, " ({safe} fixable with `--fix`")?;
            if fixable > safe {
                write!(out, ", {} more with `--unsafe-fixes`", fixable - safe)?;
            }
            write!(out, ")")?;
        } else if fixable > 0 {
            write!(out, " ({fixable} fixable with `--unsafe-fixes`)")?;
        }
        writeln!(out, "{incomplete}.")?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// One finding, rustc style: header, location, the flagged lines (elided in the middle), fix.
fn diagnostic(out: &mut impl Write, path: &str, text: &str, f: &Finding) -> Result<()> {
    writeln!(out, "{}[{}]: {}", f.severity.as_str(), f.rule, f.message)?;
    let lines = if f.line_start == f.line_end {
        format!("line {}", f.line_start)
    } else {
        format!("lines {}-{}", f.line_start, f.line_end)
    };
    writeln!(out, "  --> {path}:{}:{} ({lines})", f.line_start, f.column)?;
    let width = f.line_end.to_string().len();
    let gutter = " ".repeat(width);
    writeln!(out, "{gutter} |")?;
    let flagged: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_start_matches('\u{feff}')))
        .skip(f.line_start - 1)
        .take(f.line_end + 1 - f.line_start)
        .collect();
    let shown: Vec<Option<&(usize, &str)>> = if flagged.len() > 4 {
        vec![
            Some(&flagged[0]),
            Some(&flagged[1]),
            None,
            Some(&flagged[flagged.len() - 1]),
        ]
    } else {
        flagged.iter().map(Some).collect()
    };
    for entry in shown {
        match entry {
            Some((number, line)) => {
                writeln!(out, "{number:>width$} | {}", clip(line))?;
            }
            None => writeln!(out, "{gutter} : ({} more lines)", flagged.len() - 3)?,
        }
    }
    writeln!(out, "{gutter} |")?;
    if let Some(fix) = &f.fix {
        match fix.applicability {
            Applicability::Safe => writeln!(out, "{gutter} = fix: remove it with `--fix`")?,
            Applicability::Unsafe => writeln!(
                out,
                "{gutter} = fix (unsafe: may remove article text): remove it with `--unsafe-fixes`"
            )?,
        }
    }
    writeln!(out)?;
    Ok(())
}

fn clip(line: &str) -> String {
    let line = line.trim_end_matches('\r');
    if line.chars().count() <= SNIPPET_WIDTH {
        line.to_string()
    } else {
        let mut clipped: String = line.chars().take(SNIPPET_WIDTH - 1).collect();
        clipped.push('…');
        clipped
    }
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    version: u32,
    files: Vec<JsonFile<'a>>,
    summary: JsonSummary<'a>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    plugin: &'a str,
    severity: &'a str,
    message: &'a str,
    start: usize,
    end: usize,
    line_start: usize,
    line_end: usize,
    language: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: usize,
    end: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    files: usize,
    files_with_findings: usize,
    findings: usize,
    fixable: usize,
    fixed: usize,
    errors: usize,
    by_rule: BTreeMap<&'a str, usize>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: Option<&'a str>,
    message: &'a str,
}

pub fn json(out: &mut impl Write, results: &[FileResult], run_errors: &[String]) -> Result<()> {
    let mut by_rule = BTreeMap::new();
    let mut errors: Vec<JsonError<'_>> = run_errors
        .iter()
        .map(|message| JsonError {
            path: None,
            message,
        })
        .collect();
    let files = results
        .iter()
        .map(|result| {
            errors.extend(result.errors.iter().map(|message| JsonError {
                path: Some(&result.display),
                message,
            }));
            JsonFile {
                path: &result.display,
                findings: result
                    .findings
                    .iter()
                    .map(|f| {
                        *by_rule.entry(f.rule.as_str()).or_insert(0) += 1;
                        JsonFinding {
                            rule: &f.rule,
                            plugin: &f.plugin,
                            severity: f.severity.as_str(),
                            message: &f.message,
                            start: f.range.start,
                            end: f.range.end,
                            line_start: f.line_start,
                            line_end: f.line_end,
                            language: f.language.as_deref(),
                            fix: f.fix.as_ref().map(|fix| JsonFix {
                                applicability: fix.applicability.as_str(),
                                edits: fix
                                    .edits
                                    .iter()
                                    .map(|e| JsonEdit {
                                        start: e.range.start,
                                        end: e.range.end,
                                        replacement: &e.replacement,
                                    })
                                    .collect(),
                            }),
                        }
                    })
                    .collect(),
            }
        })
        .collect::<Vec<_>>();
    let summary = JsonSummary {
        files: results.len(),
        files_with_findings: files.iter().filter(|f| !f.findings.is_empty()).count(),
        findings: files.iter().map(|f| f.findings.len()).sum(),
        fixable: results
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.fix.is_some())
            .count(),
        fixed: results.iter().map(|r| r.fixed).sum(),
        errors: errors.len(),
        by_rule,
    };
    let output = JsonOutput {
        version: 1,
        files,
        summary,
        errors,
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)?;
    Ok(())
}
