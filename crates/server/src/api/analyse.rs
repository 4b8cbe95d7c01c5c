//! Paths and leader rankings over the network the caller can see.

use super::dto::PageQuery;
use super::{Auth, Shared, noted};
use crate::api::error::{ApiError, ErrorBody};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use kingpin_graph::Weighting;
use kingpin_graph::paths::shortest_path;
use kingpin_graph::project::{Level, Projection};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Longest path answered.
pub const MAX_HOPS: usize = 8;

/// Path parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PathQuery {
    /// From (entity id).
    pub from: String,
    /// To (entity id).
    pub to: String,
    /// Longest path wanted, in hops (1-8, default 6).
    #[param(minimum = 1, maximum = 8)]
    pub max_hops: Option<usize>,
    /// `person` (phones and accounts folded onto their users, the default) or `entity`.
    pub level: Option<String>,
}

/// One node of a path.
#[derive(Debug, Serialize, ToSchema)]
pub struct PathNode {
    /// The node's entity id.
    pub id: String,
    /// Display name.
    pub caption: String,
    /// Store entities the node stands for.
    pub members: Vec<String>,
}

/// A shortest path.
#[derive(Debug, Serialize, ToSchema)]
pub struct PathOut {
    /// Hops (0: the same node).
    pub hops: usize,
    /// Nodes from `from` to `to`.
    pub nodes: Vec<PathNode>,
}

fn level(s: Option<&str>) -> Result<Level, ApiError> {
    match s.unwrap_or("person") {
        "person" => Ok(Level::Person),
        "entity" => Ok(Level::Entity),
        other => Err(ApiError::bad_request(format!(
            "level {other:?}: person or entity"
        ))),
    }
}

fn node_of(p: &Projection, id: &str) -> Option<u32> {
    p.entity_ids
        .iter()
        .position(|e| &**e == id)
        .map(|i| p.entity_node[i])
}

fn path_node(p: &Projection, v: u32) -> PathNode {
    PathNode {
        id: p.graph.label(v).to_string(),
        caption: p.caption(v).to_string(),
        members: p.members(v).into_iter().map(str::to_string).collect(),
    }
}

/// Shortest path between two entities over the projected network.
#[utoipa::path(get, path = "/api/paths", tag = "analysis", params(PathQuery),
    responses((status = 200, body = PathOut), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "an end is unknown, or no path within max_hops"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn path(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<PathQuery>,
) -> Result<Json<PathOut>, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    let max = q.max_hops.unwrap_or(6);
    if !(1..=MAX_HOPS).contains(&max) {
        return Err(ApiError::bad_request(format!(
            "max_hops must be 1-{MAX_HOPS}"
        )));
    }
    let lvl = level(q.level.as_deref())?;
    let st = state.clone();
    let out = state
        .db
        .run_any(p.view, move |store| {
            let a = st.analyses.get(store, lvl)?;
            let pr = &a.projection;
            let (Some(s), Some(t)) = (node_of(pr, &q.from), node_of(pr, &q.to)) else {
                return Err(ApiError::not_found("no such node (give entity ids)"));
            };
            let sym = pr.graph.undirected();
            match shortest_path(&sym, s, t, Weighting::Unweighted) {
                Some((_, path)) if path.len() <= max + 1 => Ok(PathOut {
                    hops: path.len().saturating_sub(1),
                    nodes: path.iter().map(|&v| path_node(pr, v)).collect(),
                }),
                _ => Err(ApiError::not_found(format!("no path within {max} hops"))),
            }
        })
        .await?;
    Ok(Json(out))
}

/// One factor of a score.
#[derive(Debug, Serialize, ToSchema)]
pub struct FactorOut {
    /// Factor name.
    pub name: String,
    /// Raw value.
    pub value: f64,
    /// Scaled to 0..1 over all persons.
    pub normalised: f64,
    /// Effective weight.
    pub weight: f64,
    /// normalised × weight.
    pub contribution: f64,
}

/// A piece of evidence for a factor.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceOut {
    /// The factor it supports.
    pub factor: String,
    /// What it shows.
    pub what: String,
    /// The nodes (entity ids) it runs through.
    pub path: Vec<String>,
}

/// A ranked person with the reasons.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankedOut {
    /// Rank, from 1.
    pub rank: usize,
    /// Node id (an entity id).
    pub id: String,
    /// Display name.
    pub caption: String,
    /// Leader score.
    pub score: f64,
    /// Entities folded into this person.
    pub members: Vec<String>,
    /// The score's factors.
    pub factors: Vec<FactorOut>,
    /// Evidence (for the top 50).
    pub evidence: Vec<EvidenceOut>,
}

/// A page of the leader ranking.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankPage {
    /// Ranked persons.
    pub items: Vec<RankedOut>,
    /// Persons ranked in all.
    pub total: usize,
    /// Offset of the first item.
    pub offset: usize,
    /// Offset of the next page, if any.
    pub next_offset: Option<usize>,
    /// Factors left out, with the reason.
    pub unavailable: Vec<String>,
}

/// Who is at the top: persons by leader score, each with factors and evidence.
#[utoipa::path(get, path = "/api/rank", tag = "analysis", params(PageQuery),
    responses((status = 200, body = RankPage), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn rank(
    State(state): State<Shared>,
    auth: Auth,
    Query(page): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    let (offset, limit) = page.bounds()?;
    let st = state.clone();
    let body = state
        .db
        .run_any(p.view, move |store| {
            let a = st.analyses.get(store, Level::Person)?;
            let r = a.ranking(store);
            let pr = &a.projection;
            let items = r
                .ranked
                .iter()
                .skip(offset)
                .take(limit)
                .map(|x| RankedOut {
                    rank: x.rank,
                    id: x.label.clone(),
                    caption: pr.caption(x.node).to_string(),
                    score: x.score,
                    members: pr.members(x.node).into_iter().map(str::to_string).collect(),
                    factors: x
                        .factors
                        .iter()
                        .map(|f| FactorOut {
                            name: f.name.to_string(),
                            value: f.value,
                            normalised: f.normalised,
                            weight: f.weight,
                            contribution: f.contribution,
                        })
                        .collect(),
                    evidence: x
                        .evidence
                        .iter()
                        .map(|e| EvidenceOut {
                            factor: e.factor.to_string(),
                            what: e.what.clone(),
                            path: e.path.clone(),
                        })
                        .collect(),
                })
                .collect();
            Ok(RankPage {
                items,
                total: r.ranked.len(),
                offset,
                next_offset: (offset + limit < r.ranked.len()).then_some(offset + limit),
                unavailable: r
                    .unavailable
                    .iter()
                    .map(|(n, why)| format!("{n}: {why}"))
                    .collect(),
            })
        })
        .await?;
    let n = body.items.len();
    Ok(noted(
        Json(body).into_response(),
        serde_json::json!({ "results": n }),
    ))
}
