//! `boilerlint check`: gather inputs, give each its config's linter, run the pipeline, report,
//! and map the outcome to an exit code.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use boilerlint_core::config::{find_config, Selection};
use boilerlint_core::{Linter, Severity};

use crate::baseline::Baseline;
use crate::input;
use crate::output::{self, Report};
use crate::{CheckArgs, Cli, Format, InputArgs};
use boilerlint_core::session::Session;
use boilerlint_corpus::escape::{clean, clean_message};
use boilerlint_corpus::input::{kind_of, Input, Kind};
use boilerlint_corpus::jsonl::Fields;
use boilerlint_corpus::outputs;
use boilerlint_corpus::pipeline::{self, Destination, FixMode, Known, Settings, Sink};
use boilerlint_corpus::resume::Resume;

/// Inputs with their linters, ready to run.
pub struct Prepared {
    pub inputs: Vec<Input>,
    pub linters: Vec<Linter>,
    /// Index into `linters` for each input; `None` when its config failed.
    pub linter_of: Vec<Option<usize>>,
    /// Problems of the set-up: config, plugins, output plan (each makes the exit code 2, and
    /// a run that writes writes nothing then).
    pub errors: Vec<String>,
    /// Problems with inputs named or found (missing files, broken links): each makes the exit
    /// code 2, and the run goes on with the others.
    pub input_errors: Vec<String>,
    pub warnings: Vec<String>,
    pub pool: rayon::ThreadPool,
}

impl Prepared {
    /// Prints what preparing met on stderr: warnings, then errors.
    pub fn print_problems(&self) {
        for warning in &self.warnings {
            say!("warning: {}", clean_message(warning));
        }
        for error in self.input_errors.iter().chain(&self.errors) {
            say!("error: {}", clean_message(error));
        }
    }

    /// Keeps only the inputs `keep` accepts, each with its linter.
    fn retain_inputs(&mut self, mut keep: impl FnMut(&Input) -> bool) {
        let kept: Vec<bool> = self.inputs.iter().map(&mut keep).collect();
        let mut flags = kept.iter();
        self.inputs
            .retain(|_| *flags.next().expect("one flag per input"));
        let mut flags = kept.iter();
        self.linter_of
            .retain(|_| *flags.next().expect("one flag per input"));
    }

    /// Runs the pipeline over the prepared inputs, each with its linter, into `sink`.
    pub fn run(&self, settings: &Settings, sink: &mut (dyn Sink + Send)) -> std::io::Result<()> {
        let linters: Vec<Option<&Linter>> = self
            .linter_of
            .iter()
            .map(|i| i.map(|i| &self.linters[i]))
            .collect();
        pipeline::run(&self.inputs, &linters, settings, &self.pool, sink)
    }
}

/// Collects inputs, finds their configs, loads plugins, builds linters.
pub fn prepare(cli: &Cli, args: &InputArgs) -> Result<Prepared> {
    let mut session = crate::plugins::session(cli);
    let mut input_errors = Vec::new();
    let mut inputs = input::collect(
        &args.paths,
        &args.exclude,
        args.no_ignore,
        &mut input_errors,
        &mut session.warnings,
    );
    // Standard input named by --stdin-filename: messages use the name, and it says whether
    // the input is JSONL.
    if let Some(name) = &args.stdin_filename {
        for input in inputs.iter_mut().filter(|i| i.path.is_none()) {
            input.display = name.display().to_string();
            input.kind = kind_of(name).unwrap_or(Kind::Text);
        }
    }
    if let Some((part, parts)) = args.shard {
        inputs = inputs
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % parts == part)
            .map(|(_, input)| input)
            .collect();
    }
    let mut prepared = prepare_inputs(cli, args, inputs, session)?;
    prepared.input_errors = input_errors;
    Ok(prepared)
}

