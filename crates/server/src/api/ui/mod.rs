//! Endpoints the web UI needs beyond the core API: entity timelines, the link chart's
//! projection (expand, paths, communities, leader scores), the leaders view, document checks,
//! resolution review and saved charts. Same rules as every other endpoint: authenticated,
//! audited, each read through the caller's view.

pub mod analysis;
pub mod charts;
pub mod doc;
pub mod graph;
pub mod map;
pub mod resolution;
pub mod timeline;

use super::Shared;
use axum::Router;
use axum::routing::{get, post};
use utoipa::OpenApi;

/// The UI's routes, merged into `/api` (so authentication and audit apply).
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/ui/entities/{id}/timeline", get(timeline::timeline))
        .route("/ui/graph/expand", post(graph::expand))
        .route("/ui/graph/top", get(graph::top))
        .route("/ui/graph/path", post(graph::path))
        .route("/ui/leaders", get(graph::leaders))
        .route("/ui/charts", get(charts::list).post(charts::save))
        .route("/ui/charts/{id}", get(charts::open))
        .route("/ui/doc/check", post(doc::check))
        .route("/ui/resolution/pairs", get(resolution::pairs))
        .route("/ui/resolution/decide", post(resolution::decide))
        .route("/ui/resolution/clusters", get(resolution::clusters))
        .route("/ui/timeline", post(timeline::timeline_of))
        .route("/ui/map", get(map::places))
}

#[derive(OpenApi)]
#[openapi(paths(
    timeline::timeline,
    graph::expand,
    graph::top,
    graph::path,
    graph::leaders,
    charts::list,
    charts::save,
    charts::open,
    doc::check,
    resolution::pairs,
    resolution::decide,
    resolution::clusters,
    timeline::timeline_of,
    map::places,
))]
struct Doc;

/// The UI endpoints' part of the OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}
