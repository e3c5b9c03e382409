//! The `boilerlint` command: a thin layer over `boilerlint-core` that reads inputs, prints
//! diagnostics and maps the outcome to an exit code (0: no findings remain, 1: findings remain,
//! 2: an error).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// `eprintln!` that never panics: a closed stderr (`boilerlint check 2>&1 | head -1`) silences
/// the messages, and the run goes on to its exit code.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod baseline;
mod check;
mod eval;
mod input;
mod output;
mod plugins;
mod report;
mod sarif;
mod scaffold;
mod stats;

/// Lint scraped article text for contamination: cookie banners, ad notices, paragraphs in
/// another language.
#[derive(Debug, Parser)]
#[command(name = "boilerlint", version, max_term_width = 100)]
pub struct Cli {
    /// Use this config file instead of the `boilerlint.toml` found above each checked path.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Load a plugin library (repeatable). Found before any other plugin of the same name.
    #[arg(long = "plugin", global = true, value_name = "PATH")]
    pub plugins: Vec<PathBuf>,
    /// Load only plugins named by --plugin and the config file: not those of
    /// BOILERLINT_PLUGIN_PATH nor those beside the executable.
    #[arg(long, global = true)]
    pub no_default_plugins: bool,
    /// Load plugins built with panic = "abort" (a crash in them aborts boilerlint).
    #[arg(long, global = true)]
    pub allow_panic_abort: bool,
    /// Ignore every config file (boilerlint.toml, .boilerlint.toml, pyproject.toml): the
    /// defaults and the command line only.
    #[arg(long, global = true, conflicts_with = "config")]
    pub isolated: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files, directories (recursively: .txt, .md, .jsonl[.gz|.zst]) or standard input
    /// ('-').
    Check(CheckArgs),
    /// Measure the share of boilerplate in a corpus: documents and bytes flagged per rule,
    /// language and site.
    Stats(StatsArgs),
    /// Write one self-contained HTML page on a corpus's boilerplate: `stats`' figures as charts
    /// and tables, sampled examples, and the rules that produced them (docs/report.md).
    Report(ReportArgs),
    /// A streaming stage for corpus pipelines: JSONL records on stdin, one cleaned (or
    /// annotated) record per input line on stdout, in order; diagnostics on stderr.
    Filter(FilterArgs),
    /// Score the rules against labeled documents: precision, recall and F1 per rule, per
    /// language, per document, and what --fix would remove (docs/eval.md).
    Eval(EvalArgs),
    /// Print a rule's documentation (or every rule's, with --all).
    Rule {
        /// The rule's id, e.g. cookie-banner.
        #[arg(required_unless_present = "all")]
        rule: Option<String>,
        /// Every rule loaded.
        #[arg(long, conflicts_with = "rule")]
        all: bool,
        /// Output format: the documentation as text, or JSON (one object per rule, in an
        /// array with --all).
        #[arg(long = "output-format", alias = "format", value_enum, default_value_t = RuleFormat::Text)]
        format: RuleFormat,
    },
    /// Print the documentation of every rule loaded.
    Rules,
    /// List the plugins and rules loaded, and where plugins were looked for.
    Plugins,
    /// Write a new plugin crate, ready to build and load.
    NewPlugin(scaffold::NewPluginArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to standard output.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output.
    Manpage,
}

/// Which documents to read, and how.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files and directories to check; '-' reads standard input. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// The path standard input stands for ('-'): its config, overrides and site rules apply,
    /// and its name says whether it is JSONL.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Skip paths matching this glob, even when named explicitly (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// In directories, check hidden files and those the git repository's ignore files exclude
    /// too (ignore files apply only inside a git repository).
    #[arg(long)]
    pub no_ignore: bool,
    /// The JSONL field or Parquet column holding the text (`a.b`: field `b` of struct `a`).
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// The JSONL field or Parquet column holding the record's id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
    /// The JSONL field or Parquet column holding the record's URL (for per-site statistics;
    /// plugins get it, and site-rules' `domain` matches its host).
    #[arg(long, default_value = "url", value_name = "FIELD")]
    pub url_field: String,
    /// The JSONL field or Parquet column holding the record's declared language (plugins get
    /// it; off-language takes it as the likely main language).
    #[arg(long, default_value = "language", value_name = "FIELD")]
    pub lang_field: String,
    /// Check only these rules or plugins (comma-separated; replaces the config's `select`).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Option<Vec<String>>,
    /// Check these rules or plugins in addition to the selected ones.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub extend_select: Vec<String>,
    /// Do not check these rules or plugins.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Check only part I of N of the inputs (0-based: 0/4 .. 3/4), so a batch scheduler's
    /// array job can split a corpus; inputs are split by their sorted order.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
}

