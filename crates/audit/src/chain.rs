//! The log through kingpin-sql, so one implementation serves SQLite and PostgreSQL. On
//! PostgreSQL the tables are the store's (its migration creates `audit` and `audit_head`, the
//! head row starting at record 0): the store's imports and the application's records form one
//! chain, appenders queueing on the head row's lock.

use crate::{COLUMNS, Filter, GENESIS, Record, Result, Verification};
use kingpin_sql::{Backend, Conn, Row, params};

/// On SQLite, creates the log's tables if missing (as [`crate::AuditLog::open`] does); on
/// PostgreSQL they are the store's (its migration creates them).
// Conn has one variant when kingpin-sql is built without PostgreSQL (a build of only some
// crates), and this must compile there too.
#[allow(irrefutable_let_patterns)]
pub fn ensure(conn: &mut Conn<'_>) -> Result<()> {
    if let Conn::Sqlite(c) = conn {
        crate::ensure_tables(c)?;
    }
    Ok(())
}

/// Appends one record: inside the caller's transaction when there is one (a savepoint), so
/// the action and its record commit or roll back together, else in its own. The tables must
/// exist: call [`ensure`] once per connection first (a server appends a record per request).
pub fn append(
    conn: &mut Conn<'_>,
    who: &crate::Actor,
    action: &str,
    target: &str,
    detail: &serde_json::Value,
) -> Result<Record> {
    let detail = serde_json::to_string(detail)?;
    conn.transaction(|tx| {
        let lock = match tx.backend() {
            Backend::Sqlite => "",
            // The head row serialises appenders; SQLite's write lock already does.
            Backend::Postgres => " FOR UPDATE",
        };
        let head = tx.query_opt(
            &format!("SELECT seq, hash FROM audit_head WHERE id = 1{lock}"),
            params![],
        )?;
        let (last, prev): (Option<i64>, String) = match head {
            Some(r) => (Some(r.get(0)?), r.get(1)?),
            None => (None, GENESIS.to_string()),
        };
        let mut rec = Record {
            seq: last.unwrap_or(0) + 1,
            at: kingpin_sql::utc_now_millis(),
            actor: who.actor.clone(),
            agency: who.agency.clone(),
            origin: who.origin.clone(),
            action: action.into(),
            target: target.into(),
            detail,
            prev,
            hash: String::new(),
        };
        rec.hash = rec.compute_hash();
        tx.execute(
            &format!(
                "INSERT INTO audit({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ),
            params![
                rec.seq,
                &rec.at,
                &rec.actor,
                &rec.agency,
                &rec.origin,
                &rec.action,
                &rec.target,
                &rec.detail,
                &rec.prev,
                &rec.hash
            ],
        )?;
        let head = match last {
            None => "INSERT INTO audit_head(id, seq, hash) VALUES (1, ?1, ?2)",
            Some(_) => "UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1",
        };
        tx.execute(head, params![rec.seq, &rec.hash])?;
        Ok(rec)
    })
}

fn record(r: &Row) -> kingpin_sql::Result<Record> {
    Ok(Record {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        agency: r.get(3)?,
        origin: r.get(4)?,
        action: r.get(5)?,
        target: r.get(6)?,
        detail: r.get(7)?,
        prev: r.get(8)?,
        hash: r.get(9)?,
    })
}

/// Walks the whole chain and reports the first broken record, then checks the head. The
/// records and the head are read by one statement, so one snapshot: a writer committing
/// meanwhile cannot look like a cut-off tail.
pub fn verify(conn: &mut Conn<'_>) -> Result<Verification> {
    let sql = format!(
        "SELECT 0, {COLUMNS} FROM audit
         UNION ALL
         SELECT 1, seq, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, hash
         FROM audit_head WHERE id = 1
         ORDER BY 1, 2"
    );
    let mut expect_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut head: Option<(i64, String)> = None;
    let mut found: Option<Verification> = None;
    conn.query_each(&sql, params![], &mut |row| {
        let is_head: i64 = row.get(0)?;
        let rest = row.skip(1);
        if is_head == 1 {
            head = Some((rest.get(0)?, rest.get(9)?));
            return Ok(true);
        }
        found = check(&rest, &mut expect_seq, &mut prev)?;
        Ok(found.is_none())
    })?;
    if let Some(v) = found {
        return Ok(v);
    }
    Ok(check_head(expect_seq - 1, prev, head))
}

fn tampered(seq: i64, message: String) -> Option<Verification> {
    Some(Verification::Tampered {
        seq: Some(seq),
        message,
    })
}

/// The problem with the next record, if any; moves the expectations on otherwise.
fn check(
    row: &Row,
    expect_seq: &mut i64,
    prev: &mut String,
) -> kingpin_sql::Result<Option<Verification>> {
    // Read loosely: a tamperer may have stored a number or NULL in a text column.
    let rec = match record(row) {
        Ok(r) => r,
        Err(e) => {
            let seq: i64 = row.get(0)?;
            return Ok(tampered(seq, format!("record {seq} is malformed ({e})")));
        }
    };
    let expect = *expect_seq;
    if rec.seq != expect {
        let message = if expect == 1 {
            format!(
                "record {} is missing: the log starts at record {} (deleted?)",
                expect, rec.seq
            )
        } else if rec.seq == expect + 1 {
            format!(
                "record {} is missing: record {} is followed by record {} (deleted?)",
                expect,
                expect - 1,
                rec.seq
            )
        } else {
            format!(
                "records {}..{} are missing: record {} is followed by record {} (deleted?)",
                expect,
                rec.seq - 1,
                expect - 1,
                rec.seq
            )
        };
        return Ok(tampered(expect, message));
    }
    if rec.prev != *prev {
        let message = if rec.seq == 1 {
            "record 1 does not start from the genesis value (replaced?)".to_string()
        } else {
            format!(
                "record {} does not follow record {}: its prev hash is not record {}'s \
                 hash (records deleted, inserted or reordered)",
                rec.seq,
                rec.seq - 1,
                rec.seq - 1
            )
        };
        return Ok(tampered(rec.seq, message));
    }
    if rec.compute_hash() != rec.hash {
        return Ok(tampered(
            rec.seq,
            format!(
                "record {} was edited: its contents no longer match its hash \
                 (now: at {}, actor {:?}, action {:?}, target {:?})",
                rec.seq, rec.at, rec.actor, rec.action, rec.target
            ),
        ));
    }
    *prev = rec.hash;
    *expect_seq += 1;
    Ok(None)
}

/// Compares the head with the end of a chain that checked out. PostgreSQL's head row exists
/// from the start (record 0, the genesis hash); SQLite's is written with the first record.
fn check_head(last: i64, prev: String, head: Option<(i64, String)>) -> Verification {
    let v = match head {
        None if last == 0 => None,
        None => tampered(
            last,
            format!("the head record is missing but the log holds {last} records"),
        ),
        Some((hseq, _)) if hseq > last => Some(Verification::Tampered {
            seq: Some(last + 1),
            message: format!(
                "the log ends at record {last} but the head says {hseq}: \
                 records {}..{hseq} were cut off the end",
                last + 1
            ),
        }),
        Some((hseq, _)) if hseq < last => tampered(
            hseq + 1,
            format!(
                "records {}..{last} are beyond the head (record {hseq}): \
                 appended outside the audit log (forged?)",
                hseq + 1
            ),
        ),
        Some((_, hhash)) if hhash != prev => tampered(
            last,
            format!("record {last} does not match the head hash (replaced?)"),
        ),
        Some(_) => None,
    };
    v.unwrap_or(Verification::Intact {
        records: last,
        head: prev,
    })
}

/// [`verify`], then checks that each anchor (a record number and the hash it had, noted down
/// outside the database) still holds.
pub fn verify_anchored(conn: &mut Conn<'_>, anchors: &[(i64, String)]) -> Result<Verification> {
    let v = verify(conn)?;
    if !matches!(v, Verification::Intact { .. }) {
        return Ok(v);
    }
    for (seq, hash) in anchors {
        let found: Option<String> = conn
            .query_opt("SELECT hash FROM audit WHERE seq = ?1", params![*seq])?
            .map(|r| r.get(0))
            .transpose()?;
        let message = match found {
            None => format!("anchored record {seq} is gone: the log was cut back or rebuilt"),
            Some(h) if !h.eq_ignore_ascii_case(hash) => format!(
                "record {seq} no longer has its anchored hash {hash}: the log up to record \
                 {seq} was rewritten (and re-chained)"
            ),
            Some(_) => continue,
        };
        return Ok(Verification::Tampered {
            seq: Some(*seq),
            message,
        });
    }
    Ok(v)
}

/// Records matching `filter`, newest first.
pub fn query<'f>(conn: &mut Conn<'_>, filter: &'f Filter) -> Result<Vec<Record>> {
    let mut sql = format!("SELECT {COLUMNS} FROM audit WHERE 1 = 1");
    let mut args: Vec<&str> = Vec::new();
    let contains = match conn.backend() {
        Backend::Sqlite => "instr(target, ?) > 0",
        Backend::Postgres => "strpos(target, ?) > 0",
    };
    // `cond` has `?` where the value goes.
    let mut add = |cond: &str, v: &'f Option<String>| {
        if let Some(v) = v {
            args.push(v);
            let cond = cond.replace('?', &format!("?{}", args.len()));
            sql.push_str(&format!(" AND {cond}"));
        }
    };
    add("actor = ?", &filter.actor);
    add("action = ?", &filter.action);
    add(contains, &filter.target);
    add("at >= ?", &filter.since);
    add("at < ?", &filter.until);
    sql.push_str(" ORDER BY seq DESC");
    if let Some(n) = filter.limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    let params: Vec<kingpin_sql::Param<'_>> = args.iter().map(|a| (*a).into()).collect();
    let rows = conn.query(&sql, &params)?;
    Ok(rows
        .iter()
        .map(record)
        .collect::<kingpin_sql::Result<_>>()?)
}
