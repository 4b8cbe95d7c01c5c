//! Multi-hop tracing: from a party or a payment, forward (where did the money go?) or backward
//! (where did it come from?), along time-respecting paths only, apportioning each amount by the
//! accounts' replay ([`crate::flow`]).
//!
//! Tracing is linear: what a payment carries onwards is what its payer's replay says it funded,
//! scaled by the share of it that is traced. So at every party the traced money leaving never
//! exceeds the traced money that had arrived before (plus, for the starting party, its own
//! payments), and every payment carries at most its amount.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::flow::{Method, NodeFlow, node_flow};
use crate::ledger::{Ledger, NONE};

/// Which way to follow the money.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Where the money went.
    Forward,
    /// Where the money came from.
    Backward,
}

/// Where a trace starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// Every payment a party made (forward) or received (backward) in the window.
    Party(u32),
    /// One payment.
    Payment(u32),
}

/// The user's choices.
#[derive(Clone, Copy, Debug)]
pub struct TraceOptions {
    /// Forward or backward.
    pub direction: Direction,
    /// Most payments in a chain (1 = the starting payments only).
    pub hops: u8,
    /// FIFO or proportional.
    pub method: Method,
    /// Starting payments dated before this (epoch seconds) are left out.
    pub since: Option<i64>,
    /// Starting payments dated at or after this are left out.
    pub until: Option<i64>,
}

impl Default for TraceOptions {
    fn default() -> Self {
        Self {
            direction: Direction::Forward,
            hops: 3,
            method: Method::Fifo,
            since: None,
            until: None,
        }
    }
}

/// Traced money on one payment at one hop.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Carried {
    /// The payment.
    pub tx: u32,
    /// Its place in the chain (1 = a starting payment).
    pub hop: u8,
    /// Traced amount it carried.
    pub amount: f64,
}

/// A traced run: what each payment carried.
#[derive(Clone, Debug)]
pub struct Trace {
    /// The options it ran with.
    pub direction: Direction,
    /// Hop limit.
    pub hops: u8,
    /// Apportionment.
    pub method: Method,
    /// The starting party, if it started from one (its money is not traced through it again).
    pub origin: Option<u32>,
    /// Traced money per payment and hop, in payment order.
    pub carried: Vec<Carried>,
    /// Parties whose account was replayed.
    pub replayed: usize,
}

/// Funding of one party, kept sorted by the key the direction looks up.
struct Replay {
    flow: NodeFlow,
}

impl Replay {
    fn new(l: &Ledger, v: u32, method: Method, dir: Direction) -> Self {
        let mut flow = node_flow(l, v, method);
        if dir == Direction::Forward {
            // FIFO links are already in inflow order; the others are not.
            flow.funding.sort_by_key(|f| f.inflow);
        }
        Self { flow }
    }

    fn links(&self, tx: u32, dir: Direction) -> &[crate::flow::Funding] {
        let f = &self.flow.funding;
        let key = |x: &crate::flow::Funding| match dir {
            Direction::Forward => x.inflow,
            Direction::Backward => x.outflow,
        };
        let lo = f.partition_point(|x| key(x) < tx);
        let hi = f.partition_point(|x| key(x) <= tx);
        &f[lo..hi]
    }
}

/// Payments waiting to pass their traced money on, processed in time order (forward) or
/// reverse time order (backward), so a payment's traced amount is complete before it is used.
struct Queue {
    dir: Direction,
    hops: u8,
    /// Traced amounts per payment, by hop (index hop-1).
    pending: FxHashMap<u32, Vec<f64>>,
    forward: BinaryHeap<Reverse<u32>>,
    backward: BinaryHeap<u32>,
}

impl Queue {
    fn push(&mut self, tx: u32, hop: u8, amount: f64) {
        let slot = self.pending.entry(tx).or_insert_with(|| {
            match self.dir {
                Direction::Forward => self.forward.push(Reverse(tx)),
                Direction::Backward => self.backward.push(tx),
            }
            vec![0.0; self.hops as usize]
        });
        slot[hop as usize - 1] += amount;
    }

    fn pop(&mut self) -> Option<(u32, Vec<f64>)> {
        let tx = match self.dir {
            Direction::Forward => self.forward.pop()?.0,
            Direction::Backward => self.backward.pop()?,
        };
        Some((tx, self.pending.remove(&tx).unwrap_or_default()))
    }
}

