//! boilerlint's engine, free of command-line concerns.
//!
//! - [`host`] loads rule plugins through the stable C ABI of `boilerlint-plugin`, checks what
//!   they declare and validates what they return; [`discovery`] says where plugins are found,
//!   and [`trust`] which config files may name plugins to load.
//! - [`config`] reads `boilerlint.toml`.
//! - [`Linter`] runs the selected rules over a document (segmented once, with
//!   [`boilerlint_plugin::segment`]) and applies fixes with [`fix`] (the
//!   applier `boilerlint-plugin` holds, shared with the SDK's test helpers); a
//!   [`session::Session`] finds the plugins and configs a run's linters are built from.
//!
//! The host treats plugins as untrusted for stability: a plugin that panics, fails or breaks the
//! contract costs its own findings on that document and an error naming it, never the process
//! or the text. Fixes keep every byte outside the flagged ranges.

#![deny(missing_docs)]

pub mod config;
pub mod discovery;
mod error;
pub mod fix;
pub mod host;
mod linter;
pub mod session;
pub mod trust;

pub use boilerlint_plugin::{Applicability, FixAvailability, Metadata, Severity};
pub use error::{CallError, ConfigError, LoadError};
pub use linter::{locate, suggest, Finding, FixReport, Keep, Linter, Location, Report, SetupError};
