//! The engine: checks documents with the selected rules of the loaded plugins, and fixes them.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use boilerlint_plugin::{segment, Applicability, Metadata, Segments, Severity};

use crate::config::{relative_to, Config, Selection, Selector};
use crate::error::{CallError, ConfigError};
use crate::fix::{apply_fixes, Changes, Fix, MAX_ROUNDS};
use crate::host::{HostDocument, Instance, LoadedPlugin};

/// A finding, ready for output.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// The plugin's name.
    pub plugin: String,
    /// Its severity.
    pub severity: Severity,
    /// What was found.
    pub message: String,
    /// Byte range in the document, end exclusive.
    pub range: Range<usize>,
    /// First line, 1-based.
    pub line_start: usize,
    /// Last line, 1-based, inclusive.
    pub line_end: usize,
    /// Column of the start, 1-based, in characters.
    pub column: usize,
    /// ISO 639-1 language of the flagged text.
    pub language: Option<String>,
    /// Confidence, `0.0..=1.0`.
    pub score: f64,
    /// The fix, if any.
    pub fix: Option<Fix>,
}

/// What checking one document gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Findings, ordered by position.
    pub findings: Vec<Finding>,
    /// Plugins that failed on this document (their findings are missing: the document was not
    /// fully checked).
    pub errors: Vec<CallError>,
}

/// What fixing one document gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FixReport {
    /// The fixed text (equal to the input when nothing was fixed).
    pub text: String,
    /// How many findings were fixed.
    pub fixed: usize,
    /// What remains, checked on the fixed text.
    pub report: Report,
    /// Which bytes of the input the fixes deleted or replaced.
    pub changes: Changes,
}

/// Why a linter could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// A selector or options table in the config is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A selector given on the command line names no rule or plugin.
    #[error("{0}")]
    CommandLine(String),
    /// A plugin refused its configuration.
    #[error("{location}{error}")]
    Plugin {
        /// `path:line: ` of the options table, or empty.
        location: String,
        /// What the plugin said.
        error: CallError,
    },
}

/// Where a plugin's options error lies: the line of the key it is about, and that key (or the
/// table's line). The key is the first one the message names in backticks (serde's "unknown
/// field `treshold`"), or the one at the line a TOML error gives in the options text the
/// plugin was handed (whose heading, "TOML parse error at line N, column C" and the snippet of
/// the handed text, is then dropped from `message`: the location says it better).
fn option_at(
    table: &crate::config::PluginOptions,
    message: &mut String,
) -> (usize, Option<String>) {
    let line_of = |key: &str| {
        table
            .keys
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, line)| *line)
    };
    if let Some(rest) = message.strip_prefix("TOML parse error at line ") {
        let number: Option<usize> = rest
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok());
        let key = number
            .and_then(|n| table.toml.lines().nth(n.saturating_sub(1)))
            .and_then(|line| line.split_once('='))
            .map(|(key, _)| key.trim().trim_matches('"').to_string());
        let body: Vec<&str> = message
            .lines()
            .skip(1)
            .filter(|l| !l.contains('|'))
            .collect();
        if !body.is_empty() {
            *message = body.join(" ").trim().to_string();
        }
        if let Some(key) = key {
            if let Some(line) = line_of(&key) {
                return (line, Some(key));
            }
        }
        return (table.line, None);
    }
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .find_map(|named| line_of(named).map(|line| (line, Some(named.to_string()))))
        .unwrap_or((table.line, None))
}

/// The known name closest to a mistyped `name`, if one is close: case is ignored
/// (`COOKIE-BANNER`), and up to two letters may differ.
pub fn suggest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::levenshtein(&k.to_lowercase(), &name), k))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// A filter on findings: gets the finding and the text it flags.
pub type Keep<'a> = dyn Fn(&Finding, &str) -> bool + Sync + 'a;

/// The rules of a set of plugins, configured by one config file.
pub struct Linter {
    config: Config,
    instances: Vec<Instance>,
    cli: Selection,
    /// The last path matched against the overrides, and its path relative to the config's
    /// directory: every record of a shard has the same path, and resolving it is system calls.
    last_relative: std::sync::Mutex<Option<(PathBuf, Option<PathBuf>)>>,
}

