//! Investigations through the HTTP API, as a team would run one: create it, add targets, set
//! and move tasks, record exhibits and their handovers, upload a digital copy and catch it
//! tampered with, print the disclosure schedule and the bundle (PDFs rendered to PNG and
//! checked), read the priority board's reasons, and a supervisor re-weighting it. A member of
//! another investigation sees none of it.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use support::*;

fn setup(dir: &Path, db: &Path) {
    let db = db.to_path_buf();
    let world = dir.join("world.jsonl");
    std::fs::write(&world, CASE_WORLD).unwrap();
    ok(&db, &["import", world.to_str().unwrap(), "--agency", "NCA"]);
    for inv in ["op-a", "op-b"] {
        ok(
            &db,
            &[
                "investigation",
                "add",
                inv,
                "--agency",
                "NCA",
                "--contact",
                "desk@nca",
            ],
        );
    }
    for (user, role, inv) in [
        ("lead", "investigator", "op-a"),
        ("dana", "analyst", "op-a"),
        ("sup", "supervisor", "op-a"),
        ("outsider", "investigator", "op-b"),
        ("exam", "document_examiner", "op-b"),
    ] {
        add_user(&db, user, "NCA", role);
        ok(&db, &["investigation", "member", inv, user]);
    }
}

fn ok200(what: &str, (st, v): (u16, Value)) -> Value {
    assert_eq!(st, 200, "{what}: {v}");
    v
}

#[test]
fn an_investigation_runs_end_to_end_through_http() {
    let dir = tempfile::tempdir().unwrap();
    for (i, db) in databases(dir.path(), "k.db").iter().enumerate() {
        let work = dir.path().join(format!("run-{i}"));
        std::fs::create_dir_all(&work).unwrap();
        end_to_end(&work, db);
    }
}

