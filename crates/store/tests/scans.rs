//! The analytics scans ([`Scan`]) give the same rows on both backends: every case runs on
//! SQLite always and on PostgreSQL when `KINGPIN_TEST_PG` names a database (`.ci/postgres.sh`),
//! and compares with one expected answer written here.

use kingpin_model::{Fragment, model};
use kingpin_store::{NewSource, Scan, SqliteStore, Store, StoreError, View};

/// What the cases need: write, read, and choose a view.
trait Backend: Store + Scan {
    fn view_as(&mut self, view: View);
}

impl Backend for SqliteStore {
    fn view_as(&mut self, view: View) {
        self.set_view(view);
    }
}

#[cfg(feature = "postgres")]
impl Backend for kingpin_store::PgStore {
    fn view_as(&mut self, view: View) {
        self.set_view(view).unwrap();
    }
}

/// (schema, id, properties, grading, recorded).
type Frag<'a> = (
    &'a str,
    &'a str,
    &'a [(&'a str, &'a str)],
    &'a str,
    Option<&'a str>,
);

/// Imports `frags` as one source and returns its id.
fn import(s: &mut impl Backend, name: &str, frags: &[Frag<'_>]) -> i64 {
    let mut w = s
        .begin(NewSource {
            name: name.into(),
            kind: "test".into(),
            path: None,
            grading: "2BP".parse().unwrap(),
        })
        .unwrap();
    for (schema, id, props, grading, recorded) in frags {
        let mut f = Fragment::new(model(), schema, *id).unwrap();
        for (p, v) in *props {
            f.add(p, v).unwrap();
        }
        f.grading = grading.parse().unwrap();
        f.recorded = recorded.map(str::to_string);
        w.put(&f).unwrap();
    }
    w.commit(frags.len() as u64).unwrap().id
}

/// Every fragment scanned, as "id schema grading recorded: prop=value ..." (statements
/// sorted), sorted: storage order differs between backends, the rows do not.
fn fragments(s: &impl Backend, schemata: Option<&[&str]>) -> Vec<String> {
    let mut out = Vec::new();
    s.scan_fragments(schemata, &mut |r| {
        let mut st: Vec<String> = r.statements().map(|(p, v)| format!("{p}={v}")).collect();
        st.sort();
        out.push(format!(
            "{} {} {} {}: {}",
            r.id,
            r.schema,
            r.grading,
            r.recorded.unwrap_or("-"),
            st.join(" ")
        ));
        Ok(())
    })
    .unwrap();
    out.sort();
    out
}

/// Every entity scanned, as "id:schema", in the order scanned (by entity number).
fn entities(s: &impl Backend, schemata: Option<&[&str]>) -> Vec<String> {
    let mut out = Vec::new();
    let mut last = i64::MIN;
    s.scan_entities(schemata, &mut |e| {
        assert!(e.eid > last, "entities by number: {} after {last}", e.eid);
        last = e.eid;
        out.push(format!("{}:{}", e.id, e.schema));
        Ok(())
    })
    .unwrap();
    out.sort();
    out
}

/// One entity told by two sources with three gradings and a recording date, values with
/// spaces and non-ASCII letters, and a call between phones only one source describes.
fn fragments_of_every_source_and_grading(s: &mut impl Backend) {
    import(
        s,
        "cdr",
        &[
            (
                "Phone",
                "ph-1",
                &[("number", "+9647501111111")],
                "1AP",
                None,
            ),
            (
                "Call",
                "call-1",
                &[
                    ("caller", "ph-1"),
                    ("receiver", "ph-2"),
                    ("startDate", "2024-03-05T22:14:00"),
                ],
                "1AP",
                Some("2024-03-06"),
            ),
            (
                "Person",
                "p-1",
                &[("name", "Karwan Áhmed"), ("birthDate", "1988")],
                "2BC",
                None,
            ),
            ("Person", "p-1", &[("alias", "Kak Karwan")], "3DP", None),
        ],
    );
    import(
        s,
        "informant",
        &[
            ("Person", "p-1", &[("name", "Karwan Ahmed")], "2BC", None),
            (
                "Call",
                "call-1",
                &[("duration", "65")],
                "1AP",
                Some("2024-03-06"),
            ),
        ],
    );
    let all = vec![
        "call-1 Call 1AP 2024-03-06: caller=ph-1 receiver=ph-2 startDate=2024-03-05T22:14:00",
        "call-1 Call 1AP 2024-03-06: duration=65",
        "p-1 Person 2BC -: birthDate=1988 name=Karwan Áhmed",
        "p-1 Person 2BC -: name=Karwan Ahmed",
        "p-1 Person 3DP -: alias=Kak Karwan",
        "ph-1 Phone 1AP -: number=+9647501111111",
    ];
    assert_eq!(fragments(s, None), all);
    assert_eq!(fragments(s, Some(&["Person", "Phone"]))[..], all[2..]);
    assert!(fragments(s, Some(&["Vessel"])).is_empty());
    assert!(fragments(s, Some(&[])).is_empty());
    assert_eq!(
        entities(s, None),
        vec!["call-1:Call", "p-1:Person", "ph-1:Phone", "ph-2:Phone"]
    );
    // Numbered in the order the imports first mentioned them, on both backends.
    let mut order = Vec::new();
    s.scan_entities(None, &mut |e| {
        order.push(e.id.to_string());
        Ok(())
    })
    .unwrap();
    assert_eq!(order, ["ph-1", "call-1", "ph-2", "p-1"]);
    assert_eq!(
        entities(s, Some(&["Phone", "Call"])),
        vec!["call-1:Call", "ph-1:Phone", "ph-2:Phone"]
    );
}

/// A restricted view scans its sources' fragments only, and the entities that exist for it as
/// its statements show them: a payer another (hidden) source made a `Person` stays the
/// `LegalEntity` the visible payment names.
fn scans_go_through_the_view(s: &mut impl Backend) {
    let secret = import(
        s,
        "secret",
        &[
            (
                "Person",
                "payer-x",
                &[("name", "Hidden Person")],
                "2BP",
                None,
            ),
            (
                "Call",
                "c-secret",
                &[("caller", "ph-secret"), ("receiver", "ph-open")],
                "2BP",
                None,
            ),
            (
                "Phone",
                "ph-open",
                &[("number", "+447700900001")],
                "2BP",
                None,
            ),
        ],
    );
    let open = import(
        s,
        "open",
        &[
            (
                "Payment",
                "pay-1",
                &[
                    ("payer", "payer-x"),
                    ("beneficiary", "acct-y"),
                    ("amount", "100"),
                ],
                "2BP",
                None,
            ),
            (
                "Phone",
                "ph-open",
                &[("number", "+9647501112222")],
                "2BP",
                None,
            ),
        ],
    );
    s.view_as(View::sources(vec![open]));
    assert_eq!(
        fragments(s, None),
        vec![
            "pay-1 Payment 2BP -: amount=100 beneficiary=acct-y payer=payer-x",
            "ph-open Phone 2BP -: number=+9647501112222",
        ]
    );
    assert_eq!(
        entities(s, None),
        vec![
            "acct-y:LegalEntity",
            "pay-1:Payment",
            "payer-x:LegalEntity",
            "ph-open:Phone"
        ]
    );
    assert!(entities(s, Some(&["Person"])).is_empty());
    assert_eq!(
        entities(s, Some(&["LegalEntity", "Phone"])),
        vec!["acct-y:LegalEntity", "payer-x:LegalEntity", "ph-open:Phone"]
    );

    s.view_as(View::sources(vec![secret]));
    assert_eq!(
        entities(s, None),
        vec![
            "c-secret:Call",
            "payer-x:Person",
            "ph-open:Phone",
            "ph-secret:Phone"
        ]
    );
    assert_eq!(fragments(s, Some(&["Payment"])), Vec::<String>::new());

    s.view_as(View::sources(vec![]));
    assert!(fragments(s, None).is_empty());
    assert!(entities(s, None).is_empty());

    s.view_as(View::sources(vec![open, secret]));
    assert_eq!(entities(s, Some(&["Person"])), vec!["payer-x:Person"]);
    assert_eq!(fragments(s, None).len(), 5);
}

/// Enough fragments for several round trips of a batched backend, and a callback's error
/// stops the scan and comes back as the scan's error.
fn long_scans_stream_and_stop_on_error(s: &mut impl Backend) {
    const CALLS: usize = 9_000;
    let ids: Vec<String> = (0..CALLS).map(|k| format!("call-{k:05}")).collect();
    let props: Vec<[(&str, String); 2]> = (0..CALLS)
        .map(|k| {
            [
                ("caller", format!("ph-{}", k % 97)),
                ("receiver", format!("ph-{}", k * 7 % 101)),
            ]
        })
        .collect();
    let props: Vec<Vec<(&str, &str)>> = props
        .iter()
        .map(|p| p.iter().map(|(k, v)| (*k, v.as_str())).collect())
        .collect();
    let frags: Vec<Frag<'_>> = ids
        .iter()
        .zip(&props)
        .map(|(id, p)| ("Call", id.as_str(), &p[..], "2BP", None))
        .collect();
    import(s, "cdr", &frags);
    let (mut calls, mut statements) = (0, 0);
    s.scan_fragments(Some(&["Call"]), &mut |r| {
        calls += 1;
        statements += r.statements().count();
        Ok(())
    })
    .unwrap();
    assert_eq!((calls, statements), (CALLS, 2 * CALLS));
    let mut phones = 0;
    s.scan_entities(Some(&["Phone"]), &mut |_| {
        phones += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(phones, 101);
    let mut seen = 0;
    let err = s
        .scan_fragments(None, &mut |_| {
            seen += 1;
            Err(StoreError::Callback("stop".into()))
        })
        .unwrap_err();
    assert_eq!((seen, err.to_string()), (1, "stop".to_string()));
    // The store is usable again after a stopped scan.
    assert_eq!(s.stats().unwrap().entities, (CALLS + 101) as u64);
}

/// Runs every case against a fresh store of each backend.
macro_rules! cases {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $case() {
                super::$case(&mut kingpin_store::SqliteStore::in_memory().unwrap());
            })*
        }
        #[cfg(feature = "postgres")]
        mod postgres {
            $(#[test]
            fn $case() {
                if let Some((_schema, mut store)) = kingpin_store::ScratchSchema::from_env() {
                    super::$case(&mut store);
                }
            })*
        }
    };
}

cases!(
    fragments_of_every_source_and_grading,
    scans_go_through_the_view,
    long_scans_stream_and_stop_on_error,
);
