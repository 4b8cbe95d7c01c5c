//! Kingpin's importers and exporters.
//!
//! Imports stream their input and write through one store transaction each: a file is loaded
//! whole or not at all. Errors name the file, the line and the column or field.

mod error;
mod limit;
mod mapping;
mod xmlout;

pub mod anx;
pub mod chart;
pub mod csv_import;
pub mod ftm;
pub mod gexf;
pub mod graphml;
pub mod statements;

pub use error::{ImportError, Location};
pub use limit::DEFAULT_MAX_LINE_BYTES;
pub use mapping::{Mapping, MappingError};

/// What an import did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    /// The source as recorded in the store.
    pub source: kingpin_store::SourceInfo,
    /// Rows skipped into the rejects file (only with `skip_bad_rows`).
    pub rejected: u64,
}

/// Options shared by every importer.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Source name recorded on every statement; default from the mapping or the file name.
    pub source_name: Option<String>,
    /// Default grading; overrides the mapping's.
    pub grading: Option<kingpin_model::Grading>,
    /// Write bad rows to `rejects` instead of failing the import.
    pub skip_bad_rows: bool,
    /// Where rejected rows go (default: the input path with `.rejects.csv`).
    pub rejects: Option<std::path::PathBuf>,
    /// Longest line accepted, in bytes: longer is an error, so one bad line cannot eat memory.
    pub max_line_bytes: usize,
    /// The audit record committed in the import's own transaction, if the caller keeps one.
    pub audit: Option<kingpin_store::AuditEntry>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            source_name: None,
            grading: None,
            skip_bad_rows: false,
            rejects: None,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            audit: None,
        }
    }
}

/// Called with the number of input bytes consumed so far, for progress bars.
pub type Progress<'a> = &'a mut dyn FnMut(u64);

fn file_stem(path: &std::path::Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.split('.').next().unwrap_or(n).to_string())
        .unwrap_or_else(|| "import".into())
}

/// Commits an import, with its audit record when the options carry one (`rejected` rows are
/// added to the record's detail).
pub(crate) fn commit(
    writer: Box<dyn kingpin_store::Writer + '_>,
    rows: u64,
    rejected: u64,
    opts: &ImportOptions,
) -> kingpin_store::Result<kingpin_store::SourceInfo> {
    match &opts.audit {
        None => writer.commit(rows),
        Some(entry) => {
            let mut entry = entry.clone();
            if let serde_json::Value::Object(map) = &mut entry.detail {
                map.insert("rejected".into(), rejected.into());
            }
            writer.commit_audited(rows, &entry)
        }
    }
}
