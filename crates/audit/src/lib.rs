//! Kingpin's audit trail: who did what, when and from where, in an append-only, hash-chained
//! log kept in the same SQLite file as the store.
//!
//! Each record's `hash` is SHA-256 over the previous record's hash and a length-prefixed
//! encoding of its own fields (sequence number included), so editing, deleting, inserting or
//! reordering any record breaks the chain at that record; the latest head is also kept in
//! `audit_head`, so cutting off the tail or appending a forged record without moving the head
//! is caught too. Triggers refuse `UPDATE` and `DELETE` on `audit`, but [`AuditLog::verify`]
//! does not rely on them: it recomputes everything.
//!
//! Invariant: records are numbered 1, 2, 3… with no gaps; record 1 chains from [`GENESIS`].

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Errors of the audit log.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The database failed.
    #[error("audit log: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A detail could not be encoded.
    #[error("audit log: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result type of audit operations.
pub type Result<T> = std::result::Result<T, AuditError>;

/// Who acts, for which agency, through what (e.g. "cli", later an HTTP client address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// User name.
    pub actor: String,
    /// Agency the user acts for.
    pub agency: String,
    /// Where the action came from.
    pub origin: String,
}

impl Actor {
    /// An actor from explicit values, else `KINGPIN_ACTOR` / `KINGPIN_AGENCY`, else the OS
    /// user (`USER`, `USERNAME`) and agency "local".
    pub fn resolve(actor: Option<String>, agency: Option<String>, origin: &str) -> Actor {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let actor = actor
            .filter(|v| !v.trim().is_empty())
            .or_else(|| env("KINGPIN_ACTOR"))
            .or_else(|| env("USER"))
            .or_else(|| env("USERNAME"))
            .unwrap_or_else(|| "unknown".into());
        let agency = agency
            .filter(|v| !v.trim().is_empty())
            .or_else(|| env("KINGPIN_AGENCY"))
            .unwrap_or_else(|| "local".into());
        Actor {
            actor,
            agency,
            origin: origin.into(),
        }
    }
}

/// One record of the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// Position in the log, from 1.
    pub seq: i64,
    /// UTC time, `YYYY-MM-DDTHH:MM:SS.sssZ`.
    pub at: String,
    /// Who.
    pub actor: String,
    /// For which agency.
    pub agency: String,
    /// From where.
    pub origin: String,
    /// What kind of action, e.g. `import`, `export`, `doc.examine`, `resolve.decide`.
    pub action: String,
    /// What it acted on (file, entity ids…).
    pub target: String,
    /// Details as JSON text, exactly as hashed.
    pub detail: String,
    /// Hash of the previous record (or [`GENESIS`]).
    pub prev: String,
    /// This record's hash.
    pub hash: String,
}

impl Record {
    /// The hash this record should carry, from its `prev` and fields.
    pub fn compute_hash(&self) -> String {
        let seq = self.seq.to_string();
        let fields: [&str; 8] = [
            &seq,
            &self.at,
            &self.actor,
            &self.agency,
            &self.origin,
            &self.action,
            &self.target,
            &self.detail,
        ];
        chain_hash(&self.prev, &fields)
    }
}

/// SHA-256 over `prev` and each field prefixed by its byte length (8 bytes, big-endian), so no
/// two different field lists encode alike.
fn chain_hash(prev: &str, fields: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(b"kingpin-audit-v1");
    h.update((prev.len() as u64).to_be_bytes());
    h.update(prev.as_bytes());
    for f in fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// What [`AuditLog::verify`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Verification {
    /// Every record chains and the head matches.
    Intact {
        /// Number of records.
        records: i64,
        /// Hash of the last record (or [`GENESIS`] for an empty log).
        head: String,
    },
    /// The first problem found.
    Tampered {
        /// The record at fault, when one can be named.
        seq: Option<i64>,
        /// What is wrong.
        message: String,
    },
}

/// A query over the log; every field optional. `since` is inclusive, `until` exclusive; both
/// compare as text with `at`, so a date (`2026-11-25`) or a full timestamp works.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Exact actor.
    pub actor: Option<String>,
    /// Exact action.
    pub action: Option<String>,
    /// Substring of the target.
    pub target: Option<String>,
    /// From this time on.
    pub since: Option<String>,
    /// Before this time.
    pub until: Option<String>,
    /// At most this many records (newest first).
    pub limit: Option<usize>,
}

/// The audit log on one SQLite connection.
pub struct AuditLog<'c> {
    conn: &'c Connection,
}

