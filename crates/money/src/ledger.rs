//! The ledger: payments between parties (people and organisations, their accounts and phones
//! already folded onto them), sorted by time, with per-party indexes of payments in and out.
//!
//! A payment's index is its place in time order, so "earlier" is "smaller index" everywhere:
//! payments on the same timestamp keep the order they were added in (the store's order).

use rustc_hash::FxHashMap;
use serde::Serialize;

/// No party (a payment without a known agent).
pub const NONE: u32 = u32::MAX;

/// How a payment moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Bank transfer.
    Bank,
    /// Money-service business (money transfer operator).
    Transfer,
    /// An entry in a hawala ledger.
    Hawala,
    /// Cash, crypto or unrecorded.
    Other,
}

impl Channel {
    /// Reads a `channel` value as written in ledgers.
    pub fn parse(s: &str) -> Channel {
        let s = s.to_ascii_lowercase();
        if s.contains("hawala") {
            Channel::Hawala
        } else if s.contains("bank") || s.contains("sepa") || s.contains("wire") {
            Channel::Bank
        } else if s.contains("transfer") || s.contains("msb") || s.contains("remit") {
            Channel::Transfer
        } else {
            Channel::Other
        }
    }
}

/// One payment, compact (a ledger of 10M fits in well under 1 GB).
#[derive(Clone, Copy, Debug)]
pub struct Tx {
    /// Paying party.
    pub src: u32,
    /// Receiving party.
    pub dst: u32,
    /// Epoch seconds.
    pub time: i64,
    /// Amount in the ledger's reporting currency (or as recorded when no rates were given).
    pub amount: f64,
    /// The hawaladar or money-service business that took the money ([`NONE`] if none).
    pub agent: u32,
    /// The hawaladar who paid the beneficiary out ([`NONE`] if not recorded).
    pub payout: u32,
    /// How it moved.
    pub channel: Channel,
}

/// A party: a node of the person-level projection.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct Party {
    /// The store entity id that labels the node.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// Payments in time order with indexes by party.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Parties by number.
    pub parties: Vec<Party>,
    /// Payments in time order.
    pub txs: Vec<Tx>,
    /// Each payment's reference (transaction number, else store id); empty when not kept.
    pub refs: Vec<Box<str>>,
    /// Currency amounts are reported in (`None`: as recorded, possibly mixed).
    pub currency: Option<String>,
    /// Store entity ids folded into a party (accounts, phones, other records of a person),
    /// so a trace can start from an account; filled by [`crate::load`].
    pub aliases: FxHashMap<Box<str>, u32>,
    out_start: Vec<u32>,
    out_tx: Vec<u32>,
    in_start: Vec<u32>,
    in_tx: Vec<u32>,
}

/// Collects payments, then sorts and indexes them.
#[derive(Default)]
pub struct LedgerBuilder {
    parties: Vec<Party>,
    txs: Vec<(Tx, Box<str>)>,
    /// Payments dropped because both ends are one party (a person's own accounts).
    pub self_payments: usize,
}

impl LedgerBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a party and returns its number.
    pub fn party(&mut self, id: impl Into<String>, name: impl Into<String>) -> u32 {
        self.parties.push(Party {
            id: id.into(),
            name: name.into(),
        });
        (self.parties.len() - 1) as u32
    }

    /// Adds a payment (dropped, and counted, when payer and payee are one party).
    pub fn payment(&mut self, tx: Tx, reference: impl Into<Box<str>>) {
        if tx.src == tx.dst {
            self.self_payments += 1;
            return;
        }
        self.txs.push((tx, reference.into()));
    }

    /// Sorts payments by time (stable: ties keep insertion order) and indexes them.
    pub fn build(mut self, currency: Option<String>) -> Ledger {
        self.txs.sort_by_key(|(t, _)| t.time);
        let keep_refs = self.txs.iter().any(|(_, r)| !r.is_empty());
        let (txs, refs): (Vec<Tx>, Vec<Box<str>>) = if keep_refs {
            self.txs.into_iter().unzip()
        } else {
            (self.txs.into_iter().map(|(t, _)| t).collect(), Vec::new())
        };
        Ledger::index(self.parties, txs, refs, currency)
    }
}

