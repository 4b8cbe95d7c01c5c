//! Schema migrations per component (a crate's own tables), tracked in `kingpin_migration`.
//! Each component keeps one list of steps per backend; a step is applied once, in order, in
//! one transaction with the rest, and concurrent starters wait for each other.

use crate::{Backend, Conn, Error, Result, params};

/// Applies the steps of `component` the database has not had yet. Never edit a shipped step:
/// append one. On PostgreSQL an advisory lock keyed on the schema and component serialises
/// concurrent callers; on SQLite the write lock does.
pub fn migrate(conn: &mut Conn<'_>, component: &str, steps: &[&str]) -> Result<()> {
    // Callers run this before each piece of work: when current, two small reads, no lock.
    if version(conn, component)? == Some(steps.len() as i64) {
        return Ok(());
    }
    conn.transaction(|tx| {
        if tx.backend() == Backend::Postgres {
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtext('kingpin-migrate:' || current_schema() \
                 || ':' || ?1))",
                params![component],
            )?;
        }
        tx.batch(
            "CREATE TABLE IF NOT EXISTS kingpin_migration(
                component TEXT PRIMARY KEY,
                version BIGINT NOT NULL
            )",
        )?;
        let current: i64 = tx
            .query_opt(
                "SELECT version FROM kingpin_migration WHERE component = ?1",
                params![component],
            )?
            .map(|r| r.get(0))
            .transpose()?
            .unwrap_or(0);
        let latest = steps.len() as i64;
        if current > latest {
            return Err(Error::Schema(format!(
                "the database's {component} tables are at version {current}, newer than this \
                 program's {latest}: upgrade Kingpin"
            )));
        }
        for step in &steps[current as usize..] {
            tx.batch(step)?;
        }
        if current < latest {
            tx.execute(
                "INSERT INTO kingpin_migration(component, version) VALUES (?1, ?2)
                 ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                params![component, latest],
            )?;
        }
        Ok(())
    })
}

/// The version `component`'s tables are at, or `None` when it has none (nor is
/// `kingpin_migration` there yet); never fails for a missing table, so it is safe inside a
/// PostgreSQL transaction, which any error would abort.
pub fn version(conn: &mut Conn<'_>, component: &str) -> Result<Option<i64>> {
    let tracked = match conn.backend() {
        Backend::Sqlite => {
            "SELECT count(*) > 0 FROM sqlite_master
                            WHERE type = 'table' AND name = 'kingpin_migration'"
        }
        Backend::Postgres => "SELECT to_regclass('kingpin_migration') IS NOT NULL",
    };
    if !conn.query_value::<bool>(tracked, params![])? {
        return Ok(None);
    }
    conn.query_opt(
        "SELECT version FROM kingpin_migration WHERE component = ?1",
        params![component],
    )?
    .map(|r| r.get(0))
    .transpose()
}
