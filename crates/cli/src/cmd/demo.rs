//! `kingpin demo`: the main job of the README.

use std::process::ExitCode;

/// Options of `kingpin demo`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the demo.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("demo is being built")
}
