//! The store conformance suite: every case is written once, generic over the backend, and runs
//! on SQLite always and on PostgreSQL when `KINGPIN_TEST_PG` names a database
//! (`postgres://user@host:port/db`; `.ci/postgres.sh` starts a throwaway one). Each PostgreSQL
//! case gets a fresh schema of its own, so cases run in parallel, and drops it afterwards.

use kingpin_audit::{Actor, Verification};
use kingpin_model::{Fragment, model};
use kingpin_store::{
    AuditEntry, Direction, Handling, NeighbourFilter, NewSource, SqliteStore, Store, StoreError,
    View,
};

/// What the cases need beyond [`Store`]: views, handling and the audit chain.
trait Backend: Store {
    fn view_as(&mut self, view: View);
    fn handle_as(&mut self, agency: &str);
    /// The audit chain's verification and the newest record's detail.
    fn audit(&self) -> (Verification, Option<serde_json::Value>);
}

impl Backend for SqliteStore {
    fn view_as(&mut self, view: View) {
        self.set_view(view);
    }
    fn handle_as(&mut self, agency: &str) {
        self.set_handling(handling(agency));
    }
    fn audit(&self) -> (Verification, Option<serde_json::Value>) {
        let log = kingpin_audit::AuditLog::open(self.connection()).unwrap();
        let newest = log
            .query(&kingpin_audit::Filter {
                limit: Some(1),
                ..Default::default()
            })
            .unwrap();
        let detail = newest
            .first()
            .map(|r| serde_json::from_str(&r.detail).unwrap());
        (log.verify().unwrap(), detail)
    }
}

#[cfg(feature = "postgres")]
impl Backend for kingpin_store::PgStore {
    fn view_as(&mut self, view: View) {
        self.set_view(view).unwrap();
    }
    fn handle_as(&mut self, agency: &str) {
        self.set_handling(handling(agency));
    }
    fn audit(&self) -> (Verification, Option<serde_json::Value>) {
        let detail = self
            .audit_records()
            .unwrap()
            .last()
            .map(|r| serde_json::from_str(&r.detail).unwrap());
        (self.verify_audit().unwrap(), detail)
    }
}

fn handling(agency: &str) -> Handling {
    Handling {
        agency: agency.into(),
        releasable_to: vec![],
        compartment: None,
    }
}

fn src(name: &str, grading: &str) -> NewSource {
    NewSource {
        name: name.into(),
        kind: "test".into(),
        path: None,
        grading: grading.parse().unwrap(),
    }
}

/// (schema, id, properties, grading).
type Frag<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str);

fn frag<'m>((schema, id, props, grading): &Frag<'_>) -> Fragment<'m> {
    let mut f = Fragment::new(model(), schema, *id).unwrap();
    for (p, v) in *props {
        f.add(p, v).unwrap();
    }
    f.grading = grading.parse().unwrap();
    f
}

