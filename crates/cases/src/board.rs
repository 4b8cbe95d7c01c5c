//! The priority board: which investigations and targets to push, across every investigation
//! the caller may see, with the reasons per factor.
//!
//! Each target is measured on six factors, each from one or more counts:
//! - **harm**: crossings, people moved (passenger counts, else passengers listed) and incidents
//!   (seizures, crossings lost or intercepted) within the target's network reach;
//! - **leader**: the target's leader score on the person-level projection (crates/graph);
//! - **reach**: people and countries within reach;
//! - **money**: payments received by the target's party in the ledger (crates/money: accounts
//!   count as their holders, amounts converted with the imported rates);
//! - **freshness**: age of the newest statement about the target or its direct links (its
//!   recorded date, else the import date): 1 when new, falling linearly to 0 at `fresh_days`;
//! - **overlap**: other investigations with a target within reach (deconfliction) — named only
//!   when the caller may see them.
//!
//! A count is normalised by the largest on the board (so 1 is "the most of any target"), a
//! factor is the mean of its normalised counts, and the score is the weighted sum of factors
//! with the supervisors' weights (stored, every change audited). Investigations are scored the
//! same way from their targets' counts pooled (leader and freshness: their best target's).

use crate::{Actor, CaseError, Result, audited, targets, text, time};
use kingpin_graph::rank::{RankConfig, rank_leaders};
use kingpin_graph::{Level, ProjectOptions, project};
use kingpin_sql::{Conn, params};
use kingpin_store::{AnyStore, Store};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The factors, in display order.
pub const FACTORS: [&str; 6] = ["harm", "leader", "reach", "money", "freshness", "overlap"];

/// Weights used until a supervisor sets them.
pub const DEFAULT_WEIGHTS: [f64; 6] = [0.30, 0.20, 0.15, 0.15, 0.10, 0.10];

/// A factor's weight and who set it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Weight {
    /// Factor name.
    pub factor: String,
    /// Relative weight (the board divides by their sum).
    pub weight: f64,
    /// Who set it (`default` if nobody has).
    pub set_by: String,
    /// When.
    pub set_at: Option<String>,
    /// Why.
    pub reason: Option<String>,
}

/// The weights in force, one per factor.
pub fn weights(conn: &mut Conn<'_>) -> Result<Vec<Weight>> {
    crate::schema::ensure(conn)?;
    let mut set = HashMap::new();
    for r in conn.query(
        "SELECT factor, weight, set_by, set_at, reason FROM case_board_weight",
        params![],
    )? {
        let factor: String = r.get(0)?;
        let w = Weight {
            factor: factor.clone(),
            weight: r.get(1)?,
            set_by: r.get(2)?,
            set_at: r.get(3)?,
            reason: r.get(4)?,
        };
        set.insert(factor, w);
    }
    Ok(FACTORS
        .iter()
        .enumerate()
        .map(|(i, f)| {
            set.remove(*f).unwrap_or(Weight {
                factor: f.to_string(),
                weight: DEFAULT_WEIGHTS[i],
                set_by: "default".into(),
                set_at: None,
                reason: None,
            })
        })
        .collect())
}

/// Sets a factor's weight (a supervisor's decision: the caller checks the role), audited with
/// the old and new weight and the reason.
pub fn set_weight(
    conn: &mut Conn<'_>,
    who: &Actor,
    factor: &str,
    weight: f64,
    reason: &str,
) -> Result<()> {
    let factor = factor.trim().to_lowercase();
    if !FACTORS.contains(&factor.as_str()) {
        return Err(CaseError::Invalid(format!(
            "factor: {factor:?} is not one of {}",
            FACTORS.join(", ")
        )));
    }
    if !(0.0..=100.0).contains(&weight) || !weight.is_finite() {
        return Err(CaseError::Invalid(format!(
            "weight: {weight} must be between 0 and 100"
        )));
    }
    let reason = text("reason", reason, 2000)?;
    let old = weights(conn)?
        .into_iter()
        .find(|w| w.factor == factor)
        .map(|w| w.weight);
    audited(conn, who, "case.board.weight", |conn| {
        let all_zero = weights(conn)?
            .iter()
            .all(|w| w.factor == factor || w.weight == 0.0);
        if weight == 0.0 && all_zero {
            return Err(CaseError::Invalid(
                "weight: at least one factor must keep a weight above 0".into(),
            ));
        }
        conn.execute(
            "INSERT INTO case_board_weight(factor, weight, set_by, set_at, reason)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(factor) DO UPDATE SET weight = excluded.weight,
                 set_by = excluded.set_by, set_at = excluded.set_at, reason = excluded.reason",
            params![&factor, weight, &who.actor, &time::now(), &reason],
        )?;
        Ok((
            (),
            factor.clone(),
            serde_json::json!({"factor": factor, "old": old, "new": weight, "reason": reason}),
        ))
    })
}

