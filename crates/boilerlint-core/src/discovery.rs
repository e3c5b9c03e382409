//! Where plugins are found, in order; the first plugin of a name wins.
//!
//! 1. files given on the command line (`--plugin FILE`);
//! 2. files listed in the config file (`plugins = [...]`, relative to that file);
//! 3. directories in `BOILERLINT_PLUGIN_PATH` (absolute ones: a relative entry is refused, as it
//!    would load code from wherever boilerlint happens to run);
//! 4. `<exe dir>/plugins/`, then the executable's own directory (so `cargo build` output and a
//!    release archive work as they are).
//!
//! Never the current directory, and never the tree being checked: loading a library runs its
//! code. Which config files may list plugins is [`crate::trust`]'s business. In directories, only files named `{DLL_PREFIX}boilerlint_plugin_<name>{DLL_SUFFIX}` are
//! plugins, so nothing else there is ever loaded.

use std::collections::HashMap;
use std::env::consts::{DLL_PREFIX, DLL_SUFFIX};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::LoadError;
use crate::host::{load, LoadOptions, LoadedPlugin};

/// The environment variable listing extra plugin directories.
pub const PLUGIN_PATH_ENV: &str = "BOILERLINT_PLUGIN_PATH";

/// Where a plugin candidate came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `--plugin`.
    CommandLine,
    /// The config file's `plugins`.
    Config,
    /// `BOILERLINT_PLUGIN_PATH`.
    Environment,
    /// Beside the executable.
    Executable,
}

impl Origin {
    /// How `boilerlint plugins` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::CommandLine => "--plugin",
            Origin::Config => "config",
            Origin::Environment => PLUGIN_PATH_ENV,
            Origin::Executable => "executable directory",
        }
    }
}

/// Where to look, besides a config file's own list.
#[derive(Clone, Debug, Default)]
pub struct SearchPath {
    /// `--plugin` files.
    pub files: Vec<PathBuf>,
    /// Directories from the environment.
    pub env_dirs: Vec<PathBuf>,
    /// Directories beside the executable.
    pub exe_dirs: Vec<PathBuf>,
    /// Load plugins built with `panic = "abort"`.
    pub load_options: LoadOptions,
    /// Entries of the environment's path that were refused (relative ones), with the reason.
    pub refused: Vec<(PathBuf, String)>,
}

impl SearchPath {
    /// The search path of this process: `files` plus the environment and the executable's
    /// directories (unless `defaults` is false, as with `--no-default-plugins`).
    pub fn from_env(files: Vec<PathBuf>, defaults: bool, load_options: LoadOptions) -> SearchPath {
        let exe_dir = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(Path::to_path_buf));
        SearchPath::from_env_beside(files, defaults, load_options, exe_dir)
    }

    /// [`SearchPath::from_env`], with `exe_dir` standing for the executable's directory: a
    /// host that is not the `boilerlint` executable (the Python module, whose executable is
    /// the interpreter) names the directory its shipped plugins sit in.
    pub fn from_env_beside(
        files: Vec<PathBuf>,
        defaults: bool,
        load_options: LoadOptions,
        exe_dir: Option<PathBuf>,
    ) -> SearchPath {
        let mut search = SearchPath {
            files,
            load_options,
            ..SearchPath::default()
        };
        if defaults {
            if let Some(value) = std::env::var_os(PLUGIN_PATH_ENV) {
                let (absolute, relative): (Vec<PathBuf>, Vec<PathBuf>) = split_paths(&value)
                    .into_iter()
                    .partition(|p| p.is_absolute());
                search.env_dirs = absolute;
                search.refused = relative
                    .into_iter()
                    .map(|dir| {
                        let reason = format!(
                            "{PLUGIN_PATH_ENV} entry `{}` is relative, so it is not searched: it \
                             would load plugins from wherever boilerlint runs (give an absolute \
                             directory)",
                            dir.display()
                        );
                        (dir, reason)
                    })
                    .collect();
            }
            if let Some(dir) = exe_dir {
                // An install under a prefix keeps the binary in PREFIX/bin and the plugins in
                // PREFIX/lib/boilerlint/plugins, as packagers lay libraries out.
                let prefix = (dir.file_name() == Some("bin".as_ref()))
                    .then(|| dir.parent().map(|p| p.join("lib/boilerlint/plugins")))
                    .flatten();
                search.exe_dirs = std::iter::once(dir.join("plugins"))
                    .chain(prefix)
                    .chain(std::iter::once(dir))
                    .collect();
            }
        }
        search
    }

    /// Every directory searched, in order, with its origin.
    pub fn dirs(&self) -> impl Iterator<Item = (&Path, Origin)> {
        self.env_dirs
            .iter()
            .map(|d| (d.as_path(), Origin::Environment))
            .chain(
                self.exe_dirs
                    .iter()
                    .map(|d| (d.as_path(), Origin::Executable)),
            )
    }
}