impl Linter {
    /// Instantiates `plugins` with their options from `config`, and checks every selector of the
    /// config and of `cli` (the command line's selection) against their rules.
    pub fn new(
        config: Config,
        plugins: &[Arc<LoadedPlugin>],
        cli: Selection,
    ) -> Result<Linter, Vec<SetupError>> {
        let mut errors = Vec::new();
        let plugin_of = |key: &str| {
            plugins
                .iter()
                .position(|p| p.name == key || p.rules.iter().any(|r| r.id == key))
        };
        let mut options: Vec<Option<&crate::config::PluginOptions>> = vec![None; plugins.len()];
        for table in &config.plugin_options {
            match plugin_of(&table.key) {
                Some(i) if options[i].is_some() => errors.push(SetupError::Config(config.error(
                    table.line,
                    format!(
                        "`[rules.{}]` configures plugin '{}' a second time",
                        table.key, plugins[i].name
                    ),
                ))),
                Some(i) => options[i] = Some(table),
                None => {
                    let known = plugins.iter().flat_map(|p| {
                        std::iter::once(p.name.as_str())
                            .chain(p.rules.iter().map(|r| r.id.as_str()))
                    });
                    let hint = match suggest(&table.key, known) {
                        Some(known) => format!("; did you mean `[rules.{known}]`?"),
                        None => " (see `boilerlint plugins`)".to_string(),
                    };
                    errors.push(SetupError::Config(config.error(
                        table.line,
                        format!(
                            "`[rules.{}]`: no loaded plugin or rule is named `{}`{hint}",
                            table.key, table.key
                        ),
                    )))
                }
            }
        }
        let names: Vec<&str> = plugins
            .iter()
            .flat_map(|p| {
                std::iter::once(p.name.as_str()).chain(p.rules.iter().map(|r| r.id.as_str()))
            })
            .collect();
        let mut check_selectors = |selection: &Selection, what: &str| {
            let all = selection
                .select
                .iter()
                .flatten()
                .chain(&selection.extend_select)
                .chain(&selection.ignore);
            for Selector { name, line } in all {
                if name == "ALL" || names.contains(&name.as_str()) {
                    continue;
                }
                let hint = suggest(name, names.iter().copied())
                    .map(|known| format!("; did you mean `{known}`?"))
                    .unwrap_or_else(|| " (`boilerlint plugins` lists the rules)".to_string());
                let message = format!("unknown rule or plugin `{name}` in {what}{hint}");
                errors.push(if *line == 0 {
                    SetupError::CommandLine(message)
                } else {
                    SetupError::Config(config.error(*line, message))
                });
            }
        };
        check_selectors(&config.selection, "`rules`");
        for o in &config.overrides {
            check_selectors(&o.selection, "`overrides`");
        }
        check_selectors(&cli, "--select/--extend-select/--ignore");

        let mut instances = Vec::with_capacity(plugins.len());
        for (plugin, table) in plugins.iter().zip(&options) {
            // A plugin none of whose rules any selection can enable is not instantiated: its
            // set-up (lexicons, automata) would be wasted.
            if !could_enable(plugin, &cli) {
                continue;
            }
            let toml = table.map_or("", |t| t.toml.as_str());
            match Instance::new(Arc::clone(plugin), toml) {
                Ok(instance) => instances.push(instance),
                Err(mut error) => {
                    let location = match (table, &config.path) {
                        (Some(t), Some(path)) => {
                            let (line, key) = match &mut error {
                                CallError::Config { message, .. } => option_at(t, message),
                                _ => (t.line, None),
                            };
                            let key = key.map_or(String::new(), |k| {
                                format!("`{k}` in `[rules.{}]`: ", t.key)
                            });
                            format!("{}:{line}: {key}", path.display())
                        }
                        _ => String::new(),
                    };
                    errors.push(SetupError::Plugin { location, error })
                }
            }
        }
        if errors.is_empty() {
            Ok(Linter {
                config,
                instances,
                cli,
                last_relative: std::sync::Mutex::new(None),
            })
        } else {
            Err(errors)
        }
    }

    /// The config this linter was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The plugins in use.
    pub fn plugins(&self) -> impl Iterator<Item = &Arc<LoadedPlugin>> {
        self.instances.iter().map(Instance::plugin)
    }

