//! The analytics that scan every event, as DataFusion SQL over the registered tables.
//!
//! Each query is a function of a [`SessionContext`] that already holds the tables
//! ([`crate::tables::register`]) and returns a lazy [`DataFrame`]: only SQL and DataFusion's
//! built-in functions are used (no UDFs, no custom table providers), so the same plans run on a
//! local session or on a distributed one whose executors know nothing of this crate.

use datafusion::prelude::{DataFrame, SessionContext};
use serde::Serialize;

use crate::write::month_of;

/// A time window `[since, until)` in epoch seconds; records without a date are always in it
/// (as in the graph projection). Applied to every query, and pushed down to the month
/// partitions so that months outside it are never read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Window {
    pub since: Option<i64>,
    pub until: Option<i64>,
}

impl Window {
    /// The SQL condition that a row of table alias `t` lies in the window.
    pub fn predicate(&self, t: &str) -> String {
        let mut time = Vec::new();
        let mut month = Vec::new();
        if let Some(s) = self.since {
            time.push(format!("{t}.time >= {s}"));
            month.push(format!("{t}.month >= '{}'", month_of(Some(s))));
        }
        if let Some(u) = self.until {
            time.push(format!("{t}.time < {u}"));
            // The last second before `until` is in the last month read.
            month.push(format!("{t}.month <= '{}'", month_of(Some(u - 1))));
        }
        if time.is_empty() {
            return "TRUE".into();
        }
        format!(
            "({t}.month = '{none}' OR ({m})) AND ({t}.time IS NULL OR ({c}))",
            none = crate::tables::UNDATED,
            m = month.join(" AND "),
            c = time.join(" AND ")
        )
    }
}

/// Person–person edges: calls and payments aggregated per (source person, target person, kind)
/// through the person map, as the graph projection draws them at person level.
///
/// Columns: `src`, `dst` (person node labels), `kind` (`call` or `payment`), `records`, `weight`
/// (calls count 1; a payment its amount read as a 32-bit float, 1 when missing or not positive,
/// as in the projection), `first` and `last` (epoch seconds; null when every record is undated).
/// A person calling their own other phone is no edge.
pub async fn person_edges(ctx: &SessionContext, w: &Window) -> anyhow::Result<DataFrame> {
    let sql = format!(
        "SELECT src, dst, kind, COUNT(*) AS records, SUM(weight) AS weight,
                MIN(time) AS first, MAX(time) AS last
         FROM (
           SELECT ms.person AS src, md.person AS dst, 'call' AS kind,
                  CAST(1.0 AS DOUBLE) AS weight, c.time AS time
           FROM calls c
           JOIN person_map ms ON c.caller = ms.id
           JOIN person_map md ON c.receiver = md.id
           WHERE {wc}
           UNION ALL
           SELECT ms.person, md.person, 'payment',
                  CASE WHEN CAST(p.amount AS FLOAT) > 0
                       THEN CAST(CAST(p.amount AS FLOAT) AS DOUBLE) ELSE 1.0 END,
                  p.time
           FROM payments p
           JOIN person_map ms ON p.payer = ms.id
           JOIN person_map md ON p.beneficiary = md.id
           WHERE {wp}
         ) e
         WHERE src <> dst
         GROUP BY src, dst, kind",
        wc = w.predicate("c"),
        wp = w.predicate("p"),
    );
    Ok(ctx.sql(&sql).await?)
}

/// Call patterns per pair of phones (either direction): `calls`, `a_to_b` and `b_to_a`
/// (`phone_a` sorts first), `direction` (`a->b`, `b->a` or `both`), `total_duration`
/// (seconds), `first` and `last` call, and `night_share`: the share of dated calls between
/// 22:00 and 06:00 UTC. Pairs with fewer than `min_calls` calls are left out; the busiest
/// `limit` pairs are kept.
pub async fn call_patterns(
    ctx: &SessionContext,
    w: &Window,
    min_calls: u64,
    limit: usize,
) -> anyhow::Result<DataFrame> {
    let sql = format!(
        "SELECT phone_a, phone_b, calls, a_to_b, b_to_a,
                CASE WHEN a_to_b > 0 AND b_to_a > 0 THEN 'both'
                     WHEN a_to_b > 0 THEN 'a->b' ELSE 'b->a' END AS direction,
                total_duration, first, last, night_share
         FROM (
           SELECT CASE WHEN c.caller < c.receiver THEN c.caller ELSE c.receiver END AS phone_a,
                  CASE WHEN c.caller < c.receiver THEN c.receiver ELSE c.caller END AS phone_b,
                  COUNT(*) AS calls,
                  SUM(CASE WHEN c.caller < c.receiver THEN 1 ELSE 0 END) AS a_to_b,
                  SUM(CASE WHEN c.caller < c.receiver THEN 0 ELSE 1 END) AS b_to_a,
                  SUM(c.duration) AS total_duration,
                  MIN(c.time) AS first, MAX(c.time) AS last,
                  AVG(CASE WHEN c.time IS NULL THEN NULL
                           WHEN ((c.time % 86400) + 86400) % 86400 < 21600
                             OR ((c.time % 86400) + 86400) % 86400 >= 79200 THEN 1.0
                           ELSE 0.0 END) AS night_share
           FROM calls c
           WHERE c.caller <> c.receiver AND {wc}
           GROUP BY 1, 2
         ) pairs
         WHERE calls >= {min_calls}
         ORDER BY calls DESC, phone_a, phone_b
         LIMIT {limit}",
        wc = w.predicate("c"),
        limit = sql_limit(limit),
    );
    Ok(ctx.sql(&sql).await?)
}

