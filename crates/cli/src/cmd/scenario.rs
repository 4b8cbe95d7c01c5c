//! `kingpin scenario`: synthetic smuggling-network source files, their mappings and the
//! ground truth, from a seed and a size.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use kingpin_scenario::{ScenarioConfig, Size, generate};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Options of `kingpin scenario`.
#[derive(clap::Args)]
pub struct Args {
    /// Directory to write the files into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Seed: the same seed and size give byte-identical files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Preset size: tiny (~200 people), small (~1k), medium (~20k), large (~1M people, 10M calls).
    #[arg(long, default_value = "small")]
    size: Size,
    /// Number of people, overriding the preset.
    #[arg(long)]
    people: Option<usize>,
    /// Number of call records, overriding the preset.
    #[arg(long)]
    calls: Option<usize>,
}

/// Generates a scenario and prints what was written.
pub fn run(args: Args) -> Result<ExitCode> {
    let mut cfg = ScenarioConfig::preset(args.size);
    cfg.seed = args.seed;
    if let Some(p) = args.people {
        cfg.people = p;
    }
    if let Some(c) = args.calls {
        cfg.calls = c;
    }
    let bar = ProgressBar::new(cfg.estimated_rows());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} rows ({per_sec})",
        )
        .expect("valid template"),
    );
    let started = Instant::now();
    let manifest = generate(&cfg, &args.out, &|n| {
        if n > bar.length().unwrap_or(0) {
            bar.set_length(n);
        }
        bar.set_position(n);
    })?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "scenario seed {} with {} people and {} calls, {} to {}, in {}",
        cfg.seed,
        cfg.people,
        cfg.calls,
        manifest.period.0,
        manifest.period.1,
        args.out.display()
    );
    println!(
        "{:<20} {:>10}  {:<26} {:<6} kind",
        "file", "rows", "mapping", "grade"
    );
    for s in &manifest.sources {
        let mapping = s.mapping.as_deref().unwrap_or(if s.format == "ftm" {
            "(FtM entities)"
        } else {
            "(raw, not imported)"
        });
        println!(
            "{:<20} {:>10}  {:<26} {:<6} {}",
            s.file, s.rows, mapping, s.grading, s.kind
        );
    }
    println!("truth (never import): {}", manifest.truth.join(", "));
    let roles: Vec<String> = manifest
        .counts
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("people.").map(|r| format!("{v} {r}s")))
        .collect();
    println!("people: {}", roles.join(", "));
    let rows = manifest.total_rows();
    println!(
        "{rows} rows in {secs:.1} s ({:.0} rows/s); manifest.json lists every file",
        rows as f64 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}
