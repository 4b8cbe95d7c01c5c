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
fn contact_data_alone_puts_the_boss_above_other_crews_but_not_above_a_busy_stooge() {
    // Without payments or timestamps only structure is left, and structure cannot tell an
    // insulated boss (three contacts) from a stooge with a dozen one-off callers: structural
    // holes and betweenness both favour the stooge. The boss still outranks the lieutenants
    // of the crews the stooge is not in. The typed test below is where the boss comes first.
    let g = cell_network(false);
    let r = rank_leaders(&g, &RankConfig::default());
    let pos = |l: &str| r.ranked.iter().find(|p| p.label == l).unwrap().rank;
    assert!(pos("boss") <= 3, "boss {}", pos("boss"));
    assert!(pos("boss") < pos("lt1") && pos("boss") < pos("lt2"));
    assert!(pos("op0.0") < pos("boss"), "stooge {}", pos("op0.0"));
    let names: Vec<&str> = r.unavailable.iter().map(|u| u.0).collect();
    assert_eq!(
        names,
        vec![
            "money_inflow",
            "flow_reach",
            "command_reach",
            "insulation",
            "pre_event_contact"
        ]
    );
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
            "betweenness",
            "structural_holes",
            "money_inflow",
            "flow_reach",
            "command_reach",
            "insulation",
            "pre_event_contact"
        ]
    );
    // The boss called each lieutenant before the lieutenant called an operative who then
    // travelled: each travel leg is an operation set in motion through the lieutenant.
    let reach = top
        .factors
        .iter()
        .find(|f| f.name == "command_reach")
        .unwrap();
    assert_eq!(reach.value, 15.0);
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
        "reach",
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

/// A boss who only calls a busy lieutenant and receives the money; the lieutenant runs three
/// crews, calls them before each crossing, and forwards most of what the collectors pay him.
fn insulated_boss_network() -> kingpin_graph::Graph {
    let mut b = GraphBuilder::new(true);
    let boss = b.intern("boss", NodeKind::Person);
    let lt = b.intern("lieutenant", NodeKind::Person);
    let mut t = 10_000_000i64;
    for c in 0..3 {
        let crossing = b.intern(&format!("crossing{c}"), NodeKind::Event);
        // Orders: boss -> lieutenant, then lieutenant -> crew, then the crossing.
        b.add_edge(boss, lt, EdgeType::Call, 1.0, Some(t));
        for o in 0..4 {
            let op = b.intern(&format!("crew{c}.{o}"), NodeKind::Person);
            b.add_edge(lt, op, EdgeType::Call, 1.0, Some(t + 3_600));
            b.add_edge(op, crossing, EdgeType::Travel, 1.0, Some(t + 86_400));
            // Crew members talk among themselves and to migrants: the lieutenant is their hub.
            let migrant = b.intern(&format!("migrant{c}.{o}"), NodeKind::Person);
            b.add_edge(migrant, op, EdgeType::Call, 1.0, Some(t - 86_400));
            b.add_edge(migrant, op, EdgeType::Payment, 3_000.0, Some(t - 80_000));
            b.add_edge(op, lt, EdgeType::Payment, 2_500.0, Some(t + 100_000));
        }
        b.add_edge(lt, boss, EdgeType::Payment, 8_000.0, Some(t + 200_000));
        t += 10 * 86_400;
    }
    b.build()
}

#[test]
fn insulated_money_receiving_boss_outranks_the_busy_lieutenant() {
    let g = insulated_boss_network();
    let r = rank_leaders(&g, &RankConfig::default());
    assert!(r.unavailable.is_empty(), "{:?}", r.unavailable);
    let get = |l: &str| r.ranked.iter().find(|p| p.label == l).unwrap();
    let f = |l: &str, name: &str| {
        get(l)
            .factors
            .iter()
            .find(|f| f.name == name)
            .unwrap()
            .value
    };
    let (boss, lt) = (get("boss"), get("lieutenant"));
    assert_eq!(
        boss.rank,
        1,
        "{:?}",
        r.ranked
            .iter()
            .take(4)
            .map(|p| (&p.label, p.score))
            .collect::<Vec<_>>()
    );
    // Not a trivial win: the lieutenant is the more central, and the one in touch with the crews.
    assert!(f("lieutenant", "betweenness") > f("boss", "betweenness"));
    assert!(f("lieutenant", "pre_event_contact") > f("boss", "pre_event_contact"));
    assert!(f("boss", "money_inflow") > f("lieutenant", "money_inflow"));
    // 3 crossings and the 12 travel legs into them, all ordered through the lieutenant.
    assert_eq!(f("boss", "command_reach"), 15.0);
    assert!(f("boss", "insulation") > f("lieutenant", "insulation"));
    assert!(lt.rank <= 3, "lieutenant at {}", lt.rank);
    // The evidence names the chain of command: boss -> lieutenant -> a crew member.
    let chain = boss
        .evidence
        .iter()
        .find(|e| e.factor == "command_reach")
        .expect("command_reach evidence");
    assert_eq!(
        chain.path[..2],
        ["boss".to_string(), "lieutenant".to_string()]
    );
    assert!(chain.path[2].starts_with("crew"), "{:?}", chain.path);
    let sum: f64 = boss.factors.iter().map(|x| x.contribution).sum();
    assert!((sum - boss.score).abs() < 1e-12);
}

