//! The projection and the leader ranking are the same on both store backends: one generated
//! world imported into SQLite and into PostgreSQL (`KINGPIN_TEST_PG`, `.ci/postgres.sh`; the
//! test is skipped without it) gives the same nodes, labels, captions, edges, weights and
//! ranking, node for node.

use kingpin_graph::project::{Level, ProjectOptions, Projection, project};
use kingpin_graph::rank::{RankConfig, rank_leaders};
use kingpin_model::{Fragment, model};
use kingpin_store::{NewSource, Scan, ScratchSchema, SqliteStore, Store};

/// A small deterministic generator (the same world on every run and backend).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// (schema, id, properties, grading).
type Frag = (
    &'static str,
    String,
    Vec<(&'static str, String)>,
    &'static str,
);

fn import(s: &mut dyn Store, name: &str, frags: &[Frag]) {
    let mut w = s
        .begin(NewSource {
            name: name.into(),
            kind: "test".into(),
            path: None,
            grading: "2BP".parse().unwrap(),
        })
        .unwrap();
    for (schema, id, props, grading) in frags {
        let mut f = Fragment::new(model(), schema, id).unwrap();
        f.grading = grading.parse().unwrap();
        for (p, v) in props {
            f.add(p, v).unwrap();
        }
        w.put(&f).unwrap();
    }
    w.commit(frags.len() as u64).unwrap();
}

const PEOPLE: usize = 60;

fn phone(i: usize) -> String {
    format!("phone-+4477009{i:05}")
}

/// Sixty people with a phone each (every tenth with a second record on the same phone, so
/// records merge), an organiser the others pay, calls from two operators with different
/// gradings (some calls told half by each), and payments in two currencies.
fn world(s: &mut dyn Store) {
    let mut rng = Lcg(7);
    let mut register = Vec::new();
    for i in 0..PEOPLE {
        register.push((
            "Person",
            format!("per-{i}"),
            vec![("name", format!("Person {i}"))],
            "2BP",
        ));
        register.push((
            "Phone",
            phone(i),
            vec![("number", phone(i)[6..].into())],
            "2BP",
        ));
        register.push((
            "UsesPhone",
            format!("use-{i}"),
            vec![("user", format!("per-{i}")), ("phone", phone(i))],
            "2BP",
        ));
        if i % 10 == 3 {
            register.push((
                "Person",
                format!("rec-{i}"),
                vec![
                    ("name", format!("Alias {i}")),
                    ("phone", phone(i)[6..].into()),
                ],
                "3CP",
            ));
        }
    }
    import(s, "register", &register);
    let mut calls = Vec::new();
    let mut later = Vec::new();
    for c in 0..1500 {
        // Person 0 is called more, by people who are paid more: a leader to find.
        let a = if c % 5 == 0 { 0 } else { rng.below(PEOPLE) };
        let b = rng.below(PEOPLE);
        let date = format!(
            "2025-{:02}-{:02}T{:02}:00:00",
            1 + c % 12,
            1 + c % 28,
            c % 24
        );
        let grading = if c % 3 == 0 { "1AP" } else { "2BP" };
        if c % 50 == 7 {
            calls.push((
                "Call",
                format!("call-{c}"),
                vec![("caller", phone(a))],
                grading,
            ));
            later.push((
                "Call",
                format!("call-{c}"),
                vec![("receiver", phone(b)), ("startDate", date)],
                "3DP",
            ));
        } else {
            calls.push((
                "Call",
                format!("call-{c}"),
                vec![
                    ("caller", phone(a)),
                    ("receiver", phone(b)),
                    ("startDate", date),
                ],
                grading,
            ));
        }
    }
    import(s, "operator-1", &calls);
    // A second register names some people differently: the first name seen stays the caption.
    for i in (0..PEOPLE).step_by(7) {
        later.push((
            "Person",
            format!("per-{i}"),
            vec![("name", format!("Other {i}"))],
            "1AP",
        ));
    }
    for t in 0..300 {
        let payer = 1 + rng.below(PEOPLE - 1);
        let to = if t % 3 == 0 { 0 } else { rng.below(PEOPLE) };
        later.push((
            "Payment",
            format!("pay-{t}"),
            vec![
                ("payer", format!("per-{payer}")),
                ("beneficiary", format!("per-{to}")),
                ("amount", format!("{}", 100 + 37 * (t % 20))),
                ("currency", if t % 4 == 0 { "USD" } else { "EUR" }.into()),
                ("date", format!("2025-{:02}-15", 1 + t % 12)),
            ],
            "2BP",
        ));
    }
    import(s, "operator-2", &later);
}

/// Everything a projection shows, node by node and edge by edge.
fn shown(p: &Projection) -> Vec<String> {
    let g = &p.graph;
    let mut out = vec![format!(
        "{} nodes, {} edges, {} fragments, {} records, {} merged",
        g.node_count(),
        g.edge_count(),
        p.stats.fragments,
        p.stats.records,
        p.stats.merged_records
    )];
    for v in 0..g.node_count() as u32 {
        out.push(format!(
            "node {v} {} {:?} {:?} {:?}",
            g.label(v),
            g.kind(v),
            p.caption(v),
            p.members(v)
        ));
    }
    for e in g.edges() {
        out.push(format!("edge {e:?}"));
    }
    out
}

/// The ranking as shown: rank, label and score (to the last bit) of every person.
fn ranking(p: &Projection) -> Vec<String> {
    rank_leaders(&p.graph, &RankConfig::default())
        .ranked
        .iter()
        .map(|r| format!("{} {} {:?}", r.rank, r.label, r.score))
        .collect()
}

fn both(s: &dyn Scan, level: Level) -> Projection {
    project(
        s,
        &ProjectOptions {
            level,
            ..ProjectOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn projection_and_ranking_are_the_same_on_sqlite_and_postgres() {
    let Some((_schema, mut pg)) = ScratchSchema::from_env() else {
        return;
    };
    let mut lite = SqliteStore::in_memory().unwrap();
    world(&mut lite);
    world(&mut pg);
    for level in [Level::Person, Level::Entity] {
        let (a, b) = (both(&lite, level), both(&pg, level));
        assert!(a.graph.edge_count() > 1000, "{level:?}: a real graph");
        let (sa, sb) = (shown(&a), shown(&b));
        for (x, y) in sa.iter().zip(&sb) {
            assert_eq!(x, y, "{level:?}: SQLite, then PostgreSQL");
        }
        assert_eq!(sa.len(), sb.len(), "{level:?}");
        if level == Level::Person {
            let (ra, rb) = (ranking(&a), ranking(&b));
            assert!(ra.len() >= PEOPLE - 6, "{}", ra.len());
            assert_eq!(ra, rb);
        }
    }
}
