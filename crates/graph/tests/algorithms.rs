//! Algorithms on small graphs with hand-computed answers.

mod common;

use common::{graph, karate};
use kingpin_graph::centrality::betweenness::{
    betweenness, betweenness_across, betweenness_sampled,
};
use kingpin_graph::centrality::closeness::{closeness, closeness_sampled, harmonic};
use kingpin_graph::centrality::degree::{degree, strength};
use kingpin_graph::centrality::pagerank::{PageRankConfig, pagerank};
use kingpin_graph::community::{LeidenConfig, leiden, modularity};
use kingpin_graph::components::{strong_components, weak_components};
use kingpin_graph::kcore::core_numbers;
use kingpin_graph::paths::{ego_network, k_hop, shortest_path, simple_paths};
use kingpin_graph::{Adj, Weighting};

fn approx(a: &[f64], b: &[f64], tol: f64) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() <= tol, "{a:?} vs {b:?}");
    }
}

#[test]
fn betweenness_of_path_and_star() {
    // Path 0-1-2-3: node 1 lies on (0,2),(0,3); node 2 on (0,3),(1,3).
    let p = graph(4, false, &[(0, 1), (1, 2), (2, 3)]).undirected();
    approx(
        &betweenness(&p, Weighting::Unweighted, false, false),
        &[0.0, 2.0, 2.0, 0.0],
        1e-12,
    );
    // Star with centre 0 and 4 leaves: the centre is on all C(4,2) = 6 leaf pairs; normalised = 1.
    let s = graph(5, false, &[(0, 1), (0, 2), (0, 3), (0, 4)]).undirected();
    approx(
        &betweenness(&s, Weighting::Unweighted, false, true),
        &[1.0, 0.0, 0.0, 0.0, 0.0],
        1e-12,
    );
    // Square 0-1-2-3-0: each pair of opposite corners has two paths, so every node gets 0.5.
    let c = graph(4, false, &[(0, 1), (1, 2), (2, 3), (3, 0)]).undirected();
    approx(
        &betweenness(&c, Weighting::Unweighted, false, false),
        &[0.5; 4],
        1e-12,
    );
}

#[test]
fn weighted_betweenness_follows_lengths() {
    // 0-1 (1), 1-2 (1), 0-2 (5): the short way from 0 to 2 runs through 1.
    let adj = Adj::from_arcs(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 5.0)], true);
    approx(
        &betweenness(&adj, Weighting::Length, false, false),
        &[0.0, 1.0, 0.0],
        1e-12,
    );
    approx(
        &betweenness(&adj, Weighting::Unweighted, false, false),
        &[0.0, 0.0, 0.0],
        1e-12,
    );
    // As strengths (length 1/w), the heavy direct tie is the shortest.
    approx(
        &betweenness(&adj, Weighting::InverseStrength, false, false),
        &[0.0, 0.0, 0.0],
        1e-12,
    );
}

#[test]
fn betweenness_across_groups_ignores_paths_inside_a_group() {
    // Path 0-1-2-3 with groups {0,1,2} and {3}: node 1 only brokers (0,3); node 2 brokers (0,3),(1,3).
    let p = graph(4, false, &[(0, 1), (1, 2), (2, 3)]).undirected();
    approx(
        &betweenness_across(&p, &[0, 0, 0, 1], Weighting::Unweighted, false),
        &[0.0, 1.0, 2.0, 0.0],
        1e-12,
    );
}

/// A seeded random graph with clustered blocks (like the benchmark's), as distinct `(u, v)`
/// pairs in both orientations at most once (parallel edges would sum to weight 2).
fn random_edges(n: u32, m: usize, seed: u64) -> Vec<(u32, u32)> {
    let mut rng = kingpin_graph::rng::Rng::new(seed);
    let mut seen = std::collections::HashSet::new();
    (0..m)
        .map(|_| {
            let u = rng.below(n as usize) as u32;
            let v = if rng.unit() < 0.7 {
                (u / 10) * 10 + rng.below(10) as u32
            } else {
                rng.below(n as usize) as u32
            };
            (u, v.min(n - 1))
        })
        .filter(|&(u, v)| seen.insert((u.min(v), u.max(v))))
        .collect()
}

