//! Leiden community detection (Traag, Waltman & van Eck 2019) optimising modularity.
//!
//! Each level: fast local moving, then refinement inside each community (so every community
//! is connected, which plain Louvain does not guarantee), then aggregation on the refined
//! partition with the unrefined one as the starting point. Gains are in edge-weight units
//! (as in igraph), so `randomness` = 0.01 makes refinement nearly greedy.

use std::collections::VecDeque;

use crate::community::modularity::modularity;
use crate::csr::Adj;
use crate::rng::Rng;

/// Leiden settings.
#[derive(Clone, Copy, Debug)]
pub struct LeidenConfig {
    pub resolution: f64,
    /// θ in the paper: temperature of the random merge choice during refinement.
    pub randomness: f64,
    pub seed: u64,
    /// Full passes, each restarting from the previous partition (stops early when modularity does not
    /// rise); 2 as in igraph, since later passes cost a full pass each for gains in the fourth decimal.
    pub max_passes: usize,
}

impl Default for LeidenConfig {
    fn default() -> Self {
        Self {
            resolution: 1.0,
            randomness: 0.01,
            seed: 42,
            max_passes: 2,
        }
    }
}

/// A partition of the nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Partition {
    /// Community id per node, numbered 0.. by first appearance.
    pub membership: Vec<u32>,
    pub count: usize,
    pub modularity: f64,
}

/// Weighted graph at one aggregation level.
struct Level {
    off: Vec<usize>,
    nbr: Vec<u32>,
    w: Vec<f64>,
    /// Weight inside an aggregated node, counted from both ends.
    self_w: Vec<f64>,
    /// Strength including `self_w`.
    k: Vec<f64>,
}

impl Level {
    fn n(&self) -> usize {
        self.k.len()
    }
    fn row(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.off[v]..self.off[v + 1];
        self.nbr[r.clone()]
            .iter()
            .map(|&u| u as usize)
            .zip(self.w[r].iter().copied())
    }
    fn from_adj(a: &Adj) -> Self {
        let n = a.node_count();
        Level {
            off: a.offsets.clone(),
            nbr: a.targets.clone(),
            w: a.weights.clone(),
            self_w: vec![0.0; n],
            k: (0..n as u32).map(|v| a.strength(v)).collect(),
        }
    }
}

/// Dense accumulator of weights per community with a list of touched entries.
struct Acc {
    w: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<usize>,
}

impl Acc {
    fn new(n: usize) -> Self {
        Self {
            w: vec![0.0; n],
            seen: vec![false; n],
            touched: Vec::new(),
        }
    }
    fn add(&mut self, c: usize, x: f64) {
        if !self.seen[c] {
            self.seen[c] = true;
            self.touched.push(c);
        }
        self.w[c] += x;
    }
    fn clear(&mut self) {
        for &c in &self.touched {
            self.w[c] = 0.0;
            self.seen[c] = false;
        }
        self.touched.clear();
    }
}

/// Renumbers ids to 0.. in order of first appearance; returns the count.
fn renumber(ids: &mut [u32]) -> usize {
    let mut map = vec![u32::MAX; ids.len()];
    let mut next = 0u32;
    for x in ids.iter_mut() {
        let m = &mut map[*x as usize];
        if *m == u32::MAX {
            *m = next;
            next += 1;
        }
        *x = *m;
    }
    next as usize
}

struct Leiden<'a> {
    cfg: &'a LeidenConfig,
    rng: Rng,
    acc: Acc,
}

