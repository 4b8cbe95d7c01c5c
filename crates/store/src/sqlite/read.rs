//! Queries: entities, neighbours, search, statistics.

use crate::types::{Direction, EntitySummary, Neighbour, NeighbourFilter, SchemaCount};
use crate::{Result, SearchHit, SourceInfo, Stats};
use kingpin_model::{Entity, Grading, PropType, Provenance, Statement, model};
use rusqlite::{Connection, OptionalExtension, Row, params};

const STATEMENT_COLUMNS: &str = "st.prop, st.value, src.name, st.grading, st.recorded";

fn statement(row: &Row<'_>, at: usize) -> rusqlite::Result<Statement> {
    let grading: String = row.get(at + 3)?;
    Ok(Statement {
        prop: row.get(at)?,
        value: row.get(at + 1)?,
        prov: Provenance {
            source: row.get(at + 2)?,
            recorded: row.get(at + 4)?,
            // The writer stores only gradings it formatted itself.
            grading: grading.parse().unwrap_or_default(),
        },
    })
}

fn statements_of(conn: &Connection, eid: i64) -> Result<Vec<Statement>> {
    let mut q = conn.prepare_cached(&format!(
        "SELECT {STATEMENT_COLUMNS} FROM statement st JOIN source src ON src.id = st.source
         WHERE st.eid = ?1 ORDER BY st.source, st.prop"
    ))?;
    let rows = q.query_map(params![eid], |r| statement(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An entity and all its statements.
pub fn entity(conn: &Connection, id: &str) -> Result<Option<Entity>> {
    let found: Option<(i64, String)> = conn
        .prepare_cached("SELECT eid, schema FROM entity WHERE id = ?1")?
        .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((eid, schema)) = found else {
        return Ok(None);
    };
    Ok(Some(Entity {
        id: id.to_string(),
        schema,
        statements: statements_of(conn, eid)?,
    }))
}

fn summary(conn: &Connection, eid: i64) -> Result<EntitySummary> {
    let (id, schema): (String, String) = conn
        .prepare_cached("SELECT id, schema FROM entity WHERE eid = ?1")?
        .query_row(params![eid], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let e = Entity {
        id,
        schema,
        statements: statements_of(conn, eid)?,
    };
    Ok(EntitySummary {
        caption: e.caption(model()),
        id: e.id,
        schema: e.schema,
    })
}

fn keep(filter: &NeighbourFilter, n: &EntitySummary, prop: &str, grading: &str) -> bool {
    if filter.prop.as_deref().is_some_and(|p| p != prop) {
        return false;
    }
    if let Some(want) = &filter.schema {
        let fits = model().get(&n.schema).is_ok_and(|s| s.is_a(want));
        if !fits {
            return false;
        }
    }
    if let Some(min) = &filter.min_grading {
        let g: Grading = grading.parse().unwrap_or_default();
        if !g.at_least(min) {
            return false;
        }
    }
    true
}

/// Entities linked to or from `id`.
pub fn neighbours(conn: &Connection, id: &str, filter: &NeighbourFilter) -> Result<Vec<Neighbour>> {
    let Some(eid) = conn
        .prepare_cached("SELECT eid FROM entity WHERE id = ?1")?
        .query_row(params![id], |r| r.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(Vec::new());
    };
    let limit = if filter.limit == 0 {
        usize::MAX
    } else {
        filter.limit
    };
    let mut out = Vec::new();
    let schema_name: String = conn.query_row(
        "SELECT schema FROM entity WHERE eid = ?1",
        params![eid],
        |r| r.get(0),
    )?;
    let schema = model().get(&schema_name).ok();
    // Outgoing: this entity's entity-typed statements. Best grading per (prop, target).
    let mut q = conn.prepare_cached(
        "SELECT st.prop, e.eid, min(st.grading) FROM statement st JOIN entity e ON e.id = st.value
         WHERE st.eid = ?1 GROUP BY st.prop, e.eid",
    )?;
    let rows: Vec<(String, i64, String)> = q
        .query_map(params![eid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (prop, dst, grading) in rows {
        let is_link = schema
            .and_then(|s| s.property(&prop))
            .is_some_and(|p| p.kind == PropType::Entity);
        if !is_link {
            continue;
        }
        let n = summary(conn, dst)?;
        if keep(filter, &n, &prop, &grading) {
            out.push(Neighbour {
                entity: n,
                prop,
                direction: Direction::Outgoing,
            });
        }
        if out.len() >= limit {
            return Ok(out);
        }
    }
    // Incoming: who points here, with the best grading of that pointing statement.
    let mut q = conn.prepare_cached(
        "SELECT l.src, l.prop, (SELECT min(st.grading) FROM statement st
            WHERE st.eid = l.src AND st.prop = l.prop AND st.value = ?2)
         FROM link l WHERE l.dst = ?1",
    )?;
    let rows: Vec<(i64, String, Option<String>)> = q
        .query_map(params![eid, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (src, prop, grading) in rows {
        let n = summary(conn, src)?;
        if keep(filter, &n, &prop, grading.as_deref().unwrap_or("")) {
            out.push(Neighbour {
                entity: n,
                prop,
                direction: Direction::Incoming,
            });
        }
        if out.len() >= limit {
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

/// Full-text search over names, identifiers and phone numbers, best first, one hit per entity.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let q = fts_query(query);
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT eid, text, bm25(name_index) AS score FROM name_index WHERE name_index MATCH ?1
         ORDER BY score LIMIT ?2",
    )?;
    let rows: Vec<(i64, String, f64)> = stmt
        .query_map(params![q, (limit * 4) as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<SearchHit> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (eid, text, score) in rows {
        if !seen.insert(eid) {
            continue;
        }
        out.push(SearchHit {
            entity: summary(conn, eid)?,
            matched: text,
            score: -score,
        });
        if out.len() >= limit {
            break;
        }
    }
    Ok(out)
}

/// Streams entities (optionally of one schema or its descendants) with their statements.
pub fn for_each_entity(
    conn: &Connection,
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
        "SELECT e.eid, e.id, e.schema, {STATEMENT_COLUMNS}
         FROM entity e JOIN statement st ON st.eid = e.eid JOIN source src ON src.id = st.source
         {filter} ORDER BY e.eid"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut current: Option<(i64, Entity)> = None;
    while let Some(row) = rows.next()? {
        let eid: i64 = row.get(0)?;
        if current.as_ref().is_none_or(|(e, _)| *e != eid) {
            if let Some((_, done)) = current.take() {
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
            e.statements.push(statement(row, 3)?);
        }
    }
    if let Some((_, done)) = current {
        f(done)?;
    }
    Ok(())
}

fn count(conn: &Connection, sql: &str) -> Result<u64> {
    Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
}

/// Counts of what the store holds.
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
        statements: count(conn, "SELECT count(*) FROM statement")?,
        links: count(conn, "SELECT count(*) FROM link")?,
        sources: count(conn, "SELECT count(*) FROM source")?,
    })
}

const SOURCE_COLUMNS: &str =
    "id, name, kind, path, imported_at, grading, rows, statements, fragments";

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

/// Every import, oldest first.
pub fn sources(conn: &Connection) -> Result<Vec<SourceInfo>> {
    let mut q = conn.prepare(&format!("SELECT {SOURCE_COLUMNS} FROM source ORDER BY id"))?;
    let rows = q.query_map([], source_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
