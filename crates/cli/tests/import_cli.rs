//! The CLI as a user runs it: import, export, stats, search, a killed import, and the demo.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn kingpin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kingpin"));
    c.env_remove("KINGPIN_DB");
    c
}

fn run_ok(args: &[&str]) -> String {
    let out = kingpin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every row of the store's tables, sorted, after an integrity check.
fn dump(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    kingpin_store::SqliteStore::open(db)
        .unwrap()
        .content_listing()
        .unwrap()
}

fn write_cdr(dir: &Path, name: &str, rows: usize) -> PathBuf {
    use std::io::Write;
    let p = dir.join(name);
    let mut w = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    writeln!(
        w,
        "call_id,start,duration_s,caller,callee,caller_imei,caller_imsi,cell_id"
    )
    .unwrap();
    for i in 0..rows {
        writeln!(
            w,
            "K{i},2024-03-05T22:{:02}:00,{},+9647501{:06},+4477009{:05},35{:013},41805{:010},CELL-{}",
            i % 60, i % 900, i % 40_000, (i * 7) % 30_000, i % 9000, i % 12_000, i % 300
        )
        .unwrap();
    }
    w.flush().unwrap();
    std::fs::write(
        dir.join(format!("{}.mapping.toml", name.trim_end_matches(".csv"))),
        include_str!("../src/cmd/bench.rs")
            .split("pub const CDR_MAPPING: &str = r#\"")
            .nth(1)
            .unwrap()
            .split("\"#;")
            .next()
            .unwrap(),
    )
    .unwrap();
    p
}

#[test]
fn import_export_stats_search_show() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let db = db.to_str().unwrap();
    let csv = write_cdr(dir.path(), "calls.csv", 50);
    let out = run_ok(&["import", "--db", db, csv.to_str().unwrap()]);
    assert!(out.contains("50 rows"), "{out}");
    let stats = run_ok(&["stats", "--db", db, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(v["stats"]["sources"], 1);
    let search = run_ok(&["search", "--db", db, "+9647501000007", "--json"]);
    let hits: serde_json::Value = serde_json::from_str(&search).unwrap();
    assert_eq!(hits[0]["entity"]["id"], "phone-+9647501000007");
    let show = run_ok(&["show", "--db", db, "phone-+9647501000007"]);
    assert!(
        show.contains("bench-cdr") && show.contains("1AP") && show.contains("<--caller--"),
        "{show}"
    );
    let ftm = dir.path().join("out.jsonl");
    run_ok(&[
        "export",
        "--db",
        db,
        "--format",
        "ftm",
        "-o",
        ftm.to_str().unwrap(),
    ]);
    let db2 = dir.path().join("k2.db");
    run_ok(&[
        "import",
        "--db",
        db2.to_str().unwrap(),
        ftm.to_str().unwrap(),
    ]);
    let again = dir.path().join("again.jsonl");
    run_ok(&[
        "export",
        "--db",
        db2.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    let sorted = |p: &Path| {
        let mut l: Vec<String> = std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        l.sort();
        l
    };
    assert_eq!(
        sorted(&ftm),
        sorted(&again),
        "FtM export re-imports to the same export"
    );
    let graphml = run_ok(&["export", "--db", db, "--format", "graphml"]);
    assert!(graphml.starts_with("<?xml") && graphml.contains("<edge "));
}

#[test]
fn bad_input_exits_non_zero_with_location_and_keeps_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let csv = write_cdr(dir.path(), "calls.csv", 20);
    run_ok(&[
        "import",
        "--db",
        db.to_str().unwrap(),
        csv.to_str().unwrap(),
    ]);
    let before = dump(&db);
    let mut text = std::fs::read_to_string(&csv).unwrap().replace("K", "Z");
    text.push_str("Z99,2024-13-01T00:00:00,5,+9647501000001,+447700900001,1,2,CELL-1\n");
    std::fs::write(&csv, text).unwrap();
    let out = kingpin()
        .args([
            "import",
            "--db",
            db.to_str().unwrap(),
            csv.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("calls.csv, line 22, column start") && err.contains("nothing from"),
        "{err}"
    );
    assert_eq!(dump(&db), before);
}

#[test]
fn killed_import_leaves_database_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let small = write_cdr(dir.path(), "small.csv", 100);
    run_ok(&[
        "import",
        "--db",
        db.to_str().unwrap(),
        small.to_str().unwrap(),
    ]);
    let before = dump(&db);
    let big = write_cdr(dir.path(), "big.csv", 400_000);
    let mut child = kingpin()
        .args([
            "import",
            "--db",
            db.to_str().unwrap(),
            big.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the import has written a good part of its transaction, then kill -9.
    let wal = dir.path().join("k.db-wal");
    let start = Instant::now();
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 4 << 20 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "import ended before it could be killed"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "import wrote nothing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert_eq!(dump(&db), before, "a killed import left traces");
}

#[test]
fn demo_runs_and_reports_what_it_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("demo");
    let out = run_ok(&["demo", "--out", out_dir.to_str().unwrap(), "--size", "tiny"]);
    assert!(
        out.contains("entities,") && out.contains("Call") && out.contains("cdr"),
        "{out}"
    );
    let stats = run_ok(&[
        "stats",
        "--db",
        out_dir.join("kingpin.db").to_str().unwrap(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert!(v["stats"]["entities"].as_u64().unwrap() > 100);
    assert!(v["stats"]["sources"].as_u64().unwrap() >= 8);
}

#[test]
fn import_benchmark_prints_every_phase_and_the_floor() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let out = run_ok(&["bench", "import", "--rows", "3000", "--dir", d]);
    for phase in [
        "csv parse only",
        "baseline: raw SQLite insert",
        "kingpin import",
        "floor: SQLite re-writing kingpin's rows",
    ] {
        let line = out
            .lines()
            .find(|l| l.starts_with(phase))
            .unwrap_or_else(|| panic!("no {phase:?} row in:\n{out}"));
        let rows: u64 = line[48..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(rows, 3000, "{line}");
    }
    // The floor re-writes what the import wrote: at least an entity, a key, a fragment and
    // five links for each call record.
    let per_record: f64 = out
        .split("SQLite rows (")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(per_record >= 8.0, "{out}");
    let floor = rusqlite::Connection::open(dir.path().join("floor.db")).unwrap();
    let links: i64 = floor
        .query_row("SELECT count(*) FROM link", [], |r| r.get(0))
        .unwrap();
    assert_eq!(links, 5 * 3000);
}
