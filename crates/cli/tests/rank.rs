//! End to end: `kingpin rank`, `path`, `communities` and `neighbours` on a tiny demo database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn kingpin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kingpin"))
}

/// One tiny demo for every test in this file (the directory lives until the process ends).
fn demo() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let out = kingpin()
            .args(["demo", "--size", "tiny", "--seed", "5", "--out"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("4. who is at the top?"), "{text}");
        assert!(
            text.contains("true organisers are in this top 10"),
            "{text}"
        );
        dir
    })
}

fn run(args: &[&str]) -> String {
    let db = demo().join("kingpin.db");
    let out: Output = kingpin().args(args).arg("--db").arg(&db).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn top_ids(n: usize) -> Vec<String> {
    let csv = run(&["rank", "--format", "csv", "--top", &n.to_string()]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    r.records().map(|x| x.unwrap()[1].to_string()).collect()
}

#[test]
fn rank_prints_table_json_and_csv() {
    let table = run(&["rank", "--top", "5"]);
    assert!(table.contains("factors (weight): brok"), "{table}");
    assert!(
        table.lines().any(|l| l.trim_start().starts_with("5 ")),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(&["rank", "--top", "3", "--format", "json"])).unwrap();
    let ranked = json["ranked"].as_array().unwrap();
    assert_eq!(ranked.len(), 3);
    assert_eq!(ranked[0]["rank"], 1);
    assert!(ranked[0]["score"].as_f64().unwrap() >= ranked[2]["score"].as_f64().unwrap());
    assert!(!ranked[0]["factors"].as_array().unwrap().is_empty());
    assert!(!ranked[0]["why"].as_str().unwrap().is_empty());
    assert_eq!(json["level"], "person");
    assert_eq!(top_ids(4).len(), 4);
}

#[test]
fn explain_shows_factors_and_evidence_paths() {
    let id = top_ids(1).remove(0);
    let text = run(&["rank", "--explain", &id]);
    assert!(text.starts_with("#1 of "), "{text}");
    assert!(text.contains("command_reach"), "{text}");
    assert!(text.contains("evidence:"), "{text}");
    assert!(text.contains(" -> "), "an evidence path: {text}");
}

#[test]
fn filters_change_the_projection() {
    let all: serde_json::Value =
        serde_json::from_str(&run(&["rank", "--format", "json", "--top", "1"])).unwrap();
    let calls: serde_json::Value = serde_json::from_str(&run(&[
        "rank",
        "--format",
        "json",
        "--top",
        "1",
        "--edge-types",
        "call",
        "--since",
        "2025-06-01",
        "--min-grading",
        "2B",
    ]))
    .unwrap();
    let edges = |v: &serde_json::Value| v["projection"]["edges"].as_u64().unwrap();
    assert!(edges(&calls) < edges(&all));
    assert!(calls["projection"]["skipped_window"].as_u64().unwrap() > 0);
    assert!(calls["projection"]["skipped_grading"].as_u64().unwrap() > 0);
    let entity: serde_json::Value = serde_json::from_str(&run(&[
        "rank", "--format", "json", "--top", "1", "--level", "entity",
    ]))
    .unwrap();
    assert!(entity["projection"]["nodes"].as_u64() > all["projection"]["nodes"].as_u64());
}

#[test]
fn path_neighbours_and_communities() {
    let ids = top_ids(2);
    let text = run(&["path", &ids[0], &ids[1]]);
    assert!(text.contains("shortest path ("), "{text}");
    assert!(text.contains("  0. "), "{text}");
    assert!(
        text.contains("| call") || text.contains("| payment"),
        "linking records: {text}"
    );
    let text = run(&["neighbours", &ids[0], "--hops", "2"]);
    assert!(text.contains("within 2 hop(s)"), "{text}");
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("2 ")),
        "{text}"
    );
    let text = run(&["communities", "--top", "3"]);
    assert!(text.contains("modularity 0."), "{text}");
    assert_eq!(
        text.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count(),
        3
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(&["communities", "--json", "--top", "2"])).unwrap();
    assert!(json["modularity"].as_f64().unwrap() > 0.0);
}

#[test]
fn unknown_names_and_missing_databases_are_errors() {
    let db = demo().join("kingpin.db");
    let out = kingpin()
        .args(["path", "nobody-at-all-xyz", "nobody-else"])
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no node matches"));
    let out = kingpin()
        .args(["rank", "--db", "/nonexistent/kingpin.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}
