//! The measures compared in an evaluation, each computed the way an analyst's tool would by default.

use crate::centrality::betweenness::{Weighting, betweenness, betweenness_sampled};
use crate::centrality::closeness::{closeness, closeness_sampled};
use crate::centrality::degree::{degree, strength};
use crate::centrality::eigenvector::eigenvector;
use crate::centrality::pagerank::{PageRankConfig, pagerank};
use crate::csr::Graph;
use crate::kcore::core_numbers;
use crate::rank::{RankConfig, rank_leaders};

/// One named score per node.
#[derive(Clone, Debug)]
pub struct Measure {
    pub name: &'static str,
    pub scores: Vec<f64>,
    /// How the measure was estimated, when it was sampled rather than exact.
    pub estimate: Option<String>,
}

/// Above this many nodes, the classic betweenness and closeness are estimated from sampled
/// sources (exact Brandes on a 43k-node scenario took minutes); the leader score switches at
/// the same size ([`RankConfig::exact_betweenness_max_nodes`]).
pub const EXACT_MAX_NODES: usize = 10_000;
/// Sources sampled above [`EXACT_MAX_NODES`].
pub const SAMPLED_SOURCES: usize = 256;

fn measure(name: &'static str, scores: Vec<f64>) -> Measure {
    Measure {
        name,
        scores,
        estimate: None,
    }
}

/// The leader score followed by degree, strength, betweenness, closeness, PageRank, eigenvector
/// and k-core. Betweenness and closeness are sampled above [`EXACT_MAX_NODES`] nodes.
pub fn compute_measures(g: &Graph) -> Vec<Measure> {
    compute_measures_with(g, &RankConfig::default())
}

/// [`compute_measures`] with the leader score's settings (e.g. a money column from the ledger).
pub fn compute_measures_with(g: &Graph, cfg: &RankConfig) -> Vec<Measure> {
    let sym = g.undirected();
    let (out, inn) = (g.out_adj(), g.in_adj());
    let ranking = rank_leaders(g, cfg);
    let mut leader_scores = vec![0.0; g.node_count()];
    for r in &ranking.ranked {
        leader_scores[r.node as usize] = r.score;
    }
    let mut leader = measure("leader", leader_scores);
    if let Some(s) = &ranking.sampling {
        leader.estimate = Some(format!(
            "brokerage and betweenness factors from {} of {} sources",
            s.sources, s.nodes
        ));
    }
    let n = g.node_count();
    let (between, close) = if n > EXACT_MAX_NODES {
        let b = betweenness_sampled(
            &out,
            Weighting::Unweighted,
            g.is_directed(),
            SAMPLED_SOURCES,
            1,
        );
        let c = closeness_sampled(&sym, SAMPLED_SOURCES, 1);
        let max_se = b.std_error.iter().copied().fold(0.0, f64::max);
        let top = b.values.iter().copied().fold(0.0, f64::max);
        (
            Measure {
                name: "betweenness",
                estimate: Some(format!(
                    "{} of {n} sources; largest standard error {:.1}% of the top value",
                    b.sources,
                    100.0 * max_se / top.max(f64::MIN_POSITIVE)
                )),
                scores: b.values,
            },
            Measure {
                name: "closeness",
                estimate: Some(format!(
                    "{} of {n} sources; mean distance within ±{:.2} hops for every node (95%)",
                    c.sources, c.mean_distance_bound_95
                )),
                scores: c.values,
            },
        )
    } else {
        (
            measure(
                "betweenness",
                betweenness(&out, Weighting::Unweighted, g.is_directed(), false),
            ),
            measure("closeness", closeness(&sym, Weighting::Unweighted)),
        )
    };
    vec![
        leader,
        measure("degree", degree(&sym)),
        measure("strength", strength(&sym)),
        between,
        close,
        measure("pagerank", pagerank(&out, &inn, &PageRankConfig::default())),
        measure("eigenvector", eigenvector(&sym, 100, 1e-6)),
        measure(
            "k-core",
            core_numbers(&sym).into_iter().map(f64::from).collect(),
        ),
    ]
}
