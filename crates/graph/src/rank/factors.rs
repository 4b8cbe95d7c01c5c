//! The leader-score factors, each a value per node, and the data the explanations reuse.

use crate::centrality::betweenness::{Weighting, betweenness_across};
use crate::centrality::pagerank::{PageRankConfig, pagerank};
use crate::csr::{Adj, Graph};
use crate::rank::RankConfig;
use crate::rank::features::{Structure, structure};
use crate::types::{EdgeType, EdgeTypeSet, NodeKind};
use crate::view::EdgeFilter;

/// One factor's values over all nodes, with its configured weight.
pub struct Column {
    pub name: &'static str,
    pub weight: f64,
    pub values: Vec<f64>,
}

/// An operational act: an event node or a timestamped purchase/travel edge, and who took part.
#[derive(Clone, Debug)]
pub struct Operation {
    pub label: String,
    pub time: i64,
    pub participants: Vec<u32>,
}

/// A contact with an operation's participant shortly before it.
#[derive(Clone, Debug)]
pub struct PreContact {
    pub operation: usize,
    pub participant: u32,
    pub seconds_before: i64,
}

/// The factor columns plus what the explanations need.
pub struct Factors {
    pub columns: Vec<Column>,
    pub unavailable: Vec<(&'static str, String)>,
    pub communities: usize,
    pub structure: Structure,
    /// Symmetric communication adjacency.
    pub comm: Adj,
    /// Symmetric adjacency over every edge type (for paths to operations and money).
    pub all: Adj,
    pub operations: Vec<Operation>,
    /// Per node, its pre-operation contacts.
    pub pre_contacts: Vec<Vec<PreContact>>,
}

/// Scales `vals` to 0..1 over `candidates` ((x − min) / (max − min)); non-candidates get 0.
pub fn normalise(vals: &[f64], candidates: &[u32]) -> Vec<f64> {
    let (lo, hi) = candidates
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(vals[v as usize]), hi.max(vals[v as usize]))
        });
    let mut out = vec![0.0; vals.len()];
    if hi > lo {
        for &v in candidates {
            out[v as usize] = (vals[v as usize] - lo) / (hi - lo);
        }
    }
    out
}

fn is_operational(t: EdgeType) -> bool {
    matches!(t, EdgeType::Purchase | EdgeType::Travel)
}

/// Operations: each event node (time = its earliest timestamped edge) and each timestamped operational edge.
fn operations(g: &Graph) -> Vec<Operation> {
    let mut ops = Vec::new();
    for v in 0..g.node_count() as u32 {
        if g.kind(v) != NodeKind::Event {
            continue;
        }
        let edges = g.out_edges(v).chain(g.in_edges(v));
        let (mut time, mut participants) = (None::<i64>, Vec::new());
        for e in edges {
            let other = if e.src == v { e.dst } else { e.src };
            if g.kind(other) == NodeKind::Person {
                participants.push(other);
            }
            if let Some(t) = e.time {
                time = Some(time.map_or(t, |x: i64| x.min(t)));
            }
        }
        participants.sort_unstable();
        participants.dedup();
        if let Some(time) = time.filter(|_| !participants.is_empty()) {
            ops.push(Operation {
                label: g.label(v).to_string(),
                time,
                participants,
            });
        }
    }
    for e in g.edges() {
        if let (true, Some(time)) = (is_operational(e.etype), e.time) {
            let participants: Vec<u32> = [e.src, e.dst]
                .into_iter()
                .filter(|&p| g.kind(p) == NodeKind::Person)
                .collect();
            if !participants.is_empty() {
                ops.push(Operation {
                    label: format!("{:?} {} -> {}", e.etype, g.label(e.src), g.label(e.dst))
                        .to_lowercase(),
                    time,
                    participants,
                });
            }
        }
    }
    ops
}

/// Who contacted an operation's participants within `window` seconds before it (distinct operations per person).
fn pre_contacts(g: &Graph, ops: &[Operation], window: i64) -> Vec<Vec<PreContact>> {
    let mut out: Vec<Vec<PreContact>> = vec![Vec::new(); g.node_count()];
    for (i, op) in ops.iter().enumerate() {
        for &p in &op.participants {
            for e in g.out_edges(p).chain(g.in_edges(p)) {
                let Some(t) = e.time else { continue };
                let other = if e.src == p { e.dst } else { e.src };
                let before = op.time - t;
                if !e.etype.is_communication()
                    || !(0..=window).contains(&before)
                    || op.participants.contains(&other)
                    || g.kind(other) != NodeKind::Person
                {
                    continue;
                }
                let list = &mut out[other as usize];
                if !list.iter().any(|c| c.operation == i) {
                    list.push(PreContact {
                        operation: i,
                        participant: p,
                        seconds_before: before,
                    });
                }
            }
        }
    }
    out
}

