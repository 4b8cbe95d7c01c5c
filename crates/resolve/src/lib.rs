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
pub mod csvinput;
pub mod decisions;
pub mod em;
pub mod evaluate;
pub mod explain;
pub mod handsets;
pub mod normalise;
pub mod record;
pub mod truth;

use crate::block::{BlockSettings, candidate_pairs};
use crate::cluster::{ClusterSettings, Clusters, Edge, cluster};
use crate::compare::{Gamma, compare_full, compare_tf, hard_conflict};
use crate::decisions::{Assignment, Decision, Verdict};
use crate::em::{Params, TrainSettings, probability, train};
use crate::explain::{Explanation, explain};
use crate::handsets::Handsets;
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
    /// Adjust name weights by how common the name is (Splink's term-frequency adjustment).
    pub term_frequency: bool,
    /// Most bits a rare name may add through the term-frequency adjustment.
    pub tf_max_bonus: f64,
    /// Centre the term-frequency adjustment on the candidate pairs of each name level (the
    /// geometric mean of their name frequencies) instead of the level's u: common names then
    /// lose what rare names gain, and the level's trained weight stays its average.
    pub tf_centre: bool,
    /// Compare gender (as written, or inferred from given names when `infer_gender`); a
    /// stated gender that differs also keeps two records out of one cluster.
    pub gender: bool,
    /// Infer missing genders from given names, using the records that state one as table.
    pub infer_gender: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            threshold: 0.95,
            block: BlockSettings::default(),
            train: TrainSettings::default(),
            cluster: ClusterSettings::default(),
            term_frequency: true,
            tf_max_bonus: 0.0,
            tf_centre: true,
            gender: true,
            infer_gender: false,
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
    /// Term frequency of the name value each candidate pair agrees on (0: none).
    pub tfs: Vec<f32>,
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

/// The term-frequency adjustment of one pair under `settings`.
fn tf_weight(params: &Params, settings: &Settings, g: &Gamma, tf: f32) -> f64 {
    if settings.term_frequency {
        params.tf_adjustment(g[compare::NAME], tf, settings.tf_max_bonus)
    } else {
        0.0
    }
}

/// Components of the links that rest on more than a name (a shared phone or document, or a
/// full date of birth at most one slip apart), above the threshold: what term frequencies
/// count, so one person's many records do not make his name look common.
fn evidence_groups(
    n: usize,
    pairs: &[(u32, u32)],
    gammas: &[Gamma],
    weights: &[f64],
    settings: &Settings,
) -> Vec<u32> {
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn find(p: &mut [u32], mut x: u32) -> u32 {
        while p[x as usize] != x {
            p[x as usize] = p[p[x as usize] as usize];
            x = p[x as usize];
        }
        x
    }
    for ((&(a, b), g), &w) in pairs.iter().zip(gammas).zip(weights) {
        let evidence = compare::has_evidence(g);
        if evidence && probability(w) >= settings.threshold {
            let (x, y) = (find(&mut parent, a), find(&mut parent, b));
            if x != y {
                parent[x.max(y) as usize] = x.min(y);
            }
        }
    }
    (0..n as u32).map(|i| find(&mut parent, i)).collect()
}

/// Runs the whole linkage over raw person records; `progress` is told each stage's name.
pub fn resolve(
    raw: &[RawPerson],
    decisions: &[Decision],
    settings: &Settings,
    progress: &dyn Fn(&str),
) -> Outcome {
    resolve_with(raw, &Handsets::default(), decisions, settings, progress)
}

