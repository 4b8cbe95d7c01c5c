//! Streaming construction of a [`Graph`]: `add_edge` in any order, then one `build`.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::csr::Graph;
use crate::types::{EdgeType, NO_TIME, NodeKind};

/// Collects nodes and edges as flat columns; `build` sorts them into CSR in O(m) plus small per-row sorts.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    kinds: Vec<NodeKind>,
    labels: Vec<String>,
    index: HashMap<String, u32>,
    directed: bool,
    src: Vec<u32>,
    dst: Vec<u32>,
    etype: Vec<EdgeType>,
    weight: Vec<f32>,
    time: Vec<i64>,
}

impl GraphBuilder {
    /// A builder for a directed (`true`) or undirected graph.
    pub fn new(directed: bool) -> Self {
        Self {
            directed,
            ..Self::default()
        }
    }

    /// A builder over columns filled elsewhere (a store projection); ends must be node ids.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_columns(
        directed: bool,
        kinds: Vec<NodeKind>,
        labels: Vec<String>,
        src: Vec<u32>,
        dst: Vec<u32>,
        etype: Vec<EdgeType>,
        weight: Vec<f32>,
        time: Vec<i64>,
    ) -> Self {
        Self {
            kinds,
            labels,
            index: HashMap::new(),
            directed,
            src,
            dst,
            etype,
            weight,
            time,
        }
    }

    /// Reserves room for `edges` more edges (a projection knows its row count up front).
    pub fn reserve_edges(&mut self, edges: usize) {
        self.src.reserve(edges);
        self.dst.reserve(edges);
        self.etype.reserve(edges);
        self.weight.reserve(edges);
        self.time.reserve(edges);
    }

    /// Adds a node without checking its label for duplicates; returns its id.
    pub fn add_node(&mut self, kind: NodeKind, label: impl Into<String>) -> u32 {
        let id = self.kinds.len() as u32;
        self.kinds.push(kind);
        self.labels.push(label.into());
        id
    }

    /// Returns the id of the node labelled `label`, adding it with `kind` if new.
    pub fn intern(&mut self, label: &str, kind: NodeKind) -> u32 {
        if let Some(&id) = self.index.get(label) {
            return id;
        }
        let id = self.add_node(kind, label);
        self.index.insert(label.to_string(), id);
        id
    }

    /// Number of nodes so far.
    pub fn node_count(&self) -> usize {
        self.kinds.len()
    }

    /// Adds an edge between existing nodes. For an undirected graph the direction is ignored by the views.
    pub fn add_edge(
        &mut self,
        src: u32,
        dst: u32,
        etype: EdgeType,
        weight: f32,
        time: Option<i64>,
    ) {
        debug_assert!((src as usize) < self.kinds.len() && (dst as usize) < self.kinds.len());
        self.src.push(src);
        self.dst.push(dst);
        self.etype.push(etype);
        self.weight.push(weight);
        self.time.push(time.unwrap_or(NO_TIME));
    }

    /// Sorts the edges into out- and in-adjacency.
    pub fn build(self) -> Graph {
        let n = self.kinds.len();
        let m = self.src.len();
        assert!(m < u32::MAX as usize, "edge ids are u32");
        // Counting sort by source: linear, and leaves only short rows to sort.
        let out_off = offsets_of(n, &self.src);
        let mut cursor = out_off.clone();
        let mut perm = vec![0u32; m];
        for (e, &s) in self.src.iter().enumerate() {
            perm[cursor[s as usize]] = e as u32;
            cursor[s as usize] += 1;
        }
        let rows = split_rows(&mut perm, &out_off);
        rows.into_par_iter().for_each(|row| {
            row.sort_unstable_by_key(|&e| (self.dst[e as usize], self.time[e as usize]));
        });
        let dst: Vec<u32> = perm.par_iter().map(|&e| self.dst[e as usize]).collect();
        let etype: Vec<EdgeType> = perm.par_iter().map(|&e| self.etype[e as usize]).collect();
        let weight: Vec<f32> = perm.par_iter().map(|&e| self.weight[e as usize]).collect();
        let time: Vec<i64> = perm.par_iter().map(|&e| self.time[e as usize]).collect();
        drop(perm);
        // In-adjacency by counting sort on target; walking edges in out-order keeps each in-row sorted by source.
        let in_off = offsets_of(n, &dst);
        let mut cursor = in_off.clone();
        let mut in_src = vec![0u32; m];
        let mut in_edge = vec![0u32; m];
        for v in 0..n {
            for e in out_off[v]..out_off[v + 1] {
                let p = &mut cursor[dst[e] as usize];
                in_src[*p] = v as u32;
                in_edge[*p] = e as u32;
                *p += 1;
            }
        }
        Graph {
            kinds: self.kinds,
            labels: self.labels,
            directed: self.directed,
            out_off,
            dst,
            etype,
            weight,
            time,
            in_off,
            in_src,
            in_edge,
        }
    }
}

fn offsets_of(n: usize, keys: &[u32]) -> Vec<usize> {
    let mut off = vec![0usize; n + 1];
    for &k in keys {
        off[k as usize + 1] += 1;
    }
    for i in 0..n {
        off[i + 1] += off[i];
    }
    off
}

fn split_rows<'a>(mut data: &'a mut [u32], off: &[usize]) -> Vec<&'a mut [u32]> {
    let mut rows = Vec::new();
    for w in off.windows(2) {
        let (row, rest) = data.split_at_mut(w[1] - w[0]);
        if row.len() > 1 {
            rows.push(row);
        }
        data = rest;
    }
    rows
}
