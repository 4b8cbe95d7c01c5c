//! `kingpin demo`: the README's main job. Generates a small scenario, imports every source
//! into a fresh database and shows what was loaded.

use super::import::{Format, import_one};
use super::query::print_stats;
use anyhow::Context;
use kingpin_ingest::ImportOptions;
use kingpin_scenario::{ScenarioConfig, Size, generate};
use kingpin_store::SqliteStore;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Options of `kingpin demo`.
#[derive(clap::Args)]
pub struct Args {
    /// Directory for the scenario's files and the database (replaced if it exists).
    #[arg(long, default_value = "kingpin-demo")]
    out: PathBuf,
    /// Scenario seed.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Scenario size.
    #[arg(long, default_value = "small")]
    size: Size,
    /// Rank without entity resolution (by default the demo resolves people across sources
    /// and ranks resolved identities).
    #[arg(long)]
    no_resolved: bool,
    /// Then serve the database with the web UI (demo accounts are printed).
    #[arg(long)]
    serve: bool,
    /// Address to serve on, with --serve.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: std::net::SocketAddr,
}

/// Runs the demo.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    if a.out.join("manifest.json").exists() || a.out.join("kingpin.db").exists() {
        std::fs::remove_dir_all(&a.out).with_context(|| format!("clearing {}", a.out.display()))?;
    }
    let mut cfg = ScenarioConfig::preset(a.size);
    cfg.seed = a.seed;
    println!(
        "1. generating a {:?} scenario (seed {}) in {}",
        a.size,
        a.seed,
        a.out.display()
    );
    let manifest = generate(&cfg, &a.out, &|_| {})?;
    let db = a.out.join("kingpin.db");
    let mut store = SqliteStore::open(&db)?;
    println!(
        "2. importing {} sources into {}",
        manifest.sources.len(),
        db.display()
    );
    for src in &manifest.sources {
        let file = a.out.join(&src.file);
        let format = match src.format.as_str() {
            "csv" => Format::Csv,
            "ftm" => Format::Ftm,
            // Raw platform exports wait for their own importer; their FtM twin is loaded.
            _ => continue,
        };
        let mapping = src.mapping.as_ref().map(|m| a.out.join(m));
        let opts = ImportOptions {
            source_name: Some(file_name(&src.file)),
            grading: src.grading.parse().ok(),
            ..Default::default()
        };
        // Need-to-know: the NCA owns the sources and releases all but one to its KRG partner.
        store.set_handling(super::demo_serve::demo_handling(&file_name(&src.file)));
        let rep = import_one(&mut store, &file, format, mapping.as_deref(), &opts)?;
        println!(
            "   {:<18} {:>8} rows  {:>9} statements  grading {}",
            src.file, rep.source.rows, rep.source.statements, rep.source.grading
        );
    }
    println!("3. loaded:\n");
    print_stats(&store, &db.display().to_string())?;
    println!(
        "\nground truth (never imported): {}\ndone in {:.1}s. Try: kingpin search --db {} <name>",
        manifest.truth.join(", "),
        started.elapsed().as_secs_f64(),
        db.display()
    );
    if a.no_resolved {
        drop(store);
        super::graph::demo_ranking(&a.out, &db, false)?;
        return finish(&a, &db);
    }
    let (records, identities, merged) = super::resolve::resolve_and_store(&store)?;
    println!(
        "\n   people resolved across sources (kingpin resolve --db {}): {merged} of {records} person \
         records in {identities} identities of two or more records",
        db.display()
    );
    drop(store);
    super::graph::demo_ranking(&a.out, &db, true)?;
    finish(&a, &db)
}

fn finish(a: &Args, db: &std::path::Path) -> anyhow::Result<ExitCode> {
    if a.serve {
        super::demo_serve::serve(db, a.listen)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn file_name(file: &str) -> String {
    file.split('.').next().unwrap_or(file).to_string()
}
