//! Queries through a [`View`]: the application filters by source in every query (`$n IS NULL
//! OR source = ANY($n)`), with the same rules as the SQLite backend: an entity exists for a
//! reader if a visible statement describes or names it, and a link if a visible statement
//! makes it.

use super::text::tsquery;
use crate::sqlite::visible::{named_schema, range_of};
use crate::types::{Direction, EntitySummary, Neighbour, NeighbourFilter, SchemaCount};
use crate::{Handling, Result, SearchHit, SourceInfo, Stats, View};
use kingpin_model::{Entity, Grading, Provenance, Statement, model};
use postgres::{Client, GenericClient, Row};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// The view's sources as a query parameter (`None`: all).
fn sees(view: &View) -> Option<Vec<i64>> {
    view.source_ids().map(<[i64]>::to_vec)
}

const STATEMENT_COLUMNS: &str = "s.prop, s.value, src.name, s.grading, s.recorded";
const STATEMENT_FROM: &str = "statement s JOIN source src ON src.id = s.source";

/// Appends one statement row (columns at `at`), unless `out` holds the same statement already
/// (the same fact repeated by one source).
fn push_statement(row: &Row, at: usize, out: &mut Vec<Statement>) {
    let grading: String = row.get(at + 3);
    let st = Statement {
        prop: row.get(at),
        value: row.get(at + 1),
        prov: Provenance {
            source: row.get(at + 2),
            recorded: row.get(at + 4),
            // The writer stores only gradings it formatted itself.
            grading: grading.parse().unwrap_or_default(),
        },
    };
    if !out.contains(&st) {
        out.push(st);
    }
}

fn statements_of(c: &mut impl GenericClient, view: &View, eid: i64) -> Result<Vec<Statement>> {
    let rows = c.query(
        &format!(
            "SELECT {STATEMENT_COLUMNS} FROM {STATEMENT_FROM}
             WHERE s.eid = $1 AND ($2::bigint[] IS NULL OR s.source = ANY($2))
             ORDER BY s.source, s.sid"
        ),
        &[&eid, &sees(view)],
    )?;
    let mut out = Vec::new();
    for r in &rows {
        push_statement(r, 0, &mut out);
    }
    Ok(out)
}

/// The schema visible statements naming entity `id` support, if any names it
/// ([`named_schema`]); the stored schema for an unrestricted view.
fn referenced(
    c: &mut impl GenericClient,
    view: &View,
    id: &str,
    stored: &str,
) -> Result<Option<String>> {
    if view.is_all() {
        return Ok(Some(stored.to_string()));
    }
    let rows = c.query(
        "SELECT DISTINCT e.schema, s.prop FROM statement s JOIN entity e ON e.eid = s.eid
         WHERE s.link AND s.value = $1 AND s.source = ANY($2)",
        &[&id, &sees(view)],
    )?;
    let mut ranges: Vec<&'static str> = Vec::new();
    for r in &rows {
        if let Some(range) = range_of(r.get(0), r.get(1))
            && !ranges.contains(&range)
        {
            ranges.push(range);
        }
    }
    Ok(named_schema(stored, &ranges).map(str::to_string))
}

/// An entity and its visible statements; `None` if it does not exist for the view.
pub fn entity(c: &mut impl GenericClient, view: &View, id: &str) -> Result<Option<Entity>> {
    let Some(row) = c.query_opt("SELECT eid, schema FROM entity WHERE id = $1", &[&id])? else {
        return Ok(None);
    };
    let (eid, stored): (i64, String) = (row.get(0), row.get(1));
    let statements = statements_of(c, view, eid)?;
    let schema = if statements.is_empty() {
        // Named only: it exists, as what the naming statements say, if one of them is visible.
        match referenced(c, view, id, &stored)? {
            Some(s) => s,
            None => return Ok(None),
        }
    } else {
        stored
    };
    Ok(Some(Entity {
        id: id.to_string(),
        schema,
        statements,
    }))
}

fn entity_by_eid(c: &mut impl GenericClient, view: &View, eid: i64) -> Result<Entity> {
    let row = c.query_one("SELECT id, schema FROM entity WHERE eid = $1", &[&eid])?;
    Ok(Entity {
        id: row.get(0),
        schema: row.get(1),
        statements: statements_of(c, view, eid)?,
    })
}