/// Choices for the board.
#[derive(Debug, Clone)]
pub struct BoardOptions {
    /// How many links out a target's network reaches (link entities such as calls count as one
    /// link with their two ends).
    pub depth: usize,
    /// Largest reach followed per target; beyond it the reach is marked capped.
    pub reach_limit: usize,
    /// The day freshness is measured from (`YYYY-MM-DD`; default today).
    pub today: Option<String>,
    /// Age in days at which intelligence counts as stale (freshness 0).
    pub fresh_days: f64,
}

impl Default for BoardOptions {
    fn default() -> Self {
        BoardOptions {
            depth: 4,
            reach_limit: 20_000,
            today: None,
            fresh_days: 365.0,
        }
    }
}

/// One factor of a score, with its reason.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FactorScore {
    /// Factor name.
    pub factor: &'static str,
    /// 0..1.
    pub value: f64,
    /// Its weight (weights sum to 1).
    pub weight: f64,
    /// `value * weight`; contributions sum to the score.
    pub contribution: f64,
    /// Why, in words and counts.
    pub reason: String,
}

/// A target on the board.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetScore {
    /// Entity id.
    pub entity: String,
    /// Caption.
    pub caption: String,
    /// Weighted score, 0..1.
    pub score: f64,
    /// The factors.
    pub factors: Vec<FactorScore>,
}

/// An investigation on the board, its targets best first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvestigationScore {
    /// Name.
    pub investigation: String,
    /// Weighted score, 0..1.
    pub score: f64,
    /// The factors.
    pub factors: Vec<FactorScore>,
    /// Targets, best first.
    pub targets: Vec<TargetScore>,
}

/// The board.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    /// Day freshness was measured from.
    pub today: String,
    /// Weights in force.
    pub weights: Vec<Weight>,
    /// Investigations, best first.
    pub investigations: Vec<InvestigationScore>,
}

/// What was counted for one target (or pooled for an investigation).
#[derive(Debug, Clone, Default)]
struct Counts {
    crossings: BTreeSet<String>,
    people_moved: f64,
    incidents: BTreeSet<String>,
    leader: Option<(f64, usize)>,
    persons: BTreeSet<String>,
    countries: BTreeSet<String>,
    money: f64,
    payments: usize,
    newest: Option<(String, String)>,
    overlaps: BTreeSet<String>,
    capped: bool,
}

/// Facts about the whole store the targets are measured against.
struct Context {
    leader: HashMap<String, (f64, usize)>,
    /// Each store entity's fellow records of one person (the projection's node members), so
    /// a target's reach starts from every record of them (person records, hawala parties,
    /// subscribers joined by shared identifiers).
    records: HashMap<String, Vec<String>>,
    persons_ranked: usize,
    money: HashMap<String, (f64, usize)>,
    currency: Option<String>,
    imported: HashMap<String, String>,
}

