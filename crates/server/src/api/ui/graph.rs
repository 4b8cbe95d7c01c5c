//! The link chart's data: neighbourhoods to expand, the whole network's top nodes, shortest
//! paths, and the leaders view. Nodes carry their leader score and community, edges are the
//! records between two nodes of one type, aggregated (count, weight, first and last date).

use super::analysis::{Analysed, EXPLAINED, Filters, analysed, type_name};
use crate::api::error::{ApiError, ErrorBody};
use crate::api::{Auth, Shared, noted};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use kingpin_graph::Weighting;
use kingpin_graph::paths::shortest_path;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use utoipa::{IntoParams, ToSchema};

/// Neighbours added per expanded node at most (the busiest first).
const MAX_NEIGHBOURS: usize = 300;
/// Nodes one answer holds at most.
const MAX_NODES: usize = 20_000;
use crate::api::analyse::MAX_HOPS;

/// A node of the chart.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GNode {
    /// Entity id the node stands for.
    pub id: String,
    /// Display name.
    pub caption: String,
    /// person, phone, account, organisation, event, vehicle, location, document or other.
    pub kind: String,
    /// Leader score (0 if not a ranked person).
    pub score: f64,
    /// Leiden community.
    pub community: u32,
    /// Distinct neighbours.
    pub degree: usize,
}

/// The records of one type from one node to another, aggregated.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GEdge {
    /// From (initiator: caller, payer).
    pub source: String,
    /// To.
    pub target: String,
    /// Edge type (`call`, `payment`…).
    #[serde(rename = "type")]
    pub etype: String,
    /// Records.
    pub count: usize,
    /// Summed weight.
    pub weight: f64,
    /// Earliest dated record, ISO.
    pub first: Option<String>,
    /// Latest dated record, ISO.
    pub last: Option<String>,
}

/// Part of the network.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Subgraph {
    /// Nodes.
    pub nodes: Vec<GNode>,
    /// Edges among them.
    pub edges: Vec<GEdge>,
    /// Nodes in the whole projection.
    pub total_nodes: usize,
    /// Some nodes were left out for size.
    pub truncated: bool,
}

/// Expand request: the nodes to expand and those already on the chart.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ExpandRequest {
    /// Entity ids to expand (their neighbours are added).
    pub ids: Vec<String>,
    /// Entity ids already on the chart (edges to them are returned too).
    #[serde(default)]
    pub have: Vec<String>,
    /// Projection filters.
    #[serde(default)]
    pub filters: Filters,
}

/// Path request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PathRequest {
    /// From (entity id).
    pub from: String,
    /// To (entity id).
    pub to: String,
    /// Longest path wanted, in hops (1-8, default 8: the API's limit).
    #[schema(minimum = 1, maximum = 8)]
    pub max_hops: Option<usize>,
    /// Projection filters.
    #[serde(default)]
    pub filters: Filters,
}

/// One hop of a path with the records making it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PathStep {
    /// From (entity id).
    pub from: String,
    /// To.
    pub to: String,
    /// The records linking them, e.g. `call -> 2024-03-05 22:14 (weight 1)`.
    pub records: Vec<String>,
}

/// A shortest path, as a subgraph plus the node order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PathOut {
    /// Nodes on the path.
    pub nodes: Vec<GNode>,
    /// Edges between consecutive nodes.
    pub edges: Vec<GEdge>,
    /// Entity ids in path order.
    pub path: Vec<String>,
    /// Hops.
    pub hops: usize,
    /// The records of each hop.
    pub steps: Vec<PathStep>,
}

fn node(a: &Analysed, v: u32) -> GNode {
    GNode {
        id: a.p.graph.label(v).to_string(),
        caption: a.p.caption(v).to_string(),
        kind: serde_json::to_value(a.p.graph.kind(v))
            .ok()
            .and_then(|k| k.as_str().map(str::to_string))
            .unwrap_or_default(),
        score: a.score[v as usize],
        community: a.community[v as usize],
        degree: a.sym.degree(v),
    }
}

fn iso(t: i64) -> String {
    kingpin_model::calendar::iso_datetime(t)
}

