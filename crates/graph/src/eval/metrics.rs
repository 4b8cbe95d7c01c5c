//! Tie-aware ranks, precision@k and average precision.

use serde::Serialize;

use crate::eval::measures::{Measure, compute_measures};
use crate::networks::LabelledNetwork;

/// How one measure ranks a network's known leaders.
#[derive(Clone, Debug, Serialize)]
pub struct MeasureResult {
    pub measure: String,
    /// (leader label, rank) with rank 1 = top; tied nodes share their mean rank.
    pub leader_ranks: Vec<(String, f64)>,
    /// k = number of known leaders.
    pub k: usize,
    /// Expected share of leaders in the top k when ties are broken at random.
    pub precision_at_k: f64,
    pub average_precision: f64,
}

/// Results of every measure on one network.
#[derive(Clone, Debug, Serialize)]
pub struct NetworkReport {
    pub network: String,
    pub nodes: usize,
    pub edges: usize,
    pub directed: bool,
    /// Candidates ranked: nodes with at least one tie.
    pub ranked: usize,
    pub absent_leaders: Vec<String>,
    pub note: String,
    /// Measures that were estimated by sampling, with how (empty when all are exact).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub estimated: Vec<String>,
    pub results: Vec<MeasureResult>,
}

/// `name: how` for every sampled measure.
pub(crate) fn estimates(measures: &[Measure]) -> Vec<String> {
    measures
        .iter()
        .filter_map(|m| m.estimate.as_ref().map(|e| format!("{}: {e}", m.name)))
        .collect()
}

/// Scores a measure against the leader set. `candidates` marks which nodes are ranked.
pub fn evaluate_scores(
    name: &str,
    scores: &[f64],
    candidates: &[bool],
    leaders: &[(u32, String)],
) -> MeasureResult {
    let mut order: Vec<u32> = (0..scores.len() as u32)
        .filter(|&v| candidates[v as usize])
        .collect();
    order.sort_by(|&a, &b| scores[b as usize].total_cmp(&scores[a as usize]));
    let is_leader = {
        let mut f = vec![false; scores.len()];
        leaders.iter().for_each(|(v, _)| f[*v as usize] = true);
        f
    };
    let k = leaders.len();
    let mut rank = vec![f64::NAN; scores.len()];
    let mut expected_top_k = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1] as usize] == scores[order[i] as usize] {
            j += 1;
        }
        // Positions i+1..=j+1 share one score.
        let mid = (i + j) as f64 / 2.0 + 1.0;
        let group = (j - i + 1) as f64;
        let in_top = (k.min(j + 1).saturating_sub(i)) as f64;
        let leaders_here = order[i..=j]
            .iter()
            .filter(|&&v| is_leader[v as usize])
            .count() as f64;
        expected_top_k += leaders_here * in_top / group;
        for &v in &order[i..=j] {
            rank[v as usize] = mid;
        }
        i = j + 1;
    }
    let mut leader_ranks: Vec<(String, f64)> = leaders
        .iter()
        .map(|(v, label)| (label.clone(), rank[*v as usize]))
        .collect();
    leader_ranks.sort_by(|a, b| a.1.total_cmp(&b.1));
    let average_precision = if k == 0 {
        0.0
    } else {
        leader_ranks
            .iter()
            .enumerate()
            .map(|(i, (_, r))| ((i + 1) as f64 / r).min(1.0))
            .sum::<f64>()
            / k as f64
    };
    MeasureResult {
        measure: name.to_string(),
        leader_ranks,
        k,
        precision_at_k: if k == 0 {
            0.0
        } else {
            expected_top_k / k as f64
        },
        average_precision,
    }
}

/// Runs the leader score and every classic centrality on `net` and ranks its leaders.
pub fn evaluate(net: &LabelledNetwork) -> NetworkReport {
    let g = &net.graph;
    let candidates: Vec<bool> = (0..g.node_count() as u32)
        .map(|v| g.out_degree(v) + g.in_degree(v) > 0)
        .collect();
    let leaders: Vec<(u32, String)> = net
        .leaders
        .iter()
        .map(|l| (l.node, l.label.clone()))
        .collect();
    let measures = compute_measures(g);
    let results = measures
        .iter()
        .map(|m| evaluate_scores(m.name, &m.scores, &candidates, &leaders))
        .collect();
    NetworkReport {
        network: net.name.clone(),
        nodes: g.node_count(),
        edges: g.edge_count(),
        directed: g.is_directed(),
        ranked: candidates.iter().filter(|&&c| c).count(),
        absent_leaders: net.absent_leaders.clone(),
        note: net.note.clone(),
        estimated: estimates(&measures),
        results,
    }
}
