//! Queries: entities, neighbours, search, statistics.

use super::codec;
use super::idhash::id_hash;
use crate::types::{Direction, EntitySummary, Neighbour, NeighbourFilter, SchemaCount};
use crate::{Handling, Result, SearchHit, SourceInfo, Stats, View};
use kingpin_model::{Entity, Grading, Provenance, Statement, model};
use rusqlite::{Connection, OptionalExtension, Row, params};

const FRAGMENT_COLUMNS: &str = "f.props, src.name, f.grading, f.recorded, f.source";

/// Unpacks one fragment row (props, source, grading, recorded, source id at `at`) into
/// statements, skipping any statement already in `out` (the same fact repeated by one source)
/// and every statement of a source the view does not see.
fn unpack(row: &Row<'_>, at: usize, view: &View, out: &mut Vec<Statement>) -> rusqlite::Result<()> {
    if !view.sees(row.get(at + 4)?) {
        return Ok(());
    }
    let props: String = row.get(at)?;
    let grading: String = row.get(at + 2)?;
    let prov = Provenance {
        source: row.get(at + 1)?,
        recorded: row.get(at + 3)?,
        // The writer stores only gradings it formatted itself.
        grading: grading.parse().unwrap_or_default(),
    };
    for (prop, value) in codec::iter(&props) {
        let dup = out
            .iter()
            .any(|s| s.prop == prop && s.value == value && s.prov == prov);
        if !dup {
            out.push(Statement {
                prop: prop.to_string(),
                value: value.to_string(),
                prov: prov.clone(),
            });
        }
    }
    Ok(())
}

pub(super) fn statements_of(conn: &Connection, view: &View, eid: i64) -> Result<Vec<Statement>> {
    let mut q = conn.prepare_cached(&format!(
        "SELECT {FRAGMENT_COLUMNS} FROM fragment f JOIN source src ON src.id = f.source
         WHERE f.eid = ?1 ORDER BY f.fid"
    ))?;
    let mut rows = q.query(params![eid])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        unpack(row, 0, view, &mut out)?;
    }
    Ok(out)
}

fn eid_of(conn: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT e.eid FROM entity_key k JOIN entity e ON e.eid = k.eid
             WHERE k.h = ?1 AND e.id = ?2",
        )?
        .query_row(params![id_hash(id), id], |r| r.get::<_, i64>(0))
        .optional()?)
}

