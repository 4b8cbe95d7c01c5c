//! Brandes betweenness: exact (parallel over sources) and source-sampled with a standard error.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use crate::centrality::brandes_bfs::BfsWork;
use crate::csr::Adj;
use crate::paths::Key;
use crate::rng::Rng;

/// How arc weights become path lengths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weighting {
    /// Every arc has length 1 (BFS).
    Unweighted,
    /// The weight is the length (networkx's `weight=` convention).
    Length,
    /// Length = 1 / weight, for weights that measure tie strength (call counts).
    InverseStrength,
}

impl Weighting {
    /// Length of an arc of weight `w`.
    pub fn length(self, w: f64) -> f64 {
        match self {
            Weighting::Unweighted => 1.0,
            Weighting::Length => w,
            Weighting::InverseStrength => 1.0 / w,
        }
    }
}

/// Per-source scratch space for weighted lengths (Dijkstra), reused across sources.
struct Work {
    dist: Vec<f64>,
    sigma: Vec<f64>,
    delta: Vec<f64>,
    order: Vec<u32>,
    heap: BinaryHeap<Reverse<(Key, u32)>>,
}

impl Work {
    fn new(n: usize) -> Self {
        Self {
            dist: vec![f64::INFINITY; n],
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            order: Vec::with_capacity(n),
            heap: BinaryHeap::new(),
        }
    }

    /// Dijkstra from `s`; fills `order` with nodes by non-decreasing distance.
    fn sssp(&mut self, adj: &Adj, s: u32, wt: Weighting) {
        for &v in &self.order {
            self.dist[v as usize] = f64::INFINITY;
            self.sigma[v as usize] = 0.0;
            self.delta[v as usize] = 0.0;
        }
        self.order.clear();
        self.dist[s as usize] = 0.0;
        self.sigma[s as usize] = 1.0;
        // Settled nodes are marked by pushing them on `order`; sigma is final when settled.
        self.heap.push(Reverse((Key(0.0), s)));
        while let Some(Reverse((Key(d), v))) = self.heap.pop() {
            if d > self.dist[v as usize] || self.delta[v as usize] < 0.0 {
                continue;
            }
            // delta doubles as a "settled" flag during the forward pass.
            self.delta[v as usize] = -1.0;
            self.order.push(v);
            for (w, aw) in adj.weighted(v) {
                let wi = w as usize;
                let alt = d + wt.length(aw);
                if alt < self.dist[wi] {
                    self.dist[wi] = alt;
                    self.sigma[wi] = self.sigma[v as usize];
                    self.heap.push(Reverse((Key(alt), w)));
                } else if alt == self.dist[wi] && self.delta[wi] >= 0.0 {
                    self.sigma[wi] += self.sigma[v as usize];
                }
            }
        }
        for &v in &self.order {
            self.delta[v as usize] = 0.0;
        }
    }

    /// Dependencies of `s` on every node, accumulated over successors in reverse order.
    /// With `groups`, only paths whose ends lie in different groups count.
    fn accumulate(&mut self, adj: &Adj, wt: Weighting, groups: Option<&[u32]>) {
        let s = self.order[0] as usize;
        for i in (0..self.order.len()).rev() {
            let v = self.order[i] as usize;
            let (dv, sv) = (self.dist[v], self.sigma[v]);
            let mut acc = 0.0;
            for (w, aw) in adj.weighted(v as u32) {
                let w = w as usize;
                if self.dist[w] == dv + wt.length(aw) && self.sigma[w] > 0.0 {
                    let ends = groups.map_or(1.0, |g| f64::from(u8::from(g[w] != g[s])));
                    acc += sv / self.sigma[w] * (ends + self.delta[w]);
                }
            }
            self.delta[v] = acc;
        }
    }
}

/// Undirected pairs are counted from both ends, so halve them; normalising divides by the
/// ordered pairs instead (networkx's conventions).
fn pair_scale(n: usize, directed: bool, normalized: bool) -> f64 {
    if normalized && n > 2 {
        1.0 / ((n - 1) * (n - 2)) as f64
    } else if directed {
        1.0
    } else {
        0.5
    }
}

