//! Resolution review for the web UI: candidate pairs of person records side by side with the
//! match-weight waterfall, one-click decisions (recorded, append-only, and audited), and the
//! resulting clusters. Linkage runs over the person records the caller may see, so neither a
//! pair nor a cluster can show or rest on a record outside their view.

use crate::api::dto::{EntityOut, EntityRef};
use crate::api::error::{ApiError, ErrorBody};
use crate::api::work::{DecideOut, DecisionRequest, record_decision};
use crate::api::{Auth, Shared, noted};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use kingpin_model::model;
use kingpin_resolve::decisions::{self, Verdict};
use kingpin_resolve::em::probability;
use kingpin_resolve::explain::Explanation;
use kingpin_resolve::record::load_persons;
use kingpin_resolve::{Outcome, Settings, resolve};
use kingpin_store::{SqliteStore, Store};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use utoipa::{IntoParams, ToSchema};

type Key = (std::path::PathBuf, Option<Vec<i64>>, (i64, i64, i64));

/// The latest linkage per view (a few: each holds every visible person record).
static CACHE: Mutex<Vec<(Key, Arc<Outcome>)>> = Mutex::new(Vec::new());
const CACHED: usize = 4;

/// What changes the outcome: the records (newest source and the sources' counts) and the
/// decisions.
fn version(store: &SqliteStore) -> Result<(i64, i64, i64), ApiError> {
    let conn = store.connection();
    decisions::ensure_tables(conn)?;
    Ok(conn.query_row(
        "SELECT coalesce(max(id), 0), coalesce(sum(fragments), 0) + coalesce(sum(statements), 0),
                (SELECT coalesce(max(id), 0) FROM resolution_decision) FROM source",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

fn outcome(store: &SqliteStore, db: &std::path::Path) -> Result<Arc<Outcome>, ApiError> {
    let key: Key = (
        db.to_path_buf(),
        store.view().source_ids().map(<[i64]>::to_vec),
        version(store)?,
    );
    let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, o)) = cache.iter().find(|(k, _)| *k == key) {
        return Ok(o.clone());
    }
    let raw = load_persons(store)?;
    let decided = decisions::decisions(store.connection())?;
    let o = Arc::new(resolve(&raw, &decided, &Settings::default(), &|_| {}));
    if cache.len() >= CACHED {
        cache.remove(0);
    }
    cache.push((key, o.clone()));
    Ok(o)
}

/// Which pairs.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PairsQuery {
    /// `review` (the default): undecided pairs the model is least sure of, nearest the
    /// threshold first; `linked`: pairs at or above it; `decided`: pairs an analyst decided.
    pub status: Option<String>,
    /// Pairs to skip.
    pub offset: Option<usize>,
    /// Pairs to return (1-100, default 20).
    pub limit: Option<usize>,
}

/// One candidate pair.
#[derive(Debug, Serialize, ToSchema)]
pub struct PairOut {
    /// First record, with every statement and its provenance.
    pub a: EntityOut,
    /// Second record.
    pub b: EntityOut,
    /// Total match weight.
    pub weight: f64,
    /// Match probability.
    pub probability: f64,
    /// At or above the linkage threshold.
    pub linked: bool,
    /// The waterfall: prior, then each comparison's level and weight.
    #[schema(value_type = Object)]
    pub explanation: Explanation,
    /// The analyst's decision in force, if any (`same`, `different`).
    pub decision: Option<String>,
}

/// A page of pairs.
#[derive(Debug, Serialize, ToSchema)]
pub struct PairsOut {
    /// Pairs.
    pub items: Vec<PairOut>,
    /// Candidate pairs in this status.
    pub total: usize,
    /// Person records resolved.
    pub records: usize,
    /// Linkage threshold (probability).
    pub threshold: f64,
}

