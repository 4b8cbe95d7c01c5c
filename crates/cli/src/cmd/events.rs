//! `kingpin events`: bulk calls, payments and cell-site records as partitioned Parquet, and
//! the DataFusion queries over them.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use kingpin_events::generate::{GenConfig, generate};
use kingpin_events::{Window, output, queries, session, tables};
use kingpin_graph::project::parse_epoch;
use kingpin_store::SqliteStore;

/// Bulk events.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Write a database's calls, payments and cell sites, and who uses which phone and
    /// account, as month-partitioned Parquet.
    Export(ExportArgs),
    /// Generate synthetic events at scale (organisers, lieutenants, members, burners).
    Generate(GenerateArgs),
    /// Person-to-person edges: calls and payments through the person map.
    Edges(EdgesArgs),
    /// Call patterns per pair of phones: counts, direction, duration, night-time share.
    Patterns(PatternsArgs),
    /// Pairs of phones seen at the same cell within a time of each other.
    Colocation(ColocationArgs),
}

/// Options of `kingpin events export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The Kingpin database to read.
    #[arg(long)]
    db: PathBuf,
    /// Output directory (written aside, renamed into place when complete).
    #[arg(long)]
    out: PathBuf,
    /// Replace the output directory if it exists.
    #[arg(long)]
    replace: bool,
}

/// Options of `kingpin events generate`.
#[derive(clap::Args, Debug)]
pub struct GenerateArgs {
    /// Call records to generate.
    #[arg(long)]
    calls: u64,
    /// Output directory (written aside, renamed into place when complete).
    #[arg(long)]
    out: PathBuf,
    /// Seed: the same seed and sizes give the same records.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// People (default: one per 100 calls).
    #[arg(long)]
    people: Option<u64>,
    /// Payments (default: one per 20 calls).
    #[arg(long)]
    payments: Option<u64>,
    /// Standalone cell-site records (default: one per 10 calls).
    #[arg(long)]
    pings: Option<u64>,
    /// Write no cell-site table.
    #[arg(long)]
    no_cells: bool,
    /// Replace the output directory if it exists.
    #[arg(long)]
    replace: bool,
}

/// Options every query takes.
#[derive(clap::Args, Debug)]
pub struct QueryArgs {
    /// Directory written by `kingpin events export` or `generate`.
    #[arg(long)]
    dir: PathBuf,
    /// Only records on or after this date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, UTC); undated
    /// records are always kept.
    #[arg(long)]
    since: Option<String>,
    /// Only records before this date.
    #[arg(long)]
    until: Option<String>,
    /// Print JSON (an array of rows, times in epoch seconds) instead of a table.
    #[arg(long)]
    json: bool,
    /// Memory for joins and aggregations, in MiB; they spill to disk beyond it.
    #[arg(long, default_value_t = 4096)]
    memory_mb: usize,
    /// Rows to print at most.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Run the query on the Apache Ballista cluster whose scheduler is at host:port instead of
    /// in this process; every executor must read --dir at the same path.
    #[cfg(feature = "cluster")]
    #[arg(long, env = "KINGPIN_CLUSTER")]
    cluster: Option<String>,
}

impl QueryArgs {
    fn window(&self) -> anyhow::Result<Window> {
        let date = |d: &Option<String>, what: &str| -> anyhow::Result<Option<i64>> {
            d.as_deref()
                .map(|d| {
                    parse_epoch(d).with_context(|| format!("--{what} {d}: expected YYYY-MM-DD"))
                })
                .transpose()
        };
        let w = Window {
            since: date(&self.since, "since")?,
            until: date(&self.until, "until")?,
        };
        if let (Some(s), Some(u)) = (w.since, w.until) {
            anyhow::ensure!(s < u, "--since must be before --until");
        }
        Ok(w)
    }
}

/// Options of `kingpin events edges`.
#[derive(clap::Args, Debug)]
pub struct EdgesArgs {
    #[command(flatten)]
    q: QueryArgs,
}

/// Options of `kingpin events patterns`.
#[derive(clap::Args, Debug)]
pub struct PatternsArgs {
    #[command(flatten)]
    q: QueryArgs,
    /// Leave out pairs with fewer calls.
    #[arg(long, default_value_t = 1)]
    min_calls: u64,
}

