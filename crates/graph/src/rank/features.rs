//! Structural features of each node on the symmetric communication graph.

use crate::community::{LeidenConfig, leiden};
use crate::csr::Adj;

/// Degree, two-hop reach and community of every node.
#[derive(Clone, Debug, Default)]
pub struct Structure {
    pub degree: Vec<f64>,
    /// Nodes at exactly two hops.
    pub reach2: Vec<f64>,
    /// Leiden community of each node.
    pub community: Vec<u32>,
    pub communities: usize,
}

/// Computes [`Structure`] for every node of `sym`.
pub fn structure(sym: &Adj, seed: u64) -> Structure {
    let n = sym.node_count();
    let part = leiden(
        sym,
        &LeidenConfig {
            seed,
            ..LeidenConfig::default()
        },
    );
    let mut reach2 = vec![0.0; n];
    let mut mark = vec![u32::MAX; n];
    for v in 0..n as u32 {
        let nb = sym.neighbours(v);
        mark[v as usize] = v;
        nb.iter().for_each(|&u| mark[u as usize] = v);
        let mut r2 = 0.0;
        for &u in nb {
            for &x in sym.neighbours(u) {
                if mark[x as usize] != v {
                    mark[x as usize] = v;
                    r2 += 1.0;
                }
            }
        }
        reach2[v as usize] = r2;
    }
    Structure {
        degree: (0..n as u32).map(|v| sym.degree(v) as f64).collect(),
        reach2,
        community: part.membership,
        communities: part.count,
    }
}