fn context(store: &AnyStore) -> Result<Context> {
    let p = project(
        store,
        &ProjectOptions {
            level: Level::Person,
            ..Default::default()
        },
    )?;
    let ranking = rank_leaders(&p.graph, &RankConfig::default());
    let mut leader = HashMap::new();
    for r in &ranking.ranked {
        for id in p.members(r.node) {
            leader.insert(id.to_string(), (r.score, r.rank));
        }
    }
    let (ledger, _) = kingpin_money::load(store, &kingpin_money::LoadOptions::default())
        .map_err(|e| CaseError::Invalid(format!("money: {e}")))?;
    let mut received: HashMap<u32, (f64, usize)> = HashMap::new();
    for tx in &ledger.txs {
        let e = received.entry(tx.dst).or_default();
        e.0 += tx.amount;
        e.1 += 1;
    }
    // Parties are labelled by one store id; every member of the projection's node counts.
    let mut money = HashMap::new();
    for (v, party) in ledger.parties.iter().enumerate() {
        if let Some(&got) = received.get(&(v as u32)) {
            match p.graph.find(&party.id) {
                Some(node) => {
                    for id in p.members(node) {
                        money.insert(id.to_string(), got);
                    }
                }
                None => {
                    money.insert(party.id.clone(), got);
                }
            }
        }
    }
    let imported = store
        .sources()?
        .into_iter()
        .map(|s| (s.name, s.imported_at.chars().take(10).collect()))
        .collect();
    let mut by_node: HashMap<u32, Vec<String>> = HashMap::new();
    for (id, &node) in p.entity_ids.iter().zip(&p.entity_node) {
        by_node.entry(node).or_default().push(id.to_string());
    }
    let mut records = HashMap::new();
    for ids in by_node.into_values().filter(|v| v.len() > 1) {
        for id in &ids {
            records.insert(id.clone(), ids.clone());
        }
    }
    Ok(Context {
        leader,
        records,
        persons_ranked: ranking.ranked.len(),
        money,
        currency: ledger.currency.clone(),
        imported,
    })
}

/// People on a crossing: its passenger count, else the passengers listed.
fn people_on(e: &kingpin_model::Entity) -> f64 {
    e.first("passengerCount")
        .and_then(|n| n.parse().ok())
        .unwrap_or(e.values("passenger").len() as f64)
}

const COUNTRY_PROPS: [&str; 4] = ["country", "nationality", "jurisdiction", "flag"];

fn count_target(
    store: &AnyStore,
    ctx: &Context,
    entity: &str,
    reach: &HashSet<String>,
    capped: bool,
) -> Result<Counts> {
    let mut c = Counts {
        capped,
        ..Default::default()
    };
    for id in reach {
        let Some(e) = store.entity(id)? else {
            continue;
        };
        for p in COUNTRY_PROPS {
            c.countries
                .extend(e.values(p).into_iter().map(str::to_lowercase));
        }
        match e.schema.as_str() {
            "Person"
                if !ctx.records.get(entity).is_some_and(|r| r.contains(id)) && id != entity =>
            {
                // One person however many records of them are reached.
                let person = ctx.records.get(id).map_or(id, |r| &r[0]);
                c.persons.insert(person.clone());
            }
            "Crossing" => {
                c.crossings.insert(id.clone());
                c.people_moved += people_on(&e);
                let outcome = e.first("outcome").unwrap_or("").to_lowercase();
                if ["lost", "intercepted", "capsized", "dead"]
                    .iter()
                    .any(|o| outcome.contains(o))
                {
                    c.incidents.insert(id.clone());
                }
            }
            "Seizure" => {
                c.incidents.insert(id.clone());
            }
            _ => {}
        }
    }
    c.leader = ctx.leader.get(entity).copied();
    if let Some(&(amount, n)) = ctx.money.get(entity) {
        c.money = amount;
        c.payments = n;
    }
    // Freshness: the target and its direct links.
    let near = kingpin_ingest::chart::neighbourhood(store, &[entity.to_string()], 1, 5_000)?;
    for id in &near.ids {
        let Some(e) = store.entity(id)? else {
            continue;
        };
        for s in &e.statements {
            let day = s
                .prov
                .recorded
                .clone()
                .or_else(|| ctx.imported.get(&s.prov.source).cloned())
                .unwrap_or_default();
            if day.len() >= 10
                && c.newest
                    .as_ref()
                    .is_none_or(|(d, _)| &day[..10] > d.as_str())
            {
                c.newest = Some((
                    day[..10].to_string(),
                    format!("{}, {}", s.prov.source, s.prov.grading),
                ));
            }
        }
    }
    Ok(c)
}

/// Largest of each count over a set, for normalising.
#[derive(Default)]
struct Maxima {
    crossings: f64,
    people: f64,
    incidents: f64,
    persons: f64,
    countries: f64,
    money: f64,
    overlaps: f64,
}

impl Maxima {
    fn of<'a>(all: impl Iterator<Item = &'a Counts>) -> Maxima {
        let mut m = Maxima::default();
        for c in all {
            m.crossings = m.crossings.max(c.crossings.len() as f64);
            m.people = m.people.max(c.people_moved);
            m.incidents = m.incidents.max(c.incidents.len() as f64);
            m.persons = m.persons.max(c.persons.len() as f64);
            m.countries = m.countries.max(c.countries.len() as f64);
            m.money = m.money.max(c.money);
            m.overlaps = m.overlaps.max(c.overlaps.len() as f64);
        }
        m
    }
}

