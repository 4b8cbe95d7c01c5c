//! The ledger read from the store: payments (`Payment` entities) between the nodes of the
//! graph's person-level projection, so accounts and phones count as their owners and users,
//! and amounts converted with the imported rates (`ExchangeRate` entities).

use std::collections::BTreeMap;
use std::time::Instant;

use kingpin_graph::project::parse_epoch;
use kingpin_graph::{EdgeType, EdgeTypeSet, Level, ProjectOptions, project};
use kingpin_model::Grading;
use kingpin_store::{FragmentRow, Scan};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::ledger::{Channel, Ledger, LedgerBuilder, NONE, Tx};
use crate::rates::Rates;

/// What to read.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Projection choices (grading, resolved identities); level and edge types are set here.
    pub project: ProjectOptions,
    /// Report in this currency (default: the rates' base currency).
    pub currency: Option<String>,
}

/// Counts of what was read and left out.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LoadStats {
    /// Payments in the ledger.
    pub payments: usize,
    /// Parties (person-level nodes).
    pub parties: usize,
    /// Payments missing a payer, payee, date or amount.
    pub incomplete: usize,
    /// Payments between two records of one party.
    pub self_payments: usize,
    /// Payments left out because their currency has no rate, by currency.
    pub unconverted: BTreeMap<String, usize>,
    /// Currencies seen on payments.
    pub currencies: BTreeMap<String, usize>,
    /// Rates read.
    pub rates: usize,
    /// Fragments graded below the minimum.
    pub skipped_grading: usize,
    /// Seconds taken.
    pub seconds: f64,
}

#[derive(Default)]
struct Partial {
    payer: Option<u32>,
    payee: Option<u32>,
    agent: Option<u32>,
    payout: Option<u32>,
    time: Option<i64>,
    amount: Option<f64>,
    currency: Option<String>,
    channel: Option<Channel>,
    reference: Option<String>,
}

impl Partial {
    fn merge(&mut self, r: &FragmentRow<'_>, node: &impl Fn(&str) -> Option<u32>) {
        for (p, v) in r.statements() {
            match p {
                "payer" => self.payer = self.payer.or(node(v)),
                "beneficiary" => self.payee = self.payee.or(node(v)),
                // An account stands for its holder when the party itself is not named.
                "payerAccount" if self.payer.is_none() => self.payer = node(v),
                "beneficiaryAccount" if self.payee.is_none() => self.payee = node(v),
                "agent" => self.agent = self.agent.or(node(v)),
                "payoutAgent" => self.payout = self.payout.or(node(v)),
                "date" | "startDate" => self.time = self.time.or(parse_epoch(v)),
                "amount" => self.amount = self.amount.or(v.parse().ok()),
                "currency" => {
                    self.currency
                        .get_or_insert_with(|| v.trim().to_ascii_uppercase());
                }
                "channel" => self.channel = self.channel.or(Some(Channel::parse(v))),
                "transactionNumber" => {
                    self.reference.get_or_insert_with(|| v.to_string());
                }
                _ => {}
            }
        }
        if self.reference.is_none() {
            self.reference = Some(r.id.to_string());
        }
    }

    fn complete(&self) -> bool {
        self.payer.is_some() && self.payee.is_some() && self.time.is_some() && self.amount.is_some()
    }
}

fn read_rates(store: &dyn Scan, stats: &mut LoadStats) -> kingpin_store::Result<Rates> {
    let mut rates = Rates::new();
    let mut bases: BTreeMap<String, usize> = BTreeMap::new();
    store.scan_fragments(Some(&["ExchangeRate"]), &mut |r| {
        let (mut cur, mut time, mut rate) = (None, None, None);
        for (p, v) in r.statements() {
            match p {
                "currency" => cur = Some(v),
                "date" | "startDate" => time = parse_epoch(v),
                "rate" => rate = v.parse::<f64>().ok().filter(|x| *x > 0.0),
                "baseCurrency" => *bases.entry(v.trim().to_ascii_uppercase()).or_default() += 1,
                _ => {}
            }
        }
        if let (Some(c), Some(t), Some(x)) = (cur, time, rate) {
            rates.add(c, t, x);
            stats.rates += 1;
        }
        Ok(())
    })?;
    rates.finish();
    rates.base = bases.into_iter().max_by_key(|b| b.1).map(|b| b.0);
    Ok(rates)
}