fn split_paths(value: &OsString) -> Vec<PathBuf> {
    std::env::split_paths(value)
        .filter(|p| !p.as_os_str().is_empty())
        .collect()
}

/// The plugin name a shipped plugin's file name implies, if it follows the naming scheme.
pub fn plugin_file_name(path: &Path) -> Option<String> {
    let file = path.file_name()?.to_str()?;
    let stem = file
        .strip_prefix(DLL_PREFIX)?
        .strip_suffix(DLL_SUFFIX)?
        .strip_prefix("boilerlint_plugin_")?;
    (!stem.is_empty()).then(|| stem.replace('_', "-"))
}

/// The file name of the shipped plugin `name`, e.g. `libboilerlint_plugin_cookie_banner.so`.
pub fn file_name_for(name: &str) -> String {
    format!(
        "{DLL_PREFIX}boilerlint_plugin_{}{DLL_SUFFIX}",
        name.replace('-', "_")
    )
}

/// A plugin that was loaded, and from where.
#[derive(Clone, Debug)]
pub struct Found {
    /// The plugin.
    pub plugin: Arc<LoadedPlugin>,
    /// Where it was found.
    pub origin: Origin,
}

/// What a search found: plugins, and what went wrong on the way.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Loaded plugins, first of each name only, in search order.
    pub plugins: Vec<Found>,
    /// Files that failed to load.
    pub errors: Vec<LoadError>,
    /// Plugins shadowed by an earlier one of the same name.
    pub warnings: Vec<String>,
}

/// Loads each library once per process, even when several configs list it.
#[derive(Default)]
pub struct PluginCache {
    loaded: HashMap<PathBuf, Result<Arc<LoadedPlugin>, LoadError>>,
}

impl PluginCache {
    /// Finds and loads the plugins for a config listing `config_plugins`.
    pub fn discover(&mut self, search: &SearchPath, config_plugins: &[PathBuf]) -> Discovery {
        let mut candidates: Vec<(PathBuf, Origin)> = Vec::new();
        candidates.extend(
            search
                .files
                .iter()
                .map(|f| (f.clone(), Origin::CommandLine)),
        );
        candidates.extend(config_plugins.iter().map(|f| (f.clone(), Origin::Config)));
        for (dir, origin) in search.dirs() {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| plugin_file_name(p).is_some() && p.is_file())
                .collect();
            files.sort();
            candidates.extend(files.into_iter().map(|f| (f, origin)));
        }

        let mut discovery = Discovery::default();
        let mut seen_files: HashMap<String, PathBuf> = HashMap::new();
        for (path, origin) in candidates {
            // Directory candidates of a name already found are not even loaded.
            if matches!(origin, Origin::Environment | Origin::Executable) {
                if let Some(name) = plugin_file_name(&path) {
                    if let Some(first) = seen_files.get(&name) {
                        if !same_file(first, &path) {
                            discovery.warnings.push(format!(
                                "plugin {} is shadowed by {}, found first",
                                path.display(),
                                first.display()
                            ));
                        }
                        continue;
                    }
                }
            }
            let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            let result = self
                .loaded
                .entry(key)
                .or_insert_with(|| load(&path, search.load_options));
            match result {
                Ok(plugin) => {
                    if let Some(name) = plugin_file_name(&path) {
                        seen_files.entry(name).or_insert_with(|| path.clone());
                    }
                    seen_files
                        .entry(plugin.name.clone())
                        .or_insert_with(|| path.clone());
                    if let Some(first) = discovery
                        .plugins
                        .iter()
                        .find(|f| f.plugin.name == plugin.name)
                    {
                        if !Arc::ptr_eq(&first.plugin, plugin) {
                            discovery.warnings.push(format!(
                                "plugin '{}' at {} is shadowed by the one at {}, found first",
                                plugin.name,
                                path.display(),
                                first.plugin.path.display()
                            ));
                        }
                        continue;
                    }
                    discovery.plugins.push(Found {
                        plugin: Arc::clone(plugin),
                        origin,
                    });
                }
                Err(error) => discovery.errors.push(error.clone()),
            }
        }
        discovery
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_plugin_file_names_round_trip() {
        let name = file_name_for("cookie-banner");
        assert_eq!(
            plugin_file_name(Path::new(&name)).as_deref(),
            Some("cookie-banner")
        );
        assert_eq!(plugin_file_name(Path::new("libblfixture_faulty.so")), None);
        assert_eq!(
            plugin_file_name(Path::new(&format!("{name}.d"))),
            None,
            "cargo's dep-info files are not plugins"
        );
    }
}