/// Money reaching a node by PageRank over payment arcs (so money relayed through others counts),
/// credited to the persons who own or use the receiving accounts.
fn money_inflow(g: &Graph) -> Option<Vec<f64>> {
    let pay = g.filtered(&EdgeFilter {
        types: EdgeTypeSet::of(&[EdgeType::Payment]),
        ..EdgeFilter::default()
    });
    if pay.edge_count() == 0 {
        return None;
    }
    let (out, inn) = (pay.out_adj(), pay.in_adj());
    let involved: Vec<bool> = (0..g.node_count() as u32)
        .map(|v| inn.degree(v) > 0)
        .collect();
    let pr = pagerank(&out, &inn, &PageRankConfig::default());
    // Money kept rather than passed on: the top of a chain receives and seldom pays onwards,
    // while a relay (collector, lieutenant) forwards much of what it gets.
    let (mut got, mut sent) = (vec![0.0f64; g.node_count()], vec![0.0f64; g.node_count()]);
    for e in pay.edges() {
        got[e.dst as usize] += e.weight as f64;
        sent[e.src as usize] += e.weight as f64;
    }
    // Nodes that receive nothing get 0, not the teleport baseline.
    let mut money: Vec<f64> = pr
        .iter()
        .zip(&involved)
        .enumerate()
        .map(|(v, (&x, &i))| {
            if i {
                x * ((got[v] - sent[v]) / got[v]).clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
        .collect();
    for e in g.edges() {
        if matches!(e.etype, EdgeType::Ownership | EdgeType::Uses)
            && g.kind(e.src) == NodeKind::Person
            && g.kind(e.dst) != NodeKind::Person
        {
            money[e.src as usize] += money[e.dst as usize];
        }
    }
    Some(money)
}

/// Computes every factor that the graph has data for.
pub fn compute(g: &Graph, cfg: &RankConfig) -> Factors {
    let comm_graph = g.filtered(&EdgeFilter {
        types: EdgeTypeSet::of(
            &EdgeType::ALL
                .into_iter()
                .filter(|t| t.is_communication())
                .collect::<Vec<_>>(),
        ),
        ..EdgeFilter::default()
    });
    let comm = comm_graph.undirected();
    let all = g.undirected();
    let n = g.node_count();
    let st = structure(&comm, cfg.seed);
    let w = cfg.weights;
    let mut columns = Vec::new();
    let mut unavailable = Vec::new();

    // Shortest paths between different communities that run through the person.
    let brokerage = betweenness_across(&comm, &st.community, Weighting::Unweighted, false);
    columns.push(Column {
        name: "brokerage",
        weight: w.brokerage,
        values: brokerage,
    });

    // PageRank against call direction: rank flows to whoever calls people who themselves call many
    // (orders flow down), i.e. reach through lieutenants over several hops.
    let reach = pagerank(
        &comm_graph.in_adj(),
        &comm_graph.out_adj(),
        &PageRankConfig::default(),
    );
    let candidates: Vec<u32> = (0..n as u32)
        .filter(|&v| g.kind(v) == NodeKind::Person)
        .collect();
    let reach_norm = normalise(&reach, &candidates);
    columns.push(Column {
        name: "command_reach",
        weight: w.command_reach,
        values: reach,
    });

    // Share of reach that is indirect, discounted by direct operational exposure, and scaled by
    // reach so that people on the fringe (one contact, big two-hop set) do not look insulated.
    let insulation: Vec<f64> = (0..n)
        .map(|v| {
            let (d, r2) = (st.degree[v], st.reach2[v]);
            let (mut ops, mut ties) = (0.0, 0.0);
            for e in g.out_edges(v as u32).chain(g.in_edges(v as u32)) {
                let other = if e.src == v as u32 { e.dst } else { e.src };
                ties += 1.0;
                if is_operational(e.etype) || g.kind(other) == NodeKind::Event {
                    ops += 1.0;
                }
            }
            let exposure = if ties > 0.0 { ops / ties } else { 0.0 };
            reach_norm[v] * (1.0 - exposure) * r2 / (r2 + d).max(1.0)
        })
        .collect();
    columns.push(Column {
        name: "insulation",
        weight: w.insulation,
        values: insulation,
    });

    match money_inflow(g) {
        Some(m) => columns.push(Column {
            name: "money_inflow",
            weight: w.money_inflow,
            values: m,
        }),
        None => unavailable.push(("money_inflow", "no payment edges".to_string())),
    }

    let ops = operations(g);
    let pre = pre_contacts(g, &ops, cfg.pre_event_window);
    if pre.iter().any(|p| !p.is_empty()) {
        columns.push(Column {
            name: "pre_event_contact",
            weight: w.pre_event_contact,
            values: pre.iter().map(|p| p.len() as f64).collect(),
        });
    } else {
        let why = if ops.is_empty() {
            "no timestamped operational events"
        } else {
            "no timestamped contacts before operational events"
        };
        unavailable.push(("pre_event_contact", why.to_string()));
    }

    Factors {
        columns,
        unavailable,
        communities: st.communities,
        structure: st,
        comm,
        all,
        operations: ops,
        pre_contacts: pre,
    }
}