/// Imports `frags` as one source and returns its id.
fn import(s: &mut impl Backend, name: &str, frags: &[Frag<'_>]) -> i64 {
    let mut w = s.begin(src(name, "2BP")).unwrap();
    for f in frags {
        w.put(&frag(f)).unwrap();
    }
    w.commit(frags.len() as u64).unwrap().id
}

const CALLS: &[Frag<'static>] = &[
    ("Phone", "phone-1", &[("number", "+9647501111111")], "1AP"),
    ("Phone", "phone-2", &[("number", "+447700900123")], "1AP"),
    (
        "Call",
        "call-1",
        &[
            ("caller", "phone-1"),
            ("receiver", "phone-2"),
            ("startDate", "2024-03-05T22:14:00"),
        ],
        "1AP",
    ),
    (
        "Person",
        "p-1",
        &[("name", "Karwan Áhmed"), ("birthDate", "1988")],
        "2BC",
    ),
    (
        "UsesPhone",
        "use-1",
        &[("user", "p-1"), ("phone", "phone-1")],
        "3DP",
    ),
];

fn ids_of(s: &impl Backend, schema: Option<&str>) -> Vec<String> {
    let mut ids = Vec::new();
    s.for_each_entity(schema, &mut |e| {
        ids.push(e.id);
        Ok(())
    })
    .unwrap();
    ids.sort();
    ids
}

fn empty(s: &impl Backend) -> bool {
    let st = s.stats().unwrap();
    st.entities == 0
        && st.statements == 0
        && st.sources == 0
        && s.sources().unwrap().is_empty()
        && ids_of(s, None).is_empty()
        && s.search("karwan", 10).unwrap().is_empty()
}

fn import_commits_or_leaves_nothing(s: &mut impl Backend) {
    // Dropped before commit: nothing of it remains.
    let mut w = s.begin(src("dropped", "1AP")).unwrap();
    for f in CALLS {
        w.put(&frag(f)).unwrap();
    }
    drop(w);
    assert!(empty(s));
    assert!(s.entity("p-1").unwrap().is_none());
    // Failed part-way (one id given two unrelated schemata), then dropped: nothing either.
    let mut w = s.begin(src("failed", "1AP")).unwrap();
    w.put(&frag(&CALLS[0])).unwrap();
    let err = w
        .put(&frag(&("Person", "phone-1", &[("name", "X")], "1AP")))
        .unwrap_err();
    assert!(matches!(err, StoreError::Model { .. }), "{err}");
    drop(w);
    assert!(empty(s));
    // Committed: all of it.
    let info = {
        let mut w = s.begin(src("cdr", "1AP")).unwrap();
        for f in CALLS {
            w.put(&frag(f)).unwrap();
        }
        // The same fragment twice in one import is written once.
        w.put(&frag(&CALLS[0])).unwrap();
        w.commit(6).unwrap()
    };
    assert_eq!(
        (info.rows, info.fragments, info.statements),
        (6, 5, 9),
        "{info:?}"
    );
    assert_eq!(info.name, "cdr");
    assert_eq!(info.grading, "1AP");
    let p = s.entity("p-1").unwrap().unwrap();
    assert_eq!(p.schema, "Person");
    assert_eq!(p.values("name"), vec!["Karwan Áhmed"]);
    let st = p.statements.iter().find(|s| s.prop == "birthDate").unwrap();
    assert_eq!(st.prov.source, "cdr");
    assert_eq!(st.prov.grading.to_string(), "2BC");
}

fn merges_across_sources_keeping_provenance(s: &mut impl Backend) {
    let a = import(s, "police", CALLS);
    // A second source restates a name with its own grading, adds a fact, and describes an
    // entity the first source only named (as a UsesPhone's user, a LegalEntity).
    let b = import(
        s,
        "informant",
        &[
            (
                "Person",
                "p-1",
                &[("name", "Karwan Áhmed"), ("nationality", "iq")],
                "3DC",
            ),
            (
                "UsesPhone",
                "use-2",
                &[("user", "p-2"), ("phone", "phone-2")],
                "2BP",
            ),
        ],
    );
    let c = import(
        s,
        "registry",
        &[("Person", "p-2", &[("name", "Dara Rashid")], "1AP")],
    );
    assert!(a < b && b < c);
    let p = s.entity("p-1").unwrap().unwrap();
    let names: Vec<(String, String)> = p
        .statements
        .iter()
        .filter(|st| st.prop == "name")
        .map(|st| (st.prov.source.clone(), st.prov.grading.to_string()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("police".to_string(), "2BC".to_string()),
            ("informant".to_string(), "3DC".to_string())
        ]
    );
    assert_eq!(p.values("name"), vec!["Karwan Áhmed"]);
    assert_eq!(p.values("nationality"), vec!["iq"]);
    // Named as the range first, narrowed when described.
    assert_eq!(s.entity("p-2").unwrap().unwrap().schema, "Person");
    let stats = s.stats().unwrap();
    assert_eq!((stats.entities, stats.sources), (7, 3), "{stats:?}");
    assert_eq!(stats.statements, 9 + 4 + 1);
    let srcs = s.sources().unwrap();
    let names: Vec<&str> = srcs.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, vec!["police", "informant", "registry"]);
    assert_eq!(srcs[1].statements, 4);
}

