//! `kingpin bench events`: the events benchmark ([`kingpin_events::bench`]).

use std::path::PathBuf;
use std::process::ExitCode;

use kingpin_events::bench::{BenchConfig, run as run_bench};

/// Options of `kingpin bench events`.
#[derive(clap::Args, Debug)]
pub struct EventsArgs {
    /// Calls to generate for the DataFusion run.
    #[arg(long, default_value_t = 10_000_000)]
    calls: u64,
    /// Calls for the baseline (SQLite store, in-memory projection) and the DataFusion run on
    /// the same calls; 0 for none.
    #[arg(long, default_value_t = 1_000_000)]
    baseline_calls: u64,
    /// Working directory (must not exist; removed afterwards unless --keep).
    #[arg(long)]
    dir: PathBuf,
    /// Memory for DataFusion's joins and aggregations, in MiB (they spill beyond it).
    #[arg(long, default_value_t = 4096)]
    memory_mb: usize,
    /// Keep the generated files.
    #[arg(long)]
    keep: bool,
}

/// Runs the benchmark.
pub fn run(a: EventsArgs) -> anyhow::Result<ExitCode> {
    run_bench(&BenchConfig {
        calls: a.calls,
        baseline_calls: a.baseline_calls,
        dir: a.dir,
        memory_mb: a.memory_mb,
        keep: a.keep,
    })?;
    Ok(ExitCode::SUCCESS)
}