/// The better of two gradings (reliability and credibility both at least as good wins).
/// Entities linked to or from `id`, through visible statements only: outgoing first (in
/// statement order), then incoming (by the pointing entity's number).
pub fn neighbours(
    c: &mut impl GenericClient,
    view: &View,
    id: &str,
    filter: &NeighbourFilter,
) -> Result<Vec<Neighbour>> {
    let Some(me) = entity(c, view, id)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    // Outgoing: this entity's entity-typed statements, best grading per (prop, target).
    let best = crate::types::outgoing_links(&me);
    for (prop, target, grading) in best {
        // A visible statement names the target, so it exists for this reader; if that is all
        // the reader sees of it, it is only what the naming statements say.
        let Some(mut t) = entity(c, view, &target)? else {
            continue;
        };
        if !t.statements.is_empty() || view.is_all() {
            // Described: its stored schema stands.
        } else if let Some(s) = referenced(c, view, &t.id, &t.schema)? {
            t.schema = s;
        }
        let n = EntitySummary::of(t);
        if filter.offer(&mut out, n, prop, Some(grading), Direction::Outgoing) {
            return Ok(out);
        }
    }
    // Incoming: who points here through a visible statement, with the best grading of those.
    let rows = c.query(
        "SELECT s.eid, s.prop, s.grading FROM statement s
         WHERE s.link AND s.value = $1 AND ($2::bigint[] IS NULL OR s.source = ANY($2))
         ORDER BY s.eid, s.prop",
        &[&id, &sees(view)],
    )?;
    let mut links: Vec<(i64, String, Grading)> = Vec::new();
    for r in &rows {
        let (src, prop, g): (i64, String, String) = (r.get(0), r.get(1), r.get(2));
        let g: Grading = g.parse().unwrap_or_default();
        match links.last_mut() {
            Some(l) if l.0 == src && l.1 == prop => l.2 = l.2.better(g),
            _ => links.push((src, prop, g)),
        }
    }
    for (src, prop, grading) in links {
        let n = EntitySummary::of(entity_by_eid(c, view, src)?);
        if filter.offer(&mut out, n, prop, Some(grading), Direction::Incoming) {
            break;
        }
    }
    Ok(out)
}

/// Full-text search over names, identifiers, phones and e-mails, best first (`ts_rank`), one
/// hit per entity. A hit counts only if a source the view sees stated the matched value.
pub fn search(
    c: &mut impl GenericClient,
    view: &View,
    query: &str,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let q = tsquery(query);
    if q.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let rows = c.query(
        "SELECT eid, text, score FROM (
             SELECT DISTINCT ON (n.eid) n.eid, n.text, ts_rank(n.doc, q)::float8 AS score
             FROM name n, to_tsquery('simple', $1) q
             WHERE n.doc @@ q AND ($2::bigint[] IS NULL OR n.source = ANY($2))
             ORDER BY n.eid, score DESC, n.text
         ) best ORDER BY score DESC, eid LIMIT $3",
        &[&q, &sees(view), &(limit as i64)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(SearchHit {
            entity: EntitySummary::of(entity_by_eid(c, view, r.get(0))?),
            matched: r.get(1),
            score: r.get(2),
        });
    }
    Ok(out)
}

/// Entities read per round trip by [`for_each_entity`].
const PAGE: i64 = 512;

/// Streams entities with at least one visible statement (optionally of one schema or its
/// descendants), by entity number, a page at a time: the connection is free again before `f`
/// runs, so `f` may read the store itself.
pub fn for_each_entity(
    client: &RefCell<Client>,
    view: &View,
    schema: Option<&str>,
    f: &mut dyn FnMut(Entity) -> Result<()>,
) -> Result<()> {
    let schemata: Option<Vec<String>> = schema.map(|want| {
        let m = model();
        m.names()
            .filter(|n| m.get(n).is_ok_and(|s| s.is_a(want)))
            .map(str::to_string)
            .collect()
    });
    let mut after = 0i64;
    loop {
        let page = {
            let mut c = client.borrow_mut();
            let heads = c.query(
                "SELECT eid, id, schema FROM entity
                 WHERE eid > $1 AND ($2::text[] IS NULL OR schema = ANY($2))
                 ORDER BY eid LIMIT $3",
                &[&after, &schemata, &PAGE],
            )?;
            let Some(last) = heads.last() else {
                return Ok(());
            };
            after = last.get(0);
            let eids: Vec<i64> = heads.iter().map(|r| r.get(0)).collect();
            let rows = c.query(
                &format!(
                    "SELECT s.eid, {STATEMENT_COLUMNS} FROM {STATEMENT_FROM}
                     WHERE s.eid = ANY($1) AND ($2::bigint[] IS NULL OR s.source = ANY($2))
                     ORDER BY s.eid, s.source, s.sid"
                ),
                &[&eids, &sees(view)],
            )?;
            let mut statements: FxHashMap<i64, Vec<Statement>> = FxHashMap::default();
            for r in &rows {
                push_statement(r, 1, statements.entry(r.get(0)).or_default());
            }
            heads
                .iter()
                .filter_map(|h| {
                    let statements = statements.remove(&h.get::<_, i64>(0))?;
                    Some(Entity {
                        id: h.get(1),
                        schema: h.get(2),
                        statements,
                    })
                })
                .collect::<Vec<_>>()
        };
        for e in page {
            f(e)?;
        }
    }
}

fn count(c: &mut impl GenericClient, sql: &str, view: &View) -> Result<u64> {
    Ok(c.query_one(sql, &[&sees(view)])?.get::<_, i64>(0) as u64)
}

