//! The errors of the engine: each names the file, plugin, rule or key it is about, and says
//! what to do.

use std::path::PathBuf;

/// Why a plugin library could not be loaded.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LoadError {
    /// No file at the path.
    #[error("plugin {path}: no such file")]
    NotFound {
        /// The plugin file.
        path: PathBuf,
    },
    /// The system loader refused the file.
    #[error("plugin {path}: not a loadable shared library ({reason})")]
    NotALibrary {
        /// The plugin file.
        path: PathBuf,
        /// What the system loader said.
        reason: String,
    },
    /// The library has no entry symbol.
    #[error(
        "plugin {path}: not a boilerlint plugin: it does not export the symbol `{symbol}` \
         (a Rust plugin calls `boilerlint_plugin::export_plugin!`)"
    )]
    MissingEntry {
        /// The plugin file.
        path: PathBuf,
        /// The symbol looked for.
        symbol: &'static str,
    },
    /// The entry function returned null.
    #[error("plugin {path}: its entry function failed (returned no table)")]
    EntryFailed {
        /// The plugin file.
        path: PathBuf,
    },
    /// The table does not start with the magic number.
    #[error("plugin {path}: not a boilerlint plugin (its table has the wrong magic number)")]
    BadMagic {
        /// The plugin file.
        path: PathBuf,
    },
    /// Built for another ABI version.
    #[error(
        "plugin {path}: built for plugin ABI version {found}, but this boilerlint uses ABI \
         version {expected}; rebuild the plugin with boilerlint-plugin {sdk} (ABI version \
         {expected}), or use a boilerlint that speaks ABI version {found}",
        sdk = boilerlint_plugin::abi::SDK_VERSION
    )]
    AbiMismatch {
        /// The plugin file.
        path: PathBuf,
        /// The plugin's ABI version.
        found: u32,
        /// The host's ABI version.
        expected: u32,
    },
    /// A field of the table is wrong.
    #[error("plugin {path}: invalid plugin table: {problem}")]
    Invalid {
        /// The plugin file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// The plugin cannot contain its panics.
    #[error(
        "plugin {path}: plugin '{name}' was built with panic = \"abort\", so a crash in it would \
         abort boilerlint; rebuild it with the default panic = \"unwind\", or pass \
         --allow-panic-abort to load it anyway"
    )]
    PanicNotContained {
        /// The plugin file.
        path: PathBuf,
        /// The plugin's name.
        name: String,
    },
}

/// What went wrong in a call into a plugin.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    /// `create` rejected the configuration.
    #[error("plugin '{plugin}' could not be configured: {message}")]
    Config {
        /// The plugin's name.
        plugin: String,
        /// The plugin's message.
        message: String,
    },
    /// The plugin reported an error.
    #[error("plugin '{plugin}' failed: {message}")]
    Failed {
        /// The plugin's name.
        plugin: String,
        /// The plugin's message.
        message: String,
    },
    /// The plugin panicked; it is disabled for the rest of the run.
    #[error("plugin '{plugin}' panicked: {message}; it is disabled for the rest of the run")]
    Panicked {
        /// The plugin's name.
        plugin: String,
        /// The panic message and location.
        message: String,
    },
    /// The plugin was disabled by an earlier panic.
    #[error("plugin '{plugin}' was disabled after it panicked on an earlier document")]
    Disabled {
        /// The plugin's name.
        plugin: String,
    },
    /// The plugin broke the ABI contract.
    #[error("plugin '{plugin}' broke the plugin contract: {problem}; its findings were dropped")]
    Protocol {
        /// The plugin's name.
        plugin: String,
        /// What it did.
        problem: String,
    },
    /// The plugin reported more findings than allowed.
    #[error("plugin '{plugin}' reported more than {limit} findings; its findings were dropped")]
    TooManyFindings {
        /// The plugin's name.
        plugin: String,
        /// The limit.
        limit: usize,
    },
}

impl CallError {
    /// The name of the plugin concerned.
    pub fn plugin(&self) -> &str {
        match self {
            CallError::Config { plugin, .. }
            | CallError::Failed { plugin, .. }
            | CallError::Panicked { plugin, .. }
            | CallError::Disabled { plugin }
            | CallError::Protocol { plugin, .. }
            | CallError::TooManyFindings { plugin, .. } => plugin,
        }
    }
}

/// A problem with a configuration file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: cannot read the configuration: {source}")]
    Read {
        /// The config file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid, or has unknown keys or bad values.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// 1-based line (0 when unknown).
        line: usize,
        /// What is wrong, naming the key.
        message: String,
    },
}
