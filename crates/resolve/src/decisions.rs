//! What resolution writes into the store, beside the source records and never over them:
//! runs, the record-to-identity mapping of each run, and analysts' decisions on pairs.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

/// Creates the resolution tables if they are missing. Source tables are never touched.
pub fn ensure_tables(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS resolution_run(
            run INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            records INTEGER NOT NULL,
            pairs INTEGER NOT NULL,
            clusters INTEGER NOT NULL,
            threshold REAL NOT NULL,
            params TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS resolution(
            run INTEGER NOT NULL REFERENCES resolution_run(run),
            entity_id TEXT NOT NULL,
            canonical_id TEXT NOT NULL,
            cluster INTEGER NOT NULL,
            score REAL,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            PRIMARY KEY(run, entity_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS resolution_canonical ON resolution(run, canonical_id);
        CREATE TABLE IF NOT EXISTS resolution_decision(
            id INTEGER PRIMARY KEY,
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('same', 'different', 'undo')),
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            note TEXT
        );
        CREATE INDEX IF NOT EXISTS resolution_decision_pair ON resolution_decision(a, b);",
    )
}

/// An analyst's verdict on a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The two records are one person.
    Same,
    /// They are different people.
    Different,
}

/// A decision in force: the latest one for its pair, unless it was undone.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// Smaller id of the pair.
    pub a: String,
    /// Larger id of the pair.
    pub b: String,
    /// Verdict.
    pub verdict: Verdict,
    /// Who decided.
    pub decided_by: String,
    /// When (UTC).
    pub decided_at: String,
}

fn ordered<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Records a verdict (`None` undoes the pair's earlier decisions). Decisions are appended,
/// never updated, so their history is the audit trail.
pub fn record_decision(
    conn: &Connection,
    a: &str,
    b: &str,
    verdict: Option<Verdict>,
    by: &str,
    note: Option<&str>,
) -> rusqlite::Result<()> {
    ensure_tables(conn)?;
    let (a, b) = ordered(a, b);
    let v = match verdict {
        Some(Verdict::Same) => "same",
        Some(Verdict::Different) => "different",
        None => "undo",
    };
    conn.execute(
        "INSERT INTO resolution_decision(a, b, verdict, decided_by, decided_at, note)
         VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?5)",
        params![a, b, v, by, note],
    )?;
    Ok(())
}