#[test]
fn bfs_betweenness_agrees_with_the_dijkstra_kernel_on_unit_lengths() {
    // The unweighted kernel (successor lists, pulled dependencies) against the weighted one
    // with every length 1: the same shortest paths, so the same values, directed or not,
    // across groups or not.
    for (seed, directed) in [(1, false), (2, true), (3, false)] {
        let g = graph(200, directed, &random_edges(200, 700, seed));
        let adj = g.out_adj();
        approx(
            &betweenness(&adj, Weighting::Unweighted, directed, false),
            &betweenness(&adj, Weighting::Length, directed, false),
            1e-6,
        );
        let groups: Vec<u32> = (0..200).map(|v| v / 25).collect();
        approx(
            &betweenness_across(&adj, &groups, Weighting::Unweighted, directed),
            &betweenness_across(&adj, &groups, Weighting::Length, directed),
            1e-6,
        );
    }
}

#[test]
fn sampled_closeness_is_exact_with_all_sources_and_close_with_few() {
    let k = karate().undirected();
    let exact = closeness(&k, Weighting::Unweighted);
    let all = closeness_sampled(&k, 34, 1);
    approx(&all.values, &exact, 1e-12);
    // A disconnected graph: the reached share is estimated too.
    let g = graph(8, false, &[(0, 1), (1, 2), (2, 3), (4, 5), (5, 6)]).undirected();
    approx(
        &closeness_sampled(&g, 8, 2).values,
        &closeness(&g, Weighting::Unweighted),
        1e-12,
    );
    let some = closeness_sampled(&k, 17, 3);
    assert_eq!(some.sources, 17);
    // Mean distance within the bound means closeness within a few tenths on karate (diameter 5).
    assert!(some.mean_distance_bound_95 > 0.0);
    for (e, v) in exact.iter().zip(&some.values) {
        assert!((e - v).abs() < 0.2, "{e} vs {v}");
    }
}

#[test]
fn sampled_betweenness_is_exact_with_all_sources_and_close_with_few() {
    let k = karate().undirected();
    let exact = betweenness(&k, Weighting::Unweighted, false, false);
    let all = betweenness_sampled(&k, Weighting::Unweighted, false, 34, 1);
    approx(&all.values, &exact, 1e-9);
    assert!(all.std_error.iter().all(|&e| e < 1e-9));
    let some = betweenness_sampled(&k, Weighting::Unweighted, false, 17, 3);
    let within = exact
        .iter()
        .zip(some.values.iter().zip(&some.std_error))
        .filter(|(e, (v, se))| (*v - *e).abs() <= 3.0 * *se + 1e-9)
        .count();
    assert!(
        within >= 30,
        "only {within}/34 estimates within 3 standard errors"
    );
    assert!(some.uniform_bound(0.05) > 0.0);
}

#[test]
fn pagerank_hand_values() {
    // Two-cycle: symmetric, so 1/2 each.
    let g = graph(2, true, &[(0, 1), (1, 0)]);
    let pr = pagerank(
        &g.out_adj(),
        &g.in_adj(),
        &PageRankConfig {
            tolerance: 1e-14,
            ..Default::default()
        },
    );
    approx(&pr, &[0.5, 0.5], 1e-9);
    // 0 -> 1 with 1 dangling: x0 = 0.075 + 0.425 x1 and x0 + x1 = 1, so x0 = 0.5 / 1.425.
    let g = graph(2, true, &[(0, 1)]);
    let pr = pagerank(
        &g.out_adj(),
        &g.in_adj(),
        &PageRankConfig {
            tolerance: 1e-14,
            ..Default::default()
        },
    );
    approx(&pr, &[0.5 / 1.425, 1.0 - 0.5 / 1.425], 1e-9);
}

#[test]
fn degree_strength_closeness_harmonic() {
    let p = graph(3, false, &[(0, 1), (1, 2), (1, 2)]);
    let adj = p.undirected();
    approx(&degree(&adj), &[1.0, 2.0, 1.0], 0.0);
    approx(&strength(&adj), &[1.0, 3.0, 2.0], 0.0);
    // Node 1 is at distance 1 from both others: closeness 2/2 = 1; the ends 2/3.
    approx(
        &closeness(&adj, Weighting::Unweighted),
        &[2.0 / 3.0, 1.0, 2.0 / 3.0],
        1e-12,
    );
    approx(
        &harmonic(&adj, Weighting::Unweighted),
        &[1.5, 2.0, 1.5],
        1e-12,
    );
}

