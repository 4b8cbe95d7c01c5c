//! Core numbers (Batagelj–Zaversnik, O(m)) on a symmetric adjacency.

use crate::csr::Adj;

/// The core number of every node: the largest k such that the node is in a subgraph of minimum degree k.
pub fn core_numbers(adj: &Adj) -> Vec<u32> {
    let n = adj.node_count();
    let mut deg: Vec<usize> = (0..n as u32).map(|v| adj.degree(v)).collect();
    let max_deg = deg.iter().copied().max().unwrap_or(0);
    // Bucket sort nodes by degree; `pos`/`vert` let us move a node down one bucket in O(1).
    let mut bin = vec![0usize; max_deg + 2];
    for &d in &deg {
        bin[d + 1] += 1;
    }
    for d in 0..=max_deg {
        bin[d + 1] += bin[d];
    }
    let mut pos = vec![0usize; n];
    let mut vert = vec![0u32; n];
    let mut next = bin.clone();
    for v in 0..n {
        pos[v] = next[deg[v]];
        vert[pos[v]] = v as u32;
        next[deg[v]] += 1;
    }
    for i in 0..n {
        let v = vert[i] as usize;
        for &u in adj.neighbours(v as u32) {
            let u = u as usize;
            if deg[u] > deg[v] {
                let du = deg[u];
                let pu = pos[u];
                let pw = bin[du];
                let w = vert[pw] as usize;
                if u != w {
                    vert.swap(pu, pw);
                    pos[u] = pw;
                    pos[w] = pu;
                }
                bin[du] += 1;
                deg[u] -= 1;
            }
        }
    }
    deg.into_iter().map(|d| d as u32).collect()
}
