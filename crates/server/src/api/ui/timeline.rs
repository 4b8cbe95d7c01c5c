//! The timeline of an entity for the web UI: its calls, messages, payments, purchases,
//! meetings and crossings, and those of the phones and accounts it uses, oldest first, each
//! with its counterparts and the sources (with grading) that assert it. Read through the
//! caller's view, so an event or a counterpart they may not see is absent. The same timeline
//! over several entities at once (a network, a chart) feeds the Timeline page's lanes.

use crate::api::dto::EntityRef;
use crate::api::error::{ApiError, ErrorBody};
use crate::api::{Auth, Shared, noted};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use kingpin_model::{Entity, model};
use kingpin_store::{NeighbourFilter, SqliteStore, Store};
use serde::{Deserialize, Serialize};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use utoipa::{IntoParams, ToSchema};

/// Event schemata shown, with the word the timeline uses for each.
const KINDS: &[(&str, &str)] = &[
    ("Call", "call"),
    ("Message", "message"),
    ("Payment", "payment"),
    ("Purchase", "purchase"),
    ("Meeting", "meeting"),
    ("Crossing", "crossing"),
];

/// Link entities through which a person or organisation uses an identifier, and the property
/// naming the identifier.
const USES: &[(&str, &str)] = &[("UsesPhone", "phone"), ("UsesAccount", "account")];

/// Identifiers followed at most (a person rarely has more; a hub phone's users are not followed).
const MAX_IDENTIFIERS: usize = 50;

/// Timeline limits.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// Events to return at most (1-2000, default 500).
    #[param(minimum = 1, maximum = 2000)]
    pub limit: Option<usize>,
}

/// One dated event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineEvent {
    /// The event entity's id.
    pub id: String,
    /// Its schema.
    pub schema: String,
    /// call, message, payment, purchase, meeting or crossing.
    pub kind: String,
    /// Start date (or date), ISO.
    pub date: Option<String>,
    /// Display name.
    pub caption: String,
    /// The identifier of the entity it went through (e.g. the phone that called), if not the entity itself.
    pub via: Option<String>,
    /// The other parties.
    pub counterparts: Vec<EntityRef>,
    /// Amount, duration, people on board…
    pub details: Vec<String>,
    /// Sources asserting it, as `name (grading)`.
    pub sources: Vec<String>,
    /// The requested entities whose timeline holds it (lanes), first the one it was found for.
    pub subjects: Vec<String>,
}

/// An entity's timeline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineOut {
    /// Events, oldest first; undated last.
    pub events: Vec<TimelineEvent>,
    /// More events exist than were returned.
    pub truncated: bool,
    /// The requested entities the caller can see, in the order asked.
    pub entities: Vec<EntityRef>,
}

/// Entities whose events to put on one timeline.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TimelineIn {
    /// Entity ids (1-200); those the caller cannot see are left out.
    pub ids: Vec<String>,
    /// Events to return at most (1-5000, default 2000).
    pub limit: Option<usize>,
}

/// Entities asked for at most in one timeline.
const MAX_ROOTS: usize = 200;

/// The calls, messages, payments, purchases, meetings and crossings of an entity and of the
/// phones and accounts it uses.
#[utoipa::path(get, path = "/api/ui/entities/{id}/timeline", tag = "ui",
    params(("id" = String, Path, description = "Entity id"), TimelineQuery),
    responses((status = 200, body = TimelineOut), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn timeline(
    State(state): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<TimelineQuery>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Read)?;
    let limit = q.limit.unwrap_or(500);
    if limit == 0 || limit > 2000 {
        return Err(ApiError::bad_request("limit must be 1-2000"));
    }
    let out = state
        .db
        .run(p.view, move |store| build(store, &[id], limit))
        .await?
        .ok_or_else(|| ApiError::not_found("no such entity"))?;
    let n = out.events.len();
    Ok(noted(
        Json(out).into_response(),
        serde_json::json!({ "results": n }),
    ))
}

