//! `kingpin resolve` end to end on a tiny demo: clusters found and evaluated against truth,
//! results stored beside untouched source records, and analysts' decisions kept on re-runs.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn kingpin(args: &[&str], db: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn resolve_json(db: &Path, truth: &Path) -> Value {
    let out = kingpin(
        &["resolve", "--json", "--evaluate", truth.to_str().unwrap()],
        db,
    );
    serde_json::from_str(&out).unwrap()
}

fn together(v: &Value, a: &str, b: &str) -> bool {
    v["clusters"].as_array().unwrap().iter().any(|c| {
        c.as_array().unwrap().iter().any(|x| x == a) && c.as_array().unwrap().iter().any(|x| x == b)
    })
}

#[test]
fn resolve_evaluate_decide_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .args(["demo", "--size", "tiny", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let db = dir.path().join("kingpin.db");
    let truth = dir.path().join("truth.json");
    let count = |sql: &str| -> i64 {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let fragments = count("SELECT count(*) FROM fragment");

    let first = resolve_json(&db, &truth);
    let ev = &first["evaluation"];
    assert!(ev["pairs"]["precision"].as_f64().unwrap() > 0.9, "{ev}");
    assert!(ev["pairs"]["recall"].as_f64().unwrap() > 0.8, "{ev}");
    let clusters = first["clusters"].as_array().unwrap();
    assert!(!clusters.is_empty());
    assert_eq!(
        count("SELECT count(*) FROM fragment"),
        fragments,
        "sources untouched"
    );
    assert_eq!(count("SELECT count(*) FROM resolution_run"), 1);

    // Split the first cluster's first two records, and join two singletons' worth of ids.
    let a = clusters[0][0].as_str().unwrap().to_string();
    let b = clusters[0][1].as_str().unwrap().to_string();
    kingpin(
        &["resolve", "decide", &a, &b, "different", "--by", "tester"],
        &db,
    );
    let ids: Vec<String> = clusters
        .iter()
        .map(|c| c[0].as_str().unwrap().to_string())
        .collect();
    let (c, d) = (ids[ids.len() - 1].clone(), ids[ids.len() - 2].clone());
    kingpin(
        &["resolve", "decide", &c, &d, "same", "--by", "tester"],
        &db,
    );

    for _ in 0..2 {
        let again = resolve_json(&db, &truth);
        assert!(
            !together(&again, &a, &b),
            "a 'different' decision splits the pair"
        );
        assert!(together(&again, &c, &d), "a 'same' decision joins the pair");
    }
    assert_eq!(count("SELECT count(*) FROM resolution_run"), 3);
    assert_eq!(count("SELECT count(*) FROM fragment"), fragments);

    let explained = kingpin(&["resolve", "explain", &a, &b], &db);
    assert!(
        explained.contains("match weight")
            && explained.contains("analyst decision: different by tester"),
        "{explained}"
    );

    // Undoing a decision hands the pair back to the model.
    kingpin(&["resolve", "decide", &a, &b, "undo"], &db);
    let undone = resolve_json(&db, &truth);
    assert!(together(&undone, &a, &b));
}
