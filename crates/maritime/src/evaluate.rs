//! Flags against a scenario's truth: a flagged buyer is right when a purchase behind its
//! reasons was bought for a crossing (`truth_links.csv`: `purchases` rows whose last column
//! names a crossing); fishermen and leisure sailors buy the same things without one.

use crate::analysis::Flagged;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Precision and recall of the flags at one minimum number of reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Buyers flagged with at least this many distinct reasons.
    pub min_reasons: usize,
    /// Buyers flagged.
    pub flagged: usize,
    /// Of which buying for a crossing.
    pub correct: usize,
    /// People who bought for a crossing.
    pub suppliers: usize,
    /// Of which flagged.
    pub found: usize,
}

impl Score {
    /// Correct over flagged (1 when nothing is flagged).
    pub fn precision(&self) -> f64 {
        if self.flagged == 0 {
            1.0
        } else {
            self.correct as f64 / self.flagged as f64
        }
    }

    /// Found over suppliers (1 when there are none).
    pub fn recall(&self) -> f64 {
        if self.suppliers == 0 {
            1.0
        } else {
            self.found as f64 / self.suppliers as f64
        }
    }
}

/// Truth: purchase record → (buyer's person id, whether it was for a crossing).
pub type Truth = HashMap<String, (String, bool)>;

/// Reads the `purchases` rows of a scenario's `truth_links.csv`.
pub fn read_truth(path: &std::path::Path) -> Result<Truth, csv::Error> {
    let mut out = Truth::new();
    for row in csv::Reader::from_path(path)?.records() {
        let row = row?;
        if row.get(0) == Some("purchases") {
            let crossing = row.get(4).unwrap_or("");
            out.insert(
                row.get(1).unwrap_or("").to_string(),
                (row.get(2).unwrap_or("").to_string(), !crossing.is_empty()),
            );
        }
    }
    Ok(out)
}

/// Scores the flags at each minimum number of reasons in `levels`.
pub fn score(flags: &[Flagged], truth: &Truth, levels: &[usize]) -> Vec<Score> {
    let suppliers: HashSet<&str> = truth
        .values()
        .filter(|(_, c)| *c)
        .map(|(p, _)| p.as_str())
        .collect();
    levels
        .iter()
        .map(|&min| {
            let mut s = Score {
                min_reasons: min,
                flagged: 0,
                correct: 0,
                suppliers: suppliers.len(),
                found: 0,
            };
            let mut found = HashSet::new();
            for f in flags.iter().filter(|f| f.score >= min) {
                s.flagged += 1;
                let people: HashSet<&str> = f
                    .reasons
                    .iter()
                    .flat_map(|r| &r.purchases)
                    .filter_map(|rec| truth.get(rec))
                    .map(|(p, _)| p.as_str())
                    .filter(|p| suppliers.contains(p))
                    .collect();
                s.correct += !people.is_empty() as usize;
                found.extend(people);
            }
            s.found = found.len();
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Reason;

    fn flagged(score: usize, recs: &[&str]) -> Flagged {
        Flagged {
            buyer: recs[0].into(),
            names: vec![],
            purchases: recs.len(),
            score,
            reasons: vec![Reason {
                code: "CASH",
                detail: String::new(),
                purchases: recs.iter().map(|r| r.to_string()).collect(),
            }],
        }
    }

    #[test]
    fn a_flag_is_right_when_a_purchase_behind_it_was_for_a_crossing() {
        let truth: Truth = [
            ("P1", ("T1", true)),
            ("P2", ("T1", true)),
            ("P3", ("T2", true)),
            ("P4", ("T9", false)),
        ]
        .into_iter()
        .map(|(k, (p, c))| (k.to_string(), (p.to_string(), c)))
        .collect();
        // T1 under two spellings (two buyers), the fisherman T9 flagged too, T2 missed.
        let f = [
            flagged(2, &["P1"]),
            flagged(1, &["P2"]),
            flagged(1, &["P4"]),
        ];
        let s = score(&f, &truth, &[1, 2]);
        assert_eq!(
            (s[0].flagged, s[0].correct, s[0].suppliers, s[0].found),
            (3, 2, 2, 1)
        );
        assert!((s[0].precision() - 2.0 / 3.0).abs() < 1e-9);
        assert!((s[0].recall() - 0.5).abs() < 1e-9);
        assert_eq!((s[1].flagged, s[1].correct, s[1].found), (1, 1, 1));
    }
}
