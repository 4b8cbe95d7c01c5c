//! A pool of store connections used from blocking tasks, each request reading through its view,
//! and each call bounded in time. The pool serves a SQLite file or a PostgreSQL database: past
//! its deadline a call's SQLite work is interrupted, and on PostgreSQL each statement runs under
//! the session's `statement_timeout`.

use crate::api::error::ApiError;
use kingpin_store::{AnyStore, SqliteStore, View, is_postgres_url};
use rusqlite::InterruptHandle;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Store connections on one database.
pub struct Db {
    /// The file path, or the PostgreSQL URL.
    path: PathBuf,
    postgres: bool,
    idle: Mutex<Vec<AnyStore>>,
    permits: Semaphore,
    timeout: Duration,
}

/// How often an overdue call is interrupted again: one interrupt stops only the SQL statements
/// running at that instant, and a handler may go on to start others.
const REINTERRUPT: Duration = Duration::from_millis(50);

impl Db {
    /// A pool of at most `size` connections, opened on demand, whose calls may each take
    /// `timeout`; checks the database opens now and brings the server's tables up to date.
    /// `path` is a file, or a `postgres://` URL.
    pub fn open(path: PathBuf, size: usize, timeout: Duration) -> anyhow::Result<Arc<Db>> {
        let postgres = path.to_str().is_some_and(is_postgres_url);
        let mut first = open_store(&path, timeout)?;
        match &first {
            AnyStore::Sqlite(s) => {
                crate::tables::ensure(s.connection())?;
                kingpin_audit::ensure_tables(s.connection())?;
            }
            AnyStore::Pg(_) => crate::tables::ensure_any(&mut first.sql())?,
        }
        Ok(Arc::new(Db {
            path,
            postgres,
            idle: Mutex::new(vec![first]),
            permits: Semaphore::new(size.max(1)),
            timeout,
        }))
    }

    /// The database file (or URL).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the database is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.postgres
    }

    /// The database file, for features that open it themselves; 501 on PostgreSQL.
    pub fn sqlite_path(&self) -> Result<&Path, ApiError> {
        if self.postgres {
            return Err(ApiError::not_on_postgres());
        }
        Ok(&self.path)
    }

    fn take(&self) -> Result<AnyStore, ApiError> {
        let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        match idle {
            Some(s) => Ok(s),
            None => open_store(&self.path, self.timeout).map_err(ApiError::from),
        }
    }

    /// [`run_any`](Self::run_any) for handlers not yet ported to PostgreSQL: on a SQLite
    /// database `f` gets the SQLite store; on PostgreSQL the call answers 501.
    pub async fn run<T, F>(self: &Arc<Self>, view: View, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        if self.postgres {
            return Err(ApiError::not_on_postgres());
        }
        self.run_any(view, move |s| match s.as_sqlite_mut() {
            Some(s) => f(s),
            None => Err(ApiError::not_on_postgres()),
        })
        .await
    }

    /// Runs `f` on a blocking thread with a connection that reads through `view`. The view is
    /// set afresh for every call, and a connection whose call panicked is dropped, not reused.
    /// A call still running after the pool's timeout is stopped and answers 503 `timeout`.
    pub async fn run_any<T, F>(self: &Arc<Self>, view: View, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut AnyStore) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::unavailable("shutting down"))?;
        let db = self.clone();
        let call = Arc::new(Call::default());
        let watchdog = tokio::spawn(call.clone().watch(self.timeout));
        let running = call.clone();
        let out = tokio::task::spawn_blocking(move || {
            let mut store = db.take()?;
            running.start(&store);
            store.set_view(view)?;
            let out = f(&mut store);
            running.finish();
            // A connection goes back seeing nothing, so no later caller inherits a view; one
            // that cannot be reset is dropped.
            if store.set_view(View::sources(Vec::new())).is_ok() {
                db.idle
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(store);
            }
            out
        })
        .await;
        // A call that panicked never finished; its connection was dropped with it.
        call.finish();
        watchdog.abort();
        let overdue = call.fired.load(Ordering::SeqCst);
        match out {
            Ok(Err(e)) if (overdue && e.status.is_server_error()) || e.code == "timeout" => {
                Err(ApiError::timeout(format!(
                    "the query ran past the {} s limit and was stopped; narrow it (a more \
                     specific search, fewer hops, a smaller page)",
                    self.timeout.as_secs_f64()
                )))
            }
            Ok(r) => r,
            Err(_) => Err(ApiError::internal("the request failed unexpectedly")),
        }
    }
}

