//! Smugglers' adverts and their takedown, for referral officers: the adverts the caller can
//! see with the evidence behind each score, the referral lifecycle (list, move on, batch
//! export for a platform) and its metrics. A referral is visible exactly when its account is
//! visible through the caller's view; moving referrals needs the `refer` permission.

use super::{Auth, Shared, noted};
use crate::api::error::{ApiError, ErrorBody};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kingpin_social::referral::{self, Act, ReferralError, State as RState};
use kingpin_social::{Classifier, Post};
use kingpin_store::{SqliteStore, Store};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use utoipa::{IntoParams, ToSchema};

/// Most adverts one page returns.
pub const MAX_PAGE: usize = 500;

fn classifier() -> &'static Classifier {
    static C: OnceLock<Classifier> = OnceLock::new();
    C.get_or_init(Classifier::new)
}

impl From<ReferralError> for ApiError {
    fn from(e: ReferralError) -> Self {
        match e {
            ReferralError::Transition { .. } => ApiError::conflict(e.to_string()),
            ReferralError::NotFound(_) => ApiError::not_found(e.to_string()),
            other => ApiError::internal(other.to_string()),
        }
    }
}

/// Which adverts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdvertQuery {
    /// Only adverts in this language (`ckb`, `kmr`, `ar`, `ar-latn`, `fa`, `ps`, `vi`, `sq`,
    /// `ti`, `en`).
    pub language: Option<String>,
    /// Only adverts whose account is this SocialAccount entity.
    pub account: Option<String>,
    /// Only adverts whose text or account handle contains this (any case).
    pub q: Option<String>,
    /// Adverts to skip (default 0).
    pub offset: Option<usize>,
    /// Adverts to return (1-500, default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<usize>,
}

/// One piece of evidence behind a score: a feature and the words that show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceSpan {
    /// Feature (`route`, `vehicle`, `price`, `guarantee`, `departure`, `contact`; negatives
    /// `sale`, `travel`, `visa`, `news`, `warning`, `personal`).
    pub feature: String,
    /// Category within the feature.
    pub category: String,
    /// Byte offset in the advert's text where the words start.
    pub start: usize,
    /// Byte offset where they end.
    pub end: usize,
    /// The words as written.
    pub text: String,
}

/// A phone number the advert gives.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactOut {
    /// E.164.
    pub e164: String,
    /// The Phone entity it is linked to, when the caller can see it.
    pub entity: Option<String>,
    /// Byte range in the text where it is written (absent for numbers from links).
    pub start: Option<usize>,
    /// End of that range.
    pub end: Option<usize>,
    /// `digits`, `words` or `link`.
    pub written: Option<String>,
}

/// A referral's number and state, as shown beside an advert.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralRef {
    /// Referral number.
    pub id: i64,
    /// Its state.
    pub state: String,
}

/// An advert with the evidence for its score.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdvertOut {
    /// Advert entity id.
    pub id: String,
    /// The platform's post id.
    pub post_id: Option<String>,
    /// Post URL.
    pub url: Option<String>,
    /// When posted.
    pub date: Option<String>,
    /// SocialAccount entity id.
    pub account: Option<String>,
    /// Platform.
    pub platform: Option<String>,
    /// Account handle.
    pub handle: Option<String>,
    /// Language detected.
    pub language: String,
    /// Advert score in 0..1.
    pub score: f64,
    /// The text.
    pub text: String,
    /// Why it scored: spans of the text.
    pub evidence: Vec<EvidenceSpan>,
    /// Phone numbers, linked to their Phone entities.
    pub contacts: Vec<ContactOut>,
    /// Handles and account links named in the text.
    pub handles: Vec<String>,
    /// Price asked, as written.
    pub price: Option<String>,
    /// The account's referral, if one is open.
    pub referral: Option<ReferralRef>,
}

/// A page of adverts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdvertPage {
    /// Adverts visible to the caller (matching the filters).
    pub total: usize,
    /// This page, highest score first.
    pub adverts: Vec<AdvertOut>,
}

