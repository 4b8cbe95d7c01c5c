//! Versioned schema migrations: SQL files applied in order, tracked in `kingpin_version`.

use crate::{Result, StoreError};
use postgres::Client;

/// Each entry moves the schema from version `i` to `i + 1`. Never edit a shipped file: add one.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_init.sql")];

/// The schema version this program writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Applies every migration the schema has not had, in one transaction. Concurrent callers on
/// the same schema wait for each other (an advisory lock keyed on the schema's name).
pub fn migrate(client: &mut Client) -> Result<()> {
    let mut tx = client.transaction()?;
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext('kingpin-migrate:' || current_schema()))",
        &[],
    )?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS kingpin_version(version bigint NOT NULL)")?;
    let current: i64 = tx
        .query_opt("SELECT version FROM kingpin_version", &[])?
        .map_or(0, |r| r.get(0));
    if current > LATEST {
        return Err(StoreError::TooNew {
            found: current,
            supported: LATEST,
        });
    }
    if current == LATEST {
        return Ok(tx.commit()?);
    }
    for sql in &MIGRATIONS[current as usize..] {
        tx.batch_execute(sql)?;
    }
    tx.execute("DELETE FROM kingpin_version", &[])?;
    tx.execute("INSERT INTO kingpin_version VALUES ($1)", &[&LATEST])?;
    tx.commit()?;
    Ok(())
}
