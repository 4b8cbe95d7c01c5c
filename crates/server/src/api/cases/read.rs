//! Reading investigations: the caller's list, one investigation in full, an exhibit with its
//! chain of custody, the integrity check, charge readiness and the priority board.

use super::{in_case, sees, visible_target};
use crate::api::error::{ApiError, ErrorBody};
use crate::api::{Auth, Shared, noted};
use crate::investigations;
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kingpin_cases::board::{self, Board, BoardOptions};
use kingpin_cases::charge::{self, Readiness};
use kingpin_cases::exhibits::{self, ExhibitRecord, FileCheck, FileState};
use kingpin_cases::investigation::{self, CaseRole, Member};
use kingpin_cases::targets::{self, Target};
use kingpin_cases::work::{self, Entry, Requirement, Task};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An investigation the caller is a member of, in brief.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummary {
    /// Name.
    pub name: String,
    /// Agency leading it.
    pub agency: String,
    /// Whom other agencies should contact about it.
    pub contact: String,
    /// The caller's part in it.
    pub role: CaseRole,
    /// Members.
    pub members: usize,
    /// Targets the caller may see.
    pub targets: usize,
    /// Tasks neither done nor cancelled.
    pub open_tasks: usize,
    /// Exhibits.
    pub exhibits: usize,
}

/// The investigations the caller is a member of (nobody sees the others').
#[utoipa::path(get, path = "/api/cases", tag = "cases",
    responses((status = 200, body = Vec<CaseSummary>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<Shared>,
    auth: Auth,
) -> Result<Json<Vec<CaseSummary>>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let mine = p.compartments.clone();
    let user = p.user.name.clone();
    let out = state
        .db
        .run_any(p.view.clone(), move |store| {
            let mut out = Vec::new();
            let all = investigations::list(&mut store.sql())?;
            for inv in all.into_iter().filter(|i| mine.contains(&i.name)) {
                let conn = &mut store.sql();
                let members = investigation::members(conn, &inv.name)?;
                let role = members
                    .iter()
                    .find(|m| m.user == user)
                    .map_or(CaseRole::Member, |m| m.role);
                let listed = targets::list(conn, &inv.name)?;
                let open_tasks = work::tasks(conn, &inv.name)?
                    .iter()
                    .filter(|t| !matches!(t.status.as_str(), "done" | "cancelled"))
                    .count();
                let exhibits = exhibits::list(conn, &inv.name)?.len();
                let mut visible = 0;
                for t in listed {
                    visible += usize::from(sees(store, &t.entity)?);
                }
                out.push(CaseSummary {
                    members: members.len(),
                    role,
                    targets: visible,
                    open_tasks,
                    exhibits,
                    name: inv.name,
                    agency: inv.agency,
                    contact: inv.contact,
                });
            }
            Ok(out)
        })
        .await?;
    Ok(Json(out))
}

/// One investigation in full.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetail {
    /// Name.
    pub name: String,
    /// Agency leading it.
    pub agency: String,
    /// Whom other agencies should contact about it.
    pub contact: String,
    /// Members and their parts.
    pub members: Vec<Member>,
    /// Targets the caller may see, in the order added.
    pub targets: Vec<Target>,
    /// Intelligence requirements and hypotheses.
    pub requirements: Vec<Requirement>,
    /// Tasks: open ones first by due date.
    pub tasks: Vec<Task>,
    /// The decision log, oldest first.
    pub decisions: Vec<Entry>,
    /// Notes, oldest first.
    pub notes: Vec<Entry>,
    /// Exhibits with their chain of custody and digital copies.
    pub exhibits: Vec<ExhibitRecord>,
}

/// An investigation: members, targets, requirements and hypotheses, tasks, decisions, notes,
/// exhibits with custody. 404 unless the caller is a member.
#[utoipa::path(get, path = "/api/cases/{inv}", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")),
    responses((status = 200, body = CaseDetail), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
) -> Result<Json<CaseDetail>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let d = in_case(&state, &p, inv, |store, _, inv| {
        let conn = &mut store.sql();
        let i = investigations::get(conn, inv)?.ok_or_else(|| super::no_such(inv))?;
        let listed = targets::list(conn, inv)?;
        let mut records = Vec::new();
        for e in exhibits::list(conn, inv)? {
            records.push(exhibits::record(conn, inv, &e.reference)?);
        }
        let mut d = CaseDetail {
            name: i.name,
            agency: i.agency,
            contact: i.contact,
            members: investigation::members(conn, inv)?,
            targets: Vec::new(),
            requirements: work::requirements(conn, inv)?,
            tasks: work::tasks(conn, inv)?,
            decisions: work::entries(conn, inv, "decision")?,
            notes: work::entries(conn, inv, "note")?,
            exhibits: records,
        };
        for t in listed {
            if sees(store, &t.entity)? {
                d.targets.push(t);
            }
        }
        Ok(d)
    })
    .await?;
    Ok(Json(d))
}

