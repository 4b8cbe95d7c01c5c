//! The access matrix through the HTTP API: every role, three agencies, in and out of an
//! investigation, against sources of every releasability. Each source carries unique markers
//! (a name, a phone number, a call to a shared hub); each read path must show a user exactly
//! the markers of the sources they may see — never one more (a leak), never one fewer.

mod support;

use serde_json::{Value, json};
use std::collections::BTreeSet;
use support::*;

/// (tag, owner agency, releasable to, investigation).
const SOURCES: &[(&str, &str, &str, Option<&str>)] = &[
    ("uk", "NCA", "", None),
    ("ukkrg", "NCA", "KRG", None),
    ("ukall", "NCA", "*", None),
    ("krg", "KRG", "", None),
    ("op", "NCA", "", Some("op-alpha")),
    ("opkrg", "NCA", "KRG", Some("op-alpha")),
];

const HUB_PHONE: &str = "phone-+9647500000000";

fn source_lines(i: usize, tag: &str) -> Vec<Value> {
    let phone = format!("phone-+44770090000{i}");
    let mut lines = vec![
        json!({"id": format!("person-{tag}"), "schema": "Person",
               "properties": {"name": [format!("Karwan Mk{tag}x")]}}),
        json!({"id": phone, "schema": "Phone",
               "properties": {"number": [format!("+44770090000{i}")]}}),
        json!({"id": format!("use-{tag}"), "schema": "UsesPhone",
               "properties": {"user": [format!("person-{tag}")], "phone": [phone]}}),
        json!({"id": format!("call-{tag}"), "schema": "Call",
               "properties": {"caller": [phone], "receiver": [HUB_PHONE],
                              "startDate": ["2024-03-05T22:14:00"]}}),
    ];
    // A call of this source between two people everyone sees (described by `ukall`): the
    // projection may draw that edge only for readers of this source.
    lines.push(json!({"id": format!("link-{tag}"), "schema": "Call",
                      "properties": {"caller": [format!("phone-bridge-{tag}")], "receiver": [HUB_PHONE],
                                     "startDate": ["2024-03-06T10:00:00"]}}));
    if tag == "ukall" {
        for (j, (t, ..)) in SOURCES.iter().enumerate() {
            lines.push(json!({"id": format!("phone-bridge-{t}"), "schema": "Phone",
                              "properties": {"number": [format!("+96475000001{j}")]}}));
            lines.push(
                json!({"id": format!("person-bridge-{t}"), "schema": "Person",
                              "properties": {"name": [format!("Bridge Person {j}")]}}),
            );
            lines.push(
                json!({"id": format!("use-bridge-{t}"), "schema": "UsesPhone",
                              "properties": {"user": [format!("person-bridge-{t}")],
                                             "phone": [format!("phone-bridge-{t}")]}}),
            );
        }
        lines.push(json!({"id": HUB_PHONE, "schema": "Phone",
                          "properties": {"number": ["+9647500000000"]}}));
        lines.push(json!({"id": "person-hub", "schema": "Person",
                          "properties": {"name": ["Hub Boss"]}}));
        lines.push(json!({"id": "use-hub", "schema": "UsesPhone",
                          "properties": {"user": ["person-hub"], "phone": [HUB_PHONE]}}));
        // A payment everyone sees, whose payer only the UK-only source describes (as a
        // person): to everyone else the payer is only what the payment says, a legal entity.
        lines.push(json!({"id": "hub-payment", "schema": "Payment",
                          "properties": {"payer": ["hub-payer"], "beneficiary": ["hub-payee"],
                                         "amount": ["900"], "date": ["2024-03-07"]}}));
        lines.push(json!({"id": "hub-payee", "schema": "Company",
                          "properties": {"name": ["Payee Trading"]}}));
    }
    if tag == "uk" {
        lines.push(json!({"id": "hub-payer", "schema": "Person",
                          "properties": {"name": ["Hidden Payer"]}}));
        // A UK-only alias of an entity everyone sees: the entity is visible, this is not.
        lines.push(json!({"id": "person-hub", "schema": "Person",
                          "properties": {"name": ["Mkaliasx"]}}));
    }
    lines
}