/// Edges of the graph with both ends in `set`, aggregated per (source, target, type).
fn edges_among(a: &Analysed, set: &HashSet<u32>) -> Vec<GEdge> {
    // (source, target, type) -> (records, weight, first time, last time)
    type Agg = (usize, f64, Option<i64>, Option<i64>);
    let mut agg: BTreeMap<(u32, u32, String), Agg> = BTreeMap::new();
    for &v in set {
        for e in a.p.graph.out_edges(v).filter(|e| set.contains(&e.dst)) {
            let slot = agg
                .entry((e.src, e.dst, type_name(e.etype)))
                .or_insert((0, 0.0, None, None));
            slot.0 += 1;
            slot.1 += f64::from(e.weight);
            if let Some(t) = e.time {
                slot.2 = Some(slot.2.map_or(t, |x: i64| x.min(t)));
                slot.3 = Some(slot.3.map_or(t, |x: i64| x.max(t)));
            }
        }
    }
    agg.into_iter()
        .map(|((s, d, t), (count, weight, first, last))| GEdge {
            source: a.p.graph.label(s).to_string(),
            target: a.p.graph.label(d).to_string(),
            etype: t,
            count,
            weight,
            first: first.map(iso),
            last: last.map(iso),
        })
        .collect()
}

fn subgraph(a: &Analysed, set: HashSet<u32>, truncated: bool) -> Subgraph {
    let edges = edges_among(a, &set);
    let mut nodes: Vec<GNode> = set.iter().map(|&v| node(a, v)).collect();
    nodes.sort_by(|x, y| x.id.cmp(&y.id));
    Subgraph {
        nodes,
        edges,
        total_nodes: a.p.graph.node_count(),
        truncated,
    }
}

fn analyse_for(
    state: &Shared,
    auth: Auth,
    filters: Filters,
) -> Result<
    impl std::future::Future<Output = Result<std::sync::Arc<Analysed>, ApiError>> + use<>,
    ApiError,
> {
    let p = auth.require(Permission::Analyse)?;
    let db = state.db.clone();
    let path = state.db.sqlite_path()?.to_path_buf();
    Ok(async move {
        db.run(p.view, move |store| analysed(store, &path, &filters))
            .await
    })
}

/// The neighbours of some nodes in the caller's network, with the edges among them and to
/// the nodes already on the chart.
#[utoipa::path(post, path = "/api/ui/graph/expand", tag = "ui", request_body = ExpandRequest,
    responses((status = 200, body = Subgraph), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn expand(
    State(state): State<Shared>,
    auth: Auth,
    Json(req): Json<ExpandRequest>,
) -> Result<Response, ApiError> {
    if req.ids.len() > 1000 || req.have.len() > MAX_NODES {
        return Err(ApiError::bad_request("too many ids"));
    }
    let a = analyse_for(&state, auth, req.filters)?.await?;
    let mut set: HashSet<u32> = HashSet::new();
    let mut truncated = false;
    for id in &req.ids {
        let Some(v) = a.node(id) else { continue };
        set.insert(v);
        let mut near: Vec<u32> = a.sym.neighbours(v).to_vec();
        near.sort_unstable();
        near.dedup();
        if near.len() > MAX_NEIGHBOURS {
            truncated = true;
            near.sort_by(|&x, &y| a.sym.degree(y).cmp(&a.sym.degree(x)).then(x.cmp(&y)));
            near.truncate(MAX_NEIGHBOURS);
        }
        set.extend(near);
    }
    set.extend(req.have.iter().filter_map(|id| a.p.graph.find(id)));
    let out = subgraph(&a, set, truncated);
    let n = out.nodes.len();
    Ok(noted(
        Json(out).into_response(),
        serde_json::json!({ "results": n }),
    ))
}

/// How many of the network's nodes to load.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TopQuery {
    /// Nodes (1-20000, default 500): the highest leader scores first, then the most connected.
    pub limit: Option<usize>,
}

