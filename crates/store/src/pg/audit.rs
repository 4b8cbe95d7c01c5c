//! The audit log in PostgreSQL: the records and hash chain of `kingpin-audit` (same fields,
//! same [`Record::compute_hash`]), appended under a row lock on the head so concurrent
//! appenders form one chain.

use crate::{AuditEntry, Result};
use kingpin_audit::{GENESIS, Record, Verification};
use postgres::GenericClient;

const COLUMNS: &str = "seq, at, actor, agency, origin, action, target, detail, prev, hash";

/// Appends one record inside the caller's transaction.
pub fn append(
    tx: &mut impl GenericClient,
    entry: &AuditEntry,
    detail: &serde_json::Value,
) -> Result<Record> {
    let head = tx.query_one(
        "SELECT seq, hash,
                to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')
         FROM audit_head WHERE id = 1 FOR UPDATE",
        &[],
    )?;
    let mut rec = Record {
        seq: head.get::<_, i64>(0) + 1,
        at: head.get(2),
        actor: entry.who.actor.clone(),
        agency: entry.who.agency.clone(),
        origin: entry.who.origin.clone(),
        action: entry.action.clone(),
        target: entry.target.clone(),
        detail: serde_json::to_string(detail).map_err(kingpin_audit::AuditError::from)?,
        prev: head.get(1),
        hash: String::new(),
    };
    rec.hash = rec.compute_hash();
    tx.execute(
        &format!("INSERT INTO audit({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"),
        &[
            &rec.seq,
            &rec.at,
            &rec.actor,
            &rec.agency,
            &rec.origin,
            &rec.action,
            &rec.target,
            &rec.detail,
            &rec.prev,
            &rec.hash,
        ],
    )?;
    tx.execute(
        "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1",
        &[&rec.seq, &rec.hash],
    )?;
    Ok(rec)
}

/// Every record, oldest first.
pub fn records(client: &mut impl GenericClient) -> Result<Vec<Record>> {
    let rows = client.query(&format!("SELECT {COLUMNS} FROM audit ORDER BY seq"), &[])?;
    Ok(rows
        .iter()
        .map(|r| Record {
            seq: r.get(0),
            at: r.get(1),
            actor: r.get(2),
            agency: r.get(3),
            origin: r.get(4),
            action: r.get(5),
            target: r.get(6),
            detail: r.get(7),
            prev: r.get(8),
            hash: r.get(9),
        })
        .collect())
}

/// Recomputes the chain in one snapshot and compares the head.
pub fn verify(client: &mut postgres::Client) -> Result<Verification> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let all = records(&mut tx)?;
    let (head_seq, head_hash): (i64, String) = {
        let r = tx.query_one("SELECT seq, hash FROM audit_head WHERE id = 1", &[])?;
        (r.get(0), r.get(1))
    };
    tx.commit()?;
    let mut prev = GENESIS.to_string();
    for (i, rec) in all.iter().enumerate() {
        let bad = |message: String| Verification::Tampered {
            seq: Some(rec.seq),
            message,
        };
        if rec.seq != i as i64 + 1 {
            return Ok(bad(format!("record {} is missing", i + 1)));
        }
        if rec.prev != prev {
            return Ok(bad(format!(
                "record {} does not chain from its predecessor",
                rec.seq
            )));
        }
        if rec.compute_hash() != rec.hash {
            return Ok(bad(format!("record {} was altered", rec.seq)));
        }
        prev = rec.hash.clone();
    }
    let records = all.len() as i64;
    if head_seq != records || head_hash != prev {
        return Ok(Verification::Tampered {
            seq: None,
            message: format!(
                "the head names record {head_seq} but the log ends at record {records}"
            ),
        });
    }
    Ok(Verification::Intact {
        records,
        head: prev,
    })
}