/// [`prepare`] for given inputs.
pub fn prepare_inputs(
    cli: &Cli,
    args: &InputArgs,
    inputs: Vec<Input>,
    mut session: Session,
) -> Result<Prepared> {
    let selection =
        Selection::command_line(args.select.as_deref(), &args.extend_select, &args.ignore);
    // Each input's config: --config, or the nearest boilerlint.toml above it.
    let mut config_of_dir: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut config_index: HashMap<Option<PathBuf>, Option<usize>> = HashMap::new();
    let mut linters = Vec::new();
    let mut linter_of = Vec::with_capacity(inputs.len());
    let mut build = |config: Option<PathBuf>, session: &mut Session| {
        *config_index.entry(config.clone()).or_insert_with(|| {
            session.linter(config.as_deref(), &selection).map(|linter| {
                linters.push(linter);
                linters.len() - 1
            })
        })
    };
    for input in &inputs {
        let config = match (&cli.config, &input.path) {
            _ if cli.isolated => None,
            (Some(path), _) => Some(path.clone()),
            (None, None) => find_config(args.stdin_filename.as_deref().unwrap_or(Path::new("."))),
            (None, Some(path)) => {
                let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
                config_of_dir
                    .entry(dir)
                    .or_insert_with(|| find_config(path))
                    .clone()
            }
        };
        linter_of.push(build(config, &mut session));
    }
    if inputs.is_empty() {
        // Still check the config and plugins when there is nothing to read.
        build(cli.config.clone(), &mut session);
    }
    // A linter without any plugin, when finding them failed, checks nothing: its inputs are
    // reported as not checked rather than as clean.
    if !session.errors.is_empty() {
        for index in linter_of.iter_mut() {
            if index.is_some_and(|i| linters[i].plugins().next().is_none()) {
                *index = None;
            }
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    Ok(Prepared {
        inputs,
        linters,
        linter_of,
        errors: session.errors,
        input_errors: Vec::new(),
        warnings: session.warnings,
        pool,
    })
}

pub fn fields(args: &InputArgs) -> Fields {
    Fields {
        text: args.text_field.clone(),
        id: args.id_field.clone(),
        url: args.url_field.clone(),
        lang: args.lang_field.clone(),
    }
}

/// A progress bar on stderr for runs over more than a few inputs, when stderr is a terminal.
pub fn progress(inputs: &[Input], quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let total: u64 = inputs.iter().map(Input::size).sum();
    if total < 4 << 20 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}",
        )
        .expect("a valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    Some(bar)
}

/// `--show-files`: the files a run would check, one per line.
fn show_files(prepared: &Prepared) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    for input in &prepared.inputs {
        writeln!(out, "{}", clean(&input.display))?;
    }
    out.flush()?;
    Ok(if prepared.input_errors.is_empty() {
        0
    } else {
        2
    })
}

