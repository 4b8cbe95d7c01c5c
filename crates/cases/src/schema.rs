//! The investigation tables and their versioned migrations, one list per backend.
//!
//! On SQLite the store owns `user_version`, so these tables keep their own version in
//! `case_schema`. The `investigation` and `investigation_member` tables predate this crate
//! (the server created them as access-control compartments); migration 1 creates them only
//! if missing, so databases made by earlier versions keep their investigations. On PostgreSQL
//! the steps are `kingpin_sql::migrate`'s (component `cases`), and the two compartment tables
//! are created if missing with the same columns the server's migration gives them.

use kingpin_sql::{Backend, Conn, params};

/// SQLite: each entry moves the tables from version `i` to `i + 1`. Never edit a shipped
/// entry: add one (and the same change to [`PG_STEPS`]).
const MIGRATIONS: &[&str] = &[
    // 1: investigations with members' roles; targets, requirements, tasks, decisions, notes;
    // exhibits, their custody and their digital copies.
    "
    CREATE TABLE IF NOT EXISTS investigation(
        name TEXT PRIMARY KEY,
        agency TEXT NOT NULL,
        contact TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS investigation_member(
        investigation TEXT NOT NULL,
        user TEXT NOT NULL,
        PRIMARY KEY(investigation, user)
    ) WITHOUT ROWID;
    ALTER TABLE investigation_member ADD COLUMN role TEXT NOT NULL DEFAULT 'member';
    CREATE TABLE case_target(
        investigation TEXT NOT NULL,
        entity TEXT NOT NULL,
        schema TEXT NOT NULL,
        caption TEXT NOT NULL,
        label TEXT NOT NULL,
        reason TEXT NOT NULL,
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY(investigation, entity)
    ) WITHOUT ROWID;
    CREATE TABLE case_requirement(
        id INTEGER PRIMARY KEY,
        investigation TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        status TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX case_requirement_inv ON case_requirement(investigation, id);
    CREATE TABLE case_task(
        id INTEGER PRIMARY KEY,
        investigation TEXT NOT NULL,
        title TEXT NOT NULL,
        owner TEXT NOT NULL,
        due TEXT,
        status TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX case_task_inv ON case_task(investigation, id);
    -- Decisions and notes are a record: appended, never edited.
    CREATE TABLE case_entry(
        id INTEGER PRIMARY KEY,
        investigation TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('decision', 'note')),
        author TEXT NOT NULL,
        at TEXT NOT NULL,
        text TEXT NOT NULL,
        rationale TEXT NOT NULL,
        about TEXT
    );
    CREATE INDEX case_entry_inv ON case_entry(investigation, kind, id);
    CREATE TRIGGER case_entry_no_update BEFORE UPDATE ON case_entry
    BEGIN SELECT RAISE(ABORT, 'decisions and notes are never edited: add a new one'); END;
    CREATE TRIGGER case_entry_no_delete BEFORE DELETE ON case_entry
    BEGIN SELECT RAISE(ABORT, 'decisions and notes are never deleted'); END;
    CREATE TABLE case_exhibit(
        id INTEGER PRIMARY KEY,
        investigation TEXT NOT NULL,
        reference TEXT NOT NULL,
        kind TEXT NOT NULL,
        description TEXT NOT NULL,
        seized_by TEXT NOT NULL,
        seized_at TEXT NOT NULL,
        seized_where TEXT NOT NULL,
        holder TEXT NOT NULL,
        location TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- Per investigation: a clash with another's reference must not reveal it exists.
        UNIQUE(investigation, reference)
    );
    -- Every movement of an exhibit, from its seizure on: appended, never edited.
    CREATE TABLE case_custody(
        id INTEGER PRIMARY KEY,
        exhibit INTEGER NOT NULL REFERENCES case_exhibit(id),
        at TEXT NOT NULL,
        from_holder TEXT,
        to_holder TEXT NOT NULL,
        location TEXT NOT NULL,
        reason TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX case_custody_exhibit ON case_custody(exhibit, id);
    CREATE TRIGGER case_custody_no_update BEFORE UPDATE ON case_custody
    BEGIN SELECT RAISE(ABORT, 'custody records are never edited'); END;
    CREATE TRIGGER case_custody_no_delete BEFORE DELETE ON case_custody
    BEGIN SELECT RAISE(ABORT, 'custody records are never deleted'); END;
    -- Digital copies (phone extractions, scans): content-addressed by SHA-256 in the vault.
    CREATE TABLE case_exhibit_file(
        exhibit INTEGER NOT NULL REFERENCES case_exhibit(id),
        sha256 TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY(exhibit, sha256)
    ) WITHOUT ROWID;
    ",
    // 2: the priority board's weights, set by supervisors (changes are in the audit log).
    "
    CREATE TABLE case_board_weight(
        factor TEXT PRIMARY KEY,
        weight REAL NOT NULL,
        set_by TEXT NOT NULL,
        set_at TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    ",
    // 3: charge readiness: edited offence templates, evidence mapped to their elements.
    "
    CREATE TABLE case_offence(
        code TEXT PRIMARY KEY,
        template TEXT NOT NULL,
        set_by TEXT NOT NULL,
        set_at TEXT NOT NULL
    );
    CREATE TABLE case_charge_evidence(
        id INTEGER PRIMARY KEY,
        investigation TEXT NOT NULL,
        offence TEXT NOT NULL,
        target TEXT NOT NULL,
        element TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('exhibit', 'statement', 'decision', 'note')),
        reference TEXT NOT NULL,
        note TEXT NOT NULL,
        linked_by TEXT NOT NULL,
        linked_at TEXT NOT NULL
    );
    CREATE INDEX case_charge_evidence_inv ON case_charge_evidence(investigation, offence, target);
    ",
    // 4: disclosure officers' sensitivity markings of unused material.
    "
    CREATE TABLE case_disclosure_mark(
        investigation TEXT NOT NULL,
        item TEXT NOT NULL,
        marking TEXT NOT NULL,
        reason TEXT NOT NULL,
        set_by TEXT NOT NULL,
        set_at TEXT NOT NULL,
        PRIMARY KEY(investigation, item)
    ) WITHOUT ROWID;
    ",
];

/// PostgreSQL: the same tables as [`MIGRATIONS`] (every integer BIGINT, ids as identities,
/// the never-edited records guarded by triggers); `user` is a reserved word, always quoted.
const PG_STEPS: &[&str] = &[include_str!("migrations/pg_0001.sql")];

/// Brings the investigation tables up to date (idempotent; one or two small reads when
/// current, on either backend).
pub fn ensure(conn: &mut Conn<'_>) -> kingpin_sql::Result<()> {
    match conn.backend() {
        Backend::Sqlite => ensure_sqlite(conn),
        Backend::Postgres => kingpin_sql::migrate(conn, "cases", PG_STEPS),
    }
}

fn ensure_sqlite(conn: &mut Conn<'_>) -> kingpin_sql::Result<()> {
    conn.batch("CREATE TABLE IF NOT EXISTS case_schema(version INTEGER NOT NULL)")?;
    let version = |c: &mut Conn<'_>| -> kingpin_sql::Result<usize> {
        let v: i64 = c.query_value(
            "SELECT COALESCE(MAX(version), 0) FROM case_schema",
            params![],
        )?;
        Ok(v as usize)
    };
    if version(conn)? >= MIGRATIONS.len() {
        return Ok(());
    }
    conn.transaction(|tx| {
        // Checked again inside the write lock: another connection may have migrated meanwhile.
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version(tx)?) {
            tx.batch(sql)?;
            tx.execute(
                "INSERT INTO case_schema(version) VALUES (?1)",
                params![i as i64 + 1],
            )?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn migrates_once_and_keeps_earlier_investigations() {
        let conn = Connection::open_in_memory().unwrap();
        // A database from before this crate: the server's compartments only.
        conn.execute_batch(
            "CREATE TABLE investigation(name TEXT PRIMARY KEY, agency TEXT NOT NULL,
                 contact TEXT NOT NULL, created_at TEXT NOT NULL);
             CREATE TABLE investigation_member(investigation TEXT NOT NULL, user TEXT NOT NULL,
                 PRIMARY KEY(investigation, user)) WITHOUT ROWID;
             INSERT INTO investigation VALUES ('op-a', 'nca', 'desk', '2026-01-01');
             INSERT INTO investigation_member VALUES ('op-a', 'ana');",
        )
        .unwrap();
        ensure(&mut Conn::from(&conn)).unwrap();
        ensure(&mut Conn::from(&conn)).unwrap();
        let role: String = conn
            .query_row("SELECT role FROM investigation_member", [], |r| r.get(0))
            .unwrap();
        assert_eq!(role, "member");
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM case_schema", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n as usize, MIGRATIONS.len());
    }
}

#[cfg(test)]
mod both {
    use super::*;
    use crate::testing::each_store;

    #[test]
    fn every_table_is_created_once_on_each_backend() {
        each_store(|s| {
            let mut c = s.sql();
            ensure(&mut c).unwrap();
            ensure(&mut c).unwrap();
            for table in [
                "investigation",
                "investigation_member",
                "case_target",
                "case_requirement",
                "case_task",
                "case_entry",
                "case_exhibit",
                "case_custody",
                "case_exhibit_file",
                "case_board_weight",
                "case_offence",
                "case_charge_evidence",
                "case_disclosure_mark",
            ] {
                let n: i64 = c
                    .query_value(&format!("SELECT count(*) FROM {table}"), params![])
                    .unwrap();
                assert_eq!(n, 0, "{table}");
            }
        });
    }
}
