//! Eigenvector centrality by power iteration on A + I (the shift avoids oscillation on bipartite graphs).

use rayon::prelude::*;

use crate::csr::Adj;

/// Eigenvector centrality, L2-normalised, matching networkx: a node scores by the scores of
/// those pointing at it, so pass the in-adjacency (`inn`) for directed graphs.
pub fn eigenvector(inn: &Adj, max_iterations: usize, tolerance: f64) -> Vec<f64> {
    let n = inn.node_count();
    if n == 0 {
        return Vec::new();
    }
    let mut x = vec![1.0 / n as f64; n];
    for _ in 0..max_iterations {
        let mut next: Vec<f64> = (0..n as u32)
            .into_par_iter()
            .map(|v| x[v as usize] + inn.weighted(v).map(|(u, w)| x[u as usize] * w).sum::<f64>())
            .collect();
        let norm = next.iter().map(|a| a * a).sum::<f64>().sqrt();
        let norm = if norm > 0.0 { norm } else { 1.0 };
        next.iter_mut().for_each(|a| *a /= norm);
        let err: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if err < n as f64 * tolerance {
            break;
        }
    }
    x
}
