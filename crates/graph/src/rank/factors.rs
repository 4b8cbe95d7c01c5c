//! The leader-score factors, each a value per node, and the data the explanations reuse.

use crate::centrality::betweenness::{
    SampledBetweenness, Weighting, betweenness, betweenness_across, betweenness_across_sampled,
    betweenness_sampled,
};
use crate::centrality::pagerank::{PageRankConfig, pagerank};
use crate::centrality::structural_holes::constraint;
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
    /// Standard error of each value when the factor is estimated by sampling.
    pub std_error: Option<Vec<f64>>,
}

impl Column {
    fn exact(name: &'static str, weight: f64, values: Vec<f64>) -> Self {
        Self {
            name,
            weight,
            values,
            std_error: None,
        }
    }
}

/// How the betweenness-based factors were estimated on a large graph.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Sampling {
    /// Sources drawn (out of `nodes`).
    pub sources: usize,
    pub nodes: usize,
    /// Hoeffding half-width that holds for every node at once with probability 95 %
    /// (raw betweenness units; loose, the per-node standard errors are much tighter).
    pub uniform_bound_95: f64,
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

/// An operation directed through an intermediary: the person contacted `via`, who then
/// contacted `participant` before the operation (both contacts within the window, in that order).
#[derive(Clone, Debug)]
pub struct Directed {
    pub operation: usize,
    pub via: u32,
    pub participant: u32,
    /// Seconds from the person's contact with `via` to the operation.
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
    /// Per node, the operations it directed through an intermediary.
    pub directed: Vec<Vec<Directed>>,
    /// Set when brokerage and betweenness were estimated from sampled sources.
    pub sampling: Option<Sampling>,
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

/// Operations each person directed through an intermediary: `v` contacted `u` at most `window`
/// seconds before `u`'s own pre-operation contact with a participant (and after nothing: the
/// contact must come first). Participants and the intermediary's own contact do not count.
fn directed_operations(
    g: &Graph,
    ops: &[Operation],
    pre: &[Vec<PreContact>],
    window: i64,
) -> Vec<Vec<Directed>> {
    let mut out: Vec<Vec<Directed>> = vec![Vec::new(); g.node_count()];
    for (u, list) in pre.iter().enumerate() {
        let u = u as u32;
        for c in list {
            let op = &ops[c.operation];
            let t_u = op.time - c.seconds_before;
            for e in g.out_edges(u).chain(g.in_edges(u)) {
                let Some(t) = e.time else { continue };
                let v = if e.src == u { e.dst } else { e.src };
                let before = t_u - t;
                if !e.etype.is_communication()
                    || !(0..=window).contains(&before)
                    || v == u
                    || v == c.participant
                    || g.kind(v) != NodeKind::Person
                    || op.participants.contains(&v)
                {
                    continue;
                }
                let list = &mut out[v as usize];
                if !list.iter().any(|d| d.operation == c.operation) {
                    list.push(Directed {
                        operation: c.operation,
                        via: u,
                        participant: c.participant,
                        seconds_before: op.time - t,
                    });
                }
            }
        }
    }
    out
}

/// Brokerage (betweenness across communities) and plain betweenness on `comm`: exact up to
/// `cfg.exact_betweenness_max_nodes` nodes, estimated from `cfg.betweenness_samples` sources above.
fn betweenness_pair(
    comm: &Adj,
    community: &[u32],
    cfg: &RankConfig,
) -> (Column, Column, Option<Sampling>) {
    let (w, n) = (cfg.weights, comm.node_count());
    if n <= cfg.exact_betweenness_max_nodes {
        return (
            Column::exact(
                "brokerage",
                w.brokerage,
                betweenness_across(comm, community, Weighting::Unweighted, false),
            ),
            Column::exact(
                "betweenness",
                w.betweenness,
                betweenness(comm, Weighting::Unweighted, false, false),
            ),
            None,
        );
    }
    let k = cfg.betweenness_samples;
    let across =
        betweenness_across_sampled(comm, community, Weighting::Unweighted, false, k, cfg.seed);
    let plain = betweenness_sampled(comm, Weighting::Unweighted, false, k, cfg.seed);
    let sampling = Sampling {
        sources: plain.sources,
        nodes: n,
        uniform_bound_95: plain.uniform_bound(0.05),
    };
    let col = |name, weight, s: SampledBetweenness| Column {
        name,
        weight,
        values: s.values,
        std_error: Some(s.std_error),
    };
    (
        col("brokerage", w.brokerage, across),
        col("betweenness", w.betweenness, plain),
        Some(sampling),
    )
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
    let st = structure(&comm, cfg.seed);
    let w = cfg.weights;
    let mut columns = Vec::new();
    let mut unavailable = Vec::new();

    // Structure: brokerage across Leiden communities, betweenness, and structural holes (Burt:
    // contacts who are not tied to each other). Small weights, so that they order people when the graph has nothing else
    // (contact-only networks) and break ties otherwise.
    let (brokerage, between, sampling) = betweenness_pair(&comm, &st.community, cfg);
    columns.push(brokerage);
    columns.push(between);
    columns.push(Column::exact(
        "structural_holes",
        w.structural_holes,
        constraint(&comm, false).iter().map(|c| 1.0 - c).collect(),
    ));

    let given = cfg
        .money
        .as_ref()
        .filter(|m| m.len() == g.node_count())
        .map(|m| m.to_vec());
    match given.or_else(|| money_inflow(g)) {
        Some(m) => {
            columns.push(Column::exact("money_inflow", w.money_inflow, m));
            // Flow reach: where calls and money end up, directly or relayed through others
            // (PageRank over every tie, payments weighted by amount). Without payments the
            // flow is contact alone, which the structure factors already read.
            let (out, inn) = (g.out_adj(), g.in_adj());
            columns.push(Column::exact(
                "flow_reach",
                w.flow_reach,
                pagerank(&out, &inn, &PageRankConfig::default()),
            ));
        }
        None => {
            unavailable.push(("money_inflow", "no payment edges".to_string()));
            unavailable.push(("flow_reach", "no payment edges".to_string()));
        }
    }

    // Orders flow down before operations: command reach counts the operations a person set in
    // motion through an intermediary; pre-event contact the operations whose participants they
    // called themselves; insulation is the share of the first among all (reached through others,
    // not in direct touch with the crews).
    let ops = operations(g);
    let pre = pre_contacts(g, &ops, cfg.pre_event_window);
    let directed = directed_operations(g, &ops, &pre, cfg.pre_event_window);
    if directed.iter().any(|d| !d.is_empty()) {
        columns.push(Column::exact(
            "command_reach",
            w.command_reach,
            directed.iter().map(|d| d.len() as f64).collect(),
        ));
        columns.push(Column::exact(
            "insulation",
            w.insulation,
            directed
                .iter()
                .zip(&pre)
                .map(|(d, p)| {
                    let (d, p) = (d.len() as f64, p.len() as f64);
                    d * d / (d + p + 1.0)
                })
                .collect(),
        ));
    } else {
        let why = if ops.is_empty() {
            "no timestamped operational events"
        } else {
            "no timestamped contact chains before operational events"
        };
        unavailable.push(("command_reach", why.to_string()));
        unavailable.push(("insulation", why.to_string()));
    }
    if pre.iter().any(|p| !p.is_empty()) {
        columns.push(Column::exact(
            "pre_event_contact",
            w.pre_event_contact,
            pre.iter().map(|p| p.len() as f64).collect(),
        ));
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
        directed,
        sampling,
    }
}