/// Candidate pairs of person records with their waterfalls.
#[utoipa::path(get, path = "/api/ui/resolution/pairs", tag = "ui", params(PairsQuery),
    responses((status = 200, body = PairsOut), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn pairs(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<PairsQuery>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    let (offset, limit) = (q.offset.unwrap_or(0), q.limit.unwrap_or(20));
    if limit == 0 || limit > 100 || offset > 100_000 {
        return Err(ApiError::bad_request(
            "limit must be 1-100, offset at most 100000",
        ));
    }
    let status = q.status.unwrap_or_else(|| "review".into());
    if !["review", "linked", "decided"].contains(&status.as_str()) {
        return Err(ApiError::bad_request("status is review, linked or decided"));
    }
    let path = state.db.sqlite_path()?.to_path_buf();
    let out = state
        .db
        .run(p.view, move |store| {
            let o = outcome(store, &path)?;
            let decided = decisions::decisions(store.connection())?;
            let decision_of = |a: &str, b: &str| {
                let (x, y) = if a <= b { (a, b) } else { (b, a) };
                decided.iter().find(|d| d.a == x && d.b == y).map(|d| {
                    if d.verdict == Verdict::Same {
                        "same"
                    } else {
                        "different"
                    }
                })
            };
            let threshold = o.settings.threshold;
            let id = |i: u32| o.records[i as usize].id.as_str();
            // (first, second, waterfall) of every pair in this status, in listing order.
            let chosen: Vec<(String, String, Explanation)> = if status == "decided" {
                // Decisions in force on records the caller sees, newest first, whether or
                // not blocking ever paired them.
                decided
                    .iter()
                    .rev()
                    .filter_map(|d| o.explain(&d.a, &d.b).map(|e| (d.a.clone(), d.b.clone(), e)))
                    .collect()
            } else {
                let mut idx: Vec<usize> = (0..o.pairs.len())
                    .filter(|&i| {
                        let (a, b) = o.pairs[i];
                        let pr = probability(o.weights[i]);
                        decision_of(id(a), id(b)).is_none()
                            && if status == "linked" {
                                pr >= threshold
                            } else {
                                // Worth a look: neither near-certain nor near-impossible.
                                (0.05..0.999).contains(&pr)
                            }
                    })
                    .collect();
                if status == "review" {
                    let t = threshold_weight(threshold);
                    let closeness = |i: usize| (o.weights[i] - t).abs();
                    idx.sort_by(|&x, &y| closeness(x).total_cmp(&closeness(y)).then(x.cmp(&y)));
                } else {
                    idx.sort_by(|&x, &y| o.weights[y].total_cmp(&o.weights[x]).then(x.cmp(&y)));
                }
                idx.into_iter()
                    .map(|i| {
                        let (a, b) = o.pairs[i];
                        (id(a).to_string(), id(b).to_string(), o.explain_pair(i))
                    })
                    .collect()
            };
            let total = chosen.len();
            let mut items = Vec::new();
            for (a, b, explanation) in chosen.into_iter().skip(offset).take(limit) {
                let (Some(ea), Some(eb)) = (store.entity(&a)?, store.entity(&b)?) else {
                    continue;
                };
                items.push(PairOut {
                    a: ea.into(),
                    b: eb.into(),
                    weight: explanation.weight,
                    probability: explanation.probability,
                    linked: explanation.probability >= threshold,
                    decision: decision_of(&a, &b).map(str::to_string),
                    explanation,
                });
            }
            Ok(PairsOut {
                items,
                total,
                records: o.records.len(),
                threshold,
            })
        })
        .await?;
    let n = out.items.len();
    Ok(noted(
        Json(out).into_response(),
        serde_json::json!({ "results": n }),
    ))
}

/// The match weight at which the probability is `p`.
fn threshold_weight(p: f64) -> f64 {
    (p / (1.0 - p)).log2()
}

/// Records an analyst's judgement on a pair (append-only; undo withdraws it). It applies to
/// the next resolution run and at once to this review. Same checks and effect as
/// `POST /api/resolution/decisions`, answering what was recorded.
#[utoipa::path(post, path = "/api/ui/resolution/decide", tag = "ui", request_body = DecisionRequest,
    responses((status = 200, body = DecideOut), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn decide(
    State(state): State<Shared>,
    auth: Auth,
    Json(req): Json<DecisionRequest>,
) -> Result<Response, ApiError> {
    let out = record_decision(&state, auth, req).await?;
    let detail = serde_json::json!({ "a": out.a, "b": out.b, "verdict": out.verdict });
    Ok(noted(Json(out).into_response(), detail))
}

/// Which clusters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClustersQuery {
    /// Clusters to skip.
    pub offset: Option<usize>,
    /// Clusters to return (1-200, default 50).
    pub limit: Option<usize>,
}

/// One resolved identity.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterOut {
    /// Its records.
    pub members: Vec<EntityRef>,
    /// Whether an analyst's decision joined any of them.
    pub by_analyst: bool,
}

/// A page of clusters, largest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClustersOut {
    /// Clusters.
    pub items: Vec<ClusterOut>,
    /// Clusters of two or more records.
    pub total: usize,
}

/// The identities of two or more records that linkage (with the decisions) makes.
#[utoipa::path(get, path = "/api/ui/resolution/clusters", tag = "ui", params(ClustersQuery),
    responses((status = 200, body = ClustersOut), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn clusters(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<ClustersQuery>,
) -> Result<Json<ClustersOut>, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    let (offset, limit) = (q.offset.unwrap_or(0), q.limit.unwrap_or(50));
    if limit == 0 || limit > 200 || offset > 100_000 {
        return Err(ApiError::bad_request(
            "limit must be 1-200, offset at most 100000",
        ));
    }
    let path = state.db.sqlite_path()?.to_path_buf();
    let out = state
        .db
        .run(p.view, move |store| {
            let o = outcome(store, &path)?;
            let groups = o.groups();
            let mut items = Vec::new();
            for g in groups.iter().skip(offset).take(limit) {
                let mut members = Vec::new();
                for &i in g {
                    if let Some(e) = store.entity(&o.records[i as usize].id)? {
                        members.push(EntityRef {
                            caption: e.caption(model()),
                            id: e.id,
                            schema: e.schema,
                        });
                    }
                }
                let by_analyst = g
                    .iter()
                    .any(|&i| o.clusters.via[i as usize].is_some_and(|(_, by)| by));
                items.push(ClusterOut {
                    members,
                    by_analyst,
                });
            }
            Ok(ClustersOut {
                items,
                total: groups.len(),
            })
        })
        .await?;
    Ok(Json(out))
}
