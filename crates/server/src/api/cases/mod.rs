//! Investigations over HTTP: the work inside each compartment (targets, requirements, tasks,
//! decisions, notes, exhibits and their custody), the priority board, charge readiness, the
//! disclosure schedule and the evidence bundle — all done by `kingpin-cases`, this module only
//! decides who may ask.
//!
//! Need-to-know: everything of an investigation is answered only to its members; to anyone
//! else it does not exist (404, the same answer as for a name never used). A target is shown
//! only when its entity is visible through the caller's view, so a member never learns of a
//! target recorded from sources not released to their agency.

mod print;
mod read;
mod write;

use super::Shared;
use crate::access::Principal;
use crate::api::error::ApiError;
use axum::Router;
use axum::routing::{get, post, put};
use kingpin_cases::vault::Vault;
use kingpin_cases::{Actor, CaseError};
use kingpin_store::{AnyStore, Store};
use utoipa::OpenApi;

/// The investigations' routes, merged into `/api` (so authentication and audit apply).
pub fn routes(max_upload: usize) -> Router<Shared> {
    Router::new()
        .route("/cases", get(read::list))
        .route("/cases/{inv}", get(read::detail))
        .route("/cases/{inv}/targets", post(write::target_add))
        .route(
            "/cases/{inv}/targets/{entity}",
            axum::routing::delete(write::target_remove),
        )
        .route("/cases/{inv}/targets/{entity}/charges", get(read::charges))
        .route(
            "/cases/{inv}/targets/{entity}/bundle.html",
            get(print::bundle_html),
        )
        .route(
            "/cases/{inv}/targets/{entity}/bundle.pdf",
            get(print::bundle_pdf),
        )
        .route("/cases/{inv}/requirements", post(write::requirement_add))
        .route(
            "/cases/{inv}/requirements/{id}",
            axum::routing::patch(write::requirement_status),
        )
        .route("/cases/{inv}/tasks", post(write::task_add))
        .route(
            "/cases/{inv}/tasks/{id}",
            axum::routing::patch(write::task_update),
        )
        .route("/cases/{inv}/decisions", post(write::decision_add))
        .route("/cases/{inv}/notes", post(write::note_add))
        .route("/cases/{inv}/exhibits", post(write::exhibit_add))
        .route("/cases/{inv}/exhibits/{reference}", get(read::exhibit))
        .route(
            "/cases/{inv}/exhibits/{reference}/handovers",
            post(write::handover),
        )
        .route(
            "/cases/{inv}/exhibits/{reference}/files",
            post(write::attach).layer(axum::extract::DefaultBodyLimit::max(max_upload)),
        )
        .route("/cases/{inv}/integrity", get(read::integrity))
        .route("/cases/{inv}/disclosure.csv", get(print::disclosure_csv))
        .route("/cases/{inv}/disclosure.pdf", get(print::disclosure_pdf))
        .route("/cases/{inv}/disclosure/marks", post(write::mark))
        .route("/board", get(read::board))
        .route("/board/weights/{factor}", put(write::weight))
}

#[derive(OpenApi)]
#[openapi(paths(
    read::list,
    read::detail,
    read::exhibit,
    read::integrity,
    read::charges,
    read::board,
    write::target_add,
    write::target_remove,
    write::requirement_add,
    write::requirement_status,
    write::task_add,
    write::task_update,
    write::decision_add,
    write::note_add,
    write::exhibit_add,
    write::handover,
    write::attach,
    write::mark,
    write::weight,
    print::disclosure_csv,
    print::disclosure_pdf,
    print::bundle_html,
    print::bundle_pdf,
))]
struct Doc;

/// The investigations' part of the OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

impl From<CaseError> for ApiError {
    fn from(e: CaseError) -> Self {
        match e {
            CaseError::NotFound(m) => ApiError::not_found(m),
            CaseError::Invalid(m) => ApiError::bad_request(m),
            CaseError::Conflict(m) => ApiError::conflict(m),
            CaseError::Store(s) => s.into(),
            CaseError::Sql(s) => s.into(),
            other => {
                tracing::error!("cases: {other}");
                ApiError::internal(other.to_string())
            }
        }
    }
}

/// The answer to anyone who may not see an investigation, and for one that does not exist.
fn no_such(inv: &str) -> ApiError {
    ApiError::not_found(format!("no investigation {inv:?}"))
}

/// The caller as the audit log names them.
fn actor(p: &Principal) -> Actor {
    Actor {
        actor: p.user.name.clone(),
        agency: p.user.agency.clone(),
        origin: "api".into(),
    }
}

/// Runs `f` on the caller's view of investigation `inv`, or answers 404 unless they are a
/// member of it.
async fn in_case<T, F>(state: &Shared, p: &Principal, inv: String, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut AnyStore, &Actor, &str) -> Result<T, ApiError> + Send + 'static,
{
    if !p.compartments.contains(&inv) {
        return Err(no_such(&inv));
    }
    let who = actor(p);
    state
        .db
        .run_any(p.view.clone(), move |store| f(store, &who, &inv))
        .await
}

/// The exhibit vault, or 503 when the server was started without one (on PostgreSQL there
/// is no database file to keep it beside).
fn vault(state: &Shared) -> Result<Vault, ApiError> {
    state.vault.clone().ok_or_else(|| {
        ApiError::unavailable(
            "this server keeps no exhibit copies: start it with --vault DIR (KINGPIN_VAULT), \
             which a PostgreSQL database needs",
        )
    })
}

/// Whether the caller's view sees an entity (a target from sources not released to them is
/// not theirs to know of).
fn sees(store: &AnyStore, entity: &str) -> Result<bool, ApiError> {
    Ok(store.entity(entity)?.is_some())
}

/// A target of `inv` the caller may see, else 404.
fn visible_target(
    store: &mut AnyStore,
    inv: &str,
    entity: &str,
) -> Result<kingpin_cases::targets::Target, ApiError> {
    let t = kingpin_cases::targets::get(&mut store.sql(), inv, entity)?;
    if sees(store, entity)? {
        Ok(t)
    } else {
        Err(ApiError::not_found(format!(
            "target: {entity:?} is not a target of {inv:?}"
        )))
    }
}
