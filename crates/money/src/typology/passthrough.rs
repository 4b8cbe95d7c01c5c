//! Rapid pass-through: an account (a mule) that passes on most of what it receives within a
//! few days. Its account is replayed newest-money-first (LIFO), so older savings sitting in it
//! do not hide money that came in and went straight out.

use super::{Alert, Params, Typology};
use crate::flow::{Method, node_flow};
use crate::ledger::{Ledger, NONE};

/// Parties that received at least `pass_min_in` payments and `min_amount`, and passed on at
/// least `pass_ratio` of it within `hold_days` of its arrival.
pub fn pass_through(l: &Ledger, p: &Params) -> Vec<Alert> {
    let mut out = Vec::new();
    let hold = p.hold_days * 86_400;
    for v in 0..l.party_count() as u32 {
        let (ins, outs) = (l.incoming(v), l.outgoing(v));
        if ins.len() < p.pass_min_in || outs.is_empty() {
            continue;
        }
        let received: f64 = ins.iter().map(|&t| l.tx(t).amount).sum();
        if received < p.min_amount {
            continue;
        }
        let flow = node_flow(l, v, Method::Lifo);
        let mut fast = 0.0;
        let mut payments = Vec::new();
        for f in &flow.funding {
            if f.inflow == NONE {
                continue;
            }
            if l.tx(f.outflow).time - l.tx(f.inflow).time <= hold {
                fast += f.amount;
                payments.push(f.inflow);
                payments.push(f.outflow);
            }
        }
        if fast < p.pass_ratio * received {
            continue;
        }
        let others: Vec<u32> = payments
            .iter()
            .map(|&t| {
                let x = l.tx(t);
                if x.dst == v { x.src } else { x.dst }
            })
            .collect();
        let summary = format!(
            "{} passed on {:.2} of the {:.2} it received ({:.0}%) within {} days",
            l.name(v),
            fast,
            received,
            100.0 * fast / received,
            p.hold_days
        );
        out.push(Alert::new(
            Typology::PassThrough,
            vec![v],
            others,
            payments,
            fast,
            summary,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::tests::ledger;

    #[test]
    fn a_mule_passes_money_on_within_days() {
        // p1 receives 2,000 twice and sends 1,950 on a day later each time; p2 keeps its money
        // for weeks before paying.
        let l = ledger(
            5,
            &[
                (0, 1, 1, 2_000.0),
                (1, 3, 2, 1_950.0),
                (0, 1, 10, 2_000.0),
                (1, 3, 11, 1_950.0),
                (0, 2, 1, 2_000.0),
                (0, 2, 2, 2_000.0),
                (2, 4, 40, 3_900.0),
            ],
        );
        let a = pass_through(&l, &Params::default());
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].subjects, vec![1]);
        // Newest money first: each 1,950 is from the 2,000 that came in the day before.
        assert_eq!(a[0].amount, 3_900.0);
    }
}