fn advert_out(
    store: &SqliteStore,
    e: &kingpin_model::Entity,
    referrals: &std::collections::HashMap<String, (i64, RState)>,
) -> Result<AdvertOut, ApiError> {
    let text = e.first("bodyText").unwrap_or("").to_string();
    let c = classifier().classify(&Post {
        text: text.clone(),
        ..Post::default()
    });
    let account = e.first("account").map(str::to_string);
    let acc = match &account {
        Some(a) => store.entity(a)?,
        None => None,
    };
    let mut contacts = Vec::new();
    for e164 in e.values("phoneMentioned") {
        let id = format!("phone-{e164}");
        let hit = c.phones.iter().find(|p| p.e164 == e164);
        contacts.push(ContactOut {
            e164: e164.to_string(),
            entity: store.entity(&id)?.map(|_| id),
            start: hit.filter(|h| h.end > 0).map(|h| h.start),
            end: hit.filter(|h| h.end > 0).map(|h| h.end),
            written: hit.and_then(|h| {
                serde_json::to_value(h.written)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
            }),
        });
    }
    Ok(AdvertOut {
        id: e.id.clone(),
        post_id: e.first("recordId").map(str::to_string),
        url: e.first("url").map(str::to_string),
        date: e.first("date").map(str::to_string),
        platform: acc
            .as_ref()
            .and_then(|a| a.first("service").map(str::to_string)),
        handle: acc
            .as_ref()
            .and_then(|a| a.first("username").map(str::to_string)),
        referral: account
            .as_ref()
            .and_then(|a| referrals.get(a))
            .map(|(id, s)| ReferralRef {
                id: *id,
                state: s.as_str().to_string(),
            }),
        account,
        language: e.first("language").unwrap_or(c.language).to_string(),
        score: e
            .first("score")
            .and_then(|s| s.parse().ok())
            .unwrap_or(c.score),
        evidence: c
            .evidence
            .iter()
            .map(|v| EvidenceSpan {
                feature: v.feature.to_string(),
                category: v.category.clone(),
                start: v.start,
                end: v.end,
                text: v.text.clone(),
            })
            .collect(),
        contacts,
        handles: c.handles.iter().map(|h| h.handle.clone()).collect(),
        price: c.price.as_ref().map(|p| p.text.clone()),
        text,
    })
}

/// Adverts the caller can see, highest score first, each with the evidence spans behind its
/// score and its contacts linked to Phone entities.
#[utoipa::path(get, path = "/api/social/adverts", tag = "social", params(AdvertQuery),
    responses((status = 200, body = AdvertPage), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn adverts(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<AdvertQuery>,
) -> Result<Json<AdvertPage>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let limit = q.limit.unwrap_or(50);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::bad_request(format!("limit must be 1-{MAX_PAGE}")));
    }
    let offset = q.offset.unwrap_or(0);
    let needle =
        q.q.as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
    let page = state
        .db
        .run(p.view, move |store| {
            let mut all = Vec::new();
            let mut handles: std::collections::HashMap<String, String> = Default::default();
            store.for_each_entity(Some("Advert"), &mut |e| {
                let lang_ok = q
                    .language
                    .as_deref()
                    .is_none_or(|l| e.first("language") == Some(l));
                let acc_ok = q
                    .account
                    .as_deref()
                    .is_none_or(|a| e.first("account") == Some(a));
                if lang_ok && acc_ok {
                    all.push(e);
                }
                Ok(())
            })?;
            if let Some(n) = &needle {
                let mut keep = Vec::new();
                for e in all {
                    let text = e.first("bodyText").unwrap_or("").to_lowercase();
                    let handle = match e.first("account") {
                        Some(a) => match handles.get(a) {
                            Some(h) => h.clone(),
                            None => {
                                let h = store
                                    .entity(a)?
                                    .and_then(|x| x.first("username").map(str::to_lowercase))
                                    .unwrap_or_default();
                                handles.insert(a.to_string(), h.clone());
                                h
                            }
                        },
                        None => String::new(),
                    };
                    if text.contains(n.as_str()) || handle.contains(n.as_str()) {
                        keep.push(e);
                    }
                }
                all = keep;
            }
            let score = |e: &kingpin_model::Entity| -> f64 {
                e.first("score").and_then(|s| s.parse().ok()).unwrap_or(0.0)
            };
            all.sort_by(|a, b| score(b).total_cmp(&score(a)).then_with(|| a.id.cmp(&b.id)));
            let referrals = visible_referrals(store, None)?
                .into_iter()
                .map(|r| (r.account, (r.id, r.state)))
                .collect();
            let adverts = all
                .iter()
                .skip(offset)
                .take(limit)
                .map(|e| advert_out(store, e, &referrals))
                .collect::<Result<_, _>>()?;
            Ok(AdvertPage {
                total: all.len(),
                adverts,
            })
        })
        .await?;
    Ok(Json(page))
}