/// `--show-settings`: each input's config file and the rules enabled for it.
fn show_settings(prepared: &Prepared, args: &CheckArgs) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    for (input, linter) in prepared.inputs.iter().zip(&prepared.linter_of) {
        writeln!(out, "{}", clean(&input.display))?;
        let Some(linter) = linter.map(|i| &prepared.linters[i]) else {
            writeln!(out, "  not checked: the set-up has errors (see above)")?;
            continue;
        };
        let config = linter.config().path.as_ref().map_or_else(
            || "none (the defaults)".to_string(),
            |p| clean(&p.display().to_string()).into_owned(),
        );
        writeln!(out, "  config: {config}")?;
        let path = input
            .path
            .as_deref()
            .or(args.input.stdin_filename.as_deref());
        let enabled: Vec<String> = linter
            .plugins()
            .zip(linter.enabled_rules(path))
            .flat_map(|(plugin, on)| {
                plugin
                    .rules
                    .iter()
                    .zip(on)
                    .filter(|(_, on)| *on)
                    .map(|(rule, _)| format!("{} ({} {})", rule.id, plugin.name, plugin.version))
                    .collect::<Vec<_>>()
            })
            .collect();
        writeln!(out, "  rules: {}", enabled.join(", "))?;
    }
    out.flush()?;
    let failed = !prepared.errors.is_empty() || !prepared.input_errors.is_empty();
    Ok(if failed { 2 } else { 0 })
}

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<u8> {
    // As ruff does: --fix applies, --diff shows (and wins over --fix: nothing is written),
    // --unsafe-fixes only widens what the other two apply.
    let mode = if args.diff {
        FixMode::Diff {
            unsafe_fixes: args.unsafe_fixes,
        }
    } else if args.fix {
        FixMode::Fix {
            unsafe_fixes: args.unsafe_fixes,
        }
    } else {
        FixMode::Check
    };
    if args.output.is_some() && args.format != Format::Attributes && !args.fix {
        bail!(
            "--output DIR is where --fix writes fixed copies (or --output-format attributes its \
             files): add --fix, or drop --output"
        );
    }
    if args.output.is_some() && args.diff && args.format != Format::Attributes {
        bail!("--diff writes nothing, so --output has nothing to write: drop one of them");
    }
    let mut prepared = prepare(cli, &args.input)?;
    if args.show_files || args.show_settings {
        prepared.print_problems();
        return if args.show_files {
            show_files(&prepared)
        } else {
            show_settings(&prepared, args)
        };
    }
    let attributes = match (args.format, &args.output) {
        (Format::Attributes, Some(dir)) => Some(dir.clone()),
        (Format::Attributes, None) => bail!("--format attributes needs --output DIR"),
        _ => None,
    };
    if attributes.is_some() && mode != FixMode::Check {
        bail!("--format attributes annotates without changing the text: drop --fix/--diff");
    }
    if attributes.is_some() {
        if let Some(text) = prepared.inputs.iter().find(|i| i.kind == Kind::Text) {
            bail!(
                "{}: --format attributes needs JSONL or Parquet shards (Dolma attributes are per record)",
                text.display
            );
        }
    }
    let baseline = match &args.baseline {
        Some(path) => Some(Arc::new(Baseline::load(path)?)),
        None => None,
    };
    let output_dir = match (&attributes, mode, &args.output) {
        (Some(dir), _, _) | (None, FixMode::Fix { .. }, Some(dir)) => Some(dir.clone()),
        _ => None,
    };
    if let Some(dir) = &output_dir {
        plan_outputs(&mut prepared, dir, &args.input.paths, attributes.is_some());
    }
    let writes = output_dir.is_some()
        || matches!(mode, FixMode::Fix { .. })
        || args.write_baseline.is_some();
    if writes && !prepared.errors.is_empty() {
        prepared.print_problems();
        say!("error: nothing was written: the set-up has the errors above; fix them first");
        return Ok(2);
    }
    let resume = output_dir.as_ref().map(|dir| {
        let run = run_settings(args, mode, &baseline);
        Resume::new(dir.clone(), args.force, run, attributes.is_some())
    });
    let settings = Settings {
        mode,
        fields: fields(&args.input),
        keep_text: matches!(args.format, Format::Human | Format::Concise),
        destination: match &args.output {
            Some(dir) if attributes.is_none() => Destination::Dir(dir.clone()),
            _ => Destination::InPlace,
        },
        drop_empty: args.drop_empty,
        attributes,
        resume,
        baseline: baseline.map(|b| b as Arc<dyn Known>),
        fingerprint: args
            .write_baseline
            .is_some()
            .then_some(crate::baseline::fingerprint as fn(&str) -> String),
        stdin_path: args.input.stdin_filename.clone(),
    };
    // Fixing standard input writes the fixed text to stdout: the report goes to stderr then.
    let fixing_stdin =
        matches!(mode, FixMode::Fix { .. }) && prepared.inputs.iter().any(|i| i.path.is_none());
    let stdout: Box<dyn Write + Send> = match &args.output_file {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("--output-file {}: cannot create it", path.display()))?,
        )),
        None if fixing_stdin => Box::new(std::io::stderr()),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let mut report = Report::new(args.format, stdout, output::use_color());
    report.fixing = matches!(mode, FixMode::Fix { .. });
    report.unsafe_fixes = args.unsafe_fixes;
    report.show_fixes = args.show_fixes.then(Vec::new);
    report.attributes_dir = settings.attributes.clone();
    report.diff = matches!(mode, FixMode::Diff { .. });
    report.progress = progress(&prepared.inputs, args.input.quiet);
    report.rules = prepared
        .linters
        .iter()
        .flat_map(|l| l.plugins())
        .flat_map(|p| p.rules.iter().map(|r| (r.id.clone(), r.summary.clone())))
        .collect();
    prepared.print_problems();
    for error in prepared.input_errors.iter().chain(&prepared.errors) {
        report.run_error(error.clone());
    }
    let mut baseline_out = args.write_baseline.as_deref().map(Baseline::new);
    let result = prepared.run(
        &settings,
        &mut crate::baseline::Recorder {
            report: &mut report,
            baseline: baseline_out.as_mut(),
        },
    );
    // A closed stdout (`boilerlint check | head`) ends the run quietly; the exit code still
    // says whether findings were made.
    if let Err(error) = result {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            report.run_error(format!("cannot write the output: {error}"));
        }
    }
    let interrupted = pipeline::INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst);
    if interrupted {
        report.run_error(
            "interrupted: inputs not reached, and the shard being read, were left as they were"
                .into(),
        );
        say!("error: interrupted; every file is either as it was or fully written");
    }
    match report.finish() {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => return Err(error.into()),
        _ => {}
    }
    if interrupted {
        return Ok(130);
    }
    if let (Some(path), Some(baseline)) = (&args.write_baseline, &baseline_out) {
        if let Some(note) = baseline.save(path)? {
            say!("note: {note}");
        }
        say!(
            "Recorded {} findings in {}.",
            baseline.len(),
            clean(&path.display().to_string())
        );
        return Ok(if report.summary.errors > 0 { 2 } else { 0 });
    }
    let remaining = report.max_severity >= Some(Severity::Warning) && !args.exit_zero;
    let fixed = args.exit_non_zero_on_fix && report.summary.fixed > 0;
    Ok(if report.summary.errors > 0 {
        2
    } else if remaining || fixed {
        1
    } else {
        0
    })
}

