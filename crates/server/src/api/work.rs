//! Casework: travel-document checks and entity-resolution decisions.

use super::{Auth, Shared};
use crate::api::error::{ApiError, ErrorBody};
use crate::roles::Permission;
use axum::Json;
use axum::extract::State;
use kingpin_doccheck::VisualZone;
use kingpin_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A document to check.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DocCheckRequest {
    /// The machine-readable zone, lines separated by newlines.
    #[schema(max_length = 400)]
    pub mrz: String,
    /// Visual-zone fields as printed, if typed in.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub visual_zone: Option<VisualZone>,
    /// Date the document was used (YYYY-MM-DD), if any.
    pub used_on: Option<String>,
}

/// The examination: MRZ verdict and cross-checks against what the caller can see.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocCheckOut {
    /// Outcome and findings, as `kingpin doc check --json` prints them.
    #[schema(value_type = Object)]
    pub examination: serde_json::Value,
}

/// Check a travel document's MRZ and cross-check it against the store (other holders, lost or
/// stolen lists, known people), within what the caller may see.
#[utoipa::path(post, path = "/api/documents/check", tag = "casework", request_body = DocCheckRequest,
    responses((status = 200, body = DocCheckOut), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn doc_check(
    State(state): State<Shared>,
    auth: Auth,
    Json(req): Json<DocCheckRequest>,
) -> Result<Json<DocCheckOut>, ApiError> {
    let p = auth.require(Permission::ExamineDocuments)?;
    if req.mrz.len() > 400 {
        return Err(ApiError::bad_request(
            "mrz is longer than any travel document's",
        ));
    }
    let used_on = match req.used_on.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(d) => Some(
            kingpin_docverify::Date::parse_iso(d)
                .ok_or_else(|| ApiError::bad_request(format!("used_on {d:?}: YYYY-MM-DD")))?,
        ),
    };
    let viz = req.visual_zone.unwrap_or_default();
    let exam = state
        .db
        .run_any(p.view, move |store| {
            let opts = kingpin_docverify::Options::default();
            let e = kingpin_doccheck::examine(&*store, &req.mrz, &opts, &viz, used_on)
                .map_err(|e| ApiError::internal(format!("document check: {e}")))?;
            serde_json::to_value(&e).map_err(|e| ApiError::internal(e.to_string()))
        })
        .await?;
    Ok(Json(DocCheckOut { examination: exam }))
}

/// An analyst's decision on two records.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionRequest {
    /// One entity id.
    pub a: String,
    /// The other.
    pub b: String,
    /// `same`, `different` or `undo`.
    pub verdict: String,
    /// Why (at most 1000 characters).
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

/// A decision in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionOut {
    /// One entity id.
    pub a: String,
    /// The other.
    pub b: String,
    /// `same` or `different`.
    pub verdict: String,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: String,
}

fn decision_out(d: kingpin_resolve::decisions::Decision) -> DecisionOut {
    DecisionOut {
        verdict: format!("{:?}", d.verdict).to_lowercase(),
        a: d.a,
        b: d.b,
        decided_by: d.decided_by,
        decided_at: d.decided_at,
    }
}

/// Resolution decisions in force on records the caller can see (both of them).
#[utoipa::path(get, path = "/api/resolution/decisions", tag = "casework",
    responses((status = 200, body = Vec<DecisionOut>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn decisions(
    State(state): State<Shared>,
    auth: Auth,
) -> Result<Json<Vec<DecisionOut>>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let out = state
        .db
        .run_any(p.view, |store| {
            let all = kingpin_resolve::decisions::decisions_any(&mut store.sql())?;
            let mut out = Vec::new();
            for d in all {
                if store.entity(&d.a)?.is_some() && store.entity(&d.b)?.is_some() {
                    out.push(decision_out(d));
                }
            }
            Ok(out)
        })
        .await?;
    Ok(Json(out))
}

/// What a decision recorded (the UI's answer; the API's is 204).
#[derive(Debug, Serialize, ToSchema)]
pub struct DecideOut {
    /// First entity id.
    pub a: String,
    /// Second entity id.
    pub b: String,
    /// The verdict recorded.
    pub verdict: String,
    /// Who decided.
    pub decided_by: String,
}

/// Checks and records one decision for the caller: the one path behind both
/// `POST /api/resolution/decisions` and the UI's `POST /api/ui/resolution/decide`.
pub async fn record_decision(
    state: &Shared,
    auth: Auth,
    req: DecisionRequest,
) -> Result<DecideOut, ApiError> {
    use kingpin_resolve::decisions::Verdict;
    let p = auth.require(Permission::Decide)?;
    let verdict = match req.verdict.as_str() {
        "same" => Some(Verdict::Same),
        "different" => Some(Verdict::Different),
        "undo" => None,
        v => {
            return Err(ApiError::bad_request(format!(
                "verdict {v:?}: same, different or undo"
            )));
        }
    };
    if req.a == req.b {
        return Err(ApiError::bad_request("a pair needs two different records"));
    }
    if req.note.as_ref().is_some_and(|n| n.len() > MAX_NOTE) {
        return Err(ApiError::bad_request(format!(
            "a note has at most {MAX_NOTE} characters"
        )));
    }
    let out = DecideOut {
        a: req.a.clone(),
        b: req.b.clone(),
        verdict: req.verdict.clone(),
        decided_by: p.user.name.clone(),
    };
    let by = p.user.name.clone();
    state
        .db
        .run_any(p.view, move |store| {
            // Deciding on a record one cannot see would confirm that it exists.
            for id in [&req.a, &req.b] {
                if store.entity(id)?.is_none() {
                    return Err(ApiError::not_found(format!("no such entity {id}")));
                }
            }
            kingpin_resolve::decisions::record_decision_any(
                &mut store.sql(),
                &req.a,
                &req.b,
                verdict,
                &by,
                req.note.as_deref(),
            )?;
            Ok(())
        })
        .await?;
    Ok(out)
}

/// Longest note on a decision.
const MAX_NOTE: usize = 1000;

/// Record that two records are (or are not) the same person, or undo an earlier decision.
#[utoipa::path(post, path = "/api/resolution/decisions", tag = "casework", request_body = DecisionRequest,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn decide(
    State(state): State<Shared>,
    auth: Auth,
    Json(req): Json<DecisionRequest>,
) -> Result<axum::http::StatusCode, ApiError> {
    record_decision(&state, auth, req).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
