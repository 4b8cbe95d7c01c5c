//! Plain data passed across the store API.

use kingpin_model::Grading;
use serde::Serialize;

/// What an import says about itself before it starts.
#[derive(Debug, Clone)]
pub struct NewSource {
    /// Source name, e.g. `cdr-operator-a`.
    pub name: String,
    /// Kind of source, e.g. `cdr`, `ftm`, `ledger`.
    pub kind: String,
    /// File it came from, if any.
    pub path: Option<String>,
    /// Default grading of its statements.
    pub grading: Grading,
}

/// The audit record an import commits with: who did it, what and to what. The writer adds
/// the source's name and figures to `detail` (`source`, `source_id`, `rows`, `fragments`,
/// `statements`).
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// Who acts, for which agency, through what.
    pub who: kingpin_audit::Actor,
    /// Action name, e.g. `import`.
    pub action: String,
    /// What it acted on, e.g. the file.
    pub target: String,
    /// Anything else worth keeping, as JSON.
    pub detail: serde_json::Value,
}

impl AuditEntry {
    /// The entry's detail with the import's figures added (`source`, `source_id`, `rows`,
    /// `fragments`, `statements`); a detail that is not a JSON object is kept as `note`.
    pub fn detail_for(&self, info: &SourceInfo) -> serde_json::Value {
        let mut detail = match &self.detail {
            serde_json::Value::Object(map) => map.clone(),
            serde_json::Value::Null => serde_json::Map::new(),
            other => serde_json::Map::from_iter([("note".to_string(), other.clone())]),
        };
        for (k, v) in [
            ("source", serde_json::Value::from(info.name.clone())),
            ("source_id", info.id.into()),
            ("rows", info.rows.into()),
            ("fragments", info.fragments.into()),
            ("statements", info.statements.into()),
        ] {
            detail.insert(k.into(), v);
        }
        serde_json::Value::Object(detail)
    }
}

/// One completed import.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    /// Store-assigned number.
    pub id: i64,
    /// Source name.
    pub name: String,
    /// Kind of source.
    pub kind: String,
    /// File it came from.
    pub path: Option<String>,
    /// When it was imported (UTC, ISO 8601).
    pub imported_at: String,
    /// Default grading.
    pub grading: String,
    /// Rows (records) read.
    pub rows: u64,
    /// New statements it added.
    pub statements: u64,
    /// Fragments it wrote.
    pub fragments: u64,
    /// Owner, releasability and compartment of its statements.
    pub handling: crate::Handling,
}

/// Number of entities of one schema.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaCount {
    /// Schema name.
    pub schema: String,
    /// Entities.
    pub count: u64,
}

/// What the store holds.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Entities per schema, largest first.
    pub schemata: Vec<SchemaCount>,
    /// All entities.
    pub entities: u64,
    /// All statements.
    pub statements: u64,
    /// All links between entities.
    pub links: u64,
    /// Imports.
    pub sources: u64,
}

/// An entity named without its statements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntitySummary {
    /// Stable id.
    pub id: String,
    /// Schema name.
    pub schema: String,
    /// Display name.
    pub caption: String,
}

/// Which way a link runs relative to the entity asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The entity asked about holds the property (a Call's `caller`).
    Outgoing,
    /// The neighbour holds the property pointing at the entity asked about.
    Incoming,
}

/// One linked entity.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    /// The entity at the other end.
    pub entity: EntitySummary,
    /// The property making the link.
    pub prop: String,
    /// Which side holds the property.
    pub direction: Direction,
}

/// Restrictions on a neighbour query.
#[derive(Debug, Clone, Default)]
pub struct NeighbourFilter {
    /// Only neighbours of this schema (or a descendant).
    pub schema: Option<String>,
    /// Only links made by this property.
    pub prop: Option<String>,
    /// Only links asserted at least this well (source and intelligence grade).
    pub min_grading: Option<Grading>,
    /// At most this many (0: no limit).
    pub limit: usize,
}

/// A search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The entity found.
    pub entity: EntitySummary,
    /// The indexed text that matched.
    pub matched: String,
    /// Relevance (higher is better).
    pub score: f64,
}

impl EntitySummary {
    /// The summary of an entity: its id, schema and caption.
    pub(crate) fn of(e: kingpin_model::Entity) -> Self {
        Self {
            caption: e.caption(kingpin_model::model()),
            id: e.id,
            schema: e.schema,
        }
    }
}

impl NeighbourFilter {
    /// Neighbours asked for at most (`limit` 0: no limit).
    pub(crate) fn page_size(&self) -> usize {
        if self.limit == 0 {
            usize::MAX
        } else {
            self.limit
        }
    }

    /// Adds neighbour `n` to `out` if it passes the filter; true once `out` holds a page.
    pub(crate) fn offer(
        &self,
        out: &mut Vec<Neighbour>,
        n: EntitySummary,
        prop: String,
        grading: Option<Grading>,
        direction: Direction,
    ) -> bool {
        if self.keeps(&n, &prop, grading) {
            out.push(Neighbour {
                entity: n,
                prop,
                direction,
            });
        }
        out.len() >= self.page_size()
    }

    /// Whether a neighbour `n`, reached through property `prop` asserted with `grading`,
    /// passes this filter (the same rule on every backend).
    pub(crate) fn keeps(&self, n: &EntitySummary, prop: &str, grading: Option<Grading>) -> bool {
        if self.prop.as_deref().is_some_and(|p| p != prop) {
            return false;
        }
        if let Some(want) = &self.schema
            && !kingpin_model::model()
                .get(&n.schema)
                .is_ok_and(|s| s.is_a(want))
        {
            return false;
        }
        match &self.min_grading {
            Some(min) => grading.is_some_and(|g| g.at_least(min)),
            None => true,
        }
    }
}

/// An entity's outgoing links as (property, target id, best grading): one per property and
/// target, from its entity-typed statements in statement order (the same on every backend).
pub(crate) fn outgoing_links(me: &kingpin_model::Entity) -> Vec<(String, String, Grading)> {
    let schema = kingpin_model::model().get(&me.schema).ok();
    let mut best: Vec<(String, String, Grading)> = Vec::new();
    for st in &me.statements {
        let is_link = schema
            .and_then(|s| s.property(&st.prop))
            .is_some_and(|p| p.kind == kingpin_model::PropType::Entity);
        if !is_link {
            continue;
        }
        match best
            .iter_mut()
            .find(|(p, v, _)| *p == st.prop && *v == st.value)
        {
            Some(b) => b.2 = b.2.better(st.prov.grading),
            None => best.push((st.prop.clone(), st.value.clone(), st.prov.grading)),
        }
    }
    best
}