    /// Which rules are enabled for a file at `path` (`None`: no path, as for stdin): one flag
    /// per rule, per plugin.
    pub fn enabled_rules(&self, path: Option<&Path>) -> Vec<Vec<bool>> {
        let mut levels: Vec<&Selection> = vec![&self.config.selection];
        // Matching overrides needs the path relative to the config's directory; without
        // overrides, skip that work on every document.
        let overrides = !self.config.overrides.is_empty();
        if let (true, Some(path), Some(root)) = (overrides, path, &self.config.root) {
            // The same file named absolutely, through `../` or from a subdirectory matches
            // the same globs: both sides are resolved first.
            let mut last = self
                .last_relative
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let relative = match &*last {
                Some((p, relative)) if p == path => relative.clone(),
                _ => {
                    let relative = relative_to(path, root).map(PathBuf::from);
                    *last = Some((path.to_path_buf(), relative.clone()));
                    relative
                }
            };
            drop(last);
            if let Some(relative) = relative {
                levels.extend(
                    self.config
                        .overrides
                        .iter()
                        .filter(|o| o.matches(&relative))
                        .map(|o| &o.selection),
                );
            }
        }
        levels.push(&self.cli);
        self.plugins()
            .map(|plugin| {
                plugin
                    .rules
                    .iter()
                    .map(|rule| {
                        let hit = |list: &[Selector]| {
                            list.iter().any(|s| {
                                s.name == "ALL" || s.name == rule.id || s.name == plugin.name
                            })
                        };
                        let mut on = true;
                        for level in &levels {
                            if let Some(select) = &level.select {
                                on = hit(select);
                            }
                            on = (on || hit(&level.extend_select)) && !hit(&level.ignore);
                        }
                        on
                    })
                    .collect()
            })
            .collect()
    }

    /// Checks one document. `path` selects per-path overrides; `display` names the document
    /// in plugin messages.
    pub fn check(&self, path: Option<&Path>, display: &str, text: &str) -> Report {
        self.check_filtered(path, display, text, &|_, _| true)
    }

    /// [`Linter::check`], keeping only the findings `keep` accepts (it gets the finding and
    /// the text it flags): how a baseline of known findings is applied.
    pub fn check_filtered(
        &self,
        path: Option<&Path>,
        display: &str,
        text: &str,
        keep: &Keep<'_>,
    ) -> Report {
        self.check_record(path, display, Metadata::default(), text, keep)
    }

    /// [`Linter::check_filtered`] for a record: the plugins also get what it says about
    /// itself (its URL, id and declared language).
    pub fn check_record(
        &self,
        path: Option<&Path>,
        display: &str,
        metadata: Metadata<'_>,
        text: &str,
        keep: &Keep<'_>,
    ) -> Report {
        let enabled = self.enabled_rules(path);
        let segments = segment(text);
        let doc = HostDocument {
            text,
            path: display,
            segments: &segments,
            metadata,
        };
        self.check_segmented(&enabled, &doc, keep)
    }

