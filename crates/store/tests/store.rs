//! Behaviour of the SQLite store through the public trait.

use kingpin_model::{Fragment, Grading, model};
use kingpin_store::{NeighbourFilter, NewSource, SqliteStore, Store, StoreError};

fn src(name: &str, grading: &str) -> NewSource {
    NewSource {
        name: name.into(),
        kind: "test".into(),
        path: None,
        grading: grading.parse().unwrap(),
    }
}

fn frag<'m>(schema: &str, id: &str, props: &[(&str, &str)], grading: &str) -> Fragment<'m> {
    let mut f = Fragment::new(model(), schema, id).unwrap();
    for (p, v) in props {
        f.add(p, v).unwrap();
    }
    f.grading = grading.parse().unwrap();
    f
}

fn load_call_graph(store: &mut SqliteStore) {
    let mut w = store.begin(src("cdr", "1AP")).unwrap();
    w.put(&frag(
        "Phone",
        "phone-1",
        &[("number", "+9647501111111")],
        "1AP",
    ))
    .unwrap();
    w.put(&frag(
        "Phone",
        "phone-2",
        &[("number", "+447700900123")],
        "1AP",
    ))
    .unwrap();
    w.put(&frag(
        "Call",
        "call-1",
        &[
            ("caller", "phone-1"),
            ("receiver", "phone-2"),
            ("startDate", "2024-03-05T22:14:00"),
        ],
        "1AP",
    ))
    .unwrap();
    w.put(&frag(
        "Person",
        "p-1",
        &[("name", "Karwan Ahmed"), ("birthDate", "1988")],
        "2BC",
    ))
    .unwrap();
    w.put(&frag(
        "UsesPhone",
        "use-1",
        &[("user", "p-1"), ("phone", "phone-1")],
        "3DP",
    ))
    .unwrap();
    w.commit(5).unwrap();
}

#[test]
fn entities_round_trip_with_provenance() {
    let mut s = SqliteStore::in_memory().unwrap();
    load_call_graph(&mut s);
    let p = s.entity("p-1").unwrap().unwrap();
    assert_eq!(p.schema, "Person");
    assert_eq!(p.values("name"), vec!["Karwan Ahmed"]);
    let st = p.statements.iter().find(|s| s.prop == "birthDate").unwrap();
    assert_eq!(st.prov.source, "cdr");
    assert_eq!(st.prov.grading.to_string(), "2BC");
    assert!(s.entity("nobody").unwrap().is_none());
    let stats = s.stats().unwrap();
    assert_eq!(stats.entities, 5);
    assert_eq!(stats.sources, 1);
    assert_eq!(stats.links, 4);
    let srcs = s.sources().unwrap();
    assert_eq!(srcs[0].rows, 5);
    assert_eq!(srcs[0].statements, 9);
}

#[test]
fn dropped_writer_leaves_nothing() {
    let mut s = SqliteStore::in_memory().unwrap();
    load_call_graph(&mut s);
    let before = s.stats().unwrap();
    {
        let mut w = s.begin(src("half", "2CP")).unwrap();
        w.put(&frag("Person", "p-2", &[("name", "Half Done")], "2CP"))
            .unwrap();
        w.put(&frag("Person", "p-1", &[("alias", "Abu Karwan")], "2CP"))
            .unwrap();
    }
    let after = s.stats().unwrap();
    assert_eq!(before.entities, after.entities);
    assert_eq!(before.statements, after.statements);
    assert_eq!(after.sources, 1);
    assert!(s.entity("p-2").unwrap().is_none());
    assert!(s.search("half", 10).unwrap().is_empty());
}

#[test]
fn schemata_narrow_and_conflict() {
    let mut s = SqliteStore::in_memory().unwrap();
    let mut w = s.begin(src("a", "2CP")).unwrap();
    // Referenced first as a payer (LegalEntity), then described as a Person.
    w.put(&frag(
        "Payment",
        "pay-1",
        &[("payer", "x"), ("amount", "4500")],
        "2CP",
    ))
    .unwrap();
    w.put(&frag("Person", "x", &[("name", "Hawre")], "2CP"))
        .unwrap();
    let err = w
        .put(&frag("Vessel", "x", &[("name", "Boat")], "2CP"))
        .unwrap_err();
    assert!(matches!(err, StoreError::Model { .. }), "{err}");
    w.commit(3).unwrap();
    assert_eq!(s.entity("x").unwrap().unwrap().schema, "Person");
}

