//! Structuring: one payer's repeated payments just below the reporting threshold, which
//! together exceed it, within the window.

use super::{Alert, Params, Typology};
use crate::ledger::Ledger;

/// Per payer, the window holding the most payments in `[threshold × (1 - band), threshold)`.
pub fn structuring(l: &Ledger, p: &Params) -> Vec<Alert> {
    let low = p.threshold * (1.0 - p.band);
    let mut out = Vec::new();
    let mut near = Vec::new();
    for v in 0..l.party_count() as u32 {
        let outs = l.outgoing(v);
        if outs.len() < p.structuring_min {
            continue;
        }
        near.clear();
        near.extend(outs.iter().copied().filter(|&t| {
            let a = l.tx(t).amount;
            a >= low && a < p.threshold
        }));
        let (mut lo, mut best) = (0usize, 0..0);
        for hi in 0..near.len() {
            while l.tx(near[hi]).time - l.tx(near[lo]).time > p.window() {
                lo += 1;
            }
            if hi + 1 - lo > best.len() {
                best = lo..hi + 1;
            }
        }
        if best.len() < p.structuring_min {
            continue;
        }
        let payments: Vec<u32> = near[best].to_vec();
        let amount: f64 = payments.iter().map(|&t| l.tx(t).amount).sum();
        if amount < p.threshold {
            continue;
        }
        let payees: Vec<u32> = payments.iter().map(|&t| l.tx(t).dst).collect();
        let summary = format!(
            "{} made {} payments between {:.0} and {:.0} within {} days, {:.2} in all",
            l.name(v),
            payments.len(),
            low,
            p.threshold,
            p.window_days,
            amount
        );
        out.push(Alert::new(
            Typology::Structuring,
            vec![v],
            payees,
            payments,
            amount,
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
    fn payments_just_below_the_threshold() {
        let l = ledger(
            3,
            &[
                (0, 1, 1, 9_500.0),
                (0, 2, 3, 9_900.0),
                (0, 1, 6, 9_100.0),
                (1, 2, 2, 9_500.0),
                (1, 2, 4, 12_000.0),
            ],
        );
        let a = structuring(&l, &Params::default());
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].subjects, vec![0]);
        assert_eq!(a[0].amount, 28_500.0);
    }
}