/// The whole run on one database: a SQLite file keeps its exhibit vault beside it by default;
/// a PostgreSQL database is served with `--vault`.
fn end_to_end(dir: &Path, db: &Path) {
    setup(dir, db);
    let vault: std::path::PathBuf = if is_pg(db) {
        dir.join("vault")
    } else {
        let mut beside = db.as_os_str().to_owned();
        beside.push(".exhibits");
        beside.into()
    };
    let vault_arg = vault.to_str().unwrap();
    let extra: &[&str] = if is_pg(db) {
        &["--vault", vault_arg]
    } else {
        &[]
    };
    let s = Server::start(db, extra);
    let lead = s.login("lead");
    let dana = s.login("dana");
    let sup = s.login("sup");
    let out = s.login("outsider");

    // Each sees only their own investigations.
    let mine = ok200("list", s.get(&lead, "/api/cases"));
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine[0]["name"], "op-a");
    assert_eq!(ok200("list", s.get(&out, "/api/cases"))[0]["name"], "op-b");

    // Targets: an entity the caller can see; unknown ones and repeats refused.
    for (entity, label) in [("p-boss", "principal"), ("p-pilot", "pilot")] {
        ok200(
            "target",
            s.post(
                &lead,
                "/api/cases/op-a/targets",
                json!({"entity": entity, "label": label, "reason": "Dunkirk crossings"}),
            ),
        );
    }
    let (st, e) = s.post(
        &lead,
        "/api/cases/op-a/targets",
        json!({"entity": "p-boss", "label": "x", "reason": "again"}),
    );
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("conflict")));
    let (st, _) = s.post(
        &lead,
        "/api/cases/op-a/targets",
        json!({"entity": "nobody", "label": "x", "reason": "y"}),
    );
    assert_eq!(st, 404);

    // Tasks with owner and due date; the owner must be a member; status moves on.
    let task = ok200(
        "task",
        s.post(
            &lead,
            "/api/cases/op-a/tasks",
            json!({"title": "Cell-site analysis of the pilot's phone", "owner": "dana", "due": "2026-12-10"}),
        ),
    );
    let (st, e) = s.post(
        &lead,
        "/api/cases/op-a/tasks",
        json!({"title": "x", "owner": "outsider"}),
    );
    assert_eq!(st, 400, "{e}");
    let id = task["id"].as_i64().unwrap();
    let moved = ok200(
        "task update",
        s.send(
            "PATCH",
            &dana,
            &format!("/api/cases/op-a/tasks/{id}"),
            Some(json!({"status": "in_progress"})),
        ),
    );
    assert_eq!(moved["status"], "in_progress");
    assert_eq!(moved["owner"], "dana");
    let (st, _) = s.send(
        "PATCH",
        &dana,
        &format!("/api/cases/op-a/tasks/{id}"),
        Some(json!({"status": "finished"})),
    );
    assert_eq!(st, 400);

    // Requirement, decision and note.
    ok200(
        "requirement",
        s.post(
            &dana,
            "/api/cases/op-a/requirements",
            json!({"kind": "hypothesis", "text": "BOSS pays the pilots in cash"}),
        ),
    );
    ok200(
        "decision",
        s.post(
            &lead,
            "/api/cases/op-a/decisions",
            json!({"decision": "Arrest BOSS at Dover", "rationale": "two B2 reports", "about": "p-boss"}),
        ),
    );
    ok200(
        "note",
        s.post(
            &dana,
            "/api/cases/op-a/notes",
            json!({"text": "informant says the next boat leaves Thursday"}),
        ),
    );

    // An exhibit, its handovers (the chain must be unbroken), and a digital copy.
    ok200(
        "exhibit",
        s.post(
            &lead,
            "/api/cases/op-a/exhibits",
            json!({"reference": "JB/1", "kind": "phone", "description": "Samsung A12, black",
                   "seized_by": "DC Jones", "seized_at": "2026-03-01 06:10",
                   "seized_where": "12 Dock Road, Dover", "location": "bag M0001234"}),
        ),
    );
    let (st, e) = s.post(
        &lead,
        "/api/cases/op-a/exhibits/JB%2F1/handovers",
        json!({"from": "DC Smith", "to": "DF lab", "at": "2026-03-02T09:00",
               "location": "lab store", "reason": "extraction"}),
    );
    assert_eq!(st, 409, "a handover from someone not holding it: {e}");
    for (from, to, at) in [
        ("DC Jones", "DF lab", "2026-03-02T09:00"),
        ("DF lab", "DC Jones", "2026-03-05T16:30"),
    ] {
        ok200(
            "handover",
            s.post(
                &lead,
                "/api/cases/op-a/exhibits/JB%2F1/handovers",
                json!({"from": from, "to": to, "at": at, "location": "store", "reason": "extraction"}),
            ),
        );
    }
    let extract = b"caller,callee,start\n+447700900123,+9647501234567,2026-02-28T22:14\n";
    let file = ok200(
        "upload",
        s.upload(
            &lead,
            "/api/cases/op-a/exhibits/JB%2F1/files",
            "extract.csv",
            extract,
        ),
    );
    let sha = file["sha256"].as_str().unwrap().to_string();
    assert_eq!(file["size"], extract.len());
    assert_eq!(
        s.upload(
            &lead,
            "/api/cases/op-a/exhibits/JB%2F9/files",
            "x.csv",
            b"x"
        )
        .0,
        404
    );
    let record = ok200("exhibit", s.get(&dana, "/api/cases/op-a/exhibits/JB%2F1"));
    assert_eq!(record["holder"], "DC Jones");
    assert_eq!(record["custody"].as_array().unwrap().len(), 3, "{record}");

    // Intact, then tampered with in the vault: the check names the altered copy.
    let check = ok200("integrity", s.get(&dana, "/api/cases/op-a/integrity"));
    assert_eq!(check[0]["status"], "intact", "{check}");
    let stored = vault.join(&sha[..2]).join(&sha[2..]);
    let mut perms = std::fs::metadata(&stored).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&stored, perms).unwrap();
    std::fs::write(&stored, b"caller,callee,start\n+447700900999,x,y\n").unwrap();
    let check = ok200("integrity", s.get(&dana, "/api/cases/op-a/integrity"));
    assert_eq!(check[0]["status"], "altered", "{check}");
    assert_eq!(check[0]["reference"], "JB/1");
    assert_ne!(check[0]["found"], sha.as_str());

    // The whole investigation in one answer.
    let d = ok200("detail", s.get(&dana, "/api/cases/op-a"));
    assert_eq!(d["targets"].as_array().unwrap().len(), 2);
    assert_eq!(d["tasks"][0]["status"], "in_progress");
    assert_eq!(d["decisions"][0]["rationale"], "two B2 reports");
    assert_eq!(d["notes"].as_array().unwrap().len(), 1);
    assert_eq!(d["requirements"][0]["kind"], "hypothesis");
    assert_eq!(d["exhibits"][0]["files"][0]["sha256"], sha.as_str());
    assert_eq!(d["members"].as_array().unwrap().len(), 3);

    // Charge readiness: every element a gap until evidence is mapped.
    let charges = ok200(
        "charges",
        s.get(&dana, "/api/cases/op-a/targets/p-boss/charges?offence=s25"),
    );
    assert_eq!(charges[0]["offence"], "s25", "{charges}");
    assert!(!charges[0]["gaps"].as_array().unwrap().is_empty());

    // The disclosure schedule: CSV, and a PDF that prints an A4 page.
    let (st, ctype, csv) = s.get_raw(&dana, "/api/cases/op-a/disclosure.csv");
    assert_eq!(st, 200);
    assert!(ctype.starts_with("text/csv"), "{ctype}");
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("number,item,kind"), "{csv}");
    assert!(
        csv.contains("exhibit:JB/1") && csv.contains("note:"),
        "{csv}"
    );
    let pdfs = dir.join("pdfs");
    std::fs::create_dir_all(&pdfs).unwrap();
    let (st, ctype, pdf) = s.get_raw(&dana, "/api/cases/op-a/disclosure.pdf");
    assert_eq!((st, ctype.as_str()), (200, "application/pdf"));
    std::fs::write(pdfs.join("schedule.pdf"), &pdf).unwrap();
    let text = pdf_checked(&pdfs.join("schedule.pdf"));
    assert!(text.contains("JB/1"), "{text}");

    // The evidence bundle for a target: HTML and PDF.
    let (st, ctype, html) = s.get_raw(&dana, "/api/cases/op-a/targets/p-boss/bundle.html");
    assert_eq!(st, 200);
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert!(String::from_utf8_lossy(&html).contains("Karwan BOSS"));
    let (st, _, pdf) = s.get_raw(&dana, "/api/cases/op-a/targets/p-boss/bundle.pdf");
    assert_eq!(st, 200);
    std::fs::write(pdfs.join("bundle.pdf"), &pdf).unwrap();
    let text = pdf_checked(&pdfs.join("bundle.pdf"));
    assert!(
        text.contains("Karwan BOSS") && text.contains("JB/1"),
        "{text}"
    );

    // The priority board, with a reason for every factor.
    let board = ok200("board", s.get(&dana, "/api/board?today=2026-12-01"));
    let inv = &board["investigations"][0];
    assert_eq!(inv["investigation"], "op-a", "{board}");
    let reason = |factor: &str| -> String {
        inv["factors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["factor"] == factor)
            .unwrap_or_else(|| panic!("no {factor} in {inv}"))["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(reason("harm").contains("45 people moved"), "{inv}");
    assert!(reason("money").contains("3000 received"), "{inv}");
    assert!(reason("freshness").contains("2026-11-20"), "{inv}");
    assert_eq!(inv["targets"].as_array().unwrap().len(), 2);

    // Weights: supervisors only, audited with the reason.
    let (st, _) = s.send(
        "PUT",
        &lead,
        "/api/board/weights/money",
        Some(json!({"weight": 2, "reason": "follow the money"})),
    );
    assert_eq!(st, 403);
    let ws = ok200(
        "weight",
        s.send(
            "PUT",
            &sup,
            "/api/board/weights/money",
            Some(json!({"weight": 2, "reason": "follow the money"})),
        ),
    );
    let money = ws
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["factor"] == "money")
        .unwrap();
    assert_eq!(
        (money["weight"].as_f64(), &money["set_by"]),
        (Some(2.0), &json!("sup"))
    );
    let (st, _) = s.send(
        "PUT",
        &sup,
        "/api/board/weights/luck",
        Some(json!({"weight": 2, "reason": "x"})),
    );
    assert_eq!(st, 400);

    // The outsider: op-a does not exist for them, whatever they ask.
    let (_, none) = s.get(&out, "/api/cases/op-nothing");
    for path in [
        "/api/cases/op-a",
        "/api/cases/op-a/exhibits/JB%2F1",
        "/api/cases/op-a/integrity",
        "/api/cases/op-a/disclosure.csv",
        "/api/cases/op-a/targets/p-boss/bundle.html",
        "/api/cases/op-a/targets/p-boss/charges",
    ] {
        let (st, body) = s.get(&out, path);
        assert_eq!(st, 404, "outsider {path}: {body}");
        assert_eq!(
            body["error"]["message"]
                .as_str()
                .map(|m| m.replace("op-a", "X")),
            none["error"]["message"]
                .as_str()
                .map(|m| m.replace("op-nothing", "X")),
            "{path}: the answer is the one for a name never used: {body}"
        );
    }
    let (st, _) = s.post(&out, "/api/cases/op-a/notes", json!({"text": "planted"}));
    assert_eq!(st, 404);
    let board = ok200("board", s.get(&out, "/api/board"));
    assert!(
        !board.to_string().contains("op-a") && !board.to_string().contains("Karwan"),
        "{board}"
    );

    // Every endpoint is in the OpenAPI document.
    let (_, doc) = s.get(&lead, "/openapi.json");
    for p in [
        "/api/cases",
        "/api/cases/{inv}",
        "/api/cases/{inv}/targets",
        "/api/cases/{inv}/targets/{entity}",
        "/api/cases/{inv}/targets/{entity}/charges",
        "/api/cases/{inv}/targets/{entity}/bundle.html",
        "/api/cases/{inv}/targets/{entity}/bundle.pdf",
        "/api/cases/{inv}/requirements",
        "/api/cases/{inv}/requirements/{id}",
        "/api/cases/{inv}/tasks",
        "/api/cases/{inv}/tasks/{id}",
        "/api/cases/{inv}/decisions",
        "/api/cases/{inv}/notes",
        "/api/cases/{inv}/exhibits",
        "/api/cases/{inv}/exhibits/{reference}",
        "/api/cases/{inv}/exhibits/{reference}/handovers",
        "/api/cases/{inv}/exhibits/{reference}/files",
        "/api/cases/{inv}/integrity",
        "/api/cases/{inv}/disclosure.csv",
        "/api/cases/{inv}/disclosure.pdf",
        "/api/cases/{inv}/disclosure/marks",
        "/api/board",
        "/api/board/weights/{factor}",
    ] {
        assert!(
            doc["paths"].get(p).is_some(),
            "{p} missing from /openapi.json"
        );
    }

    casework_beside(&s, &lead);
    s.stop();
    let log = verified_audit(db, &[]);
    for action in [
        "case.target.add",
        "case.task.add",
        "case.task.update",
        "case.exhibit.handover",
        "case.exhibit.attach",
        "case.exhibit.check",
        "case.board.weight",
        "api.GET /api/cases/{inv}/disclosure.pdf",
    ] {
        assert!(
            log.iter().any(|r| r["action"] == action),
            "{action} not audited"
        );
    }
    let weight = log
        .iter()
        .find(|r| r["action"] == "case.board.weight")
        .unwrap();
    assert_eq!(weight["actor"], "sup");
    assert!(weight["detail"].to_string().contains("follow the money"));
}

/// The rest of the casework API (`api/work.rs`): an investigator's resolution decisions on
/// records they can see, and a document examiner's check of a specimen MRZ.
fn casework_beside(s: &Server, lead: &str) {
    let (st, v) = s.post(
        lead,
        "/api/resolution/decisions",
        json!({"a": "p-small", "b": "p-boss", "verdict": "different", "note": "two people"}),
    );
    assert_eq!(st, 204, "{v}");
    let (st, v) = s.post(
        lead,
        "/api/resolution/decisions",
        json!({"a": "p-boss", "b": "nobody", "verdict": "same"}),
    );
    assert_eq!(st, 404, "{v}");
    let decided = ok200("decisions", s.get(lead, "/api/resolution/decisions"));
    assert_eq!(decided.as_array().unwrap().len(), 1, "{decided}");
    assert_eq!(
        (&decided[0]["a"], &decided[0]["b"], &decided[0]["verdict"]),
        (&json!("p-boss"), &json!("p-small"), &json!("different")),
        "{decided}"
    );
    let exam = s.login("exam");
    let mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    let out = ok200(
        "document check",
        s.post(&exam, "/api/documents/check", json!({"mrz": mrz})),
    );
    let text = out["examination"].to_string();
    assert!(text.contains("L898902C3"), "{text}");
}
