//! `kingpin bench import`: import throughput and memory against two baselines in the same run.

use anyhow::Context;
use kingpin_ingest::{ImportOptions, Mapping, csv_import::import_csv};
use kingpin_store::SqliteStore;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Benchmarks.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Import N generated call records from CSV; print rows/s and peak memory.
    Import(ImportArgs),
    /// Trace 6 hops and scan all money typologies over a generated ledger (10M payments).
    Money(super::bench_money::MoneyArgs),
    /// Load the analysis graph from a store (person and entity level); print the time.
    Project(super::bench_project::ProjectArgs),
    /// N generated calls as Parquet, projected to the person graph with DataFusion, then
    /// PageRank and the leader ranking; against the in-memory projection of a SQLite store.
    #[cfg(feature = "events")]
    Events(super::bench_events::EventsArgs),
}

/// Options of `kingpin bench import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Call records to generate.
    #[arg(long, default_value_t = 1_000_000)]
    rows: u64,
    /// Working directory (default: a new temporary directory, removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
}

/// The CDR mapping the benchmark imports with: six entities a row, as a real CDR import.
pub const CDR_MAPPING: &str = r#"
[source]
name = "bench-cdr"
kind = "cdr"
grading = "1A P"

[entities.caller]
schema = "Phone"
[entities.caller.properties]
number = { column = "caller" }

[entities.callee]
schema = "Phone"
[entities.callee.properties]
number = { column = "callee" }

[entities.handset]
schema = "Device"
[entities.handset.properties]
imei = { column = "caller_imei" }

[entities.sim]
schema = "Sim"
[entities.sim.properties]
imsi = { column = "caller_imsi" }

[entities.cell]
schema = "Place"
keys = ["cell_id"]
[entities.cell.properties]
cellId = { column = "cell_id" }
kind = { literal = "cell site" }

[entities.call]
schema = "Call"
keys = ["call_id"]
key_prefix = "cdr"
[entities.call.properties]
caller = { entity = "caller" }
receiver = { entity = "callee" }
callerDevice = { entity = "handset" }
callerSim = { entity = "sim" }
callerCell = { entity = "cell" }
startDate = { column = "start" }
duration = { column = "duration_s" }
"#;

