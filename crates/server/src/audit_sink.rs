//! Audit records of API requests, written by one thread in batches (one transaction for many
//! records), so concurrent readers do not queue for SQLite's write lock one by one. A request
//! is answered only after its record is committed.

use kingpin_audit::{Actor, AuditLog};
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
    /// Starts the writer thread on its own connection to `path`.
    pub fn start(path: &Path) -> anyhow::Result<AuditSink> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        kingpin_audit::ensure_tables(&conn)?;
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

fn write_batch(conn: &Connection, log: &AuditLog<'_>, jobs: &[Job]) -> Result<(), String> {
    conn.execute_batch("BEGIN IMMEDIATE")
        .map_err(|e| e.to_string())?;
    for j in jobs {
        if let Err(e) = log.append(&j.who, &j.action, &j.target, &j.detail) {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e.to_string());
        }
    }
    conn.execute_batch("COMMIT").map_err(|e| {
        let _ = conn.execute_batch("ROLLBACK");
        e.to_string()
    })
}

/// Least time from one commit to the next while requests are concurrent (the last commit
/// carried more than one record). Every commit makes each pooled reader connection drop its
/// page cache, so under load records are gathered into fewer, larger commits; a lone client's
/// record is committed at once.
const COMMIT_GAP: Duration = Duration::from_millis(4);

fn run(conn: Connection, rx: mpsc::Receiver<Job>) {
    // Opened once: its statements stay prepared from one batch to the next.
    let log = AuditLog::open(&conn).map_err(|e| e.to_string());
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
        let result = match &log {
            Ok(log) => write_batch(&conn, log, &jobs),
            Err(e) => Err(e.clone()),
        };
        busy_since = (jobs.len() > 1).then(Instant::now);
        for j in jobs {
            let _ = j.done.send(result.clone());
        }
    }
}
