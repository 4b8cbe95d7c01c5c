//! The bulk scans behind analytics, one trait over both backends: every fragment or entity
//! streamed straight from the rows, without building [`kingpin_model::Entity`] values (a
//! projection of 10M calls cannot afford an allocation per statement). Both go through the
//! store's view: a restricted reader's projection is built from the statements it sees, and
//! only from the entities that exist for it.

use crate::Result;
use crate::sqlite::codec;

/// Streaming scans for analytics (the graph projection, the money ledger, handsets),
/// implemented by [`crate::SqliteStore`] and `PgStore`. Object-safe, so a caller holding either
/// backend behind `&dyn Scan` pays one indirect call per row, nothing per statement.
pub trait Scan {
    /// Calls `f` with every fragment the view sees of entities whose stored schema is in
    /// `schemata` (exact names; `None`: all). A fragment is what one source said about one
    /// entity with one grading and recording time; one entity's fragments need not be
    /// adjacent, and the order is the backend's storage order. `f` must not use the store.
    fn scan_fragments(
        &self,
        schemata: Option<&[&str]>,
        f: &mut dyn FnMut(&FragmentRow<'_>) -> Result<()>,
    ) -> Result<()>;

    /// Calls `f` with every entity that exists for the view (id and schema only), by entity
    /// number, whose schema is in `schemata` (`None`: all). For a restricted view the schema
    /// is the one its statements support: an entity it only sees named is what the naming
    /// statements say, whatever other sources narrowed it to. `f` must not use the store.
    fn scan_entities(
        &self,
        schemata: Option<&[&str]>,
        f: &mut dyn FnMut(&EntityRow<'_>) -> Result<()>,
    ) -> Result<()>;
}

/// One fragment, borrowed from the database row for the duration of the callback.
#[derive(Debug, Clone, Copy)]
pub struct FragmentRow<'r> {
    /// Internal entity number (stable within one database, not across backends).
    pub eid: i64,
    /// Entity id.
    pub id: &'r str,
    /// Entity schema name.
    pub schema: &'r str,
    /// 3x5x2 grading code as stored, e.g. `2BP`.
    pub grading: &'r str,
    /// When the source recorded it, if it said.
    pub recorded: Option<&'r str>,
    /// Packed statements; read them with [`FragmentRow::statements`].
    pub props: &'r str,
}

impl<'r> FragmentRow<'r> {
    /// The (property, value) pairs of this fragment.
    pub fn statements(&self) -> impl Iterator<Item = (&'r str, &'r str)> + use<'r> {
        codec::iter(self.props)
    }
}

/// One entity without its statements.
#[derive(Debug, Clone, Copy)]
pub struct EntityRow<'r> {
    /// Internal entity number.
    pub eid: i64,
    /// Entity id.
    pub id: &'r str,
    /// Schema name.
    pub schema: &'r str,
}

/// The backend an [`crate::AnyStore`] holds, as a scanner.
fn backend_of(store: &crate::AnyStore) -> &dyn Scan {
    match store {
        crate::AnyStore::Sqlite(s) => s,
        #[cfg(feature = "postgres")]
        crate::AnyStore::Pg(s) => s,
    }
}

/// Either backend's scans, so analytics take an [`crate::AnyStore`] as `&dyn Scan` too.
impl Scan for crate::AnyStore {
    fn scan_fragments(
        &self,
        schemata: Option<&[&str]>,
        f: &mut dyn FnMut(&FragmentRow<'_>) -> Result<()>,
    ) -> Result<()> {
        backend_of(self).scan_fragments(schemata, f)
    }

    fn scan_entities(
        &self,
        schemata: Option<&[&str]>,
        f: &mut dyn FnMut(&EntityRow<'_>) -> Result<()>,
    ) -> Result<()> {
        backend_of(self).scan_entities(schemata, f)
    }
}
