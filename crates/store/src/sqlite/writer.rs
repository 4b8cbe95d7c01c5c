//! One import as one SQLite transaction.

use super::codec;
use super::idhash::id_hash;
use crate::{NewSource, Result, SourceInfo, StoreError};
use kingpin_model::{Fragment, PropType, Schema, model};
use rusqlite::{Connection, OptionalExtension, Statement, params};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet, FxHasher};
use std::hash::{Hash, Hasher};

/// Caches are cleared when full so memory stays flat however large the file.
const CACHE_LIMIT: usize = 200_000;

/// Fragment fingerprints remembered for skipping repeats: 16 bytes each, about 32 MiB at most.
const SEEN_LIMIT: usize = 1 << 20;

/// Writes fragments inside an open `BEGIN IMMEDIATE` transaction; rolls back on drop unless
/// committed. Holds prepared statements for the hot path.
pub struct SqliteWriter<'c> {
    conn: &'c Connection,
    source: i64,
    committed: bool,
    insert_entity: Statement<'c>,
    find_entity: Statement<'c>,
    update_schema: Statement<'c>,
    insert_fragment: Statement<'c>,
    /// Appends to `link_pending`; commit merges it into `link` in one sorted pass.
    insert_link: Statement<'c>,
    insert_name: Statement<'c>,
    /// id -> (eid, schema name) of entities touched recently.
    ids: HashMap<String, (i64, &'static str)>,
    /// Fingerprints of fragments already written in this import: a CDR repeats the same phone
    /// fragment on every row. 128 bits from two unrelated hashes, because a collision would
    /// silently drop a fragment.
    seen: HashSet<(u64, u64)>,
    statements: u64,
    fragments: u64,
}