/// Co-location: pairs of phones seen at the same cell within `within` seconds of each other.
/// `times` counts such pairs of cell-site records, `cells` the distinct cells they share,
/// `first` the earliest of them. Pairs seen together fewer than `min_times` times are left
/// out; the most frequent `limit` pairs are kept.
///
/// Records are cut into buckets `within` seconds wide, so two records close enough share a
/// bucket or sit in adjacent ones: one equi-join on (cell, bucket) against the records listed
/// twice, under their own bucket and the one before, instead of a join of every record at a
/// cell with every other. It is one join, not a UNION ALL of a same-bucket and a next-bucket
/// join, because Ballista 55 miscounts that union (two executors counted the second join's
/// rows three times; kingpin-cluster's tests compare every query with the local answer).
pub async fn co_location(
    ctx: &SessionContext,
    w: &Window,
    within: i64,
    min_times: u64,
    limit: usize,
) -> anyhow::Result<DataFrame> {
    anyhow::ensure!(
        within > 0,
        "the co-location window must be at least a second"
    );
    let sql = format!(
        "WITH r AS (
           SELECT x.phone, x.cell, x.time, x.time / {within} AS bucket
           FROM cells x WHERE x.time IS NOT NULL AND {wx}
         ),
         s AS (
           SELECT r.phone, r.cell, r.time, r.bucket - o.off AS key, o.off
           FROM r CROSS JOIN (VALUES (0), (1)) AS o(off)
         ),
         pairs AS (
           SELECT CASE WHEN a.phone < b.phone THEN a.phone ELSE b.phone END AS pa,
                  CASE WHEN a.phone < b.phone THEN b.phone ELSE a.phone END AS pb,
                  a.cell AS cell,
                  CASE WHEN a.time < b.time THEN a.time ELSE b.time END AS time
           FROM r a JOIN s b ON a.cell = b.cell AND a.bucket = b.key
           WHERE ((b.off = 0 AND a.phone < b.phone) OR (b.off = 1 AND a.phone <> b.phone))
             AND a.time - b.time BETWEEN -{within} AND {within}
         )
         SELECT pa AS phone_a, pb AS phone_b, COUNT(*) AS times,
                COUNT(DISTINCT cell) AS cells, MIN(time) AS first
         FROM pairs
         GROUP BY pa, pb
         HAVING COUNT(*) >= {min_times}
         ORDER BY times DESC, phone_a, phone_b
         LIMIT {limit}",
        wx = w.predicate("x"),
        limit = sql_limit(limit),
    );
    Ok(ctx.sql(&sql).await?)
}

