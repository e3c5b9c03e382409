//! Finding plugins for a run, and the `rule` and `plugins` commands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use boilerlint_core::config::{find_config, Config};
use boilerlint_core::discovery::{Found, PluginCache, SearchPath};
use boilerlint_core::host::{LoadOptions, LoadedPlugin};
use boilerlint_core::trust;

use crate::escape::{clean, clean_message};
use crate::{Cli, RuleFormat};

/// A path as it is printed: control characters escaped.
fn shown(path: &Path) -> String {
    clean(&path.display().to_string()).into_owned()
}

/// What a run knows of plugins, and the problems it met on the way.
pub struct Session {
    pub search: SearchPath,
    cache: PluginCache,
    /// The config that may load plugins: `--config`, or the one governing the working
    /// directory.
    governing: Option<PathBuf>,
    /// Plugins that configs named but that were not loaded, with the reason.
    pub refused: Vec<(PathBuf, String)>,
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    reported: Vec<String>,
}

impl Session {
    pub fn new(cli: &Cli) -> Session {
        let search = SearchPath::from_env(
            cli.plugins.clone(),
            !cli.no_default_plugins,
            LoadOptions {
                allow_panic_abort: cli.allow_panic_abort,
            },
        );
        let warnings = search.refused.iter().map(|(_, why)| why.clone()).collect();
        Session {
            search,
            cache: PluginCache::default(),
            governing: if cli.isolated {
                None
            } else {
                cli.config.clone().or_else(|| find_config(Path::new(".")))
            },
            refused: Vec::new(),
            errors: Vec::new(),
            warnings,
            reported: Vec::new(),
        }
    }

    /// Drops the `plugins` of a config that may not load code (see `boilerlint_core::trust`),
    /// with a warning saying why; its other settings stay.
    pub fn admit(&mut self, config: &mut Config) {
        let Some(path) = &config.path else {
            return;
        };
        if config.plugins.is_empty() {
            return;
        }
        if let Err(refusal) = trust::check(path, self.governing.as_deref()) {
            let reason = refusal.reason();
            for plugin in config.plugins.drain(..) {
                self.refused.push((plugin, reason.clone()));
            }
            let warning = refusal.to_string();
            if !self.reported.contains(&warning) {
                self.reported.push(warning.clone());
                self.warnings.push(warning);
            }
        }
    }

    /// The plugins for `config`; load errors and warnings are recorded once each.
    pub fn discover(&mut self, config: &Config) -> Vec<Arc<LoadedPlugin>> {
        self.discover_found(config)
            .into_iter()
            .map(|f| f.plugin)
            .collect()
    }

    fn discover_found(&mut self, config: &Config) -> Vec<Found> {
        let discovery = self.cache.discover(&self.search, &config.plugins);
        for error in discovery.errors {
            let message = error.to_string();
            if !self.reported.contains(&message) {
                self.reported.push(message.clone());
                self.errors.push(message);
            }
        }
        for warning in discovery.warnings {
            if !self.reported.contains(&warning) {
                self.reported.push(warning.clone());
                self.warnings.push(warning);
            }
        }
        if discovery.plugins.is_empty() {
            self.errors.push(format!(
                "no plugin found; looked in: {}",
                self.search_description()
            ));
        }
        discovery.plugins
    }

    fn search_description(&self) -> String {
        let dirs: Vec<String> = self
            .search
            .dirs()
            .map(|(dir, _)| dir.display().to_string())
            .collect();
        if dirs.is_empty() {
            "only --plugin files and the config's `plugins` (default plugins are off)".into()
        } else {
            dirs.join(", ")
        }
    }

    fn print_problems(&self, out: &mut impl Write) -> std::io::Result<()> {
        for warning in &self.warnings {
            writeln!(out, "warning: {}", clean_message(warning))?;
        }
        for error in &self.errors {
            writeln!(out, "error: {}", clean_message(error))?;
        }
        Ok(())
    }
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
    let mut session = Session::new(cli);
    let config = config_for_cwd(cli, &mut session);
    let plugins = session.discover(&config);
    let mut stderr = std::io::stderr().lock();
    session.print_problems(&mut stderr)?;
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
    let mut session = Session::new(cli);
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
    session.print_problems(&mut std::io::stderr().lock())?;
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
    let mut session = Session::new(cli);
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
    session.print_problems(&mut std::io::stderr().lock())?;
    Ok(if session.errors.is_empty() { 0 } else { 2 })
}