#[test]
fn neighbours_follow_links_both_ways_with_filters() {
    let mut s = SqliteStore::in_memory().unwrap();
    load_call_graph(&mut s);
    let all = s
        .neighbours("phone-1", &NeighbourFilter::default())
        .unwrap();
    let mut ids: Vec<&str> = all.iter().map(|n| n.entity.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, vec!["call-1", "use-1"]);
    let out = s.neighbours("call-1", &NeighbourFilter::default()).unwrap();
    assert_eq!(out.len(), 2);
    assert_eq!(
        out.iter()
            .find(|n| n.prop == "caller")
            .unwrap()
            .entity
            .caption,
        "+9647501111111"
    );
    let good = NeighbourFilter {
        min_grading: Some("2BP".parse::<Grading>().unwrap()),
        ..Default::default()
    };
    let graded = s.neighbours("phone-1", &good).unwrap();
    assert_eq!(graded.len(), 1, "the 3D UsesPhone link is below 2B");
    let calls = NeighbourFilter {
        schema: Some("Interval".into()),
        prop: Some("caller".into()),
        ..Default::default()
    };
    assert_eq!(
        s.neighbours("phone-1", &calls).unwrap()[0].entity.id,
        "call-1"
    );
}

#[test]
fn search_finds_names_and_numbers_ignoring_case_and_diacritics() {
    let mut s = SqliteStore::in_memory().unwrap();
    let mut w = s.begin(src("a", "2CP")).unwrap();
    w.put(&frag("Person", "p-9", &[("name", "Rêbaz Hêmin")], "2CP"))
        .unwrap();
    w.commit(1).unwrap();
    load_call_graph(&mut s);
    assert_eq!(s.search("karwan", 5).unwrap()[0].entity.id, "p-1");
    assert_eq!(s.search("REBAZ hemin", 5).unwrap()[0].entity.id, "p-9");
    assert_eq!(
        s.search("+447700900123", 5).unwrap()[0].entity.id,
        "phone-2"
    );
    assert!(
        s.search("\"AND OR*(", 5).is_ok(),
        "FTS syntax in input is harmless"
    );
}

#[test]
fn repeated_fragments_are_written_once() {
    let mut s = SqliteStore::in_memory().unwrap();
    let mut w = s.begin(src("cdr", "1AP")).unwrap();
    for _ in 0..100 {
        w.put(&frag(
            "Phone",
            "phone-1",
            &[("number", "+9647501111111")],
            "1AP",
        ))
        .unwrap();
    }
    let info = w.commit(100).unwrap();
    assert_eq!(info.fragments, 1);
    assert_eq!(info.statements, 1);
    assert_eq!(s.search("9647501111111", 5).unwrap().len(), 1);
}

#[test]
fn for_each_entity_streams_by_schema() {
    let mut s = SqliteStore::in_memory().unwrap();
    load_call_graph(&mut s);
    let mut seen = Vec::new();
    s.for_each_entity(Some("Interval"), &mut |e| {
        seen.push(e.id);
        Ok(())
    })
    .unwrap();
    seen.sort();
    assert_eq!(seen, vec!["call-1", "use-1"]);
    let mut n = 0;
    s.for_each_entity(None, &mut |_| {
        n += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 5);
}

#[test]
fn file_store_reopens_and_migrates_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        load_call_graph(&mut s);
    }
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.stats().unwrap().entities, 5);
}

/// Later imports extend the entities of earlier ones instead of duplicating them: first while
/// the writer still asks the database about every unknown id, then through the id filter it
/// builds after a few thousand look-ups, and after that filter fills up and is rebuilt.
#[test]
fn later_imports_extend_existing_entities_at_scale() {
    let mut s = SqliteStore::in_memory().unwrap();
    let n = 70_000u64;
    let mut w = s.begin(src("subscribers", "2BP")).unwrap();
    for i in 0..n {
        let number = format!("+44770{i:07}");
        w.put(&frag(
            "Phone",
            &format!("phone-{i}"),
            &[("number", &number)],
            "2BP",
        ))
        .unwrap();
    }
    w.commit(n).unwrap();

    let mut w = s.begin(src("cdr", "1AP")).unwrap();
    let mut calls = 0;
    // Known phones (every third) and as many new ones: more new entities than the smallest
    // filter holds.
    for i in (0..n).step_by(3).chain(n..2 * n) {
        let caller = format!("phone-{i}");
        w.put(&frag(
            "Call",
            &format!("call-{i}"),
            &[("caller", &caller)],
            "1AP",
        ))
        .unwrap();
        calls += 1;
    }
    w.commit(calls).unwrap();

    let stats = s.stats().unwrap();
    let count = |schema: &str| {
        stats
            .schemata
            .iter()
            .find(|c| c.schema == schema)
            .map_or(0, |c| c.count)
    };
    assert_eq!(
        count("Phone"),
        2 * n,
        "no phone duplicated, every new one created"
    );
    assert_eq!(count("Call"), calls);
    assert_eq!(stats.links, calls);
    // A phone from the first import carries its number and its call from the second.
    let phone = s.entity("phone-3").unwrap().unwrap();
    assert_eq!(phone.first("number"), Some("+447700000003"));
    let calls_of = s
        .neighbours("phone-3", &NeighbourFilter::default())
        .unwrap();
    assert_eq!(calls_of.len(), 1);
}

