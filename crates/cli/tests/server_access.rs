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
    if tag == "ukall" {
        lines.push(json!({"id": HUB_PHONE, "schema": "Phone",
                          "properties": {"number": ["+9647500000000"]}}));
        lines.push(json!({"id": "person-hub", "schema": "Person",
                          "properties": {"name": ["Hub Boss"]}}));
        lines.push(json!({"id": "use-hub", "schema": "UsesPhone",
                          "properties": {"user": ["person-hub"], "phone": [HUB_PHONE]}}));
    }
    if tag == "uk" {
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

fn setup(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("k.db");
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
    for agency in AGENCIES {
        for role in ROLES {
            for member in [false, true] {
                let name = user_name(agency, role, member);
                add_user(&db, &name, agency, role);
                if member {
                    ok(&db, &["investigation", "member", "op-alpha", &name]);
                }
            }
        }
    }
    db
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
        return 4;
    }
    assert_eq!(st, 200, "{who}: {stats}");
    // 4 entities per visible source; the hub's 3 come with the `ukall` source.
    assert_eq!(
        stats["entities"],
        4 * want.len() as u64 + 3,
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
        .filter(|id| id.starts_with("call-"))
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
    let (_, hits) = s.get(&token, "/api/search?q=Mkaliasx");
    assert_eq!(
        ids(&hits, "id").len(),
        want.contains("uk") as usize,
        "{who}: alias search"
    );
    checks + 4
}

#[test]
fn access_matrix_has_no_leaks() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
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