/// Checks that writing under `dir` is safe (problems become set-up errors), and drops the
/// inputs reached through a link that leads out of the checked directory, saying so.
fn plan_outputs(prepared: &mut Prepared, dir: &Path, paths: &[PathBuf], attributes: bool) {
    let roots = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    prepared.retain_inputs(|input| match outputs::outside_its_root(input) {
        Some(message) => {
            say!("{}: {message}", input.display);
            false
        }
        None => true,
    });
    let problems = outputs::check_plan(dir, &roots, &prepared.inputs, attributes);
    prepared.errors.extend(problems);
}

/// The settings of the run that decide every output's contents, for resuming.
fn run_settings(
    args: &CheckArgs,
    mode: FixMode,
    baseline: &Option<Arc<Baseline>>,
) -> serde_json::Map<String, serde_json::Value> {
    let mode = match (args.format, mode) {
        (Format::Attributes, _) => "attributes",
        (_, FixMode::Fix { unsafe_fixes: true }) => "unsafe-fixes",
        _ => "fix",
    };
    let settings = serde_json::json!({
        "mode": mode,
        "text-field": args.input.text_field,
        "id-field": args.input.id_field,
        "url-field": args.input.url_field,
        "lang-field": args.input.lang_field,
        "drop-empty": args.drop_empty,
        "baseline": baseline.as_ref().map(|b| b.digest()),
    });
    match settings {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("an object"),
    }
}

/// `boilerlint filter`: JSONL from stdin to stdout, one output line per input line.
pub fn filter(cli: &Cli, args: &crate::FilterArgs) -> Result<u8> {
    let input_args = InputArgs {
        stdin_filename: None,
        paths: Vec::new(),
        exclude: Vec::new(),
        no_ignore: false,
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
        url_field: args.url_field.clone(),
        lang_field: args.lang_field.clone(),
        select: args.select.clone(),
        extend_select: Vec::new(),
        ignore: args.ignore.clone(),
        threads: args.threads,
        quiet: true,
        shard: None,
    };
    let session = crate::plugins::session(cli);
    let prepared = prepare_inputs(cli, &input_args, vec![Input::stdin_jsonl()], session)?;
    prepared.print_problems();
    if !prepared.errors.is_empty() {
        return Ok(2); // no output rather than unfiltered output
    }
    let settings = Settings {
        mode: if args.attributes {
            FixMode::Check
        } else {
            FixMode::Fix {
                unsafe_fixes: args.unsafe_fixes,
            }
        },
        fields: fields(&input_args),
        keep_text: false,
        destination: Destination::Stdout,
        drop_empty: args.drop_empty,
        attributes: args.attributes.then(PathBuf::new),
        resume: None,
        baseline: None,
        fingerprint: None,
        stdin_path: None,
    };
    let mut report = Report::new(Format::Attributes, Box::new(std::io::sink()), false);
    match prepared.run(&settings, &mut report) {
        Ok(()) => {}
        // The reader of our output went away (a closed pipe): not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) => return Err(e).context("cannot write the output"),
    }
    Ok(if report.summary.errors > 0 { 2 } else { 0 })
}