fn neighbours_follow_links_with_filters(s: &mut impl Backend) {
    import(s, "cdr", CALLS);
    let all = |s: &dyn Store, id: &str, f: NeighbourFilter| {
        let mut v: Vec<(String, String, Direction)> = s
            .neighbours(id, &f)
            .unwrap()
            .into_iter()
            .map(|n| (n.entity.id, n.prop, n.direction))
            .collect();
        v.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        v
    };
    let incoming = |id: &str, prop: &str| (id.to_string(), prop.to_string(), Direction::Incoming);
    assert_eq!(
        all(s, "phone-1", NeighbourFilter::default()),
        vec![incoming("call-1", "caller"), incoming("use-1", "phone")]
    );
    assert_eq!(
        all(s, "call-1", NeighbourFilter::default()),
        vec![
            ("phone-1".into(), "caller".into(), Direction::Outgoing),
            ("phone-2".into(), "receiver".into(), Direction::Outgoing)
        ]
    );
    let by_prop = NeighbourFilter {
        prop: Some("caller".into()),
        ..Default::default()
    };
    assert_eq!(
        all(s, "phone-1", by_prop),
        vec![incoming("call-1", "caller")]
    );
    let by_schema = NeighbourFilter {
        schema: Some("Interval".into()),
        ..Default::default()
    };
    assert_eq!(all(s, "phone-1", by_schema).len(), 2);
    let by_schema = NeighbourFilter {
        schema: Some("Call".into()),
        ..Default::default()
    };
    assert_eq!(
        all(s, "phone-1", by_schema),
        vec![incoming("call-1", "caller")]
    );
    // use-1 is graded 3DP: below 2B.
    let graded = NeighbourFilter {
        min_grading: Some("2BP".parse().unwrap()),
        ..Default::default()
    };
    assert_eq!(
        all(s, "phone-1", graded),
        vec![incoming("call-1", "caller")]
    );
    let one = NeighbourFilter {
        limit: 1,
        ..Default::default()
    };
    assert_eq!(s.neighbours("phone-1", &one).unwrap().len(), 1);
    assert!(
        s.neighbours("nobody", &NeighbourFilter::default())
            .unwrap()
            .is_empty()
    );
    let caller = &s.neighbours("call-1", &NeighbourFilter::default()).unwrap()[0];
    assert_eq!(caller.entity.schema, "Phone");
    assert_eq!(caller.entity.caption, "+9647501111111");
}

fn search_finds_names_and_phones(s: &mut impl Backend) {
    import(s, "cdr", CALLS);
    let found = |q: &str| {
        let mut v: Vec<(String, String)> = s
            .search(q, 10)
            .unwrap()
            .into_iter()
            .map(|h| (h.entity.id, h.matched))
            .collect();
        v.sort();
        v
    };
    let p1 = vec![("p-1".to_string(), "Karwan Áhmed".to_string())];
    assert_eq!(found("karwan"), p1);
    assert_eq!(found("KARWAN ahmed"), p1, "case and diacritics fold");
    assert_eq!(found("ahm kar"), p1, "every word, as a prefix");
    assert_eq!(
        found("+964750"),
        vec![("phone-1".to_string(), "+9647501111111".to_string())]
    );
    assert_eq!(found("447700900123").len(), 1);
    assert!(found("karwan nobody").is_empty());
    assert!(found("").is_empty());
    assert!(found("'&|!():*\"").is_empty(), "punctuation is not syntax");
    assert_eq!(s.search("karwan", 0).unwrap().len(), 0);
    let hit = &s.search("karwan", 10).unwrap()[0];
    assert_eq!(hit.entity.caption, "Karwan Áhmed");
    assert!(hit.score > 0.0, "{hit:?}");
}

fn for_each_entity_streams_by_schema(s: &mut impl Backend) {
    import(s, "cdr", CALLS);
    assert_eq!(
        ids_of(s, None),
        vec!["call-1", "p-1", "phone-1", "phone-2", "use-1"]
    );
    assert_eq!(ids_of(s, Some("Phone")), vec!["phone-1", "phone-2"]);
    assert_eq!(ids_of(s, Some("Interval")), vec!["call-1", "use-1"]);
    assert!(ids_of(s, Some("Vessel")).is_empty());
    // Entities arrive with their statements; a callback's error stops the stream.
    let mut seen = 0;
    let err = s
        .for_each_entity(None, &mut |e| {
            assert!(!e.statements.is_empty());
            seen += 1;
            Err(StoreError::Callback("stop".into()))
        })
        .unwrap_err();
    assert_eq!((seen, err.to_string()), (1, "stop".to_string()));
}

