//! The Timeline and Map pages' endpoints through HTTP: a timeline over several entities
//! (`POST /api/ui/timeline`) and the located places (`GET /api/ui/map`). A source released to
//! the KRG and a UK-only one share people and places; a KRG user must get no event, place or
//! coordinate of the UK-only source, an NCA user all of it. Every call is audited.

mod support;

use serde_json::{Value, json};
use support::*;

/// Released to the KRG: two people and their call (from a Calais cell site), meeting (at a
/// café in Grande-Synthe), payment and a crossing from Gravelines beach; a garage with no
/// coordinates of its own.
fn shared() -> Vec<Value> {
    vec![
        json!({"id": "person-a", "schema": "Person", "properties": {"name": ["Dara Alpha"]}}),
        json!({"id": "person-b", "schema": "Person", "properties": {"name": ["Karwan Beta"]}}),
        json!({"id": "phone-a", "schema": "Phone", "properties": {"number": ["+9647500000001"]}}),
        json!({"id": "phone-b", "schema": "Phone", "properties": {"number": ["+33600000002"]}}),
        json!({"id": "uses-a", "schema": "UsesPhone", "properties": {"user": ["person-a"], "phone": ["phone-a"]}}),
        json!({"id": "uses-b", "schema": "UsesPhone", "properties": {"user": ["person-b"], "phone": ["phone-b"]}}),
        json!({"id": "cell-cal", "schema": "Place", "properties": {"cellId": ["CAL-0001"], "kind": ["cell site"],
               "latitude": ["50.9413"], "longitude": ["1.8650"]}}),
        json!({"id": "place-cafe", "schema": "Place", "properties": {"name": ["Café du Port"], "kind": ["meeting place"],
               "latitude": ["51.0139"], "longitude": ["2.3028"]}}),
        json!({"id": "place-beach", "schema": "Place", "properties": {"name": ["Gravelines beach"], "kind": ["beach"],
               "latitude": ["51.0105"], "longitude": ["2.1186"]}}),
        json!({"id": "place-garage", "schema": "Place", "properties": {"name": ["Garage Lille"], "kind": ["safe house"]}}),
        json!({"id": "call-ab", "schema": "Call", "properties": {"caller": ["phone-a"], "receiver": ["phone-b"],
               "callerCell": ["cell-cal"], "startDate": ["2024-03-05T22:14:00"]}}),
        json!({"id": "meeting-ab", "schema": "Meeting", "properties": {"participant": ["person-a", "person-b"],
               "location": ["place-cafe"], "startDate": ["2024-03-10"]}}),
        json!({"id": "pay-ab", "schema": "Payment", "properties": {"payer": ["person-a"], "beneficiary": ["person-b"],
               "amount": ["2500"], "currency": ["EUR"], "date": ["2024-03-12"]}}),
        json!({"id": "crossing-b", "schema": "Crossing", "properties": {"pilot": ["person-b"], "departure": ["place-beach"],
               "passengerCount": ["48"], "startDate": ["2024-03-20"]}}),
    ]
}

/// NCA only: a third man's call to and meeting with Dara at a London safe house, and the
/// garage's coordinates.
fn uk_only() -> Vec<Value> {
    vec![
        json!({"id": "person-z", "schema": "Person", "properties": {"name": ["Zoran Ukonlyvic"]}}),
        json!({"id": "phone-z", "schema": "Phone", "properties": {"number": ["+447700900999"]}}),
        json!({"id": "uses-z", "schema": "UsesPhone", "properties": {"user": ["person-z"], "phone": ["phone-z"]}}),
        json!({"id": "place-safehouse", "schema": "Place", "properties": {"name": ["Ukonly safe house"], "kind": ["safe house"],
               "latitude": ["51.5390"], "longitude": ["-0.1426"]}}),
        json!({"id": "place-garage", "schema": "Place", "properties": {"latitude": ["50.6292"], "longitude": ["3.0573"]}}),
        json!({"id": "call-za", "schema": "Call", "properties": {"caller": ["phone-z"], "receiver": ["phone-a"],
               "startDate": ["2024-04-01T10:00:00"]}}),
        json!({"id": "meeting-za", "schema": "Meeting", "properties": {"participant": ["person-z", "person-a"],
               "location": ["place-safehouse"], "startDate": ["2024-04-02"]}}),
    ]
}

