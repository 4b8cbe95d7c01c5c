//! What the API answers: its own types (documented in the OpenAPI document), converted from
//! the library crates' types.

use kingpin_model::{Entity, model};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Largest page any listing returns.
pub const MAX_PAGE: usize = 500;
/// Deepest offset into a listing.
pub const MAX_OFFSET: usize = 10_000;

/// Paging of a listing.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items to skip (at most 10000).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<usize>,
    /// Items to return (1-500, default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<usize>,
}

impl PageQuery {
    /// Checked (offset, limit).
    pub fn bounds(&self) -> Result<(usize, usize), super::ApiError> {
        let offset = self.offset.unwrap_or(0);
        let limit = self.limit.unwrap_or(50);
        if offset > MAX_OFFSET {
            return Err(super::ApiError::bad_request(format!(
                "offset {offset} is beyond {MAX_OFFSET}; narrow the query"
            )));
        }
        if limit == 0 || limit > MAX_PAGE {
            return Err(super::ApiError::bad_request(format!(
                "limit must be 1-{MAX_PAGE}"
            )));
        }
        Ok((offset, limit))
    }
}

/// An entity named without its statements.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityRef {
    /// Stable id.
    pub id: String,
    /// Schema name.
    pub schema: String,
    /// Display name.
    pub caption: String,
}

impl From<kingpin_store::EntitySummary> for EntityRef {
    fn from(s: kingpin_store::EntitySummary) -> Self {
        EntityRef {
            id: s.id,
            schema: s.schema,
            caption: s.caption,
        }
    }
}

/// One statement with its provenance.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementOut {
    /// Property.
    pub prop: String,
    /// Value (for entity-typed properties, the other entity's id).
    pub value: String,
    /// Source name.
    pub source: String,
    /// 3x5x2 grading code.
    pub grading: String,
    /// When the source recorded it.
    pub recorded: Option<String>,
}

/// An entity with every statement the caller may see.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityOut {
    /// Stable id.
    pub id: String,
    /// Schema name.
    pub schema: String,
    /// Display name.
    pub caption: String,
    /// Statements, with provenance.
    pub statements: Vec<StatementOut>,
}

impl From<Entity> for EntityOut {
    fn from(e: Entity) -> Self {
        EntityOut {
            caption: e.caption(model()),
            statements: e
                .statements
                .into_iter()
                .map(|s| StatementOut {
                    prop: s.prop,
                    value: s.value,
                    source: s.prov.source,
                    grading: s.prov.grading.to_string(),
                    recorded: s.prov.recorded,
                })
                .collect(),
            id: e.id,
            schema: e.schema,
        }
    }
}

/// One linked entity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeighbourOut {
    /// The entity at the other end.
    pub entity: EntityRef,
    /// The property making the link.
    pub prop: String,
    /// `outgoing`: the entity asked about holds the property; `incoming`: the neighbour does.
    pub direction: String,
}

/// A page of neighbours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeighbourPage {
    /// The neighbours.
    pub items: Vec<NeighbourOut>,
    /// Offset of the first item.
    pub offset: usize,
    /// Offset of the next page, if there may be one.
    pub next_offset: Option<usize>,
}

/// A search result.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchHitOut {
    /// The entity found.
    pub entity: EntityRef,
    /// The indexed text that matched.
    pub matched: String,
    /// Relevance (higher is better).
    pub score: f64,
}

/// A page of search results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchPage {
    /// The hits, best first.
    pub items: Vec<SearchHitOut>,
    /// Offset of the first item.
    pub offset: usize,
    /// Offset of the next page, if there may be one.
    pub next_offset: Option<usize>,
}

/// Entities of one schema.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SchemaCountOut {
    /// Schema.
    pub schema: String,
    /// Entities.
    pub count: u64,
}

/// What the caller can see.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsOut {
    /// Entities.
    pub entities: u64,
    /// Statements.
    pub statements: u64,
    /// Links between entities.
    pub links: u64,
    /// Sources (imports).
    pub sources: u64,
    /// Entities per schema, largest first.
    pub schemata: Vec<SchemaCountOut>,
}

/// One import the caller can see.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourceOut {
    /// Number.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Kind (`cdr`, `ftm`…).
    pub kind: String,
    /// When it was imported.
    pub imported_at: String,
    /// Default grading.
    pub grading: String,
    /// Rows read.
    pub rows: u64,
    /// Statements added.
    pub statements: u64,
    /// Owner agency.
    pub agency: String,
    /// Agencies it is released to besides the owner (`*`: all).
    pub releasable_to: Vec<String>,
    /// Investigation it belongs to, if any.
    pub compartment: Option<String>,
}

impl From<kingpin_store::SourceInfo> for SourceOut {
    fn from(s: kingpin_store::SourceInfo) -> Self {
        SourceOut {
            id: s.id,
            name: s.name,
            kind: s.kind,
            imported_at: s.imported_at,
            grading: s.grading,
            rows: s.rows,
            statements: s.statements,
            agency: s.handling.agency,
            releasable_to: s.handling.releasable_to,
            compartment: s.handling.compartment,
        }
    }
}
