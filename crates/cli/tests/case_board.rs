//! `kingpin case board|weight|charge|evidence|offence` as a user would run them: the board's
//! reasons, a supervisor's weight change in the audit log, and charge readiness closing gaps.

mod support;

use support::{CASE_WORLD as WORLD, kingpin, ok};

fn setup(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("k.db");
    let world = dir.join("world.jsonl");
    std::fs::write(&world, WORLD).unwrap();
    ok(&db, &["import", world.to_str().unwrap()]);
    for (inv, agency) in [("op-a", "nca"), ("op-b", "krg")] {
        ok(
            &db,
            &[
                "investigation",
                "add",
                inv,
                "--agency",
                agency,
                "--contact",
                "desk",
            ],
        );
    }
    for (inv, entity) in [("op-a", "p-boss"), ("op-b", "p-small")] {
        ok(
            &db,
            &[
                "case",
                "target",
                "add",
                inv,
                entity,
                "--reason",
                "organiser",
            ],
        );
    }
    db
}

#[test]
fn the_board_shows_its_reasons_and_weights_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let out = ok(&db, &["case", "board", "--today", "2026-12-01"]);
    assert!(out.contains("#1 op-a"), "{out}");
    assert!(
        out.contains("1 crossings, 45 people moved, 1 incidents"),
        "{out}"
    );
    assert!(out.contains("3000 received in 1 payments"), "{out}");
    assert!(
        out.contains("newest statement 2026-11-20 (11 days old"),
        "{out}"
    );
    assert!(out.contains("leader score"), "{out}");
    ok(
        &db,
        &[
            "case",
            "weight",
            "freshness",
            "5",
            "--reason",
            "stale cases first",
        ],
    );
    let out = ok(&db, &["case", "board", "--json", "--today", "2026-12-01"]);
    let b: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(b["weights"][4]["factor"], "freshness");
    assert_eq!(b["weights"][4]["weight"], 5.0);
    let log = ok(&db, &["audit", "log", "--action", "case.board.weight"]);
    assert!(log.contains("stale cases first"), "{log}");
    let bad = kingpin(&db, &["case", "weight", "luck", "1", "--reason", "x"], &[]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not one of harm"));
}

#[test]
fn charge_readiness_shows_gaps_until_evidence_is_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let out = ok(&db, &["case", "offence", "list"]);
    assert!(
        out.contains("s25") && out.contains("krg-smuggling"),
        "{out}"
    );
    let r = kingpin(&db, &["case", "charge", "op-a", "s25", "p-boss"], &[]);
    let text = String::from_utf8_lossy(&r.stdout);
    assert_eq!(r.status.code(), Some(1), "{text}");
    assert!(text.contains("[GAP] act"), "{text}");
    assert!(text.contains("3 gap(s)"), "{text}");
    for (element, kind, reference) in [
        ("act", "statement", "pay-1:purpose"),
        ("knew_breach", "statement", "pay-1:amount"),
        ("knew_non_national", "statement", "p-m1:nationality"),
    ] {
        ok(
            &db,
            &[
                "case",
                "evidence",
                "op-a",
                "s25",
                "p-boss",
                element,
                "--kind",
                kind,
                "--reference",
                reference,
                "--note",
                "from the hawala ledger",
            ],
        );
    }
    let out = ok(&db, &["case", "charge", "op-a", "s25", "p-boss"]);
    assert!(out.contains("every required element has evidence"), "{out}");
    assert!(out.contains("place on the boat (world, 2BP"), "{out}");
    // The KRG template is editable.
    let tpl = ok(&db, &["case", "offence", "show", "krg-smuggling"]);
    let edited = dir.path().join("krg.toml");
    std::fs::write(&edited, tpl.replace("(template)", "(Law No. 1)")).unwrap();
    ok(&db, &["case", "offence", "set", edited.to_str().unwrap()]);
    let out = ok(&db, &["case", "offence", "list"]);
    assert!(
        out.contains("(Law No. 1)") && out.contains("(edited)"),
        "{out}"
    );
}