/// A row limit as SQL takes it: DataFusion reads `LIMIT` as a signed 64-bit number, so a
/// caller's "no limit" (`usize::MAX`) must not overflow it.
fn sql_limit(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{CALLS, CELLS, PAYMENTS, PERSON_MAP};
    use crate::write::{Output, Value};
    use datafusion::arrow::array::{Array, AsArray};
    use datafusion::arrow::datatypes::{Float64Type, Int64Type};
    use datafusion::arrow::record_batch::RecordBatch;

    /// 2025-01-01T00:00:00Z.
    const T0: i64 = 1_735_689_600;
    const HOUR: i64 = 3600;

    fn call<'a>(id: &'a str, a: &'a str, b: &'a str, t: Option<i64>, d: i64) -> [Value<'a>; 10] {
        [
            Value::Str(Some(id)),
            Value::Str(Some(a)),
            Value::Str(Some(b)),
            Value::Int(t),
            Value::Int(Some(d)),
            Value::Str(None),
            Value::Str(None),
            Value::Str(Some("voice")),
            Value::Str(None),
            Value::Str(None),
        ]
    }

    /// Three people: ali (phones p1, p2), bob (p3), cem (p4, and account a4); calls in
    /// January, February (one at night) and undated; payments ali→cem; cell records.
    fn tiny() -> (tempfile::TempDir, std::path::PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("ev");
        let out = Output::create(&dir, false).unwrap();
        let mut map = out.table(PERSON_MAP).unwrap();
        for (id, person, kind) in [
            ("p1", "ali", "Phone"),
            ("p2", "ali", "Phone"),
            ("ali", "ali", "Person"),
            ("p3", "bob", "Phone"),
            ("p4", "cem", "Phone"),
            ("a4", "cem", "BankAccount"),
        ] {
            let row = [
                Value::Str(Some(id)),
                Value::Str(Some(person)),
                Value::Str(None),
                Value::Str(Some(kind)),
            ];
            map.push(None, &row).unwrap();
        }
        let mut calls = out.table(CALLS).unwrap();
        let jan = T0 + 10 * HOUR;
        let feb_night = T0 + 40 * 24 * HOUR + 23 * HOUR;
        for (id, a, b, t, d) in [
            ("c1", "p1", "p3", Some(jan), 60),
            ("c2", "p2", "p3", Some(jan + HOUR), 30),
            ("c3", "p3", "p1", Some(feb_night), 10),
            ("c4", "p1", "p2", Some(jan), 5), // ali to ali: no person edge
            ("c5", "p1", "p4", None, 7),
            ("c6", "p9", "p4", Some(jan), 7), // p9 is nobody's: no person edge
        ] {
            calls.push(t, &call(id, a, b, t, d)).unwrap();
        }
        let mut pay = out.table(PAYMENTS).unwrap();
        for (id, amount, t) in [
            ("m1", Some(100.5), jan),
            ("m2", None, feb_night),
            ("m3", Some(-3.0), feb_night),
        ] {
            let row = [
                Value::Str(Some(id)),
                Value::Str(Some("ali")),
                Value::Str(Some("a4")),
                Value::Str(None),
                Value::Str(Some("a4")),
                Value::Float(amount),
                Value::Str(Some("USD")),
                Value::Int(Some(t)),
                Value::Str(Some("hawala")),
                Value::Str(None),
                Value::Str(None),
                Value::Str(None),
            ];
            pay.push(Some(t), &row).unwrap();
        }
        let mut cells = out.table(CELLS).unwrap();
        for (phone, cell, t) in [
            ("p1", "X", jan),
            ("p3", "X", jan + 300),  // with p1: 300 s apart
            ("p4", "X", jan + 1000), // 700 s from p3, 1000 from p1
            ("p1", "X", jan + 1150), // 150 s from p4
            ("p3", "Y", jan + 1150),
            ("p1", "Y", jan + 1190), // with p3 at Y
        ] {
            let row = [
                Value::Str(Some(phone)),
                Value::Str(Some(cell)),
                Value::Int(Some(t)),
                Value::Str(None),
            ];
            cells.push(Some(t), &row).unwrap();
        }
        out.finish(vec![map, calls, pay, cells]).unwrap();
        (tmp, dir)
    }

    async fn run(
        dir: &std::path::Path,
        q: impl AsyncFnOnce(&SessionContext) -> DataFrame,
    ) -> Vec<RecordBatch> {
        let ctx = crate::session(64 << 20, None).unwrap();
        crate::tables::register(&ctx, dir).await.unwrap();
        q(&ctx).await.collect().await.unwrap()
    }

    fn strings(b: &[RecordBatch], col: &str) -> Vec<String> {
        b.iter()
            .flat_map(|b| {
                let a = b.column_by_name(col).unwrap().as_string::<i32>().clone();
                (0..a.len()).map(move |i| a.value(i).to_string())
            })
            .collect()
    }

    fn ints(b: &[RecordBatch], col: &str) -> Vec<Option<i64>> {
        b.iter()
            .flat_map(|b| {
                let a = b
                    .column_by_name(col)
                    .unwrap()
                    .as_primitive::<Int64Type>()
                    .clone();
                (0..a.len()).map(move |i| (!a.is_null(i)).then(|| a.value(i)))
            })
            .collect()
    }

    fn floats(b: &[RecordBatch], col: &str) -> Vec<f64> {
        b.iter()
            .flat_map(|b| {
                let a = b
                    .column_by_name(col)
                    .unwrap()
                    .as_primitive::<Float64Type>()
                    .clone();
                (0..a.len()).map(move |i| a.value(i))
            })
            .collect()
    }

    fn rt() -> tokio::runtime::Runtime {
        crate::runtime().unwrap()
    }

    #[test]
    fn person_edges_collapse_phones_and_accounts_and_respect_windows() {
        let (_t, dir) = tiny();
        let sorted = async |ctx: &SessionContext, w: Window| {
            person_edges(ctx, &w)
                .await
                .unwrap()
                .sort(vec![
                    datafusion::prelude::col("src").sort(true, false),
                    datafusion::prelude::col("dst").sort(true, false),
                    datafusion::prelude::col("kind").sort(true, false),
                ])
                .unwrap()
        };
        let b = rt().block_on(run(&dir, async |ctx| sorted(ctx, Window::default()).await));
        let pairs: Vec<String> = strings(&b, "src")
            .iter()
            .zip(strings(&b, "dst"))
            .zip(strings(&b, "kind"))
            .map(|((s, d), k)| format!("{s}>{d} {k}"))
            .collect();
        assert_eq!(
            pairs,
            [
                "ali>bob call",
                "ali>cem call",
                "ali>cem payment",
                "bob>ali call"
            ]
        );
        assert_eq!(ints(&b, "records"), [Some(2), Some(1), Some(3), Some(1)]);
        // 100.5 as a 32-bit float, then 1 for a missing and 1 for a negative amount.
        assert_eq!(floats(&b, "weight"), [2.0, 1.0, 102.5, 1.0]);
        // The undated call has no time.
        assert_eq!(ints(&b, "first")[1], None);
        // February only: the night call and two payments, and the undated call stays.
        let feb = Window {
            since: Some(T0 + 31 * 24 * HOUR),
            until: Some(T0 + 59 * 24 * HOUR),
        };
        let b = rt().block_on(run(&dir, async |ctx| sorted(ctx, feb).await));
        assert_eq!(ints(&b, "records"), [Some(1), Some(2), Some(1)]);
        assert_eq!(strings(&b, "kind"), ["call", "payment", "call"]);
    }

    #[test]
    fn window_predicates_prune_months() {
        let w = Window {
            since: Some(T0 + 40 * 24 * HOUR),
            until: Some(T0 + 59 * 24 * HOUR),
        };
        let p = w.predicate("c");
        assert!(
            p.contains("c.month >= '2025-02'") && p.contains("c.month <= '2025-02'"),
            "{p}"
        );
        assert!(p.contains("c.month = 'none'"), "{p}");
        assert_eq!(Window::default().predicate("c"), "TRUE");
    }

    #[test]
    fn call_patterns_count_both_directions_and_the_night() {
        let (_t, dir) = tiny();
        let b = rt().block_on(run(&dir, async |ctx| {
            call_patterns(ctx, &Window::default(), 1, 10).await.unwrap()
        }));
        assert_eq!(strings(&b, "phone_a"), ["p1", "p1", "p1", "p2", "p4"]);
        assert_eq!(strings(&b, "phone_b"), ["p3", "p2", "p4", "p3", "p9"]);
        assert_eq!(
            ints(&b, "calls"),
            [Some(2), Some(1), Some(1), Some(1), Some(1)]
        );
        assert_eq!(
            strings(&b, "direction"),
            ["both", "a->b", "a->b", "a->b", "b->a"]
        );
        assert_eq!(ints(&b, "total_duration")[0], Some(70));
        // One of p1–p3's two calls was at 23:00.
        assert_eq!(floats(&b, "night_share")[0], 0.5);
        let b = rt().block_on(run(&dir, async |ctx| {
            call_patterns(ctx, &Window::default(), 2, 10).await.unwrap()
        }));
        assert_eq!(strings(&b, "phone_b"), ["p3"]);
    }

    #[test]
    fn co_location_finds_pairs_within_the_window_across_buckets() {
        let (_t, dir) = tiny();
        let b = rt().block_on(run(&dir, async |ctx| {
            co_location(ctx, &Window::default(), 400, 1, 10)
                .await
                .unwrap()
        }));
        let pairs: Vec<String> = strings(&b, "phone_a")
            .iter()
            .zip(strings(&b, "phone_b"))
            .map(|(a, b)| format!("{a}-{b}"))
            .collect();
        // p1–p3: at X (300 s) and at Y (40 s); p1–p4: at X (150 s); p3–p4 700 s apart: no.
        assert_eq!(pairs, ["p1-p3", "p1-p4"]);
        assert_eq!(ints(&b, "times"), [Some(2), Some(1)]);
        assert_eq!(ints(&b, "cells"), [Some(2), Some(1)]);
        let b = rt().block_on(run(&dir, async |ctx| {
            co_location(ctx, &Window::default(), 900, 2, 10)
                .await
                .unwrap()
        }));
        // Wider: p1–p3 also 850 s apart at X; p3–p4 (700 s) and p1–p4 (150 s) only once.
        assert_eq!(strings(&b, "phone_b"), ["p3"]);
        assert_eq!(ints(&b, "times"), [Some(3)]);
    }
}
