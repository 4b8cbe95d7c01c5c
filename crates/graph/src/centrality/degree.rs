//! Degree and strength.

use crate::csr::Adj;

/// Distinct neighbours per node.
pub fn degree(adj: &Adj) -> Vec<f64> {
    (0..adj.node_count() as u32)
        .map(|v| adj.degree(v) as f64)
        .collect()
}

/// Sum of tie weights per node.
pub fn strength(adj: &Adj) -> Vec<f64> {
    (0..adj.node_count() as u32)
        .map(|v| adj.strength(v))
        .collect()
}