/// Options of `kingpin events colocation`.
#[derive(clap::Args, Debug)]
pub struct ColocationArgs {
    #[command(flatten)]
    q: QueryArgs,
    /// Seconds apart two records at one cell may be and still count as together.
    #[arg(long, default_value_t = 600)]
    within: i64,
    /// Leave out pairs seen together fewer times.
    #[arg(long, default_value_t = 2)]
    min_times: u64,
}

fn counter(what: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {human_pos} {per_sec}")
            .expect("valid template"),
    );
    bar.set_message(what.to_string());
    bar
}

/// Runs `kingpin events …`.
pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Export(a) => {
            anyhow::ensure!(a.db.is_file(), "{}: no such database", a.db.display());
            let store =
                SqliteStore::open(&a.db).with_context(|| format!("opening {}", a.db.display()))?;
            let bar = counter("records read");
            let r = kingpin_events::export::export(&store, &a.out, a.replace, &|n| {
                bar.set_position(n)
            })?;
            bar.finish_and_clear();
            println!(
                "wrote {}: {} calls, {} payments, {} cell-site records, {} ids in the person map",
                a.out.display(),
                r.calls,
                r.payments,
                r.cells,
                r.mapped
            );
            if r.incomplete > 0 || r.unreadable > 0 {
                println!(
                    "left out {} records with an end the store does not hold; {} amounts or durations were not numbers",
                    r.incomplete, r.unreadable
                );
            }
        }
        Command::Generate(a) => {
            let cfg = GenConfig {
                seed: a.seed,
                people: a.people,
                payments: a.payments,
                pings: a.pings,
                cells: !a.no_cells,
                ..GenConfig::new(a.calls)
            };
            let bar = counter("calls written");
            let r = generate(&cfg, &a.out, a.replace, &|n| bar.set_position(n))?;
            bar.finish_and_clear();
            println!(
                "wrote {}: {} calls, {} payments, {} cell-site records; {} people ({} organisers, {} lieutenants) with {} phones",
                a.out.display(),
                r.calls,
                r.payments,
                r.cells,
                r.people,
                r.organisers,
                r.lieutenants,
                r.phones
            );
        }
        Command::Edges(a) => {
            let w = a.q.window()?;
            query(&a.q, move |ctx| async move {
                let df = queries::person_edges(&ctx, &w).await?;
                Ok(df.sort(vec![
                    datafusion_col("records").sort(false, false),
                    datafusion_col("src").sort(true, false),
                    datafusion_col("dst").sort(true, false),
                ])?)
            })?;
        }
        Command::Patterns(a) => {
            let w = a.q.window()?;
            let (min, limit) = (a.min_calls, a.q.limit);
            query(&a.q, move |ctx| async move {
                queries::call_patterns(&ctx, &w, min, limit).await
            })?;
        }
        Command::Colocation(a) => {
            let w = a.q.window()?;
            let (within, min, limit) = (a.within, a.min_times, a.q.limit);
            query(&a.q, move |ctx| async move {
                queries::co_location(&ctx, &w, within, min, limit).await
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn datafusion_col(name: &str) -> kingpin_events::datafusion::prelude::Expr {
    kingpin_events::datafusion::prelude::col(name)
}

/// A session in this process, or on the cluster `--cluster` names.
async fn open_session(
    q: &QueryArgs,
) -> anyhow::Result<kingpin_events::datafusion::prelude::SessionContext> {
    #[cfg(feature = "cluster")]
    if let Some(scheduler) = &q.cluster {
        return Ok(kingpin_cluster::connect(scheduler).await?);
    }
    session(q.memory_mb << 20, None)
}

/// Registers the tables of `q.dir` (absolute: a cluster's executors do not share this
/// process's working directory) with a new session, runs `make`'s query and prints at most
/// `q.limit` rows.
fn query<F, Fut>(q: &QueryArgs, make: F) -> anyhow::Result<()>
where
    F: FnOnce(kingpin_events::datafusion::prelude::SessionContext) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<kingpin_events::datafusion::prelude::DataFrame>>,
{
    let rt = kingpin_events::runtime()?;
    let batches = rt.block_on(async {
        let ctx = open_session(q).await?;
        let dir = std::path::absolute(&q.dir)?;
        tables::register(&ctx, &dir).await?;
        let df = make(ctx).await?.limit(0, Some(q.limit))?;
        anyhow::Ok(df.collect().await?)
    })?;
    if q.json {
        println!("{}", output::json(&batches)?);
    } else {
        print!("{}", output::table(&batches)?);
        println!("\n{} rows", output::rows(&batches));
    }
    Ok(())
}
