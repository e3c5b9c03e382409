//! `boilerlint report`: one self-contained HTML page that shows where a corpus's boilerplate
//! sits and what it looks like.
//!
//! The figures are `stats`' own: the page is drawn from the [`Summary`] that `stats --format
//! json` prints, whether it comes from a scan (with [`Stats`], the same streaming aggregation)
//! or from a file a cluster run merged. A scan also samples a few findings per rule (reservoir
//! sampling with a fixed seed, so the same corpus gives the same page) and shows them in their
//! context.
//!
//! The page is safe to open whatever the corpus holds: every piece of text, URL, file name and
//! message goes through maud's escaping and through [`clean`] (control characters and
//! bidirectional overrides shown escaped), nothing from the corpus becomes a link or an
//! attribute that could run code, the charts are SVG drawn here, and a Content Security Policy
//! forbids scripts and any network access.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};
use boilerlint_core::Finding;
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::check::{fields, prepare, progress};
use crate::stats::{Counts, Shape, Stats, Summary};
use crate::{Cli, ReportArgs};
use boilerlint_corpus::escape::{clean, clean_lines};
use boilerlint_corpus::input::Input;
use boilerlint_corpus::pipeline::{DocResult, FixMode, Settings, Sink};
use boilerlint_corpus::replace::{self, Keep};

/// Lines shown before and after the flagged lines of an example.
const CONTEXT_LINES: usize = 2;
/// Flagged lines shown of an example: the first ones and the last ones, with a gap between.
const HEAD_LINES: usize = 10;
const TAIL_LINES: usize = 4;
/// Characters shown of a line.
const LINE_CHARS: usize = 240;
/// Characters shown of a message, a document name or a URL.
const LABEL_CHARS: usize = 200;

pub fn run(cli: &Cli, args: &ReportArgs) -> Result<u8> {
    let (summary, examples, code) = match &args.from_stats {
        Some(path) => (read_summary(path)?, None, 0),
        None => {
            let (summary, examples, code) = scan(cli, args)?;
            (summary, Some(examples), code)
        }
    };
    let page = render(&summary, examples.as_ref(), args);
    write_page(&args.output, page.as_bytes())?;
    Ok(code)
}

/// Scans the inputs: the stats, the sampled examples, and the exit code.
fn scan(cli: &Cli, args: &ReportArgs) -> Result<(Summary, Examples, u8)> {
    let prepared = prepare(cli, &args.input)?;
    prepared.print_problems();
    // The examples need the text; it is dropped with the result, chunk by chunk.
    let settings = Settings::reading(
        FixMode::Check,
        fields(&args.input),
        true,
        args.input.stdin_filename.clone(),
    );
    let mut sink = ReportSink {
        stats: Stats {
            progress: progress(&prepared.inputs, args.input.quiet),
            ..Stats::default()
        },
        examples: Examples::new(args.examples, args.seed),
    };
    prepared.run(&settings, &mut sink)?;
    sink.stats.finish();
    let summary = sink.stats.to_json(args.top_sites, &prepared, &args.input);
    let errors =
        !prepared.errors.is_empty() || !prepared.input_errors.is_empty() || sink.stats.errors > 0;
    Ok((summary, sink.examples, if errors { 2 } else { 0 }))
}

fn read_summary(path: &Path) -> Result<Summary> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the stats file {}", path.display()))?;
    let summary: Summary = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not the output of `boilerlint stats --format json`",
            path.display()
        )
    })?;
    if summary.version != 1 {
        bail!(
            "{}: stats format version {} is not known to this boilerlint (it reads version 1); \
             draw it with the boilerlint that wrote it",
            path.display(),
            summary.version
        );
    }
    Ok(summary)
}

/// Writes the page whole or not at all, making its directory if need be. A new page is readable as any new file is (the umask
/// decides), not private as temporary files are: it is made to be published. A page written
/// over keeps the old one's permissions.
fn write_page(path: &Path, page: &[u8]) -> Result<()> {
    let write = || -> io::Result<()> {
        let target = replace::resolve(path)?;
        let dir = match target.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".boilerlint-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut temp = builder.tempfile_in(dir)?;
        temp.as_file_mut().write_all(page)?;
        replace::persist(temp, &target, Keep::Identity)
    };
    write().with_context(|| {
        format!(
            "cannot write the report to {} (may its directory be written?)",
            path.display()
        )
    })
}

/// `stats`' aggregation, plus the examples.
struct ReportSink {
    stats: Stats,
    examples: Examples,
}

