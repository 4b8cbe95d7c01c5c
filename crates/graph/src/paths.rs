//! Shortest paths, bounded simple paths, k-hop neighbourhoods and ego networks.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::centrality::betweenness::Weighting;
use crate::csr::Adj;

/// Reusable single-source shortest-path state (distances and parents).
#[derive(Clone, Debug)]
pub struct Sssp {
    pub dist: Vec<f64>,
    pub parent: Vec<u32>,
    /// Nodes reached, in order of settling.
    pub reached: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// A distance that orders totally, for the Dijkstra heaps.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct Key(pub f64);
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Key {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}

impl Sssp {
    /// Scratch space for a graph of `n` nodes.
    pub fn new(n: usize) -> Self {
        Self {
            dist: vec![f64::INFINITY; n],
            parent: vec![NONE; n],
            reached: Vec::new(),
        }
    }

    /// Distances from `s` (BFS when unweighted, else Dijkstra), stopping beyond `max_dist`.
    pub fn run(&mut self, adj: &Adj, s: u32, wt: Weighting, max_dist: f64) {
        for &v in &self.reached {
            self.dist[v as usize] = f64::INFINITY;
            self.parent[v as usize] = NONE;
        }
        self.reached.clear();
        self.dist[s as usize] = 0.0;
        if wt == Weighting::Unweighted {
            let mut q = VecDeque::from([s]);
            while let Some(v) = q.pop_front() {
                self.reached.push(v);
                let d = self.dist[v as usize] + 1.0;
                if d > max_dist {
                    continue;
                }
                for &w in adj.neighbours(v) {
                    if self.dist[w as usize].is_infinite() {
                        self.dist[w as usize] = d;
                        self.parent[w as usize] = v;
                        q.push_back(w);
                    }
                }
            }
        } else {
            let mut heap = BinaryHeap::from([Reverse((Key(0.0), s))]);
            while let Some(Reverse((Key(d), v))) = heap.pop() {
                if d > self.dist[v as usize] {
                    continue;
                }
                self.reached.push(v);
                for (w, aw) in adj.weighted(v) {
                    let alt = d + wt.length(aw);
                    if alt < self.dist[w as usize] && alt <= max_dist {
                        self.dist[w as usize] = alt;
                        self.parent[w as usize] = v;
                        heap.push(Reverse((Key(alt), w)));
                    }
                }
            }
        }
    }

    /// The path from the last source to `t`, if reached.
    pub fn path_to(&self, t: u32) -> Option<Vec<u32>> {
        if self.dist[t as usize].is_infinite() {
            return None;
        }
        let mut path = vec![t];
        let mut v = t;
        while self.parent[v as usize] != NONE {
            v = self.parent[v as usize];
            path.push(v);
        }
        path.reverse();
        Some(path)
    }
}

/// A shortest path from `s` to `t` with its length.
pub fn shortest_path(adj: &Adj, s: u32, t: u32, wt: Weighting) -> Option<(f64, Vec<u32>)> {
    let mut sp = Sssp::new(adj.node_count());
    sp.run(adj, s, wt, f64::INFINITY);
    sp.path_to(t).map(|p| (sp.dist[t as usize], p))
}

/// Every simple path from `s` to `t` with at most `max_hops` arcs, stopping after `limit` paths.
pub fn simple_paths(adj: &Adj, s: u32, t: u32, max_hops: usize, limit: usize) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    if s == t || limit == 0 {
        return out;
    }
    // Prune with hop distances to `t` so we never walk branches that cannot arrive in time.
    let to_t = hop_distances(&adj.transpose(), t, max_hops);
    let mut on_path = vec![false; adj.node_count()];
    let mut path = vec![s];
    on_path[s as usize] = true;
    let mut stack: Vec<usize> = vec![0];
    while let Some(top) = stack.last_mut() {
        let v = *path.last().expect("path follows stack");
        let nbrs = adj.neighbours(v);
        if *top >= nbrs.len() {
            stack.pop();
            on_path[v as usize] = false;
            path.pop();
            continue;
        }
        let w = nbrs[*top];
        *top += 1;
        let hops = path.len();
        if w == t {
            let mut p = path.clone();
            p.push(t);
            out.push(p);
            if out.len() >= limit {
                break;
            }
        } else if !on_path[w as usize] && hops + to_t[w as usize] as usize <= max_hops {
            on_path[w as usize] = true;
            path.push(w);
            stack.push(0);
        }
    }
    out
}

/// Hop distance from `s` to every node within `k` hops (`u32::MAX` beyond).
pub fn hop_distances(adj: &Adj, s: u32, k: usize) -> Vec<u32> {
    let mut d = vec![u32::MAX; adj.node_count()];
    d[s as usize] = 0;
    let mut q = VecDeque::from([s]);
    while let Some(v) = q.pop_front() {
        let dv = d[v as usize];
        if dv as usize >= k {
            continue;
        }
        for &w in adj.neighbours(v) {
            if d[w as usize] == u32::MAX {
                d[w as usize] = dv + 1;
                q.push_back(w);
            }
        }
    }
    d
}

/// Nodes within `k` hops of `s` (excluding `s`), with their hop distance, nearest first.
pub fn k_hop(adj: &Adj, s: u32, k: usize) -> Vec<(u32, u32)> {
    let d = hop_distances(adj, s, k);
    let mut out: Vec<(u32, u32)> = d
        .iter()
        .enumerate()
        .filter(|&(v, &h)| h != u32::MAX && v != s as usize)
        .map(|(v, &h)| (v as u32, h))
        .collect();
    out.sort_by_key(|&(v, h)| (h, v));
    out
}

/// The ego network of `s` within `radius` hops: its nodes (ego first) and the arcs among them.
#[derive(Clone, Debug, PartialEq)]
pub struct Ego {
    pub nodes: Vec<u32>,
    pub arcs: Vec<(u32, u32, f64)>,
}

/// Induced subgraph on `s` and every node within `radius` hops.
pub fn ego_network(adj: &Adj, s: u32, radius: usize) -> Ego {
    let mut nodes = vec![s];
    nodes.extend(k_hop(adj, s, radius).into_iter().map(|(v, _)| v));
    let mut inside = vec![false; adj.node_count()];
    nodes.iter().for_each(|&v| inside[v as usize] = true);
    let arcs = nodes
        .iter()
        .flat_map(|&v| {
            let inside = &inside;
            adj.weighted(v)
                .filter(move |(w, _)| inside[*w as usize])
                .map(move |(w, x)| (v, w, x))
        })
        .collect();
    Ego { nodes, arcs }
}
