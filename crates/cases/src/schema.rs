//! The investigation tables and their versioned migrations.
//!
//! The store owns SQLite's `user_version`, so these tables keep their own version in
//! `case_schema`. The `investigation` and `investigation_member` tables predate this crate
//! (the server created them as access-control compartments); migration 1 creates them only
//! if missing, so databases made by earlier versions keep their investigations.

use rusqlite::Connection;

/// Each entry moves the tables from version `i` to `i + 1`. Never edit a shipped entry: add one.
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

/// Brings the investigation tables up to date (idempotent; one small read when current).
pub fn ensure(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS case_schema(version INTEGER NOT NULL)")?;
    let version = || -> rusqlite::Result<usize> {
        conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM case_schema",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|v| v as usize)
    };
    if version()? >= MIGRATIONS.len() {
        return Ok(());
    }
    let own = conn.is_autocommit();
    if own {
        conn.execute_batch("BEGIN IMMEDIATE")?;
    }
    let run = || -> rusqlite::Result<()> {
        // Checked again inside the write lock: another connection may have migrated meanwhile.
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version()?) {
            conn.execute_batch(sql)?;
            conn.execute(
                "INSERT INTO case_schema(version) VALUES (?1)",
                [i as i64 + 1],
            )?;
        }
        Ok(())
    };
    let result = run();
    if own {
        match &result {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(_) => {
                let _ = conn.execute_batch("ROLLBACK");
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ensure(&conn).unwrap();
        ensure(&conn).unwrap();
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
