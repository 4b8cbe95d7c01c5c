//! Agreement with networkx on committed fixtures (see fixtures/gen_networkx.py).

use kingpin_graph::centrality::betweenness::betweenness;
use kingpin_graph::centrality::closeness::{closeness, harmonic};
use kingpin_graph::centrality::eigenvector::eigenvector;
use kingpin_graph::centrality::pagerank::{PageRankConfig, pagerank};
use kingpin_graph::components::{strong_components, weak_components};
use kingpin_graph::kcore::core_numbers;
use kingpin_graph::{EdgeType, Graph, GraphBuilder, NodeKind, Weighting};
use serde_json::Value;

fn fixture(name: &str) -> (Graph, Value) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut b = GraphBuilder::new(v["directed"].as_bool().unwrap());
    for i in 0..v["n"].as_u64().unwrap() {
        b.add_node(NodeKind::Person, i.to_string());
    }
    for e in v["edges"].as_array().unwrap() {
        let (s, t, w) = (
            e[0].as_u64().unwrap(),
            e[1].as_u64().unwrap(),
            e[2].as_f64().unwrap(),
        );
        b.add_edge(s as u32, t as u32, EdgeType::Call, w as f32, None);
    }
    (b.build(), v)
}

fn close(name: &str, ours: &[f64], theirs: &Value, tol: f64) {
    let theirs: Vec<f64> = theirs
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(ours.len(), theirs.len(), "{name}: length");
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert!(
            (a - b).abs() <= tol * (1.0 + b.abs()),
            "{name}[{i}]: ours {a}, networkx {b}"
        );
    }
}

fn check(name: &str) {
    let (g, v) = fixture(name);
    let directed = g.is_directed();
    let (out, inn) = (g.out_adj(), g.in_adj());
    let sym = g.undirected();
    let cfg = PageRankConfig {
        tolerance: 1e-12,
        max_iterations: 1000,
        ..PageRankConfig::default()
    };
    close(
        "pagerank",
        &pagerank(&out, &inn, &cfg),
        &v["pagerank"],
        1e-6,
    );
    close(
        "betweenness",
        &betweenness(&out, Weighting::Unweighted, directed, false),
        &v["betweenness"],
        1e-9,
    );
    close(
        "betweenness_weighted",
        &betweenness(&out, Weighting::Length, directed, false),
        &v["betweenness_weighted"],
        1e-9,
    );
    // networkx measures closeness and harmonic centrality by distances *into* the node.
    close(
        "closeness",
        &closeness(&inn, Weighting::Unweighted),
        &v["closeness"],
        1e-9,
    );
    close(
        "harmonic",
        &harmonic(&inn, Weighting::Unweighted),
        &v["harmonic"],
        1e-9,
    );
    let cores: Vec<f64> = core_numbers(&sym).into_iter().map(f64::from).collect();
    close("core_number", &cores, &v["core_number"], 0.0);
    assert_eq!(
        weak_components(&sym).1 as u64,
        v["weak_components"].as_u64().unwrap()
    );
    if directed {
        assert_eq!(
            strong_components(&out).1 as u64,
            v["strong_components"].as_u64().unwrap()
        );
    } else {
        close(
            "eigenvector",
            &eigenvector(&inn, 10_000, 1e-13),
            &v["eigenvector"],
            1e-5,
        );
    }
}

#[test]
fn karate_matches_networkx() {
    check("karate.json");
}

#[test]
fn directed_weighted_matches_networkx() {
    check("directed_weighted.json");
}

#[test]
fn undirected_weighted_matches_networkx() {
    check("undirected_weighted.json");
}