/// Bytes of the database file a connection reads through a memory map.
const MMAP_BYTES: i64 = 1 << 30;

/// A pooled connection. On SQLite it reads the file through a memory map: every audit record
/// the server commits makes each connection drop its page cache at its next read, and pages
/// mapped from the operating system's cache come back without a read call and a copy each
/// (search: about a fifth less CPU per request under load, `bench/server/load.sh`). On
/// PostgreSQL every statement of the session is bounded by `timeout`.
fn open_store(path: &Path, timeout: Duration) -> kingpin_store::Result<AnyStore> {
    let location = path.to_str().unwrap_or_default();
    if is_postgres_url(location) {
        let mut store = AnyStore::open(location)?;
        store
            .sql()
            .batch(&format!(
                "SET statement_timeout = {}",
                timeout.as_millis().max(1)
            ))
            .map_err(|e| kingpin_store::StoreError::Config(e.to_string()))?;
        return Ok(store);
    }
    let store = SqliteStore::open(path)?;
    store
        .connection()
        .pragma_update(None, "mmap_size", MMAP_BYTES)?;
    Ok(AnyStore::Sqlite(store))
}

/// One call's connection, as its watchdog sees it.
#[derive(Default)]
struct Call {
    /// `Some` while the call runs on its connection; the lock orders finishing (after which
    /// the connection may serve someone else) against interrupting.
    handle: Mutex<Option<InterruptHandle>>,
    finished: AtomicBool,
    fired: AtomicBool,
}

impl Call {
    fn start(&self, store: &AnyStore) {
        // PostgreSQL bounds each statement itself (statement_timeout).
        if let Some(s) = store.as_sqlite() {
            *self.handle.lock().unwrap_or_else(|p| p.into_inner()) =
                Some(s.connection().get_interrupt_handle());
        }
    }

    fn finish(&self) {
        self.finished.store(true, Ordering::SeqCst);
        self.handle.lock().unwrap_or_else(|p| p.into_inner()).take();
    }

    /// Sleeps out the deadline, then interrupts the call's SQL until it finishes.
    async fn watch(self: Arc<Self>, timeout: Duration) {
        tokio::time::sleep(timeout).await;
        while !self.finished.load(Ordering::SeqCst) {
            if let Some(h) = &*self.handle.lock().unwrap_or_else(|p| p.into_inner()) {
                self.fired.store(true, Ordering::SeqCst);
                h.interrupt();
            }
            tokio::time::sleep(REINTERRUPT).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A query that would run for minutes.
    const ENDLESS: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
                           SELECT count(*) FROM n";

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_overdue_query_is_stopped_and_the_connection_serves_again() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path().join("k.db"), 1, Duration::from_millis(200)).unwrap();
        let t0 = std::time::Instant::now();
        let r = db
            .run(View::all(), |s| {
                Ok(s.connection()
                    .query_row(ENDLESS, [], |r| r.get::<_, i64>(0))?)
            })
            .await;
        let e = r.expect_err("the endless query must be stopped");
        assert_eq!((e.status.as_u16(), e.code), (503, "timeout"), "{e:?}");
        assert!(t0.elapsed() < Duration::from_secs(10), "{:?}", t0.elapsed());
        // The same (only) connection answers the next caller, and is not interrupted later.
        for _ in 0..3 {
            let n = db
                .run(View::all(), |s| {
                    std::thread::sleep(Duration::from_millis(100));
                    Ok(s.connection()
                        .query_row("SELECT count(*) FROM entity", [], |r| r.get::<_, i64>(0))?)
                })
                .await
                .unwrap();
            assert_eq!(n, 0);
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn errors_in_time_are_not_reported_as_timeouts() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path().join("k.db"), 2, Duration::from_secs(30)).unwrap();
        let e = db
            .run(View::all(), |s| {
                Ok(s.connection()
                    .query_row("SELECT * FROM no_such_table", [], |r| r.get::<_, i64>(0))?)
            })
            .await
            .unwrap_err();
        assert_eq!(e.code, "internal");
    }
}