fn mentions_uk(v: &Value) -> bool {
    let t = v.to_string();
    [
        "person-z",
        "Ukonly",
        "447700900999",
        "call-za",
        "meeting-za",
        "place-safehouse",
        "uk-only",
    ]
    .iter()
    .any(|m| t.contains(m))
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    let mut out: Vec<String> = v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn timeline_and_map_show_a_partner_nothing_of_a_uk_only_source() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    import_ftm_source(&db, dir.path(), "shared", &shared(), "NCA", "KRG");
    import_ftm_source(&db, dir.path(), "uk-only", &uk_only(), "NCA", "");
    add_user(&db, "nca", "NCA", "investigator");
    add_user(&db, "krg", "KRG", "analyst");
    let s = Server::start(&db, &[]);
    let (nca, krg) = (s.login("nca"), s.login("krg"));

    // One timeline over both people: each event once, with the lanes it belongs to.
    let body = json!({"ids": ["person-a", "person-b"]});
    let (st, t) = s.post(&nca, "/api/ui/timeline", body.clone());
    assert_eq!(st, 200, "{t}");
    assert_eq!(
        ids(&t, "events"),
        [
            "call-ab",
            "call-za",
            "crossing-b",
            "meeting-ab",
            "meeting-za",
            "pay-ab"
        ],
        "{t}"
    );
    assert_eq!(ids(&t, "entities"), ["person-a", "person-b"]);
    let call = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "call-ab")
        .unwrap();
    assert_eq!(call["subjects"], json!(["person-a", "person-b"]), "{call}");
    assert_eq!(call["kind"], "call");
    assert!(
        call["sources"][0].as_str().unwrap().starts_with("shared ("),
        "{call}"
    );
    let dates: Vec<&str> = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "oldest first: {dates:?}"
    );

    let (st, t) = s.post(&krg, "/api/ui/timeline", body);
    assert_eq!(st, 200, "{t}");
    assert_eq!(
        ids(&t, "events"),
        ["call-ab", "crossing-b", "meeting-ab", "pay-ab"],
        "{t}"
    );
    assert!(!mentions_uk(&t), "the timeline leaks: {t}");
    // A UK-only person is no lane for the KRG, and alone is "not found".
    let (st, t) = s.post(
        &krg,
        "/api/ui/timeline",
        json!({"ids": ["person-z", "person-a"]}),
    );
    assert_eq!((st, ids(&t, "entities")), (200, vec!["person-a".into()]));
    assert!(!mentions_uk(&t), "{t}");
    assert_eq!(
        s.post(&krg, "/api/ui/timeline", json!({"ids": ["person-z"]}))
            .0,
        404
    );

    // Bad input gets a clear 400.
    for bad in [
        json!({"ids": []}),
        json!({"ids": ["person-a"], "limit": 0}),
        json!({"ids": vec!["person-a"; 201]}),
    ] {
        let (st, e) = s.post(&nca, "/api/ui/timeline", bad.clone());
        assert_eq!(st, 400, "{bad}: {e}");
        assert!(
            e["error"]["message"].as_str().unwrap().contains("must"),
            "{e}"
        );
    }

    // The map: located places with their events by kind.
    let (st, m) = s.get(&nca, "/api/ui/map");
    assert_eq!(st, 200, "{m}");
    assert_eq!(
        ids(&m, "places"),
        [
            "cell-cal",
            "place-beach",
            "place-cafe",
            "place-garage",
            "place-safehouse"
        ],
        "{m}"
    );
    let place = |m: &Value, id: &str| -> Value {
        m["places"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .unwrap()
    };
    let beach = place(&m, "place-beach");
    assert_eq!(
        (beach["lat"].as_f64(), beach["lon"].as_f64()),
        (Some(51.0105), Some(2.1186))
    );
    assert_eq!(beach["kind"], "beach");
    assert_eq!(beach["events"], json!({"crossing": 1}));
    assert_eq!(place(&m, "cell-cal")["events"], json!({"call": 1}));
    assert_eq!(place(&m, "place-cafe")["events"], json!({"meeting": 1}));
    assert_eq!(m["unlocated"], 0);

    let (st, m) = s.get(&krg, "/api/ui/map");
    assert_eq!(st, 200, "{m}");
    assert_eq!(
        ids(&m, "places"),
        ["cell-cal", "place-beach", "place-cafe"],
        "{m}"
    );
    assert_eq!(
        m["unlocated"], 1,
        "the garage's only coordinates are UK-only: {m}"
    );
    assert!(!mentions_uk(&m), "the map leaks: {m}");
    assert!(
        !m.to_string().contains("50.6292"),
        "a UK-only coordinate: {m}"
    );

    let (_, m) = s.get(&nca, "/api/ui/map?kind=beach");
    assert_eq!(ids(&m, "places"), ["place-beach"]);
    assert_eq!(s.get(&nca, "/api/ui/map?limit=0").0, 400);
    // A place's events are its timeline, read the same way.
    let (_, t) = s.get(&krg, "/api/ui/entities/place-cafe/timeline");
    assert_eq!(ids(&t, "events"), ["meeting-ab"], "{t}");
    assert_eq!(
        s.get(&krg, "/api/ui/entities/place-safehouse/timeline").0,
        404
    );

    // Documented and audited like every endpoint.
    let (_, doc) = s.get(&nca, "/openapi.json");
    for p in ["/api/ui/timeline", "/api/ui/map"] {
        assert!(
            doc["paths"].get(p).is_some(),
            "{p} missing from /openapi.json"
        );
    }
    s.stop();
    for action in ["api.POST /api/ui/timeline", "api.GET /api/ui/map"] {
        let records = verified_audit(&db, &["--action", action]);
        assert!(records.len() >= 3, "{action}: {records:?}");
        assert!(
            records.iter().any(|r| r["actor"] == "krg"),
            "{action}: {records:?}"
        );
    }
}
