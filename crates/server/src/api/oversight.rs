//! Supervision: the audit log, deconfliction alerts, investigations and their members.

use super::{Auth, Shared};
use crate::api::error::{ApiError, ErrorBody};
use crate::deconflict::{self, Alert};
use crate::investigations::{self, Investigation};
use crate::roles::{Permission, Role};
use axum::Json;
use axum::extract::{Path, Query, State};
use kingpin_store::View;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Audit query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this user.
    pub actor: Option<String>,
    /// Only this action (e.g. `api.GET /api/search`, `import`).
    pub action: Option<String>,
    /// From this time on (UTC, `2026-11-25` or a full timestamp).
    pub since: Option<String>,
    /// Before this time.
    pub until: Option<String>,
    /// Records to skip (newest first).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<usize>,
    /// Records to return (1-500, default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<usize>,
}

/// One audit record.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditRecordOut {
    /// Position in the chain.
    pub seq: i64,
    /// When (UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// For which agency.
    pub agency: String,
    /// From where.
    pub origin: String,
    /// What.
    pub action: String,
    /// On what.
    pub target: String,
    /// Details (JSON text).
    pub detail: String,
    /// This record's hash.
    pub hash: String,
}

/// The audit log, newest first: supervisors see their agency's records, admins everyone's.
#[utoipa::path(get, path = "/api/audit", tag = "oversight", params(AuditQuery),
    responses((status = 200, body = Vec<AuditRecordOut>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn audit(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditRecordOut>>, ApiError> {
    let p = auth.require(Permission::ReadAudit)?;
    let limit = q.limit.unwrap_or(100);
    let offset = q.offset.unwrap_or(0);
    if limit == 0 || limit > 500 || offset > 10_000 {
        return Err(ApiError::bad_request(
            "limit must be 1-500 and offset at most 10000",
        ));
    }
    let agency = (p.user.role != Role::Admin).then(|| p.user.agency.clone());
    let rows = state
        .db
        .run(View::sources(Vec::new()), move |store| {
            let conn = store.connection();
            let mut stmt = conn.prepare(
                "SELECT seq, at, actor, agency, origin, action, target, detail, hash FROM audit
                 WHERE (?1 IS NULL OR agency = ?1) AND (?2 IS NULL OR actor = ?2)
                   AND (?3 IS NULL OR action = ?3) AND (?4 IS NULL OR at >= ?4)
                   AND (?5 IS NULL OR at < ?5)
                 ORDER BY seq DESC LIMIT ?6 OFFSET ?7",
            )?;
            let rows = stmt.query_map(
                params![
                    agency,
                    q.actor,
                    q.action,
                    q.since,
                    q.until,
                    limit as i64,
                    offset as i64
                ],
                |r| {
                    Ok(AuditRecordOut {
                        seq: r.get(0)?,
                        at: r.get(1)?,
                        actor: r.get(2)?,
                        agency: r.get(3)?,
                        origin: r.get(4)?,
                        action: r.get(5)?,
                        target: r.get(6)?,
                        detail: r.get(7)?,
                        hash: r.get(8)?,
                    })
                },
            )?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await?;
    Ok(Json(rows))
}

/// Alerts for the caller's agency's investigations that share identifiers with another's.
#[utoipa::path(get, path = "/api/deconfliction", tag = "oversight",
    responses((status = 200, body = Vec<Alert>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn deconfliction(
    State(state): State<Shared>,
    auth: Auth,
) -> Result<Json<Vec<Alert>>, ApiError> {
    let p = auth.require(Permission::Deconflict)?;
    let agency = p.user.agency.clone();
    let alerts = state
        .db
        .run(View::sources(Vec::new()), move |store| {
            Ok(deconflict::alerts_for(store.connection(), &agency)?)
        })
        .await?;
    Ok(Json(alerts))
}

/// Investigations: a supervisor sees their agency's, an admin all.
#[utoipa::path(get, path = "/api/investigations", tag = "oversight",
    responses((status = 200, body = Vec<Investigation>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn investigations_list(
    State(state): State<Shared>,
    auth: Auth,
) -> Result<Json<Vec<Investigation>>, ApiError> {
    let p = auth.require(Permission::ManageInvestigations)?;
    let all = state
        .db
        .run_any(View::sources(Vec::new()), |store| {
            Ok(investigations::list(&mut store.sql())?)
        })
        .await?;
    Ok(Json(
        all.into_iter()
            .filter(|i| p.user.role == Role::Admin || i.agency == p.user.agency)
            .collect(),
    ))
}

/// A new investigation.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewInvestigation {
    /// Name.
    pub name: String,
    /// Whom other agencies should contact about it.
    pub contact: String,
}

/// Create an investigation led by the caller's agency.
#[utoipa::path(post, path = "/api/investigations", tag = "oversight", request_body = NewInvestigation,
    responses((status = 200, body = Investigation), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn investigations_add(
    State(state): State<Shared>,
    auth: Auth,
    Json(req): Json<NewInvestigation>,
) -> Result<Json<Investigation>, ApiError> {
    let p = auth.require(Permission::ManageInvestigations)?;
    let agency = p.user.agency.clone();
    let inv = state
        .db
        .run_any(View::sources(Vec::new()), move |store| {
            let c = &mut store.sql();
            investigations::add(c, &req.name, &agency, &req.contact)?;
            investigations::get(c, &req.name)?
                .ok_or_else(|| ApiError::internal("investigation vanished"))
        })
        .await?;
    Ok(Json(inv))
}

/// A membership change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MemberChange {
    /// User name.
    pub user: String,
    /// Remove instead of add.
    #[serde(default)]
    pub remove: bool,
}

/// Add or remove a member of one of the caller's agency's investigations.
#[utoipa::path(post, path = "/api/investigations/{name}/members", tag = "oversight",
    params(("name" = String, Path, description = "Investigation")), request_body = MemberChange,
    responses((status = 200, body = Investigation), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn investigations_member(
    State(state): State<Shared>,
    auth: Auth,
    Path(name): Path<String>,
    Json(req): Json<MemberChange>,
) -> Result<Json<Investigation>, ApiError> {
    let p = auth.require(Permission::ManageInvestigations)?;
    let inv = state
        .db
        .run_any(View::sources(Vec::new()), move |store| {
            let c = &mut store.sql();
            let Some(inv) = investigations::get(c, &name)? else {
                return Err(ApiError::not_found("no such investigation"));
            };
            if p.user.role != Role::Admin && inv.agency != p.user.agency {
                return Err(ApiError::not_found("no such investigation"));
            }
            investigations::set_member(c, &name, &req.user, req.remove)?;
            investigations::get(c, &name)?
                .ok_or_else(|| ApiError::internal("investigation vanished"))
        })
        .await?;
    Ok(Json(inv))
}
