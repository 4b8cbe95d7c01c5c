//! The web UI's endpoints (`/api/ui/...`) through HTTP: a UK-only source and one released to
//! the KRG, linked through a shared hub; every UI read path must show a KRG user nothing of
//! the UK-only source (timeline, chart expansion, the network's top nodes, paths, leaders,
//! saved charts, resolution pairs, document cross-checks), and an NCA user all of it. Also the
//! static front end: served with a same-origin-only content security policy, no path escapes.

mod support;

use serde_json::{Value, json};
use support::*;

const HUB_PHONE: &str = "phone-+9647500000000";
const MRZ: &str =
    "P<IRQRASHID<<OMAR<<<<<<<<<<<<<<<<<<<<<<<<<<<\nA1234567<6IRQ9005156M3001019<<<<<<<<<<<<<<00";

fn lines(tag: &str, i: usize) -> Vec<Value> {
    let phone = format!("phone-+44770090000{i}");
    let mut v = vec![
        json!({"id": format!("person-{tag}"), "schema": "Person",
               "properties": {"name": [format!("Karwan Mk{tag}x")], "birthDate": ["1988-02-01"]}}),
        json!({"id": phone, "schema": "Phone", "properties": {"number": [format!("+44770090000{i}")]}}),
        json!({"id": format!("use-{tag}"), "schema": "UsesPhone",
               "properties": {"user": [format!("person-{tag}")], "phone": [phone]}}),
        json!({"id": format!("call-{tag}"), "schema": "Call",
               "properties": {"caller": [phone], "receiver": [HUB_PHONE], "startDate": ["2024-03-05T22:14:00"]}}),
    ];
    if tag == "shared" {
        v.push(json!({"id": HUB_PHONE, "schema": "Phone", "properties": {"number": ["+9647500000000"]}}));
        v.push(
            json!({"id": "person-hub", "schema": "Person", "properties": {"name": ["Hub Boss"]}}),
        );
        v.push(json!({"id": "use-hub", "schema": "UsesPhone",
                      "properties": {"user": ["person-hub"], "phone": [HUB_PHONE]}}));
    } else {
        v.push(json!({"id": "doc-uk", "schema": "Document", "properties": {"number": ["A1234567"],
            "issuingState": ["IRQ"], "holder": ["person-uk"], "surname": ["MKUKX"], "givenName": ["KARWAN"],
            "birthDate": ["1988-02-01"]}}));
    }
    v
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
            "lead@nca",
        ],
    );
    for (i, (tag, rel)) in [("uk", ""), ("shared", "KRG")].iter().enumerate() {
        import_ftm_source(&db, dir, tag, &lines(tag, i), "NCA", rel);
    }
    for (name, agency, role) in [
        ("nca", "NCA", "investigator"),
        ("krg", "KRG", "investigator"),
        ("krg.out", "KRG", "analyst"),
        ("nca.lab", "NCA", "document_examiner"),
        ("krg.lab", "KRG", "document_examiner"),
    ] {
        add_user(&db, name, agency, role);
    }
    ok(&db, &["investigation", "member", "op-alpha", "nca"]);
    ok(&db, &["investigation", "member", "op-alpha", "krg"]);
    db
}

fn mentions_uk(v: &Value) -> bool {
    let t = v.to_string();
    t.contains("person-uk")
        || t.contains("Mkukx")
        || t.contains("447700900000")
        || t.contains("doc-uk")
}

