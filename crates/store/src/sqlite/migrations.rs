//! Versioned schema migrations, tracked in SQLite's `user_version`.

use crate::{Result, StoreError};
use rusqlite::Connection;

/// Each entry moves the database from version `i` to `i + 1`. Never edit a shipped entry:
/// add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: entities, statements with provenance, reverse links, full-text names.
    "
    CREATE TABLE source(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        path TEXT,
        imported_at TEXT NOT NULL,
        grading TEXT NOT NULL,
        rows INTEGER NOT NULL DEFAULT 0,
        statements INTEGER NOT NULL DEFAULT 0,
        fragments INTEGER NOT NULL DEFAULT 0
    );
    -- schema may be abstract for an entity only referenced so far (the property's range).
    -- Ids are indexed by their 64-bit hash (idhash.rs), not their text: a far smaller index.
    -- Uniqueness of `id` is kept by the single writer (look up, then insert).
    CREATE TABLE entity(
        eid INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        schema TEXT NOT NULL,
        h INTEGER NOT NULL
    );
    CREATE INDEX entity_h ON entity(h);
    CREATE INDEX entity_schema ON entity(schema);
    -- What one source said about one entity in one record, with one grading: its statements
    -- packed as prop US value RS ... (see codec.rs). One row per fragment, not per statement,
    -- keeps imports at a few B-tree writes a record; `n` is the number of statements.
    -- Clustered by entity, so an entity's fragments are one range and a new entity's first
    -- fragment is an append; fid = source << 32 | sequence, in import order.
    CREATE TABLE fragment(
        eid INTEGER NOT NULL,
        fid INTEGER NOT NULL,
        source INTEGER NOT NULL,
        grading TEXT NOT NULL,
        recorded TEXT,
        n INTEGER NOT NULL,
        props TEXT NOT NULL,
        PRIMARY KEY(eid, fid)
    ) WITHOUT ROWID;
    -- Reverse index of entity-typed statements: who points at dst, by which property.
    CREATE TABLE link(
        dst INTEGER NOT NULL,
        src INTEGER NOT NULL,
        prop TEXT NOT NULL,
        PRIMARY KEY(dst, src, prop)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE name_index USING fts5(
        text, eid UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
    );
    ",
    // 2: handling of each source (owner agency, releasability, compartment): every statement
    // points at its source, so this decides who may see it. Older imports belong to "local",
    // released to nobody else.
    "
    ALTER TABLE source ADD COLUMN agency TEXT NOT NULL DEFAULT 'local';
    ALTER TABLE source ADD COLUMN releasable_to TEXT NOT NULL DEFAULT '';
    ALTER TABLE source ADD COLUMN compartment TEXT;
    ",
    // 3: ids indexed in their own table instead of an index on `entity`, so that an import
    // can add its new keys in sorted batches (writer.rs) rather than one random index insert
    // per new entity, which thrashed the page cache once the index outgrew it (10M calls).
    "
    CREATE TABLE entity_key(
        h INTEGER NOT NULL,
        eid INTEGER NOT NULL,
        PRIMARY KEY(h, eid)
    ) WITHOUT ROWID;
    INSERT INTO entity_key(h, eid) SELECT h, eid FROM entity ORDER BY h, eid;
    DROP INDEX entity_h;
    ",
];

/// The schema version this program writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Applies every migration the database has not had, in one transaction.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > LATEST {
        return Err(StoreError::TooNew {
            found: current,
            supported: LATEST,
        });
    }
    if current == LATEST {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for sql in &MIGRATIONS[current as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", LATEST)?;
    tx.commit()?;
    Ok(())
}
