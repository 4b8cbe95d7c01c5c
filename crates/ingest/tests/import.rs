//! Importers end to end: round trips, mappings, and bad input leaving the database unchanged.

use kingpin_ingest::csv_import::import_csv;
use kingpin_ingest::ftm::{export_ftm, import_ftm};
use kingpin_ingest::graphml::export_graphml;
use kingpin_ingest::statements::export_statements;
use kingpin_ingest::{ImportError, ImportOptions, Mapping};
use kingpin_store::{SqliteStore, Store};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every row of every table, sorted: two equal dumps mean two equal databases.
fn dump(s: &SqliteStore) -> Vec<String> {
    s.content_listing().unwrap()
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

const FTM: &str = r#"{"id":"p-ahmed","schema":"Person","properties":{"alias":["Abu Karwan"],"birthDate":["1988"],"name":["Ahmed K."],"nationality":["iq"],"phone":["+447700900123"]}}
{"id":"phone-1","schema":"Phone","properties":{"number":["+447700900123"]}}
{"id":"acct-tt","schema":"SocialAccount","properties":{"owner":["p-ahmed"],"service":["TikTok"],"username":["@boat_uk_trips"]}}
{"id":"call-1","schema":"Call","properties":{"caller":["phone-1"],"date":["2024-03-05T22:14:00"],"duration":["184"],"receiver":["phone-2"]}}
{"id":"phone-2","schema":"Phone","properties":{"number":["+905551112233"]}}
{"id":"pay-1","schema":"Payment","properties":{"amount":["4500"],"beneficiary":["c-xyz"],"currency":["EUR"],"date":["2024-03-06"],"payer":["p-ahmed"],"purpose":["dinghy + engine"]}}
{"id":"c-xyz","schema":"Company","properties":{"jurisdiction":["tr"],"name":["XYZ Marine Ltd"]}}
"#;

fn parse_lines(text: &str) -> Vec<Value> {
    let mut v: Vec<Value> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    v.sort_by_key(|e| e["id"].as_str().unwrap().to_string());
    v
}

#[test]
fn ftm_round_trip_is_equal() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.jsonl", FTM);
    let mut store = SqliteStore::in_memory().unwrap();
    let rep = import_ftm(&mut store, &input, &ImportOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(rep.source.rows, 7);
    let mut out = Vec::new();
    export_ftm(&store, &mut out, false).unwrap();
    assert_eq!(
        parse_lines(&String::from_utf8(out).unwrap()),
        parse_lines(FTM)
    );
}

#[test]
fn fragments_keep_grading_through_a_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.jsonl",
        "{\"id\":\"p1\",\"schema\":\"Person\",\"grading\":\"1AP\",\"properties\":{\"name\":[\"Rebaz\"]}}\n\
         {\"id\":\"p1\",\"schema\":\"Person\",\"grading\":\"3EC\",\"recorded\":\"2024-01-02\",\"properties\":{\"alias\":[\"Abu Rebaz\"]}}\n",
    );
    let mut a = SqliteStore::in_memory().unwrap();
    import_ftm(&mut a, &input, &ImportOptions::default(), &mut |_| {}).unwrap();
    let mut out = Vec::new();
    export_ftm(&a, &mut out, true).unwrap();
    let frag = write(dir.path(), "frag.jsonl", &out);
    let mut b = SqliteStore::in_memory().unwrap();
    import_ftm(&mut b, &frag, &ImportOptions::default(), &mut |_| {}).unwrap();
    let p = b.entity("p1").unwrap().unwrap();
    let alias = p.statements.iter().find(|s| s.prop == "alias").unwrap();
    assert_eq!(alias.prov.grading.to_string(), "3EC");
    assert_eq!(alias.prov.recorded.as_deref(), Some("2024-01-02"));
    let name = p.statements.iter().find(|s| s.prop == "name").unwrap();
    assert_eq!(name.prov.grading.to_string(), "1AP");
}

const CDR_MAPPING: &str = r#"
[source]
name = "cdr-a"
kind = "cdr"
grading = "1A P"
grading_column = "grade"

[entities.caller]
schema = "Phone"
[entities.caller.properties]
number = { column = "from" }

[entities.callee]
schema = "Phone"
[entities.callee.properties]
number = { column = "to" }

[entities.call]
schema = "Call"
keys = ["id"]
[entities.call.properties]
caller = { entity = "caller" }
receiver = { entity = "callee" }
startDate = { column = "start", format = "%d/%m/%Y %H:%M:%S" }
duration = { column = "secs" }
"#;

const CDR: &str = "id,start,secs,from,to,grade\n\
c1,05/03/2024 22:14:00,184,+447700900123,00964 750 111 2222,\n\
c2,06/03/2024 09:00:05,20,+447700900123,+9647501112222,2BC\n\
c3,06/03/2024 10:00:00,31,,+9647501112222,\n";