/// The network's most important nodes (leader score, then degree) and the edges among them.
#[utoipa::path(get, path = "/api/ui/graph/top", tag = "ui", params(TopQuery, Filters),
    responses((status = 200, body = Subgraph), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn top(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<TopQuery>,
    Query(filters): Query<Filters>,
) -> Result<Response, ApiError> {
    let limit = q.limit.unwrap_or(500);
    if limit == 0 || limit > MAX_NODES {
        return Err(ApiError::bad_request(format!(
            "limit must be 1-{MAX_NODES}"
        )));
    }
    let a = analyse_for(&state, auth, filters)?.await?;
    let mut order: Vec<u32> = (0..a.p.graph.node_count() as u32)
        .filter(|&v| a.sym.degree(v) > 0)
        .collect();
    order.sort_by(|&x, &y| {
        a.score[y as usize]
            .total_cmp(&a.score[x as usize])
            .then(a.sym.degree(y).cmp(&a.sym.degree(x)))
            .then(x.cmp(&y))
    });
    let truncated = order.len() > limit;
    order.truncate(limit);
    let out = subgraph(&a, order.into_iter().collect(), truncated);
    let n = out.nodes.len();
    Ok(noted(
        Json(out).into_response(),
        serde_json::json!({ "results": n }),
    ))
}

/// The records linking two adjacent nodes, as short descriptions (at most 5, then a count).
fn linking_records(a: &Analysed, x: u32, y: u32) -> Vec<String> {
    let g = &a.p.graph;
    let mut out: Vec<String> = g
        .out_edges(x)
        .filter(|e| e.dst == y)
        .chain(g.in_edges(x).filter(|e| e.src == y))
        .map(|e| {
            let dir = if e.src == x { "->" } else { "<-" };
            let when = e
                .time
                .map(|t| format!(" {}", iso(t).replace('T', " ")))
                .unwrap_or_default();
            format!("{} {dir}{when}", type_name(e.etype))
        })
        .collect();
    let n = out.len();
    if n > 5 {
        out.truncate(5);
        out.push(format!("… {} more", n - 5));
    }
    out
}

/// The shortest chain between two entities in the caller's network, with the records of each hop.
#[utoipa::path(post, path = "/api/ui/graph/path", tag = "ui", request_body = PathRequest,
    responses((status = 200, body = PathOut), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn path(
    State(state): State<Shared>,
    auth: Auth,
    Json(req): Json<PathRequest>,
) -> Result<Response, ApiError> {
    let max = req.max_hops.unwrap_or(MAX_HOPS);
    if !(1..=MAX_HOPS).contains(&max) {
        return Err(ApiError::bad_request(format!(
            "max_hops must be 1-{MAX_HOPS}"
        )));
    }
    let a = analyse_for(&state, auth, req.filters)?.await?;
    let (Some(s), Some(t)) = (a.node(&req.from), a.node(&req.to)) else {
        return Err(ApiError::not_found(
            "one of the two is not in the network you can see",
        ));
    };
    let Some((_, nodes)) = shortest_path(&a.sym, s, t, Weighting::Unweighted)
        .filter(|(_, nodes)| nodes.len() <= max + 1)
    else {
        return Err(ApiError::not_found(format!(
            "no path within {max} hops between them in the network you can see"
        )));
    };
    let set: HashSet<u32> = nodes.iter().copied().collect();
    let on_path: HashSet<(u32, u32)> = nodes.windows(2).map(|w| (w[0], w[1])).collect();
    let label = |v: u32| a.p.graph.label(v).to_string();
    let edges = edges_among(&a, &set)
        .into_iter()
        .filter(|e| {
            let (x, y) = (a.p.graph.find(&e.source), a.p.graph.find(&e.target));
            matches!((x, y), (Some(x), Some(y)) if on_path.contains(&(x, y)) || on_path.contains(&(y, x)))
        })
        .collect();
    let steps = nodes
        .windows(2)
        .map(|w| PathStep {
            from: label(w[0]),
            to: label(w[1]),
            records: linking_records(&a, w[0], w[1]),
        })
        .collect();
    let out = PathOut {
        nodes: nodes.iter().map(|&v| node(&a, v)).collect(),
        edges,
        path: nodes.iter().map(|&v| label(v)).collect(),
        hops: nodes.len().saturating_sub(1),
        steps,
    };
    Ok(Json(out).into_response())
}

/// One factor of a leader's score.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactorOut {
    /// Factor name.
    pub name: String,
    /// Raw value.
    pub value: f64,
    /// Normalised to 0-1 over the network.
    pub normalised: f64,
    /// Weight in the score.
    pub weight: f64,
    /// Normalised × weight.
    pub contribution: f64,
}

/// One piece of evidence: what it shows and the chain of entities it runs through.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceOut {
    /// The factor it supports.
    pub factor: String,
    /// What it shows, with names.
    pub what: String,
    /// Entity ids of the chain (open it in the chart).
    pub path: Vec<String>,
    /// Their display names.
    pub path_captions: Vec<String>,
}

