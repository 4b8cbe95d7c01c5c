//! `kingpin maritime`: boats, engines, life jackets and fuel — import dealers' and seizure
//! records, flag suspicious purchasing, trace a serial number.

use super::common::{DbArgs, actor};
use kingpin_ingest::ImportOptions;
use kingpin_maritime::analysis::{FlagOptions, flags, load, trace};
use kingpin_maritime::import::{Kind, import};
use std::path::PathBuf;
use std::process::ExitCode;

/// Subcommands of `kingpin maritime`.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Import a CSV of sales (dealers, customs) or seizures with the shipped mappings.
    Import {
        #[command(flatten)]
        db: DbArgs,
        /// The CSV file.
        file: PathBuf,
        /// sales or seizures.
        #[arg(long)]
        kind: String,
    },
    /// Buyers whose purchasing looks like supplying crossings, with the evidence.
    Flags {
        #[command(flatten)]
        db: DbArgs,
        /// Only buyers with at least this many distinct reasons.
        #[arg(long, default_value_t = 1)]
        min_score: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Flags against a scenario's truth: precision and recall of the flagged buyers (those who
    /// bought for a crossing), at 1, 2 and 3 reasons. Imports the scenario's purchases and
    /// crossings into a scratch database.
    Evaluate {
        /// A directory written by `kingpin scenario`.
        #[arg(long)]
        scenario: PathBuf,
    },
    /// A serial number back to its purchases and buyers, forward to its crossings.
    Trace {
        #[command(flatten)]
        db: DbArgs,
        /// The serial as written (prefixes, spaces and slips are normalised).
        serial: String,
    },
}

/// Runs `kingpin maritime`.
pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Import { db, file, kind } => {
            let kind = match kind.as_str() {
                "sales" | "purchases" => Kind::Sales,
                "seizures" => Kind::Seizures,
                other => anyhow::bail!("--kind must be sales or seizures, not {other:?}"),
            };
            let mut store = db.open()?;
            let opts = ImportOptions {
                audit: Some(kingpin_store::AuditEntry {
                    who: actor(),
                    action: "maritime.import".into(),
                    target: file.display().to_string(),
                    detail: serde_json::json!({}),
                }),
                ..Default::default()
            };
            let rep = import(&mut store, &file, kind, &opts)?;
            println!(
                "{}: {} rows, {} statements",
                rep.source.name, rep.source.rows, rep.source.statements
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Flags {
            db,
            min_score,
            json,
        } => {
            let store = db.open()?;
            let d = load(&store)?;
            let f: Vec<_> = flags(&d, &FlagOptions::default())
                .into_iter()
                .filter(|f| f.score >= min_score)
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&f)?);
            } else {
                for b in &f {
                    println!(
                        "{} [{}] {} purchases, {} reasons",
                        b.buyer,
                        b.names.join(" / "),
                        b.purchases,
                        b.score
                    );
                    for r in &b.reasons {
                        println!("  {:<22} {} ({})", r.code, r.detail, r.purchases.join(", "));
                    }
                }
                println!("{} buyers flagged", f.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Evaluate { scenario } => evaluate(&scenario),
        Command::Trace { db, serial } => {
            let store = db.open()?;
            let d = load(&store)?;
            let t = trace(&d, &serial);
            println!("{}", serde_json::to_string_pretty(&t)?);
            Ok(if t.items.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

fn evaluate(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let truth = kingpin_maritime::evaluate::read_truth(&dir.join("truth_links.csv"))
        .with_context(|| format!("{}: truth_links.csv", dir.display()))?;
    let tmp = tempfile::tempdir()?;
    let mut store = kingpin_store::SqliteStore::open(tmp.path().join("eval.db"))?;
    for name in ["purchases", "crossings"] {
        let file = dir.join(format!("{name}.csv"));
        let map = dir.join(format!("{name}.mapping.toml"));
        let text = std::fs::read_to_string(&map).with_context(|| map.display().to_string())?;
        let mapping = kingpin_ingest::Mapping::parse(&text, &map)?;
        kingpin_ingest::csv_import::import_csv(
            &mut store,
            &file,
            &mapping,
            &ImportOptions::default(),
            &mut |_| {},
        )
        .with_context(|| file.display().to_string())?;
    }
    let d = load(&store)?;
    let f = flags(&d, &FlagOptions::default());
    println!("{} purchases, {} in the truth", d.buys.len(), truth.len());
    println!("min reasons  flagged  correct  precision  suppliers  found  recall");
    for s in kingpin_maritime::evaluate::score(&f, &truth, &[1, 2, 3]) {
        println!(
            "{:>11}  {:>7}  {:>7}  {:>9.3}  {:>9}  {:>5}  {:>6.3}",
            s.min_reasons,
            s.flagged,
            s.correct,
            s.precision(),
            s.suppliers,
            s.found,
            s.recall()
        );
    }
    Ok(ExitCode::SUCCESS)
}
