//! The events benchmark (`cargo run --release -p kingpin-events
//! --example bench`): generate N calls as Parquet, project them to the person graph with
//! DataFusion, then PageRank and the leader ranking on that graph; time, CPU and peak memory
//! per stage. Baseline in the same run: the same generator's first M calls written into a
//! SQLite store and projected in memory by `kingpin_graph::project`, against DataFusion on
//! those same M calls (whose edges must agree).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use crate::compare::{self, Edges};
use crate::generate::{GenConfig, generate, to_store};
use crate::{Window, session, tables};
use kingpin_graph::centrality::pagerank::{PageRankConfig, pagerank};
use kingpin_graph::rank::{RankConfig, rank_leaders};
use kingpin_graph::{EdgeType, Graph, GraphBuilder, NodeKind, ProjectOptions, project};
use kingpin_store::SqliteStore;

/// What to run.
#[derive(Clone, Debug, Serialize)]
pub struct BenchConfig {
    /// Calls to generate for the DataFusion run.
    pub calls: u64,
    /// Calls for the baseline (SQLite store, in-memory projection) and the DataFusion run on
    /// the same calls; 0 for none.
    pub baseline_calls: u64,
    /// Working directory (must not exist; removed afterwards unless `keep`).
    pub dir: PathBuf,
    /// Memory for DataFusion's joins and aggregations, in MiB (they spill beyond it).
    pub memory_mb: usize,
    /// Keep the generated files.
    pub keep: bool,
}

/// Peak resident memory since the last reset, in MiB (Linux; 0 elsewhere).
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

/// Starts a new peak-memory measurement (writing 5 to clear_refs resets VmHWM on Linux).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// CPU seconds (user + system) of this process so far.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit(')').next().unwrap_or("");
    rest.split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse::<f64>().ok())
        .sum::<f64>()
        / 100.0
}

/// Times one stage and prints its row.
fn stage<T>(name: &str, f: impl FnOnce() -> anyhow::Result<(T, String)>) -> anyhow::Result<T> {
    reset_peak();
    let (t, c) = (Instant::now(), cpu_seconds());
    let (out, what) = f()?;
    println!(
        "{:<52} {:>9.2} {:>9.1} {:>9.0}  {}",
        name,
        t.elapsed().as_secs_f64(),
        cpu_seconds() - c,
        peak_mib(),
        what
    );
    Ok(out)
}

/// DataFusion's person edges over `dir`.
pub fn datafusion_edges(dir: &std::path::Path, memory_mb: usize) -> anyhow::Result<Edges> {
    let rt = crate::runtime()?;
    rt.block_on(async {
        let ctx = session(memory_mb << 20, Some(dir))?;
        tables::register(&ctx, dir).await?;
        compare::queried(&ctx, &Window::default()).await
    })
}

/// The person graph of `edges`: one edge per person pair and kind, weighted by its records
/// (calls) or amounts (payments), timed by its first record.
pub fn graph_of(edges: &Edges) -> Graph {
    let mut b = GraphBuilder::new(true);
    b.reserve_edges(edges.len());
    // A sorted map: node numbers (and so ties in the ranking) do not depend on hashing.
    for ((s, d, kind), (n, w, first, _)) in edges {
        let (s, d) = (b.intern(s, NodeKind::Person), b.intern(d, NodeKind::Person));
        let (etype, weight) = if kind == "call" {
            (EdgeType::Call, *n as f32)
        } else {
            (EdgeType::Payment, *w as f32)
        };
        b.add_edge(s, d, etype, weight, *first);
    }
    b.build()
}

/// DataFusion's person edges over `dir`, streamed batch by batch into the person graph (as
/// [`graph_of`] builds it), so that no second copy of the edges is held.
pub fn stream_graph(dir: &std::path::Path, memory_mb: usize) -> anyhow::Result<Graph> {
    use datafusion::arrow::array::AsArray;
    use datafusion::arrow::datatypes::{Float64Type, Int64Type};
    use futures::StreamExt;
    let rt = crate::runtime()?;
    rt.block_on(async {
        let ctx = session(memory_mb << 20, Some(dir))?;
        tables::register(&ctx, dir).await?;
        let df = crate::queries::person_edges(&ctx, &Window::default()).await?;
        let mut stream = df.execute_stream().await?;
        let mut b = GraphBuilder::new(true);
        while let Some(batch) = stream.next().await {
            let batch = batch?;
            let (src, dst, kind) = (
                batch.column(0).as_string::<i32>(),
                batch.column(1).as_string::<i32>(),
                batch.column(2).as_string::<i32>(),
            );
            let records = batch.column(3).as_primitive::<Int64Type>();
            let weight = batch.column(4).as_primitive::<Float64Type>();
            let first = batch.column(5).as_primitive::<Int64Type>();
            for i in 0..batch.num_rows() {
                let s = b.intern(src.value(i), NodeKind::Person);
                let d = b.intern(dst.value(i), NodeKind::Person);
                let (etype, w) = if kind.value(i) == "call" {
                    (EdgeType::Call, records.value(i) as f32)
                } else {
                    (EdgeType::Payment, weight.value(i) as f32)
                };
                let t =
                    (!datafusion::arrow::array::Array::is_null(first, i)).then(|| first.value(i));
                b.add_edge(s, d, etype, w, t);
            }
        }
        Ok(b.build())
    })
}

