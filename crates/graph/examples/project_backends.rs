//! The person-level projection of one store on SQLite and on PostgreSQL: wall and CPU time of
//! this process (on PostgreSQL the server's own work is on top, in another process), best of
//! three runs each. The PostgreSQL copy is the SQLite store's fragments written through the
//! PostgreSQL writer in one import (timed too) into a throwaway schema, dropped afterwards.
//!
//! ```sh
//! kingpin bench import --rows 1000000 --dir /tmp/b
//! bash .ci/postgres.sh cargo run --release -p kingpin-graph --example project_backends -- /tmp/b/bench.db
//! ```
//! Without `KINGPIN_TEST_PG` only SQLite is timed.

mod support;

use std::time::Instant;

use support::cpu::cpu_seconds;

use kingpin_graph::project::{ProjectOptions, project};
use kingpin_model::{Fragment, model};
use kingpin_store::{NewSource, Scan, ScratchSchema, SqliteStore, Store};

/// Best wall and CPU seconds of three person-level projections, with nodes and edges.
fn time_projection(
    store: &dyn Scan,
) -> Result<(f64, f64, usize, usize), Box<dyn std::error::Error>> {
    let mut best = (f64::MAX, f64::MAX, 0, 0);
    for _ in 0..3 {
        let (t, c) = (Instant::now(), cpu_seconds());
        let p = project(store, &ProjectOptions::default())?;
        let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - c);
        if wall < best.0 {
            best = (wall, cpu, p.stats.nodes, p.stats.edges);
        }
    }
    Ok(best)
}

/// Writes every fragment of `from` into `to` as one import; returns the fragments copied.
fn copy(from: &dyn Scan, to: &mut dyn Store) -> Result<usize, Box<dyn std::error::Error>> {
    let mut w = to.begin(NewSource {
        name: "copy".into(),
        kind: "bench".into(),
        path: None,
        grading: "2BP".parse()?,
    })?;
    let mut n = 0;
    from.scan_fragments(None, &mut |r| {
        let mut f = Fragment::new(model(), r.schema, r.id)
            .map_err(|e| kingpin_store::StoreError::Callback(e.into()))?;
        f.grading = r.grading.parse().unwrap_or_default();
        f.recorded = r.recorded.map(str::to_string);
        for (p, v) in r.statements() {
            f.add(p, v)
                .map_err(|e| kingpin_store::StoreError::Callback(e.into()))?;
        }
        w.put(&f)?;
        n += 1;
        Ok(())
    })?;
    w.commit(n as u64)?;
    Ok(n)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: project_backends STORE.db (e.g. the bench.db of kingpin bench import)")?;
    let lite = SqliteStore::open(&path)?;
    let (wall, cpu, nodes, edges) = time_projection(&lite)?;
    println!(
        "SQLite      projection: {wall:.2} s wall, {cpu:.2} s CPU, {nodes} nodes, {edges} edges"
    );
    let Some((_schema, mut pg)) = ScratchSchema::from_env() else {
        return Ok(());
    };
    let (t, c) = (Instant::now(), cpu_seconds());
    let n = copy(&lite, &mut pg)?;
    println!(
        "PostgreSQL  import of {n} fragments: {:.1} s wall, {:.1} s client CPU",
        t.elapsed().as_secs_f64(),
        cpu_seconds() - c
    );
    let (t, c) = (Instant::now(), cpu_seconds());
    let mut rows = 0usize;
    pg.scan_fragments(None, &mut |_| {
        rows += 1;
        Ok(())
    })?;
    println!(
        "PostgreSQL  bare scan of {rows} fragments: {:.2} s wall, {:.2} s client CPU",
        t.elapsed().as_secs_f64(),
        cpu_seconds() - c
    );
    let (pwall, pcpu, pnodes, pedges) = time_projection(&pg)?;
    println!(
        "PostgreSQL  projection: {pwall:.2} s wall, {pcpu:.2} s client CPU, {pnodes} nodes, {pedges} edges ({:.1}x SQLite's wall time)",
        pwall / wall
    );
    if (pnodes, pedges) != (nodes, edges) {
        return Err("the two backends' projections differ".into());
    }
    Ok(())
}
