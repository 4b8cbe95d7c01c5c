//! Entity resolution for Kingpin: the same person across sources, despite transliteration,
//! new phones and false details.
//!
//! Records are normalised once ([`normalise`], [`record`]), blocked into candidate pairs
//! ([`block`]), compared field by field into levels ([`compare`]), scored with a
//! Fellegi-Sunter model trained without labels ([`em`]), clustered with a guard against
//! chaining ([`cluster`]) and explained as waterfalls ([`explain`]). Results and analysts'
//! decisions live in their own tables ([`decisions`]); source records are never changed.

pub mod block;
pub mod cluster;
pub mod compare;
pub mod decisions;
pub mod em;
pub mod evaluate;
pub mod explain;
pub mod normalise;
pub mod record;
pub mod truth;

use crate::block::{BlockSettings, candidate_pairs};
use crate::cluster::{ClusterSettings, Clusters, Edge, cluster};
use crate::compare::{Gamma, compare, hard_conflict};
use crate::decisions::{Assignment, Decision, Verdict};
use crate::em::{Params, TrainSettings, probability, train};
use crate::explain::{Explanation, explain};
use crate::record::{RawPerson, Record};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::time::Instant;

/// Everything a run can be told.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Settings {
    /// Pairs with a match probability at or above this are linked.
    pub threshold: f64,
    /// Blocking.
    pub block: BlockSettings,
    /// Training.
    pub train: TrainSettings,
    /// Clustering.
    pub cluster: ClusterSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            threshold: 0.95,
            block: BlockSettings::default(),
            train: TrainSettings::default(),
            cluster: ClusterSettings::default(),
        }
    }
}

/// Seconds spent in each stage.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    /// Normalising records.
    pub normalise: f64,
    /// Blocking.
    pub block: f64,
    /// Comparing candidate pairs.
    pub compare: f64,
    /// Estimating u and running EM.
    pub train: f64,
    /// Clustering.
    pub cluster: f64,
}

/// The result of one run.
pub struct Outcome {
    /// Normalised records, in input order.
    pub records: Vec<Record>,
    /// Candidate pairs.
    pub pairs: Vec<(u32, u32)>,
    /// Comparison vector of each candidate pair.
    pub gammas: Vec<Gamma>,
    /// Match weight of each candidate pair.
    pub weights: Vec<f64>,
    /// Trained parameters.
    pub params: Params,
    /// Clusters.
    pub clusters: Clusters,
    /// Blocks skipped for size.
    pub skipped_blocks: usize,
    /// Pairs at or above the threshold.
    pub linked: usize,
    /// Decisions applied.
    pub decisions: Vec<Decision>,
    /// Time per stage.
    pub timings: Timings,
    /// Settings used.
    pub settings: Settings,
}