/// Referrals whose account the store's view shows.
fn visible_referrals(
    store: &SqliteStore,
    state: Option<RState>,
) -> Result<Vec<referral::Referral>, ApiError> {
    let mut out = Vec::new();
    for r in referral::list(store.connection(), state)? {
        if store.entity(&r.account)?.is_some() {
            out.push(r);
        }
    }
    Ok(out)
}

fn visible_referral(store: &SqliteStore, id: i64) -> Result<referral::Referral, ApiError> {
    let r = referral::get(store.connection(), id)?;
    if store.entity(&r.account)?.is_none() {
        // The same answer as for a number never used: its existence is not disclosed.
        return Err(ReferralError::NotFound(id).into());
    }
    Ok(r)
}

fn parse_state(s: &str) -> Result<RState, ApiError> {
    RState::parse(s).ok_or_else(|| {
        ApiError::bad_request(format!(
            "state {s:?}: one of {}",
            RState::ALL
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// Which referrals.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReferralQuery {
    /// Only referrals in this state (`identified`, `evidence_captured`, `referred`,
    /// `removed`, `declined`, `reappeared`).
    pub state: Option<String>,
}

/// One referral.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralOut {
    /// Referral number.
    pub id: i64,
    /// SocialAccount entity id.
    pub account: String,
    /// Platform.
    pub platform: String,
    /// Handle.
    pub handle: String,
    /// Profile URL.
    pub url: Option<String>,
    /// State.
    pub state: String,
    /// States it may move to next.
    pub next: Vec<String>,
    /// When identified.
    pub identified_at: String,
    /// When last referred.
    pub referred_at: Option<String>,
    /// Batch it went in.
    pub batch: Option<String>,
    /// When removed.
    pub removed_at: Option<String>,
    /// The referral this account replaces (a re-appearance).
    pub reappears_of: Option<i64>,
    /// The referral of the account that replaced this one.
    pub reappeared_as: Option<i64>,
    /// What links a re-appearance to its predecessor.
    pub link: Option<String>,
}

impl From<referral::Referral> for ReferralOut {
    fn from(r: referral::Referral) -> Self {
        ReferralOut {
            id: r.id,
            account: r.account,
            platform: r.platform,
            handle: r.handle,
            url: r.url,
            next: r
                .state
                .next()
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            state: r.state.as_str().to_string(),
            identified_at: r.identified_at,
            referred_at: r.referred_at,
            batch: r.batch,
            removed_at: r.removed_at,
            reappears_of: r.reappears_of,
            reappeared_as: r.reappeared_as,
            link: r.link,
        }
    }
}

/// Referrals of accounts the caller can see, optionally in one state.
#[utoipa::path(get, path = "/api/social/referrals", tag = "social", params(ReferralQuery),
    responses((status = 200, body = Vec<ReferralOut>), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn referrals(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<ReferralQuery>,
) -> Result<Json<Vec<ReferralOut>>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let st = q.state.as_deref().map(parse_state).transpose()?;
    let out = state
        .db
        .run(p.view, move |store| {
            Ok(visible_referrals(store, st)?
                .into_iter()
                .map(ReferralOut::from)
                .collect())
        })
        .await?;
    Ok(Json(out))
}

fn now() -> String {
    kingpin_model::calendar::iso_datetime(crate::tables::now())
}

fn actor(p: &crate::access::Principal) -> kingpin_audit::Actor {
    kingpin_audit::Actor {
        actor: p.user.name.clone(),
        agency: p.user.agency.clone(),
        origin: "api".into(),
    }
}

/// What identification did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Identified {
    /// Referrals opened (accounts with adverts that had none).
    pub opened: Vec<i64>,
    /// Re-appearances found: (removed referral, referral of the new account).
    pub reappeared: Vec<(i64, i64)>,
}

/// Opens a referral for every visible advertising account that has none, and marks removed
/// accounts that came back under a new account (same phone, media or handle pattern).
#[utoipa::path(post, path = "/api/social/referrals/identify", tag = "social",
    responses((status = 200, body = Identified),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn identify(State(state): State<Shared>, auth: Auth) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Refer)?;
    let who = actor(&p);
    let out = state
        .db
        .run(p.view, move |store| {
            let at = now();
            let act = Act { who: &who, at: &at };
            let opened = referral::identify(store, &act)?;
            let reappeared = referral::detect_reappearances(store, &act)?;
            Ok(Identified { opened, reappeared })
        })
        .await?;
    let note = serde_json::json!({"opened": out.opened.len(), "reappeared": out.reappeared.len()});
    Ok(noted(Json(out).into_response(), note))
}

/// A move of one referral.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TransitionRequest {
    /// The state to move to: `evidence_captured` (captures every advert of the account with
    /// its SHA-256), `referred`, `removed` or `declined`.
    pub to: String,
    /// When it happened (ISO 8601, UTC), if not now: platforms answer later than they act.
    pub at: Option<String>,
    /// The batch name, for `referred`.
    pub batch: Option<String>,
}