/// Runs a trace.
pub fn trace(l: &Ledger, start: Start, o: &TraceOptions) -> Trace {
    let hops = o.hops.max(1);
    let dir = o.direction;
    let mut q = Queue {
        dir,
        hops,
        pending: FxHashMap::default(),
        forward: BinaryHeap::new(),
        backward: BinaryHeap::new(),
    };
    let in_window = |tx: u32| {
        let t = l.tx(tx).time;
        o.since.is_none_or(|s| t >= s) && o.until.is_none_or(|u| t < u)
    };
    let origin = match start {
        Start::Party(v) => {
            let first = match dir {
                Direction::Forward => l.outgoing(v),
                Direction::Backward => l.incoming(v),
            };
            for &tx in first.iter().filter(|&&tx| in_window(tx)) {
                q.push(tx, 1, l.tx(tx).amount);
            }
            Some(v)
        }
        Start::Payment(tx) => {
            q.push(tx, 1, l.tx(tx).amount);
            None
        }
    };
    let mut replays: FxHashMap<u32, Replay> = FxHashMap::default();
    let mut carried = Vec::new();
    while let Some((tx, amounts)) = q.pop() {
        let t = l.tx(tx);
        // The party the money moves through next.
        let via = match dir {
            Direction::Forward => t.dst,
            Direction::Backward => t.src,
        };
        for (h, &x) in amounts.iter().enumerate() {
            if x <= 0.0 {
                continue;
            }
            let hop = h as u8 + 1;
            carried.push(Carried { tx, hop, amount: x });
            if hop >= hops || Some(via) == origin {
                continue;
            }
            let replay = replays
                .entry(via)
                .or_insert_with(|| Replay::new(l, via, o.method, dir));
            let share = x / t.amount;
            for f in replay.links(tx, dir) {
                let next = match dir {
                    Direction::Forward => f.outflow,
                    Direction::Backward => f.inflow,
                };
                if next != NONE {
                    q.push(next, hop + 1, f.amount * share);
                }
            }
        }
    }
    carried.sort_by_key(|c| (c.tx, c.hop));
    Trace {
        direction: dir,
        hops,
        method: o.method,
        origin,
        carried,
        replayed: replays.len(),
    }
}

/// Payments reachable from party `start` in at most `hops` payments along time-respecting
/// paths that do not pass through `start` again, whatever they carry: the set a trace can touch
/// (and what the benchmark's SQL baseline computes). Returns their number.
pub fn reachable(l: &Ledger, start: u32, hops: u8) -> usize {
    let mut seen = vec![false; l.txs.len()];
    let mut count = 0;
    // Earliest arrival (payment index) at each party at the current hop.
    let mut arrive: FxHashMap<u32, u32> = FxHashMap::default();
    for &tx in l.outgoing(start) {
        seen[tx as usize] = true;
        count += 1;
        let d = l.tx(tx).dst;
        let e = arrive.entry(d).or_insert(tx);
        *e = (*e).min(tx);
    }
    for _ in 1..hops {
        let mut next: FxHashMap<u32, u32> = FxHashMap::default();
        for (&v, &at) in &arrive {
            if v == start {
                continue;
            }
            let outs = l.outgoing(v);
            for &tx in &outs[outs.partition_point(|&x| x <= at)..] {
                if !seen[tx as usize] {
                    seen[tx as usize] = true;
                    count += 1;
                }
                let e = next.entry(l.tx(tx).dst).or_insert(tx);
                *e = (*e).min(tx);
            }
        }
        arrive = next;
    }
    count
}

impl Trace {
    /// Traced money that started the trace (the first hop).
    pub fn total(&self) -> f64 {
        self.carried
            .iter()
            .filter(|c| c.hop == 1)
            .map(|c| c.amount)
            .sum()
    }