fn stats_and_sources_count_what_is_there(s: &mut impl Backend) {
    s.handle_as("NCA");
    import(s, "cdr", CALLS);
    let st = s.stats().unwrap();
    assert_eq!(
        (st.entities, st.statements, st.links, st.sources),
        (5, 9, 4, 1)
    );
    let phones = st.schemata.iter().find(|c| c.schema == "Phone").unwrap();
    assert_eq!(phones.count, 2);
    assert_eq!(st.schemata[0].schema, "Phone", "largest first");
    let srcs = s.sources().unwrap();
    assert_eq!(srcs.len(), 1);
    assert_eq!(srcs[0].handling.agency, "NCA");
    assert!(srcs[0].imported_at.ends_with('Z'), "{:?}", srcs[0]);
}

fn views_hide_other_sources(s: &mut impl Backend) {
    s.handle_as("KRG");
    let open = import(
        s,
        "open",
        &[
            ("Phone", "ph-open", &[("number", "+9647501112222")], "2BP"),
            ("Person", "p-open", &[("name", "Dara Openname")], "2BP"),
        ],
    );
    s.handle_as("NCA");
    let secret = import(
        s,
        "secret",
        &[
            ("Phone", "ph-secret", &[("number", "+447700900001")], "2BP"),
            (
                "Call",
                "c-secret",
                &[("caller", "ph-secret"), ("receiver", "ph-open")],
                "2BP",
            ),
            ("Person", "p-open", &[("name", "Secretalias")], "2BP"),
            (
                "UsesPhone",
                "u-secret",
                &[("user", "p-only-named"), ("phone", "ph-open")],
                "2BP",
            ),
        ],
    );
    s.view_as(View::sources(vec![open]));
    assert!(s.entity("ph-secret").unwrap().is_none());
    assert!(s.entity("c-secret").unwrap().is_none());
    assert!(s.entity("p-only-named").unwrap().is_none());
    let p = s.entity("p-open").unwrap().unwrap();
    assert!(p.statements.iter().all(|st| st.value != "Secretalias"));
    assert!(s.search("Secretalias", 10).unwrap().is_empty());
    assert!(s.search("447700900001", 10).unwrap().is_empty());
    assert_eq!(s.search("Openname", 10).unwrap().len(), 1);
    assert!(
        s.neighbours("ph-open", &NeighbourFilter::default())
            .unwrap()
            .is_empty()
    );
    assert_eq!(ids_of(s, None), vec!["p-open", "ph-open"]);
    let st = s.stats().unwrap();
    assert_eq!(
        (st.entities, st.statements, st.links, st.sources),
        (2, 2, 0, 1)
    );
    let srcs = s.sources().unwrap();
    assert_eq!((srcs.len(), srcs[0].handling.agency.as_str()), (1, "KRG"));

    // The other side: entities only named by visible statements exist, as bare ids.
    s.view_as(View::sources(vec![secret]));
    let named = s.entity("p-only-named").unwrap().unwrap();
    assert!(named.statements.is_empty());
    let mut got: Vec<String> = s
        .neighbours("ph-open", &NeighbourFilter::default())
        .unwrap()
        .into_iter()
        .map(|n| n.entity.id)
        .collect();
    got.sort();
    assert_eq!(got, vec!["c-secret", "u-secret"]);
    // ph-secret, c-secret, p-open, u-secret, ph-open (named), p-only-named (named).
    assert_eq!(s.stats().unwrap().entities, 6);

    s.view_as(View::sources(vec![]));
    assert_eq!(s.stats().unwrap().entities, 0);
    assert!(s.entity("p-open").unwrap().is_none());
    assert!(s.search("Dara", 10).unwrap().is_empty());
    s.view_as(View::all());
    assert_eq!(s.stats().unwrap().sources, 2);
}

