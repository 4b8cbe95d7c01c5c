//! Changing investigations: targets, requirements, tasks, decisions, notes, exhibits (record,
//! hand over, attach a digital copy), disclosure markings, and the board's weights. Each
//! change is audited by `kingpin-cases` in the same transaction, besides the request's record.

use super::{in_case, visible_target};
use crate::api::bulk::safe_name;
use crate::api::error::{ApiError, ErrorBody};
use crate::api::{Auth, Shared};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use kingpin_cases::board::{self, Weight};
use kingpin_cases::exhibits::{self, Custody, Exhibit, ExhibitFile, Handover, NewExhibit};
use kingpin_cases::targets::{self, Target};
use kingpin_cases::work::{self, Entry, Requirement, Task, TaskChange};
use kingpin_cases::{disclosure, investigation};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// A new target.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTarget {
    /// Entity id (must be visible to you).
    pub entity: String,
    /// The part it plays (principal, lieutenant, facilitator…).
    pub label: String,
    /// Why it is a target.
    pub reason: String,
}

/// Add an entity the caller can see as a target.
#[utoipa::path(post, path = "/api/cases/{inv}/targets", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")), request_body = NewTarget,
    responses((status = 200, body = Target), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn target_add(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
    Json(req): Json<NewTarget>,
) -> Result<Json<Target>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let t = in_case(&state, &p, inv, move |store, who, inv| {
        Ok(targets::add(
            store,
            who,
            inv,
            &req.entity,
            &req.label,
            &req.reason,
        )?)
    })
    .await?;
    Ok(Json(t))
}

/// Why a target is dropped.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RemoveQuery {
    /// Why (kept in the audit log).
    pub reason: String,
}

/// Drop a target, with the reason.
#[utoipa::path(delete, path = "/api/cases/{inv}/targets/{entity}", tag = "cases",
    params(("inv" = String, Path, description = "Investigation"),
           ("entity" = String, Path, description = "Target entity id"), RemoveQuery),
    responses((status = 200, body = Vec<Target>, description = "the targets left"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn target_remove(
    State(state): State<Shared>,
    auth: Auth,
    Path((inv, entity)): Path<(String, String)>,
    Query(q): Query<RemoveQuery>,
) -> Result<Json<Vec<Target>>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let left = in_case(&state, &p, inv, move |store, who, inv| {
        visible_target(store, inv, &entity)?;
        let conn = &mut store.sql();
        targets::remove(conn, who, inv, &entity, &q.reason)?;
        let listed = targets::list(conn, inv)?;
        let mut left = Vec::new();
        for t in listed {
            if super::sees(store, &t.entity)? {
                left.push(t);
            }
        }
        Ok(left)
    })
    .await?;
    Ok(Json(left))
}

/// A new intelligence requirement or hypothesis.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRequirement {
    /// `requirement` or `hypothesis`.
    pub kind: String,
    /// The question or the claim.
    pub text: String,
}

/// Raise an intelligence requirement or a hypothesis.
#[utoipa::path(post, path = "/api/cases/{inv}/requirements", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")), request_body = NewRequirement,
    responses((status = 200, body = Requirement), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn requirement_add(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
    Json(req): Json<NewRequirement>,
) -> Result<Json<Requirement>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let r = in_case(&state, &p, inv, move |store, who, inv| {
        Ok(work::add_requirement(
            &mut store.sql(),
            who,
            inv,
            &req.kind,
            &req.text,
        )?)
    })
    .await?;
    Ok(Json(r))
}

/// A requirement's new status.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RequirementStatus {
    /// open, answered, supported, refuted or withdrawn.
    pub status: String,
    /// Why.
    pub reason: String,
}