#[test]
fn cores_and_components() {
    // Triangle 0-1-2 with a pendant 3 on 2, and an isolated pair 4-5.
    let g = graph(6, true, &[(0, 1), (1, 2), (2, 0), (2, 3), (4, 5)]);
    assert_eq!(core_numbers(&g.undirected()), vec![2, 2, 2, 1, 1, 1]);
    let (wc, nw) = weak_components(&g.undirected());
    assert_eq!(nw, 2);
    assert_eq!(wc[0], wc[3]);
    assert_ne!(wc[0], wc[4]);
    let (sc, ns) = strong_components(&g.out_adj());
    assert_eq!(ns, 4);
    assert!(sc[0] == sc[1] && sc[1] == sc[2] && sc[2] != sc[3]);
}

#[test]
fn modularity_hand_value() {
    // Two triangles joined by one edge, split in the obvious way:
    // m = 7; each side has 3 internal edges and total degree 7: Q = 2 * (3/7 - (7/14)^2) = 5/14.
    let g = graph(
        6,
        false,
        &[(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)],
    )
    .undirected();
    let q = modularity(&g, &[0, 0, 0, 1, 1, 1], 1.0);
    assert!((q - 5.0 / 14.0).abs() < 1e-12);
    let p = leiden(&g, &LeidenConfig::default());
    assert_eq!(p.count, 2);
    assert_eq!(p.membership, vec![0, 0, 0, 1, 1, 1]);
}

/// Each community of `membership` induces a connected subgraph.
fn communities_connected(adj: &Adj, membership: &[u32]) -> bool {
    let count = membership.iter().max().map_or(0, |&m| m as usize + 1);
    (0..count as u32).all(|c| {
        let members: Vec<u32> = (0..adj.node_count() as u32)
            .filter(|&v| membership[v as usize] == c)
            .collect();
        let mut seen = vec![false; adj.node_count()];
        let mut stack = vec![members[0]];
        seen[members[0] as usize] = true;
        let mut reached = 1;
        while let Some(v) = stack.pop() {
            for &w in adj.neighbours(v) {
                if membership[w as usize] == c && !seen[w as usize] {
                    seen[w as usize] = true;
                    reached += 1;
                    stack.push(w);
                }
            }
        }
        reached == members.len()
    })
}

#[test]
fn leiden_on_karate_reaches_known_modularity_with_connected_communities() {
    let k = karate().undirected();
    for seed in 0..10 {
        let p = leiden(
            &k,
            &LeidenConfig {
                seed,
                ..LeidenConfig::default()
            },
        );
        assert!(p.modularity >= 0.41, "seed {seed}: Q = {}", p.modularity);
        assert!((p.modularity - modularity(&k, &p.membership, 1.0)).abs() < 1e-12);
        assert!(communities_connected(&k, &p.membership), "seed {seed}");
    }
}

#[test]
fn leiden_keeps_communities_connected_on_a_sparse_random_graph() {
    let mut rng = kingpin_graph::rng::Rng::new(5);
    let arcs: Vec<(u32, u32, f64)> = (0..600)
        .map(|_| (rng.below(300) as u32, rng.below(300) as u32, 1.0))
        .collect();
    let adj = Adj::from_arcs(300, &arcs, true);
    let p = leiden(&adj, &LeidenConfig::default());
    assert!(communities_connected(&adj, &p.membership));
    assert!(p.modularity > 0.5, "Q = {}", p.modularity);
}