/// An entity and all its (visible) statements; `None` if it does not exist for the view.
pub fn entity(conn: &Connection, view: &View, id: &str) -> Result<Option<Entity>> {
    let found: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT e.eid, e.schema FROM entity_key k JOIN entity e ON e.eid = k.eid
             WHERE k.h = ?1 AND e.id = ?2",
        )?
        .query_row(params![id_hash(id), id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((eid, schema)) = found else {
        return Ok(None);
    };
    let statements = statements_of(conn, view, eid)?;
    let schema = if statements.is_empty() {
        // Named only: it exists, as what the naming statements say, if one of them is visible.
        match super::visible::referenced(conn, view, eid, id, &schema)? {
            Some(s) => s,
            None => return Ok(None),
        }
    } else {
        schema
    };
    Ok(Some(Entity {
        id: id.to_string(),
        schema,
        statements,
    }))
}

pub(super) fn entity_by_eid(conn: &Connection, view: &View, eid: i64) -> Result<Entity> {
    let (id, schema): (String, String) = conn
        .prepare_cached("SELECT id, schema FROM entity WHERE eid = ?1")?
        .query_row(params![eid], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Entity {
        id,
        schema,
        statements: statements_of(conn, view, eid)?,
    })
}

/// Entities linked to or from `id`, through visible statements only.
pub fn neighbours(
    conn: &Connection,
    view: &View,
    id: &str,
    filter: &NeighbourFilter,
) -> Result<Vec<Neighbour>> {
    let Some(eid) = eid_of(conn, id)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let me = entity_by_eid(conn, view, eid)?;
    let schema = model().get(&me.schema).ok();
    // Outgoing: this entity's entity-typed statements, best grading per (prop, target).
    let best = crate::types::outgoing_links(&me);
    for (prop, target, grading) in best {
        let Some(dst) = eid_of(conn, &target)? else {
            continue;
        };
        // The target exists for this reader: a visible statement names it. If that is all
        // the reader sees of it, it is only what the naming statements say.
        let mut target = entity_by_eid(conn, view, dst)?;
        if target.statements.is_empty() && !view.is_all() {
            let via = schema
                .and_then(|s| s.property(&prop))
                .and_then(|p| p.range.as_deref());
            if !via.is_some_and(|r| model().get(r).is_ok_and(|s| s.is_a(&target.schema))) {
                let stored = std::mem::take(&mut target.schema);
                target.schema = super::visible::referenced(conn, view, dst, &target.id, &stored)?
                    .unwrap_or(stored);
            }
        }
        let n = EntitySummary::of(target);
        if filter.offer(&mut out, n, prop, Some(grading), Direction::Outgoing) {
            return Ok(out);
        }
    }
    // Incoming: who points here, with the best grading of the statements that do. Streamed:
    // a busy phone has thousands of callers and a page needs a few dozen.
    let mut q = conn.prepare_cached("SELECT src, prop FROM link WHERE dst = ?1")?;
    let mut rows = q.query(params![eid])?;
    while let Some(r) = rows.next()? {
        let (src, prop): (i64, String) = (r.get(0)?, r.get(1)?);
        let e = entity_by_eid(conn, view, src)?;
        let grading = e
            .statements
            .iter()
            .filter(|s| s.prop == prop && s.value == id)
            .map(|s| s.prov.grading)
            .reduce(Grading::better);
        // A link exists for this reader only if a statement it sees makes it.
        if grading.is_none() && !view.is_all() {
            continue;
        }
        let n = EntitySummary::of(e);
        if filter.offer(&mut out, n, prop, grading, Direction::Incoming) {
            break;
        }
    }
    Ok(out)
}

/// Turns free text into an FTS5 query: every word must match, as a prefix, so punctuation in
/// user input can never be read as FTS syntax.
fn fts_query(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Index rows read at most per search: a query matching more names than this is too broad to
/// page through usefully, and the cap bounds the cost of one request.
const SEARCH_SCAN_CAP: usize = 5_000;

/// Index rows ranked together. Reading a row's text and scoring it costs a few microseconds,
/// so ranking every match of a broad query (`ahmed`: 2 400 rows) before the first page would
/// cost milliseconds a request; blocks of this many rows, in index order, each ranked by bm25,
/// keep the first page at one block's cost and the order the same whichever page is asked.
const SEARCH_BLOCK: usize = 256;

/// Whether a statement the view sees has the value `text` (the index itself does not know
/// sources). Reads the entity's packed fragments without building statements.
fn shows_value(conn: &Connection, view: &View, eid: i64, text: &str) -> Result<bool> {
    if view.is_all() {
        return Ok(true);
    }
    let mut q = conn.prepare_cached("SELECT source, props FROM fragment WHERE eid = ?1")?;
    let mut rows = q.query(params![eid])?;
    while let Some(r) = rows.next()? {
        if !view.sees(r.get(0)?) {
            continue;
        }
        let props = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        if codec::iter(props).any(|(_, v)| v == text) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Full-text search over names, identifiers and phone numbers, best first, one hit per entity;
/// hits `offset..offset + limit`. A hit counts only if the matched text is the value of a
/// statement the view sees. The ranking is exact (bm25) for queries matching at most
/// [`SEARCH_BLOCK`] index rows; broader ones are ranked block by block in index order
/// (deterministic, so pages never overlap). Only the page's hits are loaded as entities.
pub fn search(
    conn: &Connection,
    view: &View,
    query: &str,
    offset: usize,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let q = fts_query(query);
    if q.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    // The limit is a literal: a bound one would make SQLite re-plan the statement at every
    // execution (it offers the LIMIT to the FTS5 table as a constraint). Only rowid and score
    // are read for the block; a row's text and entity are looked up only when the page needs
    // it, which spares a content-table seek for most of the block.
    let mut block_query = conn.prepare_cached(&format!(
        "SELECT rowid, bm25(name_index) FROM name_index
         WHERE name_index MATCH ?1 AND rowid > ?2 ORDER BY rowid LIMIT {SEARCH_BLOCK}"
    ))?;
    let mut row_query = conn.prepare_cached("SELECT eid, text FROM name_index WHERE rowid = ?1")?;
    let mut out: Vec<SearchHit> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut skipped = 0;
    let (mut after, mut scanned) = (i64::MIN, 0usize);
    while scanned < SEARCH_SCAN_CAP {
        let want = SEARCH_BLOCK.min(SEARCH_SCAN_CAP - scanned);
        let mut block: Vec<(i64, f64)> = Vec::with_capacity(want);
        let mut rows = block_query.query(params![q, after])?;
        while block.len() < want
            && let Some(r) = rows.next()?
        {
            block.push((r.get(0)?, r.get(1)?));
        }
        drop(rows);
        let Some(last) = block.last().map(|r| r.0) else {
            break;
        };
        let full = block.len() == want;
        (after, scanned) = (last, scanned + block.len());
        // bm25: lower is better; ties keep index order (the sort is stable).
        block.sort_by(|a, b| a.1.total_cmp(&b.1));
        for (rowid, score) in block {
            let (eid, text): (i64, String) =
                row_query.query_row(params![rowid], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if seen.contains(&eid) || !shows_value(conn, view, eid, &text)? {
                continue;
            }
            seen.insert(eid);
            if skipped < offset {
                skipped += 1;
                continue;
            }
            out.push(SearchHit {
                entity: EntitySummary::of(entity_by_eid(conn, view, eid)?),
                matched: text,
                score: -score,
            });
            if out.len() >= limit {
                return Ok(out);
            }
        }
        if !full {
            break;
        }
    }
    Ok(out)
}

/// Streams entities (optionally of one schema or its descendants) with their statements.
pub fn for_each_entity(
    conn: &Connection,
    view: &View,
    schema: Option<&str>,
    f: &mut dyn FnMut(Entity) -> Result<()>,
) -> Result<()> {
    let schemata: Vec<String> = match schema {
        None => Vec::new(),
        Some(want) => {
            let m = model();
            m.names()
                .filter(|n| m.get(n).is_ok_and(|s| s.is_a(want)))
                .map(str::to_string)
                .collect()
        }
    };
    let filter = if schema.is_some() {
        let list: Vec<String> = schemata.iter().map(|s| format!("'{s}'")).collect();
        format!("WHERE e.schema IN ({})", list.join(","))
    } else {
        String::new()
    };
    let sql = format!(
        "SELECT e.eid, e.id, e.schema, {FRAGMENT_COLUMNS}
         FROM entity e JOIN fragment f ON f.eid = e.eid JOIN source src ON src.id = f.source
         {filter} ORDER BY e.eid, f.fid"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut current: Option<(i64, Entity)> = None;
    while let Some(row) = rows.next()? {
        let eid: i64 = row.get(0)?;
        if current.as_ref().is_none_or(|(e, _)| *e != eid) {
            if let Some((_, done)) = current.take()
                && !done.statements.is_empty()
            {
                f(done)?;
            }
            current = Some((
                eid,
                Entity {
                    id: row.get(1)?,
                    schema: row.get(2)?,
                    statements: Vec::new(),
                },
            ));
        }
        if let Some((_, e)) = current.as_mut() {
            unpack(row, 3, view, &mut e.statements)?;
        }
    }
    if let Some((_, done)) = current
        && !done.statements.is_empty()
    {
        f(done)?;
    }
    Ok(())
}

pub(super) fn count(conn: &Connection, sql: &str) -> Result<u64> {
    Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
}

/// Counts of what the store holds (everything).
pub fn stats(conn: &Connection) -> Result<Stats> {
    let mut q = conn.prepare(
        "SELECT schema, count(*) AS n FROM entity GROUP BY schema ORDER BY n DESC, schema",
    )?;
    let schemata = q
        .query_map([], |r| {
            Ok(SchemaCount {
                schema: r.get(0)?,
                count: r.get::<_, i64>(1)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Stats {
        entities: schemata.iter().map(|s| s.count).sum(),
        schemata,
        statements: count(conn, "SELECT CAST(total(n) AS INTEGER) FROM fragment")?,
        links: count(conn, "SELECT count(*) FROM link")?,
        sources: count(conn, "SELECT count(*) FROM source")?,
    })
}

const SOURCE_COLUMNS: &str = "id, name, kind, path, imported_at, grading, rows, statements, \
     fragments, agency, releasable_to, compartment";

fn source_row(r: &Row<'_>) -> rusqlite::Result<SourceInfo> {
    Ok(SourceInfo {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        path: r.get(3)?,
        imported_at: r.get(4)?,
        grading: r.get(5)?,
        rows: r.get::<_, i64>(6)? as u64,
        statements: r.get::<_, i64>(7)? as u64,
        fragments: r.get::<_, i64>(8)? as u64,
        handling: Handling {
            agency: r.get(9)?,
            releasable_to: Handling::parse_releasable(&r.get::<_, String>(10)?),
            compartment: r.get(11)?,
        },
    })
}

/// One import by number.
pub fn source(conn: &Connection, id: i64) -> Result<SourceInfo> {
    Ok(conn.query_row(
        &format!("SELECT {SOURCE_COLUMNS} FROM source WHERE id = ?1"),
        params![id],
        source_row,
    )?)
}

/// Every import the view sees, oldest first.
pub fn sources(conn: &Connection, view: &View) -> Result<Vec<SourceInfo>> {
    let mut q = conn.prepare(&format!("SELECT {SOURCE_COLUMNS} FROM source ORDER BY id"))?;
    let rows = q.query_map([], source_row)?;
    let all = rows.collect::<rusqlite::Result<Vec<SourceInfo>>>()?;
    Ok(all.into_iter().filter(|s| view.sees(s.id)).collect())
}

/// Every source's handling, oldest first (whatever the view: views are made from this).
pub fn source_handlings(conn: &Connection) -> Result<Vec<(i64, Handling)>> {
    let mut q = conn
        .prepare_cached("SELECT id, agency, releasable_to, compartment FROM source ORDER BY id")?;
    let rows = q.query_map([], |r| {
        Ok((
            r.get(0)?,
            Handling {
                agency: r.get(1)?,
                releasable_to: Handling::parse_releasable(&r.get::<_, String>(2)?),
                compartment: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
