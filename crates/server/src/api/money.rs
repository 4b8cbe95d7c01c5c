//! Follow the money over HTTP: the parties of the caller's ledger, traces forward or backward
//! (flows, final holders, a Sankey diagram, CSV) and laundering typologies with their evidence.
//! The ledger is read through the caller's view, so money recorded only in sources they may
//! not see never enters a trace, a total or an alert.

use super::dto::PageQuery;
use super::ui::analysis::data_version;
use super::{Auth, Shared, noted};
use crate::api::error::{ApiError, ErrorBody};
use crate::roles::Permission;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kingpin_graph::project::parse_epoch;
use kingpin_money::output::{Report, Sankey, alert_view, report, sankey, write_csv};
use kingpin_money::{
    Alert, Direction, Ledger, LoadOptions, Method, Params, StartError, TraceOptions, Typology,
};
use kingpin_store::SqliteStore;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex, OnceLock};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Most payments in a traced chain.
pub const MAX_HOPS: u8 = 12;

/// The money routes, merged into `/api` (so authentication and audit apply).
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/money/parties", get(parties))
        .route("/money/trace", get(trace))
        .route("/money/trace.csv", get(trace_csv))
        .route("/money/patterns", get(patterns))
}

#[derive(OpenApi)]
#[openapi(paths(parties, trace, trace_csv, patterns))]
struct Doc;

/// The money endpoints' part of the OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

/// A view's ledger, with its default typology scan once asked for.
struct Cached {
    ledger: Ledger,
    alerts: OnceLock<Arc<Vec<Alert>>>,
}

type Key = (std::path::PathBuf, Option<Vec<i64>>, (i64, i64));

/// Recently read ledgers (two: a 10M-payment ledger holds about 600 MB).
static CACHE: Mutex<Vec<(Key, Arc<Cached>)>> = Mutex::new(Vec::new());
const CACHED: usize = 2;

fn lock() -> std::sync::MutexGuard<'static, Vec<(Key, Arc<Cached>)>> {
    CACHE.lock().unwrap_or_else(|p| p.into_inner())
}

/// The ledger of what `store`'s view sees (read on first use, then cached by view and data).
fn ledger(store: &SqliteStore, db: &std::path::Path) -> Result<Arc<Cached>, ApiError> {
    let key: Key = (
        db.to_path_buf(),
        store.view().source_ids().map(<[i64]>::to_vec),
        data_version(store)?,
    );
    if let Some((_, c)) = lock().iter().find(|(k, _)| *k == key) {
        return Ok(c.clone());
    }
    let (ledger, _) = kingpin_money::load(store, &LoadOptions::default())
        .map_err(|e| ApiError::internal(format!("reading the ledger: {e}")))?;
    let c = Arc::new(Cached {
        ledger,
        alerts: OnceLock::new(),
    });
    let mut cache = lock();
    if cache.len() >= CACHED {
        cache.remove(0);
    }
    cache.push((key, c.clone()));
    Ok(c)
}

/// Runs `f` on the caller's ledger.
async fn with_ledger<T: Send + 'static>(
    state: &Shared,
    auth: Auth,
    f: impl FnOnce(&Cached) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let p = auth.require(Permission::Analyse)?;
    let path = state.db.sqlite_path()?.to_path_buf();
    state
        .db
        .run(p.view, move |store| f(&*ledger(store, &path)?))
        .await
}

/// Party search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartiesQuery {
    /// Name or id (part of a name is enough); empty: the parties moving the most money.
    pub q: Option<String>,
    /// Parties to return (1-100, default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
}

/// A party of the ledger with its totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyOut {
    /// Entity id of the person or organisation (accounts and phones are folded into it).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Money received, in the ledger's currency.
    pub received: f64,
    /// Money paid out.
    pub paid: f64,
    /// Payments in and out.
    pub payments: usize,
}

/// Parties matching a search.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartiesOut {
    /// Reporting currency (`null`: mixed currencies, no rate table imported).
    pub currency: Option<String>,
    /// Payments in the ledger.
    pub ledger_payments: usize,
    /// Matching parties, the most money moved first.
    pub parties: Vec<PartyOut>,
}

