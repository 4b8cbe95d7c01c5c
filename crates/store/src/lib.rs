//! Kingpin's entity store.
//!
//! One trait-shaped API ([`Store`], [`Writer`]) over entities and their statements, so that a
//! PostgreSQL backend serves the same callers. [`SqliteStore`] is the embedded default;
//! `PgStore` (cargo feature `postgres`) keeps the store in a PostgreSQL database.
//! Invariant: everything written through one [`Writer`] lands in one transaction, or nothing
//! does.

mod any;
mod error;
#[cfg(feature = "postgres")]
mod pg;
mod scan;
mod sqlite;
mod types;
mod view;

pub use any::{AnyStore, is_postgres_url};
pub use error::StoreError;
#[cfg(feature = "postgres")]
pub use pg::{PgStore, scratch::ScratchSchema};
pub use scan::{EntityRow, FragmentRow, Scan};
pub use sqlite::{SqliteStore, unpack_props};
pub use types::{
    AuditEntry, Direction, EntitySummary, Neighbour, NeighbourFilter, NewSource, SchemaCount,
    SearchHit, SourceInfo, Stats,
};
pub use view::{EidSet, Handling, RELEASABLE_TO_ALL, View};

use kingpin_model::{Entity, Fragment};

/// Result type of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Reading and writing entities and statements.
pub trait Store {
    /// Starts one import: every fragment put through the writer lands together on `commit`,
    /// or not at all if the writer is dropped.
    fn begin(&mut self, source: NewSource) -> Result<Box<dyn Writer + '_>>;
    /// An entity with all its statements, by id.
    fn entity(&self, id: &str) -> Result<Option<Entity>>;
    /// Entities linked to or from an entity, through entity-typed properties.
    fn neighbours(&self, id: &str, filter: &NeighbourFilter) -> Result<Vec<Neighbour>>;
    /// Full-text search over names, identifiers and phone numbers.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;
    /// Calls `f` with every entity of a schema (and its descendants when `schema` is `None`:
    /// every entity), in storage order, streaming.
    fn for_each_entity(
        &self,
        schema: Option<&str>,
        f: &mut dyn FnMut(Entity) -> Result<()>,
    ) -> Result<()>;
    /// Counts per schema, statements and sources.
    fn stats(&self) -> Result<Stats>;
    /// Every import so far, oldest first.
    fn sources(&self) -> Result<Vec<SourceInfo>>;
}

/// The write side of one import.
pub trait Writer {
    /// Adds a fragment: creates or extends its entity, records each value as a statement of
    /// this source, and indexes links and names.
    fn put(&mut self, fragment: &Fragment<'_>) -> Result<()>;
    /// Commits the import, recording how many rows the source had.
    fn commit(self: Box<Self>, rows: u64) -> Result<SourceInfo>;
    /// Commits the import and appends its record to the audit log in the same transaction:
    /// an import never lands unaudited, and an audit record never names an import that
    /// rolled back.
    fn commit_audited(self: Box<Self>, rows: u64, entry: &AuditEntry) -> Result<SourceInfo>;
}
