//! What can go wrong starting or reaching a cluster.

/// A cluster error.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// Ballista's scheduler or executor failed.
    #[error("ballista: {0}")]
    Ballista(#[from] ballista_core::error::BallistaError),
    /// A query or the session failed.
    #[error("datafusion: {0}")]
    DataFusion(#[from] datafusion::error::DataFusionError),
    /// A file or socket could not be used.
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    /// An address or URL that does not parse.
    #[error("{0}")]
    Address(String),
    /// Executors that never reported to the scheduler.
    #[error(
        "{ready} of {wanted} executors were ready after {secs} s (is the scheduler at {scheduler} running?)"
    )]
    NotReady {
        ready: usize,
        wanted: usize,
        secs: u64,
        scheduler: String,
    },
}

/// A result whose error is a [`ClusterError`].
pub type Result<T> = std::result::Result<T, ClusterError>;

impl ClusterError {
    pub(crate) fn io(what: impl Into<String>, source: std::io::Error) -> Self {
        ClusterError::Io {
            what: what.into(),
            source,
        }
    }
}
