//! Reading entities and statements: counts, sources, search, one entity, its neighbours.
//! Everything goes through the caller's view, so the answers only hold what they may see.

use super::dto::*;
use super::{Auth, Shared, noted};
use crate::api::error::{ApiError, ErrorBody};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kingpin_model::Grading;
use kingpin_store::{Direction, NeighbourFilter, Store};
use serde::Deserialize;
use utoipa::IntoParams;

/// Counts of what the caller can see.
#[utoipa::path(get, path = "/api/stats", tag = "entities",
    responses((status = 200, body = StatsOut), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn stats(State(state): State<Shared>, auth: Auth) -> Result<Json<StatsOut>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let s = state.db.run_any(p.view, |store| Ok(store.stats()?)).await?;
    Ok(Json(StatsOut {
        entities: s.entities,
        statements: s.statements,
        links: s.links,
        sources: s.sources,
        schemata: s
            .schemata
            .into_iter()
            .map(|c| SchemaCountOut {
                schema: c.schema,
                count: c.count,
            })
            .collect(),
    }))
}

/// The imports the caller can see, oldest first, with their handling.
#[utoipa::path(get, path = "/api/sources", tag = "entities",
    responses((status = 200, body = Vec<SourceOut>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn sources(
    State(state): State<Shared>,
    auth: Auth,
) -> Result<Json<Vec<SourceOut>>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let s = state
        .db
        .run_any(p.view, |store| Ok(store.sources()?))
        .await?;
    Ok(Json(s.into_iter().map(SourceOut::from).collect()))
}

/// Search parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words to find in names, identifiers and phone numbers (each as a prefix).
    #[param(min_length = 1, max_length = 200)]
    pub q: String,
}

/// Full-text search over names, identifiers and phone numbers.
#[utoipa::path(get, path = "/api/search", tag = "entities", params(SearchQuery, PageQuery),
    responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn search(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<SearchQuery>,
    Query(page): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Read)?;
    let (offset, limit) = page.bounds()?;
    if q.q.trim().is_empty() || q.q.len() > 200 {
        return Err(ApiError::bad_request("q must have 1-200 characters"));
    }
    let text = q.q.clone();
    let hits = state
        .db
        .run_any(p.view, move |store| match store {
            kingpin_store::AnyStore::Sqlite(s) => Ok(s.search_page(&text, offset, limit + 1)?),
            // PostgreSQL's search has no offset: the page is cut from the first hits.
            store => Ok(store
                .search(&text, offset + limit + 1)?
                .into_iter()
                .skip(offset)
                .collect()),
        })
        .await?;
    let more = hits.len() > limit;
    let items: Vec<SearchHitOut> = hits
        .into_iter()
        .take(limit)
        .map(|h| SearchHitOut {
            entity: h.entity.into(),
            matched: h.matched,
            score: h.score,
        })
        .collect();
    let n = items.len();
    let body = SearchPage {
        items,
        offset,
        next_offset: more.then_some(offset + limit),
    };
    Ok(noted(
        Json(body).into_response(),
        serde_json::json!({ "results": n }),
    ))
}

/// One entity with every statement the caller may see, and their provenance.
#[utoipa::path(get, path = "/api/entities/{id}", tag = "entities",
    params(("id" = String, Path, description = "Entity id")),
    responses((status = 200, body = EntityOut), (status = 404, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn entity(
    State(state): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<EntityOut>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let e = state
        .db
        .run_any(p.view, move |store| Ok(store.entity(&id)?))
        .await?;
    e.map(|e| Json(e.into()))
        .ok_or_else(|| ApiError::not_found("no such entity"))
}

/// Neighbour restrictions.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NeighbourQuery {
    /// Only neighbours of this schema (or a descendant).
    pub schema: Option<String>,
    /// Only links made by this property.
    pub prop: Option<String>,
    /// Only links asserted at least this well, e.g. `2B` or `2BP`.
    pub min_grading: Option<String>,
}

/// Entities linked to or from an entity, through statements the caller may see.
#[utoipa::path(get, path = "/api/entities/{id}/neighbours", tag = "entities",
    params(("id" = String, Path, description = "Entity id"), NeighbourQuery, PageQuery),
    responses((status = 200, body = NeighbourPage), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn neighbours(
    State(state): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<NeighbourQuery>,
    Query(page): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Read)?;
    let (offset, limit) = page.bounds()?;
    let min_grading = match q.min_grading.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(g) => Some(
            g.parse::<Grading>()
                .map_err(|e| ApiError::bad_request(format!("min_grading {g:?}: {e}")))?,
        ),
    };
    if let Some(s) = &q.schema
        && kingpin_model::model().get(s).is_err()
    {
        return Err(ApiError::bad_request(format!("unknown schema {s:?}")));
    }
    let filter = NeighbourFilter {
        schema: q.schema.clone(),
        prop: q.prop.clone(),
        min_grading,
        limit: offset + limit + 1,
    };
    let found = state
        .db
        .run_any(p.view, move |store| {
            if store.entity(&id)?.is_none() {
                return Ok(None);
            }
            Ok(Some(store.neighbours(&id, &filter)?))
        })
        .await?
        .ok_or_else(|| ApiError::not_found("no such entity"))?;
    let more = found.len() > offset + limit;
    let items: Vec<NeighbourOut> = found
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|n| NeighbourOut {
            entity: n.entity.into(),
            prop: n.prop,
            direction: match n.direction {
                Direction::Outgoing => "outgoing".into(),
                Direction::Incoming => "incoming".into(),
            },
        })
        .collect();
    let n = items.len();
    Ok(noted(
        Json(NeighbourPage {
            items,
            offset,
            next_offset: more.then_some(offset + limit),
        })
        .into_response(),
        serde_json::json!({ "results": n }),
    ))
}
