//! A restricted view leaks nothing through any read: entity, neighbours, search, the bulk
//! scans analytics use, exports' entity stream, counts and sources.

use kingpin_model::{Fragment, model};
use kingpin_store::{Handling, NeighbourFilter, NewSource, Scan, SqliteStore, Store, View};

/// (schema, id, properties).
type Frag<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

fn import(store: &mut SqliteStore, name: &str, agency: &str, frags: &[Frag<'_>]) -> i64 {
    store.set_handling(Handling {
        agency: agency.into(),
        releasable_to: vec![],
        compartment: None,
    });
    let mut w = store
        .begin(NewSource {
            name: name.into(),
            kind: "test".into(),
            path: None,
            grading: Default::default(),
        })
        .unwrap();
    for (schema, id, props) in frags {
        let mut f = Fragment::new(model(), schema, *id).unwrap();
        for (p, v) in *props {
            f.add(p, v).unwrap();
        }
        w.put(&f).unwrap();
    }
    w.commit(frags.len() as u64).unwrap().id
}

fn world() -> (SqliteStore, i64, i64) {
    let mut s = SqliteStore::in_memory().unwrap();
    let open = import(
        &mut s,
        "open",
        "KRG",
        &[
            ("Phone", "ph-open", &[("number", "+9647501112222")]),
            ("Person", "p-open", &[("name", "Dara Openname")]),
        ],
    );
    let secret = import(
        &mut s,
        "secret",
        "NCA",
        &[
            ("Phone", "ph-secret", &[("number", "+447700900001")]),
            (
                "Call",
                "c-secret",
                &[("caller", "ph-secret"), ("receiver", "ph-open")],
            ),
            // A secret statement about an entity the other source describes.
            ("Person", "p-open", &[("name", "Secretalias")]),
            // An entity only a secret statement names.
            (
                "UsesPhone",
                "u-secret",
                &[("user", "p-only-named"), ("phone", "ph-open")],
            ),
        ],
    );
    (s, open, secret)
}

#[test]
fn restricted_view_sees_only_its_sources() {
    let (mut s, open, secret) = world();
    assert_eq!(s.stats().unwrap().sources, 2);
    s.set_view(View::sources(vec![open]));

    assert!(s.entity("ph-secret").unwrap().is_none());
    assert!(s.entity("c-secret").unwrap().is_none());
    assert!(s.entity("p-only-named").unwrap().is_none());
    let p = s.entity("p-open").unwrap().unwrap();
    assert!(p.statements.iter().all(|st| st.value != "Secretalias"));
    assert!(s.search("Secretalias", 10).unwrap().is_empty());
    assert!(s.search("447700900001", 10).unwrap().is_empty());
    assert_eq!(s.search("Openname", 10).unwrap().len(), 1);
    let n = s
        .neighbours("ph-open", &NeighbourFilter::default())
        .unwrap();
    assert!(n.is_empty(), "{n:?}");

    let mut ids = Vec::new();
    s.scan_entities(None, &mut |e| {
        ids.push(e.id.to_string());
        Ok(())
    })
    .unwrap();
    assert_eq!(ids, vec!["ph-open", "p-open"]);
    let mut frags = 0;
    s.scan_fragments(None, &mut |f| {
        assert!(!f.props.contains("Secret") && f.id != "c-secret");
        frags += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(frags, 2);
    let mut streamed = Vec::new();
    s.for_each_entity(None, &mut |e| {
        streamed.push(e.id.clone());
        assert!(e.statements.iter().all(|st| st.value != "Secretalias"));
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, vec!["ph-open", "p-open"]);
    let stats = s.stats().unwrap();
    assert_eq!(
        (stats.entities, stats.statements, stats.links, stats.sources),
        (2, 2, 0, 1)
    );
    assert_eq!(s.sources().unwrap().len(), 1);

    // The other side: named-only entities exist for it, as bare ids.
    s.set_view(View::sources(vec![secret]));
    assert!(s.entity("p-only-named").unwrap().is_some());
    let n = s
        .neighbours("ph-open", &NeighbourFilter::default())
        .unwrap();
    let mut got: Vec<&str> = n.iter().map(|x| x.entity.id.as_str()).collect();
    got.sort();
    assert_eq!(got, vec!["c-secret", "u-secret"]);
    let stats = s.stats().unwrap();
    // ph-secret, c-secret, p-open, u-secret, ph-open (named), p-only-named (named).
    assert_eq!(stats.entities, 6);

    // Nothing at all.
    s.set_view(View::sources(vec![]));
    assert_eq!(s.stats().unwrap().entities, 0);
    assert!(s.entity("p-open").unwrap().is_none());
    assert!(s.search("Dara", 10).unwrap().is_empty());
}

#[test]
fn handling_is_recorded_per_source() {
    let (s, _, _) = world();
    let h = s.source_handlings().unwrap();
    assert_eq!(h[0].1.agency, "KRG");
    assert_eq!(h[1].1.agency, "NCA");
    let src = s.sources().unwrap();
    assert_eq!(src[1].handling.agency, "NCA");
}

/// An entity a reader sees only because a visible statement names it is what that statement
/// says it is: the `Person` a secret source made of a payment's payer stays a `LegalEntity`
/// for a reader of the payment alone, through every read.
#[test]
fn named_only_entities_show_the_schema_visible_statements_support() {
    let mut s = SqliteStore::in_memory().unwrap();
    let secret = import(
        &mut s,
        "secret",
        "NCA",
        &[("Person", "payer-x", &[("name", "Hidden Person")])],
    );
    let open = import(
        &mut s,
        "open",
        "KRG",
        &[
            (
                "Payment",
                "pay-1",
                &[("payer", "payer-x"), ("beneficiary", "acct-y")],
            ),
            ("Person", "p-known", &[("name", "Known Person")]),
            // Named as a person by a visible statement (a document's holder): supported.
            (
                "Document",
                "doc-1",
                &[("holder", "p-named-person"), ("number", "X1234567")],
            ),
        ],
    );
    // A secret source also describes the holder; the visible document already makes a person of it.
    import(
        &mut s,
        "secret2",
        "NCA",
        &[("Person", "p-named-person", &[("name", "Secret Name")])],
    );
    assert_eq!(s.entity("payer-x").unwrap().unwrap().schema, "Person");

    s.set_view(View::sources(vec![open]));
    let e = s.entity("payer-x").unwrap().unwrap();
    assert_eq!(e.schema, "LegalEntity", "{e:?}");
    assert!(e.statements.is_empty());
    // Where a visible statement says what the stored schema says, it stands.
    assert_eq!(
        s.entity("p-named-person").unwrap().unwrap().schema,
        "Person"
    );
    // Neighbours: the payment's payer.
    let n = s.neighbours("pay-1", &NeighbourFilter::default()).unwrap();
    let payer = n.iter().find(|n| n.entity.id == "payer-x").unwrap();
    assert_eq!(payer.entity.schema, "LegalEntity");
    // Bulk scans (graph projections) and counts.
    let mut scanned = Vec::new();
    s.scan_entities(None, &mut |e| {
        scanned.push((e.id.to_string(), e.schema.to_string()));
        Ok(())
    })
    .unwrap();
    assert!(
        scanned.contains(&("payer-x".into(), "LegalEntity".into())),
        "{scanned:?}"
    );
    let mut persons = Vec::new();
    s.scan_entities(Some(&["Person"]), &mut |e| {
        persons.push(e.id.to_string());
        Ok(())
    })
    .unwrap();
    assert!(!persons.contains(&"payer-x".to_string()), "{persons:?}");
    assert!(persons.contains(&"p-known".to_string()), "{persons:?}");
    assert!(
        persons.contains(&"p-named-person".to_string()),
        "{persons:?}"
    );
    let stats = s.stats().unwrap();
    let count = |name: &str| {
        stats
            .schemata
            .iter()
            .find(|c| c.schema == name)
            .map_or(0, |c| c.count)
    };
    assert_eq!(count("Person"), 2, "{stats:?}");
    // The payer and the beneficiary.
    assert_eq!(count("LegalEntity"), 2, "{stats:?}");

    // The owner of the secret source still sees the person.
    s.set_view(View::sources(vec![open, secret]));
    assert_eq!(s.entity("payer-x").unwrap().unwrap().schema, "Person");
}
