//! One run's plugins and linters: where plugins are looked for, which config may load them, and
//! the problems met on the way, each recorded once. The CLI and the Python module build their
//! linters through it, so both find, trust and report the same plugins the same way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{find_config, Config, Selection};
use crate::discovery::{Found, PluginCache, SearchPath};
use crate::host::{LoadOptions, LoadedPlugin};
use crate::{trust, Linter};

/// How a run finds its plugins and its config.
#[derive(Clone, Debug, Default)]
pub struct SessionOptions {
    /// Plugin files named explicitly (`--plugin`).
    pub plugins: Vec<PathBuf>,
    /// Skip the default places (`--no-default-plugins`).
    pub no_default_plugins: bool,
    /// Load plugins built with `panic = "abort"` (`--allow-panic-abort`).
    pub allow_panic_abort: bool,
    /// This config file instead of the one found (`--config`).
    pub config: Option<PathBuf>,
    /// No config file at all (`--isolated`).
    pub isolated: bool,
    /// The directory standing for the executable's in plugin discovery (`None`: the running
    /// executable's); see [`SearchPath::from_env_beside`].
    pub exe_dir: Option<PathBuf>,
}

/// What a run knows of plugins, and the problems it met on the way.
pub struct Session {
    /// Where plugins are looked for.
    pub search: SearchPath,
    cache: PluginCache,
    /// The config that may load plugins: `--config`, or the one governing the working
    /// directory.
    governing: Option<PathBuf>,
    /// Plugins that configs named but that were not loaded, with the reason.
    pub refused: Vec<(PathBuf, String)>,
    /// Errors, each once: each makes a run's exit code 2.
    pub errors: Vec<String>,
    /// Warnings, each once.
    pub warnings: Vec<String>,
    reported: Vec<String>,
}

impl Session {
    /// A session for `options`, with no plugin loaded yet.
    pub fn new(options: &SessionOptions) -> Session {
        let load_options = LoadOptions {
            allow_panic_abort: options.allow_panic_abort,
        };
        let search = match &options.exe_dir {
            Some(dir) => SearchPath::from_env_beside(
                options.plugins.clone(),
                !options.no_default_plugins,
                load_options,
                Some(dir.clone()),
            ),
            None => SearchPath::from_env(
                options.plugins.clone(),
                !options.no_default_plugins,
                load_options,
            ),
        };
        let warnings = search.refused.iter().map(|(_, why)| why.clone()).collect();
        Session {
            search,
            cache: PluginCache::default(),
            governing: if options.isolated {
                None
            } else {
                options
                    .config
                    .clone()
                    .or_else(|| find_config(Path::new(".")))
            },
            refused: Vec::new(),
            errors: Vec::new(),
            warnings,
            reported: Vec::new(),
        }
    }

    /// Drops the `plugins` of a config that may not load code (see [`crate::trust`]), with a
    /// warning saying why; its other settings stay.
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

    /// [`Session::discover`], with where each plugin was found.
    pub fn discover_found(&mut self, config: &Config) -> Vec<Found> {
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

    /// Loads the config at `config_path` (none: the defaults) and its plugins, and builds a
    /// linter with the command line's `selection`; errors go to the session.
    pub fn linter(&mut self, config_path: Option<&Path>, selection: &Selection) -> Option<Linter> {
        let mut config = match config_path.map(Config::load).transpose() {
            Ok(config) => config.unwrap_or_default(),
            Err(error) => {
                self.errors.push(error.to_string());
                return None;
            }
        };
        self.admit(&mut config);
        let plugins = self.discover(&config);
        match Linter::new(config, &plugins, selection.clone()) {
            Ok(linter) => Some(linter),
            Err(errors) => {
                self.errors
                    .extend(errors.into_iter().map(|e| e.to_string()));
                None
            }
        }
    }
}
