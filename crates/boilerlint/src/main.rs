//! The `boilerlint` command: a thin layer over `boilerlint-core` that reads inputs, prints
//! diagnostics and maps the outcome to an exit code (0: no findings remain, 1: findings remain,
//! 2: an error).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod check;
mod output;
mod plugins;
mod scaffold;

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
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files, directories (recursively: .txt and .md) or standard input ('-').
    Check(CheckArgs),
    /// Print a rule's documentation.
    Rule {
        /// The rule's id, e.g. cookie-banner.
        rule: String,
    },
    /// List the plugins and rules loaded, and where plugins were looked for.
    Plugins,
    /// Write a new plugin crate, ready to build and load.
    NewPlugin(scaffold::NewPluginArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to check; '-' reads standard input. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Apply safe fixes, writing files in place.
    #[arg(long)]
    pub fix: bool,
    /// Apply unsafe fixes too (with --diff: show them).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with the flagged text, for people.
    Human,
    /// One JSON object with every file and finding.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => check::run(&cli, args),
        Command::Rule { rule } => plugins::rule(&cli, rule),
        Command::Plugins => plugins::list(&cli),
        Command::NewPlugin(args) => scaffold::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "error: {error:#}");
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
