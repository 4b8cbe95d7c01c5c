-- The server's own tables on PostgreSQL (SQLite's are in tables.rs and kingpin-cases' schema):
-- users and sessions, investigations and their members, deconfliction overlaps. Every integer
-- is BIGINT; `user` is a reserved word here, so it is always written quoted.
CREATE TABLE IF NOT EXISTS app_user(
    name TEXT PRIMARY KEY,
    agency TEXT NOT NULL,
    role TEXT NOT NULL,
    password TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    disabled BIGINT NOT NULL DEFAULT 0,
    failures BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
-- Only a hash of each token is kept: a copy of the database opens no session.
CREATE TABLE IF NOT EXISTS app_session(
    token_hash TEXT PRIMARY KEY,
    "user" TEXT NOT NULL,
    created BIGINT NOT NULL,
    expires BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS app_session_user ON app_session("user");
CREATE TABLE IF NOT EXISTS investigation(
    name TEXT PRIMARY KEY,
    agency TEXT NOT NULL,
    contact TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS investigation_member(
    investigation TEXT NOT NULL,
    "user" TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member',
    PRIMARY KEY(investigation, "user")
);
CREATE TABLE IF NOT EXISTS deconfliction_overlap(
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    kind TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    a_entity TEXT NOT NULL,
    b_entity TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY(a, b, fingerprint)
);
