//! Cross-checks, recording and the register, on a small store.

use kingpin_doccheck::{RegisterQuery, VisualZone, examine, record, register};
use kingpin_docverify::compose::{Spec, compose};
use kingpin_docverify::{Date, DocType, Options};
use kingpin_model::{Fragment, model};
use kingpin_store::{NewSource, SqliteStore, Store};

fn opts() -> Options {
    Options::strict().with_today(Date {
        year: 2026,
        month: 11,
        day: 25,
    })
}

fn mrz(surname: &str, given: &str, number: &str, birth: &str, expiry: &str) -> String {
    compose(&Spec {
        doc_type: DocType::Td3,
        document_code: "P".into(),
        issuing_state: "IRQ".into(),
        surname: surname.into(),
        given_names: given.into(),
        document_number: number.into(),
        nationality: "IRQ".into(),
        birth_date: birth.into(),
        sex: 'M',
        expiry_date: expiry.into(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    })
    .join("\n")
}

/// (schema, id, properties) of one entity to write.
type Rec<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);

fn put(store: &mut SqliteStore, src: &str, frags: Vec<Rec<'_>>) {
    let mut w = store
        .begin(NewSource {
            name: src.into(),
            kind: "test".into(),
            path: None,
            grading: "2BP".parse().unwrap(),
        })
        .unwrap();
    for (schema, id, props) in frags {
        let mut f = Fragment::new(model(), schema, id).unwrap();
        f.grading = "2BP".parse().unwrap();
        for (p, v) in props {
            f.add(p, v).unwrap();
        }
        w.put(&f).unwrap();
    }
    w.commit(1).unwrap();
}

/// A store that knows: passport A1234567 of Karwan Ahmed, passport B7654321 reported stolen,
/// and a network member Hawre Aziz born 1985-03-01 who uses a phone.
fn store() -> SqliteStore {
    let mut s = SqliteStore::in_memory().unwrap();
    put(
        &mut s,
        "passport-records",
        vec![
            (
                "Person",
                "p-karwan",
                vec![("name", "Karwan Ahmed"), ("birthDate", "1988-02-01")],
            ),
            (
                "Document",
                "d-1",
                vec![
                    ("number", "A1234567"),
                    ("issuingState", "IRQ"),
                    ("holder", "p-karwan"),
                ],
            ),
        ],
    );
    put(
        &mut s,
        "interpol-sltd",
        vec![(
            "Document",
            "d-2",
            vec![
                ("number", "B7654321"),
                ("issuingState", "IRQ"),
                ("status", "stolen"),
            ],
        )],
    );
    put(
        &mut s,
        "cdr-subscribers",
        vec![
            (
                "Person",
                "p-hawre",
                vec![("name", "Hawre Aziz"), ("birthDate", "1985-03-01")],
            ),
            (
                "UsesPhone",
                "u-1",
                vec![("user", "p-hawre"), ("phone", "phone-+9647501112222")],
            ),
        ],
    );
    s
}

fn codes(e: &kingpin_doccheck::Examination) -> Vec<&str> {
    e.cross_checks.iter().map(|c| c.code).collect()
}

#[test]
fn genuine_holder_is_clear_and_seen_before() {
    let s = store();
    let e = examine(
        &s,
        &mrz("AHMED", "KARWAN", "A1234567", "880201", "300101"),
        &opts(),
        &VisualZone::default(),
        None,
    )
    .unwrap();
    assert!(e.mrz.valid);
    assert_eq!(codes(&e), vec!["DOC_SEEN_BEFORE"]);
    assert_eq!(format!("{:?}", e.outcome), "Clear");
}

#[test]
fn reused_number_with_valid_check_digits_is_caught() {
    let s = store();
    let e = examine(
        &s,
        &mrz("RASHID", "OMAR", "A1234567", "900515", "300101"),
        &opts(),
        &VisualZone::default(),
        None,
    )
    .unwrap();
    assert!(e.mrz.valid, "every check digit is right");
    assert!(
        codes(&e).contains(&"DOC_NUMBER_OTHER_HOLDER"),
        "{:?}",
        codes(&e)
    );
    let f = e
        .cross_checks
        .iter()
        .find(|c| c.code == "DOC_NUMBER_OTHER_HOLDER")
        .unwrap();
    assert_eq!(f.evidence[0].entity, "d-1");
    assert!(f.message.contains("Karwan Ahmed"), "{}", f.message);
    assert_eq!(format!("{:?}", e.outcome), "Invalid");
}