/// Who pays and receives in the ledger the caller can see: to pick where a trace starts.
#[utoipa::path(get, path = "/api/money/parties", tag = "money", params(PartiesQuery),
    responses((status = 200, body = PartiesOut), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn parties(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<PartiesQuery>,
) -> Result<Json<PartiesOut>, ApiError> {
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::bad_request("limit must be 1-100"));
    }
    let text = q.q.unwrap_or_default().trim().to_string();
    with_ledger(&state, auth, move |c| {
        let l = &c.ledger;
        let total = |txs: &[u32]| txs.iter().map(|&i| l.tx(i).amount).sum::<f64>();
        let hits: Vec<u32> = if text.is_empty() {
            (0..l.party_count() as u32).collect()
        } else {
            l.lookup(&text)
        };
        let mut out: Vec<PartyOut> = hits
            .into_iter()
            .filter(|&v| !l.incoming(v).is_empty() || !l.outgoing(v).is_empty())
            .map(|v| PartyOut {
                id: l.parties[v as usize].id.clone(),
                name: l.name(v).to_string(),
                received: total(l.incoming(v)),
                paid: total(l.outgoing(v)),
                payments: l.incoming(v).len() + l.outgoing(v).len(),
            })
            .collect();
        out.sort_by(|a, b| {
            (b.received + b.paid)
                .total_cmp(&(a.received + a.paid))
                .then(a.id.cmp(&b.id))
        });
        out.truncate(limit);
        Ok(PartiesOut {
            currency: l.currency.clone(),
            ledger_payments: l.txs.len(),
            parties: out,
        })
    })
    .await
    .map(Json)
}

/// What to trace.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TraceQuery {
    /// A person or organisation (entity id or name), an account or phone (its holder or user),
    /// or a payment (its transaction number or entity id).
    pub from: String,
    /// `forward` (where the money went, the default) or `backward` (where it came from).
    pub direction: Option<String>,
    /// Most payments in a chain (1-12, default 3).
    #[param(minimum = 1, maximum = 12)]
    pub hops: Option<u8>,
    /// `fifo` (oldest money leaves first, the default) or `proportional`.
    pub method: Option<String>,
    /// Only starting payments on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
    /// Only starting payments before this day.
    pub until: Option<String>,
}

impl TraceQuery {
    fn options(&self) -> Result<TraceOptions, ApiError> {
        let hops = self.hops.unwrap_or(3);
        if !(1..=MAX_HOPS).contains(&hops) {
            return Err(ApiError::bad_request(format!("hops must be 1-{MAX_HOPS}")));
        }
        let direction = match self.direction.as_deref().unwrap_or("forward") {
            "forward" | "" => Direction::Forward,
            "backward" => Direction::Backward,
            other => {
                return Err(ApiError::bad_request(format!(
                    "direction {other:?}: forward or backward"
                )));
            }
        };
        let method = match self.method.as_deref().unwrap_or("fifo") {
            "fifo" | "" => Method::Fifo,
            "proportional" => Method::Proportional,
            other => {
                return Err(ApiError::bad_request(format!(
                    "method {other:?}: fifo or proportional"
                )));
            }
        };
        let date = |s: &Option<String>, what: &str| -> Result<Option<i64>, ApiError> {
            match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(d) => parse_epoch(d).map(Some).ok_or_else(|| {
                    ApiError::bad_request(format!("{what} {d:?}: expected YYYY-MM-DD"))
                }),
            }
        };
        Ok(TraceOptions {
            direction,
            hops,
            method,
            since: date(&self.since, "since")?,
            until: date(&self.until, "until")?,
        })
    }
}

/// A trace: flows, final holders (or origins) and the Sankey diagram of the same flows.
#[derive(Debug, Serialize, ToSchema)]
pub struct TraceOut {
    /// Flows by hop and final holders.
    pub report: Report,
    /// Nodes (a party once per hop column) and links for a Sankey diagram.
    pub sankey: Sankey,
    /// Payments that carried traced money.
    pub payments: usize,
}