#[test]
fn ui_endpoints_show_a_partner_nothing_of_a_uk_only_source() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let s = Server::start(&db, &[]);
    let (nca, krg) = (s.login("nca"), s.login("krg"));

    // Timeline of the hub: the UK-only call is there for the NCA only.
    let (st, t) = s.get(&nca, "/api/ui/entities/person-hub/timeline");
    assert_eq!(st, 200, "{t}");
    assert_eq!(t["events"].as_array().unwrap().len(), 2, "{t}");
    assert!(mentions_uk(&t));
    let (_, t) = s.get(&krg, "/api/ui/entities/person-hub/timeline");
    assert_eq!(t["events"].as_array().unwrap().len(), 1, "{t}");
    assert!(!mentions_uk(&t), "timeline leaks: {t}");

    // Chart expansion, the network's top nodes, leaders.
    let expand = json!({"ids": ["person-hub"], "have": ["person-uk"]});
    let (st, g) = s.post(&nca, "/api/ui/graph/expand", expand.clone());
    assert_eq!(st, 200, "{g}");
    assert!(mentions_uk(&g));
    let (_, g) = s.post(&krg, "/api/ui/graph/expand", expand);
    assert!(!mentions_uk(&g), "expand leaks: {g}");
    assert!(g.to_string().contains("person-shared"), "{g}");
    for path in ["/api/ui/graph/top?limit=100", "/api/ui/leaders?top=10"] {
        let (st, v) = s.get(&krg, path);
        assert_eq!(st, 200, "{path}: {v}");
        assert!(!mentions_uk(&v), "{path} leaks: {v}");
        assert!(mentions_uk(&s.get(&nca, path).1), "{path}: the NCA sees it");
    }
    let path = json!({"from": "person-shared", "to": "person-uk"});
    let (st, p) = s.post(&nca, "/api/ui/graph/path", path.clone());
    assert_eq!((st, p["hops"].as_u64()), (200, Some(2)), "{p}");
    assert_eq!(s.post(&krg, "/api/ui/graph/path", path).0, 404);
    let (st, _) = s.get(&nca, "/api/ui/graph/top?edge_types=telepathy");
    assert_eq!(st, 400);

    // A chart saved by the NCA in a shared investigation opens for the KRG member without
    // the UK-only node; a non-member can neither list nor open it.
    let chart = json!({"investigation": "op-alpha", "name": "hub",
        "chart": {"positions": {"person-uk": [1, 2], "person-shared": [3, 4], "person-hub": [5, 6]},
                  "filters": {}, "layout": "fcose"}});
    let (st, saved) = s.post(&nca, "/api/ui/charts", chart.clone());
    assert_eq!(st, 200, "{saved}");
    let id = saved["id"].as_i64().unwrap();
    let (st, c) = s.get(&krg, &format!("/api/ui/charts/{id}"));
    assert_eq!(st, 200, "{c}");
    assert_eq!(c["withheld"], 1);
    assert!(!mentions_uk(&c), "saved chart leaks: {c}");
    let (_, c) = s.get(&nca, &format!("/api/ui/charts/{id}"));
    assert_eq!(c["withheld"], 0);
    let out = s.login("krg.out");
    assert_eq!(s.get(&out, "/api/ui/charts?investigation=op-alpha").0, 403);
    assert_eq!(s.get(&out, &format!("/api/ui/charts/{id}")).0, 404);
    assert_eq!(s.post(&out, "/api/ui/charts", chart).0, 403);

    // Resolution: the KRG's pairs never hold the UK-only record, nor may it be judged.
    for status in ["review", "linked", "decided"] {
        let (st, v) = s.get(&krg, &format!("/api/ui/resolution/pairs?status={status}"));
        assert_eq!(st, 200, "{v}");
        assert!(!mentions_uk(&v), "pairs leak: {v}");
    }
    assert!(!mentions_uk(&s.get(&krg, "/api/ui/resolution/clusters").1));
    let decide = json!({"a": "person-uk", "b": "person-shared", "verdict": "same"});
    assert_eq!(
        s.post(&krg, "/api/ui/resolution/decide", decide.clone()).0,
        404
    );
    assert_eq!(
        s.post(&out, "/api/ui/resolution/decide", decide.clone()).0,
        403
    );
    let (st, d) = s.post(&nca, "/api/ui/resolution/decide", decide);
    assert_eq!((st, d["decided_by"].as_str()), (200, Some("nca")), "{d}");
    let (_, v) = s.get(&nca, "/api/ui/resolution/pairs?status=decided");
    assert_eq!(v["items"][0]["decision"], "same", "{v}");

    // Document check: only the NCA examiner learns the number is held by someone else.
    let check = json!({"mrz": MRZ});
    assert_eq!(
        s.post(&nca, "/api/ui/doc/check", check.clone()).0,
        403,
        "investigators do not examine"
    );
    let (st, e) = s.post(&s.login("nca.lab"), "/api/ui/doc/check", check.clone());
    assert_eq!(st, 200, "{e}");
    assert_eq!(e["outcome"], "invalid", "{e}");
    assert!(e.to_string().contains("DOC_NUMBER_OTHER_HOLDER"));
    let (_, e) = s.post(&s.login("krg.lab"), "/api/ui/doc/check", check);
    assert_eq!(e["outcome"], "clear", "{e}");
    assert!(!mentions_uk(&e), "doc check leaks: {e}");

    // Every UI endpoint is in the OpenAPI document.
    let (_, doc) = s.get(&nca, "/openapi.json");
    for p in [
        "/api/ui/graph/expand",
        "/api/ui/leaders",
        "/api/ui/doc/check",
        "/api/ui/charts/{id}",
        "/api/ui/resolution/pairs",
        "/api/ui/entities/{id}/timeline",
    ] {
        assert!(
            doc["paths"].get(p).is_some(),
            "{p} missing from /openapi.json"
        );
    }
    s.stop();
}

#[test]
fn the_front_end_is_served_same_origin_only_and_never_outside_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    add_user(&db, "someone", "NCA", "analyst");
    let web = dir.path().join("dist");
    std::fs::create_dir_all(web.join("assets")).unwrap();
    std::fs::write(web.join("index.html"), "<!doctype html><title>k</title>").unwrap();
    std::fs::write(web.join("assets/app-1.js"), "console.log(1)").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let s = Server::start(&db, &["--web", web.to_str().unwrap()]);
    let r = ureq::get(&format!("{}/", s.base)).call().unwrap();
    let csp = r.header("content-security-policy").unwrap().to_string();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(r.into_string().unwrap().contains("<title>k</title>"));
    let r = ureq::get(&format!("{}/assets/app-1.js", s.base))
        .call()
        .unwrap();
    assert_eq!(
        r.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    for bad in [
        "/assets/../secret.txt",
        "/assets/..%2F..%2Fsecret.txt",
        "/assets/%2e%2e/secret.txt",
    ] {
        let st = match ureq::get(&format!("{}{bad}", s.base)).call() {
            Ok(r) => r.status(),
            Err(ureq::Error::Status(c, _)) => c,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(st, 404, "{bad}");
    }
    s.stop();
}
