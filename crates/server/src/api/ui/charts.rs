//! Saved link charts, kept per investigation: only its members list, save and open them.
//! A chart stores entity ids, positions, filters and layout, never names or facts; opening
//! one keeps only the entities the opener may see, so a chart saved by a member of another
//! agency reveals nothing their own view does not.

use crate::api::error::{ApiError, ErrorBody};
use crate::api::{Auth, Shared, noted};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kingpin_store::Store;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// Nodes a saved chart may hold.
const MAX_CHART_NODES: usize = 20_000;

fn ensure(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS ui_chart(
            id INTEGER PRIMARY KEY,
            investigation TEXT NOT NULL,
            name TEXT NOT NULL,
            chart TEXT NOT NULL,
            saved_by TEXT NOT NULL,
            saved_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ui_chart_investigation ON ui_chart(investigation, id);",
    )
}

/// What a chart holds.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChartBody {
    /// Entity id → [x, y].
    #[schema(value_type = Object)]
    pub positions: BTreeMap<String, [f64; 2]>,
    /// The chart's projection filters.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub filters: serde_json::Value,
    /// Layout name.
    #[serde(default)]
    pub layout: String,
}

/// A chart to save.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveChart {
    /// Investigation it belongs to (the caller must be a member).
    pub investigation: String,
    /// Name.
    pub name: String,
    /// Content.
    pub chart: ChartBody,
}

/// A saved chart, listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChartInfo {
    /// Number.
    pub id: i64,
    /// Investigation.
    pub investigation: String,
    /// Name.
    pub name: String,
    /// Who saved it.
    pub saved_by: String,
    /// When (UTC).
    pub saved_at: String,
}

/// A saved chart with its content, cut to what the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChartOut {
    /// Listing data.
    #[serde(flatten)]
    pub info: ChartInfo,
    /// Content.
    pub chart: ChartBody,
    /// Entities of the saved chart the caller cannot see (left out).
    pub withheld: usize,
}

/// Which investigation's charts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChartsQuery {
    /// Investigation name.
    pub investigation: String,
}

fn member(p: &crate::access::Principal, inv: &str) -> Result<(), ApiError> {
    if p.compartments.iter().any(|c| c == inv) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "you are not a member of investigation {inv:?}"
        )))
    }
}

/// Saves a chart to an investigation.
#[utoipa::path(post, path = "/api/ui/charts", tag = "ui", request_body = SaveChart,
    responses((status = 200, body = ChartInfo), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn save(
    State(state): State<Shared>,
    auth: Auth,
    Json(req): Json<SaveChart>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    member(&p, &req.investigation)?;
    let name = req.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::bad_request("a chart name has 1-100 characters"));
    }
    if req.chart.positions.len() > MAX_CHART_NODES {
        return Err(ApiError::bad_request(format!(
            "a saved chart holds at most {MAX_CHART_NODES} nodes"
        )));
    }
    let body = serde_json::to_string(&req.chart).map_err(|e| ApiError::internal(e.to_string()))?;
    let user = p.user.name.clone();
    let inv = req.investigation.clone();
    let info = state
        .db
        .run(p.view, move |store| {
            let conn = store.connection();
            ensure(conn)?;
            let at = crate::tables::timestamp();
            conn.execute(
                "INSERT INTO ui_chart(investigation, name, chart, saved_by, saved_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![inv, name, body, user, at],
            )?;
            Ok(ChartInfo {
                id: conn.last_insert_rowid(),
                investigation: inv,
                name,
                saved_by: user,
                saved_at: at,
            })
        })
        .await?;
    let id = info.id;
    Ok(noted(
        Json(info).into_response(),
        serde_json::json!({ "chart": id }),
    ))
}

/// The charts saved to an investigation, newest first.
#[utoipa::path(get, path = "/api/ui/charts", tag = "ui", params(ChartsQuery),
    responses((status = 200, body = Vec<ChartInfo>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<ChartsQuery>,
) -> Result<Json<Vec<ChartInfo>>, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    member(&p, &q.investigation)?;
    let out = state
        .db
        .run(p.view, move |store| {
            let conn = store.connection();
            ensure(conn)?;
            let mut st = conn.prepare(
                "SELECT id, investigation, name, saved_by, saved_at FROM ui_chart
                 WHERE investigation = ?1 ORDER BY id DESC LIMIT 200",
            )?;
            let rows = st.query_map([&q.investigation], info_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await?;
    Ok(Json(out))
}

fn info_row(r: &rusqlite::Row) -> rusqlite::Result<ChartInfo> {
    Ok(ChartInfo {
        id: r.get(0)?,
        investigation: r.get(1)?,
        name: r.get(2)?,
        saved_by: r.get(3)?,
        saved_at: r.get(4)?,
    })
}

/// Opens a saved chart: only the entities the caller may see are in it.
#[utoipa::path(get, path = "/api/ui/charts/{id}", tag = "ui",
    params(("id" = i64, Path, description = "Chart number")),
    responses((status = 200, body = ChartOut), (status = 404, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn open(
    State(state): State<Shared>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<ChartOut>, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    let compartments = p.compartments.clone();
    let out = state
        .db
        .run(p.view, move |store| {
            let conn = store.connection();
            ensure(conn)?;
            let row = conn
                .query_row(
                    "SELECT id, investigation, name, saved_by, saved_at, chart FROM ui_chart WHERE id = ?1",
                    [id],
                    |r| Ok((info_row(r)?, r.get::<_, String>(5)?)),
                )
                .optional()?;
            // Another investigation's chart is answered as missing, like an invisible entity.
            let Some((info, text)) = row.filter(|(i, _)| compartments.contains(&i.investigation))
            else {
                return Ok(None);
            };
            let mut chart: ChartBody = serde_json::from_str(&text)
                .map_err(|e| ApiError::internal(format!("saved chart {id}: {e}")))?;
            let before = chart.positions.len();
            let mut kept = BTreeMap::new();
            for (eid, pos) in std::mem::take(&mut chart.positions) {
                if store.entity(&eid)?.is_some() {
                    kept.insert(eid, pos);
                }
            }
            chart.positions = kept;
            Ok(Some(ChartOut {
                withheld: before - chart.positions.len(),
                info,
                chart,
            }))
        })
        .await?;
    out.map(Json)
        .ok_or_else(|| ApiError::not_found("no such chart"))
}
