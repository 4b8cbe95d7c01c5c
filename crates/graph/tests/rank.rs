//! Leader ranking: organisers above busy stooges, explanations, graceful degradation.

use kingpin_graph::rank::{RankConfig, rank_leaders};
use kingpin_graph::{EdgeType, GraphBuilder, NodeKind};

/// A boss who calls three lieutenants, each running a crew of five operatives; one operative (the
/// stooge) also phones many outsiders. With payments flowing up and crossings after the boss's calls.
fn cell_network(typed: bool) -> kingpin_graph::Graph {
    let mut b = GraphBuilder::new(true);
    let boss = b.intern("boss", NodeKind::Person);
    let mut t = 1_000_000i64;
    for l in 0..3 {
        let lt = b.intern(&format!("lt{l}"), NodeKind::Person);
        b.add_edge(boss, lt, EdgeType::Call, 3.0, Some(t));
        for o in 0..5 {
            let op = b.intern(&format!("op{l}.{o}"), NodeKind::Person);
            b.add_edge(lt, op, EdgeType::Call, 2.0, Some(t + 100));
            if typed {
                b.add_edge(op, lt, EdgeType::Payment, 1000.0, Some(t + 200));
            }
        }
        if typed {
            b.add_edge(lt, boss, EdgeType::Payment, 4000.0, Some(t + 300));
            let crossing = b.intern(&format!("crossing{l}"), NodeKind::Event);
            for o in 0..5 {
                let op = b.intern(&format!("op{l}.{o}"), NodeKind::Person);
                b.add_edge(op, crossing, EdgeType::Travel, 1.0, Some(t + 3600));
            }
            b.add_edge(lt, crossing, EdgeType::Membership, 1.0, Some(t + 3600));
        }
        t += 86_400;
    }
    let stooge = b.intern("op0.0", NodeKind::Person);
    for x in 0..12 {
        let outsider = b.intern(&format!("outsider{x}"), NodeKind::Person);
        b.add_edge(stooge, outsider, EdgeType::Call, 1.0, Some(t));
    }
    b.build()
}

#[test]
fn boss_outranks_the_busy_stooge_on_contact_data_alone() {
    let g = cell_network(false);
    let r = rank_leaders(&g, &RankConfig::default());
    let pos = |l: &str| r.ranked.iter().find(|p| p.label == l).unwrap().rank;
    assert!(
        pos("boss") < pos("op0.0"),
        "boss {} stooge {}",
        pos("boss"),
        pos("op0.0")
    );
    let names: Vec<&str> = r.unavailable.iter().map(|u| u.0).collect();
    assert_eq!(names, vec!["money_inflow", "pre_event_contact"]);
    let total: f64 = r.used.iter().map(|u| u.1).sum();
    assert!((total - 1.0).abs() < 1e-12);
}

#[test]
fn money_and_pre_event_contacts_are_used_and_explained_when_present() {
    let g = cell_network(true);
    let r = rank_leaders(&g, &RankConfig::default());
    assert!(r.unavailable.is_empty(), "{:?}", r.unavailable);
    let top = &r.ranked[0];
    assert_eq!(
        top.label,
        "boss",
        "{:?}",
        r.ranked
            .iter()
            .take(5)
            .map(|p| (&p.label, p.score))
            .collect::<Vec<_>>()
    );
    let names: Vec<&str> = top.factors.iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        vec![
            "brokerage",
            "command_reach",
            "insulation",
            "money_inflow",
            "pre_event_contact"
        ]
    );
    let sum: f64 = top.factors.iter().map(|f| f.contribution).sum();
    assert!((sum - top.score).abs() < 1e-12);
    assert!(
        top.factors
            .iter()
            .all(|f| (0.0..=1.0).contains(&f.normalised))
    );
    // The boss called each lieutenant an hour before their crew crossed.
    let pre = top
        .factors
        .iter()
        .find(|f| f.name == "pre_event_contact")
        .unwrap();
    assert_eq!(pre.value, 3.0);
    let kinds: Vec<&str> = top.evidence.iter().map(|e| e.factor).collect();
    for k in [
        "command_reach",
        "operations",
        "money_inflow",
        "pre_event_contact",
    ] {
        assert!(kinds.contains(&k), "no {k} evidence in {kinds:?}");
    }
    let op = top
        .evidence
        .iter()
        .find(|e| e.factor == "operations")
        .unwrap();
    assert_eq!(op.path.first().map(String::as_str), Some("boss"));
    assert!(op.path.len() >= 2);
    let money = top
        .evidence
        .iter()
        .find(|e| e.factor == "money_inflow")
        .unwrap();
    assert_eq!(money.path.last().map(String::as_str), Some("boss"));
}

#[test]
fn ranking_is_deterministic() {
    let g = cell_network(true);
    let a = rank_leaders(&g, &RankConfig::default());
    let b = rank_leaders(&g, &RankConfig::default());
    let key = |r: &kingpin_graph::rank::Ranking| {
        r.ranked
            .iter()
            .map(|p| (p.node, p.score))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&a), key(&b));
}

#[test]
fn money_kept_outweighs_money_relayed() {
    // Collectors pay a relay 10 × 1000, the relay forwards 8000 to the boss; an outsider
    // receives 10000 from someone and forwards all of it.
    let mut b = GraphBuilder::new(true);
    let relay = b.intern("relay", NodeKind::Person);
    let boss = b.intern("boss", NodeKind::Person);
    for c in 0..10 {
        let col = b.intern(&format!("collector{c}"), NodeKind::Person);
        b.add_edge(col, relay, EdgeType::Payment, 1000.0, None);
        b.add_edge(col, relay, EdgeType::Call, 1.0, None);
    }
    b.add_edge(relay, boss, EdgeType::Payment, 8000.0, None);
    b.add_edge(relay, boss, EdgeType::Call, 1.0, None);
    let (a, z, w) = (
        b.intern("a", NodeKind::Person),
        b.intern("pass-through", NodeKind::Person),
        b.intern("w", NodeKind::Person),
    );
    b.add_edge(a, z, EdgeType::Payment, 10_000.0, None);
    b.add_edge(z, w, EdgeType::Payment, 10_000.0, None);
    let g = b.build();
    let r = rank_leaders(&g, &RankConfig::default());
    let money = |label: &str| {
        let p = r.ranked.iter().find(|p| p.label == label).unwrap();
        p.factors
            .iter()
            .find(|f| f.name == "money_inflow")
            .unwrap()
            .value
    };
    assert!(
        money("boss") > money("relay"),
        "{} {}",
        money("boss"),
        money("relay")
    );
    assert!(money("relay") > 0.0);
    assert_eq!(money("pass-through"), 0.0);
}
