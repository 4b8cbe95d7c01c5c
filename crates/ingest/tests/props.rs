//! Property tests: the importers never panic on arbitrary input, and a failed import leaves
//! the store exactly as it was.

use kingpin_ingest::csv_import::import_csv;
use kingpin_ingest::ftm::import_ftm;
use kingpin_ingest::{ImportOptions, Mapping};
use kingpin_store::{SqliteStore, Store};
use proptest::prelude::*;
use std::path::Path;

const MAPPING: &str = r#"
[entities.p]
schema = "Phone"
[entities.p.properties]
number = { column = "n" }
[entities.c]
schema = "Call"
keys = ["id"]
[entities.c.properties]
caller = { entity = "p" }
startDate = { column = "d" }
duration = { column = "s" }
"#;

fn counts(s: &SqliteStore) -> (u64, u64, u64) {
    let st = s.stats().unwrap();
    (st.entities, st.statements, st.sources)
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9,\" \\n:{}\\[\\]+-]{0,60}",
        Just("{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}".to_string()),
        Just("id,n,d,s".to_string()),
        Just("1,+447700900123,2024-01-01,5".to_string()),
        Just("2,+4477,2024-13-01,x".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn ftm_import_never_panics(lines in proptest::collection::vec(line(), 0..6), junk in proptest::collection::vec(any::<u8>(), 0..16)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        let mut bytes = lines.join("\n").into_bytes();
        bytes.extend(junk);
        std::fs::write(&path, &bytes).unwrap();
        let mut s = SqliteStore::in_memory().unwrap();
        let before = counts(&s);
        if import_ftm(&mut s, &path, &ImportOptions::default(), &mut |_| {}).is_err() {
            prop_assert_eq!(counts(&s), before);
        }
    }

    #[test]
    fn csv_import_never_panics(lines in proptest::collection::vec(line(), 0..6), junk in proptest::collection::vec(any::<u8>(), 0..16)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        let mut bytes = format!("id,n,d,s\n{}", lines.join("\n")).into_bytes();
        bytes.extend(junk);
        std::fs::write(&path, &bytes).unwrap();
        let mapping = Mapping::parse(MAPPING, Path::new("m.toml")).unwrap();
        let mut s = SqliteStore::in_memory().unwrap();
        let before = counts(&s);
        if import_csv(&mut s, &path, &mapping, &ImportOptions::default(), &mut |_| {}).is_err() {
            prop_assert_eq!(counts(&s), before);
        }
    }

    #[test]
    fn mapping_parser_never_panics(text in "\\PC{0,200}") {
        let _ = Mapping::parse(&text, Path::new("m.toml"));
    }
}