/// Reads the ledger from the store.
pub fn load(store: &dyn Scan, o: &LoadOptions) -> anyhow::Result<(Ledger, LoadStats)> {
    let started = Instant::now();
    let mut stats = LoadStats::default();
    let popts = ProjectOptions {
        level: Level::Person,
        edge_types: EdgeTypeSet::of(&[EdgeType::Payment]),
        since: None,
        until: None,
        ..o.project.clone()
    };
    let p = project(store, &popts)?;
    let mut rates = read_rates(store, &mut stats)?;
    if let Some(c) = &o.currency {
        let c = c.trim().to_ascii_uppercase();
        if !rates.is_empty() && rates.base.as_deref() != Some(c.as_str()) {
            anyhow::bail!(
                "--currency {c}: the imported rates convert to {}, not {c}",
                rates.base.as_deref().unwrap_or("an unnamed base")
            );
        }
        rates.base = Some(c);
    }
    // With rates, or a currency asked for, payments in other currencies are converted or
    // left out (and counted); never silently added to amounts in another currency.
    let convert = !rates.is_empty() || o.currency.is_some();
    let mut b = LedgerBuilder::new();
    for v in 0..p.graph.node_count() as u32 {
        b.party(p.graph.label(v), p.caption(v));
    }
    let index: FxHashMap<&str, u32> = p
        .entity_ids
        .iter()
        .zip(&p.entity_node)
        .map(|(id, &n)| (&**id, n))
        .collect();
    let node = |id: &str| index.get(id).copied();
    let min = o.project.min_grading;
    let mut done: FxHashSet<i64> = FxHashSet::default();
    let mut partial: FxHashMap<i64, Partial> = FxHashMap::default();
    let mut finished: Vec<Partial> = Vec::new();
    store.scan_fragments(Some(&["Payment"]), &mut |r| {
        if let Some(m) = &min
            && !r.grading.parse::<Grading>().is_ok_and(|g| g.at_least(m))
        {
            stats.skipped_grading += 1;
            return Ok(());
        }
        if done.contains(&r.eid) {
            return Ok(());
        }
        let mut x = partial.remove(&r.eid).unwrap_or_default();
        x.merge(r, &node);
        if x.complete() {
            done.insert(r.eid);
            finished.push(x);
        } else {
            partial.insert(r.eid, x);
        }
        Ok(())
    })?;
    stats.incomplete = partial.len();
    for x in finished {
        let (Some(src), Some(dst), Some(time), Some(amount)) = (x.payer, x.payee, x.time, x.amount)
        else {
            continue;
        };
        let cur = x.currency.unwrap_or_default();
        *stats.currencies.entry(cur.clone()).or_default() += 1;
        let amount = if !convert {
            amount
        } else {
            match rates.convert(amount, &cur, time) {
                Some(a) => a,
                None => {
                    *stats.unconverted.entry(cur).or_default() += 1;
                    continue;
                }
            }
        };
        b.payment(
            Tx {
                src,
                dst,
                time,
                amount,
                agent: x.agent.unwrap_or(NONE),
                payout: x.payout.unwrap_or(NONE),
                channel: x.channel.unwrap_or(Channel::Other),
            },
            x.reference.unwrap_or_default(),
        );
    }
    stats.self_payments = b.self_payments;
    let currency = if convert {
        rates.base.clone()
    } else if stats.currencies.len() == 1 {
        stats.currencies.keys().next().cloned()
    } else {
        // Without rates several currencies stay mixed: the ledger says so.
        None
    };
    let mut ledger = b.build(currency);
    ledger.aliases = index
        .iter()
        .filter(|(id, n)| ledger.parties[**n as usize].id != **id)
        .map(|(id, n)| (Box::from(*id), *n))
        .collect();
    stats.payments = ledger.txs.len();
    stats.parties = ledger.party_count();
    stats.seconds = started.elapsed().as_secs_f64();
    Ok((ledger, stats))
}
