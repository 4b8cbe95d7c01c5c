//! Maritime equipment for investigators: buyers whose purchasing of boats, engines, life
//! jackets and fuel looks like supplying crossings (with the records behind each reason), and
//! a seized engine's serial traced to its purchase, buyer and crossings. Both read only what
//! the caller's view shows.

use super::{Auth, Shared};
use crate::api::error::{ApiError, ErrorBody};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Query, State};
use kingpin_maritime::analysis::{self, FlagOptions};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Which flags.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FlagQuery {
    /// Only buyers with at least this many distinct reasons (default 1).
    #[param(minimum = 1, maximum = 7)]
    pub min_reasons: Option<usize>,
}

/// Flagged buyers, most reasons first.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlagsOut {
    /// Purchases seen.
    pub purchases: usize,
    /// Buyers flagged, each with `buyer`, `names`, `purchases`, `score` (distinct reasons) and
    /// `reasons` (`code`, `detail`, the purchase records behind it), as
    /// `kingpin maritime flags --json` prints them.
    #[schema(value_type = Vec<Object>)]
    pub flagged: Vec<serde_json::Value>,
}

/// Buyers whose purchasing looks like supplying crossings: bulk or repeated buying, cash,
/// many sellers, buying shortly before a crossing or on the coast, a phone from smugglers'
/// adverts.
#[utoipa::path(get, path = "/api/maritime/flags", tag = "maritime", params(FlagQuery),
    responses((status = 200, body = FlagsOut), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn flags(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<FlagQuery>,
) -> Result<Json<FlagsOut>, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    let min = q.min_reasons.unwrap_or(1);
    if !(1..=7).contains(&min) {
        return Err(ApiError::bad_request("min_reasons must be 1-7"));
    }
    let out = state
        .db
        .run(p.view, move |store| {
            let d = analysis::load(&*store)?;
            let flagged = analysis::flags(&d, &FlagOptions::default())
                .into_iter()
                .filter(|f| f.score >= min)
                .map(|f| serde_json::to_value(f).map_err(|e| ApiError::internal(e.to_string())))
                .collect::<Result<_, _>>()?;
            Ok(FlagsOut {
                purchases: d.buys.len(),
                flagged,
            })
        })
        .await?;
    Ok(Json(out))
}

/// A serial to trace.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TraceQuery {
    /// The serial as read off the engine (typos and prefixes are normalised away).
    pub serial: String,
}

/// What a serial leads to.
#[derive(Debug, Serialize, ToSchema)]
pub struct TraceOut {
    /// `query`, `normalised`, `approximate` (only one-character-off serials found) and
    /// `items`, each with its purchases, seizures and crossings, as
    /// `kingpin maritime trace --json` prints them.
    #[schema(value_type = Object)]
    pub trace: serde_json::Value,
}

/// Traces an engine's serial back to its purchases and buyers and forward to its seizures and
/// crossings.
#[utoipa::path(get, path = "/api/maritime/trace", tag = "maritime", params(TraceQuery),
    responses((status = 200, body = TraceOut), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn trace(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<TraceQuery>,
) -> Result<Json<TraceOut>, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    let serial = q.serial.trim().to_string();
    if serial.is_empty() || serial.len() > 64 {
        return Err(ApiError::bad_request("serial: 1-64 characters"));
    }
    let out = state
        .db
        .run(p.view, move |store| {
            let d = analysis::load(&*store)?;
            serde_json::to_value(analysis::trace(&d, &serial))
                .map_err(|e| ApiError::internal(e.to_string()))
        })
        .await?;
    Ok(Json(TraceOut { trace: out }))
}

/// The routes, merged into `/api`.
pub fn routes() -> axum::Router<Shared> {
    axum::Router::new()
        .route("/maritime/flags", axum::routing::get(flags))
        .route("/maritime/trace", axum::routing::get(trace))
}
