//! Detection precision and recall against a generated scenario's money truth
//! (`truth_money.csv`: typology, case, origin, subjects; `truth_links.csv`: the true people
//! behind each ledger row). The truth is read only here; detectors never see it.
//!
//! An alert's subject parties are attributed to true people by the rows of its own evidence:
//! for each evidence payment, the true payer when the subject paid, the true payee when it was
//! paid, the true agent when it was the hawaladar; the most frequent person wins. An alert is
//! correct when its subjects include one subject of a true case of its typology, or two when
//! the case has several (a pair of hawaladars, a cycle's members); the case is then found.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::ledger::Ledger;
use crate::typology::{Alert, Typology};

/// One true pattern.
#[derive(Clone, Debug)]
pub struct Case {
    /// Its typology.
    pub typology: Typology,
    /// Case id.
    pub id: String,
    /// `planted` or `natural` (arising from the smuggling business itself).
    pub origin: String,
    /// True person ids the pattern is about.
    pub subjects: Vec<String>,
}

/// The scenario's money truth.
#[derive(Clone, Debug, Default)]
pub struct Truth {
    /// Every true case.
    pub cases: Vec<Case>,
    /// Ledger row id → (true payer, true payee, true agent).
    pub rows: FxHashMap<String, [String; 3]>,
}

/// Reads `truth_money.csv` and `truth_links.csv` from a scenario directory.
pub fn read_truth(dir: &Path) -> anyhow::Result<Truth> {
    let mut t = Truth::default();
    let path = dir.join("truth_money.csv");
    let mut rdr = csv::Reader::from_path(&path)
        .with_context(|| format!("{} (generate the scenario again?)", path.display()))?;
    for (i, r) in rdr.records().enumerate() {
        let r = r?;
        let typology = Typology::parse(&r[0]).with_context(|| {
            format!(
                "{}, line {}: unknown typology {:?}",
                path.display(),
                i + 2,
                &r[0]
            )
        })?;
        t.cases.push(Case {
            typology,
            id: r[1].to_string(),
            origin: r[2].to_string(),
            subjects: r[3]
                .split(';')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        });
    }
    let mut rdr = csv::Reader::from_path(dir.join("truth_links.csv")).context("truth_links.csv")?;
    for r in rdr.records() {
        let r = r?;
        t.rows.insert(
            r[1].to_string(),
            [r[2].to_string(), r[3].to_string(), r[4].to_string()],
        );
    }
    Ok(t)
}

/// Precision and recall of one typology.
#[derive(Clone, Debug, Serialize)]
pub struct Score {
    /// The typology.
    pub typology: Typology,
    /// True cases (planted + natural).
    pub cases: usize,
    /// Of which planted.
    pub planted: usize,
    /// Alerts raised.
    pub alerts: usize,
    /// Alerts matching a true case.
    pub correct: usize,
    /// True cases found.
    pub found: usize,
    /// Planted cases found.
    pub planted_found: usize,
    /// correct / alerts (`None` without alerts).
    pub precision: Option<f64>,
    /// found / cases (`None` without cases).
    pub recall: Option<f64>,
}

/// The true person behind party `v` in `alert`, by the alert's own evidence rows.
pub fn true_person(l: &Ledger, truth: &Truth, alert: &Alert, v: u32) -> Option<String> {
    let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &alert.payments {
        let t = l.tx(i);
        let Some(row) = l.refs.get(i as usize).and_then(|r| truth.rows.get(&**r)) else {
            continue;
        };
        for (hit, who) in [
            (t.src == v, &row[0]),
            (t.dst == v, &row[1]),
            (t.agent == v, &row[2]),
        ] {
            if hit && !who.is_empty() {
                *votes.entry(who).or_default() += 1;
            }
        }
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(p, _)| p.to_string())
}

/// Scores alerts against the truth, typology by typology.
pub fn evaluate(l: &Ledger, alerts: &[Alert], truth: &Truth) -> Vec<Score> {
    let mut out = Vec::new();
    for ty in Typology::ALL {
        let cases: Vec<&Case> = truth.cases.iter().filter(|c| c.typology == ty).collect();
        let mut found: FxHashSet<usize> = FxHashSet::default();
        let (mut n, mut correct) = (0, 0);
        for a in alerts.iter().filter(|a| a.typology == ty) {
            n += 1;
            let people: FxHashSet<String> = a
                .subjects
                .iter()
                .filter_map(|&v| true_person(l, truth, a, v))
                .collect();
            let mut hit = false;
            for (k, c) in cases.iter().enumerate() {
                let shared = c.subjects.iter().filter(|s| people.contains(*s)).count();
                if shared >= c.subjects.len().min(2) {
                    hit = true;
                    found.insert(k);
                }
            }
            correct += usize::from(hit);
        }
        let planted = cases.iter().filter(|c| c.origin == "planted").count();
        let planted_found = found
            .iter()
            .filter(|&&k| cases[k].origin == "planted")
            .count();
        out.push(Score {
            typology: ty,
            cases: cases.len(),
            planted,
            alerts: n,
            correct,
            found: found.len(),
            planted_found,
            precision: (n > 0).then(|| correct as f64 / n as f64),
            recall: (!cases.is_empty()).then(|| found.len() as f64 / cases.len() as f64),
        });
    }
    out
}
