//! `kingpin bench project`: how long the analysis graph takes to load from a store, at person
//! and entity level, against the floor of reading the same rows from SQLite and doing nothing.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use kingpin_graph::{Level, ProjectOptions, project};
use kingpin_store::{Scan, SqliteStore};

/// Options of `kingpin bench project`.
#[derive(clap::Args, Debug)]
pub struct ProjectArgs {
    /// The store to load, e.g. the `bench.db` that `kingpin bench import --rows 10000000 --dir D`
    /// leaves in D.
    #[arg(long)]
    db: PathBuf,
}

fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// CPU time (user + system) this process has used so far, from /proc (Linux; 0 elsewhere).
/// Shown beside wall time because the machine may be busy with other work.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit(')').next().unwrap_or("");
    // utime and stime, in clock ticks (100 per second on Linux).
    rest.split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse::<f64>().ok())
        .sum::<f64>()
        / 100.0
}

/// Runs the projection benchmark.
pub fn run(a: ProjectArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        a.db.is_file(),
        "{} does not exist (make one with kingpin bench import --rows N --dir D)",
        a.db.display()
    );
    let store = SqliteStore::open(&a.db)?;
    println!("projection benchmark: {}", a.db.display());
    println!(
        "{:<44} {:>10} {:>9} {:>10} {:>9} {:>7} {:>12} {:>9}",
        "phase", "fragments", "nodes", "edges", "seconds", "CPU s", "fragments/s", "peak MiB"
    );
    // Baseline: the same rows read through the same scan, with nothing done to them.
    let (t, c) = (Instant::now(), cpu_seconds());
    let (mut rows, mut bytes) = (0usize, 0usize);
    store.scan_fragments(None, &mut |f| {
        rows += 1;
        bytes += f.props.len() + f.id.len();
        Ok(())
    })?;
    let floor = t.elapsed().as_secs_f64();
    println!(
        "{:<44} {:>10} {:>9} {:>10} {:>9.2} {:>7.1} {:>12.0} {:>9.0}",
        "baseline: scan every fragment, no work",
        rows,
        "",
        "",
        floor,
        cpu_seconds() - c,
        rows as f64 / floor,
        peak_mib()
    );
    for (name, level) in [
        ("kingpin projection, person level", Level::Person),
        ("kingpin projection, entity level", Level::Entity),
    ] {
        let c = cpu_seconds();
        let p = project(
            &store,
            &ProjectOptions {
                level,
                ..ProjectOptions::default()
            },
        )?;
        println!(
            "{:<44} {:>10} {:>9} {:>10} {:>9.2} {:>7.1} {:>12.0} {:>9.0}",
            name,
            p.stats.fragments,
            p.stats.nodes,
            p.stats.edges,
            p.stats.seconds,
            cpu_seconds() - c,
            p.stats.fragments as f64 / p.stats.seconds,
            peak_mib()
        );
    }
    println!(
        "({:.0} MB of ids and statements read; peak memory is cumulative over the phases)",
        bytes as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}
