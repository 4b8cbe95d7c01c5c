//! `kingpin scenario`: synthetic data generation.

use std::process::ExitCode;

/// Options of `kingpin scenario`.
#[derive(clap::Args)]
pub struct Args {}

/// Generates a scenario.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("scenario is being built")
}
