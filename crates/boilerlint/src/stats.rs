//! `boilerlint stats`: how much of a corpus is boilerplate, per rule, language and site.
//!
//! [`Stats`] is the streaming aggregation `stats` and `report` share: fixed-size counters per
//! rule, language and site, filled one document at a time, so memory does not grow with the
//! corpus (only with the number of distinct sites).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;

use anyhow::Result;
use boilerlint_core::Linter;
use boilerlint_plugin::Applicability;
use serde::{Deserialize, Serialize};

use crate::check::{fields, prepare, progress, Prepared};
use crate::{Cli, InputArgs, StatsArgs, StatsFormat};
use boilerlint_corpus::escape::{clean, clean_message};
use boilerlint_corpus::input::Input;
use boilerlint_corpus::pipeline::{DocResult, FixMode, Settings, Sink};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Counts {
    pub documents: u64,
    pub documents_flagged: u64,
    pub findings: u64,
    pub bytes: u64,
    pub bytes_flagged: u64,
}

impl Counts {
    pub fn share(&self) -> f64 {
        if self.bytes == 0 {
            0.0
        } else {
            self.bytes_flagged as f64 / self.bytes as f64
        }
    }
}

/// The size classes of findings, in bytes: each is below its bound (the last has none).
pub const SIZE_BOUNDS: [u64; 5] = [64, 256, 1024, 4096, 16384];
/// How the size classes are named in the JSON output and the report.
pub const SIZE_LABELS: [&str; 6] = [
    "< 64 B",
    "64-255 B",
    "256 B-1 KiB",
    "1-4 KiB",
    "4-16 KiB",
    ">= 16 KiB",
];

/// Where findings sit in their document: by the third their middle falls in.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Positions {
    pub start: u64,
    pub middle: u64,
    pub end: u64,
}

/// How the findings of a rule can be fixed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FixKinds {
    /// Findings whose fix `--fix` applies.
    pub safe: u64,
    /// Findings whose fix only `--unsafe-fixes` applies.
    #[serde(rename = "unsafe")]
    pub unsafe_: u64,
    /// Findings without a fix.
    pub none: u64,
}

/// What the findings of one rule look like: sizes, positions, fixes.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Shape {
    /// Findings per size class of [`SIZE_LABELS`].
    pub sizes: Vec<u64>,
    pub positions: Positions,
    pub fixes: FixKinds,
}

impl Default for Shape {
    fn default() -> Shape {
        Shape {
            sizes: vec![0; SIZE_LABELS.len()],
            positions: Positions::default(),
            fixes: FixKinds::default(),
        }
    }
}

/// The bytes the fixes' edits cover, over the whole corpus.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FixBytes {
    /// Covered by the edits of safe fixes (what `--fix` removes or replaces).
    pub safe: u64,
    /// Covered by the edits of any fix (what `--unsafe-fixes` removes or replaces).
    pub all: u64,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub total: Counts,
    pub by_rule: BTreeMap<String, Counts>,
    pub by_language: BTreeMap<String, Counts>,
    pub by_site: BTreeMap<String, Counts>,
    pub shapes: BTreeMap<String, Shape>,
    pub fix_bytes: FixBytes,
    pub errors: u64,
    pub progress: Option<indicatif::ProgressBar>,
}

/// The bytes covered by `ranges` (overlaps counted once).
fn covered(mut ranges: Vec<Range<usize>>) -> u64 {
    ranges.sort_by_key(|r| r.start);
    let (mut total, mut end) = (0u64, 0usize);
    for r in ranges {
        let start = r.start.max(end);
        if r.end > start {
            total += (r.end - start) as u64;
            end = r.end;
        }
    }
    total
}

/// The host of a URL, without `www.`.
fn site_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

impl Stats {
    /// Sizes, positions and fixes of a document's findings.
    fn shape(&mut self, result: &DocResult) {
        let (mut safe, mut all) = (Vec::new(), Vec::new());
        for f in &result.findings {
            if !self.shapes.contains_key(&f.rule) {
                self.shapes.insert(f.rule.clone(), Shape::default());
            }
            let shape = self.shapes.get_mut(&f.rule).expect("inserted above");
            let size = f.range.len() as u64;
            let class = SIZE_BOUNDS.iter().take_while(|&&b| size >= b).count();
            shape.sizes[class] += 1;
            let middle = (f.range.start + f.range.end) / 2;
            match (middle * 3).checked_div(result.bytes).unwrap_or(0) {
                0 => shape.positions.start += 1,
                1 => shape.positions.middle += 1,
                _ => shape.positions.end += 1,
            }
            match &f.fix {
                None => shape.fixes.none += 1,
                Some(fix) => {
                    let ranges = fix.edits.iter().map(|e| e.range.clone());
                    if fix.applicability == Applicability::Safe {
                        shape.fixes.safe += 1;
                        safe.extend(ranges.clone());
                    } else {
                        shape.fixes.unsafe_ += 1;
                    }
                    all.extend(ranges);
                }
            }
        }
        self.fix_bytes.safe += covered(safe);
        self.fix_bytes.all += covered(all);
    }

