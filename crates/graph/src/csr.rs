//! The compressed-sparse-row graph: typed, weighted, timestamped directed edges with out- and in-adjacency.

use crate::types::{EdgeType, NO_TIME, NodeKind};

/// An immutable directed multigraph in CSR form; build it with [`crate::GraphBuilder`].
///
/// Edges are stored once, in out-order (grouped by source, then sorted by target and time);
/// the in-adjacency holds indices into those arrays, so attributes are never duplicated.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub(crate) kinds: Vec<NodeKind>,
    pub(crate) labels: Vec<String>,
    pub(crate) directed: bool,
    pub(crate) out_off: Vec<usize>,
    pub(crate) dst: Vec<u32>,
    pub(crate) etype: Vec<EdgeType>,
    pub(crate) weight: Vec<f32>,
    pub(crate) time: Vec<i64>,
    pub(crate) in_off: Vec<usize>,
    pub(crate) in_src: Vec<u32>,
    pub(crate) in_edge: Vec<u32>,
}

/// One stored edge, as handed out by the iterators.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeRef {
    /// Index of the edge in the graph's edge arrays.
    pub id: u32,
    pub src: u32,
    pub dst: u32,
    pub etype: EdgeType,
    pub weight: f32,
    /// Epoch seconds, or `None` when unknown.
    pub time: Option<i64>,
}

impl Graph {
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.kinds.len()
    }
    /// Number of stored (directed) edges.
    pub fn edge_count(&self) -> usize {
        self.dst.len()
    }
    /// Whether the data's ties have a direction (calls: yes; co-offending: no).
    pub fn is_directed(&self) -> bool {
        self.directed
    }
    /// Kind of node `v`.
    pub fn kind(&self, v: u32) -> NodeKind {
        self.kinds[v as usize]
    }
    /// Label (external id or name) of node `v`.
    pub fn label(&self, v: u32) -> &str {
        &self.labels[v as usize]
    }
    /// All labels, indexed by node id.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    /// Node id with this label (linear scan; for tests and CLI look-ups, not hot paths).
    pub fn find(&self, label: &str) -> Option<u32> {
        self.labels
            .iter()
            .position(|l| l == label)
            .map(|i| i as u32)
    }

    fn edge(&self, id: usize, src: u32) -> EdgeRef {
        let t = self.time[id];
        EdgeRef {
            id: id as u32,
            src,
            dst: self.dst[id],
            etype: self.etype[id],
            weight: self.weight[id],
            time: (t != NO_TIME).then_some(t),
        }
    }

    /// Edges leaving `v`, sorted by target then time.
    pub fn out_edges(&self, v: u32) -> impl Iterator<Item = EdgeRef> + '_ {
        let (lo, hi) = (self.out_off[v as usize], self.out_off[v as usize + 1]);
        (lo..hi).map(move |e| self.edge(e, v))
    }
    /// Edges entering `v`, sorted by source.
    pub fn in_edges(&self, v: u32) -> impl Iterator<Item = EdgeRef> + '_ {
        let (lo, hi) = (self.in_off[v as usize], self.in_off[v as usize + 1]);
        (lo..hi).map(move |i| self.edge(self.in_edge[i] as usize, self.in_src[i]))
    }
    /// Every edge, in out-order.
    pub fn edges(&self) -> impl Iterator<Item = EdgeRef> + '_ {
        (0..self.node_count() as u32).flat_map(move |v| self.out_edges(v))
    }
    /// Number of edges leaving `v` (parallel edges counted).
    pub fn out_degree(&self, v: u32) -> usize {
        self.out_off[v as usize + 1] - self.out_off[v as usize]
    }
    /// Number of edges entering `v` (parallel edges counted).
    pub fn in_degree(&self, v: u32) -> usize {
        self.in_off[v as usize + 1] - self.in_off[v as usize]
    }
}

/// A plain weighted adjacency (CSR) that the algorithms run on: parallel edges merged
/// (weights summed), self-loops dropped, neighbours sorted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Adj {
    /// `offsets[v]..offsets[v+1]` indexes `targets`/`weights` for node `v`.
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    pub weights: Vec<f64>,
}

impl Adj {
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
    /// Number of stored arcs (an undirected tie counts twice).
    pub fn arc_count(&self) -> usize {
        self.targets.len()
    }
    /// Neighbours of `v`.
    pub fn neighbours(&self, v: u32) -> &[u32] {
        &self.targets[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }
    /// Neighbours of `v` with the merged weights.
    pub fn weighted(&self, v: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        let r = self.offsets[v as usize]..self.offsets[v as usize + 1];
        self.targets[r.clone()]
            .iter()
            .copied()
            .zip(self.weights[r].iter().copied())
    }
    /// Number of distinct neighbours of `v`.
    pub fn degree(&self, v: u32) -> usize {
        self.offsets[v as usize + 1] - self.offsets[v as usize]
    }
    /// Sum of the weights at `v`.
    pub fn strength(&self, v: u32) -> f64 {
        self.weights[self.offsets[v as usize]..self.offsets[v as usize + 1]]
            .iter()
            .sum()
    }

    /// Builds an adjacency from per-node rows already sorted and merged.
    pub(crate) fn from_rows(rows: Vec<Vec<(u32, f64)>>) -> Self {
        let mut offsets = Vec::with_capacity(rows.len() + 1);
        offsets.push(0);
        let total: usize = rows.iter().map(Vec::len).sum();
        let (mut targets, mut weights) = (Vec::with_capacity(total), Vec::with_capacity(total));
        for row in rows {
            for (t, w) in row {
                targets.push(t);
                weights.push(w);
            }
            offsets.push(targets.len());
        }
        Adj {
            offsets,
            targets,
            weights,
        }
    }

    /// Builds an adjacency from arcs in any order (merging duplicates, dropping self-loops);
    /// with `symmetric` each arc is also added reversed.
    pub fn from_arcs(n: usize, arcs: &[(u32, u32, f64)], symmetric: bool) -> Self {
        let mut rows: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
        for &(a, b, w) in arcs {
            if a == b {
                continue;
            }
            rows[a as usize].push((b, w));
            if symmetric {
                rows[b as usize].push((a, w));
            }
        }
        for r in &mut rows {
            merge_row(r);
        }
        Self::from_rows(rows)
    }

    /// The reverse adjacency (arcs flipped).
    pub fn transpose(&self) -> Self {
        let n = self.node_count();
        let mut count = vec![0usize; n + 1];
        for &t in &self.targets {
            count[t as usize + 1] += 1;
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let offsets = count.clone();
        let mut pos = count;
        let mut targets = vec![0u32; self.targets.len()];
        let mut weights = vec![0f64; self.targets.len()];
        for v in 0..n as u32 {
            for (t, w) in self.weighted(v) {
                let p = &mut pos[t as usize];
                targets[*p] = v;
                weights[*p] = w;
                *p += 1;
            }
        }
        Adj {
            offsets,
            targets,
            weights,
        }
    }
}

/// Sorts a row by neighbour and sums the weights of duplicates.
pub(crate) fn merge_row(row: &mut Vec<(u32, f64)>) {
    row.sort_unstable_by_key(|&(t, _)| t);
    row.dedup_by(|b, a| {
        if a.0 == b.0 {
            a.1 += b.1;
            true
        } else {
            false
        }
    });
}
