//! The CSR builder and its views.

use kingpin_graph::{EdgeFilter, EdgeType, EdgeTypeSet, GraphBuilder, NodeKind};

fn sample() -> kingpin_graph::Graph {
    let mut b = GraphBuilder::new(true);
    let a = b.intern("a", NodeKind::Person);
    let p = b.intern("p", NodeKind::Phone);
    let c = b.intern("c", NodeKind::Person);
    assert_eq!(b.intern("a", NodeKind::Person), a);
    // Out of order on purpose; the builder sorts by source, then target and time.
    b.add_edge(c, a, EdgeType::Payment, 500.0, Some(30));
    b.add_edge(a, c, EdgeType::Call, 2.0, Some(20));
    b.add_edge(a, p, EdgeType::Uses, 1.0, None);
    b.add_edge(a, c, EdgeType::Call, 1.0, Some(10));
    b.build()
}

#[test]
fn builder_sorts_rows_and_builds_in_adjacency() {
    let g = sample();
    assert_eq!((g.node_count(), g.edge_count()), (3, 4));
    let out: Vec<(u32, Option<i64>)> = g.out_edges(0).map(|e| (e.dst, e.time)).collect();
    assert_eq!(out, vec![(1, None), (2, Some(10)), (2, Some(20))]);
    let into_a: Vec<(u32, EdgeType)> = g.in_edges(0).map(|e| (e.src, e.etype)).collect();
    assert_eq!(into_a, vec![(2, EdgeType::Payment)]);
    let into_c: Vec<f32> = g.in_edges(2).map(|e| e.weight).collect();
    assert_eq!(into_c, vec![1.0, 2.0]);
    assert_eq!(g.kind(1), NodeKind::Phone);
    assert_eq!(g.find("c"), Some(2));
}

#[test]
fn views_merge_parallel_edges_and_symmetrise() {
    let g = sample();
    let out = g.out_adj();
    assert_eq!(
        out.weighted(0).collect::<Vec<_>>(),
        vec![(1, 1.0), (2, 3.0)]
    );
    let sym = g.undirected();
    assert_eq!(
        sym.weighted(0).collect::<Vec<_>>(),
        vec![(1, 1.0), (2, 503.0)]
    );
    assert_eq!(sym.weighted(2).collect::<Vec<_>>(), vec![(0, 503.0)]);
    assert_eq!(g.in_adj(), out.transpose());
}

#[test]
fn filters_by_type_time_and_weight() {
    let g = sample();
    let calls = g.filtered(&EdgeFilter {
        types: EdgeTypeSet::of(&[EdgeType::Call]),
        ..Default::default()
    });
    assert_eq!(calls.edge_count(), 2);
    assert_eq!(calls.node_count(), 3);
    let window = g.filtered(&EdgeFilter {
        from: Some(15),
        until: Some(30),
        ..Default::default()
    });
    assert_eq!(
        window.edges().map(|e| e.time).collect::<Vec<_>>(),
        vec![Some(20)]
    );
    let heavy = g.filtered(&EdgeFilter {
        min_weight: 2.0,
        ..Default::default()
    });
    assert_eq!(heavy.edge_count(), 2);
}

#[test]
fn builds_a_million_edges_quickly() {
    let n = 100_000u32;
    let mut b = GraphBuilder::new(true);
    for i in 0..n {
        b.add_node(NodeKind::Phone, String::new());
        let _ = i;
    }
    let mut rng = kingpin_graph::rng::Rng::new(1);
    b.reserve_edges(1_000_000);
    for i in 0..1_000_000i64 {
        let (s, t) = (rng.below(n as usize) as u32, rng.below(n as usize) as u32);
        b.add_edge(s, t, EdgeType::Call, 1.0, Some(i));
    }
    let t = std::time::Instant::now();
    let g = b.build();
    assert_eq!(g.edge_count(), 1_000_000);
    let total_in: usize = (0..n).map(|v| g.in_degree(v)).sum();
    assert_eq!(total_in, 1_000_000);
    assert!(
        t.elapsed().as_secs_f64() < 10.0,
        "build took {:?}",
        t.elapsed()
    );
}