impl Leiden<'_> {
    /// Moves nodes to the best neighbouring community until no move helps; a moved node's
    /// neighbours outside its new community are queued again (fast local moving).
    fn move_nodes(&mut self, g: &Level, memb: &mut [u32], two_m: f64) -> bool {
        let n = g.n();
        let gamma = self.cfg.resolution / two_m;
        let mut tot = vec![0.0; n];
        let mut size = vec![0u32; n];
        for v in 0..n {
            tot[memb[v] as usize] += g.k[v];
            size[memb[v] as usize] += 1;
        }
        let mut empty: Vec<usize> = (0..n).filter(|&c| size[c] == 0).collect();
        let mut order: Vec<u32> = (0..n as u32).collect();
        self.rng.shuffle(&mut order);
        let mut queued = vec![true; n];
        let mut queue: VecDeque<u32> = order.into();
        let mut changed = false;
        while let Some(v) = queue.pop_front() {
            let v = v as usize;
            queued[v] = false;
            let cv = memb[v] as usize;
            let kv = g.k[v];
            for (u, w) in g.row(v) {
                self.acc.add(memb[u] as usize, w);
            }
            tot[cv] -= kv;
            size[cv] -= 1;
            let mut best = cv;
            let mut best_gain = self.acc.w[cv] - gamma * kv * tot[cv];
            for &c in &self.acc.touched {
                let gain = self.acc.w[c] - gamma * kv * tot[c];
                if gain > best_gain {
                    best = c;
                    best_gain = gain;
                }
            }
            if best_gain < 0.0 && size[cv] > 0 {
                while let Some(c) = empty.pop() {
                    if size[c] == 0 {
                        best = c;
                        break;
                    }
                }
            }
            self.acc.clear();
            tot[best] += kv;
            size[best] += 1;
            if best != cv {
                changed = true;
                if size[cv] == 0 {
                    empty.push(cv);
                }
                memb[v] = best as u32;
                for (u, _) in g.row(v) {
                    if !queued[u] && memb[u] as usize != best {
                        queued[u] = true;
                        queue.push_back(u as u32);
                    }
                }
            }
        }
        changed
    }

    /// Splits each community into well-connected sub-communities by merging singletons,
    /// choosing among non-negative gains at random with weight exp(gain / θ).
    fn refine(&mut self, g: &Level, memb: &[u32], ncomm: usize, two_m: f64) -> (Vec<u32>, usize) {
        let n = g.n();
        let gamma = self.cfg.resolution / two_m;
        let mut comm_tot = vec![0.0; ncomm];
        for v in 0..n {
            comm_tot[memb[v] as usize] += g.k[v];
        }
        let mut refined: Vec<u32> = (0..n as u32).collect();
        let mut tot = g.k.clone();
        let mut size = vec![1u32; n];
        // Weight from each refined community to the rest of its enclosing community.
        let mut ext: Vec<f64> = (0..n)
            .map(|v| {
                g.row(v)
                    .filter(|&(u, _)| memb[u] == memb[v])
                    .map(|(_, w)| w)
                    .sum()
            })
            .collect();
        let mut order: Vec<u32> = (0..n as u32).collect();
        self.rng.shuffle(&mut order);
        let mut cands: Vec<(usize, f64)> = Vec::new();
        for &v in &order {
            let v = v as usize;
            let own = refined[v] as usize;
            let c = memb[v] as usize;
            let kv = g.k[v];
            if size[own] > 1 || ext[v] < gamma * kv * (comm_tot[c] - kv) {
                continue;
            }
            for (u, w) in g.row(v) {
                if memb[u] as usize == c {
                    self.acc.add(refined[u] as usize, w);
                }
            }
            cands.clear();
            cands.push((own, 0.0));
            let mut max_gain = 0.0f64;
            for &t in &self.acc.touched {
                if t == own || ext[t] < gamma * tot[t] * (comm_tot[c] - tot[t]) {
                    continue;
                }
                let gain = self.acc.w[t] - gamma * kv * tot[t];
                if gain >= 0.0 {
                    cands.push((t, gain));
                    max_gain = max_gain.max(gain);
                }
            }
            let theta = self.cfg.randomness;
            let total: f64 = cands
                .iter()
                .map(|&(_, g)| ((g - max_gain) / theta).exp())
                .sum();
            let mut r = self.rng.unit() * total;
            let mut choice = cands[cands.len() - 1].0;
            for &(t, g) in &cands {
                r -= ((g - max_gain) / theta).exp();
                if r <= 0.0 {
                    choice = t;
                    break;
                }
            }
            if choice != own {
                ext[choice] += ext[v] - 2.0 * self.acc.w[choice];
                tot[choice] += kv;
                size[choice] += 1;
                size[own] = 0;
                refined[v] = choice as u32;
            }
            self.acc.clear();
        }
        let count = renumber(&mut refined);
        (refined, count)
    }
}

