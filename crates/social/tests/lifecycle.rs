//! The takedown lifecycle end to end on a store: import posts, identify, capture, refer,
//! removed/declined, re-appearance by phone, media hash and handle pattern, and every
//! transition the machine refuses.

use kingpin_social::ingest::import;
use kingpin_social::referral::{self, Act, ReferralError, State};
use kingpin_store::SqliteStore;

fn actor() -> kingpin_audit::Actor {
    kingpin_audit::Actor::resolve(Some("officer.test".into()), Some("nca".into()), "test")
}

fn line(platform: &str, handle: &str, id: &str, time: &str, text: &str, media: &[&str]) -> String {
    serde_json::json!({"platform": platform, "handle": handle, "post_id": id, "time": time,
        "text": text, "media_hashes": media, "url": format!("https://x/{id}")})
    .to_string()
}

fn setup() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("posts.jsonl");
    let ad = "UK by boat this week, guaranteed, pay after arrival. WhatsApp ";
    let lines = [
        // Three advertisers before the takedowns.
        line(
            "tiktok",
            "karwan_uk1",
            "1",
            "2025-01-05T10:00:00",
            &format!("{ad}+9647501112222"),
            &[],
        ),
        line(
            "tiktok",
            "karwan_uk1",
            "2",
            "2025-01-06T10:00:00",
            &format!("{ad}+9647501112222"),
            &[],
        ),
        line(
            "facebook",
            "rebwar_trips",
            "3",
            "2025-01-07T10:00:00",
            &format!("{ad}+9647703334444"),
            &["img-aa11"],
        ),
        line(
            "telegram",
            "dara_europa",
            "4",
            "2025-01-08T10:00:00",
            &format!("{ad}+447911123456"),
            &[],
        ),
        // Not an advert: never referred.
        line(
            "facebook",
            "news_desk",
            "5",
            "2025-01-08T11:00:00",
            "Police arrested four smugglers after a boat sank, court hears",
            &[],
        ),
        // After the takedowns: the same phone, the same picture, the same handle pattern.
        line(
            "instagram",
            "karwan.uk.77",
            "6",
            "2025-03-01T10:00:00",
            &format!("{ad}00964 750 111 2222"),
            &[],
        ),
        line(
            "facebook",
            "safe_trips_new",
            "7",
            "2025-03-02T10:00:00",
            &format!("{ad}+9647705556666"),
            &["img-aa11"],
        ),
        line(
            "telegram",
            "real_dara_europa",
            "8",
            "2025-03-03T10:00:00",
            &format!("{ad}+447911999888"),
            &[],
        ),
    ];
    std::fs::write(&posts, lines.join("\n")).unwrap();
    let mut store = SqliteStore::open(dir.path().join("k.db")).unwrap();
    let s = import(&mut store, &posts, "2B P".parse().unwrap(), None).unwrap();
    assert_eq!((s.posts, s.adverts), (8, 7));
    (dir, store)
}