const AGENCIES: [&str; 3] = ["NCA", "KRG", "FR"];
const ROLES: [&str; 6] = [
    "analyst",
    "investigator",
    "document_examiner",
    "referral_officer",
    "supervisor",
    "admin",
];

/// Sources a reader of `agency` (member of op-alpha or not) may see.
fn expected(agency: &str, member: bool) -> BTreeSet<&'static str> {
    SOURCES
        .iter()
        .filter(|(_, owner, rel, inv)| {
            let released = *owner == agency || rel.split(',').any(|r| r == agency || r == "*");
            released && (inv.is_none() || member)
        })
        .map(|s| s.0)
        .collect()
}

/// Imports the sources into `db` (a file or a PostgreSQL URL) and adds the users; `dir` holds
/// the source files.
fn setup(dir: &std::path::Path, db: &std::path::Path) {
    let db = db.to_path_buf();
    ok(
        &db,
        &[
            "investigation",
            "add",
            "op-alpha",
            "--agency",
            "NCA",
            "--contact",
            "op.lead@NCA",
        ],
    );
    for (i, (tag, owner, rel, inv)) in SOURCES.iter().enumerate() {
        let file = dir.join(format!("{tag}.jsonl"));
        write_ftm(&file, &source_lines(i, tag));
        let mut args = vec![
            "import",
            file.to_str().unwrap(),
            "--source",
            tag,
            "--agency",
            owner,
        ];
        if !rel.is_empty() {
            args.extend(["--releasable-to", rel]);
        }
        if let Some(inv) = inv {
            args.extend(["--investigation", inv]);
        }
        ok(&db, &args);
    }
    ok(
        &db,
        &[
            "investigation",
            "add",
            "op-beta",
            "--agency",
            "KRG",
            "--contact",
            "beta@KRG",
        ],
    );
    for agency in AGENCIES {
        for role in ROLES {
            for member in [false, true] {
                let name = user_name(agency, role, member);
                add_user(&db, &name, agency, role);
                // Everyone is in one investigation: op-alpha's members, or op-beta's.
                ok(&db, &["investigation", "member", case_of(member), &name]);
            }
        }
    }
    add_case_work(&db);
}

/// The investigation a user of the matrix is a member of.
fn case_of(member: bool) -> &'static str {
    if member { "op-alpha" } else { "op-beta" }
}

/// The work recorded in the two investigations: op-alpha targets the person of every
/// source (so its targets span every releasability), op-beta one everybody sees; each has
/// a task, an exhibit with a handover, a decision and a note.
fn add_case_work(db: &std::path::Path) {
    let owner = |inv: &str| user_name("NCA", "analyst", inv == "op-alpha");
    for (inv, targets, exhibit) in [
        (
            "op-alpha",
            SOURCES.iter().map(|s| s.0).collect::<Vec<_>>(),
            "AA/1",
        ),
        ("op-beta", vec!["ukall"], "BB/1"),
    ] {
        for tag in targets {
            let entity = format!("person-{tag}");
            ok(
                db,
                &[
                    "case",
                    "target",
                    "add",
                    inv,
                    &entity,
                    "--reason",
                    "organiser",
                ],
            );
        }
        ok(
            db,
            &[
                "case",
                "task",
                "add",
                inv,
                &format!("task of {inv}"),
                "--owner",
                &owner(inv),
            ],
        );
        ok(
            db,
            &[
                "case",
                "decide",
                inv,
                &format!("decision of {inv}"),
                "--why",
                "need",
            ],
        );
        ok(db, &["case", "note", inv, &format!("note of {inv}")]);
        ok(
            db,
            &[
                "case",
                "exhibit",
                "add",
                inv,
                exhibit,
                "--kind",
                "phone",
                "--description",
                &format!("exhibit of {inv}"),
                "--seized-by",
                "DC Jones",
                "--seized-at",
                "2026-03-01 06:10",
                "--seized-where",
                "Dover",
                "--location",
                "bag 1",
            ],
        );
        ok(
            db,
            &[
                "case",
                "exhibit",
                "handover",
                inv,
                exhibit,
                "--from",
                "DC Jones",
                "--to",
                "lab",
                "--at",
                "2026-03-02T09:00",
                "--location",
                "lab",
                "--reason",
                "extraction",
            ],
        );
    }
}