fn ratio(x: f64, max: f64) -> f64 {
    if max > 0.0 { x / max } else { 0.0 }
}

fn list(set: &BTreeSet<String>, max: usize) -> String {
    let mut v: Vec<&str> = set.iter().map(String::as_str).take(max).collect();
    if set.len() > max {
        v.push("…");
    }
    v.join(", ")
}

fn score(
    c: &Counts,
    m: &Maxima,
    w: &[f64; 6],
    ctx: &Context,
    opts: &BoardOptions,
    today: &str,
) -> (f64, Vec<FactorScore>) {
    let harm = (ratio(c.crossings.len() as f64, m.crossings)
        + ratio(c.people_moved, m.people)
        + ratio(c.incidents.len() as f64, m.incidents))
        / 3.0;
    let (leader, leader_reason) = match c.leader {
        Some((s, rank)) => (
            s,
            format!(
                "leader score {s:.3}, #{rank} of {} persons",
                ctx.persons_ranked
            ),
        ),
        None => (0.0, "no ties in the person-level projection".to_string()),
    };
    let reach = (ratio(c.persons.len() as f64, m.persons)
        + ratio(c.countries.len() as f64, m.countries))
        / 2.0;
    let (fresh, fresh_reason) = match &c.newest {
        Some((day, by)) => {
            let age = time::days_between(day, today).max(0.0);
            (
                (1.0 - age / opts.fresh_days).clamp(0.0, 1.0),
                format!("newest statement {day} ({age:.0} days old; {by})"),
            )
        }
        None => (0.0, "no statements".to_string()),
    };
    let currency = ctx.currency.as_deref().unwrap_or("as recorded");
    let values = [
        (
            harm,
            format!(
                "{} crossings, {} people moved, {} incidents within {} links",
                c.crossings.len(),
                c.people_moved,
                c.incidents.len(),
                opts.depth
            ),
        ),
        (leader, leader_reason),
        (
            reach,
            format!(
                "{} people, {} countries ({}){}",
                c.persons.len(),
                c.countries.len(),
                list(&c.countries, 8),
                if c.capped { "; reach capped" } else { "" }
            ),
        ),
        (
            ratio(c.money, m.money),
            format!(
                "{:.0} received in {} payments ({currency})",
                c.money, c.payments
            ),
        ),
        (fresh, fresh_reason),
        (
            ratio(c.overlaps.len() as f64, m.overlaps),
            if c.overlaps.is_empty() {
                "no other investigation within reach".to_string()
            } else {
                format!(
                    "{} other investigation(s) within reach: {}",
                    c.overlaps.len(),
                    list(&c.overlaps, 5)
                )
            },
        ),
    ];
    let total: f64 = w.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    let factors: Vec<FactorScore> = values
        .into_iter()
        .enumerate()
        .map(|(i, (value, reason))| FactorScore {
            factor: FACTORS[i],
            value,
            weight: w[i] / total,
            contribution: value * w[i] / total,
            reason,
        })
        .collect();
    (factors.iter().map(|f| f.contribution).sum(), factors)
}

