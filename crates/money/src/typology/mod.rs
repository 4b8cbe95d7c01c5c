//! Laundering typologies: each detector scans the ledger and returns alerts carrying their
//! evidence (the parties, the payments, amounts and dates), never just a score.

mod cycles;
mod fan;
mod hawala;
mod layering;
mod passthrough;
mod structuring;

use serde::Serialize;

use crate::ledger::{Ledger, day};

/// The patterns detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Typology {
    /// Many small payments from many payers to one collector.
    FanIn,
    /// One payer to many payees in a short time.
    FanOut,
    /// Money that comes back to where it started through others.
    Cycle,
    /// One payer splits money over several intermediaries who all pay one payee.
    ScatterGather,
    /// Many payers to a hub, which pays many payees.
    GatherScatter,
    /// Repeated payments just below a reporting threshold.
    Structuring,
    /// An account that passes on most of what it receives within days (a mule).
    PassThrough,
    /// Hawaladars whose books offset each other, settled by direct payments.
    HawalaSettlement,
}

impl Typology {
    /// Every typology.
    pub const ALL: [Typology; 8] = [
        Typology::FanIn,
        Typology::FanOut,
        Typology::Cycle,
        Typology::ScatterGather,
        Typology::GatherScatter,
        Typology::Structuring,
        Typology::PassThrough,
        Typology::HawalaSettlement,
    ];

    /// The name used in output and truth files.
    pub fn as_str(self) -> &'static str {
        match self {
            Typology::FanIn => "fan-in",
            Typology::FanOut => "fan-out",
            Typology::Cycle => "cycle",
            Typology::ScatterGather => "scatter-gather",
            Typology::GatherScatter => "gather-scatter",
            Typology::Structuring => "structuring",
            Typology::PassThrough => "pass-through",
            Typology::HawalaSettlement => "hawala-settlement",
        }
    }

    /// Parses a name from [`Typology::as_str`].
    pub fn parse(s: &str) -> Option<Typology> {
        Typology::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Thresholds of the detectors.
#[derive(Clone, Debug, Serialize)]
pub struct Params {
    /// Time window of a pattern, in days.
    pub window_days: i64,
    /// Fewest distinct counterparties of a fan-in, fan-out or gather-scatter.
    pub fan_min: usize,
    /// The reporting threshold (in the ledger's currency); fan-in counts payments below it.
    pub threshold: f64,
    /// Structuring: payments within this fraction below the threshold.
    pub band: f64,
    /// Structuring: fewest such payments in the window.
    pub structuring_min: usize,
    /// Cycles and scatter-gather: longest chain.
    pub max_len: usize,
    /// Cycles and scatter-gather: the most each hop may shrink (fees), as a fraction.
    pub shrink: f64,
    /// Scatter-gather: fewest intermediaries.
    pub scatter_min: usize,
    /// Pass-through: most days money stays.
    pub hold_days: i64,
    /// Pass-through: least share of what arrived that leaves within `hold_days`.
    pub pass_ratio: f64,
    /// Pass-through: fewest payments in.
    pub pass_min_in: usize,
    /// Pass-through and hawala: smallest total worth flagging.
    pub min_amount: f64,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            window_days: 30,
            fan_min: 5,
            threshold: 10_000.0,
            band: 0.1,
            structuring_min: 3,
            max_len: 6,
            shrink: 0.2,
            scatter_min: 3,
            hold_days: 3,
            pass_ratio: 0.8,
            pass_min_in: 2,
            min_amount: 1_000.0,
        }
    }
}

impl Params {
    fn window(&self) -> i64 {
        self.window_days * 86_400
    }
}

/// One detected pattern with its evidence.
#[derive(Clone, Debug, Serialize)]
pub struct Alert {
    /// Which pattern.
    pub typology: Typology,
    /// The parties the pattern is about (the collector, the mule, the two hawaladars...).
    pub subjects: Vec<u32>,
    /// Every party involved, subjects first.
    pub members: Vec<u32>,
    /// The payments, in time order.
    pub payments: Vec<u32>,
    /// Money involved (the pattern's own measure: collected, cycled, passed through...).
    pub amount: f64,
    /// One line saying what was seen.
    pub summary: String,
}

impl Alert {
    fn new(
        typology: Typology,
        subjects: Vec<u32>,
        others: impl IntoIterator<Item = u32>,
        mut payments: Vec<u32>,
        amount: f64,
        summary: String,
    ) -> Self {
        payments.sort_unstable();
        payments.dedup();
        let mut members = subjects.clone();
        for v in others {
            if !members.contains(&v) {
                members.push(v);
            }
        }
        Alert {
            typology,
            subjects,
            members,
            payments,
            amount,
            summary,
        }
    }

    /// First and last payment dates.
    pub fn dates(&self, l: &Ledger) -> (String, String) {
        let t = |i: Option<&u32>| i.map(|&i| day(l.tx(i).time)).unwrap_or_default();
        (t(self.payments.first()), t(self.payments.last()))
    }
}

/// Runs one detector.
pub fn detect(l: &Ledger, t: Typology, p: &Params) -> Vec<Alert> {
    match t {
        Typology::FanIn => fan::fan(l, p, true),
        Typology::FanOut => fan::fan(l, p, false),
        Typology::Cycle => cycles::cycles(l, p),
        Typology::ScatterGather => layering::scatter_gather(l, p),
        Typology::GatherScatter => layering::gather_scatter(l, p),
        Typology::Structuring => structuring::structuring(l, p),
        Typology::PassThrough => passthrough::pass_through(l, p),
        Typology::HawalaSettlement => hawala::settlement(l, p),
    }
}

/// The payments of `txs` (one party's, in time order) inside the window with the most distinct
/// counterparties, and that count.
pub(crate) fn best_window(
    l: &Ledger,
    txs: &[u32],
    window: i64,
    other: impl Fn(u32) -> u32,
) -> (usize, std::ops::Range<usize>) {
    let mut count: rustc_hash::FxHashMap<u32, u32> = Default::default();
    let (mut lo, mut best, mut range) = (0usize, 0usize, 0..0);
    for hi in 0..txs.len() {
        *count.entry(other(txs[hi])).or_default() += 1;
        while l.tx(txs[hi]).time - l.tx(txs[lo]).time > window {
            let k = other(txs[lo]);
            let c = count.get_mut(&k).expect("counted");
            *c -= 1;
            if *c == 0 {
                count.remove(&k);
            }
            lo += 1;
        }
        if count.len() > best {
            best = count.len();
            range = lo..hi + 1;
        }
    }
    (best, range)
}
