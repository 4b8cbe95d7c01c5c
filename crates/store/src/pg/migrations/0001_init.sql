-- 1: sources with their handling, entities, statements with provenance (one row each), names
-- for full-text search, the hash-chained audit log, and row-level security on the statement
-- tables as a second line behind the application's views.

CREATE TABLE source(
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL,
    path text,
    imported_at text NOT NULL,
    grading text NOT NULL,
    rows bigint NOT NULL DEFAULT 0,
    statements bigint NOT NULL DEFAULT 0,
    fragments bigint NOT NULL DEFAULT 0,
    agency text NOT NULL DEFAULT 'local',
    releasable_to text NOT NULL DEFAULT '',
    compartment text
);

-- schema may be abstract for an entity only referenced so far (the property's range).
CREATE TABLE entity(
    eid bigserial PRIMARY KEY,
    id text NOT NULL UNIQUE,
    schema text NOT NULL
);
CREATE INDEX entity_schema ON entity(schema);

-- One value of one entity as one source asserted it. `link`: the property is entity-typed, so
-- `value` is another entity's id; the partial index on it answers "who points here".
CREATE TABLE statement(
    sid bigserial PRIMARY KEY,
    eid bigint NOT NULL REFERENCES entity(eid),
    source bigint NOT NULL REFERENCES source(id),
    prop text NOT NULL,
    value text NOT NULL,
    grading text NOT NULL,
    recorded text,
    link boolean NOT NULL
);
CREATE INDEX statement_eid ON statement(eid, source, sid);
CREATE INDEX statement_source ON statement(source);
CREATE INDEX statement_link ON statement(value) WHERE link;

-- Searchable values (names, identifiers, phones, e-mails) per source, so a hit is visible
-- exactly when the source that stated it is. `doc` holds the folded words (pg/text.rs).
CREATE TABLE name(
    eid bigint NOT NULL REFERENCES entity(eid),
    source bigint NOT NULL REFERENCES source(id),
    text text NOT NULL,
    doc tsvector NOT NULL,
    PRIMARY KEY(eid, source, text)
);
CREATE INDEX name_doc ON name USING gin(doc);

-- The sources a session may see: `kingpin.sources` is '*' (all) or a comma-separated list of
-- source ids. Unset or empty: nothing.
CREATE FUNCTION kingpin_sees(src bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('kingpin.sources', true), '') = '*'
        OR src = ANY (string_to_array(nullif(current_setting('kingpin.sources', true), '*'), ',')::bigint[])
$$;

-- FORCE: the owning role is filtered too (superusers never are).
ALTER TABLE statement ENABLE ROW LEVEL SECURITY;
ALTER TABLE statement FORCE ROW LEVEL SECURITY;
CREATE POLICY statement_read ON statement FOR SELECT USING (kingpin_sees(source));
CREATE POLICY statement_write ON statement FOR INSERT WITH CHECK (true);
ALTER TABLE name ENABLE ROW LEVEL SECURITY;
ALTER TABLE name FORCE ROW LEVEL SECURITY;
CREATE POLICY name_read ON name FOR SELECT USING (kingpin_sees(source));
CREATE POLICY name_write ON name FOR INSERT WITH CHECK (true);

-- The audit log: the same records and hashes as kingpin-audit's SQLite log. The head row
-- exists from the start so appenders serialise on it (SELECT ... FOR UPDATE).
CREATE TABLE audit(
    seq bigint PRIMARY KEY,
    at text NOT NULL,
    actor text NOT NULL,
    agency text NOT NULL,
    origin text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    detail text NOT NULL,
    prev text NOT NULL,
    hash text NOT NULL
);
CREATE TABLE audit_head(
    id int PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL,
    hash text NOT NULL
);
INSERT INTO audit_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE FUNCTION kingpin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION kingpin_audit_append_only();
CREATE TRIGGER audit_head_kept BEFORE DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION kingpin_audit_append_only();
