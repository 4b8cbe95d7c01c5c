use super::*;
use rusqlite::params;
use serde_json::json;

fn who(name: &str) -> Actor {
    Actor {
        actor: name.into(),
        agency: "NCA".into(),
        origin: "test".into(),
    }
}

/// A log with five records: import a.ftm, b.ftm, c.ftm by alice, export by bob, decide by alice.
fn five() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    let log = AuditLog::open(&conn).unwrap();
    for f in ["a.ftm", "b.ftm", "c.ftm"] {
        log.append(&who("alice"), "import", f, &json!({"rows": 3}))
            .unwrap();
    }
    log.append(
        &who("bob"),
        "export",
        "out.jsonl",
        &json!({"format": "ftm"}),
    )
    .unwrap();
    log.append(
        &who("alice"),
        "resolve.decide",
        "x y",
        &json!({"verdict": "same"}),
    )
    .unwrap();
    conn
}

fn drop_triggers(conn: &Connection) {
    conn.execute_batch(
        "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_in_order;
         DROP TRIGGER audit_head_no_delete; DROP TRIGGER audit_head_forward;",
    )
    .unwrap();
}

fn broken(conn: &Connection) -> (Option<i64>, String) {
    match AuditLog::open(conn).unwrap().verify().unwrap() {
        Verification::Tampered { seq, message } => (seq, message),
        v => panic!("expected tampering to be found, got {v:?}"),
    }
}

#[test]
fn appended_records_chain_and_verify() {
    let conn = five();
    let log = AuditLog::open(&conn).unwrap();
    let all = log.query(&Filter::default()).unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all[0].seq, 5, "newest first");
    assert_eq!(all[4].prev, GENESIS);
    for w in all.windows(2) {
        assert_eq!(w[1].hash, w[0].prev);
    }
    match log.verify().unwrap() {
        Verification::Intact { records, head } => {
            assert_eq!(records, 5);
            assert_eq!(head, all[0].hash);
        }
        v => panic!("{v:?}"),
    }
}

#[test]
fn empty_log_is_intact() {
    let conn = Connection::open_in_memory().unwrap();
    let v = AuditLog::open(&conn).unwrap().verify().unwrap();
    assert_eq!(
        v,
        Verification::Intact {
            records: 0,
            head: GENESIS.into()
        }
    );
}

