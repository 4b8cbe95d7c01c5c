//! Shared helpers for the integration tests.
#![allow(dead_code)]

use kingpin_graph::{EdgeType, Graph, GraphBuilder, NodeKind};

/// A graph of `n` persons named 0..n with unit-weight contact edges.
pub fn graph(n: usize, directed: bool, edges: &[(u32, u32)]) -> Graph {
    let mut b = GraphBuilder::new(directed);
    for i in 0..n {
        b.add_node(NodeKind::Person, i.to_string());
    }
    for &(s, t) in edges {
        b.add_edge(s, t, EdgeType::Contact, 1.0, None);
    }
    b.build()
}

/// Zachary's karate club, from the committed networkx fixture.
pub fn karate() -> Graph {
    let path = format!("{}/tests/fixtures/karate.json", env!("CARGO_MANIFEST_DIR"));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let edges: Vec<(u32, u32)> = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e[0].as_u64().unwrap() as u32, e[1].as_u64().unwrap() as u32))
        .collect();
    graph(34, false, &edges)
}
