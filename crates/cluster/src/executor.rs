//! An executor: polls the scheduler for tasks, runs them, and serves its shuffle output to the
//! other executors over Arrow Flight.

use crate::{ClusterError, Result};
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_executor::health::ExecutorHealth;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

/// How to run one executor.
#[derive(Clone, Debug)]
pub struct ExecutorOptions {
    /// The scheduler's gRPC address.
    pub scheduler: SocketAddr,
    /// Address the executor listens on, and advertises to the scheduler and other executors.
    pub host: IpAddr,
    /// Port of its Arrow Flight service (shuffle reads); its gRPC service takes the next one.
    pub port: u16,
    /// Where shuffle output is written; it must exist.
    pub work_dir: PathBuf,
    /// Tasks run at once (0: one per core).
    pub cores: usize,
    /// Memory for its tasks, shared among them, in bytes; operators spill past it (`None`: a
    /// share of the machine's memory, as Ballista decides).
    pub memory: Option<u64>,
}

/// A running executor.
pub struct Executor {
    health: ExecutorHealth,
    task: tokio::task::JoinHandle<Result<()>>,
}

impl ExecutorOptions {
    fn config(&self, health: ExecutorHealth) -> Result<ExecutorProcessConfig> {
        let work_dir = self.work_dir.to_str().ok_or_else(|| {
            ClusterError::Address(format!(
                "executor work directory {} is not UTF-8",
                self.work_dir.display()
            ))
        })?;
        let grpc_port = self.port.checked_add(1).ok_or_else(|| {
            ClusterError::Address(format!(
                "executor port {} leaves no room for gRPC",
                self.port
            ))
        })?;
        Ok(ExecutorProcessConfig {
            bind_host: self.host.to_string(),
            external_host: Some(self.host.to_string()),
            port: self.port,
            grpc_port,
            scheduler_host: self.scheduler.ip().to_string(),
            scheduler_port: self.scheduler.port(),
            // Keep retrying while a scheduler started at the same moment comes up.
            scheduler_connect_timeout_seconds: 30,
            vcores: self.cores,
            work_dir: Some(work_dir.to_string()),
            memory_pool_size: self.memory,
            special_mod_log_level: "WARN".into(),
            print_thread_info: false,
            health,
            ..Default::default()
        })
    }

    /// Starts the executor on the current Tokio runtime.
    pub fn start(&self) -> Result<Executor> {
        let health = ExecutorHealth::new();
        let config = Arc::new(self.config(health.clone())?);
        let task = tokio::spawn(async move {
            start_executor_process(config).await?;
            Ok(())
        });
        Ok(Executor { health, task })
    }
}

impl Executor {
    /// Whether the executor has reached the scheduler (its last poll or heartbeat succeeded).
    pub fn is_ready(&self) -> bool {
        self.health.is_ready()
    }

    /// Waits until the executor stops; it runs until the process ends unless it fails.
    pub async fn wait(self) -> Result<()> {
        match self.task.await {
            Ok(r) => r,
            Err(e) => Err(ClusterError::Address(format!("executor task failed: {e}"))),
        }
    }

    /// Stops the executor's task (its servers close with the runtime).
    pub fn abort(&self) {
        self.task.abort();
    }
}
