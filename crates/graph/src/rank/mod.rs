//! Leader ranking ("who is at the top?"): a weighted mean of factors, each scaled to 0..1, that
//! favour organisers over the busy stooges and lieutenants raw centrality favours; each ranked
//! person is explained by factors and evidence paths.
//!
//! Factors without data in a graph (no payments, no timestamps) are reported as unavailable and
//! their weight is shared out among the rest, so contact-only networks still get a ranking.

pub mod evidence;
pub mod factors;
pub mod features;

use serde::Serialize;

use crate::csr::Graph;
use crate::types::NodeKind;

/// Relative factor weights; one default for every data set.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Weights {
    pub brokerage: f64,
    pub betweenness: f64,
    pub structural_holes: f64,
    pub flow_reach: f64,
    pub command_reach: f64,
    pub insulation: f64,
    pub money_inflow: f64,
    pub pre_event_contact: f64,
}

impl Default for Weights {
    /// Two kinds of evidence. Hierarchy: money kept at the top of the payment flow, where calls
    /// and money flow to (directly or through lieutenants), operations set in motion through
    /// intermediaries, and insulation from the crews; these say who is *above* whom and carry
    /// the score when the data has payments or timed events. Structure: structural holes
    /// (Burt's constraint), betweenness and brokerage across communities on the contact graph; they rank lieutenants (busy,
    /// central) above organisers, so they weigh little when hierarchy evidence exists, and they
    /// are all there is on contact-only networks, where the weights of the missing factors are
    /// shared out; brokerage across communities keeps a busy stooge whose many contacts sit in
    /// one community from passing for a broker. Direct pre-event contact and command reach are
    /// reported (and feed insulation) but do not score: the first marks whoever runs the crews,
    /// the lieutenant; the second counts operations, i.e. workload, which insulation (command
    /// reach times the share of operations reached only through others) already carries, and
    /// in the medium scenarios the busiest lieutenants have the most. See the crate README.
    fn default() -> Self {
        Self {
            brokerage: 0.05,
            betweenness: 0.05,
            structural_holes: 0.1,
            flow_reach: 1.0,
            command_reach: 0.0,
            insulation: 1.0,
            money_inflow: 1.0,
            pre_event_contact: 0.0,
        }
    }
}

/// Leader-ranking settings.
#[derive(Clone, Debug, Serialize)]
pub struct RankConfig {
    pub weights: Weights,
    /// Seed for Leiden (communities feed brokerage).
    pub seed: u64,
    /// How long before an operational event a contact counts, in seconds.
    pub pre_event_window: i64,
    /// Explanations (evidence paths) are built for this many top persons.
    pub explain_top: usize,
    /// Evidence items per person and factor.
    pub evidence_per_factor: usize,
    /// Persons explained whatever their rank (e.g. the one `kingpin rank --explain` asks for).
    pub explain_also: Vec<u32>,
    /// Above this many nodes, brokerage and betweenness are estimated from sampled sources.
    pub exact_betweenness_max_nodes: usize,
    /// Sources drawn for the estimate.
    pub betweenness_samples: usize,
    /// Money reaching each node (indexed like the graph), from a richer ledger than the
    /// graph's payment edges: `kingpin_money::money_column` converts every amount to one
    /// currency. When set, it replaces the money-inflow factor computed from the edges.
    #[serde(skip)]
    pub money: Option<std::sync::Arc<Vec<f64>>>,
}

impl Default for RankConfig {
    fn default() -> Self {
        Self {
            weights: Weights::default(),
            seed: 42,
            pre_event_window: 7 * 24 * 3600,
            explain_top: 25,
            evidence_per_factor: 3,
            explain_also: Vec::new(),
            exact_betweenness_max_nodes: 10_000,
            betweenness_samples: 256,
            money: None,
        }
    }
}

/// One factor of one person's score.
#[derive(Clone, Debug, Serialize)]
pub struct Factor {
    pub name: &'static str,
    /// Raw value (units depend on the factor).
    pub value: f64,
    /// Value scaled to 0..1 over all persons.
    pub normalised: f64,
    /// Effective weight after unavailable factors were dropped (weights sum to 1).
    pub weight: f64,
    /// `normalised * weight`; the contributions sum to the score.
    pub contribution: f64,
    /// Standard error of `value` when it was estimated by sampling (brokerage and betweenness
    /// on large graphs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub std_error: Option<f64>,
}

/// A piece of evidence: what the path shows, and the path itself as node labels.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    pub factor: &'static str,
    pub what: String,
    pub path: Vec<String>,
}

/// One ranked person with the explanation of the score.
#[derive(Clone, Debug, Serialize)]
pub struct RankedPerson {
    pub rank: usize,
    pub node: u32,
    pub label: String,
    pub score: f64,
    pub factors: Vec<Factor>,
    /// Filled for the top `explain_top` persons.
    pub evidence: Vec<Evidence>,
}

/// The ranking of every person with at least one tie, best first.
#[derive(Clone, Debug, Serialize)]
pub struct Ranking {
    pub ranked: Vec<RankedPerson>,
    /// Factors used, with their effective weights.
    pub used: Vec<(&'static str, f64)>,
    /// Factors left out, with the reason.
    pub unavailable: Vec<(&'static str, String)>,
    pub communities: usize,
    /// Set when brokerage and betweenness were estimated from sampled sources.
    pub sampling: Option<factors::Sampling>,
}

/// Ranks the persons of `g` by leader score.
pub fn rank_leaders(g: &Graph, cfg: &RankConfig) -> Ranking {
    let f = factors::compute(g, cfg);
    let candidates: Vec<u32> = (0..g.node_count() as u32)
        .filter(|&v| g.kind(v) == NodeKind::Person && g.out_degree(v) + g.in_degree(v) > 0)
        .collect();
    let columns = &f.columns;
    let total_w: f64 = columns
        .iter()
        .map(|c| c.weight)
        .sum::<f64>()
        .max(f64::MIN_POSITIVE);
    let scaled: Vec<Vec<f64>> = columns
        .iter()
        .map(|c| factors::normalise(&c.values, &candidates))
        .collect();
    let mut ranked: Vec<RankedPerson> = candidates
        .iter()
        .map(|&v| {
            let factors: Vec<Factor> = columns
                .iter()
                .zip(&scaled)
                .map(|(c, sc)| {
                    let weight = c.weight / total_w;
                    let normalised = sc[v as usize];
                    Factor {
                        name: c.name,
                        value: c.values[v as usize],
                        normalised,
                        weight,
                        contribution: normalised * weight,
                        std_error: c.std_error.as_ref().map(|e| e[v as usize]),
                    }
                })
                .collect();
            RankedPerson {
                rank: 0,
                node: v,
                label: g.label(v).to_string(),
                score: factors.iter().map(|x| x.contribution).sum(),
                factors,
                evidence: Vec::new(),
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.node.cmp(&b.node)));
    for (i, r) in ranked.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    let ctx = evidence::Context::new(g, &f, cfg);
    for r in ranked.iter_mut() {
        if r.rank <= cfg.explain_top || cfg.explain_also.contains(&r.node) {
            r.evidence = ctx.explain(r.node);
        }
    }
    Ranking {
        ranked,
        used: columns
            .iter()
            .map(|c| (c.name, c.weight / total_w))
            .collect(),
        unavailable: f.unavailable,
        communities: f.communities,
        sampling: f.sampling.clone(),
    }
}