#[test]
fn a_plain_hub_in_a_contact_only_network_is_not_penalised() {
    // Four cliques of five joined only through one hub: with nothing but contacts, the hub
    // must come first with the full score (no missing factor counts against it).
    let mut b = GraphBuilder::new(false);
    let hub = b.intern("hub", NodeKind::Person);
    for c in 0..4 {
        let members: Vec<u32> = (0..5)
            .map(|i| b.intern(&format!("m{c}.{i}"), NodeKind::Person))
            .collect();
        for i in 0..5 {
            for j in i + 1..5 {
                b.add_edge(members[i], members[j], EdgeType::Contact, 1.0, None);
            }
        }
        b.add_edge(hub, members[0], EdgeType::Contact, 1.0, None);
        b.add_edge(hub, members[1], EdgeType::Contact, 1.0, None);
    }
    let g = b.build();
    let r = rank_leaders(&g, &RankConfig::default());
    assert_eq!(r.ranked[0].label, "hub");
    assert!(
        (r.ranked[0].score - 1.0).abs() < 1e-12,
        "{}",
        r.ranked[0].score
    );
    let used: Vec<&str> = r.used.iter().map(|u| u.0).collect();
    assert_eq!(used, vec!["brokerage", "betweenness", "structural_holes"]);
    let weights: Vec<f64> = r.used.iter().map(|u| u.1).collect();
    assert!(
        weights
            .iter()
            .zip([0.25, 0.25, 0.5])
            .all(|(a, b)| (a - b).abs() < 1e-12),
        "{weights:?}"
    );
    assert!(r.sampling.is_none());
}

#[test]
fn brokerage_switches_to_sampled_betweenness_above_the_threshold() {
    // A ring of 40 cliques of 6, each clique joined to the next by one bridge person.
    let mut b = GraphBuilder::new(false);
    let mut bridges = Vec::new();
    for c in 0..40 {
        let members: Vec<u32> = (0..6)
            .map(|i| b.intern(&format!("c{c}.{i}"), NodeKind::Person))
            .collect();
        for i in 0..6 {
            for j in i + 1..6 {
                b.add_edge(members[i], members[j], EdgeType::Call, 1.0, None);
            }
        }
        bridges.push(b.intern(&format!("bridge{c}"), NodeKind::Person));
        b.add_edge(bridges[c], members[0], EdgeType::Call, 1.0, None);
    }
    for (c, &bridge) in bridges.iter().enumerate() {
        let next = b.intern(&format!("c{}.1", (c + 1) % 40), NodeKind::Person);
        b.add_edge(bridge, next, EdgeType::Call, 1.0, None);
    }

    let g = b.build();
    let exact = rank_leaders(&g, &RankConfig::default());
    let cfg = RankConfig {
        exact_betweenness_max_nodes: 100,
        betweenness_samples: 120,
        ..RankConfig::default()
    };
    let sampled = rank_leaders(&g, &cfg);
    let s = sampled
        .sampling
        .as_ref()
        .expect("sampled above the threshold");
    assert_eq!((s.sources, s.nodes), (120, g.node_count()));
    assert!(s.uniform_bound_95 > 0.0);
    assert!(exact.sampling.is_none());
    let value = |r: &kingpin_graph::rank::Ranking, l: &str| {
        let p = r.ranked.iter().find(|p| p.label == l).unwrap();
        let f = p.factors.iter().find(|f| f.name == "betweenness").unwrap();
        (f.value, f.std_error)
    };
    // A bridge's estimate lies within four standard errors of the exact value.
    let (truth, none) = value(&exact, "bridge7");
    let (est, se) = value(&sampled, "bridge7");
    assert!(none.is_none());
    let se = se.expect("standard error reported");
    assert!(
        se > 0.0 && (est - truth).abs() <= 4.0 * se + 1e-9,
        "{est} vs {truth} ± {se}"
    );
    // Bridges and their clique ends stay on top; a clique's inner member does not.
    let top: Vec<&str> = sampled
        .ranked
        .iter()
        .take(10)
        .map(|p| p.label.as_str())
        .collect();
    assert!(
        top.iter()
            .all(|l| l.starts_with("bridge") || l.ends_with(".0") || l.ends_with(".1")),
        "{top:?}"
    );
}

#[test]
fn explain_also_explains_a_person_outside_the_top() {
    let g = cell_network(true);
    let last = rank_leaders(&g, &RankConfig::default())
        .ranked
        .last()
        .unwrap()
        .node;
    let cfg = RankConfig {
        explain_top: 1,
        explain_also: vec![last],
        ..RankConfig::default()
    };
    let r = rank_leaders(&g, &cfg);
    assert!(!r.ranked[0].evidence.is_empty());
    assert!(r.ranked[1].evidence.is_empty());
    assert!(!r.ranked.last().unwrap().evidence.is_empty());
}
