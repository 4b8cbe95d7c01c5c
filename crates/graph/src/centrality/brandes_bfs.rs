//! The unweighted Brandes kernel: one BFS and one dependency sweep per source.
//!
//! Each node has a distance and one floating value. The value is the number of shortest paths σ
//! during the BFS; once a node's dependency δ is known it becomes (ends + δ) / σ, the share
//! each predecessor takes. The BFS records every node's successors (neighbours one level
//! further) as it meets them, so the backward sweep reads only those arcs, a fraction of all.

use crate::csr::Adj;

const UNSEEN: u32 = u32::MAX;

/// Scratch space for one thread, reused across sources.
pub(crate) struct BfsWork {
    dist: Vec<u32>,
    val: Vec<f64>,
    /// Nodes in BFS order.
    order: Vec<u32>,
    /// Successors of `order[i]` are `succ[first[i]..first[i + 1]]`.
    first: Vec<usize>,
    succ: Vec<u32>,
}

impl BfsWork {
    /// Space for a graph of `n` nodes.
    pub(crate) fn new(n: usize) -> Self {
        Self {
            dist: vec![UNSEEN; n],
            val: vec![0.0; n],
            order: Vec::with_capacity(n),
            first: Vec::with_capacity(n + 1),
            succ: Vec::new(),
        }
    }

    /// Dependencies of source `s` on every node it reaches: calls `emit(v, δ_s(v))` for each
    /// such `v ≠ s`. With `groups`, only paths whose ends lie in different groups count.
    pub(crate) fn run(
        &mut self,
        adj: &Adj,
        s: u32,
        groups: Option<&[u32]>,
        mut emit: impl FnMut(u32, f64),
    ) {
        for &v in &self.order {
            self.dist[v as usize] = UNSEEN;
        }
        self.order.clear();
        self.first.clear();
        self.succ.clear();
        self.dist[s as usize] = 0;
        self.val[s as usize] = 1.0;
        self.order.push(s);
        let mut head = 0;
        while let Some(&v) = self.order.get(head) {
            head += 1;
            self.first.push(self.succ.len());
            let (next, sigma) = (self.dist[v as usize] + 1, self.val[v as usize]);
            for &w in adj.neighbours(v) {
                let dw = &mut self.dist[w as usize];
                if *dw == UNSEEN {
                    *dw = next;
                    self.val[w as usize] = sigma;
                    self.order.push(w);
                    self.succ.push(w);
                } else if *dw == next {
                    self.val[w as usize] += sigma;
                    self.succ.push(w);
                }
            }
        }
        self.first.push(self.succ.len());
        let source_group = groups.map(|g| g[s as usize]);
        for i in (1..self.order.len()).rev() {
            let v = self.order[i] as usize;
            let acc: f64 = self.succ[self.first[i]..self.first[i + 1]]
                .iter()
                .map(|&w| self.val[w as usize])
                .sum();
            let sigma = self.val[v];
            let delta = sigma * acc;
            emit(v as u32, delta);
            let ends = match (groups, source_group) {
                (Some(g), Some(gs)) => f64::from(u8::from(g[v] != gs)),
                _ => 1.0,
            };
            self.val[v] = (ends + delta) / sigma;
        }
    }
}
