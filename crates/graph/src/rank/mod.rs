//! Leader ranking ("who is at the top?"): a weighted sum of factors that favour organisers over
//! the busy stooges raw degree favours, each ranked person explained by factors and evidence paths.
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
    pub command_reach: f64,
    pub insulation: f64,
    pub money_inflow: f64,
    pub pre_event_contact: f64,
}

impl Default for Weights {
    /// Insulation weighs less: on the published networks a high 2-hop/1-hop ratio alone marks
    /// peripheral people more often than hidden organisers (see the crate README).
    fn default() -> Self {
        Self {
            brokerage: 1.0,
            command_reach: 1.0,
            insulation: 0.3,
            money_inflow: 1.0,
            pre_event_contact: 1.0,
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
}

impl Default for RankConfig {
    fn default() -> Self {
        Self {
            weights: Weights::default(),
            seed: 42,
            pre_event_window: 7 * 24 * 3600,
            explain_top: 25,
            evidence_per_factor: 3,
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
}

/// Ranks the persons of `g` by leader score.
pub fn rank_leaders(g: &Graph, cfg: &RankConfig) -> Ranking {
    let f = factors::compute(g, cfg);
    let candidates: Vec<u32> = (0..g.node_count() as u32)
        .filter(|&v| g.kind(v) == NodeKind::Person && g.out_degree(v) + g.in_degree(v) > 0)
        .collect();
    let columns: Vec<(&'static str, f64, &Vec<f64>)> = f
        .columns
        .iter()
        .map(|c| (c.name, c.weight, &c.values))
        .collect();
    let total_w: f64 = columns
        .iter()
        .map(|c| c.1)
        .sum::<f64>()
        .max(f64::MIN_POSITIVE);
    let scaled: Vec<Vec<f64>> = columns
        .iter()
        .map(|(_, _, vals)| factors::normalise(vals, &candidates))
        .collect();
    let mut ranked: Vec<RankedPerson> = candidates
        .iter()
        .map(|&v| {
            let factors: Vec<Factor> = columns
                .iter()
                .zip(&scaled)
                .map(|((name, w, vals), sc)| {
                    let weight = w / total_w;
                    let normalised = sc[v as usize];
                    Factor {
                        name,
                        value: vals[v as usize],
                        normalised,
                        weight,
                        contribution: normalised * weight,
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
    for r in ranked.iter_mut().take(cfg.explain_top) {
        r.evidence = ctx.explain(r.node);
    }
    Ranking {
        ranked,
        used: columns.iter().map(|c| (c.0, c.1 / total_w)).collect(),
        unavailable: f.unavailable,
        communities: f.communities,
    }
}