    /// Per party: traced money in and out. Forward, a party holds `in - out`; backward,
    /// `out - in` is money whose origin is that party (its own funds, or the hop limit).
    pub fn balances(&self, l: &Ledger) -> FxHashMap<u32, (f64, f64)> {
        let mut m: FxHashMap<u32, (f64, f64)> = FxHashMap::default();
        for c in &self.carried {
            let t = l.tx(c.tx);
            m.entry(t.dst).or_default().0 += c.amount;
            m.entry(t.src).or_default().1 += c.amount;
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::tests::ledger;

    fn carried(tr: &Trace) -> Vec<(u32, u8, f64)> {
        tr.carried.iter().map(|c| (c.tx, c.hop, c.amount)).collect()
    }

    fn opts(direction: Direction, hops: u8, method: Method) -> TraceOptions {
        TraceOptions {
            direction,
            hops,
            method,
            ..Default::default()
        }
    }

    /// p0 pays p1 100 (day 2); p1 had received 50 from p4 (day 1); p1 pays p2 120 (day 3) and
    /// p3 30 (day 4); p2 pays p3 60 (day 5); p2 paid p4 40 on day 0, before any of it.
    fn chain() -> Ledger {
        ledger(
            5,
            &[
                (2, 4, 0, 40.0),
                (4, 1, 1, 50.0),
                (0, 1, 2, 100.0),
                (1, 2, 3, 120.0),
                (1, 3, 4, 30.0),
                (2, 3, 5, 60.0),
            ],
        )
    }

    #[test]
    fn forward_fifo_follows_the_oldest_money() {
        let l = chain();
        let tr = trace(
            &l,
            Start::Party(0),
            &opts(Direction::Forward, 3, Method::Fifo),
        );
        // p1's 120 on day 3 is p4's 50 then 70 of p0's; the 30 on day 4 is the rest of p0's.
        // p2 spent its opening 40 on day 0, so its 60 on day 5 is half of the 120 it got on
        // day 3, of which 70/120 is traced: 35.
        assert_eq!(
            carried(&tr),
            vec![(2, 1, 100.0), (3, 2, 70.0), (4, 2, 30.0), (5, 3, 35.0)]
        );
        let b = tr.balances(&l);
        assert_eq!(b[&2], (70.0, 35.0), "p2 keeps 35 of the traced money");
        assert_eq!(b[&3], (65.0, 0.0));
    }

    #[test]
    fn hop_limit_stops_the_money_where_it_is() {
        let l = chain();
        let tr = trace(
            &l,
            Start::Party(0),
            &opts(Direction::Forward, 2, Method::Fifo),
        );
        assert_eq!(
            carried(&tr),
            vec![(2, 1, 100.0), (3, 2, 70.0), (4, 2, 30.0)]
        );
    }

    #[test]
    fn forward_proportional_shares_out_pro_rata() {
        let l = chain();
        let tr = trace(
            &l,
            Start::Payment(2),
            &opts(Direction::Forward, 2, Method::Proportional),
        );
        // p1 holds 50 (p4) + 100 (p0); the 120 out takes 80% of each: 80 traced; then the 30
        // takes all that is left: 20 traced.
        let got = carried(&tr);
        assert_eq!(got.len(), 3);
        assert!((got[1].2 - 80.0).abs() < 1e-9 && (got[2].2 - 20.0).abs() < 1e-9);
    }

    #[test]
    fn backward_finds_the_sources() {
        let l = chain();
        let tr = trace(
            &l,
            Start::Payment(3),
            &opts(Direction::Backward, 3, Method::Fifo),
        );
        // The 120 came from p4's 50 (which p4 had from p2's 40 and 10 of its opening balance)
        // and 70 of p0's 100.
        assert_eq!(
            carried(&tr),
            vec![(0, 3, 40.0), (1, 2, 50.0), (2, 2, 70.0), (3, 1, 120.0)]
        );
    }

    #[test]
    fn reachable_counts_time_respecting_payments() {
        let l = chain();
        // From p0: its 100 (hop 1); p1's two later payments (hop 2); p2's day-5 payment (hop
        // 3). p2's day-0 payment came before anything reached it.
        assert_eq!(reachable(&l, 0, 3), 4);
        assert_eq!(reachable(&l, 0, 2), 3);
        let tr = trace(
            &l,
            Start::Party(0),
            &opts(Direction::Forward, 3, Method::Proportional),
        );
        let touched: std::collections::BTreeSet<u32> = tr.carried.iter().map(|c| c.tx).collect();
        assert_eq!(touched.len(), 4);
    }

    #[test]
    fn money_only_moves_forward_in_time() {
        // p1 pays on day 1, then receives from p0 on day 2: nothing traced from p0 leaves p1.
        let l = ledger(3, &[(1, 2, 1, 10.0), (0, 1, 2, 10.0)]);
        let tr = trace(
            &l,
            Start::Party(0),
            &opts(Direction::Forward, 5, Method::Fifo),
        );
        assert_eq!(carried(&tr), vec![(1, 1, 10.0)]);
        let tr = trace(
            &l,
            Start::Party(2),
            &opts(Direction::Backward, 5, Method::Proportional),
        );
        assert_eq!(carried(&tr), vec![(0, 1, 10.0)]);
    }
}
