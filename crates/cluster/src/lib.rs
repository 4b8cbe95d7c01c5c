//! Kingpin on an Apache Ballista cluster: the scheduler and executor processes (`kingpin cluster
//! scheduler|executor`), a whole cluster inside one process for tests and demos
//! ([`LocalCluster`]), and [`connect`], which gives a DataFusion `SessionContext` whose plans
//! run on the cluster. The bulk-event analytics (`kingpin-events`) take any `SessionContext`,
//! so the same plans run on one machine or on the cluster.
//!
//! Invariant: nothing here registers functions, table providers or codecs of its own: the
//! executors run stock DataFusion plans, so a plan that runs locally runs on the cluster.

mod error;
mod executor;
mod local;
mod scheduler;
mod session;

pub use error::{ClusterError, Result};
pub use executor::{Executor, ExecutorOptions};
pub use local::LocalCluster;
pub use scheduler::run_scheduler;
pub use session::{connect, scheduler_url};