/// One ranked person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeaderOut {
    /// Rank, 1 first.
    pub rank: usize,
    /// Entity id.
    pub id: String,
    /// Display name.
    pub caption: String,
    /// Leader score.
    pub score: f64,
    /// The largest contribution in words.
    pub why: String,
    /// Every factor.
    pub factors: Vec<FactorOut>,
    /// Evidence paths.
    pub evidence: Vec<EvidenceOut>,
}

/// A factor of the score and its weight.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactorWeight {
    /// Factor name.
    pub name: String,
    /// Weight.
    pub weight: f64,
}

/// A factor that could not be computed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Unavailable {
    /// Factor name.
    pub name: String,
    /// Why not.
    pub why: String,
}

/// The leader ranking of the caller's network.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeadersOut {
    /// Factors used with their weights.
    pub used: Vec<FactorWeight>,
    /// Factors that could not be computed, and why.
    pub unavailable: Vec<Unavailable>,
    /// Nodes in the projection.
    pub nodes: usize,
    /// Persons ranked, best first.
    pub ranked: Vec<LeaderOut>,
}

/// How many leaders.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeadersQuery {
    /// Persons to list (1-100, default 50).
    pub top: Option<usize>,
}

/// Replaces node labels in a text by their captions.
fn captioned(a: &Analysed, text: &str) -> String {
    text.split(' ')
        .map(|w| match a.p.graph.find(w) {
            Some(v) if a.p.caption(v) != w => a.p.caption(v).to_string(),
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Who is at the top of the network the caller can see, with every factor and the evidence.
#[utoipa::path(get, path = "/api/ui/leaders", tag = "ui", params(LeadersQuery, Filters),
    responses((status = 200, body = LeadersOut), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn leaders(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<LeadersQuery>,
    Query(filters): Query<Filters>,
) -> Result<Response, ApiError> {
    let top = q.top.unwrap_or(50);
    if top == 0 || top > EXPLAINED {
        return Err(ApiError::bad_request(format!("top must be 1-{EXPLAINED}")));
    }
    let a = analyse_for(&state, auth, filters)?.await?;
    let ranked: Vec<LeaderOut> = a
        .ranking
        .ranked
        .iter()
        .take(top)
        .map(|r| {
            let mut best: Vec<_> = r.factors.iter().filter(|f| f.contribution > 0.0).collect();
            best.sort_by(|x, y| y.contribution.total_cmp(&x.contribution));
            let why = best
                .first()
                .map_or("no factor above the minimum".to_string(), |f| {
                    format!("mostly {}", f.name.replace('_', " "))
                });
            LeaderOut {
                rank: r.rank,
                id: r.label.clone(),
                caption: a.p.caption(r.node).to_string(),
                score: r.score,
                why,
                factors: r
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
                evidence: r
                    .evidence
                    .iter()
                    .map(|e| EvidenceOut {
                        factor: e.factor.to_string(),
                        what: captioned(&a, &e.what),
                        path_captions: e
                            .path
                            .iter()
                            .map(|l| match a.p.graph.find(l) {
                                Some(v) => a.p.caption(v).to_string(),
                                None => l.clone(),
                            })
                            .collect(),
                        path: e.path.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let out = LeadersOut {
        used: a
            .ranking
            .used
            .iter()
            .map(|(n, w)| FactorWeight {
                name: n.to_string(),
                weight: *w,
            })
            .collect(),
        unavailable: a
            .ranking
            .unavailable
            .iter()
            .map(|(n, w)| Unavailable {
                name: n.to_string(),
                why: w.clone(),
            })
            .collect(),
        nodes: a.p.graph.node_count(),
        ranked,
    };
    let n = out.ranked.len();
    Ok(noted(
        Json(out).into_response(),
        serde_json::json!({ "results": n }),
    ))
}
