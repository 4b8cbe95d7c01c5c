//! Adverts, referrals and maritime equipment through HTTP, as referral officers and
//! investigators meet them: adverts with their evidence spans and Phone entities, the referral
//! lifecycle (an invalid move refused with a clear JSON error), batch export, metrics, flags
//! and serial traces. A partner agency (KRG) sees nothing of a UK-only source's posts,
//! referrals or purchases, and cannot move a UK-only referral.

mod support;

use serde_json::{Value, json};
use support::*;

const UK_PHONE: &str = "+9647504432198";
const SHARED_PHONE: &str = "+9647701112233";

fn setup(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("k.db");
    let uk = dir.join("uk.jsonl");
    std::fs::write(
        &uk,
        format!(
            "{}\n{}\n",
            json!({"post_id": "u1", "platform": "tiktok", "handle": "ukonly_safar",
                   "time": "2024-03-01T10:00:00Z", "url": "https://tiktok.com/@ukonly_safar/video/1",
                   "text": "گەشتی بەریتانیا بە بەلەم، گەرەنتی. واتساپ ٠٧٥٠ ٤٤٣ ٢١٩٨"}),
            json!({"post_id": "u2", "platform": "tiktok", "handle": "ukonly_safar",
                   "time": "2024-03-02T10:00:00Z", "text": "Yamaha 40hp outboard engine for sale, good condition"}),
        ),
    )
    .unwrap();
    let shared = dir.join("shared.jsonl");
    std::fs::write(
        &shared,
        format!(
            "{}\n",
            json!({"post_id": "s1", "platform": "tiktok", "handle": "shared_trips",
                   "time": "2024-03-05T09:00:00Z", "url": "https://tiktok.com/@shared_trips/video/9",
                   "text": "Boat to UK from France, guaranteed arrival, price 1500 euro, WhatsApp 00964 770 111 2233"}),
        ),
    )
    .unwrap();
    for (file, rel) in [(&uk, ""), (&shared, "KRG")] {
        let mut args = vec![
            "social",
            "import",
            file.to_str().unwrap(),
            "--agency",
            "NCA",
        ];
        if !rel.is_empty() {
            args.extend(["--releasable-to", rel]);
        }
        ok(&db, &args);
    }
    // Dealers' sales, UK-only: five engines bought for cash by one buyer.
    let sales = dir.join("sales.csv");
    let mut csv = String::from(
        "record_id,date,buyer_name,buyer_phone,seller,seller_country,item_kind,make,model,power_hp,serial,quantity,price,currency,payment\n",
    );
    for i in 0..4 {
        csv.push_str(&format!(
            "s{i},2024-02-0{},Rebwar Aziz,+447700900123,Marine Shop {i},gb,engine,Yamaha,F40,40,6BG-100{i}{i},1,3000,GBP,cash\n",
            i + 1
        ));
    }
    std::fs::write(&sales, csv).unwrap();
    let mapping = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../maritime/mappings/equipment.mapping.toml"
    );
    ok(
        &db,
        &[
            "import",
            sales.to_str().unwrap(),
            "--mapping",
            mapping,
            "--agency",
            "NCA",
        ],
    );
    for (name, agency, role) in [
        ("nca", "NCA", "referral_officer"),
        ("nca.inv", "NCA", "investigator"),
        ("krg", "KRG", "referral_officer"),
        ("krg.inv", "KRG", "investigator"),
        ("krg.analyst", "KRG", "analyst"),
    ] {
        add_user(&db, name, agency, role);
    }
    db
}

fn mentions_uk(v: &Value) -> bool {
    let t = v.to_string();
    t.contains("ukonly")
        || t.contains(UK_PHONE)
        || t.contains("Rebwar")
        || t.contains("447700900123")
}

