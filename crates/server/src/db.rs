//! A pool of store connections used from blocking tasks, each request reading through its view,
//! and each call bounded in time: past its deadline, the SQLite work it does is interrupted.

use crate::api::error::ApiError;
use kingpin_store::{SqliteStore, View};
use rusqlite::InterruptHandle;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Store connections on one database file.
pub struct Db {
    path: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
    permits: Semaphore,
    timeout: Duration,
}

/// How often an overdue call is interrupted again: one interrupt stops only the SQL statements
/// running at that instant, and a handler may go on to start others.
const REINTERRUPT: Duration = Duration::from_millis(50);

impl Db {
    /// A pool of at most `size` connections, opened on demand, whose calls may each take
    /// `timeout`; checks the file opens now.
    pub fn open(path: PathBuf, size: usize, timeout: Duration) -> anyhow::Result<Arc<Db>> {
        let first = open_reader(&path)?;
        crate::tables::ensure(first.connection())?;
        kingpin_audit::ensure_tables(first.connection())?;
        Ok(Arc::new(Db {
            path,
            idle: Mutex::new(vec![first]),
            permits: Semaphore::new(size.max(1)),
            timeout,
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
            None => open_reader(&self.path).map_err(ApiError::from),
        }
    }

    /// Runs `f` on a blocking thread with a connection that reads through `view`. The view is
    /// set afresh for every call, and a connection whose call panicked is dropped, not reused.
    /// A call still running after the pool's timeout has its SQL interrupted and answers 503
    /// `timeout`.
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
        let call = Arc::new(Call::default());
        let watchdog = tokio::spawn(call.clone().watch(self.timeout));
        let running = call.clone();
        let out = tokio::task::spawn_blocking(move || {
            let mut store = db.take()?;
            running.start(&store);
            store.set_view(view);
            let out = f(&mut store);
            running.finish();
            // A connection goes back seeing nothing, so no later caller inherits a view.
            store.set_view(View::sources(Vec::new()));
            db.idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(store);
            out
        })
        .await;
        // A call that panicked never finished; its connection was dropped with it.
        call.finish();
        watchdog.abort();
        let overdue = call.fired.load(Ordering::SeqCst);
        match out {
            Ok(Err(e)) if overdue && e.status.is_server_error() => Err(ApiError::timeout(format!(
                "the query ran past the {} s limit and was stopped; narrow it (a more specific \
                 search, fewer hops, a smaller page)",
                self.timeout.as_secs_f64()
            ))),
            Ok(r) => r,
            Err(_) => Err(ApiError::internal("the request failed unexpectedly")),
        }
    }
}

/// Bytes of the database file a connection reads through a memory map.
const MMAP_BYTES: i64 = 1 << 30;

/// A pooled connection. It reads the file through a memory map: every audit record the
/// server commits makes each connection drop its page cache at its next read, and pages
/// mapped from the operating system's cache come back without a read call and a copy each
/// (search: about a fifth less CPU per request under load, `bench/server/load.sh`).
fn open_reader(path: &std::path::Path) -> kingpin_store::Result<SqliteStore> {
    let store = SqliteStore::open(path)?;
    store
        .connection()
        .pragma_update(None, "mmap_size", MMAP_BYTES)?;
    Ok(store)
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
    fn start(&self, store: &SqliteStore) {
        *self.handle.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(store.connection().get_interrupt_handle());
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