/// Runs the whole linkage over raw person records; `progress` is told each stage's name.
pub fn resolve(
    raw: &[RawPerson],
    decisions: &[Decision],
    settings: &Settings,
    progress: &dyn Fn(&str),
) -> Outcome {
    let mut t = Timings::default();
    let clock = Instant::now();
    progress("normalising");
    let records: Vec<Record> = raw.par_iter().map(Record::new).collect();
    t.normalise = clock.elapsed().as_secs_f64();

    let clock = Instant::now();
    progress("blocking");
    let (pairs, skipped_blocks) = candidate_pairs(&records, &settings.block);
    t.block = clock.elapsed().as_secs_f64();

    let clock = Instant::now();
    progress("comparing");
    let gammas: Vec<Gamma> = pairs
        .par_iter()
        .map(|&(a, b)| compare(&records[a as usize], &records[b as usize]))
        .collect();
    t.compare = clock.elapsed().as_secs_f64();

    let clock = Instant::now();
    progress("training");
    let params = train(&records, &gammas, &settings.train);
    t.train = clock.elapsed().as_secs_f64();

    let clock = Instant::now();
    progress("clustering");
    let weights: Vec<f64> = gammas.par_iter().map(|g| params.weight(g)).collect();
    let index: HashMap<&str, u32> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i as u32))
        .collect();
    let mut cannot = HashSet::new();
    let mut forced = Vec::new();
    let mut applied = Vec::new();
    for d in decisions {
        if let (Some(&a), Some(&b)) = (index.get(d.a.as_str()), index.get(d.b.as_str())) {
            match d.verdict {
                Verdict::Same => forced.push(Edge {
                    a,
                    b,
                    weight: f64::INFINITY,
                    forced: true,
                }),
                Verdict::Different => {
                    cannot.insert((a.min(b), a.max(b)));
                }
            }
            applied.push(d.clone());
        }
    }
    let mut edges = forced;
    let mut linked = 0;
    for (i, &(a, b)) in pairs.iter().enumerate() {
        if probability(weights[i]) >= settings.threshold && !cannot.contains(&(a, b)) {
            edges.push(Edge {
                a,
                b,
                weight: weights[i],
                forced: false,
            });
            linked += 1;
        }
    }
    let clusters = cluster(
        records.len(),
        edges,
        &cannot,
        |x, y| hard_conflict(&records[x as usize], &records[y as usize]),
        &settings.cluster,
    );
    t.cluster = clock.elapsed().as_secs_f64();
    Outcome {
        records,
        pairs,
        gammas,
        weights,
        params,
        clusters,
        skipped_blocks,
        linked,
        decisions: applied,
        timings: t,
        settings: *settings,
    }
}

impl Outcome {
    /// Clusters of two or more records, largest first, as record indexes.
    pub fn groups(&self) -> Vec<Vec<u32>> {
        let mut by: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, &c) in self.clusters.cluster.iter().enumerate() {
            by.entry(c).or_default().push(i as u32);
        }
        let mut g: Vec<Vec<u32>> = by.into_values().filter(|v| v.len() > 1).collect();
        g.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        g
    }

    /// What to store: every record in a cluster of two or more with its identity.
    pub fn assignments(&self) -> Vec<Assignment> {
        let mut out = Vec::new();
        for (n, g) in self.groups().iter().enumerate() {
            let first = g
                .iter()
                .map(|&i| self.records[i as usize].id.as_str())
                .min()
                .unwrap_or("");
            let canonical = kingpin_model::make_id("identity", &[first]).unwrap_or_default();
            for &i in g {
                let (score, by) = self.clusters.via[i as usize].unwrap_or((f64::NAN, false));
                out.push(Assignment {
                    entity_id: self.records[i as usize].id.clone(),
                    canonical_id: canonical.clone(),
                    cluster: n as u32,
                    score: if score.is_finite() { score } else { f64::MAX },
                    decided_by: if by { "analyst" } else { "model" }.into(),
                });
            }
        }
        out
    }

    /// The waterfall of any two records by id, blocked or not.
    pub fn explain(&self, a: &str, b: &str) -> Option<Explanation> {
        let ia = self.records.iter().position(|r| r.id == a)?;
        let ib = self.records.iter().position(|r| r.id == b)?;
        let g = compare(&self.records[ia], &self.records[ib]);
        let mut e = explain(a, b, &g, &self.params);
        let (x, y) = if a <= b { (a, b) } else { (b, a) };
        e.decision = self
            .decisions
            .iter()
            .find(|d| d.a == x && d.b == y)
            .map(|d| {
                format!("{:?} by {} at {}", d.verdict, d.decided_by, d.decided_at).to_lowercase()
            });
        Some(e)
    }

    /// Waterfall of the candidate pair at `i`.
    pub fn explain_pair(&self, i: usize) -> Explanation {
        let (a, b) = self.pairs[i];
        explain(
            &self.records[a as usize].id,
            &self.records[b as usize].id,
            &self.gammas[i],
            &self.params,
        )
    }
}