fn setup() -> (tempfile::TempDir, PathBuf, Mapping) {
    let dir = tempfile::tempdir().unwrap();
    let m = write(dir.path(), "cdr.mapping.toml", CDR_MAPPING);
    let mapping = Mapping::load(&m).unwrap();
    (dir, m, mapping)
}

#[test]
fn csv_mapping_import_builds_the_graph() {
    let (dir, _, mapping) = setup();
    let csv = write(dir.path(), "cdr.csv", CDR);
    let mut s = SqliteStore::in_memory().unwrap();
    let rep = import_csv(
        &mut s,
        &csv,
        &mapping,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(rep.source.rows, 3);
    assert_eq!(rep.source.name, "cdr-a");
    // Both spellings of the Iraqi number are one entity, by its natural key.
    let phone = s.entity("phone-+9647501112222").unwrap().unwrap();
    assert_eq!(phone.schema, "Phone");
    let calls = s
        .neighbours("phone-+9647501112222", &Default::default())
        .unwrap();
    assert_eq!(calls.len(), 3);
    let mut ids = Vec::new();
    s.for_each_entity(Some("Call"), &mut |e| {
        ids.push(e.clone());
        Ok(())
    })
    .unwrap();
    assert_eq!(ids.len(), 3);
    let c1 = ids
        .iter()
        .find(|e| e.first("duration") == Some("184"))
        .unwrap();
    assert_eq!(c1.first("startDate"), Some("2024-03-05T22:14:00"));
    assert_eq!(c1.statements[0].prov.grading.to_string(), "1AP");
    let c2 = ids
        .iter()
        .find(|e| e.first("duration") == Some("20"))
        .unwrap();
    assert_eq!(
        c2.statements[0].prov.grading.to_string(),
        "2BC",
        "per-row grading column"
    );
    let c3 = ids
        .iter()
        .find(|e| e.first("duration") == Some("31"))
        .unwrap();
    assert!(c3.first("caller").is_none(), "empty caller: no reference");
}

/// Imports `content` as cdr.csv into a store already holding data; the import must fail with
/// a message naming `expect` and the store must be exactly as before.
fn fails_unchanged(content: &[u8], expect: &[&str]) -> ImportError {
    let (dir, _, mapping) = setup();
    let path = dir.path().join("store.db");
    let mut s = SqliteStore::open(&path).unwrap();
    let good = write(dir.path(), "good.csv", CDR);
    import_csv(
        &mut s,
        &good,
        &mapping,
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let before = dump(&s);
    let bad = write(dir.path(), "bad.csv", content);
    let opts = ImportOptions {
        max_line_bytes: 1 << 20,
        ..Default::default()
    };
    let err = import_csv(&mut s, &bad, &mapping, &opts, &mut |_| {}).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("bad.csv"), "names the file: {msg}");
    for e in expect {
        assert!(msg.contains(e), "{msg:?} should contain {e:?}");
    }
    drop(s);
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(
        dump(&s),
        before,
        "database changed after a failed import: {msg}"
    );
    err
}

#[test]
fn malformed_row_is_located_and_nothing_is_kept() {
    let mut csv = CDR.to_string();
    csv.push_str("c4,06/03/2024 10:00:00,31\n");
    fails_unchanged(csv.as_bytes(), &["line 5", "3 fields"]);
}

#[test]
fn bad_date_is_located() {
    let mut csv = CDR
        .replace("c1,", "x1,")
        .replace("c2,", "x2,")
        .replace("c3,", "x3,");
    csv.push_str("x4,31/02/2024 10:00:00,31,+447700900999,+447700900998,\n");
    fails_unchanged(csv.as_bytes(), &["line 5", "column start", "format"]);
}

#[test]
fn bad_number_and_bad_grading_are_located() {
    let csv = CDR.replace("c2,06/03/2024 09:00:05,20", "c2,06/03/2024 09:00:05,twenty");
    fails_unchanged(csv.as_bytes(), &["line 3", "column secs", "number"]);
    let csv = CDR.replace("2BC", "9ZZ");
    fails_unchanged(csv.as_bytes(), &["line 3", "grading"]);
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = CDR.as_bytes().to_vec();
    bytes.extend_from_slice(b"c9,06/03/2024 10:00:00,31,+44770\xff0900123,+447700900124,\n");
    fails_unchanged(&bytes, &["line 5", "UTF-8"]);
}

#[test]
fn over_long_line_is_refused_without_reading_it_all() {
    let mut csv = CDR.to_string();
    csv.push_str("c5,06/03/2024 10:00:00,31,+447700900123,");
    csv.push_str(&"9".repeat(3 << 20));
    csv.push('\n');
    fails_unchanged(csv.as_bytes(), &["line 5", "longer than"]);
}

#[test]
fn unknown_schema_or_property_fails_before_any_write() {
    let dir = tempfile::tempdir().unwrap();
    let m = write(
        dir.path(),
        "m.toml",
        "[entities.x]\nschema = \"Smuggler\"\nkeys = [\"id\"]\n",
    );
    let e = Mapping::load(&m).unwrap_err();
    assert!(
        e.to_string().contains("m.toml") && e.to_string().contains("Smuggler"),
        "{e}"
    );
}

#[test]
fn ftm_bad_lines_are_located_and_nothing_is_kept() {
    let cases: [(&str, &[&str]); 6] = [
        (
            "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n{\"id\":\"b\",",
            &["line 2", "JSON"],
        ),
        (
            "{\"id\":\"a\",\"schema\":\"Smuggler\"}\n",
            &["line 1", "schema", "Smuggler"],
        ),
        (
            "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"imei\":[\"1\"]}}\n",
            &["line 1", "properties.imei"],
        ),
        (
            "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"birthDate\":[\"1988-02-30\"]}}\n",
            &["line 1", "properties.birthDate", "date"],
        ),
        (
            "{\"id\":\"a\",\"schema\":\"Person\"}\n{\"id\":\"a\",\"schema\":\"Vessel\"}\n",
            &["line 2", "Person", "Vessel"],
        ),
        (
            "{\"id\":\"a\",\"schema\":\"Person\",\"grading\":\"5A\"}\n",
            &["line 1", "grading"],
        ),
    ];
    for (text, expect) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut s = SqliteStore::in_memory().unwrap();
        let good = write(dir.path(), "good.jsonl", FTM);
        import_ftm(&mut s, &good, &ImportOptions::default(), &mut |_| {}).unwrap();
        let before = dump(&s);
        let bad = write(dir.path(), "bad.jsonl", text);
        let err = import_ftm(&mut s, &bad, &ImportOptions::default(), &mut |_| {}).unwrap_err();
        let msg = err.to_string();
        for e in expect.iter().chain(&["bad.jsonl"]) {
            assert!(msg.contains(e), "{text}: {msg:?} should contain {e:?}");
        }
        assert_eq!(dump(&s), before, "{text}");
    }
}

