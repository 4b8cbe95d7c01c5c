//! Precision, recall and F1 of a clustering against true identities, for pairs and for
//! whole clusters. Only records with a known true identity count.

use serde::Serialize;
use std::collections::HashMap;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Prf {
    /// Share of predicted items that are true.
    pub precision: f64,
    /// Share of true items that are predicted.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// True positives.
    pub tp: u64,
    /// Predicted items.
    pub predicted: u64,
    /// True items.
    pub truth: u64,
}

impl Prf {
    fn new(tp: u64, predicted: u64, truth: u64) -> Self {
        let precision = if predicted == 0 {
            1.0
        } else {
            tp as f64 / predicted as f64
        };
        let recall = if truth == 0 {
            1.0
        } else {
            tp as f64 / truth as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
            tp,
            predicted,
            truth,
        }
    }
}

/// The evaluation of one clustering.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Records with a known identity.
    pub labelled: usize,
    /// True identities among them.
    pub identities: usize,
    /// Pairs of records put together.
    pub pairs: Prf,
    /// Clusters that are exactly a true identity (singletons included).
    pub clusters: Prf,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Compares `predicted[i]` (cluster of record i) with `truth[i]` (identity, if known).
pub fn evaluate<P: Eq + std::hash::Hash + Clone, T: Eq + std::hash::Hash + Clone>(
    predicted: &[P],
    truth: &[Option<T>],
) -> Evaluation {
    let mut cells: HashMap<(P, T), u64> = HashMap::new();
    let mut pred_sizes: HashMap<P, u64> = HashMap::new();
    let mut true_sizes: HashMap<T, u64> = HashMap::new();
    let mut labelled = 0;
    for (p, t) in predicted.iter().zip(truth) {
        if let Some(t) = t {
            labelled += 1;
            *cells.entry((p.clone(), t.clone())).or_default() += 1;
            *pred_sizes.entry(p.clone()).or_default() += 1;
            *true_sizes.entry(t.clone()).or_default() += 1;
        }
    }
    let tp: u64 = cells.values().map(|&n| pairs(n)).sum();
    let pred: u64 = pred_sizes.values().map(|&n| pairs(n)).sum();
    let tru: u64 = true_sizes.values().map(|&n| pairs(n)).sum();
    // A cluster is exact when one cell fills both its predicted and its true cluster.
    let exact = cells
        .iter()
        .filter(|((p, t), n)| pred_sizes[p] == **n && true_sizes[t] == **n)
        .count() as u64;
    Evaluation {
        labelled,
        identities: true_sizes.len(),
        pairs: Prf::new(tp, pred, tru),
        clusters: Prf::new(exact, pred_sizes.len() as u64, true_sizes.len() as u64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pairs_and_exact_clusters() {
        // Truth: {0,1,2} {3}; predicted: {0,1} {2,3}; record 4 unlabelled.
        let e = evaluate(
            &[0, 0, 2, 2, 9],
            &[Some('a'), Some('a'), Some('a'), Some('b'), None],
        );
        assert_eq!(e.labelled, 4);
        assert_eq!((e.pairs.tp, e.pairs.predicted, e.pairs.truth), (1, 2, 3));
        assert_eq!(
            (e.clusters.tp, e.clusters.predicted, e.clusters.truth),
            (0, 2, 2)
        );
        let perfect = evaluate(&[0, 0, 0, 3], &[Some('a'), Some('a'), Some('a'), Some('b')]);
        assert_eq!(perfect.pairs.f1, 1.0);
        assert_eq!(perfect.clusters.f1, 1.0);
    }
}