/// Moves a referral on. The lifecycle is identified → evidence_captured → referred →
/// removed | declined (→ referred again) → reappeared; any other move is refused with 409
/// and the moves allowed.
#[utoipa::path(post, path = "/api/social/referrals/{id}/transition", tag = "social",
    params(("id" = i64, Path, description = "referral number")),
    request_body = TransitionRequest,
    responses((status = 200, body = ReferralOut), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "the lifecycle does not allow this move"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn transition(
    State(state): State<Shared>,
    auth: Auth,
    Path(id): Path<i64>,
    Json(req): Json<TransitionRequest>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Refer)?;
    let to = parse_state(&req.to)?;
    if matches!(to, RState::Identified | RState::Reappeared) {
        return Err(ApiError::bad_request(format!(
            "{} is reached by identification (POST /api/social/referrals/identify), not by a move",
            to.as_str()
        )));
    }
    let at = match req.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => now(),
        Some(a) => {
            if kingpin_graph::project::parse_epoch(a.get(..10).unwrap_or(a)).is_none() {
                return Err(ApiError::bad_request(format!(
                    "at {a:?}: expected an ISO 8601 date or time"
                )));
            }
            a.to_string()
        }
    };
    let who = actor(&p);
    let out = state
        .db
        .run(p.view, move |store| {
            visible_referral(store, id)?;
            let act = Act { who: &who, at: &at };
            if to == RState::EvidenceCaptured {
                let cur = referral::get(store.connection(), id)?;
                if cur.state != RState::Identified {
                    // Let the state machine word the refusal.
                    let tx = store.connection().unchecked_transaction()?;
                    referral::transition(&tx, id, to, &act, serde_json::json!({}))?;
                }
                referral::capture(store, id, &act)?;
                return Ok(referral::get(store.connection(), id)?);
            }
            let detail = match &req.batch {
                Some(b) => serde_json::json!({"batch": b}),
                None => serde_json::json!({}),
            };
            let tx = store.connection().unchecked_transaction()?;
            let r = referral::transition(&tx, id, to, &act, detail)?;
            tx.commit()?;
            Ok(r)
        })
        .await?;
    let note = serde_json::json!({"referral": id, "to": out.state.as_str()});
    Ok(noted(Json(ReferralOut::from(out)).into_response(), note))
}

/// A batch to send to a platform.
#[derive(Debug, Deserialize, ToSchema)]
pub struct BatchRequest {
    /// The platform (`facebook`, `tiktok`, `telegram`...).
    pub platform: String,
    /// Why, as the platform's form asks.
    pub reason: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

/// A referral batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchOut {
    /// Batch name.
    pub batch: String,
    /// Platform.
    pub platform: String,
    /// When referred.
    pub referred_at: String,
    /// The accounts.
    pub accounts: Vec<referral::BatchItem>,
}

