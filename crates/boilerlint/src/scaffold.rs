//! `boilerlint new-plugin NAME`: writes a plugin crate that builds and loads at once.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;

#[derive(Debug, Args)]
pub struct NewPluginArgs {
    /// The plugin's name, kebab-case (e.g. example-site).
    pub name: String,
    /// Where to create the crate (default: ./NAME).
    #[arg(long, value_name = "DIR")]
    pub path: Option<PathBuf>,
}

pub fn run(args: &NewPluginArgs) -> Result<u8> {
    bail!("`new-plugin {}` is not implemented yet", args.name)
}