#[test]
fn ftm_over_long_line_and_bad_utf8_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = SqliteStore::in_memory().unwrap();
    let long = format!(
        "{{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{{\"name\":[\"{}\"]}}}}\n",
        "x".repeat(2 << 20)
    );
    let bad = write(dir.path(), "long.jsonl", long);
    let opts = ImportOptions {
        max_line_bytes: 1 << 20,
        ..Default::default()
    };
    let e = import_ftm(&mut s, &bad, &opts, &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 1") && e.contains("longer than"), "{e}");
    let utf = write(
        dir.path(),
        "utf.jsonl",
        b"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"\xff\"]}}\n",
    );
    let e = import_ftm(&mut s, &utf, &opts, &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 1") && e.contains("UTF-8"), "{e}");
    assert_eq!(s.stats().unwrap().entities, 0);
}

#[test]
fn skip_bad_rows_keeps_good_rows_and_writes_rejects() {
    let (dir, _, mapping) = setup();
    let csv = format!(
        "{CDR}c4,not a date,5,+447700900777,+447700900778,\nc5,06/03/2024 10:00:00,5,+447700900777\n"
    );
    let path = write(dir.path(), "cdr.csv", csv);
    let mut s = SqliteStore::in_memory().unwrap();
    let rejects = dir.path().join("rejects.csv");
    let opts = ImportOptions {
        skip_bad_rows: true,
        rejects: Some(rejects.clone()),
        ..Default::default()
    };
    let rep = import_csv(&mut s, &path, &mapping, &opts, &mut |_| {}).unwrap();
    assert_eq!(rep.rejected, 2);
    assert_eq!(rep.source.rows, 4);
    let text = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("_line,_field,_error,id,"));
    assert!(lines[1].starts_with("5,column start,"), "{text}");
    assert!(lines[2].starts_with("6,"), "{text}");
    assert!(
        s.entity("phone-+447700900777").unwrap().is_none(),
        "bad rows leave no trace"
    );
}

#[test]
fn graphml_and_statement_exports() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.jsonl", FTM);
    let mut s = SqliteStore::in_memory().unwrap();
    import_ftm(&mut s, &input, &ImportOptions::default(), &mut |_| {}).unwrap();
    let mut out = Vec::new();
    let c = export_graphml(&s, &mut out).unwrap();
    let xml = String::from_utf8(out).unwrap();
    // Nodes: person, 2 phones, account, company. Edges: call, payment, account owner.
    assert_eq!((c.nodes, c.edges), (5, 3), "{xml}");
    assert!(
        xml.contains(r#"<edge id="e1" source="phone-1" target="phone-2">"#)
            || xml.contains(r#"source="phone-1" target="phone-2""#)
    );
    assert!(xml.contains("XYZ Marine Ltd"));
    let mut out = Vec::new();
    let n = export_statements(&s, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count() as u64, n + 1);
    assert!(
        text.lines()
            .any(|l| l.contains("p-ahmed") && l.contains("birthDate") && l.contains(",2C,P")),
        "{text}"
    );
}
