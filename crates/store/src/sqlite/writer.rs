//! One import as one SQLite transaction.

use super::batch::{Batch, Val};
use super::budget::Budget;
use super::cache::TwoGen;
use super::codec;
use super::idfilter::IdFilter;
use super::idhash::id_hash;
use super::linksort::{LinkSorter, MAX_EID};
use crate::{AuditEntry, NewSource, Result, SourceInfo, StoreError};
use kingpin_model::{Fragment, PropType, Schema, model};
use rusqlite::{Connection, OptionalExtension, Statement, params};
use rustc_hash::FxHashMap as HashMap;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

// The caches forget their least recently used half when full (cache.rs) and are sized by the
// import's memory budget (budget.rs), so memory stays flat however large the file.

/// Look-ups of unknown ids before the id filter is built from the store's existing entities:
/// a small import into a large store never pays for scanning it.
const FILTER_AFTER: u64 = 4096;

/// Writes fragments inside an open `BEGIN IMMEDIATE` transaction; rolls back on drop unless
/// committed. New entities get their row id from this writer (it holds the only write
/// transaction), so entity and fragment rows can wait in multi-row batches; links go through
/// an external sort and enter their index in key order at commit.
pub struct SqliteWriter<'c> {
    conn: &'c Connection,
    source: i64,
    committed: bool,
    entities: Batch<'c>,
    fragment_rows: Batch<'c>,
    /// Staged in `name_pending`; commit de-duplicates them into the full-text index.
    names: Batch<'c>,
    find_entity: Statement<'c>,
    entity_by_eid: Statement<'c>,
    /// Id hash -> eid of entities created since the last key flush, not yet in `entity_key`.
    pending: HashMap<i64, i64>,
    /// Pending keys whose hash another pending key already has (rare).
    pending_clash: Vec<(i64, i64)>,
    update_schema: Statement<'c>,
    links: LinkSorter,
    /// Property names of links, by the index packed into each link.
    link_props: Vec<&'static str>,
    link_prop_index: HashMap<usize, u16>,
    /// 128-bit hash of an id -> (eid, schema name) of entities touched recently.
    ids: TwoGen<u128, (i64, &'static Schema)>,
    /// Fingerprints of fragments already written in this import: a CDR repeats the same phone
    /// fragment on every row. 128 bits, because a collision would silently drop a fragment.
    seen: TwoGen<u128, ()>,
    /// Every entity's id hash, once built; `None` until then.
    filter: Option<IdFilter>,
    misses: u64,
    next_eid: i64,
    /// New ids held in `pending` before they are sorted into `entity_key`.
    pending_limit: usize,
    statements: u64,
    fragments: u64,
}