/// Change a requirement's or hypothesis's status, with the reason.
#[utoipa::path(patch, path = "/api/cases/{inv}/requirements/{id}", tag = "cases",
    params(("inv" = String, Path, description = "Investigation"),
           ("id" = i64, Path, description = "Requirement number")),
    request_body = RequirementStatus,
    responses((status = 200, body = Requirement), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn requirement_status(
    State(state): State<Shared>,
    auth: Auth,
    Path((inv, id)): Path<(String, i64)>,
    Json(req): Json<RequirementStatus>,
) -> Result<Json<Requirement>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let r = in_case(&state, &p, inv, move |store, who, inv| {
        Ok(work::set_requirement_status(
            &mut store.sql(),
            who,
            inv,
            id,
            &req.status,
            &req.reason,
        )?)
    })
    .await?;
    Ok(Json(r))
}

/// A new task.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTask {
    /// What is to be done.
    pub title: String,
    /// The member who does it.
    pub owner: String,
    /// Due date (`YYYY-MM-DD`).
    pub due: Option<String>,
}

/// Set a task for a member of the investigation.
#[utoipa::path(post, path = "/api/cases/{inv}/tasks", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")), request_body = NewTask,
    responses((status = 200, body = Task), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn task_add(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
    Json(req): Json<NewTask>,
) -> Result<Json<Task>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let t = in_case(&state, &p, inv, move |store, who, inv| {
        Ok(work::add_task(
            &mut store.sql(),
            who,
            inv,
            &req.title,
            &req.owner,
            req.due.as_deref(),
        )?)
    })
    .await?;
    Ok(Json(t))
}

/// Changes to a task; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TaskPatch {
    /// open, in_progress, blocked, done or cancelled.
    pub status: Option<String>,
    /// New owner (a member).
    pub owner: Option<String>,
    /// New due date (`YYYY-MM-DD`).
    pub due: Option<String>,
}

/// Change a task's status, owner or due date (before and after go to the audit log).
#[utoipa::path(patch, path = "/api/cases/{inv}/tasks/{id}", tag = "cases",
    params(("inv" = String, Path, description = "Investigation"),
           ("id" = i64, Path, description = "Task number")),
    request_body = TaskPatch,
    responses((status = 200, body = Task), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn task_update(
    State(state): State<Shared>,
    auth: Auth,
    Path((inv, id)): Path<(String, i64)>,
    Json(req): Json<TaskPatch>,
) -> Result<Json<Task>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let t = in_case(&state, &p, inv, move |store, who, inv| {
        let change = TaskChange {
            status: req.status.as_deref(),
            owner: req.owner.as_deref(),
            due: req.due.as_deref(),
        };
        Ok(work::update_task(&mut store.sql(), who, inv, id, &change)?)
    })
    .await?;
    Ok(Json(t))
}

/// A decision for the log.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewDecision {
    /// What was decided.
    pub decision: String,
    /// Why.
    pub rationale: String,
    /// An entity, target or exhibit reference it is about.
    pub about: Option<String>,
}

/// Record a decision: who decided what and why (never edited; a later one supersedes it).
#[utoipa::path(post, path = "/api/cases/{inv}/decisions", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")), request_body = NewDecision,
    responses((status = 200, body = Entry), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn decision_add(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
    Json(req): Json<NewDecision>,
) -> Result<Json<Entry>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let e = in_case(&state, &p, inv, move |store, who, inv| {
        Ok(work::decide(
            &mut store.sql(),
            who,
            inv,
            &req.decision,
            &req.rationale,
            req.about.as_deref(),
        )?)
    })
    .await?;
    Ok(Json(e))
}

/// A note.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewNote {
    /// The note.
    pub text: String,
    /// An entity, target or exhibit reference it is about.
    pub about: Option<String>,
}

/// Add a note.
#[utoipa::path(post, path = "/api/cases/{inv}/notes", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")), request_body = NewNote,
    responses((status = 200, body = Entry), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn note_add(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
    Json(req): Json<NewNote>,
) -> Result<Json<Entry>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let e = in_case(&state, &p, inv, move |store, who, inv| {
        Ok(work::note(
            &mut store.sql(),
            who,
            inv,
            &req.text,
            req.about.as_deref(),
        )?)
    })
    .await?;
    Ok(Json(e))
}