fn parse_shard(value: &str) -> Result<(usize, usize), String> {
    let (i, n) = value
        .split_once('/')
        .ok_or_else(|| format!("expected I/N, e.g. 0/4, not {value:?}"))?;
    let (i, n): (usize, usize) = (
        i.parse().map_err(|_| format!("{i:?} is not a number"))?,
        n.parse().map_err(|_| format!("{n:?} is not a number"))?,
    );
    if n == 0 || i >= n {
        return Err(format!("I must be below N in I/N, not {value:?}"));
    }
    Ok((i, n))
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// The field holding the text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// The field holding the record's id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
    /// The field holding the record's URL (plugins get it).
    #[arg(long, default_value = "url", value_name = "FIELD")]
    pub url_field: String,
    /// The field holding the record's declared language (plugins get it).
    #[arg(long, default_value = "language", value_name = "FIELD")]
    pub lang_field: String,
    /// Write each record's Dolma attributes line instead of the cleaned record.
    #[arg(long)]
    pub attributes: bool,
    /// Apply unsafe fixes too.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Write an empty line for records that fixing left empty (the output still has one line
    /// per input line).
    #[arg(long)]
    pub drop_empty: bool,
    /// Check only these rules or plugins.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Option<Vec<String>>,
    /// Do not check these rules or plugins.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The labels file: JSON Lines, one object per document (docs/eval.md).
    #[arg(long, value_name = "FILE")]
    pub labels: PathBuf,
    /// Score only the labeled documents under these files and directories (default: every
    /// document of the labels file).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    pub format: EvalFormat,
    /// Apply unsafe fixes too in the fix check.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// List at most N misses, false alarms and cross lines per rule, or `all`.
    #[arg(long, default_value = "20", value_name = "N|all", value_parser = parse_show)]
    pub show: Show,
    /// Exit with 1 when RULE's line-level F1 is under F1 (repeatable).
    #[arg(long = "min-f1", value_name = "RULE=F1", value_parser = parse_floor)]
    pub min_f1: Vec<(String, f64)>,
    /// Also score two plain baselines: `baseline:whatlang` (for off-language) and
    /// `baseline:c4-policy` (for cookie-banner).
    #[arg(long)]
    pub baselines: bool,
    /// baseline:whatlang takes each document's main language from its label's `lang` instead
    /// of detecting it.
    #[arg(long, requires = "baselines")]
    pub baseline_lang_from_labels: bool,
    /// The JSONL field holding the text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// The JSONL field holding the record's id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
    /// Score only these rules or plugins (comma-separated; replaces the config's `select`).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Option<Vec<String>>,
    /// Score these rules or plugins in addition to the selected ones.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub extend_select: Vec<String>,
    /// Do not score these rules or plugins.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// How many cases `eval` lists per rule (`None`: all).
#[derive(Clone, Copy, Debug)]
pub struct Show(pub Option<usize>);

fn parse_show(value: &str) -> Result<Show, String> {
    if value == "all" {
        return Ok(Show(None));
    }
    value
        .parse()
        .map(|n| Show(Some(n)))
        .map_err(|_| format!("expected a number or `all`, not {value:?}"))
}

fn parse_floor(value: &str) -> Result<(String, f64), String> {
    let (rule, floor) = value
        .split_once('=')
        .ok_or_else(|| format!("expected RULE=F1, e.g. cookie-banner=0.9, not {value:?}"))?;
    let floor: f64 = floor
        .parse()
        .ok()
        .filter(|f| (0.0..=1.0).contains(f))
        .ok_or_else(|| format!("the floor must be a number from 0 to 1, not {floor:?}"))?;
    Ok((rule.to_string(), floor))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// Tables and a list of lines, for people.
    Human,
    /// One JSON object with every figure and every listed line.
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format (`--format` is an alias). `attributes` writes Dolma attribute files under
    /// --output instead, and a summary on stdout.
    #[arg(long = "output-format", alias = "format", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Apply fixes, writing files in place (or under --output): the safe ones, and the unsafe
    /// ones too with --unsafe-fixes.
    #[arg(long)]
    pub fix: bool,
    /// Include unsafe fixes in what --fix applies and --diff shows. Alone it changes no file:
    /// the summary then counts the unsafe fixes as fixable.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (also with --fix: nothing is
    /// written).
    #[arg(long)]
    pub diff: bool,
    /// With --fix (or --output-format attributes): write fixed files and shards (or attribute
    /// files) under this directory, at the same relative paths, instead of in place. Outputs
    /// a completed earlier run wrote with the same settings are skipped, so an interrupted run
    /// can be resumed.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Exit with 0 even when findings remain (errors still exit with 2).
    #[arg(long, conflicts_with = "exit_non_zero_on_fix")]
    pub exit_zero: bool,
    /// With --fix: exit with 1 when a fix was applied, even if no finding remains.
    #[arg(long)]
    pub exit_non_zero_on_fix: bool,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// With --fix: list, per file, how many findings the fixes removed.
    #[arg(long)]
    pub show_fixes: bool,
    /// Print the files that would be checked, and exit.
    #[arg(long)]
    pub show_files: bool,
    /// Print each checked file's config and the rules enabled for it, and exit.
    #[arg(long, conflicts_with = "show_files")]
    pub show_settings: bool,
    /// Redo outputs that an earlier run wrote already.
    #[arg(long)]
    pub force: bool,
    /// Drop JSONL records that fixing left empty (record counts then differ; Parquet shards
    /// keep every row).
    #[arg(long)]
    pub drop_empty: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// How many sites to list.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top_sites: usize,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the HTML page to this file.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Draw the page from a `stats --format json` file (a merged cluster run's, say) instead
    /// of scanning; it holds no text, so the page has no examples.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub from_stats: Option<PathBuf>,
    /// How many sites to list.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top_sites: usize,
    /// Sampled examples per rule.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub examples: usize,
    /// Seed of the sampling: the same corpus and seed give the same examples.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub seed: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with the flagged text, for people.
    Human,
    /// One line per finding, `path:line:column: rule [*] message` (`[*]`: `--fix` removes it),
    /// and the summary.
    Concise,
    /// One JSON object with every file and finding.
    Json,
    /// One JSON object per finding, per line, as they are found.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// Dolma attribute files (one per JSONL or Parquet shard, under --output, as JSON Lines);
    /// a summary on stdout.
    Attributes,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    /// The documentation, as Markdown text.
    Text,
    /// JSON: id, plugin, summary, severity, fix and documentation.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Tables for people.
    Table,
    /// One JSON object.
    Json,
}

/// Large allocations (from this size) are mapped from the system and returned to it when
/// freed. glibc otherwise raises this threshold to the size of the largest block freed so far,
/// and from then on serves such blocks (decompressed Parquet pages, batches of rows, chunks of
/// lines) from its per-thread heaps, which keep the memory: streaming a 200 MB Parquet shard
/// peaked at 76 MiB with the moving threshold and 61 MiB with this one (`bench/parquet.sh`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 << 10;

/// Fixes glibc's threshold for mapping allocations (see [`MMAP_THRESHOLD`]).
fn init_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of glibc's allocator; it is called first thing in
    // `main`, before any other thread exists, and a refused value leaves the default.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

fn main() -> ExitCode {
    init_allocator();
    boilerlint_corpus::replace::init_umask();
    let cli = Cli::parse();
    // A first Ctrl-C (or SIGTERM) stops cleanly: files are either as they were or fully
    // written. A second one exits at once.
    let _ = ctrlc::set_handler(|| {
        if boilerlint_corpus::pipeline::INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            std::process::exit(130);
        }
    });
    let result = match &cli.command {
        Command::Check(args) => check::run(&cli, args),
        Command::Stats(args) => stats::run(&cli, args),
        Command::Report(args) => report::run(&cli, args),
        Command::Eval(args) => eval::run(&cli, args),
        Command::Filter(args) => check::filter(&cli, args),
        Command::Rule { rule, all, format } => {
            plugins::rule(&cli, rule.as_deref().filter(|_| !all), *format)
        }
        Command::Rules => plugins::rules(&cli),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "boilerlint", &mut std::io::stdout());
            Ok(0)
        }
        Command::Manpage => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command)
                .render(&mut std::io::stdout())
                .map(|()| 0)
                .map_err(Into::into)
        }
        Command::Plugins => plugins::list(&cli),
        Command::NewPlugin(args) => scaffold::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let message = format!("{error:#}");
            let _ = writeln!(
                std::io::stderr(),
                "error: {}",
                boilerlint_corpus::escape::clean_message(&message)
            );
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`boilerlint check | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