    /// Ends the run: the progress bar goes, and rule and language shares become shares of
    /// the whole corpus.
    pub fn finish(&mut self) {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        let (documents, bytes) = (self.total.documents, self.total.bytes);
        for c in self
            .by_rule
            .values_mut()
            .chain(self.by_language.values_mut())
        {
            c.documents = documents;
            c.bytes = bytes;
        }
    }

    /// The `stats --format json` object: the counts, the `top_sites` sites with the most bytes
    /// flagged, the findings' shapes, and what produced them.
    pub fn to_json(&self, top_sites: usize, prepared: &Prepared, args: &InputArgs) -> Summary {
        let mut sites: Vec<(&String, &Counts)> = self.by_site.iter().collect();
        sites.sort_by(|a, b| b.1.bytes_flagged.cmp(&a.1.bytes_flagged).then(a.0.cmp(b.0)));
        sites.truncate(top_sites);
        Summary {
            version: 1,
            total: self.total.clone(),
            by_rule: self.by_rule.clone(),
            by_language: self.by_language.clone(),
            top_sites: sites
                .into_iter()
                .map(|(site, counts)| Site {
                    site: site.clone(),
                    counts: counts.clone(),
                })
                .collect(),
            sites: self.by_site.len() as u64,
            errors: self.errors,
            size_classes: SIZE_LABELS.iter().map(ToString::to_string).collect(),
            findings_by_rule: self.shapes.clone(),
            fix_bytes: self.fix_bytes.clone(),
            produced_by: Some(ProducedBy::of(prepared, args)),
        }
    }
}

/// The `stats --format json` object, which `report` also reads. Fields after `errors` came
/// later: a file without them reads as empty.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    pub version: u32,
    pub total: Counts,
    pub by_rule: BTreeMap<String, Counts>,
    pub by_language: BTreeMap<String, Counts>,
    pub top_sites: Vec<Site>,
    /// Sites seen (more than `top_sites` lists).
    pub sites: u64,
    pub errors: u64,
    #[serde(default)]
    pub size_classes: Vec<String>,
    #[serde(default)]
    pub findings_by_rule: BTreeMap<String, Shape>,
    #[serde(default)]
    pub fix_bytes: FixBytes,
    #[serde(default)]
    pub produced_by: Option<ProducedBy>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Site {
    pub site: String,
    pub counts: Counts,
}

