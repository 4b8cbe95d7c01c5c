//! The server's own tables, in the store's database beside the entities: users, sessions,
//! deconfliction alerts (investigations and their members: `kingpin_cases::schema` on SQLite,
//! the server's PostgreSQL migration there).

use kingpin_sql::Conn;
use rusqlite::Connection;

/// The server's PostgreSQL migration steps (component `server`). Never edit a shipped step.
const PG_STEPS: &[&str] = &[include_str!("migrations/pg_0001.sql")];

/// Creates the server's tables if missing, on either backend, and brings kingpin-cases'
/// (investigations, their members and their work) up to date.
pub fn ensure_any(conn: &mut Conn<'_>) -> Result<(), kingpin_sql::Error> {
    kingpin_cases::schema::ensure(conn)?;
    match conn {
        Conn::Sqlite(c) => ensure(c).map_err(|cause| kingpin_sql::Error::Sqlite {
            sql: "the server's SQLite tables".into(),
            cause,
        }),
        Conn::Pg(_) => kingpin_sql::migrate(conn, "server", PG_STEPS),
    }
}

/// Creates the server's tables if missing (idempotent, like the audit and resolution tables).
/// Investigations and their members are kingpin-cases' tables, brought up to date here too.
pub fn ensure(conn: &Connection) -> rusqlite::Result<()> {
    kingpin_cases::schema::ensure(&mut Conn::from(conn))?;
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
    kingpin_sql::unix_now()
}

/// UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn timestamp() -> String {
    kingpin_sql::utc_now()
}

/// Runs `case` on the server's tables in a fresh SQLite database, then in a fresh PostgreSQL
/// schema when `KINGPIN_TEST_PG` names a database (dropped afterwards).
#[cfg(test)]
pub fn each_backend(case: impl Fn(&mut Conn<'_>)) {
    let db = Connection::open_in_memory().unwrap();
    ensure(&db).unwrap();
    case(&mut Conn::from(&db));
    if let Ok(url) = std::env::var("KINGPIN_TEST_PG") {
        let (mut client, schema) = kingpin_sql::scratch_schema(&url, "server_test").unwrap();
        let mut c = Conn::from(&mut client);
        ensure_any(&mut c).unwrap();
        case(&mut c);
        client
            .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
            .unwrap();
    }
}