/// Small deterministic generator (xorshift64*), so the benchmark needs no data files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Writes `rows` call records: 50k numbers, 30k handsets, 60k SIMs, 2k cells.
pub fn write_cdr(path: &Path, rows: u64) -> anyhow::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(
        w,
        "call_id,start,duration_s,caller,callee,caller_imei,caller_imsi,cell_id"
    )?;
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..rows {
        let (a, b) = (r.below(50_000), r.below(50_000));
        let t = 1_700_000_000 + i * 7;
        writeln!(
            w,
            "C{i:09},{},{},+96475{a:08},+4477{b:08},35{:013},41805{:010},CELL-{}",
            kingpin_model::calendar::iso_datetime(t as i64),
            r.below(1800),
            a % 30_000,
            a * 7 % 60_000,
            r.below(2000)
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Resets the kernel's peak-RSS counter so each phase is measured on its own (Linux).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory since the last reset, in MiB (Linux; 0 elsewhere).
/// Peak resident memory of this process so far, in MiB (Linux; 0 elsewhere).
pub fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

/// CPU time (user + system) this process has used, in seconds (Linux; 0 elsewhere). Beside
/// the wall clock it shows what the work itself cost when other processes share the cores.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may contain spaces) start at field 3.
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

struct Row {
    name: &'static str,
    rows: u64,
    secs: f64,
    cpu: f64,
    peak: f64,
}

fn time<F: FnOnce() -> anyhow::Result<u64>>(name: &'static str, f: F) -> anyhow::Result<Row> {
    reset_peak();
    let t = Instant::now();
    let c = cpu_secs();
    let rows = f()?;
    Ok(Row {
        name,
        rows,
        secs: t.elapsed().as_secs_f64(),
        cpu: cpu_secs() - c,
        peak: peak_mib(),
    })
}

/// Runs a benchmark.
pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    let a = match c {
        Command::Import(a) => a,
        Command::Money(m) => return super::bench_money::run(m),
        Command::Project(a) => return super::bench_project::run(a),
        #[cfg(feature = "events")]
        Command::Events(a) => return super::bench_events::run(a),
    };
    let tmp;
    let dir = match &a.dir {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => {
            tmp = tempfile::tempdir()?;
            tmp.path().to_path_buf()
        }
    };
    let csv_path = dir.join("bench-cdr.csv");
    eprintln!(
        "generating {} call records in {}",
        a.rows,
        csv_path.display()
    );
    write_cdr(&csv_path, a.rows)?;
    let size = std::fs::metadata(&csv_path)?.len();
    let mapping_path = dir.join("bench-cdr.mapping.toml");
    std::fs::write(&mapping_path, CDR_MAPPING)?;
    let mapping = Mapping::load(&mapping_path)?;
    let mut results = Vec::new();

    results.push(time("csv parse only (upper bound)", || {
        let mut r = csv::Reader::from_path(&csv_path)?;
        let mut rec = csv::StringRecord::new();
        let mut n = 0;
        while r.read_record(&mut rec)? {
            n += 1;
        }
        Ok(n)
    })?);

    let raw_db = dir.join("baseline.db");
    results.push(time("baseline: raw SQLite insert", || {
        let conn = rusqlite::Connection::open(&raw_db)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.execute_batch(
            "CREATE TABLE cdr(call_id TEXT, start TEXT, duration INTEGER, caller TEXT, callee TEXT,
                              imei TEXT, imsi TEXT, cell TEXT); BEGIN;",
        )?;
        let mut ins = conn.prepare("INSERT INTO cdr VALUES(?1,?2,?3,?4,?5,?6,?7,?8)")?;
        let mut r = csv::Reader::from_path(&csv_path)?;
        let mut rec = csv::StringRecord::new();
        let mut n = 0;
        while r.read_record(&mut rec)? {
            ins.execute(rusqlite::params_from_iter(rec.iter()))?;
            n += 1;
        }
        drop(ins);
        conn.execute_batch("COMMIT")?;
        Ok(n)
    })?);

    let db = dir.join("bench.db");
    let mut stmts = 0;
    results.push(time(
        "kingpin import (model, provenance, links, FTS)",
        || {
            let mut store = SqliteStore::open(&db)?;
            let rep = import_csv(
                &mut store,
                &csv_path,
                &mapping,
                &ImportOptions::default(),
                &mut |_| {},
            )
            .context("import")?;
            stmts = rep.source.statements;
            Ok(rep.source.rows)
        },
    )?);

    // What SQLite alone costs to write the rows this import wrote (entities, keys, fragments,
    // links), in key order, with no CSV, no model and no Rust in between: the floor under any
    // import that keeps this schema.
    let floor_db = dir.join("floor.db");
    results.push(time("floor: SQLite re-writing kingpin's rows", || {
        drop(SqliteStore::open(&floor_db)?);
        let conn = rusqlite::Connection::open(&floor_db)?;
        conn.execute("ATTACH DATABASE ?1 AS k", [db.display().to_string()])?;
        conn.execute_batch(
            "BEGIN;
             INSERT INTO main.entity SELECT * FROM k.entity ORDER BY eid;
             INSERT INTO main.entity_key SELECT * FROM k.entity_key ORDER BY h, eid;
             INSERT INTO main.fragment SELECT * FROM k.fragment ORDER BY eid, fid;
             INSERT INTO main.link SELECT * FROM k.link ORDER BY dst, src, prop;
             COMMIT;",
        )?;
        Ok(a.rows)
    })?);
    let floor_rows: i64 = rusqlite::Connection::open(&floor_db)?.query_row(
        "SELECT (SELECT count(*) FROM entity) + (SELECT count(*) FROM entity_key)
              + (SELECT count(*) FROM fragment) + (SELECT count(*) FROM link)",
        [],
        |r| r.get(0),
    )?;

    println!(
        "import benchmark: {} call records, {:.0} MB CSV, 6 entities a row; one core",
        a.rows,
        size as f64 / 1e6
    );
    println!(
        "{:<48} {:>10} {:>9} {:>12} {:>8} {:>12} {:>10}",
        "phase", "rows", "seconds", "rows/s", "cpu s", "rows/cpu-s", "peak MiB"
    );
    for r in &results {
        println!(
            "{:<48} {:>10} {:>9.2} {:>12.0} {:>8.2} {:>12.0} {:>10.1}",
            r.name,
            r.rows,
            r.secs,
            r.rows as f64 / r.secs,
            r.cpu,
            r.rows as f64 / r.cpu.max(0.01),
            r.peak
        );
    }
    let k = &results[2];
    println!(
        "kingpin wrote {stmts} statements ({:.0}/s); database {:.0} MB",
        stmts as f64 / k.secs,
        std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );
    println!(
        "kingpin vs raw SQLite baseline: {:.2}x the time",
        k.secs / results[1].secs
    );
    println!(
        "the floor wrote {floor_rows} SQLite rows ({:.1} a call record); kingpin took {:.2}x the floor's CPU time",
        floor_rows as f64 / a.rows.max(1) as f64,
        k.cpu / results[3].cpu.max(0.01)
    );
    Ok(ExitCode::SUCCESS)
}