fn csr(n: usize, keys: impl Iterator<Item = u32> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n + 1];
    for k in keys.clone() {
        start[k as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut out = vec![0u32; start[n] as usize];
    for (i, k) in keys.enumerate() {
        out[fill[k as usize] as usize] = i as u32;
        fill[k as usize] += 1;
    }
    (start, out)
}

impl Ledger {
    /// Builds the indexes over payments already in time order.
    pub fn index(
        parties: Vec<Party>,
        txs: Vec<Tx>,
        refs: Vec<Box<str>>,
        currency: Option<String>,
    ) -> Ledger {
        let n = parties.len();
        let (out_start, out_tx) = csr(n, txs.iter().map(|t| t.src));
        let (in_start, in_tx) = csr(n, txs.iter().map(|t| t.dst));
        Ledger {
            parties,
            txs,
            refs,
            currency,
            aliases: FxHashMap::default(),
            out_start,
            out_tx,
            in_start,
            in_tx,
        }
    }

    /// Payments made by `v`, in time order.
    pub fn outgoing(&self, v: u32) -> &[u32] {
        &self.out_tx[self.out_start[v as usize] as usize..self.out_start[v as usize + 1] as usize]
    }

    /// Payments received by `v`, in time order.
    pub fn incoming(&self, v: u32) -> &[u32] {
        &self.in_tx[self.in_start[v as usize] as usize..self.in_start[v as usize + 1] as usize]
    }

    /// Payment `i`.
    pub fn tx(&self, i: u32) -> &Tx {
        &self.txs[i as usize]
    }

    /// A payment's reference for evidence (`#i` when references were not kept).
    pub fn reference(&self, i: u32) -> String {
        match self.refs.get(i as usize) {
            Some(r) if !r.is_empty() => r.to_string(),
            _ => format!("#{i}"),
        }
    }

    /// Display name of party `v`.
    pub fn name(&self, v: u32) -> &str {
        &self.parties[v as usize].name
    }

    /// Number of parties.
    pub fn party_count(&self) -> usize {
        self.parties.len()
    }

    /// Parties whose id is `q` (or that an account, phone or record `q` was folded into), else
    /// whose name equals `q` (any case), else contains it.
    pub fn lookup(&self, q: &str) -> Vec<u32> {
        if let Some(i) = self.parties.iter().position(|p| p.id == q) {
            return vec![i as u32];
        }
        if let Some(&v) = self.aliases.get(q) {
            return vec![v];
        }
        let ql = q.to_lowercase();
        let exact: Vec<u32> = (0..self.parties.len() as u32)
            .filter(|&v| self.parties[v as usize].name.to_lowercase() == ql)
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        (0..self.parties.len() as u32)
            .filter(|&v| self.parties[v as usize].name.to_lowercase().contains(&ql))
            .collect()
    }
}

/// `YYYY-MM-DD` of epoch seconds (UTC).
pub fn day(t: i64) -> String {
    let days = t.div_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A ledger from `(src, dst, day, amount)` rows over `n` parties named p0, p1...
    pub fn ledger(n: u32, rows: &[(u32, u32, i64, f64)]) -> Ledger {
        let mut b = LedgerBuilder::new();
        for v in 0..n {
            b.party(format!("p{v}"), format!("P{v}"));
        }
        for (k, &(s, d, t, a)) in rows.iter().enumerate() {
            b.payment(
                Tx {
                    src: s,
                    dst: d,
                    time: t * 86_400,
                    amount: a,
                    agent: NONE,
                    payout: NONE,
                    channel: Channel::Bank,
                },
                format!("t{k}"),
            );
        }
        b.build(Some("EUR".into()))
    }

    #[test]
    fn indexes_are_in_time_order() {
        let l = ledger(
            3,
            &[
                (0, 1, 5, 10.0),
                (0, 2, 1, 5.0),
                (1, 2, 7, 3.0),
                (1, 1, 2, 1.0),
            ],
        );
        assert_eq!(l.txs.len(), 3, "self-payment dropped");
        assert_eq!(l.outgoing(0), &[0, 1]);
        assert_eq!(l.tx(0).dst, 2);
        assert_eq!(l.incoming(2), &[0, 2]);
        assert_eq!(l.reference(0), "t1");
        assert_eq!(day(0), "1970-01-01");
        assert_eq!(day(1_709_596_800), "2024-03-05");
        assert_eq!(l.lookup("p1"), vec![1]);
        assert_eq!(l.lookup("P2"), vec![2]);
    }
}
