//! Views of a [`Graph`] for the algorithms: directed or symmetrised adjacency, and edge filters.

use rayon::prelude::*;

use crate::builder::GraphBuilder;
use crate::csr::{Adj, Graph, merge_row};
use crate::types::{EdgeTypeSet, NO_TIME};

/// Which edges a view keeps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeFilter {
    pub types: EdgeTypeSet,
    /// Inclusive start, epoch seconds; edges without a time are dropped when a window is set.
    pub from: Option<i64>,
    /// Exclusive end, epoch seconds.
    pub until: Option<i64>,
    pub min_weight: f32,
}

impl Default for EdgeFilter {
    fn default() -> Self {
        Self {
            types: EdgeTypeSet::all(),
            from: None,
            until: None,
            min_weight: f32::NEG_INFINITY,
        }
    }
}

impl EdgeFilter {
    fn keeps(&self, g: &Graph, e: usize) -> bool {
        let t = g.time[e];
        let windowed = self.from.is_some() || self.until.is_some();
        self.types.contains(g.etype[e])
            && g.weight[e] >= self.min_weight
            && (!windowed
                || (t != NO_TIME
                    && self.from.is_none_or(|f| t >= f)
                    && self.until.is_none_or(|u| t < u)))
    }
}

impl Graph {
    /// The subgraph with every node and only the edges `filter` keeps.
    pub fn filtered(&self, filter: &EdgeFilter) -> Graph {
        let mut b = GraphBuilder::new(self.directed);
        for v in 0..self.node_count() {
            b.add_node(self.kinds[v], self.labels[v].clone());
        }
        for v in 0..self.node_count() {
            for e in self.out_off[v]..self.out_off[v + 1] {
                if filter.keeps(self, e) {
                    let t = self.time[e];
                    b.add_edge(
                        v as u32,
                        self.dst[e],
                        self.etype[e],
                        self.weight[e],
                        (t != NO_TIME).then_some(t),
                    );
                }
            }
        }
        b.build()
    }

    fn adj_from(&self, row: impl Fn(usize, &mut Vec<(u32, f64)>) + Sync) -> Adj {
        let rows: Vec<Vec<(u32, f64)>> = (0..self.node_count())
            .into_par_iter()
            .map(|v| {
                let mut r = Vec::new();
                row(v, &mut r);
                r.retain(|&(t, _)| t as usize != v);
                merge_row(&mut r);
                r
            })
            .collect();
        Adj::from_rows(rows)
    }

    /// Arcs along edge direction (merged, no self-loops); for an undirected graph, the symmetrised view.
    pub fn out_adj(&self) -> Adj {
        if !self.directed {
            return self.undirected();
        }
        self.adj_from(|v, r| {
            r.extend(
                (self.out_off[v]..self.out_off[v + 1])
                    .map(|e| (self.dst[e], self.weight[e] as f64)),
            )
        })
    }

    /// Arcs against edge direction (row `v` lists who points at `v`); symmetrised when undirected.
    pub fn in_adj(&self) -> Adj {
        if !self.directed {
            return self.undirected();
        }
        self.adj_from(|v, r| {
            r.extend(
                (self.in_off[v]..self.in_off[v + 1])
                    .map(|i| (self.in_src[i], self.weight[self.in_edge[i] as usize] as f64)),
            )
        })
    }

    /// Symmetrised view: a tie between u and v weighs the sum of all edges either way.
    pub fn undirected(&self) -> Adj {
        self.adj_from(|v, r| {
            r.extend(
                (self.out_off[v]..self.out_off[v + 1])
                    .map(|e| (self.dst[e], self.weight[e] as f64)),
            );
            r.extend(
                (self.in_off[v]..self.in_off[v + 1])
                    .map(|i| (self.in_src[i], self.weight[self.in_edge[i] as usize] as f64)),
            );
        })
    }
}
