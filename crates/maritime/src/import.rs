//! Equipment records into the store through the CSV importer and the shipped mappings.

use kingpin_ingest::{ImportError, ImportOptions, ImportReport, Mapping, csv_import::import_csv};
use kingpin_store::Store;
use std::path::Path;

/// The mapping for dealers' sales and customs records (`mappings/equipment.mapping.toml`).
pub const SALES_MAPPING: &str = include_str!("../mappings/equipment.mapping.toml");
/// The mapping for seizure reports (`mappings/seizures.mapping.toml`).
pub const SEIZURES_MAPPING: &str = include_str!("../mappings/seizures.mapping.toml");

/// Which kind of record a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Purchases and sales.
    Sales,
    /// Seizures.
    Seizures,
}

/// Imports one CSV file of `kind` with its shipped mapping, all or nothing.
pub fn import(
    store: &mut dyn Store,
    path: &Path,
    kind: Kind,
    opts: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let (text, name) = match kind {
        Kind::Sales => (SALES_MAPPING, "equipment.mapping.toml"),
        Kind::Seizures => (SEIZURES_MAPPING, "seizures.mapping.toml"),
    };
    let mapping = Mapping::parse(text, Path::new(name)).map_err(ImportError::from)?;
    import_csv(store, path, &mapping, opts, &mut |_| {})
}
