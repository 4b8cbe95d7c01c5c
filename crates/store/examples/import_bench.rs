//! Import throughput of the two backends on the same generated calls: N calls between 1 000
//! phones (three statements a call), one import each into a fresh SQLite file and a fresh
//! PostgreSQL schema (`KINGPIN_TEST_PG`), wall time per backend. Run through the throwaway
//! cluster: `bash .ci/postgres.sh cargo run -p kingpin-store --features postgres --example
//! import_bench -- 100000`.

use kingpin_model::{Fragment, model};
use kingpin_store::{NewSource, PgStore, SqliteStore, Store};
use std::time::Instant;

fn import(store: &mut dyn Store, calls: usize) -> Result<f64, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let mut w = store.begin(NewSource {
        name: "bench".into(),
        kind: "cdr".into(),
        path: None,
        grading: "2BP".parse().expect("a valid grading"),
    })?;
    for k in 0..calls {
        let (a, b) = (k * 7919 % 1000, k * 104_729 % 1000);
        let mut f = Fragment::new(model(), "Call", format!("call-{k}"))?;
        f.add("caller", &format!("ph-{a}"))?;
        f.add("receiver", &format!("ph-{b}"))?;
        f.add("startDate", &format!("2024-03-{:02}T10:00:00", 1 + k % 28))?;
        w.put(&f)?;
    }
    w.commit(calls as u64)?;
    Ok(started.elapsed().as_secs_f64())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let calls: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().map_err(|_| format!("calls: not a number: {n}"))?,
        None => 100_000,
    };
    let url = std::env::var("KINGPIN_TEST_PG")
        .map_err(|_| "KINGPIN_TEST_PG is not set: run through .ci/postgres.sh")?;
    let dir = tempfile::tempdir()?;
    let mut sqlite = SqliteStore::open(dir.path().join("bench.db"))?;
    let s = import(&mut sqlite, calls)?;
    let schema = format!("kp_bench_{}", std::process::id());
    let mut pg = PgStore::connect_in_schema(&url, &schema)?;
    let p = import(&mut pg, calls)?;
    let stats = pg.stats()?;
    pg.client()
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))?;
    println!(
        "{calls} calls ({} statements): SQLite {s:.2} s ({:.0} calls/s), PostgreSQL {p:.2} s ({:.0} calls/s)",
        stats.statements,
        calls as f64 / s,
        calls as f64 / p
    );
    Ok(())
}
