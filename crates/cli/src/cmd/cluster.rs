//! `kingpin cluster`: the processes of an Apache Ballista cluster for the bulk-event analytics
//! (`kingpin events … --cluster host:port`).

use anyhow::Context;
use clap::Subcommand;
use kingpin_cluster::{ExecutorOptions, LocalCluster, run_scheduler};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// The cluster's processes.
#[derive(Subcommand)]
pub enum Command {
    /// Run a scheduler: it plans queries into stages and hands their tasks to executors.
    Scheduler {
        /// Address to listen on (gRPC, for clients and executors).
        #[arg(long, default_value = "127.0.0.1:50050")]
        listen: SocketAddr,
    },
    /// Run an executor: it runs tasks and serves their output to the other executors.
    Executor {
        /// The scheduler's address.
        #[arg(long, default_value = "127.0.0.1:50050")]
        scheduler: SocketAddr,
        /// Address of its Arrow Flight service; its gRPC service takes the next port.
        #[arg(long, default_value = "127.0.0.1:50051")]
        listen: SocketAddr,
        /// Directory for shuffle output (created if missing).
        #[arg(long)]
        work_dir: PathBuf,
        /// Tasks run at once (0: one per core).
        #[arg(long, default_value_t = 0)]
        cores: usize,
        /// Memory for its tasks in MiB; operators spill to the work directory past it.
        #[arg(long)]
        memory_mb: Option<u64>,
    },
    /// Run a scheduler and executors in this process on free loopback ports, until Ctrl-C.
    Local {
        /// Executors to start.
        #[arg(long, default_value_t = 2)]
        executors: usize,
        /// Directory for the executors' shuffle output (default: a temporary directory).
        #[arg(long)]
        work_dir: Option<PathBuf>,
    },
}

/// Runs a `kingpin cluster` command until it is stopped.
pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        match cmd {
            Command::Scheduler { listen } => {
                eprintln!("scheduler listening on {listen}");
                tokio::select! {
                    r = run_scheduler(listen) => r?,
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Command::Executor {
                scheduler,
                listen,
                work_dir,
                cores,
                memory_mb,
            } => {
                std::fs::create_dir_all(&work_dir)
                    .with_context(|| format!("creating {}", work_dir.display()))?;
                let executor = ExecutorOptions {
                    scheduler,
                    host: listen.ip(),
                    port: listen.port(),
                    work_dir,
                    cores,
                    memory: memory_mb.map(|m| m << 20),
                }
                .start()?;
                while !executor.is_ready() {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                eprintln!("executor ready on {listen}, scheduler {scheduler}");
                tokio::select! {
                    r = executor.wait() => r?,
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Command::Local {
                executors,
                work_dir,
            } => {
                let tmp;
                let work = match work_dir {
                    Some(d) => d,
                    None => {
                        tmp = tempfile::tempdir()?;
                        tmp.path().to_path_buf()
                    }
                };
                let cluster = LocalCluster::start(executors, &work).await?;
                eprintln!(
                    "cluster ready: scheduler {} with {executors} executors; \
                     pass --cluster {} to `kingpin events`; Ctrl-C stops it",
                    cluster.scheduler(),
                    cluster.scheduler()
                );
                tokio::signal::ctrl_c().await?;
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
