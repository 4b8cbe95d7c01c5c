//! A pool of store connections used from blocking tasks, each request reading through its view.

use crate::api::error::ApiError;
use kingpin_store::{SqliteStore, View};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Store connections on one database file.
pub struct Db {
    path: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
    permits: Semaphore,
}

impl Db {
    /// A pool of at most `size` connections, opened on demand; checks the file opens now.
    pub fn open(path: PathBuf, size: usize) -> anyhow::Result<Arc<Db>> {
        let first = SqliteStore::open(&path)?;
        crate::tables::ensure(first.connection())?;
        kingpin_audit::ensure_tables(first.connection())?;
        Ok(Arc::new(Db {
            path,
            idle: Mutex::new(vec![first]),
            permits: Semaphore::new(size.max(1)),
        }))
    }

    /// The database file.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    fn take(&self) -> Result<SqliteStore, ApiError> {
        let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        match idle {
            Some(s) => Ok(s),
            None => SqliteStore::open(&self.path).map_err(ApiError::from),
        }
    }

    /// Runs `f` on a blocking thread with a connection that reads through `view`. The view is
    /// set afresh for every call, and a connection whose call panicked is dropped, not reused.
    pub async fn run<T, F>(self: &Arc<Self>, view: View, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::unavailable("shutting down"))?;
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = db.take()?;
            store.set_view(view);
            let out = f(&mut store);
            // A connection goes back seeing nothing, so no later caller inherits a view.
            store.set_view(View::sources(Vec::new()));
            db.idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(store);
            out
        })
        .await
        .map_err(|_| ApiError::internal("the request failed unexpectedly"))?
    }
}
