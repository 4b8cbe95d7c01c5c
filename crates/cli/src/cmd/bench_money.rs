//! `kingpin bench money`: a 6-hop trace and the full typology scan over a large generated
//! ledger, against a DuckDB recursive-CTE version of the same trace in the same run (when a
//! Python with `duckdb` is given; `scripts/bench-money.sh` makes one).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use kingpin_money::{Direction, Method, Params, Start, TraceOptions, synth, trace};

use super::bench::peak_mib;

/// Options of `kingpin bench money`.
#[derive(clap::Args, Debug)]
pub struct MoneyArgs {
    /// Payments to generate.
    #[arg(long, default_value_t = 10_000_000)]
    txs: usize,
    /// Accounts they move between.
    #[arg(long, default_value_t = 1_000_000)]
    parties: u32,
    /// Hops to trace.
    #[arg(long, default_value_t = 6)]
    hops: u8,
    /// Traces to time (from different starting accounts; the median is reported).
    #[arg(long, default_value_t = 5)]
    traces: u32,
    /// A Python interpreter with the `duckdb` package: runs the SQL baseline in the same run.
    #[arg(long)]
    duckdb: Option<PathBuf>,
    /// Working directory for the baseline's CSV (default: a temporary directory).
    #[arg(long)]
    dir: Option<PathBuf>,
}

/// The baseline: the same time-respecting, 6-hop reachability as a DuckDB recursive CTE (set
/// semantics, so each payment and hop is kept once). Prints JSON.
const DUCKDB_TRACE: &str = r#"
import json, resource, sys, time
import duckdb
path, hops, starts = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3].split(",")]
con = duckdb.connect()
t0 = time.perf_counter()
con.execute(f"CREATE TABLE tx AS SELECT * FROM read_csv('{path}', header=true, columns={{'src':'INTEGER','dst':'INTEGER','ts':'BIGINT','amount':'DOUBLE','seq':'BIGINT'}})")
con.execute("CREATE INDEX tx_src ON tx(src)")
load = time.perf_counter() - t0
q = """
WITH RECURSIVE r(seq, dst, hop) AS (
  SELECT seq, dst, 1 FROM tx WHERE src = $start
  UNION
  SELECT t.seq, t.dst, r.hop + 1 FROM r JOIN tx t ON t.src = r.dst AND t.seq > r.seq
  WHERE r.hop < $hops AND r.dst <> $start
)
SELECT count(DISTINCT seq) FROM r
"""
runs = []
for s in starts:
    t = time.perf_counter()
    n = con.execute(q, {"start": s, "hops": hops}).fetchone()[0]
    runs.append((time.perf_counter() - t, n))
print(json.dumps({"load": load, "runs": runs,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"#;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs the money benchmark.
pub fn run(a: MoneyArgs) -> anyhow::Result<ExitCode> {
    let t = Instant::now();
    let l = synth::ledger(a.parties, a.txs, 7);
    let gen_s = t.elapsed().as_secs_f64();
    let gen_mib = peak_mib();
    // Ordinary (non-hub) accounts that made payments, spread over the id range.
    let hubs = (a.parties / 100).max(1);
    let starts: Vec<u32> = (0..a.traces)
        .map(|i| hubs + (a.parties - hubs) / (a.traces + 1) * (i + 1))
        .map(|mut v| {
            while l.outgoing(v).is_empty() {
                v += 1;
            }
            v
        })
        .collect();
    let mut rows: Vec<(String, f64, String)> = Vec::new();
    let mut reach = Vec::new();
    let mut times = Vec::new();
    for &s in &starts {
        let t = Instant::now();
        reach.push(kingpin_money::trace::reachable(&l, s, a.hops));
        times.push(t.elapsed().as_secs_f64());
    }
    rows.push((
        format!("kingpin reachability, {} hops (same as SQL)", a.hops),
        median(times),
        format!("payments reached: {reach:?}"),
    ));
    for method in [Method::Fifo, Method::Proportional] {
        let mut times = Vec::new();
        let mut carried = Vec::new();
        for &s in &starts {
            let o = TraceOptions {
                direction: Direction::Forward,
                hops: a.hops,
                method,
                ..Default::default()
            };
            let t = Instant::now();
            let tr = trace(&l, Start::Party(s), &o);
            times.push(t.elapsed().as_secs_f64());
            let touched: std::collections::BTreeSet<u32> =
                tr.carried.iter().map(|c| c.tx).collect();
            carried.push(touched.len());
        }
        rows.push((
            format!("kingpin trace {method:?}, {} hops, apportioned", a.hops),
            median(times),
            format!("payments carrying money: {carried:?}"),
        ));
    }
    let t = Instant::now();
    let mut per = Vec::new();
    let alerts = kingpin_money::scan(&l, &Params::default(), |ty, n| {
        per.push(format!("{} {n}", ty.as_str()))
    });
    let scan_s = t.elapsed().as_secs_f64();
    rows.push((
        "kingpin full typology scan (8 detectors)".into(),
        scan_s,
        format!("{} alerts: {}", alerts.len(), per.join(", ")),
    ));
    let kingpin_mib = peak_mib();
    let mut duck_mib = None;
    if let Some(py) = &a.duckdb {
        let tmp = tempfile::tempdir()?;
        let dir = a.dir.clone().unwrap_or_else(|| tmp.path().to_path_buf());
        std::fs::create_dir_all(&dir)?;
        let csv = dir.join("money-bench.csv");
        synth::write_csv(&l, &csv)?;
        let script = dir.join("duckdb_trace.py");
        std::fs::write(&script, DUCKDB_TRACE)?;
        let list: Vec<String> = starts.iter().map(u32::to_string).collect();
        drop(l);
        let out = std::process::Command::new(py)
            .arg(&script)
            .arg(&csv)
            .arg(a.hops.to_string())
            .arg(list.join(","))
            .output()
            .with_context(|| format!("running {}", py.display()))?;
        anyhow::ensure!(
            out.status.success(),
            "DuckDB baseline failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        let runs = v["runs"].as_array().context("runs")?;
        let secs: Vec<f64> = runs.iter().filter_map(|r| r[0].as_f64()).collect();
        let counts: Vec<u64> = runs.iter().filter_map(|r| r[1].as_u64()).collect();
        rows.push((
            "duckdb: load CSV and index".into(),
            v["load"].as_f64().unwrap_or(0.0),
            String::new(),
        ));
        rows.push((
            format!("duckdb recursive CTE, {} hops (baseline)", a.hops),
            median(secs),
            format!("payments reached: {counts:?}"),
        ));
        duck_mib = v["peak_mib"].as_f64();
    }
    println!(
        "money benchmark: {} payments between {} accounts over a year; generated in {gen_s:.2}s ({gen_mib:.0} MiB)",
        a.txs, a.parties
    );
    println!("times are medians over {} starting accounts", starts.len());
    println!("| step | seconds | result |");
    println!("|---|---:|---|");
    for (what, s, note) in &rows {
        println!("| {what} | {s:.3} | {note} |");
    }
    println!("kingpin peak memory: {kingpin_mib:.0} MiB");
    if let Some(m) = duck_mib {
        println!("duckdb process peak memory: {m:.0} MiB");
    }
    Ok(ExitCode::SUCCESS)
}
