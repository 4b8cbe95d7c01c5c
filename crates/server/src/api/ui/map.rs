//! The Map page's data: every place and address the caller can see that has coordinates (cell
//! sites, embarkation beaches, meeting places, safe houses), with how many calls, meetings,
//! crossings and other events each one saw. Read through the caller's view, so a place, a
//! coordinate or an event from a source they may not see is absent. A place's events are its
//! timeline (`/api/ui/entities/{id}/timeline`).

use super::timeline::source_tags;
use crate::api::error::{ApiError, ErrorBody};
use crate::api::{Auth, Shared, noted};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use kingpin_model::{Entity, model};
use kingpin_store::{NeighbourFilter, SqliteStore, Store};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// Schemata that can stand on the map.
const LOCATED: &[&str] = &["Place", "Address"];

/// Events counted per place at most (a busy cell site saw thousands of calls).
const MAX_EVENTS_PER_PLACE: usize = 10_000;

/// Map limits.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MapQuery {
    /// Places to return at most (1-5000, default 2000), the busiest first.
    #[param(minimum = 1, maximum = 5000)]
    pub limit: Option<usize>,
    /// Only places of this kind (`cell site`, `beach`…).
    pub kind: Option<String>,
}

/// A located place.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MapPlace {
    /// Entity id.
    pub id: String,
    /// Place or Address.
    pub schema: String,
    /// Display name.
    pub caption: String,
    /// `cell site`, `beach`, `port`, `safe house`… (the place's `kind`), or `address`.
    pub kind: String,
    /// Latitude (WGS 84).
    pub lat: f64,
    /// Longitude (WGS 84).
    pub lon: f64,
    /// Events at the place, by kind (`call`, `crossing`, `meeting`…).
    pub events: BTreeMap<String, usize>,
    /// Sources placing it, as `name (grading)`.
    pub sources: Vec<String>,
}

/// The places on the map.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MapOut {
    /// Places, the busiest first.
    pub places: Vec<MapPlace>,
    /// Located places the caller can see (before the limit).
    pub total: usize,
    /// Places without usable coordinates (not drawn).
    pub unlocated: usize,
}

/// Places, cell sites and embarkation points with coordinates, and their events by kind.
#[utoipa::path(get, path = "/api/ui/map", tag = "ui", params(MapQuery),
    responses((status = 200, body = MapOut), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn places(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<MapQuery>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Read)?;
    let limit = q.limit.unwrap_or(2000);
    if limit == 0 || limit > 5000 {
        return Err(ApiError::bad_request("limit must be 1-5000"));
    }
    let kind = q.kind.filter(|k| !k.trim().is_empty());
    let out = state
        .db
        .run(p.view, move |store| build(store, limit, kind.as_deref()))
        .await?;
    let n = out.places.len();
    Ok(noted(
        Json(out).into_response(),
        serde_json::json!({ "results": n }),
    ))
}

fn build(store: &SqliteStore, limit: usize, kind: Option<&str>) -> Result<MapOut, ApiError> {
    let mut located = Vec::new();
    let mut unlocated = 0;
    for schema in LOCATED {
        store.for_each_entity(Some(schema), &mut |e| {
            if e.schema != *schema {
                return Ok(());
            }
            let k = place_kind(&e);
            if kind.is_some_and(|want| !want.eq_ignore_ascii_case(&k)) {
                return Ok(());
            }
            match coordinates(&e) {
                Some((lat, lon)) => located.push((e, k, lat, lon)),
                None => unlocated += 1,
            }
            Ok(())
        })?;
    }
    let mut places = Vec::with_capacity(located.len());
    for (e, kind, lat, lon) in located {
        let mut events = BTreeMap::new();
        let found = store.neighbours(
            &e.id,
            &NeighbourFilter {
                schema: Some("Interval".into()),
                limit: MAX_EVENTS_PER_PLACE,
                ..Default::default()
            },
        )?;
        for n in found {
            *events.entry(n.entity.schema.to_lowercase()).or_insert(0) += 1;
        }
        let sources = source_tags(&e);
        places.push(MapPlace {
            caption: e.caption(model()),
            id: e.id,
            schema: e.schema,
            kind,
            lat,
            lon,
            events,
            sources,
        });
    }
    let total = places.len();
    let busy = |p: &MapPlace| p.events.values().sum::<usize>();
    places.sort_by(|a, b| busy(b).cmp(&busy(a)).then_with(|| a.id.cmp(&b.id)));
    places.truncate(limit);
    Ok(MapOut {
        places,
        total,
        unlocated,
    })
}

fn place_kind(e: &Entity) -> String {
    match e.first("kind") {
        Some(k) => k.to_lowercase(),
        None if e.schema == "Address" => "address".into(),
        None => "place".into(),
    }
}

/// The first latitude and longitude the caller can see, if both are on the globe.
fn coordinates(e: &Entity) -> Option<(f64, f64)> {
    let lat: f64 = e.first("latitude")?.trim().parse().ok()?;
    let lon: f64 = e.first("longitude")?.trim().parse().ok()?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && lat.is_finite())
        .then_some((lat, lon))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kingpin_model::{Entity, Grading, Provenance, Statement};

    fn place(props: &[(&str, &str)]) -> Entity {
        Entity {
            id: "place-x".into(),
            schema: "Place".into(),
            statements: props
                .iter()
                .map(|(p, v)| Statement {
                    prop: (*p).into(),
                    value: (*v).into(),
                    prov: Provenance {
                        source: "s".into(),
                        grading: "1A P".parse::<Grading>().unwrap(),
                        recorded: None,
                    },
                })
                .collect(),
        }
    }

    #[test]
    fn coordinates_must_be_on_the_globe() {
        let ok = place(&[("latitude", "51.0105"), ("longitude", "2.1186")]);
        assert_eq!(coordinates(&ok), Some((51.0105, 2.1186)));
        assert_eq!(coordinates(&place(&[("latitude", "51.0")])), None);
        let off = place(&[("latitude", "95"), ("longitude", "2")]);
        assert_eq!(coordinates(&off), None);
        let junk = place(&[("latitude", "north"), ("longitude", "2")]);
        assert_eq!(coordinates(&junk), None);
    }

    #[test]
    fn kind_comes_from_the_place() {
        assert_eq!(place_kind(&place(&[("kind", "Cell site")])), "cell site");
        assert_eq!(place_kind(&place(&[])), "place");
    }
}