/// What produced the figures: boilerlint's version, each config with its plugins and rules,
/// and the command line's selection.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ProducedBy {
    pub boilerlint: String,
    pub configs: Vec<ConfigUsed>,
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ConfigUsed {
    /// The config file (`None`: the built-in defaults).
    pub path: Option<String>,
    pub plugins: Vec<PluginUsed>,
    /// Each `[rules.X]` table handed to a plugin, as TOML.
    pub options: BTreeMap<String, String>,
    /// `[[overrides]]` entries (they change the rules per path).
    pub overrides: usize,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PluginUsed {
    pub name: String,
    pub version: String,
    pub built_with: String,
    pub rules: Vec<RuleUsed>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct RuleUsed {
    pub id: String,
    pub severity: String,
    pub fix: String,
    /// Enabled by the config's and the command line's selection (overrides aside).
    pub enabled: bool,
}

impl ProducedBy {
    fn of(prepared: &Prepared, args: &InputArgs) -> ProducedBy {
        ProducedBy {
            boilerlint: env!("CARGO_PKG_VERSION").to_string(),
            configs: prepared.linters.iter().map(ConfigUsed::of).collect(),
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
        }
    }
}

impl ConfigUsed {
    fn of(linter: &Linter) -> ConfigUsed {
        let config = linter.config();
        let enabled = linter.enabled_rules(None);
        ConfigUsed {
            path: config.path.as_ref().map(|p| p.display().to_string()),
            plugins: linter
                .plugins()
                .zip(enabled)
                .map(|(plugin, enabled)| PluginUsed {
                    name: plugin.name.clone(),
                    version: plugin.version.clone(),
                    built_with: plugin.build_info.clone(),
                    rules: plugin
                        .rules
                        .iter()
                        .zip(enabled)
                        .map(|(rule, enabled)| RuleUsed {
                            id: rule.id.clone(),
                            severity: rule.severity.as_str().to_string(),
                            fix: rule.fix.as_str().to_string(),
                            enabled,
                        })
                        .collect(),
                })
                .collect(),
            options: config
                .plugin_options
                .iter()
                .map(|o| (o.key.clone(), o.toml.clone()))
                .collect(),
            overrides: config.overrides.len(),
        }
    }
}

impl Sink for Stats {
    fn document(&mut self, input: &Input, result: &DocResult) -> io::Result<()> {
        if let Some(bar) = &self.progress {
            bar.inc(result.bytes as u64);
        }
        for error in &result.errors {
            self.errors += 1;
            say!(
                "error: {}: {}",
                clean(&result.name(input)),
                clean_message(error)
            );
        }
        if result.bytes == 0 && !result.errors.is_empty() {
            return Ok(()); // not a document: an unreadable record or file
        }
        let bytes = result.bytes as u64;
        let flagged = covered(result.findings.iter().map(|f| f.range.clone()).collect());
        let add = |c: &mut Counts, flagged: u64, findings: u64| {
            c.documents += 1;
            c.bytes += bytes;
            c.bytes_flagged += flagged;
            c.findings += findings;
            if findings > 0 {
                c.documents_flagged += 1;
            }
        };
        add(&mut self.total, flagged, result.findings.len() as u64);
        if let Some(site) = result.url.as_deref().and_then(site_of) {
            add(
                self.by_site.entry(site).or_default(),
                flagged,
                result.findings.len() as u64,
            );
        }
        let mut rules: BTreeMap<&str, Vec<Range<usize>>> = BTreeMap::new();
        let mut languages: BTreeMap<&str, Vec<Range<usize>>> = BTreeMap::new();
        for f in &result.findings {
            rules.entry(&f.rule).or_default().push(f.range.clone());
            languages
                .entry(f.language.as_deref().unwrap_or("unknown"))
                .or_default()
                .push(f.range.clone());
        }
        self.shape(result);
        for (rule, ranges) in rules {
            let n = ranges.len() as u64;
            let c = self.by_rule.entry(rule.to_string()).or_default();
            c.documents_flagged += 1;
            c.findings += n;
            c.bytes_flagged += covered(ranges);
        }
        for (language, ranges) in languages {
            let n = ranges.len() as u64;
            let c = self.by_language.entry(language.to_string()).or_default();
            c.documents_flagged += 1;
            c.findings += n;
            c.bytes_flagged += covered(ranges);
        }
        Ok(())
    }

    fn skipped(&mut self, input: &Input, reason: &str) -> io::Result<()> {
        self.errors += 1;
        say!(
            "error: {}: {}",
            clean(&input.display),
            clean_message(reason)
        );
        Ok(())
    }
}

pub fn run(cli: &Cli, args: &StatsArgs) -> Result<u8> {
    let prepared = prepare(cli, &args.input)?;
    prepared.print_problems();
    let settings = Settings::reading(
        FixMode::Check,
        fields(&args.input),
        false,
        args.input.stdin_filename.clone(),
    );
    let mut stats = Stats {
        progress: progress(&prepared.inputs, args.input.quiet),
        ..Stats::default()
    };
    prepared.run(&settings, &mut stats)?;
    stats.finish();
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        StatsFormat::Json => {
            let json = stats.to_json(args.top_sites, &prepared, &args.input);
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        StatsFormat::Table => table(&mut out, &stats, args.top_sites)?,
    }
    out.flush()?;
    let errors =
        !prepared.errors.is_empty() || !prepared.input_errors.is_empty() || stats.errors > 0;
    Ok(if errors { 2 } else { 0 })
}

fn table(out: &mut impl Write, stats: &Stats, top: usize) -> io::Result<()> {
    let t = &stats.total;
    writeln!(
        out,
        "{} documents, {} bytes; {} documents ({:.2}%) and {} bytes ({:.3}%) flagged",
        t.documents,
        t.bytes,
        t.documents_flagged,
        percent(t.documents_flagged, t.documents),
        t.bytes_flagged,
        t.share() * 100.0
    )?;
    let section =
        |out: &mut dyn Write, title: &str, rows: &[(&String, &Counts)]| -> io::Result<()> {
            writeln!(
                out,
                "\n{title:<24} {:>10} {:>9} {:>10} {:>12} {:>9}",
                "documents", "% docs", "findings", "bytes", "% bytes"
            )?;
            for (name, c) in rows {
                let name = clean(name);
                writeln!(
                    out,
                    "{name:<24} {:>10} {:>8.2}% {:>10} {:>12} {:>8.3}%",
                    c.documents_flagged,
                    percent(c.documents_flagged, c.documents),
                    c.findings,
                    c.bytes_flagged,
                    c.share() * 100.0
                )?;
            }
            Ok(())
        };
    fn rows(m: &BTreeMap<String, Counts>) -> Vec<(&String, &Counts)> {
        let mut rows: Vec<(&String, &Counts)> = m.iter().collect();
        rows.sort_by(|a, b| b.1.bytes_flagged.cmp(&a.1.bytes_flagged).then(a.0.cmp(b.0)));
        rows
    }
    section(out, "rule", &rows(&stats.by_rule))?;
    section(out, "language (of the text)", &rows(&stats.by_language))?;
    if !stats.by_site.is_empty() {
        let mut sites = rows(&stats.by_site);
        let total = sites.len();
        sites.truncate(top);
        section(
            out,
            &format!("site (top {} of {total})", sites.len()),
            &sites,
        )?;
    }
    Ok(())
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_ranges_count_once() {
        assert_eq!(covered(vec![0..10, 5..15, 20..25]), 20);
        assert_eq!(covered(vec![]), 0);
    }

    #[test]
    fn sites_are_hosts_without_www() {
        assert_eq!(
            site_of("https://www.Example.org/a?b").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            site_of("http://user@news.site:8080/x").as_deref(),
            Some("news.site")
        );
        assert_eq!(site_of(""), None);
    }
}
