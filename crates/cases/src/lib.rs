//! Kingpin's investigations: the work inside each compartment the server's access control
//! draws — members and their roles, targets (entities of the store), intelligence
//! requirements and hypotheses, tasks, the decision log, notes, exhibits with their chain of
//! custody and hashed digital copies.
//!
//! Every change is one transaction with its audit record ([`kingpin_audit`]), so a change and
//! its record commit or roll back together. Functions take a connection (the store's), never
//! a user's permissions: who may call them is decided by the caller (the server checks roles
//! and membership; the command line acts as the local administrator).

pub mod board;
pub mod bundle;
pub mod charge;
pub mod disclosure;
pub mod exhibits;
pub mod html;
pub mod investigation;
pub mod pdf;
pub mod schema;
pub mod targets;
pub mod time;
pub mod vault;
pub mod work;

pub use kingpin_audit::Actor;
use rusqlite::Connection;

/// Errors of investigation work.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The database failed.
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The audit log failed (the change was rolled back).
    #[error("audit: {0}")]
    Audit(#[from] kingpin_audit::AuditError),
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] kingpin_store::StoreError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Something named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A field is missing or malformed; the message names it.
    #[error("{0}")]
    Invalid(String),
    /// The change contradicts what is recorded (a duplicate, a handover from the wrong holder).
    #[error("{0}")]
    Conflict(String),
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, CaseError>;

/// Runs `f` and appends its audit record in one transaction: the caller's when one is open
/// (as a savepoint), else a new `BEGIN IMMEDIATE` one. `f` returns the value and the record's
/// target and detail.
pub(crate) fn audited<T>(
    conn: &Connection,
    who: &Actor,
    action: &str,
    f: impl FnOnce() -> Result<(T, String, serde_json::Value)>,
) -> Result<T> {
    schema::ensure(conn)?;
    let own = conn.is_autocommit();
    conn.execute_batch(if own {
        "BEGIN IMMEDIATE"
    } else {
        "SAVEPOINT kingpin_case"
    })?;
    let result = f().and_then(|(value, target, detail)| {
        kingpin_audit::AuditLog::open(conn)?.append(who, action, &target, &detail)?;
        Ok(value)
    });
    let end = match (&result, own) {
        (Ok(_), true) => "COMMIT",
        (Ok(_), false) => "RELEASE kingpin_case",
        (Err(_), true) => "ROLLBACK",
        (Err(_), false) => "ROLLBACK TO kingpin_case; RELEASE kingpin_case",
    };
    match conn.execute_batch(end) {
        Ok(()) => result,
        Err(e) if result.is_ok() => Err(e.into()),
        Err(_) => result,
    }
}

/// A required text field: trimmed, non-empty, at most `max` characters, no control characters
/// other than newlines and tabs.
pub(crate) fn text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CaseError::Invalid(format!("{field}: must not be empty")));
    }
    if v.chars().count() > max {
        return Err(CaseError::Invalid(format!(
            "{field}: at most {max} characters"
        )));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(CaseError::Invalid(format!(
            "{field}: control characters are not allowed"
        )));
    }
    Ok(v.to_string())
}

/// Fails unless the investigation exists.
pub(crate) fn need_investigation(conn: &Connection, name: &str) -> Result<()> {
    schema::ensure(conn)?;
    if investigation::exists(conn, name)? {
        Ok(())
    } else {
        Err(CaseError::NotFound(format!("no investigation {name:?}")))
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// An in-memory database with investigation `op-a` (members ana, ben) and `op-b` (cy).
    pub fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        schema::ensure(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO investigation VALUES ('op-a', 'nca', 'desk a', '2026-01-01T00:00:00Z');
             INSERT INTO investigation VALUES ('op-b', 'krg', 'desk b', '2026-01-01T00:00:00Z');
             INSERT INTO investigation_member(investigation, user) VALUES ('op-a', 'ana');
             INSERT INTO investigation_member(investigation, user) VALUES ('op-a', 'ben');
             INSERT INTO investigation_member(investigation, user) VALUES ('op-b', 'cy');",
        )
        .unwrap();
        conn
    }

    /// The acting user of tests.
    pub fn who() -> Actor {
        Actor {
            actor: "ana".into(),
            agency: "nca".into(),
            origin: "test".into(),
        }
    }

    /// Audit records with this action.
    pub fn audited(conn: &Connection, action: &str) -> usize {
        kingpin_audit::AuditLog::open(conn)
            .unwrap()
            .query(&kingpin_audit::Filter {
                action: Some(action.into()),
                ..Default::default()
            })
            .unwrap()
            .len()
    }
}