/// Refers every visible referral on a platform whose evidence is captured (or that was
/// declined) as one batch, and returns the batch as JSON or CSV for the platform's
/// law-enforcement channel.
#[utoipa::path(post, path = "/api/social/referrals/batch", tag = "social",
    request_body = BatchRequest,
    responses((status = 200, body = BatchOut, description = "the batch (text/csv when format is csv)"),
              (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn batch(
    State(state): State<Shared>,
    auth: Auth,
    Json(req): Json<BatchRequest>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Refer)?;
    let csv = match req.format.as_deref().unwrap_or("json") {
        "json" => false,
        "csv" => true,
        other => {
            return Err(ApiError::bad_request(format!(
                "format {other:?}: json or csv"
            )));
        }
    };
    let platform = req.platform.trim().to_lowercase();
    if platform.is_empty() || platform.len() > 40 {
        return Err(ApiError::bad_request("platform: a platform's name"));
    }
    let reason = req
        .reason
        .clone()
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| {
            "Advertising people-smuggling services (organised immigration crime)".into()
        });
    let who = actor(&p);
    let at = now();
    let name = format!("{platform}-{}", at.replace([':', '-'], ""));
    let (items, b) = {
        let (platform, name, at) = (platform.clone(), name.clone(), at.clone());
        state
            .db
            .run(p.view, move |store| {
                let act = Act { who: &who, at: &at };
                let visible =
                    |r: &referral::Referral| store.entity(&r.account).ok().flatten().is_some();
                let items = referral::refer_batch_of(
                    store.connection(),
                    &platform,
                    &name,
                    &reason,
                    &act,
                    &visible,
                )?;
                Ok((items, name))
            })
            .await?
    };
    let note = serde_json::json!({"batch": b, "accounts": items.len()});
    if csv {
        let mut buf = Vec::new();
        referral::batch_csv(&items, &mut buf).map_err(|e| ApiError::internal(e.to_string()))?;
        let r = (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{b}.csv\""),
                ),
            ],
            buf,
        )
            .into_response();
        return Ok(noted(r, note));
    }
    let out = BatchOut {
        batch: b,
        platform,
        referred_at: at,
        accounts: items,
    };
    Ok(noted(Json(out).into_response(), note))
}

/// Takedown figures over the referrals the caller can see.
#[derive(Debug, Serialize, ToSchema)]
pub struct MetricsOut {
    /// The figures, as `kingpin social metrics` prints them.
    #[schema(value_type = Object)]
    pub metrics: serde_json::Value,
}

/// Referrals and removals per month, time to removal, re-appearance rate and accounts per
/// advertiser network, over what the caller can see.
#[utoipa::path(get, path = "/api/social/metrics", tag = "social",
    responses((status = 200, body = MetricsOut),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn metrics(
    State(state): State<Shared>,
    auth: Auth,
) -> Result<Json<MetricsOut>, ApiError> {
    let p = auth.require(Permission::Read)?;
    let m = state
        .db
        .run(p.view, move |store| {
            let m = kingpin_social::metrics::metrics(store)?;
            serde_json::to_value(&m).map_err(|e| ApiError::internal(e.to_string()))
        })
        .await?;
    Ok(Json(MetricsOut { metrics: m }))
}

/// The routes, merged into `/api`.
pub fn routes() -> axum::Router<Shared> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/social/adverts", get(adverts))
        .route("/social/referrals", get(referrals))
        .route("/social/referrals/identify", post(identify))
        .route("/social/referrals/{id}/transition", post(transition))
        .route("/social/referrals/batch", post(batch))
        .route("/social/metrics", get(metrics))
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    adverts,
    referrals,
    identify,
    transition,
    batch,
    metrics,
    super::maritime::flags,
    super::maritime::trace,
))]
struct Doc;

/// The social and maritime endpoints' part of the OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    <Doc as utoipa::OpenApi>::openapi()
}