impl Sink for ReportSink {
    fn document(&mut self, input: &Input, result: &DocResult) -> io::Result<()> {
        self.stats.document(input, result)?;
        self.examples.offer(input, result);
        Ok(())
    }

    fn skipped(&mut self, input: &Input, reason: &str) -> io::Result<()> {
        self.stats.skipped(input, reason)
    }
}

/// A few findings per rule, each drawn with the same chance from all of that rule's findings
/// (reservoir sampling: memory holds `cap` examples per rule whatever the corpus's size).
struct Examples {
    cap: usize,
    rng: fastrand::Rng,
    by_rule: BTreeMap<String, Reservoir>,
}

#[derive(Default)]
struct Reservoir {
    seen: u64,
    kept: Vec<Example>,
}

/// A finding in its context, cut to size.
struct Example {
    document: String,
    url: Option<String>,
    message: String,
    language: Option<String>,
    lines: Vec<Line>,
}

enum Line {
    Text {
        number: usize,
        text: String,
        flagged: bool,
    },
    /// Flagged lines left out.
    Gap(usize),
}

impl Examples {
    fn new(cap: usize, seed: u64) -> Examples {
        Examples {
            cap,
            rng: fastrand::Rng::with_seed(seed),
            by_rule: BTreeMap::new(),
        }
    }

    fn offer(&mut self, input: &Input, result: &DocResult) {
        if self.cap == 0 {
            return;
        }
        for f in &result.findings {
            if !self.by_rule.contains_key(&f.rule) {
                self.by_rule.insert(f.rule.clone(), Reservoir::default());
            }
            let reservoir = self.by_rule.get_mut(&f.rule).expect("inserted above");
            reservoir.seen += 1;
            // Algorithm R: the n-th finding replaces a kept one with probability cap/n.
            if reservoir.kept.len() < self.cap {
                reservoir.kept.push(example(input, result, f));
            } else {
                let slot = self.rng.u64(0..reservoir.seen) as usize;
                if slot < self.cap {
                    reservoir.kept[slot] = example(input, result, f);
                }
            }
        }
    }
}

/// `s` cleaned and cut to `max` characters.
fn shorten(s: &str, max: usize) -> String {
    let s = clean(s);
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.into_owned(),
    }
}