/// A payment's payer that another (hidden) source made a `Person` stays the `LegalEntity`
/// the visible payment names, through every read.
fn named_only_entities_show_their_visible_schema(s: &mut impl Backend) {
    let secret = import(
        s,
        "secret",
        &[("Person", "payer-x", &[("name", "Hidden Person")], "2BP")],
    );
    let open = import(
        s,
        "open",
        &[
            (
                "Payment",
                "pay-1",
                &[("payer", "payer-x"), ("beneficiary", "acct-y")],
                "2BP",
            ),
            ("Person", "p-known", &[("name", "Known Person")], "2BP"),
        ],
    );
    assert_eq!(s.entity("payer-x").unwrap().unwrap().schema, "Person");
    s.view_as(View::sources(vec![open]));
    let e = s.entity("payer-x").unwrap().unwrap();
    assert_eq!((e.schema.as_str(), e.statements.len()), ("LegalEntity", 0));
    let n = s.neighbours("pay-1", &NeighbourFilter::default()).unwrap();
    let payer = n.iter().find(|n| n.entity.id == "payer-x").unwrap();
    assert_eq!(payer.entity.schema, "LegalEntity");
    let stats = s.stats().unwrap();
    let count = |name: &str| {
        stats
            .schemata
            .iter()
            .find(|c| c.schema == name)
            .map_or(0, |c| c.count)
    };
    assert_eq!((count("Person"), count("LegalEntity")), (1, 2), "{stats:?}");
    s.view_as(View::sources(vec![open, secret]));
    assert_eq!(s.entity("payer-x").unwrap().unwrap().schema, "Person");
}

fn commit_audited_appends_to_the_chain(s: &mut impl Backend) {
    assert!(matches!(
        s.audit().0,
        Verification::Intact { records: 0, .. }
    ));
    let entry = AuditEntry {
        who: Actor {
            actor: "analyst".into(),
            agency: "NCA".into(),
            origin: "test".into(),
        },
        action: "import".into(),
        target: "calls.csv".into(),
        detail: serde_json::json!({"format": "cdr"}),
    };
    for name in ["first", "second"] {
        let mut w = s.begin(src(name, "1AP")).unwrap();
        for f in CALLS {
            w.put(&frag(f)).unwrap();
        }
        w.commit_audited(5, &entry).unwrap();
    }
    // A dropped import leaves no record.
    let w = s.begin(src("dropped", "1AP")).unwrap();
    drop(w);
    let (verified, detail) = s.audit();
    assert!(
        matches!(verified, Verification::Intact { records: 2, .. }),
        "{verified:?}"
    );
    let detail = detail.unwrap();
    assert_eq!(detail["source"], "second");
    assert_eq!(detail["format"], "cdr");
    assert_eq!(detail["rows"], 5);
    assert_eq!(detail["statements"], 9);
    assert_eq!(s.sources().unwrap().len(), 2);
}

/// Runs every case against a fresh store of each backend.
macro_rules! conformance {
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
                super::pg::with_store(|s| super::$case(s));
            })*
        }
    };
}

conformance!(
    import_commits_or_leaves_nothing,
    merges_across_sources_keeping_provenance,
    neighbours_follow_links_with_filters,
    search_finds_names_and_phones,
    for_each_entity_streams_by_schema,
    stats_and_sources_count_what_is_there,
    views_hide_other_sources,
    named_only_entities_show_their_visible_schema,
    commit_audited_appends_to_the_chain,
);

#[cfg(feature = "postgres")]
mod pg {
    use kingpin_store::{PgStore, ScratchSchema as Schema, Store, View};

    /// A fresh, empty store in a schema of its own (dropped when the case ends), or `None`
    /// when `KINGPIN_TEST_PG` is not set.
    fn fresh() -> Option<(Schema, PgStore)> {
        Schema::from_env()
    }

    /// Runs a case on a fresh store; the store closes before its schema is dropped.
    pub fn with_store(case: impl FnOnce(&mut PgStore)) {
        if let Some((_schema, mut store)) = fresh() {
            case(&mut store);
        }
    }

