//! `kingpin events` end to end: export a demo database and generate events, then query both.
#![cfg(feature = "events")]

use std::path::Path;
use std::process::{Command, Output};

fn kingpin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let o = kingpin(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn fails(args: &[&str], says: &str) {
    let o = kingpin(args);
    assert!(!o.status.success(), "{args:?} succeeded");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(says), "{args:?}: {err}");
}

fn rows(json: &str) -> Vec<serde_json::Value> {
    serde_json::from_str::<Vec<serde_json::Value>>(json.trim()).unwrap()
}

#[test]
fn export_generate_and_query() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("events-cli");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let s = |p: &str| tmp.join(p).to_string_lossy().into_owned();
    ok(&[
        "demo",
        "--size",
        "tiny",
        "--no-resolved",
        "--out",
        &s("demo"),
    ]);
    let db = s("demo/kingpin.db");
    let out = ok(&["events", "export", "--db", &db, "--out", &s("ev")]);
    assert!(out.contains("calls") && out.contains("person map"), "{out}");
    assert!(tmp.join("ev/calls").is_dir() && tmp.join("ev/person_map").is_dir());
    fails(
        &["events", "export", "--db", &db, "--out", &s("ev")],
        "--replace",
    );
    ok(&[
        "events",
        "export",
        "--db",
        &db,
        "--out",
        &s("ev"),
        "--replace",
    ]);
    let edges = rows(&ok(&[
        "events",
        "edges",
        "--dir",
        &s("ev"),
        "--json",
        "--limit",
        "100000",
    ]));
    let calls = edges.iter().filter(|e| e["kind"] == "call").count();
    let pays = edges.iter().filter(|e| e["kind"] == "payment").count();
    assert!(
        calls > 50 && pays > 5,
        "{calls} call and {pays} payment edges"
    );
    assert!(edges.iter().all(|e| e["src"] != e["dst"]));
    // A window keeps fewer edges.
    let window = rows(&ok(&[
        "events",
        "edges",
        "--dir",
        &s("ev"),
        "--json",
        "--limit",
        "100000",
        "--since",
        "2025-06-01",
        "--until",
        "2025-07-01",
    ]));
    assert!(!window.is_empty() && window.len() < edges.len());
    let table = ok(&["events", "edges", "--dir", &s("ev"), "--limit", "5"]);
    assert!(
        table.contains("| src") && table.contains("5 rows"),
        "{table}"
    );

    ok(&[
        "events",
        "generate",
        "--calls",
        "20000",
        "--seed",
        "3",
        "--out",
        &s("gen"),
    ]);
    let p = rows(&ok(&[
        "events",
        "patterns",
        "--dir",
        &s("gen"),
        "--json",
        "--min-calls",
        "3",
    ]));
    assert!(!p.is_empty() && p.iter().all(|r| r["calls"].as_i64().unwrap() >= 3));
    let c = rows(&ok(&[
        "events",
        "colocation",
        "--dir",
        &s("gen"),
        "--json",
        "--within",
        "3600",
        "--min-times",
        "1",
    ]));
    assert!(
        !c.is_empty()
            && c.iter()
                .all(|r| r["phone_a"].as_str() < r["phone_b"].as_str())
    );
    // The same seed gives the same calls.
    ok(&[
        "events",
        "generate",
        "--calls",
        "20000",
        "--seed",
        "3",
        "--out",
        &s("gen2"),
    ]);
    let a = std::fs::read(tmp.join("gen/calls/month=2025-03/part-00000.parquet")).unwrap();
    let b = std::fs::read(tmp.join("gen2/calls/month=2025-03/part-00000.parquet")).unwrap();
    assert_eq!(a, b);

    fails(
        &["events", "edges", "--dir", &s("gen"), "--since", "March"],
        "expected YYYY-MM-DD",
    );
    fails(
        &["events", "edges", "--dir", &s("nowhere")],
        "no such directory",
    );
    fails(
        &["events", "export", "--db", &s("none.db"), "--out", &s("x")],
        "no such database",
    );
    std::fs::remove_dir_all(&tmp).unwrap();
}
