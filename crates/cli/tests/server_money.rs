//! Follow the money over HTTP under need-to-know: four UK-only payers and one payer released to
//! the KRG pay one collector. The NCA traces the UK-only money and sees a fan-in; a KRG user gets
//! no flow from a UK-only payment source, and nothing of it in traces, CSV, parties or
//! typology alerts (one payer is no fan-in).

mod support;

use serde_json::{Value, json};
use support::*;

fn payment(id: &str, payer: &str, day: u32, amount: u32) -> Value {
    json!({"id": id, "schema": "Payment", "properties": {
        "payer": [payer], "beneficiary": ["person-collector"], "amount": [amount.to_string()],
        "currency": ["EUR"], "date": [format!("2024-03-{day:02}")], "transactionNumber": [id]}})
}

fn person(id: &str, name: &str) -> Value {
    json!({"id": id, "schema": "Person", "properties": {"name": [name]}})
}

fn setup(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("k.db");
    let mut uk = Vec::new();
    for i in 1..=4u32 {
        let who = format!("person-ukpayer{i}");
        uk.push(person(&who, &format!("Ukpayer{i} Secretname")));
        uk.push(payment(&format!("TX-UK-{i}"), &who, i, 2_000 + i));
    }
    // The collector passes money on to the boss, in the shared source.
    let shared = vec![
        person("person-collector", "Karwan Collector"),
        person("person-shared", "Shared Payer"),
        person("person-boss", "Boss Shared"),
        payment("TX-SHARED-1", "person-shared", 5, 2_500),
        json!({"id": "TX-SHARED-2", "schema": "Payment", "properties": {
            "payer": ["person-collector"], "beneficiary": ["person-boss"], "amount": ["6000"],
            "currency": ["EUR"], "date": ["2024-03-10"], "transactionNumber": ["TX-SHARED-2"]}}),
    ];
    for (tag, lines, rel) in [("uk", uk, ""), ("shared", shared, "KRG")] {
        import_ftm_source(&db, dir, tag, &lines, "NCA", rel);
    }
    add_user(&db, "nca", "NCA", "investigator");
    add_user(&db, "krg", "KRG", "analyst");
    db
}

fn mentions_uk(v: &Value) -> bool {
    let t = v.to_string();
    t.contains("ukpayer")
        || t.contains("Ukpayer")
        || t.contains("TX-UK")
        || t.contains("Secretname")
}

fn csv(s: &Server, token: &str, path: &str) -> (u16, String) {
    let r = ureq::get(&format!("{}{}", s.base, path))
        .set("Authorization", &format!("Bearer {token}"))
        .call();
    match r {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(c, r)) => (c, r.into_string().unwrap()),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_partner_gets_no_flow_from_a_uk_only_payment_source() {
    let dir = tempfile::tempdir().unwrap();
    let db = setup(dir.path());
    let s = Server::start(&db, &[]);
    let (nca, krg) = (s.login("nca"), s.login("krg"));

    // Forward from a UK-only payer: the NCA follows its money to the collector and the boss.
    let (st, t) = s.get(&nca, "/api/money/trace?from=person-ukpayer1&hops=2");
    assert_eq!(st, 200, "{t}");
    let flows = t["report"]["flows"].as_array().unwrap();
    assert_eq!(flows[0]["to"], "person-collector", "{t}");
    assert_eq!(flows[0]["amount"], 2001.0);
    assert!(
        flows.iter().any(|f| f["to"] == "person-boss"),
        "FIFO: the oldest money (UK payer 1's) leaves first: {t}"
    );
    assert!(!t["sankey"]["links"].as_array().unwrap().is_empty());
    // The KRG user cannot start there, nor find the payment.
    for from in ["person-ukpayer1", "TX-UK-1", "Ukpayer1"] {
        let (st, t) = s.get(&krg, &format!("/api/money/trace?from={from}"));
        assert_eq!(st, 404, "{from}: {t}");
        // The answer is the one for a name nobody has: it echoes the query, nothing else.
        let echo = t.to_string().replace(from, "");
        assert!(!mentions_uk(&Value::String(echo)), "{from}: {t}");
    }

    // Backward from the boss: the NCA's origins include the UK payers, the KRG's do not.
    let back = "/api/money/trace?from=person-boss&direction=backward&hops=3&method=proportional";
    let (_, t) = s.get(&nca, back);
    assert!(mentions_uk(&t), "{t}");
    let (st, t) = s.get(&krg, back);
    assert_eq!(st, 200, "{t}");
    assert!(!mentions_uk(&t), "backward trace leaks: {t}");
    let holders = t["report"]["holders"].as_array().unwrap();
    let ids: Vec<&str> = holders.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"person-shared"), "{t}");
    let total: f64 = t["report"]["total"].as_f64().unwrap();
    assert_eq!(total, 6000.0, "the boss received 6000 from the collector");
    let (st, text) = csv(&s, &krg, &back.replace("/trace?", "/trace.csv?"));
    assert_eq!(st, 200);
    assert!(text.starts_with("hop,from_id,"), "{text}");
    assert!(
        text.contains("person-shared") && !text.contains("ukpayer"),
        "{text}"
    );

    // Parties and patterns: a fan-in for the NCA (five payers), nothing for the KRG (one).
    let (_, p) = s.get(&nca, "/api/money/parties?limit=100");
    assert!(mentions_uk(&p), "{p}");
    let (_, p) = s.get(&krg, "/api/money/parties?limit=100");
    assert!(!mentions_uk(&p), "parties leak: {p}");
    assert_eq!(p["ledger_payments"], 2, "{p}");
    let (st, a) = s.get(&nca, "/api/money/patterns?typology=fan-in");
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["total"], 1, "{a}");
    assert_eq!(a["items"][0]["subjects"][0]["id"], "person-collector");
    assert_eq!(a["items"][0]["payments"].as_array().unwrap().len(), 5);
    let (st, a) = s.get(&krg, "/api/money/patterns");
    assert_eq!(st, 200, "{a}");
    assert_eq!(a["total"], 0, "{a}");
    assert!(!mentions_uk(&a), "patterns leak: {a}");

    // Bad input is a clear 400.
    let (st, e) = s.get(&nca, "/api/money/trace?from=person-boss&hops=0");
    assert_eq!(st, 400, "{e}");
    let (st, e) = s.get(&nca, "/api/money/trace?from=person-boss&direction=sideways");
    assert_eq!(st, 400, "{e}");
    let (st, e) = s.get(&nca, "/api/money/patterns?typology=smurfing");
    assert_eq!(st, 400, "{e}");
    // Unauthenticated: 401.
    let (st, _) = body(ureq::get(&format!("{}/api/money/patterns", s.base)).call());
    assert_eq!(st, 401);
}
