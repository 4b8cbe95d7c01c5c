//! Import errors that say where the problem is.

use std::fmt;
use std::path::PathBuf;

/// A place in an input file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// 1-based line, if known.
    pub line: Option<u64>,
    /// Column name (CSV) or field/property (JSON), if known.
    pub field: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(c) = &self.field {
            write!(f, ", {c}")?;
        }
        Ok(())
    }
}

/// Why an import stopped. Nothing of the file was kept.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Bad input at a known place.
    #[error("{at}: {message}")]
    Input {
        /// Where.
        at: Location,
        /// What is wrong, in plain words.
        message: String,
    },
    /// A line longer than the limit: the rest of the file cannot be trusted to be records.
    #[error(
        "{at}: the line is longer than {max} bytes (raise the limit with --max-line-bytes if it is genuine)"
    )]
    LineTooLong {
        /// Where.
        at: Location,
        /// The limit in bytes.
        max: usize,
    },
    /// The mapping file is wrong.
    #[error("{0}")]
    Mapping(#[from] crate::mapping::MappingError),
    /// The store refused a write.
    #[error("{at}: {source}")]
    Store {
        /// The record being written.
        at: Location,
        /// The store error (boxed: it is large and rare).
        source: Box<kingpin_store::StoreError>,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl ImportError {
    /// An input error at a place.
    pub fn input(at: Location, message: impl Into<String>) -> Self {
        ImportError::Input {
            at,
            message: message.into(),
        }
    }

    /// A store error while writing the record at `at`.
    pub fn store(at: Location, source: kingpin_store::StoreError) -> Self {
        ImportError::Store {
            at,
            source: Box::new(source),
        }
    }

    /// Where the error is, if it is tied to a place in the input.
    pub fn location(&self) -> Option<&Location> {
        match self {
            ImportError::Input { at, .. }
            | ImportError::Store { at, .. }
            | ImportError::LineTooLong { at, .. } => Some(at),
            _ => None,
        }
    }
}