impl<'c> SqliteWriter<'c> {
    /// Opens the transaction and records the source.
    pub fn begin(conn: &'c Connection, src: NewSource, budget: Budget) -> Result<Self> {
        // Names are staged in a temporary table (a temp file, not the database and its WAL)
        // and merged into the full-text index in one pass at commit.
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS name_pending(text TEXT NOT NULL, eid INTEGER NOT NULL);
             DELETE FROM temp.name_pending;
             BEGIN IMMEDIATE",
        )?;
        let started = Self::start(conn, src, budget);
        if started.is_err() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        started
    }

    fn start(conn: &'c Connection, src: NewSource, budget: Budget) -> Result<Self> {
        conn.pragma_update(None, "cache_size", -budget.page_cache_kib)?;
        let source = conn.query_row(
            "INSERT INTO source(name, kind, path, imported_at, grading)
             VALUES(?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4) RETURNING id",
            params![src.name, src.kind, src.path, src.grading.to_string()],
            |r| r.get(0),
        )?;
        let last: Option<i64> = conn.query_row("SELECT max(eid) FROM entity", [], |r| r.get(0))?;
        Ok(SqliteWriter {
            conn,
            source,
            committed: false,
            entities: Batch::new(conn, "OR IGNORE", "entity", &["eid", "id", "schema", "h"])?,
            fragment_rows: Batch::new(
                conn,
                "OR IGNORE",
                "fragment",
                &["eid", "fid", "source", "grading", "recorded", "n", "props"],
            )?,
            names: Batch::new(conn, "OR IGNORE", "temp.name_pending", &["text", "eid"])?,
            find_entity: conn.prepare(
                "SELECT e.eid, e.schema FROM entity_key k JOIN entity e ON e.eid = k.eid
                 WHERE k.h = ?1 AND e.id = ?2",
            )?,
            entity_by_eid: conn.prepare("SELECT id, schema FROM entity WHERE eid = ?1")?,
            pending: HashMap::default(),
            pending_clash: Vec::new(),
            update_schema: conn.prepare("UPDATE entity SET schema = ?2 WHERE eid = ?1")?,
            links: LinkSorter::new(budget.link_run),
            link_props: Vec::new(),
            link_prop_index: HashMap::default(),
            ids: TwoGen::new(2 * Budget::fill(budget.id_slots)),
            seen: TwoGen::new(2 * Budget::fill(budget.seen_slots)),
            pending_limit: Budget::fill(budget.pending_slots),
            // An empty store has no ids to miss: its filter is complete from the start.
            filter: last.is_none().then(|| IdFilter::with_capacity(1 << 20)),
            misses: 0,
            next_eid: last.unwrap_or(0) + 1,
            statements: 0,
            fragments: 0,
        })
    }

    /// False when no entity can have this id hash, so the look-up can be skipped.
    fn may_exist(&mut self, h: i64) -> Result<bool> {
        if self.filter.is_none() {
            self.misses += 1;
            if self.misses < FILTER_AFTER {
                return Ok(true);
            }
            self.build_filter(2 * self.next_eid as usize)?;
        }
        Ok(self.filter.as_ref().is_none_or(|f| f.may_contain(h)))
    }

    /// Fills a new filter from every entity's key, this import's included.
    fn build_filter(&mut self, capacity: usize) -> Result<()> {
        let mut f = IdFilter::with_capacity(capacity);
        let mut q = self.conn.prepare("SELECT h FROM entity_key")?;
        let mut rows = q.query([])?;
        while let Some(r) = rows.next()? {
            f.insert(r.get(0)?);
        }
        for &h in self.pending.keys() {
            f.insert(h);
        }
        for &(h, _) in &self.pending_clash {
            f.insert(h);
        }
        self.filter = Some(f);
        Ok(())
    }

    /// The entity with this id, if any: among this import's unsorted keys, then the table.
    fn find(&mut self, h: i64, id: &str) -> Result<Option<(i64, String)>> {
        let candidates = self.pending.get(&h).copied().into_iter().chain(
            self.pending_clash
                .iter()
                .filter(|(k, _)| *k == h)
                .map(|&(_, eid)| eid),
        );
        let candidates: Vec<i64> = candidates.collect();
        // Rows, this import's candidates' included, may still be waiting in their batch.
        self.entities.flush()?;
        for eid in candidates {
            let (found, schema): (String, String) = self
                .entity_by_eid
                .query_row(params![eid], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if found == id {
                return Ok(Some((eid, schema)));
            }
        }
        Ok(self
            .find_entity
            .query_row(params![h, id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Sorts this import's new keys into `entity_key`: one pass over the index in key order
    /// instead of one random insert per entity.
    fn flush_keys(&mut self) -> Result<()> {
        let mut keys: Vec<(i64, i64)> = self.pending.drain().collect();
        keys.append(&mut self.pending_clash);
        keys.sort_unstable();
        let mut batch = Batch::new(self.conn, "OR IGNORE", "entity_key", &["h", "eid"])?;
        for (h, eid) in keys {
            batch.push([Val::Int(h), Val::Int(eid)])?;
        }
        batch.flush()
    }

    /// The eid of `id`, creating the entity if new, and narrowing its schema to the more
    /// specific of what it had and `schema`.
    fn resolve(&mut self, id: &str, schema: &'static Schema) -> Result<i64> {
        let m = model();
        let key = xxh3_128(id.as_bytes());
        let (eid, current) = match self.ids.get(&key) {
            Some(hit) => hit,
            None => {
                let h = id_hash(id);
                let found = if self.may_exist(h)? {
                    self.find(h, id)?
                } else {
                    None
                };
                let Some((eid, name)) = found else {
                    return self.create(id, h, key, schema);
                };
                let current = m.get(&name).map_err(|source| model_err(id, source))?;
                (eid, current)
            }
        };
        if !std::ptr::eq(current, schema) {
            let merged = m
                .common(current, schema)
                .map_err(|source| model_err(id, source))?;
            if !std::ptr::eq(merged, current) {
                // The row may still be waiting in its batch.
                self.entities.flush()?;
                self.update_schema.execute(params![eid, merged.name])?;
            }
            self.remember(key, eid, merged);
        } else if !self.ids.contains(&key) {
            self.remember(key, eid, current);
        }
        Ok(eid)
    }

    /// Queues a new entity's row under the next free eid.
    fn create(&mut self, id: &str, h: i64, key: u128, schema: &'static Schema) -> Result<i64> {
        let eid = self.next_eid;
        if eid > MAX_EID {
            return Err(StoreError::Full);
        }
        self.next_eid += 1;
        self.entities.push([
            Val::Int(eid),
            Val::Text(id.to_string()),
            Val::Static(&schema.name),
            Val::Int(h),
        ])?;
        if let Some(other) = self.pending.insert(h, eid) {
            self.pending.insert(h, other);
            self.pending_clash.push((h, eid));
        }
        if self.pending.len() >= self.pending_limit {
            self.flush_keys()?;
        }
        if let Some(f) = &mut self.filter {
            f.insert(h);
            if f.is_full() {
                let bigger = 2 * f.len();
                self.build_filter(bigger)?;
            }
        }
        // Events (calls, payments) are rarely met again in one file; keeping them would push
        // out the phones and people that recur on every row.
        if !schema.is_a("Interval") {
            self.remember(key, eid, schema);
        }
        Ok(eid)
    }

    fn remember(&mut self, key: u128, eid: i64, schema: &'static Schema) {
        self.ids.insert(key, (eid, schema));
    }

    /// The index packed into links for a property name of the static model.
    fn link_prop(&mut self, name: &'static str) -> Result<u16> {
        let key = name.as_ptr() as usize;
        if let Some(&i) = self.link_prop_index.get(&key) {
            return Ok(i);
        }
        let i = u16::try_from(self.link_props.len()).map_err(|_| StoreError::Full)?;
        self.link_props.push(name);
        self.link_prop_index.insert(key, i);
        Ok(i)
    }
}

pub(crate) fn model_err(id: &str, source: kingpin_model::ModelError) -> StoreError {
    StoreError::Model {
        id: id.to_string(),
        source,
    }
}

/// 128-bit fingerprint of a fragment: equal fragments of one import are written once.
pub(crate) fn fragment_fingerprint(f: &Fragment<'_>) -> u128 {
    let mut h = Xxh3::new();
    // Each piece ends with a byte no cleaned value contains, so pieces cannot run together.
    let mut piece = |b: &[u8]| {
        h.update(b);
        h.update(&[0xff]);
    };
    piece(f.id.as_bytes());
    piece(f.schema.name.as_bytes());
    piece(&f.grading.code());
    piece(f.recorded.as_deref().unwrap_or("\u{0}").as_bytes());
    for (p, v) in &f.values {
        piece(p.name.as_bytes());
        piece(v.as_bytes());
    }
    h.digest128()
}

impl crate::Writer for SqliteWriter<'_> {
    fn put(&mut self, f: &Fragment<'_>) -> Result<()> {
        let m = model();
        // Fragments carry schemata of the built-in model; look ours up by name so the
        // cache can hold 'static references.
        let schema = m.get(&f.schema.name).map_err(|e| model_err(&f.id, e))?;
        // Events (a call, a payment) are one row each; only the things they mention (phones,
        // people, accounts) recur, so only those are worth remembering.
        if !schema.is_a("Interval") && !self.seen.insert(fragment_fingerprint(f), ()) {
            return Ok(());
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
                let name = schema.property(&p.name).ok_or_else(|| {
                    model_err(
                        &f.id,
                        kingpin_model::ModelError::UnknownProperty {
                            schema: schema.name.clone(),
                            prop: p.name.clone(),
                        },
                    )
                })?;
                let prop = self.link_prop(&name.name)?;
                self.links.push(dst, eid, prop).map_err(StoreError::Spill)?;
            } else if p.kind.is_searchable() {
                self.names.push([Val::Text(v.clone()), Val::Int(eid)])?;
            }
        }
        let n = f.values.len() as i64;
        let fid = (self.source << 32) | self.fragments as i64;
        self.fragment_rows.push([
            Val::Int(eid),
            Val::Int(fid),
            Val::Int(self.source),
            Val::Text(grading.to_string()),
            f.recorded.clone().map_or(Val::Null, Val::Text),
            Val::Int(n),
            Val::Text(packed),
        ])?;
        self.statements += n as u64;
        Ok(())
    }

    fn commit(mut self: Box<Self>, rows: u64) -> Result<SourceInfo> {
        self.finish(rows)?;
        self.conn.execute_batch("COMMIT")?;
        self.committed = true;
        super::read::source(self.conn, self.source)
    }

    fn commit_audited(mut self: Box<Self>, rows: u64, entry: &AuditEntry) -> Result<SourceInfo> {
        self.finish(rows)?;
        let info = super::read::source(self.conn, self.source)?;
        let detail = entry.detail_for(&info);
        // Inside this writer's transaction, so the record lands with the import or not at all.
        kingpin_audit::AuditLog::open(self.conn)?.append(
            &entry.who,
            &entry.action,
            &entry.target,
            &detail,
        )?;
        self.conn.execute_batch("COMMIT")?;
        self.committed = true;
        Ok(info)
    }
}

impl SqliteWriter<'_> {
    /// Writes everything still waiting, short of committing.
    fn finish(&mut self, rows: u64) -> Result<()> {
        self.entities.flush()?;
        self.flush_keys()?;
        self.fragment_rows.flush()?;
        self.names.flush()?;
        self.conn.execute(
            "UPDATE source SET rows = ?2, statements = ?3, fragments = ?4 WHERE id = ?1",
            params![
                self.source,
                rows as i64,
                self.statements as i64,
                self.fragments as i64
            ],
        )?;
        let run = self.links.run();
        let mut sorted = std::mem::replace(&mut self.links, LinkSorter::new(run))
            .finish()
            .map_err(StoreError::Spill)?;
        let mut link_rows = Batch::new(self.conn, "OR IGNORE", "link", &["dst", "src", "prop"])?;
        while let Some((dst, src, prop)) = sorted.next_link().map_err(StoreError::Spill)? {
            link_rows.push([
                Val::Int(dst),
                Val::Int(src),
                Val::Static(self.link_props[usize::from(prop)]),
            ])?;
        }
        link_rows.flush()?;
        drop(link_rows);
        self.conn.execute_batch(
            "INSERT INTO name_index(text, eid) SELECT DISTINCT text, eid FROM name_pending;
             DELETE FROM name_pending;",
        )?;
        Ok(())
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
