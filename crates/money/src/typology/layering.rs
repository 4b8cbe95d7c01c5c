//! Layering shapes: scatter-gather (one payer splits money over intermediaries who all pass it
//! to one payee) and gather-scatter (a hub collects from many and pays out to many).

use rustc_hash::FxHashMap;

use super::{Alert, Params, Typology, best_window};
use crate::ledger::Ledger;

/// Scatter-gather: `s` pays intermediaries `m`, each of whom passes most of it on to the same
/// `t` within the window.
pub fn scatter_gather(l: &Ledger, p: &Params) -> Vec<Alert> {
    let mut out = Vec::new();
    // target → (intermediary → (first payment, onward payment)).
    let mut via: FxHashMap<u32, FxHashMap<u32, (u32, u32)>> = FxHashMap::default();
    for s in 0..l.party_count() as u32 {
        let outs = l.outgoing(s);
        if outs.len() < p.scatter_min {
            continue;
        }
        via.clear();
        for &e1 in outs {
            let t1 = l.tx(e1);
            let m_outs = l.outgoing(t1.dst);
            let from = m_outs.partition_point(|&x| x <= e1);
            for &e2 in &m_outs[from..] {
                let t2 = l.tx(e2);
                if t2.time - t1.time > p.window() {
                    break;
                }
                if t2.dst == s || t2.amount > t1.amount * 1.01 {
                    continue;
                }
                if t2.amount >= t1.amount * (1.0 - p.shrink) {
                    via.entry(t2.dst)
                        .or_default()
                        .entry(t1.dst)
                        .or_insert((e1, e2));
                }
            }
        }
        let mut targets: Vec<u32> = via
            .iter()
            .filter(|(_, ms)| ms.len() >= p.scatter_min)
            .map(|(t, _)| *t)
            .collect();
        targets.sort_unstable();
        for t in targets {
            let ms = &via[&t];
            let mut mids: Vec<u32> = ms.keys().copied().collect();
            mids.sort_unstable();
            let payments: Vec<u32> = mids.iter().flat_map(|m| [ms[m].0, ms[m].1]).collect();
            let amount: f64 = mids.iter().map(|m| l.tx(ms[m].1).amount).sum();
            let summary = format!(
                "{} split money over {} intermediaries who passed {:.2} on to {}",
                l.name(s),
                mids.len(),
                amount,
                l.name(t)
            );
            out.push(Alert::new(
                Typology::ScatterGather,
                vec![s, t],
                mids,
                payments,
                amount,
                summary,
            ));
        }
    }
    out
}

/// Gather-scatter: a hub receives from at least `fan_min` payers and pays at least `fan_min`
/// payees within the window, passing on at least half of what it gathered.
pub fn gather_scatter(l: &Ledger, p: &Params) -> Vec<Alert> {
    let mut out = Vec::new();
    for h in 0..l.party_count() as u32 {
        let (ins, outs) = (l.incoming(h), l.outgoing(h));
        if ins.len() < p.fan_min || outs.len() < p.fan_min {
            continue;
        }
        let (n_in, r_in) = best_window(l, ins, p.window(), |t| l.tx(t).src);
        if n_in < p.fan_min {
            continue;
        }
        let gathered = &ins[r_in];
        let (start, end) = (
            l.tx(gathered[0]).time,
            l.tx(*gathered.last().expect("non-empty")).time,
        );
        // Payments out from the first gathered one until a window after the last.
        let first_out = outs.partition_point(|&x| x <= gathered[0]);
        let scattered: Vec<u32> = outs[first_out..]
            .iter()
            .copied()
            .take_while(|&x| l.tx(x).time <= end + p.window())
            .collect();
        let payees: rustc_hash::FxHashSet<u32> = scattered.iter().map(|&x| l.tx(x).dst).collect();
        if payees.len() < p.fan_min {
            continue;
        }
        let g: f64 = gathered.iter().map(|&x| l.tx(x).amount).sum();
        let s: f64 = scattered.iter().map(|&x| l.tx(x).amount).sum();
        if s < 0.5 * g {
            continue;
        }
        let others: Vec<u32> = gathered
            .iter()
            .map(|&x| l.tx(x).src)
            .chain(scattered.iter().map(|&x| l.tx(x).dst))
            .collect();
        let summary = format!(
            "{} gathered {:.2} from {n_in} payers and paid {:.2} to {} payees within {} days of {}",
            l.name(h),
            g,
            s,
            payees.len(),
            p.window_days,
            crate::ledger::day(start)
        );
        let payments = gathered.iter().chain(&scattered).copied().collect();
        out.push(Alert::new(
            Typology::GatherScatter,
            vec![h],
            others,
            payments,
            s.min(g),
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
    fn scatter_gather_through_three_intermediaries() {
        // p0 pays p1, p2, p3 3,000 each; each pays p4 2,900 a day later.
        let mut rows = Vec::new();
        for m in 1..=3u32 {
            rows.push((0, m, m as i64, 3_000.0));
            rows.push((m, 4, m as i64 + 1, 2_900.0));
        }
        let l = ledger(5, &rows);
        let a = scatter_gather(&l, &Params::default());
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].subjects, vec![0, 4]);
        assert_eq!(a[0].payments.len(), 6);
        assert_eq!(a[0].amount, 8_700.0);
    }

    #[test]
    fn gather_scatter_hub() {
        // p0..p4 pay the hub p5 1,000 each, the hub pays p6..p10 900 each.
        let mut rows = Vec::new();
        for s in 0..5u32 {
            rows.push((s, 5, 1 + s as i64, 1_000.0));
            rows.push((5, 6 + s, 10 + s as i64, 900.0));
        }
        let l = ledger(11, &rows);
        let a = gather_scatter(&l, &Params::default());
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].subjects, vec![5]);
        assert_eq!(a[0].amount, 4_500.0);
        assert!(scatter_gather(&l, &Params::default()).is_empty());
    }
}