fn run_sources(
    adj: &Adj,
    sources: &[u32],
    wt: Weighting,
    squares: bool,
    groups: Option<&[u32]>,
) -> (Vec<f64>, Vec<f64>) {
    let n = adj.node_count();
    sources
        .par_chunks(
            sources
                .len()
                .div_ceil(rayon::current_num_threads() * 4)
                .max(1),
        )
        .map(|chunk| {
            let mut bc = vec![0.0; n];
            let mut sq = if squares { vec![0.0; n] } else { Vec::new() };
            if wt == Weighting::Unweighted {
                let mut work = BfsWork::new(n);
                for &s in chunk {
                    work.run(adj, s, groups, |v, d| {
                        bc[v as usize] += d;
                        if squares {
                            sq[v as usize] += d * d;
                        }
                    });
                }
                return (bc, sq);
            }
            let mut work = Work::new(n);
            for &s in chunk {
                work.sssp(adj, s, wt);
                work.accumulate(adj, wt, groups);
                for &v in &work.order {
                    if v != s {
                        let d = work.delta[v as usize];
                        bc[v as usize] += d;
                        if squares {
                            sq[v as usize] += d * d;
                        }
                    }
                }
            }
            (bc, sq)
        })
        .reduce(
            || {
                (
                    vec![0.0; n],
                    if squares { vec![0.0; n] } else { Vec::new() },
                )
            },
            |(mut a, mut qa), (b, qb)| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                qa.iter_mut().zip(&qb).for_each(|(x, y)| *x += y);
                (a, qa)
            },
        )
}

/// Exact betweenness (Brandes 2001). `directed` says whether `adj` holds one-way arcs;
/// `normalized` divides by the number of ordered pairs (n-1)(n-2) as networkx does.
pub fn betweenness(adj: &Adj, wt: Weighting, directed: bool, normalized: bool) -> Vec<f64> {
    let n = adj.node_count();
    let sources: Vec<u32> = (0..n as u32).collect();
    let (mut bc, _) = run_sources(adj, &sources, wt, false, None);
    let scale = pair_scale(n, directed, normalized);
    bc.iter_mut().for_each(|b| *b *= scale);
    bc
}

/// Brokerage between groups: betweenness counting only shortest paths whose two ends lie in
/// different groups (e.g. communities), so a hub inside one cell scores nothing for it.
pub fn betweenness_across(adj: &Adj, groups: &[u32], wt: Weighting, directed: bool) -> Vec<f64> {
    let n = adj.node_count();
    let sources: Vec<u32> = (0..n as u32).collect();
    let (mut bc, _) = run_sources(adj, &sources, wt, false, Some(groups));
    let scale = pair_scale(n, directed, false);
    bc.iter_mut().for_each(|b| *b *= scale);
    bc
}

/// Betweenness estimated from `k` random sources, with the standard error of each estimate.
#[derive(Clone, Debug)]
pub struct SampledBetweenness {
    pub values: Vec<f64>,
    /// Standard error of each value (same scale), from the spread of per-source dependencies.
    pub std_error: Vec<f64>,
    pub sources: usize,
}

impl SampledBetweenness {
    /// Hoeffding half-width that holds for every node at once with probability `1 - delta`;
    /// unnormalised scale (a source's dependency on a node is at most n - 2).
    pub fn uniform_bound(&self, delta: f64) -> f64 {
        let n = self.values.len() as f64;
        let k = self.sources.max(1) as f64;
        n * (n - 2.0).max(0.0) * ((2.0 * n / delta).ln() / (2.0 * k)).sqrt()
    }
}

/// Brandes–Pich estimate: sum the dependencies of `k` sources drawn without replacement, scaled by n/k.
pub fn betweenness_sampled(
    adj: &Adj,
    wt: Weighting,
    directed: bool,
    k: usize,
    seed: u64,
) -> SampledBetweenness {
    sampled(adj, wt, directed, k, seed, None)
}

/// [`betweenness_across`] estimated from `k` sampled sources, with standard errors.
pub fn betweenness_across_sampled(
    adj: &Adj,
    groups: &[u32],
    wt: Weighting,
    directed: bool,
    k: usize,
    seed: u64,
) -> SampledBetweenness {
    sampled(adj, wt, directed, k, seed, Some(groups))
}

fn sampled(
    adj: &Adj,
    wt: Weighting,
    directed: bool,
    k: usize,
    seed: u64,
    groups: Option<&[u32]>,
) -> SampledBetweenness {
    let n = adj.node_count();
    let sources = Rng::new(seed).sample(n, k);
    let k = sources.len().max(1);
    let (sum, sq) = run_sources(adj, &sources, wt, true, groups);
    let scale = pair_scale(n, directed, false);
    let nk = n as f64 / k as f64;
    // Finite-population correction: sampling without replacement from n sources.
    let fpc = if n > 1 {
        ((n - k) as f64 / (n - 1) as f64).max(0.0)
    } else {
        0.0
    };
    let values = sum.iter().map(|s| s * nk * scale).collect();
    let std_error = sum
        .iter()
        .zip(&sq)
        .map(|(s, q)| {
            let mean = s / k as f64;
            let var = (q / k as f64 - mean * mean).max(0.0) * k as f64 / (k as f64 - 1.0).max(1.0);
            n as f64 * scale * (var * fpc / k as f64).sqrt()
        })
        .collect();
    SampledBetweenness {
        values,
        std_error,
        sources: k,
    }
}
