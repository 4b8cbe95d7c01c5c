//! `kingpin doc`: travel-document checks.

use std::process::ExitCode;

/// Subcommands of `kingpin doc`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Check one MRZ or a batch.
    Check,
}

/// Runs a `doc` subcommand.
pub fn run(_cmd: Command) -> anyhow::Result<ExitCode> {
    anyhow::bail!("doc check is being built")
}
