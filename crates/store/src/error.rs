//! Store errors.

use kingpin_model::ModelError;

/// Anything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused an operation.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A write contradicts the model (e.g. one id given two unrelated schemata).
    #[error("entity {id}: {source}")]
    Model {
        /// Entity id.
        id: String,
        /// The model error.
        source: ModelError,
    },
    /// The database was written by a newer Kingpin.
    #[error("database schema version {found} is newer than this program's {supported}")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Latest version this program knows.
        supported: i64,
    },
    /// Spilling an import's sorted links to a temporary file failed.
    #[error("temporary file for sorting links: {0}")]
    Spill(std::io::Error),
    /// An import met more entities or link properties than the store can number.
    #[error("the store cannot number more entities or link properties")]
    Full,
    /// The audit log refused the import's record.
    #[error(transparent)]
    Audit(#[from] kingpin_audit::AuditError),
    /// PostgreSQL refused an operation or could not be reached.
    #[cfg(feature = "postgres")]
    #[error("postgres: {}", pg_message(.0))]
    Postgres(#[from] postgres::Error),
    /// A store setting is invalid (e.g. a schema name).
    #[error("{0}")]
    Config(String),
    /// A caller's callback (e.g. writing an export) failed while streaming.
    #[error("{0}")]
    Callback(Box<dyn std::error::Error + Send + Sync>),
}

/// The server's own words (e.g. "deadlock detected", with its detail) rather than the client's
/// bare "db error".
#[cfg(feature = "postgres")]
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut m = format!("{} ({})", db.message(), db.code().code());
            if let Some(detail) = db.detail() {
                m.push_str(": ");
                m.push_str(detail);
            }
            m
        }
        None => match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    }
}
