//! Closeness (Wasserman–Faust for disconnected graphs, as networkx) and harmonic centrality.

use rayon::prelude::*;

use crate::centrality::betweenness::Weighting;
use crate::csr::Adj;
use crate::paths::Sssp;

fn per_node(adj: &Adj, wt: Weighting, f: impl Fn(&Sssp, u32) -> f64 + Sync) -> Vec<f64> {
    let n = adj.node_count();
    (0..n as u32)
        .into_par_iter()
        .map_init(
            || Sssp::new(n),
            |sp, v| {
                sp.run(adj, v, wt, f64::INFINITY);
                f(sp, v)
            },
        )
        .collect()
}

/// Closeness from distances *out of* each node; for networkx's directed convention
/// (distances into the node) pass the transposed adjacency.
pub fn closeness(adj: &Adj, wt: Weighting) -> Vec<f64> {
    let n = adj.node_count();
    per_node(adj, wt, |sp, _| {
        let total: f64 = sp.reached.iter().map(|&u| sp.dist[u as usize]).sum();
        let r = sp.reached.len() as f64 - 1.0;
        if total > 0.0 && n > 1 {
            (r / total) * (r / (n - 1) as f64)
        } else {
            0.0
        }
    })
}

/// Harmonic centrality: the sum of 1/distance to every reachable node.
pub fn harmonic(adj: &Adj, wt: Weighting) -> Vec<f64> {
    per_node(adj, wt, |sp, v| {
        sp.reached
            .iter()
            .filter(|&&u| u != v)
            .map(|&u| 1.0 / sp.dist[u as usize])
            .sum()
    })
}