/// A seized or produced exhibit.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewExhibitIn {
    /// Reference (`JB/1`), unique in the investigation.
    pub reference: String,
    /// phone, sim, computer, document, ledger, extract, cash, equipment or other.
    pub kind: String,
    /// What it is.
    pub description: String,
    /// Who seized or produced it (they hold it first).
    pub seized_by: String,
    /// When (UTC, `2026-03-01 06:10`).
    pub seized_at: String,
    /// Where.
    pub seized_where: String,
    /// Where it is kept after seizure (store, locker, bag number).
    pub location: String,
}

/// Record an exhibit; its chain of custody starts with the seizure.
#[utoipa::path(post, path = "/api/cases/{inv}/exhibits", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")), request_body = NewExhibitIn,
    responses((status = 200, body = Exhibit), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn exhibit_add(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
    Json(req): Json<NewExhibitIn>,
) -> Result<Json<Exhibit>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let e = in_case(&state, &p, inv, move |store, who, inv| {
        let new = NewExhibit {
            reference: &req.reference,
            kind: &req.kind,
            description: &req.description,
            seized_by: &req.seized_by,
            seized_at: &req.seized_at,
            seized_where: &req.seized_where,
            location: &req.location,
        };
        Ok(exhibits::add(&mut store.sql(), who, inv, &new)?)
    })
    .await?;
    Ok(Json(e))
}

/// A handover of an exhibit.
#[derive(Debug, Deserialize, ToSchema)]
pub struct HandoverIn {
    /// Who hands it over: must be the current holder.
    pub from: String,
    /// Who receives it.
    pub to: String,
    /// When (UTC); not before the last recorded movement.
    pub at: String,
    /// Where it goes.
    pub location: String,
    /// Why (to the lab, to court, returned…).
    pub reason: String,
}

/// Record a handover; refused (409) unless `from` holds the exhibit and the time is not
/// before its last movement.
#[utoipa::path(post, path = "/api/cases/{inv}/exhibits/{reference}/handovers", tag = "cases",
    params(("inv" = String, Path, description = "Investigation"),
           ("reference" = String, Path, description = "Exhibit reference")),
    request_body = HandoverIn,
    responses((status = 200, body = Custody), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn handover(
    State(state): State<Shared>,
    auth: Auth,
    Path((inv, reference)): Path<(String, String)>,
    Json(req): Json<HandoverIn>,
) -> Result<Json<Custody>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let c = in_case(&state, &p, inv, move |store, who, inv| {
        let h = Handover {
            from: &req.from,
            to: &req.to,
            at: &req.at,
            location: &req.location,
            reason: &req.reason,
        };
        Ok(exhibits::handover(
            &mut store.sql(),
            who,
            inv,
            &reference,
            &h,
        )?)
    })
    .await?;
    Ok(Json(c))
}

/// Upload form (multipart).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct AttachForm {
    /// The digital copy (its file name is kept).
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: Vec<u8>,
}

/// Store a digital copy of an exhibit in the vault; its SHA-256 is recorded.
#[utoipa::path(post, path = "/api/cases/{inv}/exhibits/{reference}/files", tag = "cases",
    params(("inv" = String, Path, description = "Investigation"),
           ("reference" = String, Path, description = "Exhibit reference")),
    request_body(content = AttachForm, content_type = "multipart/form-data"),
    responses((status = 200, body = ExhibitFile), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 413, description = "upload too large")))]
