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

mod chain;

pub use chain::{append, ensure, query, verify, verify_anchored};
use kingpin_sql::Conn;
use rusqlite::Connection;
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
    /// The database failed (either backend).
    #[error("audit log: {0}")]
    Db(#[from] kingpin_sql::Error),
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
        chain::append(&mut Conn::Sqlite(self.conn), who, action, target, detail)
    }

    /// Walks the whole chain and reports the first broken record, then checks the head.
    pub fn verify(&self) -> Result<Verification> {
        chain::verify(&mut Conn::Sqlite(self.conn))
    }

    /// [`verify`](Self::verify), then checks that each anchor (a record number and the hash it
    /// had, noted down outside the database from an earlier `verify`) still holds. Someone
    /// able to write the database can rebuild the whole chain and head after an edit; they
    /// cannot change a hash kept elsewhere.
    pub fn verify_anchored(&self, anchors: &[(i64, String)]) -> Result<Verification> {
        chain::verify_anchored(&mut Conn::Sqlite(self.conn), anchors)
    }

    /// Records matching `filter`, newest first.
    pub fn query(&self, filter: &Filter) -> Result<Vec<Record>> {
        chain::query(&mut Conn::Sqlite(self.conn), filter)
    }
}

#[cfg(test)]
mod tests;
