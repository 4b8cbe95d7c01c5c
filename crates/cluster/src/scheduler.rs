//! The scheduler: plans jobs into stages and hands their tasks to executors.

use crate::Result;
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use std::net::SocketAddr;
use std::sync::Arc;

/// Runs a scheduler listening on `listen` until the future is dropped or the server fails.
/// Its job and executor state is kept in memory: a restarted scheduler starts empty.
pub async fn run_scheduler(listen: SocketAddr) -> Result<()> {
    let mut config = SchedulerConfig::default()
        .with_hostname(listen.ip().to_string())
        .with_port(listen.port());
    config.bind_host = listen.ip().to_string();
    let config = Arc::new(config);
    let cluster = BallistaCluster::new_from_config(&config).await?;
    start_server(cluster, listen, config).await?;
    Ok(())
}
