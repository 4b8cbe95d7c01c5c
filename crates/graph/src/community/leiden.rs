//! Leiden community detection (Traag, Waltman & van Eck 2019) optimising modularity.
//!
//! Each level: fast local moving, then refinement inside each community (so every community
//! is connected, which plain Louvain does not guarantee), then aggregation on the refined
//! partition with the unrefined one as the starting point. Gains are in edge-weight units
//! (as in igraph), so `randomness` = 0.01 makes refinement nearly greedy.

use std::collections::VecDeque;
use std::sync::Mutex;

use rayon::prelude::*;

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
    /// rise). 1: on the 1M-edge benchmark graph a second pass cost a third more time for a gain in
    /// the fifth decimal (Q 0.79856 → 0.79857).
    pub max_passes: usize,
}

impl Default for LeidenConfig {
    fn default() -> Self {
        Self {
            resolution: 1.0,
            randomness: 0.01,
            seed: 42,
            max_passes: 1,
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
        let (mut tot, mut size, mut empty) = totals(g, memb);
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

    /// Local moving in batches: the nodes of a batch choose their best community in parallel
    /// against the state left by the previous batches, then the choices are applied in order,
    /// each only if it still gains under the current state: exactly re-checked from the weights
    /// the choice saw when no neighbour moved since, chosen again otherwise. Every applied move
    /// raises modularity, so the rounds end, and the result does not depend on the thread count.
    fn move_nodes_batched(&mut self, g: &Level, memb: &mut [u32], two_m: f64) -> bool {
        let n = g.n();
        let gamma = self.cfg.resolution / two_m;
        let (mut tot, mut size, mut empty) = totals(g, memb);
        let mut queue: Vec<u32> = (0..n as u32).collect();
        self.rng.shuffle(&mut queue);
        let mut queued = vec![true; n];
        // The batch in which a neighbour of the node last moved (+1; 0 = never).
        let mut stirred = vec![0u32; n];
        let mut batch_no = 0u32;
        let mut next: Vec<u32> = Vec::new();
        let accs: Vec<Mutex<Acc>> = (0..rayon::current_num_threads().max(1))
            .map(|_| Mutex::new(Acc::new(n)))
            .collect();
        let mut decided: Vec<Choice> = Vec::with_capacity(BATCH);
        let mut changed = false;
        while !queue.is_empty() {
            for batch in queue.chunks(BATCH) {
                batch_no += 1;
                let (m, t) = (&*memb, &tot);
                batch
                    .par_iter()
                    .map(|&v| {
                        let slot = rayon::current_thread_index().unwrap_or(0) % accs.len();
                        let mut acc = accs[slot].lock().unwrap_or_else(|e| e.into_inner());
                        best_move(g, v as usize, m, t, gamma, &mut acc)
                    })
                    .collect_into_vec(&mut decided);
                for (&v, &choice) in batch.iter().zip(&decided) {
                    let v = v as usize;
                    queued[v] = false;
                    let cv = memb[v] as usize;
                    let kv = g.k[v];
                    let choice = if stirred[v] == batch_no {
                        best_move(g, v, memb, &tot, gamma, &mut self.acc)
                    } else {
                        choice
                    };
                    let stay = choice.w_own - gamma * kv * (tot[cv] - kv);
                    let best = if choice.target == ISOLATE {
                        if stay >= 0.0 || size[cv] <= 1 {
                            continue;
                        }
                        match std::iter::from_fn(|| empty.pop()).find(|&c| size[c] == 0) {
                            Some(c) => c,
                            None => continue,
                        }
                    } else {
                        let c = choice.target as usize;
                        if c == cv || choice.w_target - gamma * kv * tot[c] <= stay {
                            continue;
                        }
                        c
                    };
                    tot[cv] -= kv;
                    size[cv] -= 1;
                    tot[best] += kv;
                    size[best] += 1;
                    if size[cv] == 0 {
                        empty.push(cv);
                    }
                    memb[v] = best as u32;
                    changed = true;
                    for (u, _) in g.row(v) {
                        stirred[u] = batch_no;
                        if !queued[u] && memb[u] as usize != best {
                            queued[u] = true;
                            next.push(u as u32);
                        }
                    }
                }
            }
            queue.clear();
            std::mem::swap(&mut queue, &mut next);
        }
        changed
    }

    /// Splits each community into well-connected sub-communities by merging singletons,
    /// choosing among non-negative gains at random with weight exp(gain / θ). Communities are
    /// refined independently of each other, in parallel, each with its own random stream
    /// (so the result does not depend on the thread count).
    fn refine(&mut self, g: &Level, memb: &[u32], ncomm: usize, two_m: f64) -> (Vec<u32>, usize) {
        let n = g.n();
        let mut start = vec![0usize; ncomm + 1];
        for &c in memb {
            start[c as usize + 1] += 1;
        }
        for i in 0..ncomm {
            start[i + 1] += start[i];
        }
        let mut members = vec![0u32; n];
        let mut local = vec![0u32; n];
        let mut cur = start.clone();
        for v in 0..n {
            let c = memb[v] as usize;
            local[v] = (cur[c] - start[c]) as u32;
            members[cur[c]] = v as u32;
            cur[c] += 1;
        }
        let base = self.rng.next_u64();
        let (gamma, theta) = (self.cfg.resolution / two_m, self.cfg.randomness);
        let mut refined = vec![0u32; n];
        let parts: Vec<Vec<u32>> = (0..ncomm)
            .into_par_iter()
            .map(|c| {
                let ms = &members[start[c]..start[c + 1]];
                let seed = base ^ (c as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                refine_one(g, ms, &local, memb, c as u32, gamma, theta, seed)
            })
            .collect();
        for (c, part) in parts.into_iter().enumerate() {
            let ms = &members[start[c]..start[c + 1]];
            for (&v, &r) in ms.iter().zip(&part) {
                refined[v as usize] = ms[r as usize];
            }
        }
        let count = renumber(&mut refined);
        (refined, count)
    }
}

/// Refines one community `c` (its nodes `ms`, `local` = each node's index in `ms`): every node
/// starts alone; a node still alone and well connected to the rest of `c` joins a
/// well-connected sub-community at random among the non-negative gains (weight exp(gain / θ)).
/// Returns each member's sub-community as an index into `ms`.
#[allow(clippy::too_many_arguments)]
fn refine_one(
    g: &Level,
    ms: &[u32],
    local: &[u32],
    memb: &[u32],
    c: u32,
    gamma: f64,
    theta: f64,
    seed: u64,
) -> Vec<u32> {
    let len = ms.len();
    let mut refined: Vec<u32> = (0..len as u32).collect();
    if len < 2 {
        return refined;
    }
    let mut rng = Rng::new(seed);
    let comm_tot: f64 = ms.iter().map(|&v| g.k[v as usize]).sum();
    let mut tot: Vec<f64> = ms.iter().map(|&v| g.k[v as usize]).collect();
    let mut size = vec![1u32; len];
    // Weight from each sub-community to the rest of `c`.
    let mut ext: Vec<f64> = ms
        .iter()
        .map(|&v| {
            g.row(v as usize)
                .filter(|&(u, _)| memb[u] == c)
                .map(|(_, w)| w)
                .sum()
        })
        .collect();
    let mut acc = Acc::new(len);
    let mut order: Vec<u32> = (0..len as u32).collect();
    rng.shuffle(&mut order);
    let mut cands: Vec<(usize, f64)> = Vec::new();
    for &i in &order {
        let i = i as usize;
        let v = ms[i] as usize;
        let own = refined[i] as usize;
        let kv = g.k[v];
        if size[own] > 1 || ext[i] < gamma * kv * (comm_tot - kv) {
            continue;
        }
        for (u, w) in g.row(v) {
            if memb[u] == c {
                acc.add(refined[local[u] as usize] as usize, w);
            }
        }
        cands.clear();
        cands.push((own, 0.0));
        let mut max_gain = 0.0f64;
        for &t in &acc.touched {
            if t == own || ext[t] < gamma * tot[t] * (comm_tot - tot[t]) {
                continue;
            }
            let gain = acc.w[t] - gamma * kv * tot[t];
            if gain >= 0.0 {
                cands.push((t, gain));
                max_gain = max_gain.max(gain);
            }
        }
        let total: f64 = cands
            .iter()
            .map(|&(_, g)| ((g - max_gain) / theta).exp())
            .sum();
        let mut r = rng.unit() * total;
        let mut choice = cands[cands.len() - 1].0;
        for &(t, g) in &cands {
            r -= ((g - max_gain) / theta).exp();
            if r <= 0.0 {
                choice = t;
                break;
            }
        }
        if choice != own {
            ext[choice] += ext[i] - 2.0 * acc.w[choice];
            tot[choice] += kv;
            size[choice] += 1;
            size[own] = 0;
            refined[i] = choice as u32;
        }
        acc.clear();
    }
    refined
}

/// Strength and size of each community, and the ids no node uses.
fn totals(g: &Level, memb: &[u32]) -> (Vec<f64>, Vec<u32>, Vec<usize>) {
    let n = g.n();
    let mut tot = vec![0.0; n];
    let mut size = vec![0u32; n];
    for v in 0..n {
        tot[memb[v] as usize] += g.k[v];
        size[memb[v] as usize] += 1;
    }
    let empty = (0..n).filter(|&c| size[c] == 0).collect();
    (tot, size, empty)
}

/// Nodes decided together in [`Leiden::move_nodes_batched`]: small enough that few neighbours
/// share a batch, large enough to keep both cores busy.
const BATCH: usize = 4096;
/// Levels with at least this many arcs use batched (parallel) local moving.
const BATCHED_MIN_ARCS: usize = 200_000;
/// [`Choice::target`] when leaving for an empty community is best.
const ISOLATE: u32 = u32::MAX;

/// A node's preferred community and the edge weights the choice was made from.
#[derive(Clone, Copy)]
struct Choice {
    target: u32,
    /// Weight from the node to its own community (without itself) and to `target`.
    w_own: f64,
    w_target: f64,
}

/// The community `v` gains most by joining, given the others' communities (`tot` includes
/// `v`); [`ISOLATE`] when staying loses and so does every neighbouring community.
fn best_move(g: &Level, v: usize, memb: &[u32], tot: &[f64], gamma: f64, acc: &mut Acc) -> Choice {
    let cv = memb[v] as usize;
    let kv = g.k[v];
    for (u, w) in g.row(v) {
        if u != v {
            acc.add(memb[u] as usize, w);
        }
    }
    let w_own = if acc.seen[cv] { acc.w[cv] } else { 0.0 };
    let mut best = cv;
    let mut best_w = w_own;
    let mut best_gain = w_own - gamma * kv * (tot[cv] - kv);
    for &c in &acc.touched {
        let gain = acc.w[c] - gamma * kv * tot[c];
        if c != cv && gain > best_gain {
            best = c;
            best_w = acc.w[c];
            best_gain = gain;
        }
    }
    acc.clear();
    Choice {
        target: if best_gain < 0.0 {
            ISOLATE
        } else {
            best as u32
        },
        w_own,
        w_target: best_w,
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
        if g.nbr.len() >= BATCHED_MIN_ARCS {
            st.move_nodes_batched(&g, &mut memb, two_m);
        } else {
            st.move_nodes(&g, &mut memb, two_m);
        }
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