fn run_trace(c: &Cached, q: &TraceQuery) -> Result<Report, ApiError> {
    let o = q.options()?;
    let (start, label) = kingpin_money::find_start(&c.ledger, &q.from).map_err(|e| match e {
        StartError::NotFound(m) => ApiError::not_found(m),
        StartError::Ambiguous(m) => ApiError::bad_request(m),
    })?;
    let tr = kingpin_money::trace(&c.ledger, start, &o);
    Ok(report(&c.ledger, &tr, &label))
}

/// Follow money forward or backward from a person, account or payment, over the payments the
/// caller can see.
#[utoipa::path(get, path = "/api/money/trace", tag = "money", params(TraceQuery),
    responses((status = 200, body = TraceOut), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no party or payment matches `from`"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn trace(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<TraceQuery>,
) -> Result<Response, ApiError> {
    q.options()?;
    let out = with_ledger(&state, auth, move |c| {
        let r = run_trace(c, &q)?;
        let payments = r.flows.iter().map(|f| f.payments).sum();
        Ok(TraceOut {
            sankey: sankey(&r),
            report: r,
            payments,
        })
    })
    .await?;
    let detail = serde_json::json!({ "flows": out.report.flows.len() });
    Ok(noted(Json(out).into_response(), detail))
}

/// The same trace's flows as CSV, one row per hop, payer and payee.
#[utoipa::path(get, path = "/api/money/trace.csv", tag = "money", params(TraceQuery),
    responses((status = 200, description = "hop,from_id,from_name,to_id,to_name,amount,currency,payments,first_date,last_date,refs", content_type = "text/csv", body = String),
              (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "no party or payment matches `from`"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn trace_csv(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<TraceQuery>,
) -> Result<Response, ApiError> {
    q.options()?;
    let (csv, flows) = with_ledger(&state, auth, move |c| {
        let r = run_trace(c, &q)?;
        let mut buf = Vec::new();
        write_csv(&r, &mut buf).map_err(|e| ApiError::internal(e.to_string()))?;
        Ok((buf, r.flows.len()))
    })
    .await?;
    let resp = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"trace.csv\"",
            ),
        ],
        csv,
    )
        .into_response();
    Ok(noted(resp, serde_json::json!({ "flows": flows })))
}

/// Which alerts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PatternsQuery {
    /// Typologies, comma-separated (fan-in, fan-out, cycle, scatter-gather, gather-scatter,
    /// structuring, pass-through, hawala-settlement); all when empty.
    pub typology: Option<String>,
    /// Only alerts involving this party (entity id of a person, organisation, account or phone).
    pub party: Option<String>,
    /// Time window of a pattern, in days (1-365, default 30).
    #[param(minimum = 1, maximum = 365)]
    pub window_days: Option<i64>,
    /// The reporting threshold, in the ledger's currency (default 10000).
    #[param(minimum = 1)]
    pub threshold: Option<f64>,
}

/// A party named in an alert.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyRef {
    /// Entity id (a node of the link chart).
    pub id: String,
    /// Display name.
    pub name: String,
}

/// A payment of an alert's evidence.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidencePayment {
    /// Transaction number or entity id.
    pub reference: String,
    /// Payment date.
    pub date: String,
    /// Payer (entity id).
    pub from: String,
    /// Payee (entity id).
    pub to: String,
    /// Amount in the ledger's currency.
    pub amount: f64,
}

/// One detected pattern with its evidence.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertOut {
    /// Typology name.
    pub typology: String,
    /// What was seen.
    pub summary: String,
    /// Money involved.
    pub amount: f64,
    /// First payment date.
    pub first: String,
    /// Last payment date.
    pub last: String,
    /// The parties the pattern is about (the collector, the mule, the hawaladars...).
    pub subjects: Vec<PartyRef>,
    /// Every party involved, subjects first.
    pub members: Vec<PartyRef>,
    /// The payments.
    pub payments: Vec<EvidencePayment>,
}

/// Alerts found per typology.
#[derive(Debug, Serialize, ToSchema)]
pub struct TypologyCount {
    /// Typology name.
    pub typology: String,
    /// Alerts matching the query.
    pub alerts: usize,
}

