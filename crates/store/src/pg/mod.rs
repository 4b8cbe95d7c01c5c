//! The PostgreSQL backend (cargo feature `postgres`): the same [`Store`] and [`Writer`] as
//! SQLite, for servers with many users. One statement per row, full-text search over a
//! `tsvector` column with a GIN index, and row-level security on the statement tables keyed on
//! the session setting `kingpin.sources`, as a second line behind the application's [`View`].

mod migrate;
mod read;
mod scan;
pub mod scratch;
mod text;
mod writer;

use crate::{Handling, NeighbourFilter, NewSource, SearchHit, SourceInfo, Stats, View};
use crate::{Result, Store, StoreError, Writer};
use kingpin_model::Entity;
use postgres::{Client, NoTls};
use std::cell::RefCell;

/// An entity store in a PostgreSQL database (one schema of it).
///
/// Reads go through the store's [`View`] in the application, and the session's
/// `kingpin.sources` setting follows the view, so a connection whose role is not a superuser
/// is filtered by the database too.
pub struct PgStore {
    /// Reads take `&self`; each borrow lasts one query or page, never across a callback.
    client: RefCell<Client>,
    view: View,
    handling: Handling,
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`) and brings the schema on the
    /// connection's search path up to date.
    pub fn connect(url: &str) -> Result<Self> {
        Self::init(Client::connect(url, NoTls)?)
    }

    /// Connects to `url` and keeps everything in schema `schema` (created if missing): one
    /// database can hold several stores, e.g. one per test.
    pub fn connect_in_schema(url: &str, schema: &str) -> Result<Self> {
        let valid = !schema.is_empty()
            && schema.len() <= 63
            && schema.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && schema
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(StoreError::Config(format!(
                "schema name {schema:?}: use lower-case letters, digits and _ (at most 63)"
            )));
        }
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute(&format!(
            "CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}"
        ))?;
        Self::init(client)
    }

    fn init(mut client: Client) -> Result<Self> {
        migrate::migrate(&mut client)?;
        let mut store = PgStore {
            client: RefCell::new(client),
            view: View::all(),
            handling: Handling::default(),
        };
        store.set_view(View::all())?;
        Ok(store)
    }

    /// Restricts every later read to what `view` sees, in the application and in the
    /// session's row-level security setting.
    pub fn set_view(&mut self, view: View) -> Result<()> {
        let setting = match view.source_ids() {
            None => "*".to_string(),
            Some(ids) => ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","),
        };
        self.client.get_mut().execute(
            "SELECT set_config('kingpin.sources', $1, false)",
            &[&setting],
        )?;
        self.view = view;
        Ok(())
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
        Ok(read::sources(&mut *self.client.borrow_mut(), &View::all())?
            .into_iter()
            .map(|s| (s.id, s.handling))
            .collect())
    }

    /// Walks the audit chain and reports the first broken record, then checks the head.
    pub fn verify_audit(&self) -> Result<kingpin_audit::Verification> {
        let mut client = self.client.borrow_mut();
        Ok(kingpin_audit::verify(&mut kingpin_sql::Conn::Pg(
            &mut *client,
        ))?)
    }

    /// Every audit record, oldest first.
    pub fn audit_records(&self) -> Result<Vec<kingpin_audit::Record>> {
        let mut client = self.client.borrow_mut();
        let filter = kingpin_audit::Filter::default();
        let mut records = kingpin_audit::query(&mut kingpin_sql::Conn::Pg(&mut *client), &filter)?;
        records.reverse();
        Ok(records)
    }

    /// The underlying connection, for administration and tests. It is not filtered by the
    /// store's view unless its role is subject to row-level security.
    pub fn client(&mut self) -> &mut Client {
        self.client.get_mut()
    }
}

impl Store for PgStore {
    fn begin(&mut self, source: NewSource) -> Result<Box<dyn Writer + '_>> {
        let w = writer::PgWriter::begin(self.client.get_mut(), source, &self.handling)?;
        Ok(Box::new(w))
    }

    fn entity(&self, id: &str) -> Result<Option<Entity>> {
        read::entity(&mut *self.client.borrow_mut(), &self.view, id)
    }

    fn neighbours(&self, id: &str, filter: &NeighbourFilter) -> Result<Vec<crate::Neighbour>> {
        read::neighbours(&mut *self.client.borrow_mut(), &self.view, id, filter)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        read::search(&mut *self.client.borrow_mut(), &self.view, query, limit)
    }

    fn for_each_entity(
        &self,
        schema: Option<&str>,
        f: &mut dyn FnMut(Entity) -> Result<()>,
    ) -> Result<()> {
        read::for_each_entity(&self.client, &self.view, schema, f)
    }

    fn stats(&self) -> Result<Stats> {
        read::stats(&mut *self.client.borrow_mut(), &self.view)
    }

    fn sources(&self) -> Result<Vec<SourceInfo>> {
        read::sources(&mut *self.client.borrow_mut(), &self.view)
    }
}
