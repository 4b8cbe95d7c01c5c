//! The investigation's printed papers: the disclosure schedule (CSV, PDF) and the evidence
//! bundle for a target (HTML, PDF). PDFs come from `kingpin_cases::pdf` (headless Chromium),
//! printed after the database work is done so no connection waits on the browser.

use super::{in_case, visible_target};
use crate::api::error::{ApiError, ErrorBody};
use crate::api::{Auth, Shared, noted};
use crate::roles::Permission;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kingpin_cases::{bundle, disclosure, pdf, time};

/// Prints a page to PDF on a blocking thread; a missing or failing browser is 503.
async fn to_pdf(page: String) -> Result<Vec<u8>, ApiError> {
    tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().map_err(|e| ApiError::internal(e.to_string()))?;
        let out = dir.path().join("page.pdf");
        pdf::print(&page, &out).map_err(|e| ApiError::unavailable(e.to_string()))?;
        std::fs::read(&out).map_err(|e| ApiError::internal(e.to_string()))
    })
    .await
    .map_err(|_| ApiError::internal("printing failed unexpectedly"))?
}

fn file(ctype: &str, name: String, bytes: Vec<u8>, detail: serde_json::Value) -> Response {
    let mut r = (
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response();
    // A bundle opened from the UI runs nothing: its text is the store's, not ours.
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        ),
    );
    noted(r, detail)
}

/// A name safe in a `Content-Disposition` header.
fn file_stem(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(80)
        .collect()
}

/// The schedule of unused material and the day it is printed.
async fn schedule(
    state: &Shared,
    auth: Auth,
    inv: String,
) -> Result<(String, Vec<disclosure::Item>, String), ApiError> {
    let p = auth.require(Permission::Read)?;
    in_case(state, &p, inv, |store, _, inv| {
        let items = disclosure::schedule(store, inv)?;
        let today = time::today();
        Ok((inv.to_string(), items, today))
    })
    .await
}

/// The disclosure schedule of unused material as CSV, with sensitivity markings.
#[utoipa::path(get, path = "/api/cases/{inv}/disclosure.csv", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")),
    responses((status = 200, description = "the schedule", content_type = "text/csv"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn disclosure_csv(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
) -> Result<Response, ApiError> {
    let (inv, items, _) = schedule(&state, auth, inv).await?;
    let mut out = Vec::new();
    disclosure::write_csv(&items, &mut out)?;
    let detail = serde_json::json!({"items": items.len(), "format": "csv"});
    let name = format!("{}-disclosure.csv", file_stem(&inv));
    Ok(file("text/csv; charset=utf-8", name, out, detail))
}

/// The disclosure schedule as a printable PDF (A4).
#[utoipa::path(get, path = "/api/cases/{inv}/disclosure.pdf", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")),
    responses((status = 200, description = "the schedule", content_type = "application/pdf"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody),
              (status = 503, body = ErrorBody, description = "no browser to print with")))]
pub async fn disclosure_pdf(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
) -> Result<Response, ApiError> {
    let (inv, items, today) = schedule(&state, auth, inv).await?;
    let bytes = to_pdf(disclosure::html(&inv, &items, &today)).await?;
    let detail = serde_json::json!({"items": items.len(), "format": "pdf"});
    let name = format!("{}-disclosure.pdf", file_stem(&inv));
    Ok(file("application/pdf", name, bytes, detail))
}

/// The evidence bundle's page for a target the caller can see.
async fn bundle_page(
    state: &Shared,
    auth: Auth,
    inv: String,
    entity: String,
) -> Result<String, ApiError> {
    let p = auth.require(Permission::Read)?;
    in_case(state, &p, inv, move |store, _, inv| {
        visible_target(store, inv, &entity)?;
        let today = time::today();
        Ok(bundle::html(store, inv, &entity, &today)?)
    })
    .await
}

/// The evidence bundle for a target as HTML: summary, chart, timeline, evidence with
/// provenance and grades, exhibits with custody and hashes, document findings, money traces.
#[utoipa::path(get, path = "/api/cases/{inv}/targets/{entity}/bundle.html", tag = "cases",
    params(("inv" = String, Path, description = "Investigation"),
           ("entity" = String, Path, description = "Target entity id")),
    responses((status = 200, description = "the bundle", content_type = "text/html"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn bundle_html(
    State(state): State<Shared>,
    auth: Auth,
    Path((inv, entity)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let name = format!("{}-{}-bundle.html", file_stem(&inv), file_stem(&entity));
    let detail = serde_json::json!({"target": entity, "format": "html"});
    let page = bundle_page(&state, auth, inv, entity).await?;
    Ok(file(
        "text/html; charset=utf-8",
        name,
        page.into_bytes(),
        detail,
    ))
}

/// The evidence bundle for a target as a printable PDF (A4).
#[utoipa::path(get, path = "/api/cases/{inv}/targets/{entity}/bundle.pdf", tag = "cases",
    params(("inv" = String, Path, description = "Investigation"),
           ("entity" = String, Path, description = "Target entity id")),
    responses((status = 200, description = "the bundle", content_type = "application/pdf"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody),
              (status = 503, body = ErrorBody, description = "no browser to print with")))]
pub async fn bundle_pdf(
    State(state): State<Shared>,
    auth: Auth,
    Path((inv, entity)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let name = format!("{}-{}-bundle.pdf", file_stem(&inv), file_stem(&entity));
    let detail = serde_json::json!({"target": entity, "format": "pdf"});
    let page = bundle_page(&state, auth, inv, entity).await?;
    let bytes = to_pdf(page).await?;
    Ok(file("application/pdf", name, bytes, detail))
}
