//! Finding plugins for a run, and the `rule` and `plugins` commands.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use boilerlint_core::config::{find_config, Config};
use boilerlint_core::discovery::Found;
use boilerlint_core::host::LoadedPlugin;
use boilerlint_core::session::{Session, SessionOptions};

use crate::{Cli, RuleFormat};
use boilerlint_corpus::escape::{clean, clean_message};

/// A path as it is printed: control characters escaped.
fn shown(path: &Path) -> String {
    clean(&path.display().to_string()).into_owned()
}

/// The session of a command: the plugins and config its global options name.
pub fn session(cli: &Cli) -> Session {
    Session::new(&SessionOptions {
        plugins: cli.plugins.clone(),
        no_default_plugins: cli.no_default_plugins,
        allow_panic_abort: cli.allow_panic_abort,
        config: cli.config.clone(),
        isolated: cli.isolated,
        exe_dir: None,
    })
}

fn print_problems(session: &Session, out: &mut impl Write) -> std::io::Result<()> {
    for warning in &session.warnings {
        writeln!(out, "warning: {}", clean_message(warning))?;
    }
    for error in &session.errors {
        writeln!(out, "error: {}", clean_message(error))?;
    }
    Ok(())
}

fn config_for_cwd(cli: &Cli, session: &mut Session) -> Config {
    if cli.isolated {
        return Config::default();
    }
    let path = cli.config.clone().or_else(|| find_config(Path::new(".")));
    match path.map(|p| Config::load(&p)).transpose() {
        Ok(config) => {
            let mut config = config.unwrap_or_default();
            session.admit(&mut config);
            config
        }
        Err(error) => {
            session.errors.push(error.to_string());
            Config::default()
        }
    }
}

/// `boilerlint rule RULE`, or every rule's (`None`: `--all`).
pub fn rule(cli: &Cli, id: Option<&str>, format: RuleFormat) -> Result<u8> {
    let mut session = session(cli);
    let config = config_for_cwd(cli, &mut session);
    let plugins = session.discover(&config);
    let mut stderr = std::io::stderr().lock();
    print_problems(&session, &mut stderr)?;
    let status = if session.errors.is_empty() { 0 } else { 2 };
    let Some(id) = id else {
        let mut out = std::io::stdout().lock();
        match format {
            RuleFormat::Json => {
                let all: Vec<serde_json::Value> = plugins
                    .iter()
                    .flat_map(|p| p.rules.iter().map(move |r| rule_json(p, r)))
                    .collect();
                serde_json::to_writer_pretty(&mut out, &all)?;
                writeln!(out)?;
            }
            RuleFormat::Text => {
                drop(out);
                return rules(cli);
            }
        }
        out.flush()?;
        return Ok(status);
    };
    let found = plugins
        .iter()
        .find_map(|p| p.rules.iter().find(|r| r.id == id).map(|r| (p, r)));
    let Some((plugin, rule)) = found else {
        let known: Vec<&str> = plugins
            .iter()
            .flat_map(|p| p.rules.iter().map(|r| r.id.as_str()))
            .collect();
        let hint = match boilerlint_core::suggest(id, known.iter().copied()) {
            Some(close) => format!("; did you mean `{close}`?"),
            None => String::new(),
        };
        writeln!(
            stderr,
            "error: no loaded plugin has a rule `{}`{hint} (known rules: {})",
            clean(id),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )?;
        return Ok(2);
    };
    let mut out = std::io::stdout().lock();
    match format {
        RuleFormat::Text => write_rule_docs(&mut out, plugin, rule)?,
        RuleFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rule_json(plugin, rule))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(status)
}

/// A rule as `rule --output-format json` prints it.
fn rule_json(plugin: &LoadedPlugin, rule: &boilerlint_core::host::RuleInfo) -> serde_json::Value {
    serde_json::json!({
        "id": rule.id,
        "plugin": plugin.name,
        "plugin_version": plugin.version,
        "summary": rule.summary,
        "severity": rule.severity.as_str(),
        "fix": rule.fix.as_str(),
        "docs": rule.docs,
    })
}

/// `boilerlint rules`: every rule's documentation, plugin by plugin.
pub fn rules(cli: &Cli) -> Result<u8> {
    let mut session = session(cli);
    let config = config_for_cwd(cli, &mut session);
    let plugins = session.discover(&config);
    let mut out = std::io::stdout().lock();
    let mut first = true;
    for plugin in &plugins {
        for rule in &plugin.rules {
            if !first {
                writeln!(out, "\n---\n")?;
            }
            first = false;
            write_rule_docs(&mut out, plugin, rule)?;
        }
    }
    out.flush()?;
    print_problems(&session, &mut std::io::stderr().lock())?;
    Ok(if session.errors.is_empty() { 0 } else { 2 })
}

fn write_rule_docs(
    out: &mut impl Write,
    plugin: &LoadedPlugin,
    rule: &boilerlint_core::host::RuleInfo,
) -> std::io::Result<()> {
    writeln!(out, "# {}\n", rule.id)?;
    writeln!(out, "Plugin: {} {}", plugin.name, plugin.version)?;
    writeln!(out, "Default severity: {}", rule.severity.as_str())?;
    writeln!(out, "Fix: {}\n", rule.fix.as_str())?;
    write!(out, "{}", rule.docs)
}

/// `boilerlint plugins`.
pub fn list(cli: &Cli) -> Result<u8> {
    let mut session = session(cli);
    let config = config_for_cwd(cli, &mut session);
    let found = session.discover_found(&config);
    let mut out = std::io::stdout().lock();
    for Found { plugin, origin } in &found {
        writeln!(out, "{} {}", plugin.name, plugin.version)?;
        writeln!(out, "  path: {}", shown(&plugin.path))?;
        writeln!(out, "  found via: {}", origin.as_str())?;
        writeln!(out, "  built with: {}", plugin.build_info)?;
        for rule in &plugin.rules {
            writeln!(
                out,
                "  {:<20} {:<8} {}",
                rule.id,
                rule.severity.as_str(),
                rule.summary
            )?;
        }
    }
    writeln!(out, "searched:")?;
    for file in &session.search.files {
        writeln!(out, "  --plugin {}", shown(file))?;
    }
    for file in &config.plugins {
        writeln!(out, "  config {}", shown(file))?;
    }
    for (file, reason) in &session.refused {
        writeln!(
            out,
            "  config {} (not loaded: {})",
            shown(file),
            clean(reason)
        )?;
    }
    for (dir, origin) in session.search.dirs() {
        let state = if dir.is_dir() { "" } else { " (missing)" };
        writeln!(out, "  {} {}{state}", origin.as_str(), shown(dir))?;
    }
    for (dir, _) in &session.search.refused {
        writeln!(
            out,
            "  {} {} (not searched: a relative directory)",
            boilerlint_core::discovery::PLUGIN_PATH_ENV,
            shown(dir)
        )?;
    }
    out.flush()?;
    print_problems(&session, &mut std::io::stderr().lock())?;
    Ok(if session.errors.is_empty() { 0 } else { 2 })
}
