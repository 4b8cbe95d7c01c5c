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

/// Closeness estimated from sampled sources, with its error bound.
#[derive(Clone, Debug)]
pub struct SampledCloseness {
    pub values: Vec<f64>,
    pub sources: usize,
    /// Hoeffding half-width on each node's mean distance to the nodes it reaches, holding for
    /// every node at once with probability 95 %, in hops (the BFS depth bounds each distance).
    pub mean_distance_bound_95: f64,
}

/// Closeness of a symmetric graph estimated from `k` random sources (Eppstein–Wang): the
/// distances from the sources to `v` stand for the distances from `v` to everyone, so the
/// reached share and the mean distance are estimated from the sample and combined as
/// [`closeness`] does. Exact when `k` ≥ the number of nodes.
pub fn closeness_sampled(sym: &Adj, k: usize, seed: u64) -> SampledCloseness {
    let n = sym.node_count();
    let sources = crate::rng::Rng::new(seed).sample(n, k);
    let k = sources.len().max(1);
    let chunk = sources
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(1);
    // Per node: distance total and sources reached (itself excluded); and the deepest BFS.
    let (total, reached, depth) = sources
        .par_chunks(chunk)
        .map(|part| {
            let mut sp = Sssp::new(n);
            let (mut total, mut reached, mut depth) = (vec![0.0; n], vec![0u32; n], 0.0f64);
            for &s in part {
                sp.run(sym, s, Weighting::Unweighted, f64::INFINITY);
                for &v in &sp.reached {
                    if v != s {
                        let d = sp.dist[v as usize];
                        total[v as usize] += d;
                        reached[v as usize] += 1;
                        depth = depth.max(d);
                    }
                }
            }
            (total, reached, depth)
        })
        .reduce(
            || (vec![0.0; n], vec![0u32; n], 0.0),
            |(mut t, mut r, d), (t2, r2, d2)| {
                t.iter_mut().zip(&t2).for_each(|(a, b)| *a += b);
                r.iter_mut().zip(&r2).for_each(|(a, b)| *a += b);
                (t, r, d.max(d2))
            },
        );
    let scale = n as f64 / k as f64;
    let values = (0..n)
        .map(|v| {
            // Reached others, estimated; distances total likewise.
            let r = (reached[v] as f64 * scale).min((n - 1) as f64);
            let t = total[v] * scale;
            if t > 0.0 && n > 1 {
                (r / t) * (r / (n - 1) as f64)
            } else {
                0.0
            }
        })
        .collect();
    SampledCloseness {
        values,
        sources: k,
        mean_distance_bound_95: depth * ((2.0 * n as f64 / 0.05).ln() / (2.0 * k as f64)).sqrt(),
    }
}