/// Scores the targets of `visible` investigations (the ones the caller may see; overlaps with
/// others are counted but not named).
pub fn board(store: &mut AnyStore, visible: &[String], opts: &BoardOptions) -> Result<Board> {
    let today = match &opts.today {
        Some(d) => time::date("today", d)?,
        None => time::today(),
    };
    // The investigations' own tables first: the store's reads below borrow the same session.
    let (ws, all_targets, listed) = {
        let conn = &mut store.sql();
        crate::schema::ensure(conn)?;
        let mut listed = Vec::new();
        for inv in visible {
            listed.push((inv.clone(), targets::list(conn, inv)?));
        }
        (weights(conn)?, targets::all(conn)?, listed)
    };
    let w: [f64; 6] = std::array::from_fn(|i| ws[i].weight);
    let ctx = context(store)?;
    let mut per_inv: Vec<(String, Vec<(targets::Target, Counts)>)> = Vec::new();
    for (inv, listed) in listed {
        let mut rows = Vec::new();
        for t in listed {
            // A restricted reader's board neither shows nor scores a target it cannot see:
            // pooled into the investigation's score, the target would still say it exists.
            if !store.view().is_all() && store.entity(&t.entity)?.is_none() {
                continue;
            }
            let seeds = ctx
                .records
                .get(&t.entity)
                .cloned()
                .unwrap_or_else(|| vec![t.entity.clone()]);
            let reach =
                kingpin_ingest::chart::neighbourhood(store, &seeds, opts.depth, opts.reach_limit)?;
            let mut c = count_target(store, &ctx, &t.entity, &reach.ids, reach.capped)?;
            for (other, entity) in &all_targets {
                if *other != inv && reach.ids.contains(entity) {
                    c.overlaps.insert(if visible.contains(other) {
                        other.clone()
                    } else {
                        "another investigation (ask the deconfliction desk)".into()
                    });
                }
            }
            rows.push((t, c));
        }
        per_inv.push((inv, rows));
    }
    let target_max = Maxima::of(per_inv.iter().flat_map(|(_, r)| r.iter().map(|(_, c)| c)));
    let pooled: Vec<Counts> = per_inv
        .iter()
        .map(|(_, rows)| {
            let mut p = Counts::default();
            for (_, c) in rows {
                p.crossings.extend(c.crossings.iter().cloned());
                p.incidents.extend(c.incidents.iter().cloned());
                p.persons.extend(c.persons.iter().cloned());
                p.countries.extend(c.countries.iter().cloned());
                p.overlaps.extend(c.overlaps.iter().cloned());
                p.money += c.money;
                p.payments += c.payments;
                p.capped |= c.capped;
                if c.leader
                    .is_some_and(|(s, _)| p.leader.is_none_or(|(b, _)| s > b))
                {
                    p.leader = c.leader;
                }
                if c.newest
                    .as_ref()
                    .is_some_and(|(d, _)| p.newest.as_ref().is_none_or(|(b, _)| d > b))
                {
                    p.newest = c.newest.clone();
                }
            }
            p
        })
        .collect();
    // People moved over the pooled crossings, each crossing once.
    let mut pooled = pooled;
    for p in pooled.iter_mut() {
        let mut people = 0.0;
        for x in &p.crossings {
            if let Some(e) = store.entity(x)? {
                people += people_on(&e);
            }
        }
        p.people_moved = people;
    }
    let inv_max = Maxima::of(pooled.iter());
    let mut investigations = Vec::new();
    for ((inv, rows), p) in per_inv.into_iter().zip(&pooled) {
        let mut scored = Vec::new();
        for (t, c) in &rows {
            let (s, factors) = score(c, &target_max, &w, &ctx, opts, &today);
            scored.push(TargetScore {
                entity: t.entity.clone(),
                caption: t.caption.clone(),
                score: s,
                factors,
            });
        }
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entity.cmp(&b.entity)));
        let (s, factors) = score(p, &inv_max, &w, &ctx, opts, &today);
        investigations.push(InvestigationScore {
            investigation: inv,
            score: s,
            factors,
            targets: scored,
        });
    }
    investigations.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.investigation.cmp(&b.investigation))
    });
    Ok(Board {
        today,
        weights: ws,
        investigations,
    })
}