impl<'c> SqliteWriter<'c> {
    /// Opens the transaction and records the source.
    pub fn begin(conn: &'c Connection, src: NewSource) -> Result<Self> {
        // Links and names are staged in temporary tables (a temp file, not the database and
        // its WAL) and merged into their indexes in one sorted pass at commit: written as they
        // come, each would land on a random page of a large index.
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS link_pending(
                 dst INTEGER NOT NULL, src INTEGER NOT NULL, prop TEXT NOT NULL);
             CREATE TEMP TABLE IF NOT EXISTS name_pending(text TEXT NOT NULL, eid INTEGER NOT NULL);
             DELETE FROM temp.link_pending;
             DELETE FROM temp.name_pending;
             BEGIN IMMEDIATE",
        )?;
        let source = conn.query_row(
            "INSERT INTO source(name, kind, path, imported_at, grading)
             VALUES(?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4) RETURNING id",
            params![src.name, src.kind, src.path, src.grading.to_string()],
            |r| r.get(0),
        );
        let source = match source {
            Ok(s) => s,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e.into());
            }
        };
        Ok(SqliteWriter {
            conn,
            source,
            committed: false,
            insert_entity: conn.prepare("INSERT INTO entity(id, schema, h) VALUES(?1, ?2, ?3)")?,
            find_entity: conn.prepare("SELECT eid, schema FROM entity WHERE h = ?1 AND id = ?2")?,
            update_schema: conn.prepare("UPDATE entity SET schema = ?2 WHERE eid = ?1")?,
            insert_fragment: conn.prepare(
                "INSERT INTO fragment(eid, fid, source, grading, recorded, n, props)
                 VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            insert_link: conn
                .prepare("INSERT INTO link_pending(dst, src, prop) VALUES(?1, ?2, ?3)")?,
            insert_name: conn.prepare("INSERT INTO name_pending(text, eid) VALUES(?1, ?2)")?,
            ids: HashMap::default(),
            seen: HashSet::default(),
            statements: 0,
            fragments: 0,
        })
    }

    /// The eid of `id`, creating the entity if new, and narrowing its schema to the more
    /// specific of what it had and `schema`.
    fn resolve(&mut self, id: &str, schema: &'static Schema) -> Result<i64> {
        let m = model();
        let (eid, current) = match self.ids.get(id) {
            Some(&hit) => hit,
            None => {
                let h = id_hash(id);
                let found: Option<(i64, String)> = self
                    .find_entity
                    .query_row(params![h, id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let Some((eid, name)) = found else {
                    // This writer holds the only write transaction, so look-then-insert
                    // keeps ids unique.
                    self.insert_entity.execute(params![id, schema.name, h])?;
                    let eid = self.conn.last_insert_rowid();
                    // Events (calls, payments) are rarely met again in one file; keeping
                    // them would push out the phones and people that recur on every row.
                    if !schema.is_a("Interval") {
                        self.remember(id, eid, &schema.name);
                    }
                    return Ok(eid);
                };
                let current = m.get(&name).map(|s| s.name.as_str()).unwrap_or("Thing");
                (eid, current)
            }
        };
        if current != schema.name {
            let cur = m.get(current).map_err(|source| model_err(id, source))?;
            let merged = m
                .common(cur, schema)
                .map_err(|source| model_err(id, source))?;
            if merged.name != current {
                self.update_schema.execute(params![eid, merged.name])?;
            }
            self.remember(id, eid, &merged.name);
        } else if !self.ids.contains_key(id) {
            self.remember(id, eid, current);
        }
        Ok(eid)
    }

    fn remember(&mut self, id: &str, eid: i64, schema: &str) {
        if self.ids.len() >= CACHE_LIMIT {
            self.ids.clear();
        }
        let name = model()
            .get(schema)
            .map(|s| s.name.as_str())
            .unwrap_or("Thing");
        self.ids.insert(id.to_string(), (eid, name));
    }
}

fn model_err(id: &str, source: kingpin_model::ModelError) -> StoreError {
    StoreError::Model {
        id: id.to_string(),
        source,
    }
}

fn fragment_fingerprint(f: &Fragment<'_>) -> (u64, u64) {
    fn feed(f: &Fragment<'_>, h: &mut impl Hasher) {
        f.id.hash(h);
        f.schema.name.hash(h);
        f.grading.hash(h);
        f.recorded.hash(h);
        for (p, v) in &f.values {
            p.name.hash(h);
            v.hash(h);
        }
    }
    let mut fx = FxHasher::default();
    feed(f, &mut fx);
    let mut sip = std::hash::DefaultHasher::new();
    feed(f, &mut sip);
    (fx.finish(), sip.finish())
}

impl crate::Writer for SqliteWriter<'_> {
    fn put(&mut self, f: &Fragment<'_>) -> Result<()> {
        let m = model();
        // Fragments carry schemata of the built-in model; look ours up by name so the
        // cache can hold 'static references.
        let schema = m.get(&f.schema.name).map_err(|e| model_err(&f.id, e))?;
        // Events (a call, a payment) are one row each; only the things they mention (phones,
        // people, accounts) recur, so only those are worth remembering.
        if !schema.is_a("Interval") {
            if !self.seen.insert(fragment_fingerprint(f)) {
                return Ok(());
            }
            if self.seen.len() > SEEN_LIMIT {
                self.seen.clear();
            }
        }
        self.fragments += 1;
        let eid = self.resolve(&f.id, schema)?;
        let code = f.grading.code();
        let grading = std::str::from_utf8(&code).expect("grading codes are ASCII");
        let mut packed = String::with_capacity(64 * f.values.len());
        for (p, v) in &f.values {
            codec::push(&mut packed, &p.name, v);
            if p.kind == PropType::Entity {
                let range = p.range.as_deref().unwrap_or("Thing");
                let range = m.get(range).map_err(|e| model_err(v, e))?;
                let dst = self.resolve(v, range)?;
                self.insert_link.execute(params![dst, eid, p.name])?;
            } else if p.kind.is_searchable() {
                self.insert_name.execute(params![v, eid])?;
            }
        }
        let n = f.values.len() as i64;
        let fid = (self.source << 32) | self.fragments as i64;
        self.insert_fragment.execute(params![
            eid,
            fid,
            self.source,
            grading,
            f.recorded,
            n,
            packed
        ])?;
        self.statements += n as u64;
        Ok(())
    }

    fn commit(mut self: Box<Self>, rows: u64) -> Result<SourceInfo> {
        self.conn.execute(
            "UPDATE source SET rows = ?2, statements = ?3, fragments = ?4 WHERE id = ?1",
            params![
                self.source,
                rows as i64,
                self.statements as i64,
                self.fragments as i64
            ],
        )?;
        self.conn.execute_batch(
            "INSERT OR IGNORE INTO link(dst, src, prop)
                SELECT dst, src, prop FROM link_pending ORDER BY dst, src, prop;
             DELETE FROM link_pending;
             INSERT INTO name_index(text, eid) SELECT DISTINCT text, eid FROM name_pending;
             DELETE FROM name_pending;
             COMMIT",
        )?;
        self.committed = true;
        super::read::source(self.conn, self.source)
    }
}

impl Drop for SqliteWriter<'_> {
    fn drop(&mut self) {
        if !self.committed {
            // Nothing of an unfinished import may remain.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