fn analyse(prefix: &str, g: &Graph) -> anyhow::Result<()> {
    stage(&format!("{prefix}PageRank"), || {
        let (out, inn) = (g.out_adj(), g.in_adj());
        let pr = pagerank(&out, &inn, &PageRankConfig::default());
        let top = (0..pr.len()).max_by(|&a, &b| pr[a].total_cmp(&pr[b]));
        Ok((
            (),
            format!("top {}", top.map_or("-", |v| g.label(v as u32))),
        ))
    })?;
    stage(&format!("{prefix}leader ranking"), || {
        let r = rank_leaders(g, &RankConfig::default());
        let top: Vec<&str> = r.ranked.iter().take(3).map(|p| g.label(p.node)).collect();
        Ok(((), format!("top 3 {}", top.join(", "))))
    })?;
    Ok(())
}

/// Runs the benchmark, printing a row per stage.
pub fn run(a: &BenchConfig) -> anyhow::Result<()> {
    anyhow::ensure!(
        !a.dir.exists(),
        "{} exists: give a new directory (it is removed afterwards)",
        a.dir.display()
    );
    std::fs::create_dir_all(&a.dir).with_context(|| format!("creating {}", a.dir.display()))?;
    let result = run_in(a);
    if !a.keep {
        std::fs::remove_dir_all(&a.dir).with_context(|| format!("removing {}", a.dir.display()))?;
    }
    result
}

fn run_in(a: &BenchConfig) -> anyhow::Result<()> {
    println!(
        "events benchmark: {} calls (baseline {}), DataFusion memory pool {} MiB, {} threads",
        a.calls,
        a.baseline_calls,
        a.memory_mb,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:<52} {:>9} {:>9} {:>9}  what",
        "stage", "seconds", "CPU s", "peak MiB"
    );
    if a.baseline_calls > 0 {
        let cfg = GenConfig {
            cells: false,
            ..GenConfig::new(a.baseline_calls)
        };
        let db = a.dir.join("baseline.db");
        stage("baseline: write the calls into a SQLite store", || {
            let mut store = SqliteStore::open(&db)?;
            let n = to_store(&cfg, &mut store, &|_| {})?;
            Ok(((), format!("{n} records")))
        })?;
        let mem = stage("baseline: in-memory projection (graph::project)", || {
            let store = SqliteStore::open(&db)?;
            let p = project(&store, &ProjectOptions::default())?;
            let what = format!("{} nodes, {} edges", p.stats.nodes, p.stats.edges);
            Ok((compare::projected(&p), what))
        })?;
        let small = a.dir.join("baseline-events");
        stage("same calls: generate Parquet", || {
            let r = generate(&cfg, &small, false, &|_| {})?;
            Ok(((), format!("{} calls, {} payments", r.calls, r.payments)))
        })?;
        let df = stage("same calls: DataFusion person edges", || {
            let e = datafusion_edges(&small, a.memory_mb)?;
            let n = e.len();
            Ok((e, format!("{n} person pairs and kinds")))
        })?;
        compare::same(&mem, &df).map_err(|e| {
            anyhow::anyhow!("DataFusion's edges differ from the in-memory projection's: {e}")
        })?;
        println!(
            "(the baseline's {} person edges equal DataFusion's)",
            mem.len()
        );
        let g = graph_of(&df);
        analyse("same calls: ", &g)?;
        std::fs::remove_dir_all(&small)?;
        std::fs::remove_file(&db)?;
    }
    let events = a.dir.join("events");
    stage("generate Parquet (calls, payments, cell sites)", || {
        let r = generate(&GenConfig::new(a.calls), &events, false, &|_| {})?;
        let size = dir_size(&events);
        Ok((
            (),
            format!(
                "{} calls, {} payments, {} cell records, {:.2} GB",
                r.calls,
                r.payments,
                r.cells,
                size as f64 / 1e9
            ),
        ))
    })?;
    let g = stage("DataFusion person edges, streamed into the graph", || {
        let g = stream_graph(&events, a.memory_mb)?;
        let what = format!("{} nodes, {} edges", g.node_count(), g.edge_count());
        Ok((g, what))
    })?;
    analyse("", &g)?;
    println!("(peak MiB is per stage: the resident high-water mark, reset before each)");
    Ok(())
}

fn dir_size(dir: &std::path::Path) -> u64 {
    let mut total = 0;
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            total += if p.is_dir() {
                dir_size(&p)
            } else {
                e.metadata().map_or(0, |m| m.len())
            };
        }
    }
    total
}
