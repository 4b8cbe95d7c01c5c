//! What exists for a restricted view: entities with a visible statement, entities a visible
//! statement names, and the counts over them.

use super::idhash::id_hash;
use super::read::{self, entity_by_eid};
use super::{SqliteStore, codec};
use crate::types::SchemaCount;
use crate::{EidSet, Result, Stats, View};
use kingpin_model::{PropType, model};
use rusqlite::{Connection, params};
use rustc_hash::{FxHashMap, FxHashSet};

/// The schema that the statements a view sees support for an entity stored as `stored`, given
/// the ranges of the visible properties that name it (the entity has no visible statement of
/// its own). The stored schema may have been narrowed by sources the view does not see (a
/// `Person` named only as a payment's `LegalEntity` payer), so it is kept only if a visible
/// reference asks for it; otherwise the most specific visible range stands.
pub fn named_schema(stored: &str, ranges: &[&'static str]) -> Option<&'static str> {
    let m = model();
    let stored_schema = m.get(stored).ok()?;
    if ranges
        .iter()
        .any(|r| m.get(r).is_ok_and(|s| s.is_a(stored)))
    {
        return Some(stored_schema.name.as_str());
    }
    let mut best: Option<&'static str> = None;
    for &r in ranges {
        best = match best {
            None => Some(r),
            Some(b) if m.get(r).is_ok_and(|s| s.is_a(b)) => Some(r),
            keep => keep,
        };
    }
    best
}

/// The range of entity-typed property `prop` of `schema`, from the model ('static).
pub fn range_of(schema: &str, prop: &str) -> Option<&'static str> {
    model()
        .get(schema)
        .ok()
        .and_then(|s| s.property(prop))
        .and_then(|p| p.range.as_deref())
}

/// If a statement the view sees names entity `eid` (`id`, stored as `stored`) through an
/// entity-typed property: the schema those statements support ([`named_schema`]). For an
/// unrestricted view, the stored schema (the entity row exists).
pub fn referenced(
    conn: &Connection,
    view: &View,
    eid: i64,
    id: &str,
    stored: &str,
) -> Result<Option<String>> {
    if view.is_all() {
        return Ok(Some(stored.to_string()));
    }
    let mut q = conn.prepare_cached("SELECT src, prop FROM link WHERE dst = ?1")?;
    let rows: Vec<(i64, String)> = q
        .query_map(params![eid], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut ranges: Vec<&'static str> = Vec::new();
    for (src, prop) in rows {
        let e = entity_by_eid(conn, view, src)?;
        if !e.statements.iter().any(|s| s.prop == prop && s.value == id) {
            continue;
        }
        if let Some(r) = range_of(&e.schema, &prop)
            && !ranges.contains(&r)
        {
            ranges.push(r);
            // Enough once a visible reference supports the stored schema.
            if model().get(r).is_ok_and(|s| s.is_a(stored)) {
                break;
            }
        }
    }
    Ok(named_schema(stored, &ranges).map(str::to_string))
}

/// Whether `prop` of `schema` is entity-typed; cached per (schema, prop).
struct LinkProps<'a> {
    cache: FxHashMap<(&'a str, &'a str), bool>,
}

impl<'a> LinkProps<'a> {
    fn is_link(&mut self, schema: &'a str, prop: &'a str) -> bool {
        *self.cache.entry((schema, prop)).or_insert_with(|| {
            model()
                .get(schema)
                .ok()
                .and_then(|s| s.property(prop))
                .is_some_and(|p| p.kind == PropType::Entity)
        })
    }
}

/// One pass over the visible fragments: the entities they describe or name, and the counts.
struct Census {
    entities: EidSet,
    statements: u64,
    links: u64,
}

fn census(conn: &Connection, sources: &[i64]) -> Result<Census> {
    let mut own = EidSet::default();
    // Ids named by visible statements, with the most specific range they were named as.
    let mut named: FxHashMap<i64, &'static str> = FxHashMap::default();
    let mut links: FxHashSet<(i64, i64, i64)> = FxHashSet::default();
    let mut statements = 0u64;
    // Schema and property names live in the model ('static), so cache keys can borrow them.
    let mut props = LinkProps {
        cache: FxHashMap::default(),
    };
    let m = model();
    let mut q = conn.prepare(
        "SELECT f.eid, e.schema, f.props, f.n, f.source
         FROM fragment f CROSS JOIN entity e ON e.eid = f.eid",
    )?;
    let mut rows = q.query([])?;
    while let Some(r) = rows.next()? {
        let source: i64 = r.get(4)?;
        if sources.binary_search(&source).is_err() {
            continue;
        }
        let eid: i64 = r.get(0)?;
        own.insert(eid);
        statements += r.get::<_, i64>(3)? as u64;
        let schema_name: String = r.get(1)?;
        let Ok(schema) = m.get(&schema_name) else {
            continue;
        };
        let text = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        for (prop, value) in codec::iter(text) {
            let Some(p) = schema.property(prop) else {
                continue;
            };
            if props.is_link(&schema.name, &p.name) {
                let h = id_hash(value);
                if let Some(r) = p.range.as_deref() {
                    let e = named.entry(h).or_insert(r);
                    if *e != r && m.get(r).is_ok_and(|s| s.is_a(e)) {
                        *e = r;
                    }
                }
                links.insert((eid, id_hash(&p.name), h));
            }
        }
    }
    // Entities only named (never described) by visible statements exist too, as bare ids,
    // with the schema those statements support.
    let mut q = conn.prepare("SELECT eid, h, schema FROM entity")?;
    let mut rows = q.query([])?;
    while let Some(r) = rows.next()? {
        let Some(&range) = named.get(&r.get::<_, i64>(1)?) else {
            continue;
        };
        let eid: i64 = r.get(0)?;
        if own.contains(eid) {
            continue;
        }
        own.insert(eid);
        let stored = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        if let Some(shown) = named_schema(stored, &[range])
            && shown != stored
        {
            own.set_schema(eid, shown);
        }
    }
    Ok(Census {
        entities: own,
        statements,
        links: links.len() as u64,
    })
}

/// The entities that exist for a restricted view (`None`: unrestricted).
pub fn entities(conn: &Connection, view: &View) -> Result<Option<std::sync::Arc<EidSet>>> {
    view.entities_with(|sources| Ok(census(conn, sources)?.entities))
}

/// Counts of what the view sees.
pub fn stats(conn: &Connection, view: &View) -> Result<Stats> {
    let Some(sources) = view.source_ids() else {
        return read::stats(conn);
    };
    let c = census(conn, sources)?;
    let mut per: FxHashMap<String, u64> = FxHashMap::default();
    let mut q = conn.prepare("SELECT eid, schema FROM entity")?;
    let mut rows = q.query([])?;
    while let Some(r) = rows.next()? {
        let eid: i64 = r.get(0)?;
        if c.entities.contains(eid) {
            let schema = match c.entities.schema(eid) {
                Some(s) => s.to_string(),
                None => r.get(1)?,
            };
            *per.entry(schema).or_default() += 1;
        }
    }
    let mut schemata: Vec<SchemaCount> = per
        .into_iter()
        .map(|(schema, count)| SchemaCount { schema, count })
        .collect();
    schemata.sort_by(|a, b| b.count.cmp(&a.count).then(a.schema.cmp(&b.schema)));
    Ok(Stats {
        entities: c.entities.len() as u64,
        schemata,
        statements: c.statements,
        links: c.links,
        sources: sources.len() as u64,
    })
}

impl SqliteStore {
    /// Search hits `offset..offset + limit`, best first, through the view.
    pub fn search_page(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<crate::SearchHit>> {
        read::search(self.connection(), self.view(), query, offset, limit)
    }

    /// Whether entity `id` exists for the view.
    pub fn visible(&self, id: &str) -> Result<bool> {
        use crate::Store;
        Ok(self.entity(id)?.is_some())
    }
}
