//! A whole cluster in one process: a scheduler and executors on free loopback ports, for tests
//! and for trying the cluster path on a laptop (`kingpin cluster local`).

use crate::{ClusterError, Executor, ExecutorOptions, Result, run_scheduler};
use datafusion::prelude::SessionContext;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::time::{Duration, Instant};

/// A scheduler and its executors, running on the current Tokio runtime until dropped.
pub struct LocalCluster {
    scheduler: SocketAddr,
    scheduler_task: tokio::task::JoinHandle<Result<()>>,
    executors: Vec<Executor>,
}

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// How long executors may take to reach a scheduler started with them.
const READY_WITHIN: Duration = Duration::from_secs(60);

impl LocalCluster {
    /// Starts a scheduler and `executors` executors (one task slot each, so a query's tasks
    /// are spread over them), with work directories under `work_root`, and waits until every
    /// executor has reached the scheduler.
    pub async fn start(executors: usize, work_root: &Path) -> Result<LocalCluster> {
        let scheduler = SocketAddr::new(LOOPBACK, free_ports(1)?);
        let scheduler_task = tokio::spawn(run_scheduler(scheduler));
        let mut started = Vec::with_capacity(executors);
        for i in 0..executors {
            let work_dir = work_root.join(format!("executor-{i}"));
            std::fs::create_dir_all(&work_dir)
                .map_err(|e| ClusterError::io(format!("creating {}", work_dir.display()), e))?;
            let options = ExecutorOptions {
                scheduler,
                host: LOOPBACK,
                port: free_ports(2)?,
                work_dir,
                cores: 1,
                memory: None,
            };
            started.push(options.start()?);
        }
        let cluster = LocalCluster {
            scheduler,
            scheduler_task,
            executors: started,
        };
        cluster.wait_ready(READY_WITHIN).await?;
        Ok(cluster)
    }

    async fn wait_ready(&self, within: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            let ready = self.executors.iter().filter(|e| e.is_ready()).count();
            if ready == self.executors.len() {
                return Ok(());
            }
            if self.scheduler_task.is_finished() || start.elapsed() > within {
                return Err(ClusterError::NotReady {
                    ready,
                    wanted: self.executors.len(),
                    secs: start.elapsed().as_secs(),
                    scheduler: self.scheduler.to_string(),
                });
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The scheduler's address.
    pub fn scheduler(&self) -> SocketAddr {
        self.scheduler
    }

    /// A session whose plans run on this cluster.
    pub async fn connect(&self) -> Result<SessionContext> {
        crate::connect(&self.scheduler.to_string()).await
    }
}

impl Drop for LocalCluster {
    fn drop(&mut self) {
        for e in &self.executors {
            e.abort();
        }
        self.scheduler_task.abort();
    }
}

/// The first of `n` consecutive loopback ports that were free a moment ago (another process
/// may still take them before they are bound again; the cluster then fails to start, loudly).
pub(crate) fn free_ports(n: u16) -> Result<u16> {
    for _ in 0..100 {
        let first = TcpListener::bind((LOOPBACK, 0))
            .map_err(|e| ClusterError::io("finding a free port", e))?;
        let port = first
            .local_addr()
            .map_err(|e| ClusterError::io("finding a free port", e))?
            .port();
        let rest_free = (1..n).all(|k| {
            port.checked_add(k)
                .is_some_and(|p| TcpListener::bind((LOOPBACK, p)).is_ok())
        });
        if rest_free {
            return Ok(port);
        }
    }
    Err(ClusterError::Address(format!(
        "found no {n} consecutive free loopback ports"
    )))
}
