//! Newman–Girvan modularity with a resolution parameter.

use crate::csr::Adj;

/// Modularity of `membership` on a symmetric weighted adjacency (without self-loops), as networkx computes it.
pub fn modularity(sym: &Adj, membership: &[u32], resolution: f64) -> f64 {
    let c = membership
        .iter()
        .map(|&m| m as usize + 1)
        .max()
        .unwrap_or(0);
    let mut inside = vec![0.0; c];
    let mut total = vec![0.0; c];
    let mut two_m = 0.0;
    for v in 0..sym.node_count() as u32 {
        let cv = membership[v as usize] as usize;
        for (u, w) in sym.weighted(v) {
            two_m += w;
            total[cv] += w;
            if membership[u as usize] as usize == cv {
                inside[cv] += w;
            }
        }
    }
    if two_m == 0.0 {
        return 0.0;
    }
    inside
        .iter()
        .zip(&total)
        .map(|(l, k)| l / two_m - resolution * (k / two_m).powi(2))
        .sum()
}
