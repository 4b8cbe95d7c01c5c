//! A graceful shutdown loses no acknowledged write: `kingpin serve` is sent SIGTERM while
//! clients keep posting resolution decisions and uploading imports; after a restart, every
//! write that was answered 2xx is there (and in the audit log, which still verifies).

mod support;

use serde_json::json;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;

const PEOPLE: usize = 60;

/// A multipart form with one FtM file holding one person.
fn upload(base: &str, token: &str, person: &str) -> Result<u16, String> {
    let boundary = "kingpin-shutdown-test-boundary";
    let line = json!({"id": person, "schema": "Person", "properties": {"name": [format!("Uploaded {person}")]}});
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\nftm\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{person}.jsonl\"\r\n\
         Content-Type: application/x-ndjson\r\n\r\n{line}\n\r\n--{boundary}--\r\n"
    );
    let r = ureq::post(&format!("{base}/api/imports"))
        .set("Authorization", &format!("Bearer {token}"))
        .set(
            "Content-Type",
            &format!("multipart/form-data; boundary={boundary}"),
        )
        .timeout(Duration::from_secs(60))
        .send_string(&body);
    match r {
        Ok(r) => Ok(r.status()),
        Err(ureq::Error::Status(s, _)) => Ok(s),
        Err(e) => Err(e.to_string()),
    }
}

fn decide(base: &str, token: &str, a: &str, b: &str) -> Result<u16, String> {
    let r = ureq::post(&format!("{base}/api/resolution/decisions"))
        .set("Authorization", &format!("Bearer {token}"))
        .timeout(Duration::from_secs(60))
        .send_json(json!({"a": a, "b": b, "verdict": "different", "note": "shutdown test"}));
    match r {
        Ok(r) => Ok(r.status()),
        Err(ureq::Error::Status(s, _)) => Ok(s),
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn sigterm_keeps_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let people: Vec<serde_json::Value> = (0..PEOPLE)
        .map(|i| json!({"id": format!("p{i}"), "schema": "Person", "properties": {"name": [format!("Person Number{i}")]}}))
        .collect();
    let file = dir.path().join("people.jsonl");
    write_ftm(&file, &people);
    ok(&db, &["import", file.to_str().unwrap(), "--agency", "NCA"]);
    add_user(&db, "inv", "NCA", "investigator");

    let s = Server::start(&db, &[]);
    let token = s.login("inv");
    let acked_pairs = Arc::new(Mutex::new(Vec::<(String, String)>::new()));
    let acked_uploads = Arc::new(Mutex::new(Vec::<String>::new()));
    let acks = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for t in 0..6usize {
        let (base, token) = (s.base.clone(), token.clone());
        let (pairs, uploads, acks, failed) = (
            acked_pairs.clone(),
            acked_uploads.clone(),
            acks.clone(),
            failed.clone(),
        );
        clients.push(std::thread::spawn(move || {
            for n in 0.. {
                let result = if t == 0 {
                    let person = format!("upload-{n}");
                    let r = upload(&base, &token, &person);
                    if matches!(r, Ok(200)) {
                        uploads.lock().unwrap().push(person);
                    }
                    r
                } else {
                    // Pairs nobody else posts: thread t takes (t + 6k, t + 6k + 1 + n % PEOPLE).
                    let a = format!("p{}", (t + 6 * n) % PEOPLE);
                    let b = format!("p{}", (t + 6 * n + 1 + n / PEOPLE) % PEOPLE);
                    if a == b {
                        continue;
                    }
                    let r = decide(&base, &token, &a, &b);
                    if matches!(r, Ok(204)) {
                        let (x, y) = if a <= b { (a, b) } else { (b, a) };
                        pairs.lock().unwrap().push((x, y));
                    }
                    r
                };
                match result {
                    Ok(200 | 204) => {
                        acks.fetch_add(1, Ordering::SeqCst);
                    }
                    // Refused while shutting down: not acknowledged, so nothing is promised.
                    Ok(503) => {}
                    Ok(other) => {
                        eprintln!("unexpected status {other}");
                        failed.store(true, Ordering::SeqCst);
                        return;
                    }
                    // The server has gone: this client is done.
                    Err(_) => return,
                }
            }
        }));
    }
    // Let writes flow, then stop the server while they are in flight.
    let t0 = std::time::Instant::now();
    while acks.load(Ordering::SeqCst) < 40 && t0.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let before = acks.load(Ordering::SeqCst);
    assert!(before >= 40, "the server acknowledged only {before} writes");
    s.stop_expecting_success();
    for c in clients {
        c.join().unwrap();
    }
    assert!(!failed.load(Ordering::SeqCst), "a write was refused");

    let pairs = acked_pairs.lock().unwrap().clone();
    let uploads = acked_uploads.lock().unwrap().clone();
    assert!(
        !pairs.is_empty() && !uploads.is_empty(),
        "both kinds of write were acknowledged"
    );

    // After a restart, every acknowledged write is there.
    let s = Server::start(&db, &[]);
    let token = s.login("inv");
    let (st, v) = s.get(&token, "/api/resolution/decisions");
    assert_eq!(st, 200, "{v}");
    let stored: std::collections::HashSet<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["a"].as_str().unwrap().to_string(),
                d["b"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for p in &pairs {
        assert!(stored.contains(p), "acknowledged decision {p:?} was lost");
    }
    for person in &uploads {
        let (st, e) = s.get(&token, &format!("/api/entities/{person}"));
        assert_eq!(st, 200, "acknowledged upload {person} was lost: {e}");
    }
    drop(s);
    // Each acknowledged request was audited before it was answered, and the chain is intact.
    let audited = verified_audit(&db, &["--action", "api.POST /api/resolution/decisions"])
        .into_iter()
        .filter(|r| {
            // The detail is stored as JSON text.
            let detail: serde_json::Value =
                serde_json::from_str(r["detail"].as_str().unwrap_or("{}")).unwrap();
            detail["status"] == 204
        })
        .count();
    assert!(
        audited >= pairs.len(),
        "{audited} audited decisions for {} acknowledged",
        pairs.len()
    );
}
