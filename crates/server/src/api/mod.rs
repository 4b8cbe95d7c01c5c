//! The HTTP API: routes, authentication and the audit of every request.

pub mod analyse;
pub mod auth;
pub mod bulk;
pub mod cases;
pub mod dto;
pub mod error;
pub mod maritime;
pub mod money;
pub mod oversight;
pub mod read;
pub mod social;
pub mod ui;
pub mod work;

use crate::access::{Principal, ViewCache, visible_sources};
use crate::audit_sink::AuditSink;
use crate::db::Db;
use crate::identity::{self, Policy};
use crate::roles::Permission;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use error::ApiError;
use kingpin_store::View;
use std::net::SocketAddr;
use std::sync::Arc;

/// Everything a request handler needs.
pub struct AppState {
    /// Store connections.
    pub db: Arc<Db>,
    /// The audit writer.
    pub audit: AuditSink,
    /// Lock-out and session settings.
    pub policy: Policy,
    /// Views shared between requests.
    pub views: ViewCache,
    /// Mark the session cookie `Secure` (behind TLS).
    pub secure_cookie: bool,
    /// Projections and rankings per view.
    pub analyses: crate::analysis::AnalysisCache,
    /// Largest upload accepted, in bytes.
    pub max_upload: usize,
    /// Where exhibits' digital copies are kept; `None` on PostgreSQL unless configured.
    pub vault: Option<kingpin_cases::vault::Vault>,
}

/// Shared state handle.
pub type Shared = Arc<AppState>;

/// Name of the session cookie.
pub const COOKIE: &str = "kingpin_session";

/// The API's routes (everything under `/api` authenticated and audited) plus `/openapi.json`.
pub fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/login", post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/stats", get(read::stats))
        .route("/sources", get(read::sources))
        .route("/search", get(read::search))
        .route("/entities/{id}", get(read::entity))
        .route("/entities/{id}/neighbours", get(read::neighbours))
        .route("/paths", get(analyse::path))
        .route("/rank", get(analyse::rank))
        .route("/export", get(bulk::export))
        .route(
            "/imports",
            post(bulk::import).layer(axum::extract::DefaultBodyLimit::max(state.max_upload)),
        )
        .route("/documents/check", post(work::doc_check))
        .route(
            "/resolution/decisions",
            get(work::decisions).post(work::decide),
        )
        .route("/deconfliction", get(oversight::deconfliction))
        .route("/audit", get(oversight::audit))
        .route(
            "/investigations",
            get(oversight::investigations_list).post(oversight::investigations_add),
        )
        .route(
            "/investigations/{name}/members",
            post(oversight::investigations_member),
        )
        .merge(ui::routes())
        .merge(money::routes())
        .merge(social::routes())
        .merge(maritime::routes())
        .merge(cases::routes(state.max_upload))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            authenticate_and_audit,
        ))
        .with_state(state.clone());
    Router::new()
        .nest(
            "/api",
            api.layer(middleware::map_response(error::json_errors)),
        )
        .route("/openapi.json", get(openapi))
        .route("/health", get(|| async { "ok" }))
        .fallback(|| async { ApiError::not_found("no such endpoint") })
        .layer(axum::extract::DefaultBodyLimit::max(1 << 20))
}

async fn openapi() -> Response {
    Json(crate::openapi::document()).into_response()
}

/// The session token of a request: `Authorization: Bearer …` for scripts, else the cookie.
pub fn token_of(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(t) = v.strip_prefix("Bearer ")
    {
        return Some(t.trim().to_string());
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// Who the request came from, for the audit log when no session names them (login).
#[derive(Clone)]
pub struct AuditActor {
    /// Claimed user name.
    pub name: String,
}

/// Extra detail a handler adds to its request's audit record.
#[derive(Clone)]
pub struct AuditNote(pub serde_json::Value);

async fn principal(state: &Shared, token: String) -> Result<Option<Principal>, ApiError> {
    let views = state.clone();
    state
        .db
        .run_any(View::sources(Vec::new()), move |store| {
            let mut conn = store.sql();
            let Some(user) = identity::session_user(&mut conn, &token)? else {
                return Ok(None);
            };
            let compartments = crate::investigations::memberships(&mut conn, &user.name)?;
            let sources = visible_sources(&user, &compartments, &store.source_handlings()?);
            let view = views.views.get(sources);
            Ok(Some(Principal {
                user,
                compartments,
                view,
            }))
        })
        .await
}

/// Resolves the session (if any) before the handler, and records the request in the audit
/// log after it; the response is released only once its record is committed.
async fn authenticate_and_audit(
    State(state): State<Shared>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    mut req: Request,
    next: Next,
) -> Response {
    let who = match token_of(req.headers()) {
        Some(t) => match principal(&state, t).await {
            Ok(p) => p,
            Err(e) => return e.into_response(),
        },
        None => None,
    };
    if let Some(p) = &who {
        req.extensions_mut().insert(p.clone());
    }
    let action = format!(
        "api.{} {}",
        req.method(),
        req.extensions()
            .get::<axum::extract::MatchedPath>()
            .map(|m| m.as_str().to_string())
            .unwrap_or_default()
    );
    // Nested routers see their path without the prefix; the audit keeps the one requested.
    let uri = req
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map(|o| o.0.clone())
        .unwrap_or_else(|| req.uri().clone());
    let target = uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let response = next.run(req).await;
    let (actor, agency) = match (&who, response.extensions().get::<AuditActor>()) {
        (Some(p), _) => (p.user.name.clone(), p.user.agency.clone()),
        (None, Some(a)) => (a.name.clone(), String::new()),
        (None, None) => ("anonymous".to_string(), String::new()),
    };
    let mut detail = serde_json::json!({ "status": response.status().as_u16() });
    if let Some(AuditNote(extra)) = response.extensions().get::<AuditNote>()
        && let (Some(d), Some(x)) = (detail.as_object_mut(), extra.as_object())
    {
        for (k, v) in x {
            d.insert(k.clone(), v.clone());
        }
    }
    let record = kingpin_audit::Actor {
        actor,
        agency,
        origin: addr.ip().to_string(),
    };
    match state.audit.record(record, action, target, detail).await {
        Ok(()) => response,
        // Nothing is answered that was not recorded.
        Err(e) => {
            tracing::error!("audit: {e}");
            ApiError::unavailable("the audit log cannot be written; request not served")
                .into_response()
        }
    }
}

/// An authenticated caller; rejects the request with 401 otherwise.
pub struct Auth(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Principal>()
            .cloned()
            .map(Auth)
            .ok_or_else(|| ApiError::unauthorized("log in first (POST /api/login)"))
    }
}

impl Auth {
    /// The principal if their role allows `p`, else 403.
    pub fn require(self, p: Permission) -> Result<Principal, ApiError> {
        if self.0.can(p) {
            Ok(self.0)
        } else {
            Err(ApiError::forbidden(format!(
                "the {} role may not do this",
                self.0.user.role
            )))
        }
    }
}

/// Adds audit detail to a response.
pub fn noted(mut r: Response, detail: serde_json::Value) -> Response {
    r.extensions_mut().insert(AuditNote(detail));
    r
}
