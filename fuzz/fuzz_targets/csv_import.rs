//! Fuzzes a whole CSV import through a mapping into an in-memory store: any file content, no
//! panic, and a failed import leaves the store empty.
#![no_main]

use kingpin_ingest::{ImportOptions, Mapping, csv_import::import_csv};
use kingpin_store::{SqliteStore, Store};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const MAPPING: &str = r#"
[source]
grading_column = "g"
[entities.p]
schema = "Phone"
[entities.p.properties]
number = { column = "n" }
[entities.c]
schema = "Call"
keys = ["id"]
[entities.c.properties]
caller = { entity = "p" }
startDate = { column = "d", format = "%d/%m/%Y %H:%M" }
duration = { column = "s" }
"#;

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("kingpin-fuzz-{}.csv", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let mapping = Mapping::parse(MAPPING, Path::new("fuzz.toml")).expect("valid mapping");
    let mut store = SqliteStore::in_memory().expect("store");
    let opts = ImportOptions { max_line_bytes: 4096, ..Default::default() };
    if import_csv(&mut store, &path, &mapping, &opts, &mut |_| {}).is_err() {
        assert_eq!(store.stats().expect("stats").entities, 0);
    }
});