/// Creates the audit tables and their guard triggers if missing.
pub fn ensure_tables(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS audit(
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            agency TEXT NOT NULL,
            origin TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL,
            prev TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
        CREATE TABLE IF NOT EXISTS audit_head(
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_in_order BEFORE INSERT ON audit
        WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit)
        BEGIN SELECT RAISE(ABORT, 'audit records are appended in sequence'); END;
        CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_head
        BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END;
        CREATE TRIGGER IF NOT EXISTS audit_head_forward BEFORE UPDATE ON audit_head
        WHEN NEW.seq IS NOT OLD.seq + 1
          OR NEW.hash IS NOT (SELECT hash FROM audit WHERE seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, 'the audit head only moves to the newest record'); END;",
    )
}

const COLUMNS: &str = "seq, at, actor, agency, origin, action, target, detail, prev, hash";

fn row_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<Record> {
    Ok(Record {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        agency: r.get(3)?,
        origin: r.get(4)?,
        action: r.get(5)?,
        target: r.get(6)?,
        detail: r.get(7)?,
        prev: r.get(8)?,
        hash: r.get(9)?,
    })
}

impl<'c> AuditLog<'c> {
    /// The log on a connection (a `rusqlite::Transaction` derefs to one), creating its tables
    /// if needed.
    pub fn open(conn: &'c Connection) -> Result<Self> {
        ensure_tables(conn)?;
        Ok(AuditLog { conn })
    }

    /// Appends one record. Inside the caller's open transaction when there is one (so the
    /// action and its record commit or roll back together), else in its own.
    pub fn append(
        &self,
        who: &Actor,
        action: &str,
        target: &str,
        detail: &serde_json::Value,
    ) -> Result<Record> {
        let own = self.conn.is_autocommit();
        if own {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        let result = self.append_in(who, action, target, detail);
        if own {
            match &result {
                Ok(_) => self.conn.execute_batch("COMMIT")?,
                Err(_) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                }
            }
        }
        result
    }

    fn append_in(
        &self,
        who: &Actor,
        action: &str,
        target: &str,
        detail: &serde_json::Value,
    ) -> Result<Record> {
        // Cached statements: a server appends a record per request.
        let head: Option<(i64, String)> = self
            .conn
            .prepare_cached("SELECT seq, hash FROM audit_head WHERE id = 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (last, prev) = head.unwrap_or((0, GENESIS.to_string()));
        let at: String = self
            .conn
            .prepare_cached("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")?
            .query_row([], |r| r.get(0))?;
        let mut rec = Record {
            seq: last + 1,
            at,
            actor: who.actor.clone(),
            agency: who.agency.clone(),
            origin: who.origin.clone(),
            action: action.into(),
            target: target.into(),
            detail: serde_json::to_string(detail)?,
            prev,
            hash: String::new(),
        };
        rec.hash = rec.compute_hash();
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO audit({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ))?
            .execute(params![
                rec.seq, rec.at, rec.actor, rec.agency, rec.origin, rec.action, rec.target,
                rec.detail, rec.prev, rec.hash
            ])?;
        if last == 0 {
            self.conn.execute(
                "INSERT INTO audit_head(id, seq, hash) VALUES (1, ?1, ?2)",
                params![rec.seq, rec.hash],
            )?;
        } else {
            self.conn
                .prepare_cached("UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1")?
                .execute(params![rec.seq, rec.hash])?;
        }
        Ok(rec)
    }

    /// Walks the whole chain and reports the first broken record, then checks the head.
    pub fn verify(&self) -> Result<Verification> {
        // One snapshot for the records and the head: a writer committing between the two reads
        // (a server still answering requests) would otherwise look like a cut-off tail.
        let own = self.conn.is_autocommit();
        if own {
            self.conn.execute_batch("BEGIN")?;
        }
        let result = self.verify_snapshot();
        if own {
            let _ = self.conn.execute_batch("COMMIT");
        }
        result
    }

    fn verify_snapshot(&self) -> Result<Verification> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM audit ORDER BY seq"))?;
        let mut rows = st.query([])?;
        let mut expect_seq = 1i64;
        let mut prev = GENESIS.to_string();
        let tampered = |seq: i64, message: String| {
            Ok(Verification::Tampered {
                seq: Some(seq),
                message,
            })
        };
        while let Some(row) = rows.next()? {
            // Read loosely: a tamperer may have stored a number or NULL in a text column.
            let rec = match row_record(row) {
                Ok(r) => r,
                Err(e) => {
                    let seq: i64 = row.get(0)?;
                    return tampered(seq, format!("record {seq} is malformed ({e})"));
                }
            };
            if rec.seq != expect_seq {
                let message = if expect_seq == 1 {
                    format!(
                        "record {} is missing: the log starts at record {} (deleted?)",
                        expect_seq, rec.seq
                    )
                } else if rec.seq == expect_seq + 1 {
                    format!(
                        "record {} is missing: record {} is followed by record {} (deleted?)",
                        expect_seq,
                        expect_seq - 1,
                        rec.seq
                    )
                } else {
                    format!(
                        "records {}..{} are missing: record {} is followed by record {} (deleted?)",
                        expect_seq,
                        rec.seq - 1,
                        expect_seq - 1,
                        rec.seq
                    )
                };
                return tampered(expect_seq, message);
            }
            if rec.prev != prev {
                let message = if rec.seq == 1 {
                    "record 1 does not start from the genesis value (replaced?)".to_string()
                } else {
                    format!(
                        "record {} does not follow record {}: its prev hash is not record {}'s \
                         hash (records deleted, inserted or reordered)",
                        rec.seq,
                        rec.seq - 1,
                        rec.seq - 1
                    )
                };
                return tampered(rec.seq, message);
            }
            if rec.compute_hash() != rec.hash {
                return tampered(
                    rec.seq,
                    format!(
                        "record {} was edited: its contents no longer match its hash \
                         (now: at {}, actor {:?}, action {:?}, target {:?})",
                        rec.seq, rec.at, rec.actor, rec.action, rec.target
                    ),
                );
            }
            prev = rec.hash;
            expect_seq += 1;
        }
        let last = expect_seq - 1;
        let head: Option<(i64, String)> = self
            .conn
            .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match head {
            None if last == 0 => Ok(Verification::Intact {
                records: 0,
                head: GENESIS.into(),
            }),
            None => tampered(
                last,
                format!("the head record is missing but the log holds {last} records"),
            ),
            Some((hseq, _)) if hseq > last => Ok(Verification::Tampered {
                seq: Some(last + 1),
                message: format!(
                    "the log ends at record {last} but the head says {hseq}: \
                     records {}..{hseq} were cut off the end",
                    last + 1
                ),
            }),
            Some((hseq, _)) if hseq < last => tampered(
                hseq + 1,
                format!(
                    "records {}..{last} are beyond the head (record {hseq}): \
                     appended outside the audit log (forged?)",
                    hseq + 1
                ),
            ),
            Some((_, hhash)) if hhash != prev => tampered(
                last,
                format!("record {last} does not match the head hash (replaced?)"),
            ),
            Some(_) => Ok(Verification::Intact {
                records: last,
                head: prev,
            }),
        }
    }

