//! `boilerlint stats`: how much of a corpus is boilerplate, per rule, language and site.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;

use anyhow::Result;
use serde::Serialize;

use crate::check::{fields, prepare, progress};
use crate::escape::{clean, clean_message};
use crate::input::Input;
use crate::pipeline::{Destination, DocResult, FixMode, Settings, Sink};
use crate::{Cli, StatsArgs, StatsFormat};

#[derive(Debug, Default, Serialize)]
struct Counts {
    documents: u64,
    documents_flagged: u64,
    findings: u64,
    bytes: u64,
    bytes_flagged: u64,
}

impl Counts {
    fn share(&self) -> f64 {
        if self.bytes == 0 {
            0.0
        } else {
            self.bytes_flagged as f64 / self.bytes as f64
        }
    }
}

#[derive(Debug, Default, Serialize)]
struct Stats {
    total: Counts,
    by_rule: BTreeMap<String, Counts>,
    by_language: BTreeMap<String, Counts>,
    by_site: BTreeMap<String, Counts>,
    errors: u64,
    #[serde(skip)]
    progress: Option<indicatif::ProgressBar>,
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
    let settings = Settings {
        mode: FixMode::Check,
        fields: fields(&args.input),
        keep_text: false,
        destination: Destination::InPlace,
        drop_empty: false,
        attributes: None,
        resume: None,
        baseline: None,
        fingerprints: false,
        stdin_path: args.input.stdin_filename.clone(),
    };
    let mut stats = Stats {
        progress: progress(&prepared.inputs, args.input.quiet),
        ..Stats::default()
    };
    prepared.run(&settings, &mut stats)?;
    if let Some(bar) = stats.progress.take() {
        bar.finish_and_clear();
    }
    // Rule and language shares are of the whole corpus.
    let (documents, bytes) = (stats.total.documents, stats.total.bytes);
    for c in stats
        .by_rule
        .values_mut()
        .chain(stats.by_language.values_mut())
    {
        c.documents = documents;
        c.bytes = bytes;
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        StatsFormat::Json => {
            let mut sites: Vec<(&String, &Counts)> = stats.by_site.iter().collect();
            sites.sort_by(|a, b| b.1.bytes_flagged.cmp(&a.1.bytes_flagged).then(a.0.cmp(b.0)));
            sites.truncate(args.top_sites);
            let json = serde_json::json!({
                "version": 1,
                "total": &stats.total,
                "by_rule": &stats.by_rule,
                "by_language": &stats.by_language,
                "top_sites": sites.iter().map(|(site, c)| serde_json::json!({
                    "site": site, "counts": c
                })).collect::<Vec<_>>(),
                "sites": stats.by_site.len(),
                "errors": stats.errors,
            });
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
