//! `kingpin case` run as a user would: an investigation with targets, tasks, a decision and
//! exhibits; custody handovers; a tampered exhibit copy caught by the integrity check.

mod support;

use support::{add_user, kingpin, ok, pdf_checked};

fn setup(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("k.db");
    let people = dir.join("people.ftm.json");
    std::fs::write(
        &people,
        "{\"id\":\"p-alpha\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Karwan ALPHA\"]}}\n\
         {\"id\":\"p-bravo\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Dana BRAVO\"]}}\n\
         {\"id\":\"pay-1\",\"schema\":\"Payment\",\"grading\":\"2BP\",\"properties\":{\"payer\":[\"p-bravo\"],\"beneficiary\":[\"p-alpha\"],\"amount\":[\"2500\"],\"currency\":[\"EUR\"],\"date\":[\"2026-02-20\"],\"purpose\":[\"two places, Dunkirk\"]}}\n",
    )
    .unwrap();
    ok(&db, &["import", people.to_str().unwrap()]);
    add_user(&db, "ana", "nca", "investigator");
    add_user(&db, "cy", "krg", "investigator");
    ok(
        &db,
        &[
            "investigation",
            "add",
            "op-a",
            "--agency",
            "nca",
            "--contact",
            "desk a",
        ],
    );
    ok(
        &db,
        &[
            "investigation",
            "add",
            "op-b",
            "--agency",
            "krg",
            "--contact",
            "desk b",
        ],
    );
    ok(&db, &["investigation", "member", "op-a", "ana"]);
    ok(&db, &["investigation", "member", "op-b", "cy"]);
    db
}