/// A page of typology alerts.
#[derive(Debug, Serialize, ToSchema)]
pub struct PatternsOut {
    /// Reporting currency of amounts.
    pub currency: Option<String>,
    /// Alerts per typology (after the party filter).
    pub counts: Vec<TypologyCount>,
    /// Alerts matching in all.
    pub total: usize,
    /// Offset of the first item.
    pub offset: usize,
    /// Offset of the next page, if any.
    pub next_offset: Option<usize>,
    /// Alerts, by typology then amount, largest first.
    pub items: Vec<AlertOut>,
}

fn alert_out(l: &Ledger, a: &Alert) -> AlertOut {
    let v = alert_view(l, a);
    let party = |p: &kingpin_money::ledger::Party| PartyRef {
        id: p.id.clone(),
        name: p.name.clone(),
    };
    AlertOut {
        typology: v.typology.to_string(),
        summary: v.summary.to_string(),
        amount: v.amount,
        first: v.first,
        last: v.last,
        subjects: v.subjects.into_iter().map(party).collect(),
        members: v.members.into_iter().map(party).collect(),
        payments: v
            .payments
            .into_iter()
            .map(|p| EvidencePayment {
                reference: p.reference,
                date: p.date,
                from: p.from.to_string(),
                to: p.to.to_string(),
                amount: p.amount,
            })
            .collect(),
    }
}

/// Laundering typologies over the payments the caller can see, each alert with its evidence
/// (parties, payments, amounts, dates).
#[utoipa::path(get, path = "/api/money/patterns", tag = "money", params(PatternsQuery, PageQuery),
    responses((status = 200, body = PatternsOut), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn patterns(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<PatternsQuery>,
    Query(page): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let (offset, limit) = page.bounds()?;
    let mut wanted = Vec::new();
    for t in q
        .typology
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        wanted.push(
            Typology::parse(t)
                .ok_or_else(|| ApiError::bad_request(format!("unknown typology {t:?}")))?,
        );
    }
    let mut params = Params::default();
    if let Some(w) = q.window_days {
        if !(1..=365).contains(&w) {
            return Err(ApiError::bad_request("window_days must be 1-365"));
        }
        params.window_days = w;
    }
    if let Some(t) = q.threshold {
        if !(t.is_finite() && t >= 1.0) {
            return Err(ApiError::bad_request("threshold must be at least 1"));
        }
        params.threshold = t;
    }
    let custom = q.window_days.is_some() || q.threshold.is_some();
    let party = q
        .party
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    let out = with_ledger(&state, auth, move |c| {
        let l = &c.ledger;
        // The default scan is shared by every caller with the same view; other thresholds
        // scan afresh.
        let alerts: Arc<Vec<Alert>> = if custom {
            Arc::new(kingpin_money::scan(l, &params, |_, _| {}))
        } else {
            c.alerts
                .get_or_init(|| Arc::new(kingpin_money::scan(l, &params, |_, _| {})))
                .clone()
        };
        let who = match &party {
            None => None,
            Some(p) => match l.lookup(p).as_slice() {
                [v] => Some(*v),
                _ => return Err(ApiError::not_found(format!("no party {p:?} in the ledger"))),
            },
        };
        let mut hits: Vec<&Alert> = alerts
            .iter()
            .filter(|a| wanted.is_empty() || wanted.contains(&a.typology))
            .filter(|a| who.is_none_or(|v| a.members.contains(&v)))
            .collect();
        hits.sort_by(|a, b| {
            a.typology
                .cmp(&b.typology)
                .then(b.amount.total_cmp(&a.amount))
        });
        let counts = Typology::ALL
            .into_iter()
            .map(|t| TypologyCount {
                typology: t.as_str().to_string(),
                alerts: hits.iter().filter(|a| a.typology == t).count(),
            })
            .collect();
        let total = hits.len();
        Ok(PatternsOut {
            currency: l.currency.clone(),
            counts,
            total,
            offset,
            next_offset: (offset + limit < total).then_some(offset + limit),
            items: hits
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|a| alert_out(l, a))
                .collect(),
        })
    })
    .await?;
    let detail = serde_json::json!({ "results": out.items.len() });
    Ok(noted(Json(out).into_response(), detail))
}
