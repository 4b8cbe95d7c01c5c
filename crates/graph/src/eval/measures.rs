//! The measures compared in an evaluation, each computed the way an analyst's tool would by default.

use crate::centrality::betweenness::{Weighting, betweenness};
use crate::centrality::closeness::closeness;
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
}

/// The leader score followed by degree, strength, betweenness, closeness, PageRank, eigenvector and k-core.
pub fn compute_measures(g: &Graph) -> Vec<Measure> {
    let sym = g.undirected();
    let (out, inn) = (g.out_adj(), g.in_adj());
    let leader = rank_leaders(g, &RankConfig::default());
    let mut leader_scores = vec![0.0; g.node_count()];
    for r in &leader.ranked {
        leader_scores[r.node as usize] = r.score;
    }
    vec![
        Measure {
            name: "leader",
            scores: leader_scores,
        },
        Measure {
            name: "degree",
            scores: degree(&sym),
        },
        Measure {
            name: "strength",
            scores: strength(&sym),
        },
        Measure {
            name: "betweenness",
            scores: betweenness(&out, Weighting::Unweighted, g.is_directed(), false),
        },
        Measure {
            name: "closeness",
            scores: closeness(&sym, Weighting::Unweighted),
        },
        Measure {
            name: "pagerank",
            scores: pagerank(&out, &inn, &PageRankConfig::default()),
        },
        Measure {
            name: "eigenvector",
            scores: eigenvector(&sym, 100, 1e-6),
        },
        Measure {
            name: "k-core",
            scores: core_numbers(&sym).into_iter().map(f64::from).collect(),
        },
    ]
}