/// One exhibit with its full chain of custody and its digital copies.
#[utoipa::path(get, path = "/api/cases/{inv}/exhibits/{reference}", tag = "cases",
    params(("inv" = String, Path, description = "Investigation"),
           ("reference" = String, Path, description = "Exhibit reference (`JB/1`: encode the slash as %2F)")),
    responses((status = 200, body = ExhibitRecord), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn exhibit(
    State(state): State<Shared>,
    auth: Auth,
    Path((inv, reference)): Path<(String, String)>,
) -> Result<Json<ExhibitRecord>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let r = in_case(&state, &p, inv, move |store, _, inv| {
        Ok(exhibits::record(&mut store.sql(), inv, &reference)?)
    })
    .await?;
    Ok(Json(r))
}

/// Re-hashes every digital copy of the investigation's exhibits: each `intact`, `altered`
/// (with the hash found) or `missing`. The check and its outcome are audited.
#[utoipa::path(get, path = "/api/cases/{inv}/integrity", tag = "cases",
    params(("inv" = String, Path, description = "Investigation")),
    responses((status = 200, body = Vec<FileCheck>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn integrity(
    State(state): State<Shared>,
    auth: Auth,
    Path(inv): Path<String>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Read)?;
    // Asked inside: to a non-member the investigation does not exist, vault or not.
    let vault = super::vault(&state);
    let checks = in_case(&state, &p, inv, move |store, who, inv| {
        Ok(exhibits::check(&mut store.sql(), &vault?, who, inv)?)
    })
    .await?;
    let altered = checks
        .iter()
        .filter(|c| c.state != FileState::Intact)
        .count();
    let detail = serde_json::json!({"files": checks.len(), "not_intact": altered});
    Ok(noted(Json(checks).into_response(), detail))
}

/// Which offence.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChargeQuery {
    /// Only this offence template (`s25`); default: every template.
    pub offence: Option<String>,
}

/// Charge readiness of a target: each offence's elements with the evidence mapped to them,
/// and the gaps (required elements with none).
#[utoipa::path(get, path = "/api/cases/{inv}/targets/{entity}/charges", tag = "cases",
    params(("inv" = String, Path, description = "Investigation"),
           ("entity" = String, Path, description = "Target entity id"), ChargeQuery),
    responses((status = 200, body = Vec<Readiness>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn charges(
    State(state): State<Shared>,
    auth: Auth,
    Path((inv, entity)): Path<(String, String)>,
    Query(q): Query<ChargeQuery>,
) -> Result<Json<Vec<Readiness>>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let out = in_case(&state, &p, inv, move |store, _, inv| {
        visible_target(store, inv, &entity)?;
        let codes = match q.offence {
            Some(code) => vec![code],
            None => charge::offences(&mut store.sql())?
                .into_iter()
                .map(|o| o.code)
                .collect(),
        };
        let mut out = Vec::new();
        for code in codes {
            out.push(charge::readiness(store, inv, &code, &entity)?);
        }
        Ok(out)
    })
    .await?;
    Ok(Json(out))
}

/// How the board is drawn.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// Links out a target's network reaches (1-6, default 4).
    #[param(minimum = 1, maximum = 6)]
    pub depth: Option<usize>,
    /// Day freshness is measured from (`YYYY-MM-DD`, default today).
    pub today: Option<String>,
}

/// The priority board over the investigations the caller is a member of: each investigation
/// and target scored on harm, leader score, reach, money, freshness and overlaps, with the
/// reason for every factor and the weights in force. Overlaps with investigations the caller
/// may not see are counted but not named.
#[utoipa::path(get, path = "/api/board", tag = "cases", params(BoardQuery),
    responses((status = 200, body = Board), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn board(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<BoardQuery>,
) -> Result<Json<Board>, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    let depth = q.depth.unwrap_or(4);
    if !(1..=6).contains(&depth) {
        return Err(ApiError::bad_request("depth must be 1-6"));
    }
    let opts = BoardOptions {
        depth,
        today: q.today,
        ..BoardOptions::default()
    };
    let visible = p.compartments.clone();
    let b = state
        .db
        .run_any(p.view.clone(), move |store| {
            // Targets the caller cannot see are left out by the board itself (unscored).
            Ok(board::board(store, &visible, &opts)?)
        })
        .await?;
    Ok(Json(b))
}