/// The decisions in force.
pub fn decisions(conn: &Connection) -> rusqlite::Result<Vec<Decision>> {
    ensure_tables(conn)?;
    let mut st = conn.prepare(
        "SELECT a, b, verdict, decided_by, decided_at FROM resolution_decision d
         WHERE id = (SELECT max(id) FROM resolution_decision e WHERE e.a = d.a AND e.b = d.b)
           AND verdict != 'undo' ORDER BY id",
    )?;
    let rows = st.query_map([], |r| {
        let v: String = r.get(2)?;
        Ok(Decision {
            a: r.get(0)?,
            b: r.get(1)?,
            verdict: if v == "same" {
                Verdict::Same
            } else {
                Verdict::Different
            },
            decided_by: r.get(3)?,
            decided_at: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The decision in force on one pair.
pub fn decision_on(conn: &Connection, a: &str, b: &str) -> rusqlite::Result<Option<Decision>> {
    let (a, b) = ordered(a, b);
    Ok(decisions(conn)?.into_iter().find(|d| d.a == a && d.b == b))
}

/// One record's place in a run's result.
#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    /// Source entity id.
    pub entity_id: String,
    /// Id of the resolved identity.
    pub canonical_id: String,
    /// Cluster number within the run.
    pub cluster: u32,
    /// Weight of the record's strongest accepted link.
    pub score: f64,
    /// `model` or `analyst`.
    pub decided_by: String,
}

/// Summary of a run, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    /// Records resolved.
    pub records: usize,
    /// Candidate pairs scored.
    pub pairs: usize,
    /// Clusters of two or more records.
    pub clusters: usize,
    /// Probability threshold.
    pub threshold: f64,
    /// Trained parameters, as JSON.
    pub params: String,
}

/// Writes a run and its assignments (records in clusters of two or more; the others resolve
/// to themselves) in one transaction. Earlier runs stay for the audit; the latest is in force.
pub fn write_run(conn: &Connection, info: &RunInfo, rows: &[Assignment]) -> rusqlite::Result<i64> {
    ensure_tables(conn)?;
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO resolution_run(started_at, records, pairs, clusters, threshold, params)
         VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3, ?4, ?5)",
        params![
            info.records as i64,
            info.pairs as i64,
            info.clusters as i64,
            info.threshold,
            info.params
        ],
    )?;
    let run = tx.last_insert_rowid();
    {
        let mut st = tx.prepare(
            "INSERT INTO resolution(run, entity_id, canonical_id, cluster, score, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        )?;
        for r in rows {
            st.execute(params![
                run,
                r.entity_id,
                r.canonical_id,
                r.cluster,
                r.score,
                r.decided_by
            ])?;
        }
    }
    tx.commit()?;
    Ok(run)
}

/// The resolved identity of an entity in the latest run (itself when unresolved).
pub fn canonical_of(conn: &Connection, entity_id: &str) -> rusqlite::Result<String> {
    ensure_tables(conn)?;
    let found: Option<String> = conn
        .query_row(
            "SELECT canonical_id FROM resolution
             WHERE run = (SELECT max(run) FROM resolution_run) AND entity_id = ?1",
            [entity_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.unwrap_or_else(|| entity_id.to_string()))
}

/// Every record the latest run put in a cluster of two or more, with its identity's id:
/// what other analyses (the leader ranking's person projection) fold into one node.
/// Empty when resolution has never run.
pub fn identities(conn: &Connection) -> rusqlite::Result<HashMap<String, String>> {
    // Read-only callers (ranking) must not create tables in a store resolution never touched.
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'resolution'",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(HashMap::new());
    }
    let mut st = conn.prepare(
        "SELECT entity_id, canonical_id FROM resolution
         WHERE run = (SELECT max(run) FROM resolution_run)",
    )?;
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
}

/// Members of the latest run's identity that an entity belongs to (just itself if none).
pub fn members_of(conn: &Connection, entity_id: &str) -> rusqlite::Result<Vec<String>> {
    let canon = canonical_of(conn, entity_id)?;
    let mut st = conn.prepare(
        "SELECT entity_id FROM resolution
         WHERE run = (SELECT max(run) FROM resolution_run) AND canonical_id = ?1 ORDER BY entity_id",
    )?;
    let v: Vec<String> = st
        .query_map([&canon], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if v.is_empty() {
        vec![entity_id.to_string()]
    } else {
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assign(entity: &str, canonical: &str) -> Assignment {
        Assignment {
            entity_id: entity.into(),
            canonical_id: canonical.into(),
            cluster: 0,
            score: 1.0,
            decided_by: "model".into(),
        }
    }

    #[test]
    fn identities_come_from_the_latest_run() {
        let conn = Connection::open_in_memory().unwrap();
        assert!(identities(&conn).unwrap().is_empty());
        let info = RunInfo {
            records: 3,
            pairs: 1,
            clusters: 1,
            threshold: 0.95,
            params: "{}".into(),
        };
        write_run(&conn, &info, &[assign("a", "id-1"), assign("b", "id-1")]).unwrap();
        write_run(&conn, &info, &[assign("b", "id-2"), assign("c", "id-2")]).unwrap();
        let ids = identities(&conn).unwrap();
        assert_eq!(ids.len(), 2);
        assert_eq!(ids["b"], "id-2");
        assert_eq!(ids["c"], "id-2");
        assert!(
            !ids.contains_key("a"),
            "an earlier run's merge is not in force"
        );
        assert_eq!(canonical_of(&conn, "a").unwrap(), "a");
    }
}
