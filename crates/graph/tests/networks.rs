//! Importers against the counts in each network's README (skipped when ../shared is absent).

use kingpin_graph::eval::evaluate;
use kingpin_graph::networks::{NETWORKS, default_root, load, load_named};

fn root() -> Option<std::path::PathBuf> {
    default_root(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// Distinct unordered pairs with a tie.
fn pairs(g: &kingpin_graph::Graph) -> usize {
    g.undirected().arc_count() / 2
}

#[test]
fn counts_match_the_readmes() {
    let Some(root) = root() else {
        eprintln!("shared/data/networks not found; skipped");
        return;
    };
    let check = |name: &str, nodes: usize, ties: usize| {
        let net = load_named(name, &root).unwrap();
        let active = (0..net.graph.node_count() as u32)
            .filter(|&v| net.graph.out_degree(v) + net.graph.in_degree(v) > 0)
            .count();
        assert_eq!((active, pairs(&net.graph)), (nodes, ties), "{name}");
    };
    check("mexico_trafficking", 34, 225);
    check("london_gang", 54, 315);
    check("n17_rhodes", 22, 66);
    check("montagna_meetings", 101, 256);
    check("montagna_calls", 100, 124);
    check("oversize_wr", 182, 247);
    check("oversize_ju", 89, 113);
    check("siren", 44, 103);
    let mumbai = load_named("mumbai_2008", &root).unwrap();
    assert_eq!(
        (mumbai.graph.node_count(), mumbai.graph.edge_count()),
        (13, 31)
    );
    assert_eq!(mumbai.leaders.len(), 3);
    let caviar = load_named("caviar", &root).unwrap();
    assert_eq!(caviar.graph.edge_count(), 650, "phase-arcs");
    assert_eq!(
        caviar.graph.out_adj().arc_count(),
        303,
        "distinct directed pairs"
    );
    let p1 = load_named("caviar_phase1", &root).unwrap();
    assert_eq!(p1.graph.edge_count(), 26);
}

#[test]
fn every_network_loads_and_labelled_ones_evaluate() {
    let Some(root) = root() else { return };
    for info in NETWORKS {
        let net = load_named(info.name, &root).unwrap();
        assert!(net.graph.edge_count() > 0, "{}", info.name);
        assert_eq!(!net.leaders.is_empty(), info.labelled, "{}", info.name);
        if info.labelled {
            let r = evaluate(&net);
            assert_eq!(r.results.len(), 8);
            for m in &r.results {
                assert!(
                    (0.0..=1.0).contains(&m.average_precision),
                    "{} {}",
                    info.name,
                    m.measure
                );
                assert_eq!(m.leader_ranks.len(), net.leaders.len());
            }
        }
    }
}

#[test]
fn labelled_folder_round_trip() {
    let dir = std::env::temp_dir().join(format!("kingpin-graph-folder-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("edges.csv"),
        "source,target,weight\nboss,lt1,3\nboss,lt2,2\nboss,lt3,1\nlt1,a,1\nlt1,b,1\nlt2,c,1\nlt2,d,1\nlt3,e,1\nlt3,f,1\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("nodes.csv"),
        "node\nboss\nlt1\nlt2\nlt3\na\nb\nc\nd\ne\nf\nloner\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("leaders.csv"),
        "node,role\nboss,leader\nghost,leader\n",
    )
    .unwrap();
    std::fs::write(dir.join("meta.json"), r#"{"directed": true}"#).unwrap();
    let net = load(dir.to_str().unwrap(), None).unwrap();
    assert!(net.graph.is_directed());
    assert_eq!((net.graph.node_count(), net.graph.edge_count()), (11, 9));
    assert_eq!(net.leaders.len(), 1);
    assert_eq!(net.absent_leaders, vec!["ghost".to_string()]);
    let r = evaluate(&net);
    assert_eq!(r.ranked, 10, "the isolated node is not ranked");
    let leader = &r.results[0];
    assert_eq!(leader.leader_ranks, vec![("boss".to_string(), 1.0)]);
    assert_eq!(leader.average_precision, 1.0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn metrics_handle_ties() {
    use kingpin_graph::eval::evaluate_scores;
    // Scores: a=3, b=c=d=1 (three-way tie for ranks 2-4), leaders a and c.
    let r = evaluate_scores(
        "m",
        &[3.0, 1.0, 1.0, 1.0],
        &[true; 4],
        &[(0, "a".into()), (2, "c".into())],
    );
    assert_eq!(
        r.leader_ranks,
        vec![("a".to_string(), 1.0), ("c".to_string(), 3.0)]
    );
    // Top 2 holds a, plus c with probability 1/3.
    assert!((r.precision_at_k - (1.0 + 1.0 / 3.0) / 2.0).abs() < 1e-12);
    assert!((r.average_precision - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
}
