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
pub use kingpin_sql::Conn;
pub use kingpin_store::AnyStore;

/// Errors of investigation work.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The database failed.
    #[error("database: {0}")]
    Sql(#[from] kingpin_sql::Error),
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
/// (as a savepoint), else a new one. `f` returns the value and the record's target and
/// detail.
pub(crate) fn audited<T>(
    conn: &mut Conn<'_>,
    who: &Actor,
    action: &str,
    f: impl FnOnce(&mut Conn<'_>) -> Result<(T, String, serde_json::Value)>,
) -> Result<T> {
    schema::ensure(conn)?;
    kingpin_audit::ensure(conn)?;
    conn.transaction(|tx| {
        let (value, target, detail) = f(tx)?;
        kingpin_audit::append(tx, who, action, &target, &detail)?;
        Ok(value)
    })
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
pub(crate) fn need_investigation(conn: &mut Conn<'_>, name: &str) -> Result<()> {
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
    use kingpin_sql::params;

    /// Investigation `op-a` (members ana, ben) and `op-b` (cy).
    pub fn seed(conn: &mut Conn<'_>) {
        schema::ensure(conn).unwrap();
        for (name, agency, contact) in [("op-a", "nca", "desk a"), ("op-b", "krg", "desk b")] {
            conn.execute(
                "INSERT INTO investigation(name, agency, contact, created_at)
                 VALUES (?1, ?2, ?3, '2026-01-01T00:00:00Z')",
                params![name, agency, contact],
            )
            .unwrap();
        }
        for (inv, user) in [("op-a", "ana"), ("op-a", "ben"), ("op-b", "cy")] {
            conn.execute(
                "INSERT INTO investigation_member(investigation, \"user\") VALUES (?1, ?2)",
                params![inv, user],
            )
            .unwrap();
        }
    }

    /// An empty store on SQLite (in memory), then one on PostgreSQL in a scratch schema of
    /// its own when `KINGPIN_TEST_PG` is set (feature `postgres`): each test runs on both.
    pub fn each_store(case: impl Fn(&mut AnyStore)) {
        let mut s = AnyStore::Sqlite(kingpin_store::SqliteStore::in_memory().unwrap());
        case(&mut s);
        #[cfg(feature = "postgres")]
        if let Some((_scratch, pg)) = kingpin_store::ScratchSchema::from_env() {
            let mut s = AnyStore::Pg(pg);
            case(&mut s);
        }
    }

    /// [`each_store`] with `op-a` and `op-b` recorded.
    pub fn each_backend(case: impl Fn(&mut AnyStore)) {
        each_store(|s| {
            seed(&mut s.sql());
            case(s)
        });
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
    pub fn audited(conn: &mut Conn<'_>, action: &str) -> usize {
        kingpin_audit::query(
            conn,
            &kingpin_audit::Filter {
                action: Some(action.into()),
                ..Default::default()
            },
        )
        .unwrap()
        .len()
    }
}
