//! Person edges side by side: DataFusion's over Parquet and the in-memory projection's over
//! the store, aggregated alike, and where they differ. Used by the equality test and by the
//! benchmark's baseline check.

use std::collections::BTreeMap;

use datafusion::arrow::array::{Array, AsArray, Int64Array};
use datafusion::arrow::datatypes::{Float64Type, Int64Type};
use datafusion::prelude::SessionContext;
use kingpin_graph::{EdgeType, Projection};

use crate::{Window, queries};

/// (source person, target person, `call` or `payment`) → (records, weight, first, last).
pub type Edges = BTreeMap<(String, String, String), (u64, f64, Option<i64>, Option<i64>)>;

/// The projection's call and payment edges, aggregated per person pair and kind.
pub fn projected(p: &Projection) -> Edges {
    let mut out = Edges::new();
    for e in p.graph.edges() {
        let kind = match e.etype {
            EdgeType::Call => "call",
            EdgeType::Payment => "payment",
            _ => continue,
        };
        let key = (
            p.graph.label(e.src).to_string(),
            p.graph.label(e.dst).to_string(),
            kind.to_string(),
        );
        let a = out.entry(key).or_insert((0, 0.0, None, None));
        a.0 += 1;
        a.1 += f64::from(e.weight);
        if let Some(t) = e.time {
            a.2 = Some(a.2.map_or(t, |f: i64| f.min(t)));
            a.3 = Some(a.3.map_or(t, |l: i64| l.max(t)));
        }
    }
    out
}

/// DataFusion's person edges ([`queries::person_edges`]) in window `w`.
pub async fn queried(ctx: &SessionContext, w: &Window) -> anyhow::Result<Edges> {
    let batches = queries::person_edges(ctx, w).await?.collect().await?;
    let mut out = Edges::new();
    let opt = |a: &Int64Array, i: usize| (!a.is_null(i)).then(|| a.value(i));
    for b in &batches {
        let (src, dst, kind) = (
            b.column(0).as_string::<i32>(),
            b.column(1).as_string::<i32>(),
            b.column(2).as_string::<i32>(),
        );
        let records = b.column(3).as_primitive::<Int64Type>();
        let weight = b.column(4).as_primitive::<Float64Type>();
        let first = b.column(5).as_primitive::<Int64Type>();
        let last = b.column(6).as_primitive::<Int64Type>();
        for i in 0..b.num_rows() {
            let key = (
                src.value(i).to_string(),
                dst.value(i).to_string(),
                kind.value(i).to_string(),
            );
            let v = (
                records.value(i) as u64,
                weight.value(i),
                opt(first, i),
                opt(last, i),
            );
            anyhow::ensure!(out.insert(key, v).is_none(), "a person pair came twice");
        }
    }
    Ok(out)
}

/// `Ok` when `a` and `b` hold the same edges: endpoints, counts and times exactly, weights to
/// a relative 1e-9 (the same 32-bit weights summed in another order); else the differences.
pub fn same(a: &Edges, b: &Edges) -> Result<(), String> {
    let only_a: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    if !only_a.is_empty() || !only_b.is_empty() {
        return Err(format!(
            "{} pairs only in the first, e.g. {:?}; {} only in the second, e.g. {:?}",
            only_a.len(),
            only_a.iter().take(3).collect::<Vec<_>>(),
            only_b.len(),
            only_b.iter().take(3).collect::<Vec<_>>()
        ));
    }
    for (k, x) in a {
        let y = &b[k];
        let close = (x.1 - y.1).abs() <= 1e-9 * x.1.abs().max(1.0);
        if (x.0, x.2, x.3) != (y.0, y.2, y.3) || !close {
            return Err(format!("{k:?}: {x:?} against {y:?}"));
        }
    }
    Ok(())
}