#[test]
fn every_transition_and_reappearance() {
    let (_dir, store) = setup();
    let who = actor();
    let at = |t: &'static str| Act { who: &who, at: t };
    let conn = store.connection();
    // The later accounts are identified too; only the first three are taken through.
    let ids = referral::identify(&store, &at("2025-01-10T09:00:00Z")).unwrap();
    assert_eq!(ids.len(), 6);
    assert!(
        referral::identify(&store, &at("2025-01-10T09:00:00Z"))
            .unwrap()
            .is_empty()
    );
    let id_of = |h: &str| {
        referral::list(conn, None)
            .unwrap()
            .into_iter()
            .find(|r| r.handle == h)
            .unwrap()
            .id
    };
    let (k, r, d) = (
        id_of("karwan_uk1"),
        id_of("rebwar_trips"),
        id_of("dara_europa"),
    );

    // identified → removed is refused, naming what is allowed.
    let e = referral::transition(
        conn,
        k,
        State::Removed,
        &at("2025-01-11T00:00:00Z"),
        serde_json::json!({}),
    )
    .unwrap_err();
    assert!(matches!(e, ReferralError::Transition { .. }));
    assert_eq!(
        e.to_string(),
        format!(
            "referral {k} is identified: it cannot become removed (allowed next: evidence_captured)"
        )
    );

    for id in [k, r, d] {
        assert!(referral::capture(&store, id, &at("2025-01-11T09:00:00Z")).unwrap() >= 1);
    }
    let ev: Vec<String> = conn
        .prepare("SELECT sha256 FROM social_evidence WHERE referral = ?1")
        .unwrap()
        .query_map([k], |x| x.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ev.len(), 2);
    assert!(ev.iter().all(|h| h.len() == 64));

    // Refer per platform as batches.
    for p in ["tiktok", "facebook", "telegram"] {
        let items = referral::refer_batch(
            conn,
            p,
            &format!("b-{p}"),
            "adverts",
            &at("2025-01-12T09:00:00Z"),
        )
        .unwrap();
        assert_eq!(items.len(), 1, "{p}");
    }
    let mut csv = Vec::new();
    referral::batch_csv(
        &referral::list(conn, Some(State::Referred))
            .unwrap()
            .iter()
            .map(|r| referral::BatchItem {
                referral: r.id,
                platform: r.platform.clone(),
                handle: r.handle.clone(),
                account_url: String::new(),
                post_ids: vec![],
                post_urls: vec![],
                reason: "x".into(),
                evidence_sha256: vec![],
            })
            .collect::<Vec<_>>(),
        &mut csv,
    )
    .unwrap();
    assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 4);

    // referred → declined → referred again → removed; the others removed directly.
    let tx = conn.unchecked_transaction().unwrap();
    referral::transition(
        &tx,
        d,
        State::Declined,
        &at("2025-01-20T00:00:00Z"),
        serde_json::json!({}),
    )
    .unwrap();
    tx.commit().unwrap();
    referral::refer_batch(
        conn,
        "telegram",
        "b2",
        "more evidence",
        &at("2025-01-21T00:00:00Z"),
    )
    .unwrap();
    for id in [k, r, d] {
        referral::transition(
            conn,
            id,
            State::Removed,
            &at("2025-01-25T00:00:00Z"),
            serde_json::json!({}),
        )
        .unwrap();
    }
    // removed → declined is refused.
    assert!(
        referral::transition(
            conn,
            k,
            State::Declined,
            &at("2025-01-26T00:00:00Z"),
            serde_json::json!({})
        )
        .is_err()
    );

    let pairs = referral::detect_reappearances(&store, &at("2025-03-10T00:00:00Z")).unwrap();
    assert_eq!(pairs.len(), 3, "{pairs:?}");
    let link = |id| referral::get(conn, id).unwrap().link.unwrap();
    assert_eq!(link(k), "phone +9647501112222");
    assert_eq!(link(r), "media img-aa11");
    assert_eq!(link(d), "handle pattern daraeuropa");
    for (old, new) in &pairs {
        assert_eq!(referral::get(conn, *old).unwrap().state, State::Reappeared);
        assert_eq!(referral::get(conn, *new).unwrap().reappears_of, Some(*old));
    }
    // reappeared is final.
    let e = referral::transition(
        conn,
        k,
        State::Referred,
        &at("2025-03-11T00:00:00Z"),
        serde_json::json!({}),
    )
    .unwrap_err();
    assert!(e.to_string().contains("none: this is a final state"), "{e}");

    let m = kingpin_social::metrics::metrics(&store).unwrap();
    assert_eq!(m.removals_per_month["2025-01"], 3);
    assert_eq!(m.reappearance_rate, Some(1.0));
    assert_eq!(m.median_days_to_removal, Some(12.6));
    assert_eq!(m.accounts, 6);
    assert_eq!(m.networks, 3);

    // Every transition is in the audit log, and the chain verifies.
    let log = kingpin_audit::AuditLog::open(conn).unwrap();
    assert!(matches!(
        log.verify().unwrap(),
        kingpin_audit::Verification::Intact { .. }
    ));
}