fn user_name(agency: &str, role: &str, member: bool) -> String {
    format!(
        "{}.{}{}",
        agency.to_lowercase(),
        role,
        if member { ".op" } else { "" }
    )
}

fn ids(v: &Value, key: &str) -> BTreeSet<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["entity"][key].as_str().unwrap().to_string())
        .collect()
}

/// Checks every read path for one user; returns how many checks ran.
fn check_user(s: &Server, agency: &str, role: &str, member: bool) -> usize {
    let name = user_name(agency, role, member);
    let token = s.login(&name);
    let who = format!("{name} ({agency}, {role}, member: {member})");
    let reads = role != "admin";
    let want = if reads {
        expected(agency, member)
    } else {
        BTreeSet::new()
    };
    let mut checks = 0;

    let (st, stats) = s.get(&token, "/api/stats");
    if !reads {
        assert_eq!(st, 403, "{who}: stats must be refused");
        for path in [
            "/api/search?q=Karwan",
            "/api/entities/person-hub",
            "/api/sources",
        ] {
            assert_eq!(s.get(&token, path).0, 403, "{who}: {path}");
        }
        // Investigations too: the role reads nothing, in any investigation.
        for path in [
            "/api/cases",
            "/api/cases/op-alpha",
            "/api/cases/op-beta",
            "/api/board",
        ] {
            assert_eq!(s.get(&token, path).0, 403, "{who}: {path}");
        }
        return 8;
    }
    assert_eq!(st, 200, "{who}: {stats}");
    // 5 entities per visible source; the hub's 3, the bridges' 18 and the payment's 3 come
    // with `ukall`.
    assert_eq!(
        stats["entities"],
        5 * want.len() as u64 + 24,
        "{who}: {stats}"
    );
    assert_eq!(stats["sources"], want.len() as u64, "{who}");
    checks += 2;

    let (_, sources) = s.get(&token, "/api/sources");
    let names: BTreeSet<&str> = sources
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, want, "{who}: sources");
    checks += 1;

    for (i, (tag, ..)) in SOURCES.iter().enumerate() {
        let visible = want.contains(tag);
        // Search by name and by phone number.
        let (st, hits) = s.get(&token, &format!("/api/search?q=Mk{tag}x"));
        assert_eq!(st, 200);
        let found = ids(&hits, "id");
        let expect: BTreeSet<String> = if visible {
            [format!("person-{tag}")].into()
        } else {
            BTreeSet::new()
        };
        assert_eq!(found, expect, "{who}: search Mk{tag}x");
        let (_, hits) = s.get(&token, &format!("/api/search?q=44770090000{i}"));
        assert_eq!(
            ids(&hits, "id").len(),
            visible as usize,
            "{who}: search phone {i}: {hits}"
        );
        // Direct reads.
        for id in [
            format!("person-{tag}"),
            format!("call-{tag}"),
            format!("phone-+44770090000{i}"),
        ] {
            let (st, e) = s.get(&token, &format!("/api/entities/{id}"));
            assert_eq!(
                st,
                if visible { 200 } else { 404 },
                "{who}: entity {id}: {e}"
            );
        }
        // Neighbours of a source's phone.
        let (st, _) = s.get(
            &token,
            &format!("/api/entities/phone-+44770090000{i}/neighbours"),
        );
        assert_eq!(
            st,
            if visible { 200 } else { 404 },
            "{who}: neighbours of phone {i}"
        );
        checks += 6;
    }

    // The hub everyone sees: its callers are exactly the visible sources' calls.
    let (st, n) = s.get(
        &token,
        &format!("/api/entities/{HUB_PHONE}/neighbours?limit=500"),
    );
    assert_eq!(st, 200, "{who}: {n}");
    let calls: BTreeSet<String> = ids(&n, "id")
        .into_iter()
        .filter(|id| id.starts_with("call-") || id.starts_with("link-"))
        .map(|id| id.replace("link-", "call-"))
        .collect();
    let expect: BTreeSet<String> = want.iter().map(|t| format!("call-{t}")).collect();
    assert_eq!(calls, expect, "{who}: hub neighbours");
    // The hub person's UK-only alias.
    let (_, hub) = s.get(&token, "/api/entities/person-hub");
    let names: Vec<&str> = hub["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|st| st["prop"] == "name")
        .map(|st| st["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.contains(&"Mkaliasx"),
        want.contains("uk"),
        "{who}: {names:?}"
    );
    // The payer only the UK-only source describes: a person to its readers, to everyone
    // else only the legal entity the payment names, through every read.
    let payer_schema = if want.contains("uk") {
        "Person"
    } else {
        "LegalEntity"
    };
    let (st, payer) = s.get(&token, "/api/entities/hub-payer");
    assert_eq!(st, 200, "{who}: {payer}");
    assert_eq!(payer["schema"], payer_schema, "{who}: {payer}");
    let (_, n) = s.get(&token, "/api/entities/hub-payment/neighbours");
    let shown: Vec<&Value> = n["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["entity"]["id"] == "hub-payer")
        .collect();
    assert_eq!(shown.len(), 1, "{who}: {n}");
    assert_eq!(shown[0]["entity"]["schema"], payer_schema, "{who}: {n}");
    let persons = stats["schemata"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["schema"] == "Person")
        .map_or(0, |c| c["count"].as_u64().unwrap());
    // A person per visible source, the hub and the six bridge people, and the payer if seen.
    assert_eq!(
        persons,
        want.len() as u64 + 7 + want.contains("uk") as u64,
        "{who}: {stats}"
    );
    let (_, hits) = s.get(&token, "/api/search?q=Mkaliasx");
    assert_eq!(
        ids(&hits, "id").len(),
        want.contains("uk") as usize,
        "{who}: alias search"
    );
    checks
        + 8
        + check_analysis(s, &token, &who, role, &want)
        + check_cases(s, &token, &who, role, member, &want)
}

/// Investigations: a user sees their own investigation's work — only the targets whose
/// entity they may see — and nothing of the other one, which answers as if it did not exist.
fn check_cases(
    s: &Server,
    token: &str,
    who: &str,
    role: &str,
    member: bool,
    want: &BTreeSet<&str>,
) -> usize {
    let (mine, other) = (case_of(member), case_of(!member));
    let (mine_ex, other_ex) = if member {
        ("AA%2F1", "BB%2F1")
    } else {
        ("BB%2F1", "AA%2F1")
    };
    let targets: Vec<&str> = if member {
        SOURCES.iter().map(|s| s.0).collect()
    } else {
        vec!["ukall"]
    };
    let mut checks = 0;
    let (_, list) = s.get(token, "/api/cases");
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [mine], "{who}: investigations listed");
    let (st, d) = s.get(token, &format!("/api/cases/{mine}"));
    assert_eq!(st, 200, "{who}: {d}");
    let shown: BTreeSet<String> = d["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["entity"].as_str().unwrap().to_string())
        .collect();
    let expect: BTreeSet<String> = targets
        .iter()
        .filter(|t| want.contains(*t))
        .map(|t| format!("person-{t}"))
        .collect();
    assert_eq!(shown, expect, "{who}: targets of {mine}");
    assert_eq!(
        d["exhibits"][0]["custody"].as_array().unwrap().len(),
        2,
        "{who}"
    );
    assert_eq!(d["notes"][0]["text"], format!("note of {mine}"), "{who}");
    assert!(
        !d.to_string().contains(other),
        "{who}: {mine} names {other}"
    );
    checks += 5;
    // Per target of op-alpha: charge readiness and the bundle, for visible targets of one's
    // own investigation only.
    for (tag, ..) in SOURCES {
        let expect = if member && want.contains(tag) {
            200
        } else {
            404
        };
        for what in ["charges", "bundle.html"] {
            let path = format!("/api/cases/op-alpha/targets/person-{tag}/{what}");
            let (st, body) = s.get(token, &path);
            assert_eq!(st, expect, "{who}: {path}: {body}");
            checks += 1;
        }
    }
    // The other investigation: not found, through every path, as a made-up name is.
    for inv in [other, "op-nonexistent"] {
        let ex = if inv == other { other_ex } else { "AA%2F1" };
        for path in [
            format!("/api/cases/{inv}"),
            format!("/api/cases/{inv}/exhibits/{ex}"),
            format!("/api/cases/{inv}/integrity"),
            format!("/api/cases/{inv}/disclosure.csv"),
            format!("/api/cases/{inv}/targets/person-ukall/bundle.html"),
        ] {
            let (st, body) = s.get(token, &path);
            assert_eq!(st, 404, "{who}: {path}: {body}");
            assert_eq!(
                body["error"]["message"],
                format!("no investigation \"{inv}\""),
                "{who}: {path}"
            );
            checks += 1;
        }
    }
    // Own material: the exhibit, the schedule — listing the compartment's sources the user
    // may see, and no other.
    let (st, _) = s.get(token, &format!("/api/cases/{mine}/exhibits/{mine_ex}"));
    assert_eq!(st, 200, "{who}");
    let (st, _, csv) = s.get_raw(token, &format!("/api/cases/{mine}/disclosure.csv"));
    assert_eq!(st, 200, "{who}");
    let csv = String::from_utf8(csv).unwrap();
    for (tag, _, _, inv) in SOURCES {
        let listed = csv.contains(&format!("source:{tag},"));
        assert_eq!(
            listed,
            *inv == Some(mine) && want.contains(tag),
            "{who}: {tag} in {csv}"
        );
    }
    checks += 2 + SOURCES.len();
    // Writing: only roles doing case work, only into their own investigation.
    let works = matches!(role, "analyst" | "investigator" | "supervisor");
    let note = json!({"text": format!("by {who}")});
    let (st, body) = s.post(token, &format!("/api/cases/{other}/notes"), note.clone());
    assert_eq!(
        st,
        if works { 404 } else { 403 },
        "{who}: note into {other}: {body}"
    );
    let (st, body) = s.post(token, &format!("/api/cases/{mine}/notes"), note);
    assert_eq!(
        st,
        if works { 200 } else { 403 },
        "{who}: note into {mine}: {body}"
    );
    checks += 2;
    // The board: one's own investigation and visible targets, the other never named.
    let analyses = matches!(role, "analyst" | "investigator" | "supervisor");
    let (st, board) = s.get(token, "/api/board?depth=2");
    if !analyses {
        assert_eq!(st, 403, "{who}: board");
        return checks + 1;
    }
    assert_eq!(st, 200, "{who}: {board}");
    let invs = board["investigations"].as_array().unwrap();
    assert_eq!(invs.len(), 1, "{who}: {board}");
    assert_eq!(invs[0]["investigation"], mine, "{who}");
    let ranked: BTreeSet<String> = invs[0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["entity"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ranked, expect, "{who}: board targets");
    assert!(
        !board.to_string().contains(other),
        "{who}: the board names {other}"
    );
    for f in invs[0]["factors"].as_array().unwrap() {
        assert!(!f["reason"].as_str().unwrap().is_empty(), "{who}: {f}");
    }
    checks + 5
}

/// Paths, rankings and exports: derived results hold nothing of invisible sources.
fn check_analysis(s: &Server, token: &str, who: &str, role: &str, want: &BTreeSet<&str>) -> usize {
    let analyses = matches!(role, "analyst" | "investigator" | "supervisor");
    let mut checks = 0;
    for (tag, ..) in SOURCES {
        let expect = match (analyses, want.contains(tag)) {
            (false, _) => 403,
            (true, true) => 200,
            (true, false) => 404,
        };
        let (st, body) = s.get(
            token,
            &format!("/api/paths?from=person-{tag}&to=person-hub"),
        );
        assert_eq!(st, expect, "{who}: path from person-{tag}: {body}");
        // Both ends are visible to all; the only link between them is this source's call.
        let (st, body) = s.get(
            token,
            &format!("/api/paths?from=person-bridge-{tag}&to=person-hub&max_hops=1"),
        );
        assert_eq!(st, expect, "{who}: bridge path for {tag}: {body}");
        checks += 2;
    }
    // The ranking ranks only what is visible, and names nothing else.
    let (st, rank) = s.get(token, "/api/rank?limit=500");
    if analyses {
        assert_eq!(st, 200, "{who}: {rank}");
        let mut ranked = BTreeSet::new();
        for item in rank["items"].as_array().unwrap() {
            for m in item["members"].as_array().unwrap() {
                ranked.insert(m.as_str().unwrap().to_string());
            }
            for e in item["evidence"].as_array().unwrap() {
                for node in e["path"].as_array().unwrap() {
                    let n = node.as_str().unwrap();
                    assert!(visible_id(n, want), "{who}: evidence names {n}");
                }
            }
        }
        for m in &ranked {
            assert!(visible_id(m, want), "{who}: rank shows {m}");
        }
        for tag in want {
            assert!(
                ranked.contains(&format!("person-{tag}")),
                "{who}: {tag} not ranked"
            );
        }
        assert!(
            want.contains("uk") || !rank.to_string().contains("Mkaliasx"),
            "{who}: UK-only alias in the ranking"
        );
    } else {
        assert_eq!(st, 403, "{who}: rank");
    }
    checks + check_export(s, token, who, role, want)
}

/// Export: exactly the visible entities, and no invisible statement.
fn check_export(s: &Server, token: &str, who: &str, role: &str, want: &BTreeSet<&str>) -> usize {
    let analyses = matches!(role, "analyst" | "investigator" | "supervisor");
    let r = ureq::get(&format!("{}/api/export", s.base))
        .set("Authorization", &format!("Bearer {token}"))
        .call();
    match r {
        Ok(resp) => {
            assert!(analyses, "{who}: export allowed");
            let text = resp.into_string().unwrap();
            let mut exported = BTreeSet::new();
            for line in text.lines() {
                let v: Value = serde_json::from_str(line).unwrap();
                exported.insert(v["id"].as_str().unwrap().to_string());
            }
            for id in &exported {
                assert!(visible_id(id, want), "{who}: export has {id}");
            }
            assert_eq!(
                text.contains("Mkaliasx"),
                want.contains("uk"),
                "{who}: export alias"
            );
            // The payer's only statements are UK-only.
            assert_eq!(
                exported.len(),
                5 * want.len() + 23 + want.contains("uk") as usize,
                "{who}: {exported:?}"
            );
        }
        Err(ureq::Error::Status(code, _)) => {
            assert!(!analyses && code == 403, "{who}: export {code}")
        }
        Err(e) => panic!("{e}"),
    }
    2
}

/// Whether an id belongs to a visible source (or to `ukall`'s hub and bridges, seen by all).
fn visible_id(id: &str, want: &BTreeSet<&str>) -> bool {
    if id.ends_with("-hub") || id == HUB_PHONE || id.contains("-bridge-") || id.starts_with("hub-")
    {
        return true;
    }
    SOURCES.iter().enumerate().any(|(i, (tag, ..))| {
        want.contains(tag)
            && (id.ends_with(&format!("-{tag}")) || id == format!("phone-+44770090000{i}"))
    })
}

#[test]
fn access_matrix_has_no_leaks() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path(), "k.db") {
        access_matrix_on(dir.path(), &db);
    }
}

fn access_matrix_on(dir: &std::path::Path, db: &std::path::Path) {
    setup(dir, db);
    let db = db.to_path_buf();
    let s = Server::start(&db, &[]);
    let mut checks = 0;
    for agency in AGENCIES {
        for role in ROLES {
            for member in [false, true] {
                checks += check_user(&s, agency, role, member);
            }
        }
    }
    // Every request above was recorded, and the chain is intact.
    s.stop();
    let verified = ok(&db, &["audit", "verify"]);
    assert!(verified.starts_with("audit log intact"), "{verified}");
    let log = ok(
        &db,
        &[
            "audit",
            "log",
            "--actor",
            "krg.analyst",
            "--json",
            "--limit",
            "1000",
        ],
    );
    assert!(log.contains("api.GET /api/search"), "{log}");
    assert!(checks > 1000, "{checks}");
}
