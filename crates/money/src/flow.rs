//! How one party's outgoing payments were funded by its incoming ones: the account replayed
//! in time order, FIFO (oldest money leaves first) or proportionally (every payment out takes
//! the same share of each amount held).
//!
//! A ledger seldom shows a party's balance before its first recorded payment, so each party gets
//! the smallest opening balance that keeps its account from going negative (the implied
//! opening balance). Money drawn from it has no recorded origin.

use crate::ledger::{Ledger, NONE};

/// How money leaving an account is matched to the money that came in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// First in, first out.
    #[default]
    Fifo,
    /// Pro rata to what each incoming amount still holds.
    Proportional,
    /// Last in, first out: the newest money leaves first (how mule detection pairs a payment
    /// out with what just came in).
    Lifo,
}

/// `amount` of incoming payment `inflow` ([`NONE`]: the opening balance) left in `outflow`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Funding {
    /// Incoming payment, or [`NONE`] for the opening balance.
    pub inflow: u32,
    /// Outgoing payment.
    pub outflow: u32,
    /// How much of the one went into the other.
    pub amount: f64,
}

/// One party's account replayed.
#[derive(Clone, Debug, Default)]
pub struct NodeFlow {
    /// The implied opening balance.
    pub opening: f64,
    /// Funding links, sorted by outgoing payment.
    pub funding: Vec<Funding>,
}

/// Below this share of what it brought in, a remainder is dropped (proportional method), so a
/// busy account does not carry thousands of crumbs. Dropping only ever loses traced money.
const CRUMB: f64 = 1e-9;

/// The payments in and out of `v` merged in time order: `(payment, is_incoming)`.
fn history(l: &Ledger, v: u32) -> impl Iterator<Item = (u32, bool)> + '_ {
    let (ins, outs) = (l.incoming(v), l.outgoing(v));
    let (mut i, mut o) = (0, 0);
    std::iter::from_fn(move || {
        let next = match (ins.get(i), outs.get(o)) {
            (Some(&a), Some(&b)) if a < b => Some((a, true)),
            (_, Some(&b)) => Some((b, false)),
            (Some(&a), None) => Some((a, true)),
            (None, None) => None,
        };
        match next {
            Some((_, true)) => i += 1,
            Some((_, false)) => o += 1,
            None => {}
        }
        next
    })
}

/// The smallest opening balance that keeps `v`'s account at or above zero.
pub fn implied_opening(l: &Ledger, v: u32) -> f64 {
    let (mut bal, mut low) = (0.0f64, 0.0f64);
    for (t, incoming) in history(l, v) {
        let a = l.tx(t).amount;
        if incoming {
            bal += a;
        } else {
            bal -= a;
            low = low.min(bal);
        }
    }
    -low
}

/// Replays `v`'s account and says which incoming money funded each outgoing payment.
pub fn node_flow(l: &Ledger, v: u32, method: Method) -> NodeFlow {
    let opening = implied_opening(l, v);
    let mut lots: std::collections::VecDeque<(u32, f64, f64)> = Default::default();
    if opening > 0.0 {
        lots.push_back((NONE, opening, opening));
    }
    let mut funding = Vec::new();
    let mut balance = opening;
    for (t, incoming) in history(l, v) {
        let a = l.tx(t).amount;
        if incoming {
            lots.push_back((t, a, a));
            balance += a;
            continue;
        }
        match method {
            Method::Fifo | Method::Lifo => {
                let mut need = a;
                while need > 0.0 {
                    let lot = if method == Method::Fifo {
                        lots.front_mut()
                    } else {
                        lots.back_mut()
                    };
                    let Some(front) = lot else { break };
                    let take = front.1.min(need);
                    funding.push(Funding {
                        inflow: front.0,
                        outflow: t,
                        amount: take,
                    });
                    front.1 -= take;
                    need -= take;
                    if front.1 <= 0.0 {
                        if method == Method::Fifo {
                            lots.pop_front();
                        } else {
                            lots.pop_back();
                        }
                    }
                }
            }
            Method::Proportional => {
                let share = if balance > 0.0 {
                    (a / balance).min(1.0)
                } else {
                    1.0
                };
                for lot in lots.iter_mut() {
                    let take = if share >= 1.0 { lot.1 } else { lot.1 * share };
                    if take > 0.0 {
                        funding.push(Funding {
                            inflow: lot.0,
                            outflow: t,
                            amount: take,
                        });
                    }
                    lot.1 -= take;
                }
                lots.retain(|lot| lot.1 > lot.2 * CRUMB);
            }
        }
        balance = (balance - a).max(0.0);
    }
    NodeFlow { opening, funding }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::tests::ledger;

    #[test]
    fn fifo_spends_oldest_money_first() {
        // p1 receives 100 (day 1) and 50 (day 2), then pays 120 (day 3) and 30 (day 4).
        let l = ledger(
            4,
            &[
                (0, 1, 1, 100.0),
                (2, 1, 2, 50.0),
                (1, 3, 3, 120.0),
                (1, 3, 4, 30.0),
            ],
        );
        let f = node_flow(&l, 1, Method::Fifo);
        assert_eq!(f.opening, 0.0);
        let got: Vec<(u32, u32, f64)> = f
            .funding
            .iter()
            .map(|x| (x.inflow, x.outflow, x.amount))
            .collect();
        assert_eq!(got, vec![(0, 2, 100.0), (1, 2, 20.0), (1, 3, 30.0)]);
    }

    #[test]
    fn money_never_leaves_before_it_arrived() {
        // p1 pays 80 on day 1 before receiving 100 on day 2: the 80 came from its opening
        // balance, not from the later payment.
        let l = ledger(3, &[(1, 2, 1, 80.0), (0, 1, 2, 100.0), (1, 2, 3, 60.0)]);
        for m in [Method::Fifo, Method::Proportional] {
            let f = node_flow(&l, 1, m);
            assert_eq!(f.opening, 80.0);
            for x in &f.funding {
                assert!(x.inflow == NONE || x.inflow < x.outflow);
            }
            let from_later: f64 = f
                .funding
                .iter()
                .filter(|x| x.outflow == 0 && x.inflow != NONE)
                .map(|x| x.amount)
                .sum();
            assert_eq!(from_later, 0.0);
        }
    }

    #[test]
    fn proportional_takes_equal_shares() {
        // 100 from p0 and 300 from p2, then 200 out: half of each.
        let l = ledger(4, &[(0, 1, 1, 100.0), (2, 1, 2, 300.0), (1, 3, 3, 200.0)]);
        let f = node_flow(&l, 1, Method::Proportional);
        let got: Vec<(u32, f64)> = f.funding.iter().map(|x| (x.inflow, x.amount)).collect();
        assert_eq!(got, vec![(0, 50.0), (1, 150.0)]);
    }
}
