//! Deconfliction through the API: two agencies' investigations hold the same phone number;
//! both supervisors are alerted with whom to call, and neither sees the other's entities.
//! Uploads go through `POST /api/imports` as a browser form would send them.

mod support;

use serde_json::{Value, json};
use support::*;

/// Uploads FtM lines into an investigation; the JSON answer.
fn upload(
    s: &Server,
    token: &str,
    name: &str,
    lines: &[Value],
    investigation: &str,
) -> (u16, Value) {
    let boundary = "kingpinboundary7MA4YWxk";
    let file: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{file}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\nftm\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"investigation\"\r\n\r\n{investigation}\r\n\
         --{boundary}--\r\n"
    );
    body_of(
        ureq::post(&format!("{}/api/imports", s.base))
            .set("Authorization", &format!("Bearer {token}"))
            .set(
                "Content-Type",
                &format!("multipart/form-data; boundary={boundary}"),
            )
            .send_string(&body),
    )
}

fn body_of(r: Result<ureq::Response, ureq::Error>) -> (u16, Value) {
    body(r)
}

#[test]
fn shared_phone_alerts_both_supervisors_without_sharing_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    add_user(&db, "nca.sup", "NCA", "supervisor");
    add_user(&db, "krg.sup", "KRG", "supervisor");
    add_user(&db, "nca.analyst", "NCA", "analyst");
    ok(
        &db,
        &[
            "investigation",
            "add",
            "op-nca",
            "--agency",
            "NCA",
            "--contact",
            "nca.sup@NCA, +44 20 7946 0000",
        ],
    );
    ok(
        &db,
        &[
            "investigation",
            "add",
            "op-krg",
            "--agency",
            "KRG",
            "--contact",
            "krg.sup@KRG",
        ],
    );
    ok(&db, &["investigation", "member", "op-nca", "nca.sup"]);
    ok(&db, &["investigation", "member", "op-krg", "krg.sup"]);
    let s = Server::start(&db, &[]);
    let nca = s.login("nca.sup");
    let krg = s.login("krg.sup");

    // A supervisor may only place imports in investigations they belong to.
    let (st, _) = upload(
        &s,
        &nca,
        "x.jsonl",
        &[json!({"id": "x", "schema": "Person", "properties": {"name": ["X"]}})],
        "op-krg",
    );
    assert_eq!(st, 403);

    let (st, r) = upload(
        &s,
        &nca,
        "nca-subscribers.jsonl",
        &[
            json!({"id": "nca-phone-1", "schema": "Phone", "properties": {"number": ["+447700900555"]}}),
            json!({"id": "nca-person-1", "schema": "Person", "properties": {"name": ["Rebwar Ncasubject"]}}),
        ],
        "op-nca",
    );
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["agency"], "NCA");
    assert_eq!(r["deconfliction_alerts"], 0);
    let (st, r) = upload(
        &s,
        &krg,
        "krg-intercepts.jsonl",
        &[
            json!({"id": "krg-phone-9", "schema": "Phone", "properties": {"number": ["+44 7700 900555"]}}),
            json!({"id": "krg-person-9", "schema": "Person", "properties": {"name": ["Azad Krgsubject"]}}),
        ],
        "op-krg",
    );
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["deconfliction_alerts"], 1, "{r}");

    // Both supervisors are alerted, each about their own investigation and own entity.
    let (st, a) = s.get(&nca, "/api/deconfliction");
    assert_eq!(st, 200);
    assert_eq!(a.as_array().unwrap().len(), 1, "{a}");
    assert_eq!(a[0]["investigation"], "op-nca");
    assert_eq!(a[0]["other_agency"], "KRG");
    assert_eq!(a[0]["contact"], "krg.sup@KRG");
    assert_eq!(a[0]["own_entities"], json!(["nca-phone-1"]));
    assert_eq!(a[0]["kinds"], json!(["phone"]));
    let (_, b) = s.get(&krg, "/api/deconfliction");
    assert_eq!(b.as_array().unwrap().len(), 1, "{b}");
    assert_eq!(b[0]["investigation"], "op-krg");
    assert_eq!(b[0]["other_agency"], "NCA");
    assert_eq!(b[0]["contact"], "nca.sup@NCA, +44 20 7946 0000");
    assert_eq!(b[0]["own_entities"], json!(["krg-phone-9"]));
    // Nothing of the other side leaks through the alert…
    for text in [a.to_string(), b.to_string()] {
        for other in ["op-krg\"", "krg-phone-9\"", "Krgsubject"] {
            if text.contains("\"op-nca\"") {
                assert!(!text.contains(other), "{text}");
            }
        }
        assert!(
            !text.contains("900555"),
            "the shared number itself is not in the alert: {text}"
        );
    }
    // …nor through reads.
    assert_eq!(s.get(&nca, "/api/entities/krg-phone-9").0, 404);
    assert_eq!(s.get(&krg, "/api/entities/nca-phone-1").0, 404);
    let (_, hits) = s.get(&nca, "/api/search?q=447700900555");
    let found: Vec<&str> = hits["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["entity"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(found, vec!["nca-phone-1"]);
    assert_eq!(
        s.get(&nca, "/api/search?q=Krgsubject").1["items"],
        json!([])
    );

    // Analysts do not get alerts; the audit of the uploads is there.
    let analyst = s.login("nca.analyst");
    assert_eq!(s.get(&analyst, "/api/deconfliction").0, 403);
    // The analyst is not in op-nca: the compartment hides it even within NCA.
    assert_eq!(s.get(&analyst, "/api/entities/nca-phone-1").0, 404);
    let (st, audit) = s.get(&nca, "/api/audit?action=import");
    assert_eq!(st, 200);
    let actors: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["actor"].as_str().unwrap())
        .collect();
    assert_eq!(
        actors,
        vec!["nca.sup"],
        "supervisors see their own agency's records only: {audit}"
    );
    s.stop();
    assert!(ok(&db, &["audit", "verify"]).starts_with("audit log intact"));
}
