//! Travel-document examinations beyond the MRZ: cross-checks against everything the platform
//! knows, the examination recorded as entities, and the labs' shared register.
//!
//! `kingpin-docverify` says whether an MRZ is well formed; this crate asks what a forger who
//! got every check digit right cannot hide: the same number seen with another holder, a
//! number on a lost/stolen list, a visual zone that disagrees with the MRZ, a document used
//! after it expired, a holder who matches a known network member.

mod crosscheck;
mod names;
mod record;
mod register;

pub use crosscheck::{CrossFinding, Evidence, Examination, Level, Outcome, VisualZone, examine};
pub use names::same_name;
pub use record::{Recorded, record};
pub use register::{RegisterQuery, RegisterRow, register};

/// What went wrong reading or writing the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] kingpin_store::StoreError),
    /// A value did not fit the model.
    #[error("{0}")]
    Model(String),
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
