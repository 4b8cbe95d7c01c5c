//! The server's own tables, in the store's database beside the entities: users, sessions,
//! deconfliction alerts (investigations and their members: `kingpin_cases::schema`).

use rusqlite::Connection;

/// Creates the server's tables if missing (idempotent, like the audit and resolution tables).
/// Investigations and their members are kingpin-cases' tables, brought up to date here too.
pub fn ensure(conn: &Connection) -> rusqlite::Result<()> {
    kingpin_cases::schema::ensure(conn)?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS app_user(
            name TEXT PRIMARY KEY,
            agency TEXT NOT NULL,
            role TEXT NOT NULL,
            password TEXT NOT NULL,
            contact TEXT NOT NULL DEFAULT '',
            disabled INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            locked_until INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        -- Only a hash of each token is kept: a copy of the database opens no session.
        CREATE TABLE IF NOT EXISTS app_session(
            token_hash TEXT PRIMARY KEY,
            user TEXT NOT NULL,
            created INTEGER NOT NULL,
            expires INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS app_session_user ON app_session(user);
        -- One row per pair of compartments sharing an identifier, with each side's entity.
        -- The identifier itself is kept only as a hash: alerts say that two investigations
        -- overlap and whom to call, never on what in the other's data.
        CREATE TABLE IF NOT EXISTS deconfliction_overlap(
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            kind TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            a_entity TEXT NOT NULL,
            b_entity TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            PRIMARY KEY(a, b, fingerprint)
        ) WITHOUT ROWID;",
    )
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// UTC time as `YYYY-MM-DDTHH:MM:SSZ`, from SQLite so no date crate is needed.
pub fn timestamp(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| {
        r.get(0)
    })
}
