//! Person projection with entity resolution's identities: two records of one person that
//! share no phone become one node only when resolution says so.

use std::collections::HashMap;
use std::sync::Arc;

use kingpin_graph::project::{Level, ProjectOptions, Projection, project};
use kingpin_model::{Fragment, model};
use kingpin_store::{NewSource, SqliteStore, Store};

type Props = &'static [(&'static str, &'static str)];

/// Two records of Karwan (police and immigration, different phones), one of Dana; Karwan's
/// phones each call Dana's.
fn store() -> SqliteStore {
    let mut s = SqliteStore::in_memory().unwrap();
    let g = "2BP".parse().unwrap();
    let mut w = s
        .begin(NewSource {
            name: "test".into(),
            kind: "test".into(),
            path: None,
            grading: g,
        })
        .unwrap();
    let frags: &[(&str, &str, Props)] = &[
        (
            "Person",
            "karwan-police",
            &[("name", "Karwan Hama"), ("phone", "+9647501110001")],
        ),
        (
            "Person",
            "karwan-immigration",
            &[("name", "KARWAN HAMA"), ("phone", "+447700900001")],
        ),
        (
            "Person",
            "dana",
            &[("name", "Dana Aziz"), ("phone", "+9647502220002")],
        ),
        (
            "Call",
            "c1",
            &[
                ("caller", "phone-+9647501110001"),
                ("receiver", "phone-+9647502220002"),
            ],
        ),
        (
            "Call",
            "c2",
            &[
                ("caller", "phone-+447700900001"),
                ("receiver", "phone-+9647502220002"),
            ],
        ),
    ];
    for (schema, id, props) in frags {
        let mut f = Fragment::new(model(), schema, *id).unwrap();
        f.grading = g;
        for (p, v) in *props {
            f.add(p, v).unwrap();
        }
        w.put(&f).unwrap();
    }
    w.commit(frags.len() as u64).unwrap();
    s
}

fn node(p: &Projection, id: &str) -> u32 {
    p.lookup(id)[0]
}

fn identities() -> Option<Arc<HashMap<String, String>>> {
    let map = [
        ("karwan-police", "identity-k"),
        ("karwan-immigration", "identity-k"),
        ("not-in-store", "identity-k"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    Some(Arc::new(map))
}

#[test]
fn resolved_records_become_one_node() {
    let s = store();
    let plain = project(&s, &ProjectOptions::default()).unwrap();
    assert_ne!(
        node(&plain, "karwan-police"),
        node(&plain, "karwan-immigration")
    );
    assert_eq!(plain.stats.resolved_records, 0);
    let resolved = project(
        &s,
        &ProjectOptions {
            identities: identities(),
            ..ProjectOptions::default()
        },
    )
    .unwrap();
    let k = node(&resolved, "karwan-police");
    assert_eq!(k, node(&resolved, "karwan-immigration"));
    assert_eq!(resolved.stats.resolved_records, 1);
    assert_eq!(resolved.stats.nodes, plain.stats.nodes - 1);
    // Both of Karwan's phones now call Dana from one node: two calls on one tie.
    let dana = node(&resolved, "dana");
    let calls = resolved
        .graph
        .edges()
        .filter(|e| e.src == k && e.dst == dana)
        .count();
    assert_eq!(calls, 2);
}

#[test]
fn entity_level_ignores_identities() {
    let s = store();
    let p = project(
        &s,
        &ProjectOptions {
            level: Level::Entity,
            identities: identities(),
            ..ProjectOptions::default()
        },
    )
    .unwrap();
    assert_ne!(node(&p, "karwan-police"), node(&p, "karwan-immigration"));
    assert_eq!(p.stats.resolved_records, 0);
}