    fn check_segmented(
        &self,
        enabled: &[Vec<bool>],
        doc: &HostDocument<'_>,
        keep: &Keep<'_>,
    ) -> Report {
        let (text, segments) = (doc.text, doc.segments);
        let mut report = Report::default();
        for (instance, enabled) in self.instances.iter().zip(enabled) {
            if !enabled.iter().any(|&on| on) {
                continue;
            }
            let plugin = instance.plugin();
            match instance.check(doc) {
                Ok(findings) => {
                    for f in findings.into_iter().filter(|f| enabled[f.rule_index]) {
                        let rule = &plugin.rules[f.rule_index];
                        let Location {
                            line_start,
                            line_end,
                            column,
                        } = locate(text, segments, &f.range);
                        report.findings.push(Finding {
                            rule: rule.id.clone(),
                            plugin: plugin.name.clone(),
                            severity: f.severity.unwrap_or(rule.severity),
                            message: f.message,
                            column,
                            range: f.range,
                            line_start,
                            line_end,
                            language: f.language,
                            score: f.score,
                            fix: f.fix,
                        });
                    }
                }
                Err(error) => report.errors.push(error),
            }
        }
        report.findings.sort_by(|a, b| {
            (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
        });
        yield_edges(&mut report.findings, text, segments);
        drop_covered(&mut report.findings, text);
        report.findings.retain(|f| keep(f, &text[f.range.clone()]));
        report
    }

    /// Checks and fixes one document: applies the fixes allowed (safe ones, and unsafe ones
    /// with `unsafe_fixes`), then checks again, until nothing more can be fixed.
    pub fn fix(
        &self,
        path: Option<&Path>,
        display: &str,
        text: &str,
        unsafe_fixes: bool,
    ) -> FixReport {
        self.fix_filtered(path, display, text, unsafe_fixes, &|_, _| true)
    }

    /// [`Linter::fix`], fixing and reporting only the findings `keep` accepts.
    pub fn fix_filtered(
        &self,
        path: Option<&Path>,
        display: &str,
        text: &str,
        unsafe_fixes: bool,
        keep: &Keep<'_>,
    ) -> FixReport {
        self.fix_record(path, display, Metadata::default(), text, unsafe_fixes, keep)
    }

    /// [`Linter::fix_filtered`] for a record that carries `metadata`.
    pub fn fix_record(
        &self,
        path: Option<&Path>,
        display: &str,
        metadata: Metadata<'_>,
        text: &str,
        unsafe_fixes: bool,
        keep: &Keep<'_>,
    ) -> FixReport {
        let enabled = self.enabled_rules(path);
        let mut current = text.to_string();
        let mut fixed = 0;
        let mut changes = Changes::new(text.len());
        let mut errors: Vec<CallError> = Vec::new();
        let mut round = 0;
        loop {
            round += 1;
            let segments = segment(&current);
            let doc = HostDocument {
                text: &current,
                path: display,
                segments: &segments,
                metadata,
            };
            let mut report = self.check_segmented(&enabled, &doc, keep);
            for error in report.errors.drain(..) {
                // After a panic, later rounds only say the plugin is disabled: keep the panic.
                let known = errors.iter().any(|e| e.plugin() == error.plugin());
                if !known {
                    errors.push(error);
                }
            }
            let fixes: Vec<&Fix> = report
                .findings
                .iter()
                .filter_map(|f| f.fix.as_ref())
                .filter(|fix| unsafe_fixes || fix.applicability == Applicability::Safe)
                .collect();
            let result = (!fixes.is_empty() && round <= MAX_ROUNDS)
                .then(|| apply_fixes(&current, &fixes))
                .filter(|r| r.text != current);
            match result {
                Some(result) => {
                    fixed += result.applied.iter().filter(|&&a| a).count();
                    changes.record(&result.edits);
                    current = result.text;
                }
                None => {
                    report.errors = errors;
                    return FixReport {
                        text: current,
                        fixed,
                        report,
                        changes,
                    };
                }
            }
        }
    }
}

/// Whether some path could have one of `plugin`'s rules enabled. Only the command line's
/// selection, applied last to every path, rules a rule out for good (an override may enable
/// what the config's `[rules]` disables).
fn could_enable(plugin: &LoadedPlugin, cli: &Selection) -> bool {
    plugin.rules.iter().any(|rule| {
        let hit = |list: &[Selector]| {
            list.iter()
                .any(|s| s.name == "ALL" || s.name == rule.id || s.name == plugin.name)
        };
        let selected_out = cli.select.as_ref().is_some_and(|s| !hit(s)) && !hit(&cli.extend_select);
        !(selected_out || hit(&cli.ignore))
    })
}

/// Leaves the findings at the edges of another rule's finding to their own rule, when it sorts
/// first: an ad label (`Gesponsert`) that stands right after a consent notice, and that
/// cookie-banner took in as the notice's last line, stays an ad-notice finding, and the
/// notice's finding ends before it. The finding is trimmed, its lines and column located
/// again, and its fix with it. A finding whose fix is anything but the deletion of its range
/// is left whole, as is one that its edges would leave empty, and one whose fix is stronger
/// than the edge finding's (a safe fix would no longer remove the edge).
fn yield_edges(findings: &mut [Finding], text: &str, segments: &Segments) {
    let blank = |r: Range<usize>| text.get(r).is_some_and(|t| t.trim().is_empty());
    for at in 0..findings.len() {
        let g = &findings[at];
        let deletes_itself = |fix: &Fix| matches!(&fix.edits[..], [edit] if edit.range == g.range && edit.replacement.is_empty());
        if g.fix.as_ref().is_some_and(|fix| !deletes_itself(fix)) {
            continue;
        }
        let mut inside: Vec<Range<usize>> = findings
            .iter()
            .filter(|f| {
                f.rule < g.rule
                    && fix_strength(f) >= fix_strength(g)
                    && !f.range.is_empty()
                    && g.range.start <= f.range.start
                    && f.range.end <= g.range.end
            })
            .map(|f| f.range.clone())
            .collect();
        if inside.is_empty() {
            continue;
        }
        let mut range = g.range.clone();
        // From the end backwards, then from the start forwards: the range only shrinks, so
        // one pass each takes every finding stacked at an edge.
        inside.sort_by_key(|f| std::cmp::Reverse(f.end));
        for f in &inside {
            if f.end <= range.end && range.start <= f.start && blank(f.end..range.end) {
                let end = range.start + text[range.start..f.start].trim_end().len();
                if end > range.start {
                    range.end = end;
                }
            }
        }
        inside.sort_by_key(|f| f.start);
        for f in &inside {
            if range.start <= f.start && f.end <= range.end && blank(range.start..f.start) {
                let rest = &text[f.end..range.end];
                let start = f.end + (rest.len() - rest.trim_start().len());
                if start < range.end {
                    range.start = start;
                }
            }
        }
        let g = &mut findings[at];
        if range == g.range {
            continue;
        }
        let Location {
            line_start,
            line_end,
            column,
        } = locate(text, segments, &range);
        (g.line_start, g.line_end, g.column) = (line_start, line_end, column);
        if let Some(edit) = g.fix.as_mut().and_then(|fix| fix.edits.first_mut()) {
            edit.range = range.clone();
        }
        g.range = range;
    }
}

/// How far `--fix` goes with a finding's fix: not at all, with `--unsafe-fixes`, always.
fn fix_strength(f: &Finding) -> u8 {
    match f.fix.as_ref().map(|fix| fix.applicability) {
        None => 0,
        Some(Applicability::Unsafe) => 1,
        Some(Applicability::Safe) => 2,
    }
}

/// Drops a finding that lies inside another rule's finding: a Turkish cookie notice in an
/// English article is one finding (`cookie-banner`), not also an `off-language` one per
/// paragraph. Of two findings on the same text, the rule whose id sorts first stays, and so
/// does a rule whose findings together make up all of another rule's finding: two lines
/// `Реклама` that ad-notice flags one by one, and cookie-banner as one notice (an ad
/// category) because they stand close, are two ad labels. Findings of one rule never hide
/// each other.
fn drop_covered(findings: &mut Vec<Finding>, text: &str) {
    let made_of_others: Vec<bool> = findings
        .iter()
        .map(|g| {
            findings
                .iter()
                .filter(|f| f.rule < g.rule && overlap(&f.range, &g.range))
                .any(|f| made_of(g, &f.rule, findings, text))
        })
        .collect();
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        !made_of_others[index - 1]
    });
    let covered: Vec<bool> = findings
        .iter()
        .map(|f| {
            findings.iter().any(|g| {
                g.rule != f.rule
                    && g.range.start <= f.range.start
                    && f.range.end <= g.range.end
                    && (g.range.len() > f.range.len() || g.rule < f.rule)
            })
        })
        .collect();
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        !covered[index - 1]
    });
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether every character of `g`'s text but white space lies in a finding of `rule`.
fn made_of(g: &Finding, rule: &str, findings: &[Finding], text: &str) -> bool {
    let Some(body) = text.get(g.range.clone()) else {
        return false;
    };
    let parts: Vec<&Range<usize>> = findings
        .iter()
        .filter(|f| f.rule == rule && overlap(&f.range, &g.range))
        .map(|f| &f.range)
        .collect();
    body.char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .all(|(i, _)| {
            let at = g.range.start + i;
            parts.iter().any(|r| r.contains(&at))
        })
}

