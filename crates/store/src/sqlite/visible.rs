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

/// Whether a statement the view sees names entity `eid` (`id`) through an entity-typed
/// property. Always true for an unrestricted view (the entity row exists).
pub fn referenced(conn: &Connection, view: &View, eid: i64, id: &str) -> Result<bool> {
    if view.is_all() {
        return Ok(true);
    }
    let mut q = conn.prepare_cached("SELECT src, prop FROM link WHERE dst = ?1")?;
    let rows: Vec<(i64, String)> = q
        .query_map(params![eid], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (src, prop) in rows {
        let e = entity_by_eid(conn, view, src)?;
        if e.statements.iter().any(|s| s.prop == prop && s.value == id) {
            return Ok(true);
        }
    }
    Ok(false)
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
    let mut named: FxHashSet<i64> = FxHashSet::default();
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
                named.insert(h);
                links.insert((eid, id_hash(&p.name), h));
            }
        }
    }
    // Entities only named (never described) by visible statements exist too, as bare ids.
    let mut q = conn.prepare("SELECT eid, h FROM entity")?;
    let mut rows = q.query([])?;
    while let Some(r) = rows.next()? {
        if named.contains(&r.get::<_, i64>(1)?) {
            own.insert(r.get(0)?);
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
        if c.entities.contains(r.get(0)?) {
            *per.entry(r.get(1)?).or_default() += 1;
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