#[test]
fn paths_hops_and_ego() {
    // 0-1-2-3 and a shortcut 0-4-3.
    let adj = graph(5, false, &[(0, 1), (1, 2), (2, 3), (0, 4), (4, 3)]).undirected();
    let (d, p) = shortest_path(&adj, 0, 3, Weighting::Unweighted).unwrap();
    assert_eq!((d, p), (2.0, vec![0, 4, 3]));
    let mut all = simple_paths(&adj, 0, 3, 3, 10);
    all.sort();
    assert_eq!(all, vec![vec![0, 1, 2, 3], vec![0, 4, 3]]);
    assert_eq!(simple_paths(&adj, 0, 3, 2, 10), vec![vec![0, 4, 3]]);
    assert_eq!(k_hop(&adj, 0, 1), vec![(1, 1), (4, 1)]);
    assert_eq!(k_hop(&adj, 0, 2), vec![(1, 1), (4, 1), (2, 2), (3, 2)]);
    let ego = ego_network(&adj, 0, 1);
    assert_eq!(ego.nodes, vec![0, 1, 4]);
    assert_eq!(ego.arcs.len(), 4, "0-1 and 0-4, both ways");
    let weighted = Adj::from_arcs(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 5.0)], true);
    assert_eq!(
        shortest_path(&weighted, 0, 2, Weighting::Length),
        Some((2.0, vec![0, 1, 2]))
    );
}

#[test]
fn burt_constraint_of_star_triangle_and_weighted_ties() {
    use kingpin_graph::centrality::structural_holes::{constraint, constraint_without_pendants};
    // Star: the centre's three contacts are strangers to each other, 3 × (1/3)² = 1/3; a leaf
    // depends on one contact, 1. Triangle: (1/2 + 1/2 · 1/2)² twice = 1.125. Isolated: 1.
    let star = graph(5, false, &[(0, 1), (0, 2), (0, 3)]).undirected();
    approx(
        &constraint(&star, false),
        &[1.0 / 3.0, 1.0, 1.0, 1.0, 1.0],
        1e-12,
    );
    let tri = graph(3, false, &[(0, 1), (1, 2), (2, 0)]).undirected();
    approx(&constraint(&tri, false), &[1.125; 3], 1e-12);
    // Weighted (networkx's normalised mutual weights): centre of a star with ties 2, 1, 1
    // has shares 1/2, 1/4, 1/4: 1/4 + 1/16 + 1/16 = 0.375.
    let mut b = kingpin_graph::GraphBuilder::new(false);
    for i in 0..4 {
        b.add_node(kingpin_graph::NodeKind::Person, i.to_string());
    }
    b.add_edge(0, 1, kingpin_graph::EdgeType::Contact, 2.0, None);
    b.add_edge(0, 2, kingpin_graph::EdgeType::Contact, 1.0, None);
    b.add_edge(0, 3, kingpin_graph::EdgeType::Contact, 1.0, None);
    let w = b.build().undirected();
    assert!((constraint(&w, true)[0] - 0.375).abs() < 1e-12);
    // Without pendants the star's centre has no contact who knows anyone else.
    assert_eq!(constraint_without_pendants(&star, false)[0], 1.0);
}

#[test]
fn leiden_batched_moving_is_thread_count_independent_and_finds_planted_blocks() {
    // 12k nodes in blocks of 100, ~20 ties each, 80% inside the block: over 200k arcs, so the
    // first level moves nodes in parallel batches.
    let (n, block) = (12_000usize, 100usize);
    let mut rng = kingpin_graph::rng::Rng::new(3);
    let arcs: Vec<(u32, u32, f64)> = (0..n * 10)
        .map(|i| {
            let u = i % n;
            let v = if rng.unit() < 0.8 {
                (u / block) * block + rng.below(block)
            } else {
                rng.below(n)
            };
            (u as u32, v as u32, 1.0)
        })
        .filter(|(u, v, _)| u != v)
        .collect();
    let adj = Adj::from_arcs(n, &arcs, true);
    assert!(adj.arc_count() >= 200_000, "{} arcs", adj.arc_count());
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| leiden(&adj, &LeidenConfig::default()))
    };
    let (one, three) = (run(1), run(3));
    assert_eq!(one, three);
    // The planted partition's own modularity is about 0.8 - 0.01; Leiden must reach it.
    let planted: Vec<u32> = (0..n).map(|v| (v / block) as u32).collect();
    let q_planted = modularity(&adj, &planted, 1.0);
    assert!(
        one.modularity >= q_planted - 1e-3,
        "Q {} vs planted {q_planted}",
        one.modularity
    );
    assert!(communities_connected(&adj, &one.membership));
}
