//! Projection of hand-built stores: person level collapses identifiers onto their users,
//! entity level keeps them, and the filters drop what they should.

use kingpin_graph::project::{Level, ProjectOptions, Projection, parse_epoch, project};
use kingpin_graph::{EdgeType, EdgeTypeSet, NodeKind};
use kingpin_model::{Fragment, Grading, model};
use kingpin_store::{NewSource, SqliteStore, Store};

type Props<'a> = &'a [(&'a str, &'a str)];

fn put(store: &mut SqliteStore, grading: &str, frags: &[(&str, &str, Props<'_>)]) {
    let g: Grading = grading.parse().unwrap();
    let mut w = store
        .begin(NewSource {
            name: format!("src-{grading}"),
            kind: "test".into(),
            path: None,
            grading: g,
        })
        .unwrap();
    for (schema, id, props) in frags {
        let mut f = Fragment::new(model(), schema, *id).unwrap();
        f.grading = g;
        for (p, v) in *props {
            f.add(p, v).unwrap();
        }
        w.put(&f).unwrap();
    }
    w.commit(frags.len() as u64).unwrap();
}

/// Ali (uses two phones, one through a subscription, one written on his record), Bea (one
/// phone), an unregistered phone seen only through its SIM and handset, a shop and a crossing.
fn store() -> SqliteStore {
    let mut s = SqliteStore::in_memory().unwrap();
    put(
        &mut s,
        "1AP",
        &[
            ("Phone", "phone-+33600000001", &[("number", "+33600000001")]),
            ("Phone", "phone-+33600000002", &[("number", "+33600000002")]),
            ("Phone", "phone-+33600000003", &[("number", "+33600000003")]),
            (
                "Phone",
                "phone-+9647500000000",
                &[("number", "+9647500000000")],
            ),
            (
                "Call",
                "c1",
                &[
                    ("caller", "phone-+33600000001"),
                    ("receiver", "phone-+33600000003"),
                    ("startDate", "2025-01-10T10:00:00"),
                ],
            ),
            (
                "Call",
                "c2",
                &[
                    ("caller", "phone-+33600000002"),
                    ("receiver", "phone-+33600000003"),
                    ("startDate", "2025-03-10T10:00:00"),
                ],
            ),
            (
                "Call",
                "c3",
                &[
                    ("caller", "phone-+9647500000000"),
                    ("receiver", "phone-+33600000001"),
                    ("callerSim", "sim-418000000000001"),
                    ("callerDevice", "device-350000000000001"),
                    ("startDate", "2025-03-11T10:00:00"),
                ],
            ),
            (
                "Call",
                "c4",
                &[
                    ("caller", "phone-+33600000001"),
                    ("receiver", "phone-+33600000002"),
                    ("startDate", "2025-03-12T10:00:00"),
                ],
            ),
            ("Sim", "sim-418000000000001", &[("imsi", "418000000000001")]),
        ],
    );
    put(
        &mut s,
        "2BP",
        &[
            (
                "Person",
                "ali",
                &[("name", "Ali Rasul"), ("phone", "+33600000002")],
            ),
            ("Person", "bea", &[("name", "Bea Stone")]),
            (
                "UsesPhone",
                "u1",
                &[("user", "ali"), ("phone", "phone-+33600000001")],
            ),
            (
                "UsesPhone",
                "u2",
                &[("user", "bea"), ("phone", "phone-+33600000003")],
            ),
            (
                "Payment",
                "pay1",
                &[
                    ("payer", "bea"),
                    ("beneficiary", "ali"),
                    ("amount", "5000"),
                    ("date", "2025-03-01"),
                ],
            ),
            ("Organization", "shop", &[("name", "Marine Outlet")]),
            (
                "Purchase",
                "pu1",
                &[("buyer", "bea"), ("seller", "shop"), ("date", "2025-03-12")],
            ),
        ],
    );
    put(
        &mut s,
        "3CP",
        &[
            ("Person", "pilot", &[("name", "Omer Pilot")]),
            (
                "Crossing",
                "x1",
                &[("pilot", "pilot"), ("startDate", "2025-03-14T03:00:00")],
            ),
            (
                "Call",
                "c5",
                &[
                    ("caller", "phone-+33600000003"),
                    ("receiver", "phone-+9647500000000"),
                    ("startDate", "2025-03-13T10:00:00"),
                ],
            ),
        ],
    );
    s
}

fn node(p: &Projection, entity: &str) -> u32 {
    let v = p.lookup(entity);
    assert_eq!(v.len(), 1, "{entity}: {v:?}");
    v[0]
}

fn ties(p: &Projection, a: &str, b: &str, t: EdgeType) -> usize {
    let (a, b) = (node(p, a), node(p, b));
    p.graph
        .out_edges(a)
        .filter(|e| e.dst == b && e.etype == t)
        .count()
}

#[test]
fn person_level_collapses_phones_sims_and_handsets() {
    let s = store();
    let p = project(&s, &ProjectOptions::default()).unwrap();
    // Ali's two phones (subscription and record) are Ali; the SIM, handset and number of c3 are
    // one unknown user.
    let ali = node(&p, "ali");
    assert_eq!(node(&p, "phone-+33600000001"), ali);
    assert_eq!(node(&p, "phone-+33600000002"), ali);
    let unknown = node(&p, "phone-+9647500000000");
    assert_eq!(node(&p, "sim-418000000000001"), unknown);
    assert_eq!(node(&p, "device-350000000000001"), unknown);
    assert_eq!(p.graph.kind(unknown), NodeKind::Person);
    assert_eq!(p.caption(unknown), "user of +9647500000000");
    assert_eq!(p.caption(ali), "Ali Rasul");
    assert_eq!(p.graph.label(ali), "ali");
    // Calls between phones are calls between people; Ali calling his own phone is no tie.
    assert_eq!(ties(&p, "ali", "bea", EdgeType::Call), 2);
    assert_eq!(ties(&p, "phone-+9647500000000", "ali", EdgeType::Call), 1);
    assert_eq!(p.stats.self_ties, 1);
    assert_eq!(ties(&p, "bea", "ali", EdgeType::Payment), 1);
    let pay = p
        .graph
        .out_edges(node(&p, "bea"))
        .find(|e| e.etype == EdgeType::Payment);
    assert_eq!(pay.unwrap().weight, 5000.0);
    assert_eq!(ties(&p, "bea", "shop", EdgeType::Purchase), 1);
    assert_eq!(p.graph.kind(node(&p, "shop")), NodeKind::Organisation);
    // The crossing is an event node tied to its pilot, timed.
    let x = node(&p, "x1");
    assert_eq!(p.graph.kind(x), NodeKind::Event);
    let e = p.graph.in_edges(x).next().unwrap();
    assert_eq!(e.src, node(&p, "pilot"));
    assert_eq!(e.time, parse_epoch("2025-03-14T03:00:00"));
    let mut members = p.members(ali);
    members.sort();
    assert_eq!(
        members,
        vec!["ali", "phone-+33600000001", "phone-+33600000002"]
    );
}

#[test]
fn entity_level_keeps_identifiers_with_uses_edges() {
    let s = store();
    let p = project(
        &s,
        &ProjectOptions {
            level: Level::Entity,
            ..ProjectOptions::default()
        },
    )
    .unwrap();
    assert_ne!(node(&p, "ali"), node(&p, "phone-+33600000001"));
    assert_eq!(ties(&p, "ali", "phone-+33600000001", EdgeType::Uses), 1);
    assert_eq!(ties(&p, "ali", "phone-+33600000002", EdgeType::Uses), 1);
    assert_eq!(
        ties(
            &p,
            "phone-+9647500000000",
            "sim-418000000000001",
            EdgeType::Uses
        ),
        1
    );
    assert_eq!(
        ties(
            &p,
            "phone-+33600000001",
            "phone-+33600000003",
            EdgeType::Call
        ),
        1
    );
    assert_eq!(
        p.graph.kind(node(&p, "phone-+33600000001")),
        NodeKind::Phone
    );
    assert_eq!(p.stats.self_ties, 0);
}

#[test]
fn filters_by_time_type_and_grading() {
    let s = store();
    let calls = |p: &Projection| {
        p.graph
            .edges()
            .filter(|e| e.etype == EdgeType::Call)
            .count()
    };
    let all = project(&s, &ProjectOptions::default()).unwrap();
    assert_eq!(calls(&all), 4);
    let march = project(
        &s,
        &ProjectOptions {
            since: parse_epoch("2025-03-01"),
            until: parse_epoch("2025-03-13"),
            ..ProjectOptions::default()
        },
    )
    .unwrap();
    // c1 is before the window, c5 on its end day; the undated nothing is kept as is.
    assert_eq!(calls(&march), 2);
    assert!(march.stats.skipped_window >= 2);
    let money = project(
        &s,
        &ProjectOptions {
            edge_types: EdgeTypeSet::of(&[EdgeType::Payment]),
            ..ProjectOptions::default()
        },
    )
    .unwrap();
    assert!(money.graph.edges().all(|e| e.etype == EdgeType::Payment));
    assert_eq!(money.graph.edge_count(), 1);
    // At 2B the informant's 3C records vanish: no pilot, no crossing, no c5.
    let graded = project(
        &s,
        &ProjectOptions {
            min_grading: Some("2BP".parse().unwrap()),
            ..ProjectOptions::default()
        },
    )
    .unwrap();
    assert_eq!(calls(&graded), 3);
    assert_eq!(graded.graph.in_degree(node(&graded, "x1")), 0);
    // At 1A only the CDR is left, so nothing ties the phones to people.
    let strict = project(
        &s,
        &ProjectOptions {
            min_grading: Some("1AP".parse().unwrap()),
            ..ProjectOptions::default()
        },
    )
    .unwrap();
    assert_ne!(node(&strict, "phone-+33600000001"), node(&strict, "ali"));
    assert_eq!(calls(&strict), 4);
}

#[test]
fn ranking_runs_on_a_projection() {
    let s = store();
    let p = project(&s, &ProjectOptions::default()).unwrap();
    let r = kingpin_graph::rank::rank_leaders(&p.graph, &Default::default());
    assert!(!r.ranked.is_empty());
    assert!(
        r.ranked
            .iter()
            .all(|x| p.graph.kind(x.node) == NodeKind::Person)
    );
}
