//! Per-request cost limits of `kingpin serve` (page size, offset, hops, search length, body
//! size) and the shape of every error: JSON `{"error": {"code", "message"}}`, including the
//! framework's own rejections (malformed JSON, a missing field, a wrong method, a body over
//! the limit).

mod support;

use serde_json::{Value, json};
use support::*;

fn is_error(v: &Value, code: &str) -> bool {
    v["error"]["code"] == code
        && v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
}

#[test]
fn limits_answer_clear_json_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    write_ftm(
        &dir.path().join("p.jsonl"),
        &[
            json!({"id": "p1", "schema": "Person", "properties": {"name": ["Alan Limit"]}}),
            json!({"id": "p2", "schema": "Person", "properties": {"name": ["Beth Limit"]}}),
        ],
    );
    ok(
        &db,
        &[
            "import",
            dir.path().join("p.jsonl").to_str().unwrap(),
            "--agency",
            "NCA",
        ],
    );
    add_user(&db, "inv", "NCA", "investigator");
    let s = Server::start(&db, &[]);
    let token = s.login("inv");
    let auth = format!("Bearer {token}");

    // Query-string limits.
    for (path, what) in [
        ("/api/search?q=limit&limit=501", "limit"),
        ("/api/search?q=limit&offset=10001", "offset"),
        ("/api/entities/p1/neighbours?limit=0", "limit"),
        ("/api/paths?from=p1&to=p2&max_hops=9", "max_hops"),
        ("/api/paths?from=p1&to=p2&max_hops=0", "max_hops"),
        ("/api/ui/resolution/pairs?limit=101", "limit"),
        ("/api/ui/graph/top?limit=20001", "limit"),
    ] {
        let (st, v) = s.get(&token, path);
        assert_eq!(st, 400, "{path}: {v}");
        assert!(is_error(&v, "bad_request"), "{path}: {v}");
        assert!(
            v["error"]["message"].as_str().unwrap().contains(what),
            "{path}: {v}"
        );
    }
    let long = "a".repeat(201);
    let (st, v) = s.get(&token, &format!("/api/search?q={long}"));
    assert_eq!((st, is_error(&v, "bad_request")), (400, true), "{v}");
    // A query string the handler cannot read at all.
    let (st, v) = s.get(&token, "/api/search?q=x&limit=lots");
    assert_eq!((st, is_error(&v, "bad_request")), (400, true), "{v}");

    // Hops on the UI's path too.
    let (st, v) = s.post(
        &token,
        "/api/ui/graph/path",
        json!({"from": "p1", "to": "p2", "max_hops": 9}),
    );
    assert_eq!((st, is_error(&v, "bad_request")), (400, true), "{v}");

    // Bodies: malformed JSON, a missing field, over the size limit, a wrong content type.
    let url = format!("{}/api/resolution/decisions", s.base);
    let post = || {
        ureq::post(&url)
            .set("Authorization", &auth)
            .set("Content-Type", "application/json")
    };
    let (st, ctype, v) = typed_body(post().send_string("{not json"));
    assert_eq!(st, 400, "{v}");
    assert!(ctype.starts_with("application/json"), "{ctype}");
    assert!(is_error(&v, "bad_request"), "{v}");
    let (st, _, v) = typed_body(post().send_string(r#"{"a": "p1"}"#));
    assert_eq!(st, 422, "{v}");
    assert!(is_error(&v, "unprocessable"), "{v}");
    // Just over the 1 MiB limit: the server answers 413 once it has read 1 MiB and closes the
    // connection, so a body much larger than that could still be in the client's write when
    // the connection goes (a broken pipe instead of the answer). 64 KiB over fits in the
    // sockets' buffers: the whole request is written before the answer is read.
    let big = json!({"a": "p1", "b": "p2", "verdict": "same", "note": "x".repeat((1 << 20) + (64 << 10))});
    let (st, _, v) = typed_body(post().send_string(&big.to_string()));
    assert_eq!(st, 413, "{v}");
    assert!(is_error(&v, "too_large"), "{v}");
    let (st, _, v) = typed_body(
        ureq::post(&url)
            .set("Authorization", &auth)
            .set("Content-Type", "text/plain")
            .send_string("{}"),
    );
    assert_eq!(st, 415, "{v}");
    assert!(is_error(&v, "unsupported_media_type"), "{v}");
    // A note over its own limit (the body is under the server's).
    let (st, v) = s.post(
        &token,
        "/api/resolution/decisions",
        json!({"a": "p1", "b": "p2", "verdict": "same", "note": "x".repeat(1001)}),
    );
    assert_eq!((st, is_error(&v, "bad_request")), (400, true), "{v}");

    // A wrong method and an unknown endpoint.
    let (st, _, v) = typed_body(
        ureq::delete(&format!("{}/api/stats", s.base))
            .set("Authorization", &auth)
            .call(),
    );
    assert_eq!(st, 405, "{v}");
    assert!(is_error(&v, "method_not_allowed"), "{v}");
    let (st, v) = s.get(&token, "/api/no/such/thing");
    assert_eq!((st, is_error(&v, "not_found")), (404, true), "{v}");

    // Within the limits, the same endpoints answer.
    assert_eq!(s.get(&token, "/api/search?q=limit&limit=500").0, 200);
    let (st, v) = s.post(
        &token,
        "/api/resolution/decisions",
        json!({"a": "p1", "b": "p2", "verdict": "same", "note": "x".repeat(1000)}),
    );
    assert_eq!(st, 204, "{v}");
}
