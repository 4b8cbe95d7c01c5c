//! Cycles: money that leaves a party and comes back to it through others, each payment later
//! than the one before and not much smaller (a few per cent lost to fees at each hop).

use rustc_hash::FxHashSet;

use super::{Alert, Params, Typology};
use crate::ledger::Ledger;

struct Search<'a> {
    l: &'a Ledger,
    p: &'a Params,
    start: u32,
    deadline: i64,
    path: Vec<u32>,
    nodes: Vec<u32>,
    budget: usize,
}

impl Search<'_> {
    /// Depth-first from the last payment of `path`; true when a cycle was closed.
    fn go(&mut self) -> bool {
        let last = *self.path.last().expect("non-empty");
        let t = self.l.tx(last);
        let outs = self.l.outgoing(t.dst);
        // Only payments after `last` in time order.
        let from = outs.partition_point(|&x| x <= last);
        for &next in &outs[from..] {
            if self.budget == 0 {
                return false;
            }
            self.budget -= 1;
            let n = self.l.tx(next);
            if n.time > self.deadline {
                break;
            }
            if n.amount > t.amount * 1.01 || n.amount < t.amount * (1.0 - self.p.shrink) {
                continue;
            }
            if n.dst == self.start {
                self.path.push(next);
                return true;
            }
            if self.path.len() + 1 >= self.p.max_len || self.nodes.contains(&n.dst) {
                continue;
            }
            self.path.push(next);
            self.nodes.push(n.dst);
            if self.go() {
                return true;
            }
            self.path.pop();
            self.nodes.pop();
        }
        false
    }
}

/// Every time-respecting cycle of 2 to `max_len` payments within the window, reported once
/// per set of parties (the earliest), with every payment on it.
pub fn cycles(l: &Ledger, p: &Params) -> Vec<Alert> {
    let mut seen: FxHashSet<Vec<u32>> = FxHashSet::default();
    let mut out = Vec::new();
    for first in 0..l.txs.len() as u32 {
        let t = l.tx(first);
        let mut s = Search {
            l,
            p,
            start: t.src,
            deadline: t.time + p.window(),
            path: vec![first],
            nodes: vec![t.src, t.dst],
            // A bound on the work per starting payment keeps hubs from blowing up the scan.
            budget: 10_000,
        };
        if !s.go() {
            continue;
        }
        let mut key: Vec<u32> = s.nodes.clone();
        key.sort_unstable();
        if !seen.insert(key) {
            continue;
        }
        let payments = s.path;
        let amount = l.tx(payments[0]).amount;
        let names: Vec<&str> = s.nodes.iter().map(|&v| l.name(v)).collect();
        let summary = format!(
            "{:.2} went round {} parties in {} payments: {} → back",
            amount,
            s.nodes.len(),
            payments.len(),
            names.join(" → ")
        );
        out.push(Alert::new(
            Typology::Cycle,
            s.nodes.clone(),
            [],
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
    fn finds_a_round_trip_once() {
        // p0 → p1 → p2 → p0, 10,000 shrinking by fees, twice; p3 pays p0 unrelated.
        let l = ledger(
            4,
            &[
                (0, 1, 1, 10_000.0),
                (1, 2, 2, 9_800.0),
                (2, 0, 3, 9_600.0),
                (0, 1, 10, 10_000.0),
                (1, 2, 11, 9_800.0),
                (2, 0, 12, 9_600.0),
                (3, 0, 4, 9_600.0),
            ],
        );
        let a = cycles(&l, &Params::default());
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].members.len(), 3);
        assert_eq!(a[0].payments, vec![0, 1, 2]);
    }

    #[test]
    fn time_must_run_forward_round_the_cycle() {
        // p2 → p0 happens before p0 → p1 → p2: no cycle.
        let l = ledger(
            3,
            &[(2, 0, 1, 9_600.0), (0, 1, 2, 10_000.0), (1, 2, 3, 9_800.0)],
        );
        assert!(cycles(&l, &Params::default()).is_empty());
    }
}