fn example(input: &Input, result: &DocResult, f: &Finding) -> Example {
    let text = &result.text;
    // Back from the finding's first line over the context lines.
    let mut begin = text[..f.range.start].rfind('\n').map_or(0, |i| i + 1);
    let mut first = f.line_start;
    while begin > 0 && f.line_start - first < CONTEXT_LINES {
        begin = text[..begin - 1].rfind('\n').map_or(0, |i| i + 1);
        first -= 1;
    }
    let last = f.line_end + CONTEXT_LINES;
    let flagged_lines = f.line_end + 1 - f.line_start;
    let mut lines = Vec::new();
    let mut start = begin;
    for number in first..=last {
        if start > text.len() || (start == text.len() && number > f.line_end) {
            break;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let flagged = (f.line_start..=f.line_end).contains(&number);
        let nth = number.saturating_sub(f.line_start);
        if flagged && flagged_lines > HEAD_LINES + TAIL_LINES {
            if nth == HEAD_LINES {
                lines.push(Line::Gap(flagged_lines - HEAD_LINES - TAIL_LINES));
            }
            if (HEAD_LINES..flagged_lines - TAIL_LINES).contains(&nth) {
                start = end + 1;
                continue;
            }
        }
        let line = text[start..end].trim_end_matches('\r');
        lines.push(Line::Text {
            number,
            text: shorten(line, LINE_CHARS),
            flagged,
        });
        start = end + 1;
    }
    Example {
        document: shorten(&result.name(input), LABEL_CHARS),
        url: result.url.as_deref().map(|u| shorten(u, LABEL_CHARS)),
        message: shorten(&f.message, LABEL_CHARS),
        language: f.language.as_deref().map(|l| shorten(l, 16)),
        lines,
    }
}

const STYLE: &str = r#"
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1040px; padding: 0 20px 40px; color: #1d2330; background: #fff; }
h1 { margin: 24px 0 4px; font-size: 26px; }
h2 { margin: 36px 0 10px; font-size: 20px; border-bottom: 1px solid #d8dce4; padding-bottom: 4px; }
h3 { margin: 22px 0 8px; font-size: 16px; }
p.note, .muted { color: #5b6477; font-size: 13px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px; }
.card { border: 1px solid #d8dce4; border-radius: 6px; padding: 10px 12px; }
.card .value { font-size: 22px; font-weight: 600; }
.card .label { color: #5b6477; font-size: 13px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e6e9ef; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f5f8; font-weight: 600; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2330; }
svg .bar { fill: #3b6fd4; }
.example { border: 1px solid #d8dce4; border-radius: 6px; margin: 10px 0; overflow: hidden; }
.example .head { background: #f3f5f8; padding: 6px 10px; font-size: 13px; overflow-wrap: anywhere; }
.example table { width: 100%; margin: 0; font: 12.5px/1.4 ui-monospace, monospace; }
.example td { border: none; text-align: left; white-space: pre-wrap; overflow-wrap: anywhere; padding: 0 8px; }
.example td.n { width: 1%; color: #8a93a6; text-align: right; white-space: nowrap; overflow-wrap: normal; user-select: none; }
.example tr.hit td { background: #fde8b0; }
.example tr.gap td { color: #8a93a6; font-style: italic; }
pre.toml { background: #f3f5f8; padding: 8px; overflow-x: auto; }
"#;

/// Renders the page.
fn render(summary: &Summary, examples: Option<&Examples>, args: &ReportArgs) -> String {
    let t = &summary.total;
    let sources: Vec<String> = match &args.from_stats {
        Some(path) => vec![format!("the stats file {}", path.display())],
        None => args
            .input
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
    };
    let shapes = &summary.findings_by_rule;
    let fixes = shapes.values().fold([0u64; 3], |[s, u, n], shape| {
        [
            s + shape.fixes.safe,
            u + shape.fixes.unsafe_,
            n + shape.fixes.none,
        ]
    });
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "boilerlint report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "boilerlint report" }
                p.muted {
                    "Inputs: "
                    @if sources.is_empty() { "the current directory" }
                    @for (i, source) in sources.iter().enumerate() {
                        @if i > 0 { ", " }
                        code { (shorten(source, LABEL_CHARS)) }
                    }
                    @if let Some(p) = &summary.produced_by {
                        " · boilerlint " (shorten(&p.boilerlint, 32))
                    }
                }

                h2 #totals { "Totals" }
                div.cards {
                    (card(&t.documents.to_string(), "documents"))
                    (card(&bytes(t.bytes), "of text"))
                    (card(&percent(t.documents_flagged, t.documents),
                        &format!("of documents flagged ({})", t.documents_flagged)))
                    (card(&percent(t.bytes_flagged, t.bytes),
                        &format!("of bytes flagged ({})", bytes(t.bytes_flagged))))
                    (card(&t.findings.to_string(), "findings"))
                    @if !shapes.is_empty() {
                        (card(&percent(summary.fix_bytes.safe, t.bytes),
                            &format!("of bytes --fix removes ({})", bytes(summary.fix_bytes.safe))))
                        (card(&percent(summary.fix_bytes.all, t.bytes),
                            &format!("with --unsafe-fixes ({})", bytes(summary.fix_bytes.all))))
                        (card(&format!("{} / {} / {}", fixes[0], fixes[1], fixes[2]),
                            "findings with a safe / unsafe / no fix"))
                    }
                    (card(&summary.errors.to_string(), "errors (unreadable inputs or records)"))
                }
                p.note {
                    "Bytes flagged count each byte once however many findings cover it. What a fix \
                     removes is the bytes its edits cover; --fix also tidies the blank lines around them."
                }

                h2 #rules { "Per rule" }
                (breakdown(&summary.by_rule, Some(shapes)))

                h2 #languages { "Per language of the flagged text" }
                (breakdown(&summary.by_language, None))

                h2 #sites { "Top sites by flagged share" }
                (sites(summary))

                h2 #sizes { "Finding sizes" }
                (sizes(summary))

                h2 #positions { "Where findings sit in their document" }
                (positions(shapes))

                h2 #examples { "Examples" }
                (examples_section(examples, args.examples))

                h2 #produced-by { "What produced this report" }
                (produced_by(summary))
            }
        }
    };
    page.into_string()
}

fn card(value: &str, label: &str) -> Markup {
    html! {
        div.card { div.value { (value) } div.label { (label) } }
    }
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0%".into()
    } else {
        format!("{:.2}%", part as f64 * 100.0 / whole as f64)
    }
}

fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A horizontal bar chart: one bar per (label, value, shown value), scaled to the largest.
fn bars(title: &str, rows: &[(String, f64, String)]) -> Markup {
    const LABEL: f64 = 170.0;
    const WIDTH: f64 = 640.0;
    const BAR: f64 = 360.0;
    const ROW: f64 = 22.0;
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let height = ROW * rows.len() as f64 + 4.0;
    html! {
        svg width=(WIDTH) height=(height) viewBox=(format!("0 0 {WIDTH} {height}"))
            role="img" aria-label=(title) {
            title { (title) }
            @for (i, (label, value, shown)) in rows.iter().enumerate() {
                @let y = ROW * i as f64 + 2.0;
                @let w = if max > 0.0 { (value / max * BAR).max(1.0) } else { 1.0 };
                text x=(LABEL - 8.0) y=(y + 15.0) text-anchor="end" { (shorten(label, 24)) }
                rect.bar x=(LABEL) y=(y + 3.0) width=(format!("{w:.1}")) height=(ROW - 6.0) {}
                text x=(LABEL + w + 6.0) y=(y + 15.0) { (shown) }
            }
        }
    }
}

/// Rows sorted by bytes flagged, most first.
fn sorted(map: &BTreeMap<String, Counts>) -> Vec<(&String, &Counts)> {
    let mut rows: Vec<(&String, &Counts)> = map.iter().collect();
    rows.sort_by(|a, b| b.1.bytes_flagged.cmp(&a.1.bytes_flagged).then(a.0.cmp(b.0)));
    rows
}

/// The chart and table of a breakdown (per rule, per language).
fn breakdown(map: &BTreeMap<String, Counts>, shapes: Option<&BTreeMap<String, Shape>>) -> Markup {
    if map.is_empty() {
        return html! { p.muted { "Nothing flagged." } };
    }
    let rows = sorted(map);
    let chart = share_chart(&rows);
    html! {
        (bars("share of bytes flagged", &chart))
        table {
            thead { tr {
                th { "" } th { "documents" } th { "% documents" } th { "findings" }
                th { "bytes flagged" } th { "% bytes" }
                @if shapes.is_some() { th { "safe fix" } th { "unsafe fix" } th { "no fix" } }
            } }
            tbody {
                @for (name, c) in &rows {
                    tr {
                        td { (shorten(name, LABEL_CHARS)) }
                        td { (c.documents_flagged) }
                        td { (percent(c.documents_flagged, c.documents)) }
                        td { (c.findings) }
                        td { (c.bytes_flagged) }
                        td { (percent(c.bytes_flagged, c.bytes)) }
                        @if let Some(shapes) = shapes {
                            @let f = shapes.get(*name).map(|s| &s.fixes);
                            td { (f.map_or(0, |f| f.safe)) }
                            td { (f.map_or(0, |f| f.unsafe_)) }
                            td { (f.map_or(0, |f| f.none)) }
                        }
                    }
                }
            }
        }
    }
}

/// The bars of a breakdown: each name with its share of bytes flagged.
fn share_chart<N: std::fmt::Display>(rows: &[(N, &Counts)]) -> Vec<(String, f64, String)> {
    rows.iter()
        .map(|(name, c)| {
            (
                name.to_string(),
                c.share(),
                percent(c.bytes_flagged, c.bytes),
            )
        })
        .collect()
}

fn sites(summary: &Summary) -> Markup {
    if summary.top_sites.is_empty() {
        return html! {
            p.muted { "No document had a URL (JSONL records with a url field give sites)." }
        };
    }
    let mut rows: Vec<(&String, &Counts)> = summary
        .top_sites
        .iter()
        .map(|s| (&s.site, &s.counts))
        .collect();
    rows.sort_by(|a, b| b.1.share().total_cmp(&a.1.share()).then(a.0.cmp(b.0)));
    let chart = share_chart(&rows);
    html! {
        p.note {
            "The " (rows.len()) " sites (of " (summary.sites) ") with the most bytes flagged, \
             ordered by the share of their bytes flagged. Sites are URL hosts without www."
        }
        (bars("share of a site's bytes flagged", &chart))
        table {
            thead { tr {
                th { "site" } th { "documents" } th { "flagged" } th { "% documents" }
                th { "findings" } th { "bytes" } th { "bytes flagged" } th { "% bytes" }
            } }
            tbody {
                @for (site, c) in &rows {
                    tr {
                        td { (shorten(site, LABEL_CHARS)) }
                        td { (c.documents) }
                        td { (c.documents_flagged) }
                        td { (percent(c.documents_flagged, c.documents)) }
                        td { (c.findings) }
                        td { (c.bytes) }
                        td { (c.bytes_flagged) }
                        td { (percent(c.bytes_flagged, c.bytes)) }
                    }
                }
            }
        }
    }
}

fn sizes(summary: &Summary) -> Markup {
    let shapes = &summary.findings_by_rule;
    if shapes.is_empty() {
        return html! { p.muted { "No findings (or a stats file without finding sizes)." } };
    }
    let classes = &summary.size_classes;
    let total: Vec<u64> = (0..classes.len())
        .map(|i| {
            shapes
                .values()
                .map(|s| s.sizes.get(i).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let chart: Vec<(String, f64, String)> = classes
        .iter()
        .zip(&total)
        .map(|(class, &n)| (class.clone(), n as f64, n.to_string()))
        .collect();
    html! {
        (bars("findings per size class", &chart))
        table {
            thead { tr {
                th { "rule" }
                @for class in classes { th { (shorten(class, 24)) } }
            } }
            tbody {
                @for (rule, shape) in shapes {
                    tr {
                        td { (shorten(rule, LABEL_CHARS)) }
                        @for i in 0..classes.len() { td { (shape.sizes.get(i).copied().unwrap_or(0)) } }
                    }
                }
            }
        }
    }
}

fn positions(shapes: &BTreeMap<String, Shape>) -> Markup {
    if shapes.is_empty() {
        return html! { p.muted { "No findings (or a stats file without positions)." } };
    }
    let sum = |f: fn(&Shape) -> u64| shapes.values().map(f).sum::<u64>();
    let total = [
        sum(|s| s.positions.start),
        sum(|s| s.positions.middle),
        sum(|s| s.positions.end),
    ];
    let names = ["start", "middle", "end"];
    let chart: Vec<(String, f64, String)> = names
        .iter()
        .zip(total)
        .map(|(name, n)| (format!("{name} third"), n as f64, n.to_string()))
        .collect();
    html! {
        p.note { "By the third of its document a finding's middle falls in." }
        (bars("findings per third of the document", &chart))
        table {
            thead { tr { th { "rule" } th { "start" } th { "middle" } th { "end" } } }
            tbody {
                @for (rule, shape) in shapes {
                    tr {
                        td { (shorten(rule, LABEL_CHARS)) }
                        td { (shape.positions.start) }
                        td { (shape.positions.middle) }
                        td { (shape.positions.end) }
                    }
                }
            }
        }
    }
}

fn examples_section(examples: Option<&Examples>, cap: usize) -> Markup {
    let Some(examples) = examples else {
        return html! {
            p.muted {
                "A stats file holds no text: run boilerlint report on the corpus to see examples."
            }
        };
    };
    if examples.by_rule.is_empty() {
        return html! { p.muted { "No findings." } };
    }
    html! {
        p.note {
            "Up to " (cap) " findings per rule, drawn at random (with a fixed seed) from all of \
             its findings; flagged lines are highlighted."
        }
        @for (rule, reservoir) in &examples.by_rule {
            h3 { (shorten(rule, LABEL_CHARS)) " " span.muted { "(" (reservoir.kept.len()) " of " (reservoir.seen) ")" } }
            @for example in &reservoir.kept {
                div.example {
                    div.head {
                        strong { (example.document) }
                        @if let Some(url) = &example.url { " · " span.url { (url) } }
                        @if let Some(language) = &example.language { " · " (language) }
                        br;
                        (example.message)
                    }
                    table {
                        @for line in &example.lines {
                            @match line {
                                Line::Text { number, text, flagged } => {
                                    tr class=[flagged.then_some("hit")] {
                                        td.n { (number) } td { (text) }
                                    }
                                }
                                Line::Gap(n) => {
                                    tr.gap.hit { td.n { "…" } td { (n) " more flagged lines" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn produced_by(summary: &Summary) -> Markup {
    let Some(p) = &summary.produced_by else {
        return html! { p.muted { "The stats file does not say (it was written by an older boilerlint)." } };
    };
    let list = |names: &[String]| names.join(", ");
    html! {
        p {
            "boilerlint " (shorten(&p.boilerlint, 32))
            @if let Some(select) = &p.select { "; --select " code { (shorten(&list(select), LABEL_CHARS)) } }
            @if !p.extend_select.is_empty() { "; --extend-select " code { (shorten(&list(&p.extend_select), LABEL_CHARS)) } }
            @if !p.ignore.is_empty() { "; --ignore " code { (shorten(&list(&p.ignore), LABEL_CHARS)) } }
        }
        @for config in &p.configs {
            h3 {
                "Config: "
                @match &config.path {
                    Some(path) => code { (shorten(path, LABEL_CHARS)) },
                    None => "the built-in defaults (no boilerlint.toml)",
                }
                @if config.overrides > 0 { span.muted { " (" (config.overrides) " [[overrides]])" } }
            }
            table {
                thead { tr {
                    th { "plugin" } th { "version" } th { "rule" } th { "severity" } th { "fix" }
                    th { "enabled" }
                } }
                tbody {
                    @for plugin in &config.plugins {
                        @for rule in &plugin.rules {
                            tr {
                                td { (shorten(&plugin.name, 64)) }
                                td { (shorten(&plugin.version, 32)) }
                                td { (shorten(&rule.id, 64)) }
                                td { (shorten(&rule.severity, 16)) }
                                td { (shorten(&rule.fix, 16)) }
                                td { (if rule.enabled { "yes" } else { "no" }) }
                            }
                        }
                    }
                }
            }
            @for plugin in &config.plugins {
                p.note { (shorten(&plugin.name, 64)) ": " (shorten(&plugin.built_with, LABEL_CHARS)) }
            }
            @for (key, toml) in &config.options {
                p { code { "[rules." (shorten(key, 64)) "]" } }
                pre.toml { (clean_lines(toml)) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of `n` lines `line 1`..`line n` with a finding over lines `from..=to`.
    fn finding_in(n: usize, from: usize, to: usize) -> (Input, DocResult, Finding) {
        let text: String = (1..=n).map(|i| format!("line {i}\n")).collect();
        let offset = |line: usize| text.match_indices("line ").nth(line - 1).unwrap().0;
        let end = if to == n { text.len() } else { offset(to + 1) };
        let finding = Finding {
            rule: "r".into(),
            plugin: "p".into(),
            severity: boilerlint_plugin::Severity::Warning,
            message: "m".into(),
            range: offset(from)..end,
            line_start: from,
            line_end: to,
            column: 1,
            language: None,
            score: 1.0,
            fix: None,
        };
        let result = DocResult {
            bytes: text.len(),
            text,
            ..DocResult::default()
        };
        (Input::file("a.txt".into()), result, finding)
    }

    fn shown(example: &Example) -> Vec<String> {
        example
            .lines
            .iter()
            .map(|line| match line {
                Line::Text {
                    number,
                    text,
                    flagged,
                } => format!("{number}{} {text}", if *flagged { "!" } else { "" }),
                Line::Gap(n) => format!("... {n}"),
            })
            .collect()
    }

    #[test]
    fn an_example_is_its_flagged_lines_with_two_lines_around() {
        let (input, result, f) = finding_in(10, 4, 5);
        assert_eq!(
            shown(&example(&input, &result, &f)),
            [
                "2 line 2",
                "3 line 3",
                "4! line 4",
                "5! line 5",
                "6 line 6",
                "7 line 7"
            ]
        );
        // At the edges of the document, what there is.
        let (input, result, f) = finding_in(3, 1, 1);
        assert_eq!(
            shown(&example(&input, &result, &f)),
            ["1! line 1", "2 line 2", "3 line 3"]
        );
        let (input, result, f) = finding_in(3, 3, 3);
        assert_eq!(
            shown(&example(&input, &result, &f)),
            ["1 line 1", "2 line 2", "3! line 3"]
        );
    }

    #[test]
    fn a_long_finding_shows_its_first_and_last_lines() {
        let (input, result, f) = finding_in(40, 3, 32);
        let lines = shown(&example(&input, &result, &f));
        assert_eq!(lines.len(), 2 + HEAD_LINES + 1 + TAIL_LINES + 2);
        assert_eq!(lines[2], "3! line 3");
        assert_eq!(lines[2 + HEAD_LINES], "... 16");
        assert_eq!(lines[lines.len() - 3], "32! line 32");
        assert_eq!(lines[lines.len() - 1], "34 line 34");
    }

    #[test]
    fn the_sample_keeps_at_most_cap_per_rule_and_counts_all() {
        let (input, mut result, f) = finding_in(10, 4, 5);
        result.findings = vec![f; 7];
        let mut examples = Examples::new(3, 0);
        examples.offer(&input, &result);
        examples.offer(&input, &result);
        let reservoir = &examples.by_rule["r"];
        assert_eq!((reservoir.seen, reservoir.kept.len()), (14, 3));
    }
}
