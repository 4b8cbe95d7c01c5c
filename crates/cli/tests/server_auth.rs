//! Logging in to `kingpin serve` as a user would: bearer tokens and cookies, wrong passwords,
//! lock-out, expiry, logout, disabled accounts; every attempt lands in the audit log.

mod support;

use serde_json::json;
use support::*;

fn login_status(s: &Server, user: &str, password: &str) -> (u16, serde_json::Value) {
    body(
        ureq::post(&format!("{}/api/login", s.base))
            .send_json(json!({ "user": user, "password": password })),
    )
}

#[test]
fn login_cookie_lockout_logout_and_disable() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path(), "k.db") {
        login_cookie_lockout_logout_and_disable_on(&db);
    }
}

fn login_cookie_lockout_logout_and_disable_on(db: &std::path::Path) {
    let db = db.to_path_buf();
    add_user(&db, "ana", "NCA", "analyst");
    add_user(&db, "bob", "NCA", "analyst");
    let s = Server::start(&db, &["--max-failures", "3", "--lockout-secs", "3600"]);

    // No session: 401 with a JSON error.
    let (st, e) = body(ureq::get(&format!("{}/api/me", s.base)).call());
    assert_eq!(st, 401);
    assert_eq!(e["error"]["code"], "unauthorized");

    // Bearer token.
    let token = s.login("ana");
    let (st, me) = s.get(&token, "/api/me");
    assert_eq!(st, 200);
    assert_eq!(me["user"]["name"], "ana");
    assert_eq!(me["user"]["agency"], "NCA");
    assert!(
        me["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("read"))
    );
    assert!(me["user"].get("password").is_none());

    // Cookie: HttpOnly, and it authenticates on its own.
    let r = ureq::post(&format!("{}/api/login", s.base))
        .send_json(json!({ "user": "bob", "password": PASSWORD }))
        .unwrap();
    let cookie = r.header("set-cookie").unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_string();
    let (st, me) = body(
        ureq::get(&format!("{}/api/me", s.base))
            .set("Cookie", &pair)
            .call(),
    );
    assert_eq!((st, me["user"]["name"].as_str()), (200, Some("bob")));

    // Wrong passwords lock the account after 3; then even the right one is refused.
    for _ in 0..3 {
        let (st, e) = login_status(&s, "bob", "wrong password!");
        assert_eq!(st, 401, "{e}");
    }
    let (st, e) = login_status(&s, "bob", PASSWORD);
    assert_eq!(st, 423, "{e}");
    assert_eq!(e["error"]["code"], "locked");
    // Unknown users get the same answer as wrong passwords.
    assert_eq!(login_status(&s, "nobody", PASSWORD).0, 401);
    // The administrator lifts the lock.
    ok(&db, &["user", "unlock", "bob"]);
    assert_eq!(login_status(&s, "bob", PASSWORD).0, 200);

    // Logout ends the session.
    let (st, _) = s.post(&token, "/api/logout", json!({}));
    assert_eq!(st, 204);
    assert_eq!(s.get(&token, "/api/me").0, 401);

    // Disabling ends sessions and refuses logins.
    let token = s.login("ana");
    ok(&db, &["user", "disable", "ana"]);
    assert_eq!(s.get(&token, "/api/me").0, 401);
    assert_eq!(login_status(&s, "ana", PASSWORD).0, 401);
    let listing = ok(&db, &["user", "list"]);
    assert!(
        listing.contains("ana") && listing.contains("disabled"),
        "{listing}"
    );

    s.stop();
    // Failed and successful logins are in the audit log under the name tried.
    let log = ok(&db, &["audit", "log", "--actor", "bob", "--json"]);
    assert!(log.contains(r#"\"login\":\"locked\""#), "{log}");
    assert!(log.contains(r#"\"login\":\"unauthorized\""#), "{log}");
    assert!(ok(&db, &["audit", "verify"]).starts_with("audit log intact"));
}

#[test]
fn sessions_expire() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path(), "k.db") {
        sessions_expire_on(&db);
    }
}

fn sessions_expire_on(db: &std::path::Path) {
    let db = db.to_path_buf();
    add_user(&db, "ana", "NCA", "analyst");
    // Expiry is counted in whole seconds: a 3 s session is good for at least 2 s.
    let s = Server::start(&db, &["--session-secs", "3"]);
    let token = s.login("ana");
    assert_eq!(s.get(&token, "/api/me").0, 200);
    std::thread::sleep(std::time::Duration::from_millis(4100));
    let (st, e) = s.get(&token, "/api/me");
    assert_eq!(st, 401, "{e}");
}

#[test]
fn api_requests_are_audited_and_tampering_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path(), "k.db") {
        api_requests_are_audited_and_tampering_is_detected_on(&db);
    }
}

fn api_requests_are_audited_and_tampering_is_detected_on(db: &std::path::Path) {
    let db = db.to_path_buf();
    add_user(&db, "ana", "NCA", "analyst");
    let s = Server::start(&db, &[]);
    let token = s.login("ana");
    assert_eq!(s.get(&token, "/api/search?q=Karwan").0, 200);
    assert_eq!(s.get(&token, "/api/entities/nothing-here").0, 404);
    s.stop();
    let log = ok(&db, &["audit", "log", "--actor", "ana", "--json"]);
    let recs: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let search = recs
        .iter()
        .find(|r| r["action"] == "api.GET /api/search")
        .unwrap_or_else(|| panic!("{log}"));
    assert_eq!(search["agency"], "NCA");
    assert_eq!(search["origin"], "127.0.0.1");
    assert_eq!(search["target"], "/api/search?q=Karwan");
    let miss = recs
        .iter()
        .find(|r| r["action"] == "api.GET /api/entities/{id}")
        .unwrap();
    assert!(miss["detail"].as_str().unwrap().contains("404"));

    // Edit the search record (the tamperer drops the guard trigger first): verify fails.
    let seq = search["seq"].as_i64().unwrap();
    if is_pg(&db) {
        pg_client(&db)
            .batch_execute(&format!(
                "DROP TRIGGER audit_append_only ON audit;
                 UPDATE audit SET target = '/api/stats' WHERE seq = {seq};"
            ))
            .unwrap();
    } else {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(&format!(
            "DROP TRIGGER audit_no_update; UPDATE audit SET target = '/api/stats' WHERE seq = {seq};"
        ))
        .unwrap();
    }
    let out = kingpin(&db, &["audit", "verify"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("record {seq} was edited")), "{err}");
}