/// Collapses each refined community into one node.
fn aggregate(g: &Level, refined: &[u32], count: usize, acc: &mut Acc) -> Level {
    let n = g.n();
    let mut start = vec![0usize; count + 1];
    for &r in refined {
        start[r as usize + 1] += 1;
    }
    for i in 0..count {
        start[i + 1] += start[i];
    }
    let mut members = vec![0u32; n];
    let mut cur = start.clone();
    for v in 0..n {
        members[cur[refined[v] as usize]] = v as u32;
        cur[refined[v] as usize] += 1;
    }
    let mut off = Vec::with_capacity(count + 1);
    off.push(0);
    let (mut nbr, mut w) = (Vec::new(), Vec::new());
    let mut self_w = vec![0.0; count];
    let mut k = vec![0.0; count];
    for r in 0..count {
        for &v in &members[start[r]..start[r + 1]] {
            let v = v as usize;
            self_w[r] += g.self_w[v];
            k[r] += g.k[v];
            for (u, x) in g.row(v) {
                let ru = refined[u] as usize;
                if ru == r {
                    self_w[r] += x;
                } else {
                    acc.add(ru, x);
                }
            }
        }
        for &c in &acc.touched {
            nbr.push(c as u32);
            w.push(acc.w[c]);
        }
        acc.clear();
        off.push(nbr.len());
    }
    Level {
        off,
        nbr,
        w,
        self_w,
        k,
    }
}

/// One Leiden run from `initial` (or singletons); returns the membership of the original nodes.
fn run(sym: &Adj, initial: Option<&[u32]>, st: &mut Leiden) -> Vec<u32> {
    let n = sym.node_count();
    let mut g = Level::from_adj(sym);
    let two_m: f64 = g.k.iter().sum();
    let mut memb: Vec<u32> = match initial {
        Some(m) => m.to_vec(),
        None => (0..n as u32).collect(),
    };
    // Which aggregate node each original node currently lies in.
    let mut node_of: Vec<u32> = (0..n as u32).collect();
    loop {
        st.move_nodes(&g, &mut memb, two_m);
        let ncomm = renumber(&mut memb);
        if ncomm == g.n() {
            break;
        }
        let (refined, nref) = st.refine(&g, &memb, ncomm, two_m);
        if nref == g.n() {
            break;
        }
        let mut next_memb = vec![0u32; nref];
        for v in 0..g.n() {
            next_memb[refined[v] as usize] = memb[v];
        }
        for x in node_of.iter_mut() {
            *x = refined[*x as usize];
        }
        g = aggregate(&g, &refined, nref, &mut st.acc);
        memb = next_memb;
    }
    let mut out: Vec<u32> = node_of.iter().map(|&a| memb[a as usize]).collect();
    renumber(&mut out);
    out
}

/// Leiden on a symmetric weighted adjacency (use [`crate::Graph::undirected`]).
pub fn leiden(sym: &Adj, cfg: &LeidenConfig) -> Partition {
    let n = sym.node_count();
    let mut st = Leiden {
        cfg,
        rng: Rng::new(cfg.seed),
        acc: Acc::new(n),
    };
    let mut membership = run(sym, None, &mut st);
    let mut q = modularity(sym, &membership, cfg.resolution);
    for _ in 1..cfg.max_passes {
        let next = run(sym, Some(&membership), &mut st);
        let q_next = modularity(sym, &next, cfg.resolution);
        if q_next <= q + 1e-12 {
            break;
        }
        membership = next;
        q = q_next;
    }
    let count = membership
        .iter()
        .map(|&m| m as usize + 1)
        .max()
        .unwrap_or(0);
    Partition {
        membership,
        count,
        modularity: q,
    }
}
