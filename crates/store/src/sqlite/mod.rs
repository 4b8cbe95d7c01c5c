//! The embedded SQLite backend.

mod batch;
mod codec;
mod idfilter;
mod idhash;
mod linksort;
mod migrations;
mod read;
pub(crate) mod scan;
mod writer;

use crate::{NeighbourFilter, NewSource, SearchHit, SourceInfo, Stats};
use crate::{Result, Store, Writer};
use kingpin_model::Entity;
use rusqlite::Connection;
use std::path::Path;

/// An entity store in one SQLite file (WAL mode), or in memory for tests.
pub struct SqliteStore {
    conn: Connection,
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
        let mut store = SqliteStore { conn };
        migrations::migrate(&mut store.conn)?;
        Ok(store)
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

    /// The underlying connection, for analytics that read in bulk.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Store for SqliteStore {
    fn begin(&mut self, source: NewSource) -> Result<Box<dyn Writer + '_>> {
        Ok(Box::new(writer::SqliteWriter::begin(&self.conn, source)?))
    }

    fn entity(&self, id: &str) -> Result<Option<Entity>> {
        read::entity(&self.conn, id)
    }

    fn neighbours(&self, id: &str, filter: &NeighbourFilter) -> Result<Vec<crate::Neighbour>> {
        read::neighbours(&self.conn, id, filter)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        read::search(&self.conn, query, limit)
    }

    fn for_each_entity(
        &self,
        schema: Option<&str>,
        f: &mut dyn FnMut(Entity) -> Result<()>,
    ) -> Result<()> {
        read::for_each_entity(&self.conn, schema, f)
    }

    fn stats(&self) -> Result<Stats> {
        read::stats(&self.conn)
    }

    fn sources(&self) -> Result<Vec<SourceInfo>> {
        read::sources(&self.conn)
    }
}
