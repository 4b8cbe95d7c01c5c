//! Property: on any ledger, in either direction and with either apportionment, traced money is
//! conserved and only moves forward in time.

use kingpin_money::ledger::{Channel, LedgerBuilder, NONE, Tx};
use kingpin_money::{Direction, Method, Start, TraceOptions, trace};
use proptest::prelude::*;

fn ledger(n: u32, rows: &[(u32, u32, i64, u32)]) -> kingpin_money::Ledger {
    let mut b = LedgerBuilder::new();
    for v in 0..n {
        b.party(format!("p{v}"), format!("P{v}"));
    }
    for (k, &(s, d, t, a)) in rows.iter().enumerate() {
        b.payment(
            Tx {
                src: s % n,
                dst: d % n,
                time: t,
                amount: f64::from(a),
                agent: NONE,
                payout: NONE,
                channel: Channel::Bank,
            },
            format!("t{k}"),
        );
    }
    b.build(None)
}

proptest! {
    #[test]
    fn traced_money_is_conserved(
        rows in prop::collection::vec((0u32..8, 0u32..8, 0i64..40, 1u32..1000), 1..60),
        start in 0u32..8,
        hops in 1u8..7,
        fifo in any::<bool>(),
        forward in any::<bool>(),
    ) {
        let l = ledger(8, &rows);
        let o = TraceOptions {
            direction: if forward { Direction::Forward } else { Direction::Backward },
            hops,
            method: if fifo { Method::Fifo } else { Method::Proportional },
            ..Default::default()
        };
        let tr = trace(&l, Start::Party(start), &o);
        let eps = 1e-6;
        // Every payment carries at most its amount, over all hops.
        let mut per_tx = vec![0.0f64; l.txs.len()];
        for c in &tr.carried {
            prop_assert!(c.amount > 0.0 && c.hop >= 1 && c.hop <= hops);
            per_tx[c.tx as usize] += c.amount;
        }
        for (i, &x) in per_tx.iter().enumerate() {
            prop_assert!(x <= l.txs[i].amount + eps, "payment {i} carries {x} of {}", l.txs[i].amount);
        }
        // At every party but the start, in time order: what has left so far never exceeds
        // what had arrived before (forward), and backward the mirror image.
        for v in 0..8u32 {
            if v == start {
                continue;
            }
            let mut events: Vec<(u32, f64, bool)> = Vec::new();
            for c in &tr.carried {
                let t = l.tx(c.tx);
                if t.dst == v { events.push((c.tx, c.amount, true)); }
                if t.src == v { events.push((c.tx, c.amount, false)); }
            }
            events.sort_by_key(|e| e.0);
            let (mut got, mut gave) = (0.0, 0.0);
            if forward {
                for (_, a, incoming) in &events {
                    if *incoming { got += a } else { gave += a; prop_assert!(gave <= got + eps); }
                }
            } else {
                for (_, a, incoming) in events.iter().rev() {
                    if *incoming { got += a; prop_assert!(got <= gave + eps); } else { gave += a }
                }
            }
        }
    }
}