/// Counts of what the view sees: entities described or named by visible statements (per
/// schema as the view shows them), visible statements, distinct visible links, sources.
pub fn stats(c: &mut impl GenericClient, view: &View) -> Result<Stats> {
    let mut per: FxHashMap<String, u64> = FxHashMap::default();
    let described = if view.is_all() {
        "SELECT schema, count(*) FROM entity WHERE $1::bigint[] IS NULL GROUP BY schema"
    } else {
        "SELECT e.schema, count(*) FROM entity e WHERE EXISTS (
             SELECT 1 FROM statement s WHERE s.eid = e.eid AND s.source = ANY($1))
         GROUP BY e.schema"
    };
    for r in &c.query(described, &[&sees(view)])? {
        *per.entry(r.get(0)).or_default() += r.get::<_, i64>(1) as u64;
    }
    if let Some(sources) = view.source_ids() {
        for n in named_only(c, sources)? {
            *per.entry(n.schema.to_string()).or_default() += 1;
        }
    }
    let mut schemata: Vec<SchemaCount> = per
        .into_iter()
        .map(|(schema, count)| SchemaCount { schema, count })
        .collect();
    schemata.sort_by(|a, b| b.count.cmp(&a.count).then(a.schema.cmp(&b.schema)));
    let visible = "($1::bigint[] IS NULL OR source = ANY($1))";
    Ok(Stats {
        entities: schemata.iter().map(|s| s.count).sum(),
        schemata,
        statements: count(
            c,
            &format!("SELECT count(*) FROM statement WHERE {visible}"),
            view,
        )?,
        links: count(
            c,
            &format!(
                "SELECT count(*) FROM (SELECT DISTINCT eid, prop, value FROM statement
                 WHERE link AND {visible}) l"
            ),
            view,
        )?,
        sources: match view.source_ids() {
            Some(ids) => ids.len() as u64,
            None => count(
                c,
                "SELECT count(*) FROM source WHERE $1::bigint[] IS NULL",
                view,
            )?,
        },
    })
}

/// An entity only named by statements of the view's sources, none of which describes it.
pub struct Named {
    /// Entity number.
    pub eid: i64,
    /// Entity id.
    pub id: String,
    /// The schema the naming statements support ([`named_schema`]).
    pub schema: &'static str,
}

impl Named {
    /// As a scan row.
    pub fn row(&self) -> crate::EntityRow<'_> {
        crate::EntityRow {
            eid: self.eid,
            id: &self.id,
            schema: self.schema,
        }
    }
}

/// Entities only named (never described) by statements of `sources`, by number, each as the
/// most specific range naming it supports, as the SQLite backend's census shows them.
pub fn named_only(c: &mut impl GenericClient, sources: &[i64]) -> Result<Vec<Named>> {
    let rows = c.query(
        "SELECT DISTINCT t.eid, t.id, t.schema, e.schema, s.prop
         FROM statement s JOIN entity e ON e.eid = s.eid JOIN entity t ON t.id = s.value
         WHERE s.link AND s.source = ANY($1) AND NOT EXISTS (
             SELECT 1 FROM statement o WHERE o.eid = t.eid AND o.source = ANY($1))
         ORDER BY t.eid",
        &[&sources],
    )?;
    let m = model();
    let mut named: Vec<(i64, String, String, &'static str)> = Vec::new();
    for r in &rows {
        let Some(range) = range_of(r.get(3), r.get(4)) else {
            continue;
        };
        match named.last_mut() {
            Some(n) if n.0 == r.get::<_, i64>(0) => {
                if m.get(range).is_ok_and(|s| s.is_a(n.3)) {
                    n.3 = range;
                }
            }
            _ => named.push((r.get(0), r.get(1), r.get(2), range)),
        }
    }
    Ok(named
        .into_iter()
        .map(|(eid, id, stored, range)| Named {
            eid,
            id,
            schema: named_schema(&stored, &[range]).unwrap_or(range),
        })
        .collect())
}

const SOURCE_COLUMNS: &str = "id, name, kind, path, imported_at, grading, rows, statements, \
     fragments, agency, releasable_to, compartment";

fn source_row(r: &Row) -> SourceInfo {
    SourceInfo {
        id: r.get(0),
        name: r.get(1),
        kind: r.get(2),
        path: r.get(3),
        imported_at: r.get(4),
        grading: r.get(5),
        rows: r.get::<_, i64>(6) as u64,
        statements: r.get::<_, i64>(7) as u64,
        fragments: r.get::<_, i64>(8) as u64,
        handling: Handling {
            agency: r.get(9),
            releasable_to: Handling::parse_releasable(r.get(10)),
            compartment: r.get(11),
        },
    }
}

/// One import by number.
pub fn source(c: &mut impl GenericClient, id: i64) -> Result<SourceInfo> {
    let sql = format!("SELECT {SOURCE_COLUMNS} FROM source WHERE id = $1");
    Ok(source_row(&c.query_one(&sql, &[&id])?))
}

/// Every import the view sees, oldest first.
pub fn sources(c: &mut impl GenericClient, view: &View) -> Result<Vec<SourceInfo>> {
    let sql = format!("SELECT {SOURCE_COLUMNS} FROM source ORDER BY id");
    Ok(c.query(&sql, &[])?
        .iter()
        .map(source_row)
        .filter(|s| view.sees(s.id))
        .collect())
}
