//! Hawala settlement: an entry booked with hawaladar A and paid out by hawaladar B leaves A
//! owing B. Hawaladars square such books by offsetting entries the other way and by direct
//! payments (often dressed as trade). A pair is flagged when its entries are offset by entries
//! the other way, or settled by direct payments between the two.

use rustc_hash::FxHashMap;

use super::{Alert, Params, Typology};
use crate::ledger::{Channel, Ledger, NONE};

#[derive(Default)]
struct Books {
    /// Owed from the lower-numbered hawaladar to the higher, and back.
    owed: [f64; 2],
    /// Paid directly, lower to higher and back.
    paid: [f64; 2],
    entries: Vec<u32>,
    settlements: Vec<u32>,
}

/// Pairs of hawaladars whose books offset or are settled by direct payments.
pub fn settlement(l: &Ledger, p: &Params) -> Vec<Alert> {
    let mut books: FxHashMap<(u32, u32), Books> = FxHashMap::default();
    let mut agent = vec![false; l.party_count()];
    for (i, t) in l.txs.iter().enumerate() {
        if t.agent == NONE || t.payout == NONE || t.agent == t.payout {
            continue;
        }
        agent[t.agent as usize] = true;
        agent[t.payout as usize] = true;
        let (a, b) = (t.agent.min(t.payout), t.agent.max(t.payout));
        let e = books.entry((a, b)).or_default();
        e.owed[usize::from(t.agent != a)] += t.amount;
        e.entries.push(i as u32);
    }
    for (i, t) in l.txs.iter().enumerate() {
        if t.channel == Channel::Hawala || !agent[t.src as usize] || !agent[t.dst as usize] {
            continue;
        }
        let (a, b) = (t.src.min(t.dst), t.src.max(t.dst));
        if let Some(e) = books.get_mut(&(a, b)) {
            e.paid[usize::from(t.src != a)] += t.amount;
            e.settlements.push(i as u32);
        }
    }
    let mut pairs: Vec<((u32, u32), Books)> = books.into_iter().collect();
    pairs.sort_by_key(|(k, _)| *k);
    let mut out = Vec::new();
    for ((a, b), e) in pairs {
        let offset = e.owed[0].min(e.owed[1]);
        let paid = e.paid[0] + e.paid[1];
        let settled = e.paid[0].min(e.owed[0]) + e.paid[1].min(e.owed[1]);
        // Net debt left after offsetting entries, and how it was squared.
        if offset + settled < p.min_amount || (offset == 0.0 && settled == 0.0) {
            continue;
        }
        let summary = format!(
            "{} and {}: entries {:.2} one way and {:.2} the other (offsetting {:.2}); direct payments {:.2}",
            l.name(a),
            l.name(b),
            e.owed[0],
            e.owed[1],
            offset,
            paid
        );
        let mut payments = e.entries;
        payments.extend(e.settlements);
        out.push(Alert::new(
            Typology::HawalaSettlement,
            vec![a, b],
            [],
            payments,
            offset + settled,
            summary,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{LedgerBuilder, Tx};

    #[test]
    fn books_squared_by_a_direct_payment() {
        let mut b = LedgerBuilder::new();
        for v in 0..6 {
            b.party(format!("p{v}"), format!("P{v}"));
        }
        // Hawaladars p4 (takes deposits) and p5 (pays out): p4 owes p5 3 × 2,000; p4 pays p5
        // 6,000 by bank. An unrelated bank payment p0 → p1.
        let tx = |src, dst, day: i64, amount, agent, payout, channel| Tx {
            src,
            dst,
            time: day * 86_400,
            amount,
            agent,
            payout,
            channel,
        };
        for k in 0..3 {
            b.payment(
                tx(k, 3, k as i64, 2_000.0, 4, 5, Channel::Hawala),
                format!("h{k}"),
            );
        }
        b.payment(tx(4, 5, 10, 6_000.0, NONE, NONE, Channel::Bank), "s1");
        b.payment(tx(0, 1, 11, 6_000.0, NONE, NONE, Channel::Bank), "x");
        let l = b.build(None);
        let a = settlement(&l, &Params::default());
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].subjects, vec![4, 5]);
        assert_eq!(a[0].payments.len(), 4);
        assert_eq!(a[0].amount, 6_000.0);
    }
}
