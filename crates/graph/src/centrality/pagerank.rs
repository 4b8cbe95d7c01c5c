//! Weighted directed PageRank by power iteration, pull-based over in-arcs (O(m) per iteration).

use rayon::prelude::*;

use crate::csr::Adj;

/// PageRank settings; the defaults match networkx.
#[derive(Clone, Copy, Debug)]
pub struct PageRankConfig {
    pub damping: f64,
    /// Stop when the L1 change is below `tolerance * n`.
    pub tolerance: f64,
    pub max_iterations: usize,
}

impl Default for PageRankConfig {
    fn default() -> Self {
        Self {
            damping: 0.85,
            tolerance: 1e-6,
            max_iterations: 100,
        }
    }
}

/// PageRank of every node. `out` holds the arcs, `inn` its transpose; dangling nodes
/// (no out-weight) spread their rank uniformly, as in networkx.
pub fn pagerank(out: &Adj, inn: &Adj, cfg: &PageRankConfig) -> Vec<f64> {
    let n = out.node_count();
    if n == 0 {
        return Vec::new();
    }
    let out_w: Vec<f64> = (0..n as u32).map(|v| out.strength(v)).collect();
    let inv_w: Vec<f64> = out_w
        .iter()
        .map(|&w| if w > 0.0 { 1.0 / w } else { 0.0 })
        .collect();
    let mut x = vec![1.0 / n as f64; n];
    let mut share = vec![0.0; n];
    let nf = n as f64;
    for _ in 0..cfg.max_iterations {
        let dangling: f64 = x
            .par_iter()
            .zip(&out_w)
            .filter(|(_, w)| **w <= 0.0)
            .map(|(xi, _)| xi)
            .sum();
        share
            .par_iter_mut()
            .zip(x.par_iter().zip(&inv_w))
            .for_each(|(s, (xi, iw))| *s = xi * iw);
        let base = (cfg.damping * dangling + 1.0 - cfg.damping) / nf;
        let next: Vec<f64> = (0..n as u32)
            .into_par_iter()
            .map(|v| {
                let pulled: f64 = inn.weighted(v).map(|(u, w)| share[u as usize] * w).sum();
                base + cfg.damping * pulled
            })
            .collect();
        let err: f64 = next.par_iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if err < nf * cfg.tolerance {
            break;
        }
    }
    x
}
