//! The embedded SQLite backend.

mod batch;
mod budget;
mod cache;
pub(crate) mod codec;
mod idfilter;
mod idhash;
mod linksort;
mod migrations;
mod read;
pub(crate) mod scan;
pub(crate) mod visible;
pub(crate) mod writer;

use crate::{Handling, NeighbourFilter, NewSource, SearchHit, SourceInfo, Stats, View};
use crate::{Result, Store, Writer};
use kingpin_model::Entity;
use rusqlite::Connection;
use std::path::Path;

/// The (property, value) pairs of a `fragment.props` column, for callers reading rows in bulk
/// with their own SQL (and so outside any view).
pub fn unpack_props(packed: &str) -> impl Iterator<Item = (&str, &str)> {
    codec::iter(packed)
}

/// An entity store in one SQLite file (WAL mode), or in memory for tests.
///
/// Every read goes through the store's [`View`] (by default: everything), so a reader with a
/// restricted view cannot reach other sources' statements through any read, scan or count.
pub struct SqliteStore {
    conn: Connection,
    view: View,
    handling: Handling,
    budget: budget::Budget,
}

impl SqliteStore {
    /// Opens (creating if needed) a store file and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Self::init(conn)
    }

    /// A store that lives in memory only.
    pub fn in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self> {
        // NORMAL is durable at every commit in WAL mode except against power loss; an import
        // killed mid-way still leaves the database exactly as before it began.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        // Sorts at commit (links, names) spill to temporary files, so memory stays flat.
        conn.pragma_update(None, "temp_store", "FILE")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let mut store = SqliteStore {
            conn,
            view: View::all(),
            handling: Handling::default(),
            budget: budget::Budget::default(),
        };
        migrations::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// Sets the memory later imports may use for their caches and SQLite's page cache, in MiB
    /// (default 192). More memory means fewer random reads when a file mentions millions of
    /// distinct phones, handsets or accounts.
    pub fn set_import_memory_mib(&mut self, mib: usize) {
        self.budget = budget::Budget::from_mib(mib);
    }

    /// Every row of every table (search index included), rendered and sorted: two equal
    /// listings mean two equal databases. For checking that a failed or killed import changed
    /// nothing; it reads everything, so it is for tests and audits, not hot paths.
    pub fn content_listing(&self) -> Result<Vec<String>> {
        let tables: Vec<String> = self
            .conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                 ORDER BY name",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for table in &tables {
            let mut q = self.conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
            let n = q.column_count();
            let rows = q.query_map([], |r| {
                let vals: Vec<String> = (0..n)
                    .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                    .collect::<rusqlite::Result<_>>()?;
                Ok(format!("{table}: {}", vals.join(" | ")))
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        out.sort();
        Ok(out)
    }

    /// Restricts every later read to what `view` sees.
    pub fn set_view(&mut self, view: View) {
        self.view = view;
    }

    /// The view reads go through.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// Sets the handling (owner, releasability, compartment) recorded on the sources of
    /// imports begun from now on.
    pub fn set_handling(&mut self, handling: Handling) {
        self.handling = handling;
    }

    /// Every source with its handling, oldest first, whatever the view: for deciding views.
    pub fn source_handlings(&self) -> Result<Vec<(i64, Handling)>> {
        read::source_handlings(&self.conn)
    }

    /// The underlying connection, for analytics that read in bulk. It bypasses the view:
    /// callers serving restricted readers must use the store's methods instead.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Store for SqliteStore {
    fn begin(&mut self, source: NewSource) -> Result<Box<dyn Writer + '_>> {
        let w = writer::SqliteWriter::begin(&self.conn, source, self.budget)?;
        // Inside the import's transaction, so its handling commits or rolls back with it; the
        // writer holds the only write lock, so its source is the newest row.
        let h = &self.handling;
        self.conn.execute(
            "UPDATE source SET agency = ?1, releasable_to = ?2, compartment = ?3
             WHERE id = (SELECT max(id) FROM source)",
            rusqlite::params![h.agency, h.releasable_text(), h.compartment],
        )?;
        Ok(Box::new(w))
    }

    fn entity(&self, id: &str) -> Result<Option<Entity>> {
        read::entity(&self.conn, &self.view, id)
    }

    fn neighbours(&self, id: &str, filter: &NeighbourFilter) -> Result<Vec<crate::Neighbour>> {
        read::neighbours(&self.conn, &self.view, id, filter)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        read::search(&self.conn, &self.view, query, 0, limit)
    }

    fn for_each_entity(
        &self,
        schema: Option<&str>,
        f: &mut dyn FnMut(Entity) -> Result<()>,
    ) -> Result<()> {
        read::for_each_entity(&self.conn, &self.view, schema, f)
    }

    fn stats(&self) -> Result<Stats> {
        visible::stats(&self.conn, &self.view)
    }

    fn sources(&self) -> Result<Vec<SourceInfo>> {
        read::sources(&self.conn, &self.view)
    }
}
