//! Audit records of API requests, written by one thread in batches (one transaction for many
//! records), so concurrent readers do not queue for SQLite's write lock one by one. A request
//! is answered only after its record is committed. On PostgreSQL the records join the store's
//! chain (the same tables its imports append to).

use kingpin_audit::Actor;
use kingpin_sql::Conn;
use rusqlite::Connection;
use std::path::Path;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

struct Job {
    who: Actor,
    action: String,
    target: String,
    detail: serde_json::Value,
    done: oneshot::Sender<Result<(), String>>,
}

/// Records appended per transaction at most.
const BATCH: usize = 512;

/// The audit writer thread's handle.
pub struct AuditSink {
    tx: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl AuditSink {
    /// Starts the writer thread on its own connection to `path` (a file or a `postgres://`
    /// URL).
    pub fn start(path: &Path) -> anyhow::Result<AuditSink> {
        let location = path.to_str().unwrap_or_default();
        let conn = if kingpin_store::is_postgres_url(location) {
            Owned::Pg(postgres::Client::connect(location, postgres::NoTls)?)
        } else {
            let conn = Connection::open(path)?;
            conn.busy_timeout(std::time::Duration::from_secs(30))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            kingpin_audit::ensure_tables(&conn)?;
            Owned::Sqlite(conn)
        };
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("audit".into())
            .spawn(move || run(conn, rx))?;
        Ok(AuditSink {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Appends a record and waits until it is committed.
    pub async fn record(
        &self,
        who: Actor,
        action: String,
        target: String,
        detail: serde_json::Value,
    ) -> Result<(), String> {
        let (done, wait) = oneshot::channel();
        let job = Job {
            who,
            action,
            target,
            detail,
            done,
        };
        self.tx
            .as_ref()
            .ok_or("audit log closed")?
            .send(job)
            .map_err(|_| "audit log closed".to_string())?;
        wait.await.map_err(|_| "audit writer stopped".to_string())?
    }

    /// Stops taking records, writes those queued, and waits for the thread.
    pub fn close(&mut self) {
        self.tx.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for AuditSink {
    fn drop(&mut self) {
        self.close();
    }
}

/// The writer's own connection.
enum Owned {
    Sqlite(Connection),
    Pg(postgres::Client),
}

impl Owned {
    fn conn(&mut self) -> Conn<'_> {
        match self {
            Owned::Sqlite(c) => Conn::Sqlite(c),
            Owned::Pg(c) => Conn::Pg(c),
        }
    }
}

fn write_batch(conn: &mut Conn<'_>, jobs: &[Job]) -> Result<(), String> {
    conn.transaction(|tx| {
        for j in jobs {
            kingpin_audit::append(tx, &j.who, &j.action, &j.target, &j.detail)?;
        }
        Ok::<_, kingpin_audit::AuditError>(())
    })
    .map_err(|e| e.to_string())
}

/// Least time from one commit to the next while requests are concurrent (the last commit
/// carried more than one record). Every commit makes each pooled reader connection drop its
/// page cache, so under load records are gathered into fewer, larger commits; a lone client's
/// record is committed at once.
const COMMIT_GAP: Duration = Duration::from_millis(4);

fn run(mut conn: Owned, rx: mpsc::Receiver<Job>) {
    // When the last commit happened, if it carried more than one record.
    let mut busy_since: Option<Instant> = None;
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        let until = busy_since.map(|t| t + COMMIT_GAP);
        while jobs.len() < BATCH {
            let next = match until.map(|u| u.saturating_duration_since(Instant::now())) {
                Some(wait) if !wait.is_zero() => rx.recv_timeout(wait).ok(),
                _ => rx.try_recv().ok(),
            };
            match next {
                Some(j) => jobs.push(j),
                None => break,
            }
        }
        let result = write_batch(&mut conn.conn(), &jobs);
        busy_since = (jobs.len() > 1).then(Instant::now);
        for j in jobs {
            let _ = j.done.send(result.clone());
        }
    }
}
