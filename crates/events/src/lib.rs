//! Bulk events for Kingpin: calls, payments and cell-site records as month-partitioned Parquet,
//! and the analytics that scan all of them (person edges, call patterns, co-location, time
//! windows) as Apache DataFusion queries.
//!
//! - [`bench`]: the events benchmark (generate, project with DataFusion, rank).
//! - [`compare`]: DataFusion's person edges against the in-memory projection's.
//! - [`write`]: atomic, partitioned Parquet output with bounded memory.
//! - [`export`]: from the entity store, with the person map from the graph projection.
//! - [`generate`]: synthetic events at scale (a seeded network of organisers, lieutenants,
//!   low-level members and burners).
//! - [`tables`]: schemas, and registration of a directory with a session.
//! - [`queries`]: the queries, each a function of a session.
//! - [`output`]: results as text tables or JSON.

pub mod bench;
pub mod compare;
pub mod export;
pub mod generate;
pub mod output;
pub mod queries;
pub mod tables;
pub mod write;

use std::path::Path;
use std::sync::Arc;

pub use datafusion;
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};
pub use queries::Window;

/// Default memory for a session's operators: joins and aggregations spill to disk past it.
pub const DEFAULT_MEMORY: usize = 4 << 30;

/// A local session whose operators share `memory` bytes fairly and spill to `spill_dir` (the
/// system's temporary directory when `None`) beyond it.
pub fn session(memory: usize, spill_dir: Option<&Path>) -> anyhow::Result<SessionContext> {
    let disk = match spill_dir {
        Some(d) => DiskManagerBuilder::default()
            .with_mode(DiskManagerMode::Directories(vec![d.to_path_buf()])),
        None => DiskManagerBuilder::default(),
    };
    let runtime = RuntimeEnvBuilder::new()
        .with_memory_pool(Arc::new(FairSpillPool::new(memory)))
        .with_disk_manager_builder(disk)
        .build_arc()?;
    let config = SessionConfig::new().with_information_schema(false);
    Ok(SessionContext::new_with_config_rt(config, runtime))
}

/// A Tokio runtime for running the queries from synchronous code (the CLI, tests).
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
