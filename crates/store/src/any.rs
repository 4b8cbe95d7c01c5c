//! Either backend behind one type, chosen by where the store is: a file path opens SQLite, a
//! `postgres://` URL opens PostgreSQL (cargo feature `postgres`).

use crate::{
    NeighbourFilter, NewSource, Result, SearchHit, SourceInfo, SqliteStore, Stats, Store, View,
    Writer,
};
use kingpin_model::Entity;

/// A store on SQLite or PostgreSQL, for callers that serve both.
pub enum AnyStore {
    /// An embedded SQLite file.
    Sqlite(SqliteStore),
    /// A PostgreSQL database.
    #[cfg(feature = "postgres")]
    Pg(crate::PgStore),
}

/// Whether `location` names a PostgreSQL database rather than a file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

impl AnyStore {
    /// Opens the store at `location`: a `postgres://` / `postgresql://` URL or a file path.
    pub fn open(location: &str) -> Result<Self> {
        if is_postgres_url(location) {
            #[cfg(feature = "postgres")]
            return Ok(AnyStore::Pg(crate::PgStore::connect(location)?));
            #[cfg(not(feature = "postgres"))]
            return Err(crate::StoreError::Config(
                "this build has no PostgreSQL support (cargo feature `postgres`)".into(),
            ));
        }
        Ok(AnyStore::Sqlite(SqliteStore::open(location)?))
    }

    /// Which backend holds the store.
    pub fn backend(&self) -> kingpin_sql::Backend {
        match self {
            AnyStore::Sqlite(_) => kingpin_sql::Backend::Sqlite,
            #[cfg(feature = "postgres")]
            AnyStore::Pg(_) => kingpin_sql::Backend::Postgres,
        }
    }

    /// The store's connection, for application tables kept beside the entities. On
    /// PostgreSQL it carries the view's `kingpin.sources` setting (row-level security).
    pub fn sql(&mut self) -> kingpin_sql::Conn<'_> {
        match self {
            AnyStore::Sqlite(s) => kingpin_sql::Conn::Sqlite(s.connection()),
            #[cfg(feature = "postgres")]
            AnyStore::Pg(s) => kingpin_sql::Conn::Pg(s.client()),
        }
    }

    /// Restricts every later read to what `view` sees.
    pub fn set_view(&mut self, view: View) -> Result<()> {
        match self {
            AnyStore::Sqlite(s) => {
                s.set_view(view);
                Ok(())
            }
            #[cfg(feature = "postgres")]
            AnyStore::Pg(s) => s.set_view(view),
        }
    }

    /// The view reads go through.
    pub fn view(&self) -> &View {
        match self {
            AnyStore::Sqlite(s) => s.view(),
            #[cfg(feature = "postgres")]
            AnyStore::Pg(s) => s.view(),
        }
    }

    /// Every source with its handling, whatever the view: for deciding views.
    pub fn source_handlings(&self) -> Result<Vec<(i64, crate::Handling)>> {
        match self {
            AnyStore::Sqlite(s) => s.source_handlings(),
            #[cfg(feature = "postgres")]
            AnyStore::Pg(s) => s.source_handlings(),
        }
    }

    /// Sets the handling recorded on the sources of imports begun from now on.
    pub fn set_handling(&mut self, handling: crate::Handling) {
        match self {
            AnyStore::Sqlite(s) => s.set_handling(handling),
            #[cfg(feature = "postgres")]
            AnyStore::Pg(s) => s.set_handling(handling),
        }
    }

    /// The SQLite store, for features PostgreSQL does not serve yet.
    pub fn as_sqlite(&self) -> Option<&SqliteStore> {
        match self {
            AnyStore::Sqlite(s) => Some(s),
            #[cfg(feature = "postgres")]
            AnyStore::Pg(_) => None,
        }
    }

    /// The SQLite store, mutably, for features PostgreSQL does not serve yet.
    pub fn as_sqlite_mut(&mut self) -> Option<&mut SqliteStore> {
        match self {
            AnyStore::Sqlite(s) => Some(s),
            #[cfg(feature = "postgres")]
            AnyStore::Pg(_) => None,
        }
    }

    fn inner(&self) -> &dyn Store {
        match self {
            AnyStore::Sqlite(s) => s,
            #[cfg(feature = "postgres")]
            AnyStore::Pg(s) => s,
        }
    }
}

impl Store for AnyStore {
    fn begin(&mut self, source: NewSource) -> Result<Box<dyn Writer + '_>> {
        match self {
            AnyStore::Sqlite(s) => s.begin(source),
            #[cfg(feature = "postgres")]
            AnyStore::Pg(s) => s.begin(source),
        }
    }

    fn entity(&self, id: &str) -> Result<Option<Entity>> {
        self.inner().entity(id)
    }

    fn neighbours(&self, id: &str, filter: &NeighbourFilter) -> Result<Vec<crate::Neighbour>> {
        self.inner().neighbours(id, filter)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.inner().search(query, limit)
    }

    fn for_each_entity(
        &self,
        schema: Option<&str>,
        f: &mut dyn FnMut(Entity) -> Result<()>,
    ) -> Result<()> {
        self.inner().for_each_entity(schema, f)
    }

    fn stats(&self) -> Result<Stats> {
        self.inner().stats()
    }

    fn sources(&self) -> Result<Vec<SourceInfo>> {
        self.inner().sources()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_opens_sqlite_and_its_connection_serves_application_sql() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let mut s = AnyStore::open(path.to_str().unwrap()).unwrap();
        assert_eq!(s.backend(), kingpin_sql::Backend::Sqlite);
        let n: i64 = s
            .sql()
            .query_value("SELECT count(*) FROM entity", kingpin_sql::params![])
            .unwrap();
        assert_eq!(n, 0);
        assert_eq!(s.stats().unwrap().statements, 0);
        assert!(is_postgres_url("postgresql://u@h/db") && !is_postgres_url("k.db"));
    }

    #[cfg(not(feature = "postgres"))]
    #[test]
    fn a_url_without_the_feature_is_a_clear_error() {
        let e = AnyStore::open("postgres://u@127.0.0.1:1/db").err().unwrap();
        assert!(e.to_string().contains("cargo feature `postgres`"), "{e}");
    }

    /// The view's source list reaches the PostgreSQL session the application SQL runs on, so
    /// row-level security filters application queries too.
    #[cfg(feature = "postgres")]
    #[test]
    fn a_postgres_store_shares_its_session_and_view_with_application_sql() {
        let Ok(url) = std::env::var("KINGPIN_TEST_PG") else {
            return;
        };
        let schema = format!("any_store_{}", std::process::id());
        let mut s = AnyStore::Pg(crate::PgStore::connect_in_schema(&url, &schema).unwrap());
        assert_eq!(s.backend(), kingpin_sql::Backend::Postgres);
        s.set_view(View::sources(vec![3, 5])).unwrap();
        let setting: String = s
            .sql()
            .query_value(
                "SELECT current_setting(?1)",
                kingpin_sql::params!["kingpin.sources"],
            )
            .unwrap();
        assert_eq!(setting, "3,5");
        assert_eq!(s.view().source_ids(), Some(&[3i64, 5][..]));
        s.sql()
            .batch(&format!("DROP SCHEMA {schema} CASCADE"))
            .unwrap();
    }
}
