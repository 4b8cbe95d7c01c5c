//! Money reaching each person, for the leader ranking: the graph crate scores "money inflow"
//! from its payment edges as recorded (amounts in any currency, added up as they are); the
//! ledger has every amount in one currency, so the CLI and the server hand this column to the
//! ranking instead (the graph crate cannot depend on this one: this one depends on it).

use kingpin_graph::centrality::pagerank::{PageRankConfig, pagerank};
use kingpin_graph::{Adj, EdgeType, Graph, ProjectOptions};
use kingpin_store::Scan;

use crate::ledger::Ledger;
use crate::load::{LoadOptions, load};

/// Money reaching each party and kept there: PageRank over the payments weighted by amount
/// (so money relayed through collectors counts for whoever it reaches), times the share of
/// what the party received that it did not pay on (a relay passes most of it on; the top of a
/// chain keeps it). Only payments dated in `[since, until)` count.
pub fn reaching(l: &Ledger, since: Option<i64>, until: Option<i64>) -> Vec<f64> {
    let n = l.party_count();
    let within = |t: i64| since.is_none_or(|s| t >= s) && until.is_none_or(|u| t < u);
    let mut arcs: Vec<(u32, u32, f64)> = Vec::new();
    let (mut got, mut sent) = (vec![0.0f64; n], vec![0.0f64; n]);
    for t in l.txs.iter().filter(|t| within(t.time) && t.amount > 0.0) {
        arcs.push((t.src, t.dst, t.amount));
        got[t.dst as usize] += t.amount;
        sent[t.src as usize] += t.amount;
    }
    if arcs.is_empty() {
        return vec![0.0; n];
    }
    let out = Adj::from_arcs(n, &arcs, false);
    let inn = out.transpose();
    let pr = pagerank(&out, &inn, &PageRankConfig::default());
    (0..n)
        .map(|v| {
            if got[v] > 0.0 {
                pr[v] * ((got[v] - sent[v]) / got[v]).clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
        .collect()
}

/// The money-inflow column for ranking `g` (a projection of `store` made with `opts`): money
/// reaching each node, by node label. `None` when the projection leaves payments out or the
/// store holds none that convert, so the ranking says the factor is unavailable as before.
pub fn money_column(
    store: &dyn Scan,
    opts: &ProjectOptions,
    g: &Graph,
) -> anyhow::Result<Option<Vec<f64>>> {
    if !opts.edge_types.contains(EdgeType::Payment) {
        return Ok(None);
    }
    let lo = LoadOptions {
        project: opts.clone(),
        currency: None,
    };
    let (l, _) = load(store, &lo)?;
    if l.txs.is_empty() {
        return Ok(None);
    }
    let money = reaching(&l, opts.since, opts.until);
    let mut col = vec![0.0; g.node_count()];
    for (p, m) in l.parties.iter().zip(money) {
        if let Some(v) = g.find(&p.id) {
            col[v as usize] += m;
        }
    }
    Ok(Some(col))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::tests::ledger;

    #[test]
    fn the_top_of_a_chain_keeps_the_money() {
        // p0..p2 pay the collector p3, who passes 90% on to p4 and keeps 10%.
        let l = ledger(
            5,
            &[
                (0, 3, 1, 100.0),
                (1, 3, 1, 100.0),
                (2, 3, 2, 100.0),
                (3, 4, 3, 270.0),
            ],
        );
        let m = reaching(&l, None, None);
        assert_eq!(m[0], 0.0, "payers receive nothing");
        assert!(
            m[4] > 5.0 * m[3],
            "the boss keeps what the collector relays: {m:?}"
        );
        // Before the collector pays on, the collector keeps it all.
        let early = reaching(&l, None, Some(3 * 86_400));
        assert_eq!(early[4], 0.0);
        assert!(early[3] > 0.0);
    }
}