    /// Two imports narrow one entity at once (LegalEntity to Organization, and to Company):
    /// the one that writes second must not put back the broader schema it looked up before
    /// the other committed. B narrows and holds; A looks up, then waits; B commits; A lands.
    #[test]
    fn concurrent_narrowing_keeps_the_narrowest_schema() {
        let Some((schema, mut store)) = fresh() else {
            return;
        };
        let url = std::env::var("KINGPIN_TEST_PG").unwrap();
        let none: &[(&str, &str)] = &[];
        super::import(&mut store, "seed", &[("LegalEntity", "x-1", none, "2BP")]);
        // Enough statements to make a writer send its batch (and take its row locks) before
        // it commits.
        let fill = |w: &mut Box<dyn kingpin_store::Writer + '_>, tag: &str| {
            for i in 0..4200 {
                let (id, number) = (format!("{tag}-{i}"), format!("+4477009{i:05}"));
                let props: &[(&str, &str)] = &[("number", &number)];
                w.put(&super::frag(&("Phone", &id, props, "2BP"))).unwrap();
            }
        };
        let mut b_store = PgStore::connect_in_schema(&url, &schema.name).unwrap();
        let mut b = b_store.begin(super::src("b", "2BP")).unwrap();
        b.put(&super::frag(&("Company", "x-1", none, "2BP")))
            .unwrap();
        fill(&mut b, "b");
        std::thread::scope(|scope| {
            let a = scope.spawn(|| {
                let mut a_store = PgStore::connect_in_schema(&url, &schema.name).unwrap();
                let mut a = a_store.begin(super::src("a", "2BP")).unwrap();
                a.put(&super::frag(&("Organization", "x-1", none, "2BP")))
                    .unwrap();
                fill(&mut a, "a");
                a.commit(4201).unwrap();
            });
            // Let A look the entity up and block on B's lock before B commits.
            std::thread::sleep(std::time::Duration::from_millis(700));
            b.commit(4201).unwrap();
            a.join().unwrap();
        });
        let x = store.entity("x-1").unwrap().unwrap();
        assert_eq!(x.schema, "Company", "a concurrent import undid a narrowing");
    }

    #[test]
    fn bad_schema_names_are_refused() {
        let Ok(url) = std::env::var("KINGPIN_TEST_PG") else {
            return;
        };
        for bad in ["", "Robert'); DROP TABLE x;--", "1abc", "has space"] {
            let err = PgStore::connect_in_schema(&url, bad).err().unwrap();
            assert!(err.to_string().contains("schema name"), "{err}");
        }
    }

    #[test]
    fn migrations_are_applied_once() {
        if let Some((schema, mut store)) = fresh() {
            super::import(&mut store, "cdr", super::CALLS);
            drop(store);
            // Reopening finds the schema current and the data kept.
            let url = std::env::var("KINGPIN_TEST_PG").unwrap();
            let again = PgStore::connect_in_schema(&url, &schema.name).unwrap();
            assert_eq!(again.stats().unwrap().entities, 5);
        }
    }

    /// Writers on separate connections import at once, sharing entities and appending to the
    /// audit chain. Met in the same order, shared new entities only make writers wait: every
    /// import lands, nothing is lost or doubled, and the chain holds one record per import.
    #[test]
    fn concurrent_writers_lose_nothing() {
        concurrent_writers(false);
    }

    /// Met in opposite orders, shared new entities could deadlock two imports; the writer
    /// inserts each batch's new ids in id order, so imports whose shared ids fall in one batch
    /// never do: all land here too.
    #[test]
    fn writers_meeting_ids_in_opposite_orders_all_land() {
        concurrent_writers(true);
    }

    fn concurrent_writers(opposite: bool) {
        let Some((schema, store)) = fresh() else {
            return;
        };
        const WRITERS: usize = 4;
        const CALLS: usize = 200;
        const PHONES: usize = 20;
        let url = std::env::var("KINGPIN_TEST_PG").unwrap();
        let start = std::sync::Barrier::new(WRITERS);
        let import = |i: usize| -> kingpin_store::Result<()> {
            let mut s = PgStore::connect_in_schema(&url, &schema.name)?;
            let mut w = s.begin(super::src(&format!("writer-{i}"), "2BP"))?;
            start.wait();
            for p in 0..PHONES {
                let p = if opposite && i % 2 == 1 {
                    PHONES - 1 - p
                } else {
                    p
                };
                let (id, number) = (format!("ph-{p}"), format!("+96475000{p:05}"));
                let props: &[(&str, &str)] = &[("number", &number)];
                w.put(&super::frag(&("Phone", &id, props, "2BP")))?;
            }
            for k in 0..CALLS {
                let (caller, receiver) = (
                    format!("ph-{}", k % PHONES),
                    format!("ph-{}", (k + 1) % PHONES),
                );
                let props: &[(&str, &str)] = &[("caller", &caller), ("receiver", &receiver)];
                let id = format!("call-{i}-{k}");
                w.put(&super::frag(&("Call", &id, props, "2BP")))?;
            }
            let entry = kingpin_store::AuditEntry {
                who: kingpin_audit::Actor {
                    actor: format!("analyst-{i}"),
                    agency: "NCA".into(),
                    origin: "test".into(),
                },
                action: "import".into(),
                target: format!("writer-{i}.csv"),
                detail: serde_json::Value::Null,
            };
            w.commit_audited((PHONES + CALLS) as u64, &entry)?;
            Ok(())
        };
        let outcomes: Vec<kingpin_store::Result<()>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..WRITERS)
                .map(|i| {
                    let import = &import;
                    scope.spawn(move || import(i))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut landed = Vec::new();
        for (i, outcome) in outcomes.into_iter().enumerate() {
            match outcome {
                Ok(()) => landed.push(format!("analyst-{i}")),
                Err(e) => panic!("writer {i} (opposite orders: {opposite}): {e}"),
            }
        }
        let n = landed.len();
        let st = store.stats().unwrap();
        assert_eq!(st.sources, n as u64);
        assert_eq!(st.entities, (PHONES + n * CALLS) as u64, "{st:?}");
        assert_eq!(st.statements, (n * (PHONES + 2 * CALLS)) as u64);
        assert_eq!(st.links, (n * CALLS * 2) as u64);
        let v = store.verify_audit().unwrap();
        assert!(
            matches!(v, kingpin_audit::Verification::Intact { records, .. } if records == n as i64),
            "{v:?}"
        );
        let mut actors: Vec<String> = store
            .audit_records()
            .unwrap()
            .into_iter()
            .map(|r| r.actor)
            .collect();
        actors.sort();
        assert_eq!(actors, landed);
    }

    /// Row-level security: a session of a role that is not a superuser sees no statement or
    /// name without `kingpin.sources`, and only the listed sources' with it, whatever SQL it
    /// sends, while the store's own view sets it for its session.
    #[test]
    fn row_level_security_is_a_second_line() {
        let Some((schema, mut store)) = fresh() else {
            return;
        };
        let open = super::import(&mut store, "open", super::CALLS);
        let secret = super::import(
            &mut store,
            "secret",
            &[("Person", "p-9", &[("name", "Hidden Name")], "1AP")],
        );
        let role = format!("{}_reader", schema.name);
        let c = store.client();
        c.batch_execute(&format!(
            "CREATE ROLE {role} NOLOGIN;
             GRANT {role} TO current_user;
             GRANT USAGE ON SCHEMA {s} TO {role};
             GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {role};
             SET ROLE {role};
             SELECT set_config('kingpin.sources', '', false);",
            s = schema.name
        ))
        .unwrap();
        let count = |c: &mut postgres::Client, table: &str| -> i64 {
            c.query_one(&format!("SELECT count(*) FROM {table}"), &[])
                .unwrap()
                .get(0)
        };
        assert_eq!((count(c, "statement"), count(c, "name")), (0, 0));
        c.batch_execute("RESET kingpin.sources").unwrap();
        assert_eq!((count(c, "statement"), count(c, "name")), (0, 0));
        // Sources are public metadata; their statements are not.
        assert_eq!(count(c, "source"), 2);
        c.execute(
            "SELECT set_config('kingpin.sources', $1, false)",
            &[&open.to_string()],
        )
        .unwrap();
        assert_eq!(count(c, "statement"), 9);
        let hidden: i64 = c
            .query_one("SELECT count(*) FROM name WHERE text = 'Hidden Name'", &[])
            .unwrap()
            .get(0);
        assert_eq!(hidden, 0);
        // The store's view drives the same setting: as this role, the database filters.
        store.set_view(View::sources(vec![secret])).unwrap();
        assert_eq!(count(store.client(), "statement"), 1);
        store.set_view(View::all()).unwrap();
        assert_eq!(count(store.client(), "statement"), 10);
        let c = store.client();
        c.batch_execute(&format!(
            "RESET ROLE; DROP OWNED BY {role}; DROP ROLE {role}"
        ))
        .unwrap();
    }
}