#[test]
fn triggers_refuse_update_and_delete() {
    let conn = five();
    let e = conn
        .execute("UPDATE audit SET actor = 'mallory' WHERE seq = 2", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = conn
        .execute("DELETE FROM audit WHERE seq = 5", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = conn
        .execute("UPDATE audit_head SET seq = 4", [])
        .unwrap_err();
    assert!(e.to_string().contains("head"), "{e}");
    assert!(matches!(
        AuditLog::open(&conn).unwrap().verify().unwrap(),
        Verification::Intact { .. }
    ));
}

#[test]
fn edited_field_names_the_record() {
    for col in [
        "at", "actor", "agency", "origin", "action", "target", "detail",
    ] {
        let conn = five();
        drop_triggers(&conn);
        conn.execute(
            &format!("UPDATE audit SET {col} = {col} || 'x' WHERE seq = 3"),
            [],
        )
        .unwrap();
        let (seq, msg) = broken(&conn);
        assert_eq!(seq, Some(3), "{col}: {msg}");
        assert!(msg.contains("record 3 was edited"), "{col}: {msg}");
    }
}

#[test]
fn moving_bytes_across_a_field_boundary_is_caught() {
    // "import" + "b.ftm" and "impor" + "tb.ftm" concatenate alike; the length prefixes do not.
    let conn = five();
    drop_triggers(&conn);
    conn.execute(
        "UPDATE audit SET action = 'impor', target = 'tb.ftm' WHERE seq = 2",
        [],
    )
    .unwrap();
    assert_eq!(broken(&conn).0, Some(2));
}

#[test]
fn text_replaced_by_a_number_is_caught() {
    let conn = five();
    drop_triggers(&conn);
    conn.execute("UPDATE audit SET target = 42 WHERE seq = 4", [])
        .unwrap();
    let (seq, msg) = broken(&conn);
    assert_eq!(seq, Some(4), "{msg}");
}

#[test]
fn deleted_middle_record_is_a_gap() {
    let conn = five();
    drop_triggers(&conn);
    conn.execute("DELETE FROM audit WHERE seq = 3", []).unwrap();
    let (seq, msg) = broken(&conn);
    assert_eq!(seq, Some(3));
    assert!(msg.contains("record 3 is missing"), "{msg}");
}

#[test]
fn deleted_and_renumbered_breaks_the_chain() {
    let conn = five();
    drop_triggers(&conn);
    conn.execute_batch(
        "DELETE FROM audit WHERE seq = 3; UPDATE audit SET seq = seq - 1 WHERE seq > 3;
         UPDATE audit_head SET seq = 4;",
    )
    .unwrap();
    let (seq, msg) = broken(&conn);
    assert_eq!(seq, Some(3));
    assert!(msg.contains("does not follow record 2"), "{msg}");
}

#[test]
fn deleted_first_record_is_caught() {
    let conn = five();
    drop_triggers(&conn);
    conn.execute("DELETE FROM audit WHERE seq = 1", []).unwrap();
    let (seq, msg) = broken(&conn);
    assert_eq!(seq, Some(1));
    assert!(msg.contains("record 1 is missing"), "{msg}");
}

#[test]
fn swapped_records_are_caught() {
    let conn = five();
    drop_triggers(&conn);
    // Swap the contents of records 2 and 4, keeping their numbers.
    conn.execute_batch(
        "UPDATE audit SET seq = -2 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 4;
         UPDATE audit SET seq = 4 WHERE seq = -2;",
    )
    .unwrap();
    let (seq, msg) = broken(&conn);
    assert_eq!(seq, Some(2));
    assert!(msg.contains("does not follow record 1"), "{msg}");
}

#[test]
fn truncated_tail_is_caught_by_the_head() {
    let conn = five();
    drop_triggers(&conn);
    conn.execute("DELETE FROM audit WHERE seq >= 4", [])
        .unwrap();
    let (seq, msg) = broken(&conn);
    assert_eq!(seq, Some(4));
    assert!(msg.contains("cut off the end"), "{msg}");
}

#[test]
fn everything_deleted_is_caught_by_the_head() {
    let conn = five();
    drop_triggers(&conn);
    conn.execute("DELETE FROM audit", []).unwrap();
    assert!(broken(&conn).1.contains("records 1..5 were cut off"));
}

#[test]
fn forged_record_with_recomputed_hash_is_caught() {
    let conn = five();
    drop_triggers(&conn);
    let log = AuditLog::open(&conn).unwrap();
    let last = log.query(&Filter::default()).unwrap().remove(0);
    let mut forged = Record {
        seq: 6,
        at: last.at.clone(),
        actor: "alice".into(),
        agency: "NCA".into(),
        origin: "cli".into(),
        action: "export".into(),
        target: "alibi.jsonl".into(),
        detail: "{}".into(),
        prev: last.hash.clone(),
        hash: String::new(),
    };
    forged.hash = forged.compute_hash();
    conn.execute(
        &format!("INSERT INTO audit({COLUMNS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"),
        params![
            forged.seq,
            forged.at,
            forged.actor,
            forged.agency,
            forged.origin,
            forged.action,
            forged.target,
            forged.detail,
            forged.prev,
            forged.hash
        ],
    )
    .unwrap();
    let (seq, msg) = broken(&conn);
    assert_eq!(seq, Some(6));
    assert!(msg.contains("beyond the head"), "{msg}");
}

#[test]
fn insert_out_of_sequence_is_refused_by_trigger() {
    let conn = five();
    let e = conn
        .execute(
            "INSERT INTO audit(seq, at, actor, agency, origin, action, target, detail, prev, hash)
             VALUES (9, '', '', '', '', '', '', '', '', '')",
            [],
        )
        .unwrap_err();
    assert!(e.to_string().contains("in sequence"), "{e}");
}

#[test]
fn append_joins_the_callers_transaction() {
    let mut conn = Connection::open_in_memory().unwrap();
    AuditLog::open(&conn).unwrap();
    {
        let tx = conn.transaction().unwrap();
        AuditLog::open(&tx)
            .unwrap()
            .append(&who("alice"), "import", "rolled-back.ftm", &json!({}))
            .unwrap();
        // dropped: rolled back
    }
    {
        let log = AuditLog::open(&conn).unwrap();
        assert!(log.query(&Filter::default()).unwrap().is_empty());
        assert_eq!(
            log.verify().unwrap(),
            Verification::Intact {
                records: 0,
                head: GENESIS.into()
            }
        );
    }
    let tx = conn.transaction().unwrap();
    AuditLog::open(&tx)
        .unwrap()
        .append(&who("alice"), "import", "kept.ftm", &json!({}))
        .unwrap();
    tx.commit().unwrap();
    let log = AuditLog::open(&conn).unwrap();
    assert_eq!(log.query(&Filter::default()).unwrap()[0].target, "kept.ftm");
    assert!(matches!(
        log.verify().unwrap(),
        Verification::Intact { records: 1, .. }
    ));
}

#[test]
fn query_filters_and_orders() {
    let conn = five();
    let log = AuditLog::open(&conn).unwrap();
    let q = |f: Filter| -> Vec<i64> { log.query(&f).unwrap().iter().map(|r| r.seq).collect() };
    assert_eq!(
        q(Filter {
            actor: Some("alice".into()),
            ..Filter::default()
        }),
        vec![5, 3, 2, 1]
    );
    assert_eq!(
        q(Filter {
            action: Some("import".into()),
            limit: Some(2),
            ..Filter::default()
        }),
        vec![3, 2]
    );
    assert_eq!(
        q(Filter {
            target: Some("_.ftm".into()),
            ..Filter::default()
        }),
        Vec::<i64>::new(),
        "substring, not a LIKE pattern"
    );
    assert_eq!(
        q(Filter {
            target: Some("b.ft".into()),
            ..Filter::default()
        }),
        vec![2]
    );
    assert_eq!(
        q(Filter {
            since: Some("2000-01-01".into()),
            until: Some("2000-01-02".into()),
            ..Filter::default()
        }),
        Vec::<i64>::new()
    );
    assert_eq!(
        q(Filter {
            since: Some("2000-01-01".into()),
            ..Filter::default()
        })
        .len(),
        5
    );
}

#[test]
fn actor_resolution_prefers_explicit_values() {
    let a = Actor::resolve(Some("carol".into()), Some("HO".into()), "cli");
    assert_eq!(
        a,
        Actor {
            actor: "carol".into(),
            agency: "HO".into(),
            origin: "cli".into()
        }
    );
}

#[test]
fn rewritten_and_rechained_log_is_caught_by_an_anchor() {
    let conn = five();
    let log = AuditLog::open(&conn).unwrap();
    let anchor = match log.verify().unwrap() {
        Verification::Intact { records, head } => (records, head),
        v => panic!("{v:?}"),
    };
    assert!(matches!(
        log.verify_anchored(std::slice::from_ref(&anchor)).unwrap(),
        Verification::Intact { .. }
    ));
    // Someone with write access edits record 2 and recomputes every hash after it, head too.
    drop_triggers(&conn);
    let mut recs = log.query(&Filter::default()).unwrap();
    recs.reverse();
    recs[1].actor = "someone.else".into();
    for i in 1..recs.len() {
        recs[i].prev = recs[i - 1].hash.clone();
        recs[i].hash = recs[i].compute_hash();
        conn.execute(
            "UPDATE audit SET actor = ?1, prev = ?2, hash = ?3 WHERE seq = ?4",
            params![recs[i].actor, recs[i].prev, recs[i].hash, recs[i].seq],
        )
        .unwrap();
    }
    conn.execute(
        "UPDATE audit_head SET hash = ?1",
        [&recs.last().unwrap().hash],
    )
    .unwrap();
    assert!(
        matches!(log.verify().unwrap(), Verification::Intact { .. }),
        "an unkeyed chain alone cannot see a full rewrite"
    );
    match log.verify_anchored(&[anchor]).unwrap() {
        Verification::Tampered { seq, message } => {
            assert_eq!(seq, Some(5));
            assert!(message.contains("rewritten"), "{message}");
        }
        v => panic!("{v:?}"),
    }
}
