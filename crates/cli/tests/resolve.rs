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
        .args(["demo", "--size", "tiny", "--no-resolved", "--out"])
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
    // Two-phase clustering trades pair recall for precision (see the crate's README).
    assert!(ev["pairs"]["precision"].as_f64().unwrap() > 0.95, "{ev}");
    assert!(ev["pairs"]["recall"].as_f64().unwrap() > 0.6, "{ev}");
    assert!(ev["clusters"]["f1"].as_f64().unwrap() > 0.7, "{ev}");
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

#[test]
fn csv_dedupe_and_link() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    std::fs::write(
        &a,
        "rid,given,family,born,tel,who\n\
         1,Mihemed,Barwari,1988-02-20,+9647501112222,p1\n\
         2,Mohammed,BERWARI,1988-02-20,00964 750 111 2222,p1\n\
         3,Tran Van,Long,2004-07-19,+84914428403,p2\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "rid,given,family,born,tel,who\n9,Muhammad,Barwari,19880220,+9647501112222,p1\n",
    )
    .unwrap();
    let map = [
        "--map",
        "id=rid",
        "--map",
        "name=given+family",
        "--map",
        "dob=born",
        "--map",
        "phone=tel",
        "--map",
        "truth=who",
    ];
    let out = dir.path().join("out");
    let run = |files: &[&Path]| -> Value {
        let o = Command::new(env!("CARGO_BIN_EXE_kingpin"))
            .args(["resolve", "csv", "--json", "--out"])
            .arg(&out)
            .args(files)
            .args(map)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let dedupe = run(&[&a]);
    assert_eq!(dedupe["records"], 3);
    assert_eq!(dedupe["evaluation"]["pairs"]["f1"], 1.0, "{dedupe}");
    let clusters = std::fs::read_to_string(out.join("clusters.csv")).unwrap();
    assert!(
        clusters.starts_with("id,cluster\n1,1\n2,1\n3,3"),
        "{clusters}"
    );
    let link = run(&[&a, &b]);
    assert_eq!(link["records"], 4);
    let pairs = std::fs::read_to_string(out.join("pairs.csv")).unwrap();
    // Only pairs across the two files are written.
    assert!(
        pairs.contains("1:1,2:9") && !pairs.contains("1:1,1:2"),
        "{pairs}"
    );
}

/// The demo resolves before ranking, and `kingpin rank --resolved` folds each resolved
/// identity into one node; without the flag the records stay apart.
#[test]
fn rank_uses_resolved_identities() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .args(["demo", "--size", "tiny", "--seed", "3", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("people resolved across sources"), "{text}");
    assert!(text.contains("--resolved"), "{text}");
    let db = dir.path().join("kingpin.db");
    let rank = |extra: &[&str]| -> Value {
        let mut args = vec!["rank", "--format", "json"];
        args.extend(extra);
        serde_json::from_str(&kingpin(&args, &db)).unwrap()
    };
    let plain = rank(&[]);
    let resolved = rank(&["--resolved"]);
    let folded = resolved["projection"]["resolved_records"].as_u64().unwrap();
    assert!(folded > 0, "{}", resolved["projection"]);
    assert_eq!(plain["projection"]["resolved_records"].as_u64(), Some(0));
    assert_eq!(
        plain["projection"]["nodes"].as_u64().unwrap() - folded,
        resolved["projection"]["nodes"].as_u64().unwrap(),
    );
}