/// Where a finding is: its lines and the column of its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// First line, 1-based.
    pub line_start: usize,
    /// Last line, 1-based, inclusive.
    pub line_end: usize,
    /// Column of the start, 1-based, in characters.
    pub column: usize,
}

/// The lines and column of `range`, a range the host validated (in bounds, on character
/// boundaries) in `text`, segmented as `segments`. Every range the ABI allows has a location:
/// an empty document, a BOM-only one (neither has a line) and an empty range at the very end are
/// on line 1 or the last line, column 1 or past the last character.
pub fn locate(text: &str, segments: &Segments, range: &Range<usize>) -> Location {
    let Some(first) = segments.lines.first() else {
        return Location {
            line_start: 1,
            line_end: 1,
            column: 1,
        };
    };
    // The line holding `offset`: the last one starting at or before it (line 1 for a BOM).
    let line_of = |offset: usize| {
        segments
            .lines
            .partition_point(|l| l.start as usize <= offset)
            .max(1)
    };
    let last = if range.is_empty() {
        range.start
    } else {
        range.end - 1
    };
    let line_start = line_of(range.start);
    let line_start_offset = segments.lines.get(line_start - 1).unwrap_or(first).start as usize;
    Location {
        line_start,
        line_end: line_of(last).max(line_start),
        column: text
            .get(line_start_offset.min(range.start)..range.start)
            .map_or(1, |s| s.chars().count() + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `f` with the deletion of its range as its fix.
    fn deleting(f: Finding, applicability: Applicability) -> Finding {
        Finding {
            fix: Some(Fix {
                applicability,
                edits: vec![boilerlint_plugin::fix::Edit {
                    range: f.range.clone(),
                    replacement: String::new(),
                }],
            }),
            ..f
        }
    }

    fn finding(rule: &str, range: Range<usize>) -> Finding {
        Finding {
            rule: rule.into(),
            plugin: rule.into(),
            severity: Severity::Warning,
            message: String::new(),
            range,
            line_start: 1,
            line_end: 1,
            column: 1,
            language: None,
            score: 1.0,
            fix: None,
        }
    }

    #[test]
    fn a_finding_inside_another_rules_finding_is_dropped() {
        let mut findings = vec![
            finding("cookie-banner", 10..100),
            finding("off-language", 20..50),
            finding("off-language", 90..120),
            finding("ad-notice", 10..100),
            finding("off-language", 200..300),
            finding("cookie-banner", 200..300),
        ];
        drop_covered(&mut findings, &"x".repeat(300));
        let kept: Vec<(&str, Range<usize>)> = findings
            .iter()
            .map(|f| (f.rule.as_str(), f.range.clone()))
            .collect();
        assert_eq!(
            kept,
            [
                ("off-language", 90..120),
                ("ad-notice", 10..100),
                ("cookie-banner", 200..300)
            ]
        );
    }

    #[test]
    fn a_finding_made_of_findings_of_a_rule_sorting_first_yields_to_them() {
        let text = "Article.\n\nAdvert\n\nAdvert\n\nArticle.\n";
        let at = |s: &str, n: usize| text.match_indices(s).nth(n).unwrap().0;
        let first = at("Advert", 0)..at("Advert", 0) + 6;
        let second = at("Advert", 1)..at("Advert", 1) + 6;
        let mut findings = vec![
            finding("ad-notice", first.clone()),
            finding("cookie-banner", first.start..second.end),
            finding("ad-notice", second.clone()),
        ];
        drop_covered(&mut findings, text);
        let kept: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(kept, ["ad-notice", "ad-notice"]);

        // A notice holding one ad label and more text stays one finding.
        let mut findings = vec![
            finding("ad-notice", first.clone()),
            finding("cookie-banner", 0..second.end),
        ];
        drop_covered(&mut findings, text);
        let kept: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(kept, ["cookie-banner"]);
    }

    #[test]
    fn the_edges_of_a_finding_yield_to_a_rule_sorting_first() {
        let text = "Article.\n\nWe use cookies.\n\nSponsored\n\nAdvert\n\nArticle.\n";
        let segments = segment(text);
        let at = |s: &str| text.find(s).unwrap()..text.find(s).unwrap() + s.len();
        let notice = at("We use cookies.").start..at("Advert").end;
        let findings = || {
            vec![
                deleting(
                    finding("cookie-banner", notice.clone()),
                    Applicability::Safe,
                ),
                deleting(finding("ad-notice", at("Sponsored")), Applicability::Safe),
                deleting(finding("ad-notice", at("Advert")), Applicability::Safe),
            ]
        };
        let mut trimmed = findings();
        yield_edges(&mut trimmed, text, &segments);
        drop_covered(&mut trimmed, text);
        let kept: Vec<(&str, &str)> = trimmed
            .iter()
            .map(|f| (f.rule.as_str(), &text[f.range.clone()]))
            .collect();
        assert_eq!(
            kept,
            [
                ("cookie-banner", "We use cookies."),
                ("ad-notice", "Sponsored"),
                ("ad-notice", "Advert"),
            ]
        );
        assert_eq!((trimmed[0].line_start, trimmed[0].line_end), (3, 3));
        let fix = trimmed[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].range, at("We use cookies."));

        // An edge whose fix is weaker stays in the safe finding: --fix still removes it.
        let mut weaker = findings();
        weaker[2].fix.as_mut().unwrap().applicability = Applicability::Unsafe;
        yield_edges(&mut weaker, text, &segments);
        assert_eq!(weaker[0].range, notice);
        // A finding of a rule sorting later does not trim one sorting first.
        let mut later = vec![
            finding("ad-notice", notice.clone()),
            finding("off-language", at("Advert")),
        ];
        yield_edges(&mut later, text, &segments);
        assert_eq!(later[0].range, notice);
    }

    mod edges {
        use super::*;
        use proptest::prelude::*;
        use proptest::sample::select;

        /// A small document of words, spaces and line breaks, multi-byte letters included.
        fn document() -> impl Strategy<Value = String> {
            let piece = select(vec!["ad", " ", "\n", "\n\n", "ç", "日", "x y", "\t"]);
            prop::collection::vec(piece, 1..14).prop_map(|pieces| pieces.concat())
        }

        /// Findings of three rules on ranges on character boundaries, each with no fix, or
        /// the deletion of its range, safe or unsafe.
        fn document_and_findings() -> impl Strategy<Value = (String, Vec<Finding>)> {
            document().prop_flat_map(|text| {
                let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
                bounds.push(text.len());
                let n = bounds.len();
                let one = (0..n, 0..n, 0..3usize, 0..3u8);
                prop::collection::vec(one, 0..6).prop_map(move |picks| {
                    let findings = picks
                        .into_iter()
                        .map(|(a, b, rule, fix)| {
                            let range = bounds[a.min(b)]..bounds[a.max(b)];
                            let rule = ["ad-notice", "cookie-banner", "off-language"][rule];
                            let f = finding(rule, range);
                            match fix {
                                0 => f,
                                1 => deleting(f, Applicability::Unsafe),
                                _ => deleting(f, Applicability::Safe),
                            }
                        })
                        .collect();
                    (text.clone(), findings)
                })
            })
        }

        /// The non-blank bytes inside findings whose fixes go at least as far as `strength`.
        fn covered(text: &str, findings: &[Finding], strength: u8) -> Vec<usize> {
            text.char_indices()
                .filter(|(_, c)| !c.is_whitespace())
                .map(|(i, _)| i)
                .filter(|&i| {
                    findings
                        .iter()
                        .any(|f| fix_strength(f) >= strength && f.range.contains(&i))
                })
                .collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// Trimming a finding's edges only shrinks it, keeps its fix on its range, and
            /// leaves every non-blank byte that a fix of some strength removed to a fix of
            /// the same strength or stronger: nothing is reported or fixed less.
            #[test]
            fn trimmed_edges_stay_covered((text, findings) in document_and_findings()) {
                let mut trimmed = findings.clone();
                yield_edges(&mut trimmed, &text, &segment(&text));
                for (before, after) in findings.iter().zip(&trimmed) {
                    prop_assert!(before.range.start <= after.range.start);
                    prop_assert!(after.range.end <= before.range.end);
                    prop_assert!(after.range.start <= after.range.end);
                    prop_assert!(text.is_char_boundary(after.range.start));
                    prop_assert!(text.is_char_boundary(after.range.end));
                    if let Some(fix) = &after.fix {
                        prop_assert_eq!(&fix.edits[0].range, &after.range);
                    }
                }
                for strength in 0..=2 {
                    prop_assert_eq!(
                        covered(&text, &findings, strength),
                        covered(&text, &trimmed, strength)
                    );
                }
            }
        }
    }
}
