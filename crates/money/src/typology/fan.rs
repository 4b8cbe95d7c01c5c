//! Fan-in (many payers, small amounts, one collector) and fan-out (one payer, many payees).

use super::{Alert, Params, Typology, best_window};
use crate::ledger::Ledger;

/// Fan-in when `incoming`, else fan-out: per party, the window with the most distinct
/// counterparties among payments below the threshold.
pub fn fan(l: &Ledger, p: &Params, incoming: bool) -> Vec<Alert> {
    let mut out = Vec::new();
    let mut small = Vec::new();
    for v in 0..l.party_count() as u32 {
        let txs = if incoming {
            l.incoming(v)
        } else {
            l.outgoing(v)
        };
        if txs.len() < p.fan_min {
            continue;
        }
        small.clear();
        small.extend(
            txs.iter()
                .copied()
                .filter(|&t| l.tx(t).amount < p.threshold),
        );
        let other = |t: u32| {
            if incoming { l.tx(t).src } else { l.tx(t).dst }
        };
        let (n, range) = best_window(l, &small, p.window(), other);
        if n < p.fan_min {
            continue;
        }
        let payments: Vec<u32> = small[range].to_vec();
        let amount: f64 = payments.iter().map(|&t| l.tx(t).amount).sum();
        let others: Vec<u32> = payments.iter().map(|&t| other(t)).collect();
        let (typology, verb) = if incoming {
            (Typology::FanIn, "received")
        } else {
            (Typology::FanOut, "paid")
        };
        let summary = format!(
            "{} {verb} {} payments below {:.0} {} {n} parties within {} days, {:.2} in all",
            l.name(v),
            payments.len(),
            p.threshold,
            if incoming { "from" } else { "to" },
            p.window_days,
            amount
        );
        out.push(Alert::new(
            typology,
            vec![v],
            others,
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
    fn many_small_payers_make_a_fan_in() {
        // p0 gets 500 from each of p1..p5 within 10 days, and one 20,000 (not small).
        let mut rows: Vec<(u32, u32, i64, f64)> =
            (1..=5).map(|s| (s, 0, s as i64 * 2, 500.0)).collect();
        rows.push((6, 0, 3, 20_000.0));
        let l = ledger(7, &rows);
        let a = fan(&l, &Params::default(), true);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].subjects, vec![0]);
        assert_eq!(a[0].payments.len(), 5);
        assert_eq!(a[0].amount, 2_500.0);
        assert!(fan(&l, &Params::default(), false).is_empty());
        // Spread over 100 days, no 30-day window holds five payers.
        let spread: Vec<_> = (1..=5).map(|s| (s, 0, s as i64 * 25, 500.0)).collect();
        assert!(fan(&ledger(6, &spread), &Params::default(), true).is_empty());
    }
}
