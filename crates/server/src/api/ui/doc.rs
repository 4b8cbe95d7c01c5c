//! Document check for the web UI: an MRZ and the visual zone as typed, validated (every ICAO
//! 9303 check, with character positions for highlighting) and cross-checked against what the
//! examiner's view of the store holds. Reads only; nothing is recorded.

use crate::api::error::{ApiError, ErrorBody};
use crate::api::{Auth, Shared, noted};
use crate::roles::Permission;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use kingpin_doccheck::{VisualZone, examine};
use kingpin_docverify::{Date, Mode, Options};
use serde::Deserialize;
use utoipa::ToSchema;

/// What the examiner typed.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DocCheckRequest {
    /// The MRZ, lines separated by newlines or `|`.
    pub mrz: String,
    /// Visual-zone fields as printed (each optional).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub visual_zone: VisualZone,
    /// Date the document was used (YYYY-MM-DD), to catch use after expiry.
    pub used_on: Option<String>,
    /// Lenient mode (tolerates common printing faults).
    #[serde(default)]
    pub lenient: bool,
}

fn date(s: &Option<String>, what: &str) -> Result<Option<Date>, ApiError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => Date::parse_iso(d).map(Some).ok_or_else(|| {
            ApiError::bad_request(format!("{what} {d:?} is not a date as YYYY-MM-DD"))
        }),
    }
}

/// Examines an MRZ: the verdict with findings by line and column, and the cross-checks
/// (document number held by another person, lost or stolen, visual zone differs, expired at
/// use, holder matches a network member) with the records they rest on.
#[utoipa::path(post, path = "/api/ui/doc/check", tag = "ui", request_body = DocCheckRequest,
    responses((status = 200, description = "The examination (see `kingpin doc check --json`)", body = Object),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn check(
    State(state): State<Shared>,
    auth: Auth,
    Json(req): Json<DocCheckRequest>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::ExamineDocuments)?;
    if req.mrz.len() > 1000 {
        return Err(ApiError::bad_request(
            "an MRZ has at most three lines of 44 characters",
        ));
    }
    let used_on = date(&req.used_on, "used_on")?;
    let mrz = req.mrz.replace('|', "\n").trim().to_string();
    let opts = Options {
        mode: if req.lenient {
            Mode::Lenient
        } else {
            Mode::Strict
        },
        ..Options::default()
    };
    let viz = req.visual_zone;
    let exam = state
        .db
        .run(p.view, move |store| {
            examine(store, &mrz, &opts, &viz, used_on)
                .map_err(|e| ApiError::internal(format!("document check: {e}")))
        })
        .await?;
    let outcome = serde_json::to_value(exam.outcome).unwrap_or_default();
    Ok(noted(
        Json(exam).into_response(),
        serde_json::json!({ "outcome": outcome }),
    ))
}