#[test]
fn an_investigation_with_targets_tasks_and_exhibits() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    ok(&db, &["case", "role", "op-a", "ana", "exhibits officer"]);
    let out = ok(
        &db,
        &[
            "case",
            "target",
            "add",
            "op-a",
            "p-alpha",
            "--label",
            "principal",
            "--reason",
            "organises the Dunkirk crossings",
        ],
    );
    assert!(out.contains("Karwan ALPHA (Person, p-alpha)"), "{out}");
    let err = kingpin(
        &db,
        &["case", "target", "add", "op-a", "p-nobody", "--reason", "x"],
        &[],
    );
    assert!(!err.status.success());
    assert!(String::from_utf8_lossy(&err.stderr).contains("no entity \"p-nobody\""));
    ok(
        &db,
        &[
            "case",
            "task",
            "add",
            "op-a",
            "Cell-site analysis of +447700900123",
            "--owner",
            "ana",
            "--due",
            "2026-12-01",
        ],
    );
    // Owners are members of the investigation.
    let err = kingpin(
        &db,
        &["case", "task", "add", "op-a", "x", "--owner", "cy"],
        &[],
    );
    assert!(String::from_utf8_lossy(&err.stderr).contains("owner: \"cy\" is not a member"));
    ok(
        &db,
        &["case", "task", "update", "op-a", "1", "--status", "done"],
    );
    ok(
        &db,
        &[
            "case",
            "requirement",
            "add",
            "op-a",
            "--kind",
            "hypothesis",
            "ALPHA pays pilots in cash",
        ],
    );
    ok(
        &db,
        &[
            "case",
            "decide",
            "op-a",
            "Arrest ALPHA on arrival at Dover",
            "--why",
            "two B2 reports put him on the 06:00 ferry",
            "--about",
            "p-alpha",
        ],
    );
    ok(
        &db,
        &[
            "case",
            "exhibit",
            "add",
            "op-a",
            "JB/1",
            "--kind",
            "phone",
            "--description",
            "Samsung A12",
            "--seized-by",
            "DC Jones",
            "--seized-at",
            "2026-03-01 06:10",
            "--seized-where",
            "12 Dock Road, Dover",
            "--location",
            "bag M0001234",
        ],
    );
    let extract = dir.path().join("extract.csv");
    std::fs::write(
        &extract,
        "time,from,to\n2026-02-01T10:00,+447700900123,+9647501234567\n",
    )
    .unwrap();
    let out = ok(
        &db,
        &[
            "case",
            "exhibit",
            "attach",
            "op-a",
            "JB/1",
            extract.to_str().unwrap(),
        ],
    );
    assert!(out.contains("SHA-256 "), "{out}");
    // A handover from someone who does not hold it breaks the chain: refused.
    let err = kingpin(
        &db,
        &[
            "case",
            "exhibit",
            "handover",
            "op-a",
            "JB/1",
            "--from",
            "DC Smith",
            "--to",
            "DF lab",
            "--at",
            "2026-03-02T09:00",
            "--location",
            "lab",
            "--reason",
            "extraction",
        ],
        &[],
    );
    assert!(String::from_utf8_lossy(&err.stderr).contains("held by \"DC Jones\""));
    ok(
        &db,
        &[
            "case",
            "exhibit",
            "handover",
            "op-a",
            "JB/1",
            "--from",
            "DC Jones",
            "--to",
            "DF lab",
            "--at",
            "2026-03-02T09:00",
            "--location",
            "lab store",
            "--reason",
            "extraction",
        ],
    );
    let shown: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &["case", "exhibit", "show", "op-a", "JB/1", "--json"],
    ))
    .unwrap();
    assert_eq!(shown["holder"], "DF lab");
    assert_eq!(shown["custody"].as_array().unwrap().len(), 2);
    let sha = shown["files"][0]["sha256"].as_str().unwrap().to_string();

    let summary: serde_json::Value =
        serde_json::from_str(&ok(&db, &["case", "show", "op-a", "--json"])).unwrap();
    assert_eq!(summary["targets"][0]["entity"], "p-alpha");
    assert_eq!(summary["tasks"][0]["status"], "done");
    assert_eq!(summary["members"][0]["role"], "exhibits_officer");
    // Nothing of op-a shows in op-b.
    let other: serde_json::Value =
        serde_json::from_str(&ok(&db, &["case", "show", "op-b", "--json"])).unwrap();
    for k in ["targets", "tasks", "requirements", "exhibits"] {
        assert!(other[k].as_array().unwrap().is_empty(), "{k}: {other}");
    }
    assert!(
        !kingpin(&db, &["case", "exhibit", "show", "op-b", "JB/1"], &[])
            .status
            .success()
    );

    let out = ok(&db, &["case", "check", "op-a"]);
    assert!(out.contains("1 files, 1 intact"), "{out}");
    // Someone alters the stored copy: the check names it and fails.
    let stored = dir
        .path()
        .join("k.db.exhibits")
        .join(&sha[..2])
        .join(&sha[2..]);
    let mut perm = std::fs::metadata(&stored).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    std::fs::set_permissions(&stored, perm).unwrap();
    std::fs::write(&stored, "time,from,to\n").unwrap();
    let bad = kingpin(&db, &["case", "check", "op-a"], &[]);
    assert_eq!(bad.status.code(), Some(1));
    let text = String::from_utf8_lossy(&bad.stdout);
    assert!(text.contains("JB/1") && text.contains("ALTERED"), "{text}");

    // Charge readiness, the disclosure schedule and the bundle (PDF rendered and checked).
    ok(
        &db,
        &[
            "case",
            "evidence",
            "op-a",
            "s25",
            "p-alpha",
            "act",
            "--kind",
            "statement",
            "--reference",
            "pay-1:purpose",
            "--note",
            "paid for two places",
        ],
    );
    let noted = ok(
        &db,
        &["case", "note", "op-a", "CHIS reports ALPHA at the camp"],
    );
    let note = format!(
        "note:{}",
        noted.split_whitespace().nth(1).expect("note N added")
    );
    ok(
        &db,
        &[
            "case",
            "mark",
            "op-a",
            &note,
            "highly_sensitive",
            "--reason",
            "identifies the source",
        ],
    );
    let err = kingpin(
        &db,
        &[
            "case",
            "mark",
            "op-a",
            "note:99",
            "sensitive",
            "--reason",
            "x",
        ],
        &[],
    );
    assert!(String::from_utf8_lossy(&err.stderr).contains("is not material of"));
    let schedule = ok(&db, &["case", "disclosure", "op-a"]);
    assert!(schedule.contains("exhibit:JB/1"), "{schedule}");
    assert!(
        schedule.contains(&format!(
            "{note},note,note by admin.local: CHIS reports ALPHA at the camp"
        )),
        "{schedule}"
    );
    assert!(
        schedule.contains("highly sensitive,identifies the source"),
        "{schedule}"
    );
    let disclosure_pdf = dir.path().join("schedule.pdf");
    ok(
        &db,
        &[
            "case",
            "disclosure",
            "op-a",
            "--pdf",
            disclosure_pdf.to_str().unwrap(),
        ],
    );
    let text = pdf_checked(&disclosure_pdf);
    assert!(text.contains("Schedule of unused material"), "{text}");
    assert!(text.contains("HIGHLY SENSITIVE"), "{text}");
    let bundle_pdf = dir.path().join("bundle.pdf");
    ok(
        &db,
        &[
            "case",
            "bundle",
            "op-a",
            "p-alpha",
            "--pdf",
            bundle_pdf.to_str().unwrap(),
        ],
    );
    let text = pdf_checked(&bundle_pdf);
    for needle in [
        "Evidence bundle: Karwan ALPHA",
        "Timeline",
        "two places, Dunkirk",
        "Money traces",
        "in: 2500 EUR",
        "s25 / act",
        "JB/1",
        "Document findings",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not in the PDF text:\n{text}"
        );
    }
    assert!(dir.path().join("bundle.html").exists());
    let board = ok(&db, &["case", "board"]);
    assert!(
        board.contains("money") && board.contains("2500 received in 1 payments"),
        "{board}"
    );

    // Every change is in the audit log, and the log is intact.
    let log = ok(&db, &["audit", "log", "--json"]);
    for action in [
        "case.target.add",
        "case.task.add",
        "case.task.update",
        "case.decision",
        "case.exhibit.add",
        "case.exhibit.attach",
        "case.exhibit.handover",
        "case.exhibit.check",
        "case.member.role",
    ] {
        assert!(
            log.contains(&format!("\"{action}\"")),
            "{action} not audited"
        );
    }
    assert!(ok(&db, &["audit", "verify"]).contains("intact"));
}