#[test]
fn stolen_number_is_caught() {
    let s = store();
    let e = examine(
        &s,
        &mrz("AZIZ", "HAWRE", "B7654321", "850301", "300101"),
        &opts(),
        &VisualZone::default(),
        None,
    )
    .unwrap();
    let c = codes(&e);
    assert!(c.contains(&"DOC_REPORTED_LOST_STOLEN"), "{c:?}");
    assert!(c.contains(&"HOLDER_MATCHES_KNOWN_PERSON"), "{c:?}");
    let known = e
        .cross_checks
        .iter()
        .find(|f| f.code == "HOLDER_MATCHES_KNOWN_PERSON")
        .unwrap();
    assert_eq!(known.evidence[0].entity, "p-hawre");
    assert!(known.evidence[0].sources[0].contains("cdr-subscribers (2BP)"));
}

#[test]
fn visual_zone_and_use_after_expiry() {
    let s = store();
    let viz = VisualZone {
        surname: Some("Ahmed".into()),
        given_names: Some("Karwan".into()),
        birth_date: Some("1988-02-11".into()),
        document_number: Some("A 1234567".into()),
        sex: Some("F".into()),
        ..Default::default()
    };
    let used = Date {
        year: 2025,
        month: 6,
        day: 2,
    };
    let e = examine(
        &s,
        &mrz("AHMED", "KARWAN", "A1234567", "880201", "250601"),
        &opts(),
        &viz,
        Some(used),
    )
    .unwrap();
    let fields: Vec<&str> = e
        .cross_checks
        .iter()
        .filter(|c| c.code == "VIZ_MISMATCH")
        .filter_map(|c| c.field)
        .collect();
    assert_eq!(fields, vec!["birth_date", "sex"]);
    assert!(codes(&e).contains(&"EXPIRED_AT_USE"));
}

#[test]
fn examinations_are_recorded_and_queryable_across_labs() {
    let mut s = store();
    let forged = mrz("RASHID", "OMAR", "A1234567", "900515", "300101");
    let e1 = examine(&s, &forged, &opts(), &VisualZone::default(), None).unwrap();
    let r1 = record(
        &mut s,
        &e1,
        "Erbil",
        "examiner-1",
        "2026-11-20T10:00:00",
        "1AC".parse().unwrap(),
    )
    .unwrap();
    let genuine = mrz("AHMED", "KARWAN", "A1234567", "880201", "300101");
    let e2 = examine(&s, &genuine, &opts(), &VisualZone::default(), None).unwrap();
    record(
        &mut s,
        &e2,
        "Dohuk",
        "examiner-2",
        "2026-11-21T09:00:00",
        "1AC".parse().unwrap(),
    )
    .unwrap();
    let other = mrz("SALEH", "DILAN", "C5550001", "950101", "310101");
    let e3 = examine(&s, &other, &opts(), &VisualZone::default(), None).unwrap();
    record(
        &mut s,
        &e3,
        "Sulaymaniyah",
        "examiner-3",
        "2026-11-22T09:00:00",
        "1AC".parse().unwrap(),
    )
    .unwrap();

    let doc = s.entity(r1.document.as_deref().unwrap()).unwrap().unwrap();
    assert_eq!(doc.first("holder"), r1.holder.as_deref());
    assert_eq!(doc.statements[0].prov.source, "lab:Erbil");

    let series = register(
        &s,
        &RegisterQuery {
            number_prefix: Some("a123".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let labs: Vec<&str> = series.iter().map(|r| r.lab.as_str()).collect();
    assert_eq!(labs, vec!["Erbil", "Dohuk"]);
    assert_eq!(series[0].verdict, "invalid");
    assert!(
        series[0]
            .findings
            .iter()
            .any(|f| f == "DOC_NUMBER_OTHER_HOLDER")
    );
    // Once the number is on record with two holders, every presentation of it is flagged.
    let invalid = register(
        &s,
        &RegisterQuery {
            verdict: Some("invalid".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(invalid.len(), 2);
    let clear = register(
        &s,
        &RegisterQuery {
            verdict: Some("clear".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(clear[0].lab, "Sulaymaniyah");
    let since = register(
        &s,
        &RegisterQuery {
            since: Some("2026-11-21".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(since.len(), 2);

    // The forged document recorded at Erbil is now itself on record: the genuine holder's
    // next check sees both the original and the forgery under that number.
    let e4 = examine(&s, &genuine, &opts(), &VisualZone::default(), None).unwrap();
    assert!(codes(&e4).contains(&"DOC_NUMBER_OTHER_HOLDER"));
}