fn referral_of(list: &Value, handle: &str) -> i64 {
    list.as_array()
        .unwrap()
        .iter()
        .find(|r| r["handle"] == handle)
        .unwrap_or_else(|| panic!("no referral for {handle}: {list}"))["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn referral_officers_work_adverts_and_referrals_within_their_view() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let s = Server::start(&db, &[]);
    let (nca, krg, analyst) = (s.login("nca"), s.login("krg"), s.login("krg.analyst"));

    // Adverts: the NCA sees both, with evidence spans that point into the text and contacts
    // linked to their Phone entities; the KRG only the released one.
    let (st, a) = s.get(&nca, "/api/social/adverts");
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["total"], 2, "{a}");
    for ad in a["adverts"].as_array().unwrap() {
        let text = ad["text"].as_str().unwrap();
        let ev = ad["evidence"].as_array().unwrap();
        assert!(ev.len() >= 3, "{ad}");
        for e in ev {
            let (s0, e0) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s0..e0], e["text"].as_str().unwrap(), "{e}");
        }
        let c = &ad["contacts"][0];
        assert_eq!(
            c["entity"],
            format!("phone-{}", c["e164"].as_str().unwrap()),
            "{ad}"
        );
        let (s0, e0) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        assert!(
            text[s0..e0].contains("770") || text[s0..e0].contains("٤٤٣"),
            "{c}"
        );
    }
    assert!(mentions_uk(&a));
    let (st, a) = s.get(&krg, "/api/social/adverts");
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["total"], 1, "{a}");
    assert_eq!(a["adverts"][0]["contacts"][0]["e164"], SHARED_PHONE);
    assert!(!mentions_uk(&a), "adverts leak: {a}");
    assert_eq!(s.get(&krg, "/api/social/adverts?limit=0").0, 400);
    let (_, found) = s.get(&nca, "/api/social/adverts?q=SHARED_trips");
    assert_eq!(found["total"], 1, "a handle finds its adverts: {found}");
    let (_, found) = s.get(&nca, "/api/social/adverts?q=%D8%A8%DB%95%D9%84%DB%95%D9%85");
    assert_eq!(found["total"], 1, "words of the text find it: {found}");
    assert_eq!(s.get(&krg, "/api/social/adverts?q=ukonly").1["total"], 0);

    // Identification opens a referral per visible advertising account.
    let (st, i) = s.post(&krg, "/api/social/referrals/identify", json!({}));
    assert_eq!(
        (st, i["opened"].as_array().map(Vec::len)),
        (200, Some(1)),
        "{i}"
    );
    let (st, i) = s.post(&nca, "/api/social/referrals/identify", json!({}));
    assert_eq!(
        (st, i["opened"].as_array().map(Vec::len)),
        (200, Some(1)),
        "{i}"
    );
    assert_eq!(
        s.post(&analyst, "/api/social/referrals/identify", json!({}))
            .0,
        403
    );
    let (_, all) = s.get(&nca, "/api/social/referrals");
    assert_eq!(all.as_array().unwrap().len(), 2, "{all}");
    let (uk_ref, shared_ref) = (
        referral_of(&all, "ukonly_safar"),
        referral_of(&all, "shared_trips"),
    );
    let (st, mine) = s.get(&krg, "/api/social/referrals");
    assert_eq!(st, 200);
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert!(!mentions_uk(&mine), "referrals leak: {mine}");
    assert_eq!(mine[0]["next"], json!(["evidence_captured"]));
    assert_eq!(s.get(&krg, "/api/social/referrals?state=gone").0, 400);

    // The KRG cannot touch the UK-only referral: it does not exist for them.
    let (st, e) = s.post(
        &krg,
        &format!("/api/social/referrals/{uk_ref}/transition"),
        json!({"to": "evidence_captured"}),
    );
    assert_eq!(st, 404, "{e}");
    assert!(!mentions_uk(&e), "{e}");

    // An invalid move is refused with the moves allowed.
    let path = format!("/api/social/referrals/{shared_ref}/transition");
    let (st, e) = s.post(&krg, &path, json!({"to": "referred"}));
    assert_eq!(st, 409, "{e}");
    assert_eq!(e["error"]["code"], "conflict");
    let msg = e["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("identified")
            && msg.contains("cannot become referred")
            && msg.contains("evidence_captured"),
        "{msg}"
    );
    assert_eq!(s.post(&krg, &path, json!({"to": "sideways"})).0, 400);
    assert_eq!(
        s.post(&analyst, &path, json!({"to": "evidence_captured"}))
            .0,
        403
    );
    let (st, r) = s.post(&krg, &path, json!({"to": "evidence_captured"}));
    assert_eq!(
        (st, r["state"].as_str()),
        (200, Some("evidence_captured")),
        "{r}"
    );
    let (st, _) = s.post(
        &nca,
        &format!("/api/social/referrals/{uk_ref}/transition"),
        json!({"to": "evidence_captured"}),
    );
    assert_eq!(st, 200);

    // A KRG batch holds only what the KRG sees; the UK-only referral stays captured.
    let (st, csv) = s.post(
        &krg,
        "/api/social/referrals/batch",
        json!({"platform": "tiktok", "format": "csv"}),
    );
    assert_eq!(st, 200, "{csv}");
    let csv = csv.as_str().unwrap();
    assert!(
        csv.starts_with("referral,platform,handle,account_url,post_ids"),
        "{csv}"
    );
    assert!(
        csv.contains("shared_trips") && csv.contains(",s1,"),
        "{csv}"
    );
    assert!(!csv.contains("ukonly"), "batch leaks: {csv}");
    let (_, captured) = s.get(&nca, "/api/social/referrals?state=evidence_captured");
    assert_eq!(referral_of(&captured, "ukonly_safar"), uk_ref);
    let (st, b) = s.post(
        &nca,
        "/api/social/referrals/batch",
        json!({"platform": "tiktok"}),
    );
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["accounts"].as_array().unwrap().len(), 1, "{b}");
    assert_eq!(b["accounts"][0]["handle"], "ukonly_safar");
    assert_eq!(
        b["accounts"][0]["evidence_sha256"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Outcomes, then metrics over each one's view.
    let (st, r) = s.post(
        &krg,
        &path,
        json!({"to": "removed", "at": "2024-04-01T12:00:00Z"}),
    );
    assert_eq!((st, r["state"].as_str()), (200, Some("removed")), "{r}");
    assert_eq!(
        s.post(&krg, &path, json!({"to": "removed", "at": "not a date"}))
            .0,
        400
    );
    let (st, m) = s.get(&krg, "/api/social/metrics");
    assert_eq!(st, 200, "{m}");
    assert_eq!(m["metrics"]["by_state"], json!({"removed": 1}), "{m}");
    let (_, m) = s.get(&nca, "/api/social/metrics");
    assert_eq!(
        m["metrics"]["by_state"],
        json!({"referred": 1, "removed": 1}),
        "{m}"
    );
}

#[test]
fn maritime_flags_and_traces_keep_to_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let s = Server::start(&db, &[]);
    let (nca, krg) = (s.login("nca.inv"), s.login("krg.inv"));

    let (st, f) = s.get(&nca, "/api/maritime/flags");
    assert_eq!(st, 200, "{f}");
    assert_eq!(f["purchases"], 4, "{f}");
    let flagged = &f["flagged"][0];
    assert_eq!(flagged["names"][0], "Rebwar Aziz", "{f}");
    let codes: Vec<&str> = flagged["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"CASH") && codes.contains(&"MANY_SELLERS"),
        "{codes:?}"
    );
    assert!(
        !flagged["reasons"][0]["purchases"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let (st, f) = s.get(&krg, "/api/maritime/flags");
    assert_eq!(st, 200, "{f}");
    assert_eq!(f["purchases"], 0, "{f}");
    assert!(!mentions_uk(&f), "flags leak: {f}");
    assert_eq!(s.get(&nca, "/api/maritime/flags?min_reasons=9").0, 400);

    // A serial read with a slip and a prefix still finds the engine and its buyer.
    let (st, t) = s.get(&nca, "/api/maritime/trace?serial=6BG-10011");
    assert_eq!(st, 200, "{t}");
    let items = t["trace"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{t}");
    assert_eq!(items[0]["purchases"][0]["buyer_name"], "Rebwar Aziz", "{t}");
    let (_, t) = s.get(&krg, "/api/maritime/trace?serial=6BG-10011");
    assert!(t["trace"]["items"].as_array().unwrap().is_empty(), "{t}");
    assert!(!mentions_uk(&t), "trace leaks: {t}");
    assert_eq!(s.get(&krg, "/api/maritime/trace?serial=").0, 400);
    // A referral officer reads adverts but does not analyse purchases.
    assert_eq!(s.get(&s.login("krg"), "/api/maritime/flags").0, 403);
}