    /// [`verify`](Self::verify), then checks that each anchor (a record number and the hash it
    /// had, noted down outside the database from an earlier `verify`) still holds. Someone
    /// able to write the database can rebuild the whole chain and head after an edit; they
    /// cannot change a hash kept elsewhere.
    pub fn verify_anchored(&self, anchors: &[(i64, String)]) -> Result<Verification> {
        let v = self.verify()?;
        if !matches!(v, Verification::Intact { .. }) {
            return Ok(v);
        }
        for (seq, hash) in anchors {
            let found: Option<String> = self
                .conn
                .query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0))
                .optional()?;
            let message = match found {
                None => format!("anchored record {seq} is gone: the log was cut back or rebuilt"),
                Some(h) if !h.eq_ignore_ascii_case(hash) => format!(
                    "record {seq} no longer has its anchored hash {hash}: the log up to record \
                     {seq} was rewritten (and re-chained)"
                ),
                Some(_) => continue,
            };
            return Ok(Verification::Tampered {
                seq: Some(*seq),
                message,
            });
        }
        Ok(v)
    }

    /// Records matching `filter`, newest first.
    pub fn query(&self, filter: &Filter) -> Result<Vec<Record>> {
        let mut sql = format!("SELECT {COLUMNS} FROM audit WHERE 1");
        let mut args: Vec<String> = Vec::new();
        // `cond` has `?` where the value goes.
        let mut add = |cond: &str, v: &Option<String>| {
            if let Some(v) = v {
                args.push(v.clone());
                let cond = cond.replace('?', &format!("?{}", args.len()));
                sql.push_str(&format!(" AND {cond}"));
            }
        };
        add("actor = ?", &filter.actor);
        add("action = ?", &filter.action);
        add("instr(target, ?) > 0", &filter.target);
        add("at >= ?", &filter.since);
        add("at < ?", &filter.until);
        sql.push_str(" ORDER BY seq DESC");
        if let Some(n) = filter.limit {
            sql.push_str(&format!(" LIMIT {n}"));
        }
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args.iter()), row_record)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests;