/// [`resolve`] with the handset groups of the phones ([`handsets::load_handsets`]), which
/// give the phone comparison its "used in one handset" level.
pub fn resolve_with(
    raw: &[RawPerson],
    handsets: &Handsets,
    decisions: &[Decision],
    settings: &Settings,
    progress: &dyn Fn(&str),
) -> Outcome {
    let mut t = Timings::default();
    let clock = Instant::now();
    progress("normalising");
    let cache = normalise::phone::PhoneCache::new();
    let mut records: Vec<Record> = raw
        .par_iter()
        .map(|r| {
            let mut rec = Record::with_cache(r, Some(&cache));
            rec.set_handsets(handsets);
            rec
        })
        .collect();
    if !settings.gender {
        records.iter_mut().for_each(|r| r.female = None);
    } else if settings.infer_gender {
        record::infer_genders(&mut records);
    }
    t.normalise = clock.elapsed().as_secs_f64();

    let clock = Instant::now();
    progress("blocking");
    let (pairs, skipped_blocks) = candidate_pairs(&records, &settings.block);
    t.block = clock.elapsed().as_secs_f64();

    let clock = Instant::now();
    progress("comparing");
    let (gammas, best_names): (Vec<Gamma>, Vec<(u8, u8)>) = pairs
        .par_iter()
        .map(|&(a, b)| {
            let (g, (_, i, j)) = compare_full(&records[a as usize], &records[b as usize]);
            (g, (i, j))
        })
        .unzip();
    t.compare = clock.elapsed().as_secs_f64();

    let clock = Instant::now();
    progress("training");
    let mut params = train(&records, &gammas, &settings.train);
    t.train = clock.elapsed().as_secs_f64();

    let clock = Instant::now();
    progress("clustering");
    let mut weights: Vec<f64> = gammas.par_iter().map(|g| params.weight(g)).collect();
    let mut tfs = vec![0.0f32; pairs.len()];
    if settings.term_frequency {
        let groups = evidence_groups(records.len(), &pairs, &gammas, &weights, settings);
        record::set_term_frequencies(&mut records, &groups);
        tfs = pairs
            .par_iter()
            .zip(&gammas)
            .zip(&best_names)
            .map(|((&(a, b), g), &(i, j))| {
                let (x, y) = (&records[a as usize], &records[b as usize]);
                match (x.names.get(i as usize), y.names.get(j as usize)) {
                    (Some(p), Some(q)) => compare::name_tf(p, q, g[compare::NAME]),
                    _ => 0.0,
                }
            })
            .collect();
        if settings.tf_centre {
            let k = compare::COMPARISONS[compare::NAME].levels.len();
            let mut sums = vec![(0.0f64, 0u64); k];
            for (g, &tf) in gammas.iter().zip(&tfs) {
                if tf > 0.0 {
                    let s = &mut sums[g[compare::NAME] as usize];
                    s.0 += (tf as f64).ln();
                    s.1 += 1;
                }
            }
            params.tf_reference = sums
                .iter()
                .map(|&(s, n)| if n == 0 { 0.0 } else { (s / n as f64).exp() })
                .collect();
        }
        weights
            .par_iter_mut()
            .zip(&gammas)
            .zip(&tfs)
            .for_each(|((w, g), &tf)| *w += tf_weight(&params, settings, g, tf));
    }
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
                    evidence: true,
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
                evidence: compare::has_evidence(&gammas[i]),
            });
            linked += 1;
        }
    }
    // Two records whose own link above the threshold rests on evidence (a shared phone,
    // document, address) are not in conflict whatever their dates of birth say: the model
    // weighed that disagreement and still links them (a mistyped or false date on one of
    // several records of one person).
    let vouched: HashSet<(u32, u32)> = edges
        .iter()
        .filter(|e| e.evidence && !e.forced)
        .map(|e| (e.a.min(e.b), e.a.max(e.b)))
        .collect();
    let clusters = cluster(
        records.len(),
        edges,
        &cannot,
        |x, y| {
            let (a, b) = (&records[x as usize], &records[y as usize]);
            hard_conflict(a, b)
                && !vouched.contains(&(x.min(y), x.max(y)))
                && !compare::same_identifier(a, b)
        },
        &settings.cluster,
    );
    t.cluster = clock.elapsed().as_secs_f64();
    Outcome {
        records,
        pairs,
        gammas,
        tfs,
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
        let (g, tf) = compare_tf(&self.records[ia], &self.records[ib]);
        let adj = tf_weight(&self.params, &self.settings, &g, tf);
        let mut e = explain(a, b, &g, (tf, adj), &self.params);
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
            (
                self.tfs[i],
                tf_weight(&self.params, &self.settings, &self.gammas[i], self.tfs[i]),
            ),
            &self.params,
        )
    }
}