/// The events of several entities on one timeline (each with the requested entities it
/// belongs to), read through the caller's view.
#[utoipa::path(post, path = "/api/ui/timeline", tag = "ui", request_body = TimelineIn,
    responses((status = 200, body = TimelineOut), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn timeline_of(
    State(state): State<Shared>,
    auth: Auth,
    Json(body): Json<TimelineIn>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Read)?;
    let limit = body.limit.unwrap_or(2000);
    if limit == 0 || limit > 5000 {
        return Err(ApiError::bad_request("limit must be 1-5000"));
    }
    if body.ids.is_empty() || body.ids.len() > MAX_ROOTS {
        return Err(ApiError::bad_request(format!(
            "ids must hold 1-{MAX_ROOTS} entity ids"
        )));
    }
    let asked = body.ids.len();
    let ids = body.ids;
    let out = state
        .db
        .run(p.view, move |store| build(store, &ids, limit))
        .await?
        .ok_or_else(|| ApiError::not_found("none of these entities exists"))?;
    let n = out.events.len();
    Ok(noted(
        Json(out).into_response(),
        serde_json::json!({ "entities": asked, "results": n }),
    ))
}

fn build(
    store: &SqliteStore,
    roots: &[String],
    limit: usize,
) -> Result<Option<TimelineOut>, ApiError> {
    let mut captions: HashMap<String, Option<(String, String)>> = HashMap::new();
    let mut entities = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut events: Vec<TimelineEvent> = Vec::new();
    let mut truncated = false;
    for id in roots {
        if entities.iter().any(|e: &EntityRef| &e.id == id) {
            continue;
        }
        let Some(root) = store.entity(id)? else {
            continue;
        };
        entities.push(EntityRef {
            id: root.id.clone(),
            schema: root.schema.clone(),
            caption: root.caption(model()),
        });
        let subjects = identifiers(store, &mut captions, &root.id)?;
        let subject_ids: HashSet<String> = subjects.iter().map(|(s, _)| s.clone()).collect();
        for (subject, via) in &subjects {
            let found = store.neighbours(
                subject,
                &NeighbourFilter {
                    schema: Some("Interval".into()),
                    limit: limit + 1,
                    ..Default::default()
                },
            )?;
            for n in found {
                let Some(&(_, kind)) = KINDS.iter().find(|(s, _)| *s == n.entity.schema) else {
                    continue;
                };
                match at.entry(n.entity.id.clone()) {
                    Entry::Occupied(o) => {
                        let subjects = &mut events[*o.get()].subjects;
                        if !subjects.contains(&root.id) {
                            subjects.push(root.id.clone());
                        }
                        continue;
                    }
                    Entry::Vacant(v) => {
                        if events.len() >= limit {
                            truncated = true;
                            continue;
                        }
                        let Some(e) = store.entity(&n.entity.id)? else {
                            continue;
                        };
                        v.insert(events.len());
                        let mut ev =
                            event(store, &mut captions, &e, kind, via.clone(), &subject_ids)?;
                        ev.subjects.push(root.id.clone());
                        events.push(ev);
                    }
                }
            }
        }
    }
    if entities.is_empty() {
        return Ok(None);
    }
    // Oldest first, undated last; ISO dates sort as text.
    events.sort_by(|a, b| match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
    Ok(Some(TimelineOut {
        events,
        truncated,
        entities,
    }))
}

/// An entity and the phones and accounts it uses (with their captions), whose events are its own.
fn identifiers(
    store: &SqliteStore,
    captions: &mut HashMap<String, Option<(String, String)>>,
    id: &str,
) -> Result<Vec<(String, Option<String>)>, ApiError> {
    let mut subjects: Vec<(String, Option<String>)> = vec![(id.to_string(), None)];
    for (schema, prop) in USES {
        let links = store.neighbours(
            id,
            &NeighbourFilter {
                schema: Some((*schema).into()),
                limit: MAX_IDENTIFIERS,
                ..Default::default()
            },
        )?;
        for l in links {
            let Some(link) = store.entity(&l.entity.id)? else {
                continue;
            };
            for v in link.values(prop) {
                if subjects.len() < MAX_IDENTIFIERS && !subjects.iter().any(|(s, _)| s == v) {
                    let cap = summary(store, captions, v)?.map(|(_, c)| c);
                    subjects.push((v.to_string(), cap));
                }
            }
        }
    }
    Ok(subjects)
}

/// Schema and caption of an entity the caller can see (cached; `None` if they cannot).
fn summary(
    store: &SqliteStore,
    cache: &mut HashMap<String, Option<(String, String)>>,
    id: &str,
) -> Result<Option<(String, String)>, ApiError> {
    if let Some(c) = cache.get(id) {
        return Ok(c.clone());
    }
    let c = store
        .entity(id)?
        .map(|e| (e.schema.clone(), e.caption(model())));
    cache.insert(id.to_string(), c.clone());
    Ok(c)
}

/// Who the caller can see using a phone or account (at most a few).
fn users_of(
    store: &SqliteStore,
    captions: &mut HashMap<String, Option<(String, String)>>,
    id: &str,
) -> Result<Vec<(String, String, String)>, ApiError> {
    let mut out = Vec::new();
    for (schema, _) in USES {
        let links = store.neighbours(
            id,
            &NeighbourFilter {
                schema: Some((*schema).into()),
                limit: 3,
                ..Default::default()
            },
        )?;
        for l in links {
            let Some(link) = store.entity(&l.entity.id)? else {
                continue;
            };
            for u in link.values("user") {
                if let Some((sch, cap)) = summary(store, captions, u)?
                    && !out.iter().any(|(x, _, _)| x == u)
                {
                    out.push((u.to_string(), sch, cap));
                }
            }
        }
    }
    Ok(out)
}

fn event(
    store: &SqliteStore,
    captions: &mut HashMap<String, Option<(String, String)>>,
    e: &Entity,
    kind: &str,
    via: Option<String>,
    subjects: &HashSet<String>,
) -> Result<TimelineEvent, ApiError> {
    let schema = model().get(&e.schema).ok();
    let mut counterparts = Vec::new();
    for s in &e.statements {
        let is_entity = schema
            .and_then(|sc| sc.property(&s.prop))
            .is_some_and(|p| p.range.is_some());
        if !is_entity
            || subjects.contains(&s.value)
            || counterparts.iter().any(|c: &EntityRef| c.id == s.value)
        {
            continue;
        }
        // Handsets, SIMs and cells of a call are detail, not parties.
        if s.prop.ends_with("Device") || s.prop.ends_with("Sim") || s.prop.ends_with("Cell") {
            continue;
        }
        let Some((sch, cap)) = summary(store, captions, &s.value)? else {
            continue;
        };
        // A phone or account stands for whoever uses it: name them, number in brackets.
        let users = if USES
            .iter()
            .any(|(_, prop)| sch.eq_ignore_ascii_case(prop) || sch.ends_with("Account"))
        {
            users_of(store, captions, &s.value)?
        } else {
            Vec::new()
        };
        if users.is_empty() {
            counterparts.push(EntityRef {
                id: s.value.clone(),
                schema: sch,
                caption: cap,
            });
            continue;
        }
        for (uid, usch, ucap) in users {
            if !subjects.contains(&uid) && !counterparts.iter().any(|c| c.id == uid) {
                counterparts.push(EntityRef {
                    id: uid,
                    schema: usch,
                    caption: format!("{ucap} ({cap})"),
                });
            }
        }
    }
    let mut details = Vec::new();
    if let Some(a) = e.first("amount") {
        details.push(
            format!("{a} {}", e.first("currency").unwrap_or(""))
                .trim()
                .to_string(),
        );
    }
    if let Some(d) = e.first("duration") {
        details.push(format!("{d} s"));
    }
    if let Some(n) = e.first("passengerCount") {
        details.push(format!("{n} on board"));
    }
    for p in ["channel", "outcome", "callType"] {
        if let Some(v) = e.first(p) {
            details.push(v.to_string());
        }
    }
    let sources = source_tags(e);
    Ok(TimelineEvent {
        id: e.id.clone(),
        schema: e.schema.clone(),
        kind: kind.into(),
        date: e
            .first("startDate")
            .or_else(|| e.first("date"))
            .map(str::to_string),
        caption: e.caption(model()),
        via,
        counterparts,
        details,
        sources,
        subjects: Vec::new(),
    })
}

/// The sources asserting anything of an entity, as `name (grading)`, each once.
pub(super) fn source_tags(e: &Entity) -> Vec<String> {
    let mut sources: Vec<String> = Vec::new();
    for s in &e.statements {
        let tag = format!("{} ({})", s.prov.source, s.prov.grading);
        if !sources.contains(&tag) {
            sources.push(tag);
        }
    }
    sources
}