/// Every investigation's name (the local administrator sees them all).
pub fn all_investigations(conn: &mut Conn<'_>) -> Result<Vec<String>> {
    crate::schema::ensure(conn)?;
    Ok(conn
        .query("SELECT name FROM investigation ORDER BY name", params![])?
        .iter()
        .map(|r| r.get(0))
        .collect::<kingpin_sql::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{each_store, who};
    use kingpin_ingest::ImportOptions;

    /// op-a pursues the organiser, whose phone calls the pilot of two crossings (one
    /// intercepted) who was caught with an engine, and who received two payments; op-b pursues
    /// a small fish and the same pilot.
    const WORLD: &str = r#"{"id":"p-boss","schema":"Person","recorded":"2026-11-20","properties":{"name":["Boss"],"nationality":["iq"]}}
{"id":"ph-boss","recorded":"2026-10-10","schema":"Phone","properties":{"number":["+447700900001"]}}
{"id":"u-boss","recorded":"2026-10-10","schema":"UsesPhone","properties":{"user":["p-boss"],"phone":["ph-boss"]}}
{"id":"p-pilot","recorded":"2026-10-10","schema":"Person","properties":{"name":["Pilot"],"nationality":["tr"]}}
{"id":"ph-pilot","recorded":"2026-10-10","schema":"Phone","properties":{"number":["+905550000001"]}}
{"id":"u-pilot","recorded":"2026-10-10","schema":"UsesPhone","properties":{"user":["p-pilot"],"phone":["ph-pilot"]}}
{"id":"c-1","recorded":"2026-10-10","schema":"Call","properties":{"caller":["ph-boss"],"receiver":["ph-pilot"],"date":["2026-10-01"]}}
{"id":"x-1","recorded":"2026-10-10","schema":"Crossing","properties":{"pilot":["p-pilot"],"passengerCount":["40"],"outcome":["arrived"],"date":["2026-10-02"]}}
{"id":"x-2","recorded":"2026-10-10","schema":"Crossing","properties":{"pilot":["p-pilot"],"passengerCount":["30"],"outcome":["intercepted"],"date":["2026-10-09"]}}
{"id":"s-1","recorded":"2026-10-10","schema":"Seizure","properties":{"seizedFrom":["p-pilot"],"date":["2026-10-08"]}}
{"id":"p-m1","recorded":"2026-10-10","schema":"Person","properties":{"name":["Migrant One"],"nationality":["af"]}}
{"id":"p-m2","recorded":"2026-10-10","schema":"Person","properties":{"name":["Migrant Two"],"nationality":["er"]}}
{"id":"pay-1","recorded":"2026-10-10","schema":"Payment","properties":{"payer":["p-m1"],"beneficiary":["p-boss"],"amount":["3000"],"currency":["EUR"],"date":["2026-09-01"]}}
{"id":"pay-2","recorded":"2026-10-10","schema":"Payment","properties":{"payer":["p-m2"],"beneficiary":["p-boss"],"amount":["2500"],"currency":["EUR"],"date":["2026-09-03"]}}
{"id":"p-small","schema":"Person","recorded":"2025-06-01","properties":{"name":["Small Fish"],"nationality":["fr"]}}
{"id":"a-1","schema":"Associate","recorded":"2025-06-01","properties":{"subject":["p-small"],"object":["p-m1"]}}
"#;

    fn import(store: &mut AnyStore, name: &str, text: &str) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        kingpin_ingest::ftm::import_ftm(store, &path, &ImportOptions::default(), &mut |_| {})
            .unwrap();
    }

    /// Runs `case` on the world on each backend.
    fn each_world(case: impl Fn(&mut AnyStore)) {
        each_store(|store| {
            import(store, "world.jsonl", WORLD);
            crate::testing::seed(&mut store.sql());
            for (inv, entity) in [("op-a", "p-boss"), ("op-b", "p-small"), ("op-b", "p-pilot")] {
                crate::targets::add(store, &who(), inv, entity, "target", "test").unwrap();
            }
            case(store)
        });
    }

    fn opts() -> BoardOptions {
        BoardOptions {
            today: Some("2026-12-01".into()),
            ..Default::default()
        }
    }

    fn factor<'a>(f: &'a [FactorScore], name: &str) -> &'a FactorScore {
        f.iter().find(|x| x.factor == name).unwrap()
    }

    #[test]
    fn the_organiser_tops_the_board_with_reasons() {
        each_world(organiser_tops);
    }

    fn organiser_tops(store: &mut AnyStore) {
        let all = vec!["op-a".to_string(), "op-b".to_string()];
        let b = board(store, &all, &opts()).unwrap();
        assert_eq!(b.investigations[0].investigation, "op-a");
        let boss = &b.investigations[0].targets[0];
        assert_eq!(boss.entity, "p-boss");
        let harm = factor(&boss.factors, "harm");
        assert!(
            harm.reason
                .starts_with("2 crossings, 70 people moved, 2 incidents"),
            "{}",
            harm.reason
        );
        assert_eq!(harm.value, 1.0);
        let money = factor(&boss.factors, "money");
        assert!(
            money.reason.starts_with("5500 received in 2 payments"),
            "{}",
            money.reason
        );
        assert_eq!(money.value, 1.0);
        let fresh = factor(&boss.factors, "freshness");
        assert!(
            fresh.reason.contains("2026-11-20 (11 days old"),
            "{}",
            fresh.reason
        );
        assert!(factor(&boss.factors, "leader").value > 0.0);
        let reach = factor(&boss.factors, "reach");
        assert!(
            reach.reason.contains("iq") && reach.reason.contains("tr"),
            "{}",
            reach.reason
        );
        // Deconfliction: op-b pursues the pilot, within the organiser's reach.
        let overlap = factor(&boss.factors, "overlap");
        assert!(overlap.reason.contains("op-b"), "{}", overlap.reason);
        let sum: f64 = boss.factors.iter().map(|f| f.contribution).sum();
        assert!((sum - boss.score).abs() < 1e-12);
        let small = b.investigations[1]
            .targets
            .iter()
            .find(|t| t.entity == "p-small")
            .unwrap();
        assert!(small.score < boss.score);
        let stale = factor(&small.factors, "freshness");
        assert!(
            stale.value < fresh.value,
            "{} vs {}",
            stale.reason,
            fresh.reason
        );
    }

    #[test]
    fn reach_starts_from_every_record_of_the_target() {
        // The hawala ledger's party and a police record use one phone: one person in the
        // projection (one link apart in the store). Only the police record pilots the crossing.
        each_world(|store| {
            import(
                store,
                "more.jsonl",
                r#"{"id":"hp-1","schema":"Person","recorded":"2026-10-10","properties":{"name":["H. Party"]}}
{"id":"rec-1","schema":"Person","recorded":"2026-10-10","properties":{"name":["Hemin Party"]}}
{"id":"ph-7","schema":"Phone","recorded":"2026-10-10","properties":{"number":["+447700900777"]}}
{"id":"u-7a","schema":"UsesPhone","recorded":"2026-10-10","properties":{"user":["hp-1"],"phone":["ph-7"]}}
{"id":"u-7b","schema":"UsesPhone","recorded":"2026-10-10","properties":{"user":["rec-1"],"phone":["ph-7"]}}
{"id":"x-9","schema":"Crossing","recorded":"2026-10-10","properties":{"pilot":["rec-1"],"passengerCount":["12"]}}
"#,
            );
            crate::targets::add(store, &who(), "op-a", "hp-1", "target", "test").unwrap();
            let opts = BoardOptions { depth: 1, ..opts() };
            let b = board(store, &["op-a".to_string()], &opts).unwrap();
            let hp = b.investigations[0]
                .targets
                .iter()
                .find(|t| t.entity == "hp-1")
                .unwrap();
            let harm = factor(&hp.factors, "harm");
            assert!(
                harm.reason.starts_with("1 crossings, 12 people moved"),
                "{}",
                harm.reason
            );
        });
    }

    #[test]
    fn overlaps_with_unseen_investigations_are_not_named() {
        each_world(|store| {
            let b = board(store, &["op-a".to_string()], &opts()).unwrap();
            assert_eq!(b.investigations.len(), 1);
            let overlap = factor(&b.investigations[0].targets[0].factors, "overlap");
            assert!(!overlap.reason.contains("op-b"), "{}", overlap.reason);
            assert!(
                overlap.reason.contains("deconfliction desk"),
                "{}",
                overlap.reason
            );
        });
    }

    #[test]
    fn supervisors_weights_change_the_score_and_are_audited() {
        each_world(weights_change);
    }

    fn weights_change(store: &mut AnyStore) {
        let all = vec!["op-a".to_string()];
        let before = board(store, &all, &opts()).unwrap();
        for f in FACTORS {
            if f != "money" {
                set_weight(&mut store.sql(), &who(), f, 0.0, "money only this quarter").unwrap();
            }
        }
        let after = board(store, &all, &opts()).unwrap();
        let t = &after.investigations[0].targets[0];
        assert_eq!(factor(&t.factors, "money").weight, 1.0);
        assert_eq!(t.score, 1.0);
        assert_ne!(before.investigations[0].targets[0].score, t.score);
        let conn = &mut store.sql();
        assert!(matches!(
            set_weight(conn, &who(), "money", 0.0, "none"),
            Err(CaseError::Invalid(_))
        ));
        assert!(set_weight(conn, &who(), "luck", 1.0, "x").is_err());
        assert!(set_weight(conn, &who(), "harm", -1.0, "x").is_err());
        assert_eq!(crate::testing::audited(conn, "case.board.weight"), 5);
        let w = weights(conn).unwrap();
        assert_eq!(w[0].set_by, "ana");
        assert_eq!(w[0].reason.as_deref(), Some("money only this quarter"));
    }
}