pub async fn attach(
    State(state): State<Shared>,
    auth: Auth,
    Path((inv, reference)): Path<(String, String)>,
    mut form: Multipart,
) -> Result<Json<ExhibitFile>, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    if !p.compartments.contains(&inv) {
        return Err(super::no_such(&inv));
    }
    let bad = |e: axum::extract::multipart::MultipartError| ApiError::bad_request(e.body_text());
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(bad)? {
        match field.name().unwrap_or_default() {
            "file" => {
                let name = safe_name(field.file_name().unwrap_or("copy"));
                file = Some((name, field.bytes().await.map_err(bad)?));
            }
            other => return Err(ApiError::bad_request(format!("unknown field {other:?}"))),
        }
    }
    let (name, data) = file.ok_or_else(|| ApiError::bad_request("the form has no file field"))?;
    let vault = super::vault(&state)?;
    let f = in_case(&state, &p, inv, move |store, who, inv| {
        // Refused before anything is written to the vault for an exhibit that is not there.
        exhibits::exhibit(&mut store.sql(), inv, &reference)?;
        let dir = tempfile::tempdir().map_err(|e| ApiError::internal(e.to_string()))?;
        let path = dir.path().join(&name);
        std::fs::write(&path, &data).map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(exhibits::attach(
            &mut store.sql(),
            &vault,
            who,
            inv,
            &reference,
            &path,
        )?)
    })
    .await?;
    Ok(Json(f))
}

/// A disclosure marking.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MarkIn {
    /// Item as on the schedule (`exhibit:JB/1`, `source:NAME`, `note:N`).
    pub item: String,
    /// not_sensitive, sensitive or highly_sensitive.
    pub marking: String,
    /// Why.
    pub reason: String,
}

/// Mark an item of unused material's sensitivity (the disclosure officer's or lead's call).
#[utoipa::path(post, path = "/api/cases/{inv}/disclosure/marks", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")), request_body = MarkIn,
    responses((status = 204, description = "marked"), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn mark(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
    Json(req): Json<MarkIn>,
) -> Result<axum::http::StatusCode, ApiError> {
    let p = auth.require(Permission::CaseWork)?;
    let user = p.user.name.clone();
    in_case(&state, &p, inv, move |store, who, inv| {
        let conn = &mut store.sql();
        let role = investigation::members(conn, inv)?
            .into_iter()
            .find(|m| m.user == user)
            .map(|m| m.role);
        use investigation::CaseRole::{Deputy, DisclosureOfficer, Lead};
        if !matches!(role, Some(DisclosureOfficer | Lead | Deputy)) {
            return Err(ApiError::forbidden(
                "only the investigation's disclosure officer, lead or deputy marks material",
            ));
        }
        Ok(disclosure::mark(
            conn,
            who,
            inv,
            &req.item,
            &req.marking,
            &req.reason,
        )?)
    })
    .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// A factor's new weight.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WeightIn {
    /// Relative weight, 0-100 (the board divides by the weights' sum).
    #[schema(minimum = 0, maximum = 100)]
    pub weight: f64,
    /// Why (kept in the audit log with the old and new weight).
    pub reason: String,
}

/// Set a factor's weight on the priority board (supervisors); the old and new weight and the
/// reason are audited.
#[utoipa::path(put, path = "/api/board/weights/{factor}", tag = "cases",
    params(("factor" = String, Path, description = "harm, leader, reach, money, freshness or overlap")),
    request_body = WeightIn,
    responses((status = 200, body = Vec<Weight>, description = "the weights in force"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn weight(
    State(state): State<Shared>,
    auth: Auth,
    Path(factor): Path<String>,
    Json(req): Json<WeightIn>,
) -> Result<Json<Vec<Weight>>, ApiError> {
    let p = auth.require(Permission::Prioritise)?;
    let who = super::actor(&p);
    let ws = state
        .db
        .run_any(kingpin_store::View::sources(Vec::new()), move |store| {
            let conn = &mut store.sql();
            board::set_weight(conn, &who, &factor, req.weight, &req.reason)?;
            Ok(board::weights(conn)?)
        })
        .await?;
    Ok(Json(ws))
}