fn audit_entry(target: &str) -> kingpin_store::AuditEntry {
    kingpin_store::AuditEntry {
        who: kingpin_audit::Actor::resolve(Some("ana".into()), Some("NCA".into()), "test"),
        action: "import".into(),
        target: target.into(),
        detail: serde_json::json!({ "file": target }),
    }
}

/// The import and its audit record land together, with the source's figures in the record.
#[test]
fn audited_commit_records_the_import_in_its_transaction() {
    let mut s = SqliteStore::in_memory().unwrap();
    let mut w = s.begin(src("tipline", "2BP")).unwrap();
    w.put(&frag(
        "Phone",
        "phone-1",
        &[("number", "+447700900123")],
        "2BP",
    ))
    .unwrap();
    let info = w.commit_audited(1, &audit_entry("tips.csv")).unwrap();
    let log = kingpin_audit::AuditLog::open(s.connection()).unwrap();
    let recs = log.query(&Default::default()).unwrap();
    assert_eq!(recs.len(), 1);
    let r = &recs[0];
    assert_eq!((r.actor.as_str(), r.agency.as_str()), ("ana", "NCA"));
    assert_eq!(
        (r.action.as_str(), r.target.as_str()),
        ("import", "tips.csv")
    );
    let detail: serde_json::Value = serde_json::from_str(&r.detail).unwrap();
    assert_eq!(detail["file"], "tips.csv");
    assert_eq!(detail["source"], "tipline");
    assert_eq!(detail["source_id"], info.id);
    assert_eq!(detail["rows"], 1);
    assert_eq!(detail["statements"], 1);
    assert!(matches!(
        log.verify().unwrap(),
        kingpin_audit::Verification::Intact { .. }
    ));
}

/// When the audit log refuses the record, the import rolls back with it.
#[test]
fn audited_commit_rolls_back_when_the_audit_fails() {
    let mut s = SqliteStore::in_memory().unwrap();
    kingpin_audit::ensure_tables(s.connection()).unwrap();
    s.connection()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    let before = s.content_listing().unwrap();
    let mut w = s.begin(src("tipline", "2BP")).unwrap();
    w.put(&frag(
        "Phone",
        "phone-1",
        &[("number", "+447700900123")],
        "2BP",
    ))
    .unwrap();
    let err = w.commit_audited(1, &audit_entry("tips.csv")).unwrap_err();
    assert!(err.to_string().contains("refused"), "{err}");
    assert_eq!(s.content_listing().unwrap(), before);
    assert!(s.entity("phone-1").unwrap().is_none());
}

/// A broad query pages through every match once (blocks of index rows ranked one by one),
/// and a narrow one is ranked by bm25: the closer name first.
#[test]
fn search_pages_broad_queries_without_overlap_and_ranks_narrow_ones() {
    let mut s = SqliteStore::in_memory().unwrap();
    let mut w = s.begin(src("people", "2BP")).unwrap();
    for i in 0..700 {
        let name = format!("Ahmed Pagename{i}");
        w.put(&frag("Person", &format!("p{i}"), &[("name", &name)], "2BP"))
            .unwrap();
    }
    w.put(&frag(
        "Person",
        "long",
        &[("name", "Rarename Alpha Beta Gamma Delta")],
        "2BP",
    ))
    .unwrap();
    w.put(&frag(
        "Person",
        "short",
        &[("name", "Rarename Alpha")],
        "2BP",
    ))
    .unwrap();
    w.commit(702).unwrap();

    let mut ids = std::collections::BTreeSet::new();
    let mut offset = 0;
    loop {
        let page = s.search_page("ahmed", offset, 50).unwrap();
        for h in &page {
            assert!(ids.insert(h.entity.id.clone()), "{} twice", h.entity.id);
        }
        if page.len() < 50 {
            break;
        }
        offset += 50;
    }
    assert_eq!(ids.len(), 700);
    // The same page twice is the same.
    let ids_of = |v: Vec<kingpin_store::SearchHit>| -> Vec<String> {
        v.into_iter().map(|h| h.entity.id).collect()
    };
    assert_eq!(
        ids_of(s.search_page("ahmed", 300, 20).unwrap()),
        ids_of(s.search_page("ahmed", 300, 20).unwrap())
    );
    let hits = s.search_page("rarename alpha", 0, 10).unwrap();
    assert_eq!(ids_of(hits), vec!["short", "long"]);
}
