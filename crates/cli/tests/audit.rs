//! The audit trail as a user meets it: an import is recorded under `KINGPIN_ACTOR`, the log
//! shows it, and editing a record in the database (triggers dropped) makes `audit verify` fail.

use std::process::{Command, Output};

fn kingpin(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kingpin"))
        .env_remove("KINGPIN_DB")
        .env_remove("KINGPIN_AGENCY")
        .env("KINGPIN_ACTOR", "officer.hale")
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap()
}

fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let out = kingpin(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn import_is_audited_and_tampering_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let ftm = dir.path().join("people.jsonl");
    std::fs::write(
        &ftm,
        concat!(
            r#"{"id":"p1","schema":"Person","properties":{"name":["Karwan Aziz"]}}"#,
            "\n",
            r#"{"id":"p2","schema":"Person","properties":{"name":["Dara Hamid"]}}"#,
            "\n"
        ),
    )
    .unwrap();
    ok(
        &db,
        &["import", ftm.to_str().unwrap(), "--source", "tipline"],
    );
    let out = dir.path().join("out.jsonl");
    ok(&db, &["export", "-o", out.to_str().unwrap()]);

    let log = ok(&db, &["audit", "log", "--json"]);
    let recs: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 2, "{log}");
    assert_eq!(recs[0]["action"], "export");
    let imp = &recs[1];
    assert_eq!(imp["seq"], 1);
    assert_eq!(imp["action"], "import");
    assert_eq!(imp["actor"], "officer.hale");
    assert_eq!(imp["agency"], "local");
    assert_eq!(imp["origin"], "cli");
    assert!(imp["target"].as_str().unwrap().ends_with("people.jsonl"));
    let detail: serde_json::Value = serde_json::from_str(imp["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail["source"], "tipline");
    assert_eq!(detail["rows"], 2);

    // Filters; reading the log was itself recorded.
    let text = ok(
        &db,
        &[
            "audit",
            "log",
            "--action",
            "import",
            "--actor",
            "officer.hale",
        ],
    );
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("officer.hale@local (cli) import"), "{text}");
    assert!(ok(&db, &["audit", "log", "--action", "audit.log"]).contains("audit.log"));

    let verified = ok(&db, &["audit", "verify"]);
    assert!(verified.starts_with("audit log intact: "), "{verified}");
    let anchor = verified
        .lines()
        .find_map(|l| l.strip_prefix("anchor (keep it outside the database): "))
        .unwrap()
        .to_string();
    ok(&db, &["audit", "verify", "--anchor", &anchor]);

    // The triggers refuse an edit…
    let c = rusqlite::Connection::open(&db).unwrap();
    assert!(
        c.execute("UPDATE audit SET actor = 'someone.else' WHERE seq = 1", [])
            .is_err()
    );
    // …so a tamperer drops them first.
    c.execute_batch(
        "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone.else' WHERE seq = 1;",
    )
    .unwrap();
    drop(c);
    let out = kingpin(&db, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("record 1 was edited"), "{err}");
}
