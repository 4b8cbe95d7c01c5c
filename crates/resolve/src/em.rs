//! Fellegi-Sunter parameters: u from random pairs, m (and the prior) by
//! expectation-maximisation over the blocked pairs, without labels.

use crate::compare::{COMPARISONS, Gamma, N, compare};
use crate::record::Record;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Trained model: prior and per-level m and u probabilities.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Params {
    /// Prior probability that a candidate pair is a match.
    pub lambda: f64,
    /// `m[c][level]`: P(level | match), for levels >= 1.
    pub m: Vec<Vec<f64>>,
    /// `u[c][level]`: P(level | non-match), for levels >= 1.
    pub u: Vec<Vec<f64>>,
    /// EM iterations run.
    pub iterations: usize,
    /// Reference term frequency per name level for the term-frequency adjustment (0 or
    /// absent: the level's u, as Splink); see [`Params::tf_adjustment`].
    #[serde(default)]
    pub tf_reference: Vec<f64>,
}

/// Training settings.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct TrainSettings {
    /// Random pairs drawn to estimate u.
    pub u_pairs: usize,
    /// Keep u at its random-pair estimate during EM (as Splink does); otherwise EM
    /// re-estimates u over the training pairs too.
    pub fix_u: bool,
    /// Maximum EM iterations.
    pub max_iterations: usize,
    /// Seed of the random-pair sampler.
    pub seed: u64,
}

impl Default for TrainSettings {
    fn default() -> Self {
        TrainSettings {
            u_pairs: 200_000,
            fix_u: true,
            max_iterations: 100,
            seed: 1,
        }
    }
}

/// Probabilities are kept away from 0 and 1 so no level ever has infinite weight.
const FLOOR: f64 = 1e-6;

impl Params {
    /// Starting values: m rising towards the strongest level, u uniform.
    pub fn initial() -> Self {
        let mut m = Vec::new();
        let mut u = Vec::new();
        for c in COMPARISONS.iter() {
            let k = c.levels.len();
            let mut mc = vec![0.0; k];
            let mut uc = vec![0.0; k];
            let total: f64 = (1..k).map(|l| l as f64 * l as f64).sum();
            for l in 1..k {
                mc[l] = (l * l) as f64 / total;
                uc[l] = 1.0 / (k - 1) as f64;
            }
            m.push(mc);
            u.push(uc);
        }
        Params {
            lambda: 0.1,
            m,
            u,
            iterations: 0,
            tf_reference: Vec::new(),
        }
    }

    /// Match weight (log2 Bayes factor) of one comparison level.
    pub fn level_weight(&self, c: usize, level: u8) -> f64 {
        if level == 0 {
            return 0.0;
        }
        let l = level as usize;
        (self.m[c][l].max(FLOOR) / self.u[c][l].max(FLOOR)).log2()
    }

    /// Weight of the prior alone.
    pub fn prior_weight(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    /// Total match weight of a comparison vector.
    pub fn weight(&self, g: &Gamma) -> f64 {
        self.prior_weight() + (0..N).map(|c| self.level_weight(c, g[c])).sum::<f64>()
    }

    /// Term-frequency adjustment of the name comparison, as Splink's: the level's u is the
    /// chance that two random records agree on *some* name this way; for a name borne by a
    /// share `tf` of the records it is `tf`, so the weight moves by log2(u / tf) — down for
    /// `Muhammad Ahmad`, up for a rare name. The rise is capped at `max_bonus` bits. Zero for
    /// levels below "all parts of the shorter name" and when `tf` is unknown (0).
    pub fn tf_adjustment(&self, level: u8, tf: f32, max_bonus: f64) -> f64 {
        if level < 5 || tf <= 0.0 {
            return 0.0;
        }
        let reference = match self.tf_reference.get(level as usize) {
            Some(&r) if r > 0.0 => r,
            _ => self.u[crate::compare::NAME][level as usize].max(FLOOR),
        };
        (reference / tf as f64).log2().min(max_bonus)
    }
}

/// Match probability of a match weight.
pub fn probability(weight: f64) -> f64 {
    let b = weight.exp2();
    if b.is_infinite() { 1.0 } else { b / (1.0 + b) }
}

/// A small deterministic generator, so training is reproducible without a dependency.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// u probabilities from random pairs: almost all of them are non-matches, so how often a
/// level occurs among them is its chance of occurring by coincidence.
pub fn estimate_u(records: &[Record], settings: &TrainSettings) -> Vec<Vec<f64>> {
    let n = records.len();
    let mut counts: Vec<Vec<f64>> = COMPARISONS
        .iter()
        .map(|c| vec![0.0; c.levels.len()])
        .collect();
    if n < 2 {
        return smooth(counts);
    }
    let mut state = settings.seed;
    let draws: Vec<(usize, usize)> = (0..settings.u_pairs)
        .filter_map(|_| {
            let i = (splitmix(&mut state) % n as u64) as usize;
            let j = (splitmix(&mut state) % n as u64) as usize;
            (i != j).then_some((i, j))
        })
        .collect();
    let gammas: Vec<Gamma> = draws
        .par_iter()
        .map(|&(i, j)| compare(&records[i], &records[j]))
        .collect();
    for g in &gammas {
        for c in 0..N {
            counts[c][g[c] as usize] += 1.0;
        }
    }
    smooth(counts)
}

fn smooth(counts: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    counts
        .into_iter()
        .map(|c| {
            let k = c.len();
            let total: f64 = c[1..].iter().sum::<f64>() + (k - 1) as f64;
            let mut out = vec![0.0; k];
            for l in 1..k {
                out[l] = (c[l] + 1.0) / total;
            }
            out
        })
        .collect()
}

/// Distinct comparison vectors with their counts: EM then costs per pattern, not per pair.
pub fn patterns(gammas: &[Gamma]) -> Vec<(Gamma, f64)> {
    let mut map: HashMap<Gamma, f64> = HashMap::new();
    for g in gammas {
        *map.entry(*g).or_default() += 1.0;
    }
    let mut v: Vec<(Gamma, f64)> = map.into_iter().collect();
    v.sort_by_key(|a| a.0);
    v
}

/// Runs EM from `start` over pattern counts until the parameters settle. Only comparisons
/// with `train[c]` take part and are re-estimated: a comparison the training pairs were
/// selected on says nothing about matching within them, so it is left out (as Splink's
/// training sessions do). With `lambda_only`, every comparison counts and only the prior moves.
pub fn em(
    patterns: &[(Gamma, f64)],
    start: Params,
    settings: &TrainSettings,
    train: &[bool; N],
    lambda_only: bool,
) -> Params {
    let mut p = start;
    let total: f64 = patterns.iter().map(|(_, n)| n).sum();
    if total == 0.0 {
        return p;
    }
    for it in 1..=settings.max_iterations {
        let mut m_acc: Vec<Vec<f64>> = p.m.iter().map(|c| vec![0.0; c.len()]).collect();
        let mut u_acc = m_acc.clone();
        let mut matches = 0.0;
        for (g, n) in patterns {
            let mut g = *g;
            for c in 0..N {
                if !train[c] && !lambda_only {
                    g[c] = 0;
                }
            }
            let w = probability(p.weight(&g));
            matches += w * n;
            for c in 0..N {
                if g[c] > 0 {
                    m_acc[c][g[c] as usize] += w * n;
                    u_acc[c][g[c] as usize] += (1.0 - w) * n;
                }
            }
        }
        let mut next = p.clone();
        next.lambda = (matches / total).clamp(FLOOR, 1.0 - FLOOR);
        for c in (0..N).filter(|&c| train[c] && !lambda_only) {
            normalise_into(&m_acc[c], &mut next.m[c]);
            if !settings.fix_u {
                normalise_into(&u_acc[c], &mut next.u[c]);
            }
        }
        next.iterations = it;
        let delta = max_delta(&p, &next);
        p = next;
        if delta < 1e-7 {
            break;
        }
    }
    p
}

fn normalise_into(acc: &[f64], out: &mut [f64]) {
    let s: f64 = acc[1..].iter().sum();
    if s <= 0.0 {
        return;
    }
    for l in 1..acc.len() {
        out[l] = (acc[l] / s).max(FLOOR);
    }
}

fn max_delta(a: &Params, b: &Params) -> f64 {
    let mut d = (a.lambda - b.lambda).abs();
    for c in 0..N {
        for l in 1..a.m[c].len() {
            d = d
                .max((a.m[c][l] - b.m[c][l]).abs())
                .max((a.u[c][l] - b.u[c][l]).abs());
        }
    }
    d
}

/// Trains the model the Splink way: u from random pairs; m in two sessions, one over pairs
/// that share a phone or document (training name, birth date, nationality), one over pairs
/// whose names agree (training the rest); then the prior as expected matches among all pairs.
pub fn train(records: &[Record], gammas: &[Gamma], settings: &TrainSettings) -> Params {
    use crate::compare::{
        ADDRESS, DOB, DOCUMENT, DOCUMENT_SAME, FAMILY, GENDER, GIVEN, NAME, NATIONALITY, PHONE,
        POSTCODE, TOWN, names_agree,
    };
    let mut start = Params::initial();
    start.u = estimate_u(records, settings);
    let by_contact: Vec<Gamma> = gammas
        .iter()
        .filter(|g| g[PHONE] >= 3 || g[DOCUMENT] == DOCUMENT_SAME)
        .copied()
        .collect();
    let by_name: Vec<Gamma> = gammas.iter().filter(|g| names_agree(g)).copied().collect();
    let mut a_mask = [false; N];
    a_mask[NAME] = true;
    a_mask[GIVEN] = true;
    a_mask[FAMILY] = true;
    a_mask[DOB] = true;
    a_mask[NATIONALITY] = true;
    a_mask[GENDER] = true;
    for c in [ADDRESS, TOWN, POSTCODE] {
        a_mask[c] = true;
    }
    let mut b_mask = [false; N];
    b_mask[DOB] = true;
    b_mask[PHONE] = true;
    b_mask[DOCUMENT] = true;
    b_mask[NATIONALITY] = true;
    b_mask[GENDER] = true;
    for c in [ADDRESS, TOWN, POSTCODE] {
        b_mask[c] = true;
    }
    let debug = std::env::var_os("KINGPIN_RESOLVE_DEBUG").is_some();
    let a = em(
        &patterns(&by_contact),
        start.clone(),
        settings,
        &a_mask,
        false,
    );
    let b = em(&patterns(&by_name), start.clone(), settings, &b_mask, false);
    if debug {
        eprintln!(
            "sessions: contact {} pairs lambda {:.4}; name {} pairs lambda {:.4}",
            by_contact.len(),
            a.lambda,
            by_name.len(),
            b.lambda
        );
    }
    let mut p = start;
    p.iterations = a.iterations + b.iterations;
    for c in 0..N {
        p.m[c] = match (a_mask[c], b_mask[c]) {
            (true, true) => a.m[c]
                .iter()
                .zip(&b.m[c])
                .map(|(x, y)| (x + y) / 2.0)
                .collect(),
            (true, false) => a.m[c].clone(),
            (false, true) => b.m[c].clone(),
            (false, false) => p.m[c].clone(),
        };
    }
    // The prior: fit only lambda over every candidate pair, then spread the expected
    // matches over all possible pairs. Random pairs include some matches (many, when one
    // person has dozens of records), so u is then corrected for them: the share of a level
    // among random pairs is lambda m + (1 - lambda) u. Two rounds settle it.
    let p_rand = p.u.clone();
    let n = records.len() as f64;
    let possible = (n * (n - 1.0) / 2.0).max(1.0);
    let pats = patterns(gammas);
    let lambda_settings = TrainSettings {
        fix_u: true,
        ..*settings
    };
    for _ in 0..3 {
        let all = em(&pats, p.clone(), &lambda_settings, &[true; N], true);
        p.lambda = (all.lambda * gammas.len() as f64 / possible).clamp(FLOOR, 1.0 - FLOOR);
        if debug {
            eprintln!(
                "blocked lambda {:.4}, global lambda {:.6}",
                all.lambda, p.lambda
            );
        }
        for (c, pr) in p_rand.iter().enumerate() {
            let lambda = p.lambda;
            let mut u: Vec<f64> = pr
                .iter()
                .zip(&p.m[c])
                .enumerate()
                .map(|(l, (&r, &m))| {
                    // Never below a hundredth of the raw share: the correction is an estimate.
                    if l == 0 {
                        0.0
                    } else {
                        ((r - lambda * m) / (1.0 - lambda)).max(r * 0.01)
                    }
                })
                .collect();
            let s: f64 = u.iter().sum();
            u.iter_mut().for_each(|x| *x /= s);
            p.u[c] = u;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs drawn from a known mixture: EM must find the mixing weight and the m
    /// probabilities it was drawn with.
    #[test]
    fn em_recovers_a_known_mixture() {
        let mut truth = Params::initial();
        truth.lambda = 0.2;
        for c in 0..N {
            let k = truth.m[c].len();
            for l in 1..k {
                // Matches sit on the strong levels, non-matches on the weak ones.
                truth.m[c][l] = if l == k - 1 {
                    0.7
                } else {
                    0.3 / (k - 2) as f64
                };
                truth.u[c][l] = if l == 1 { 0.8 } else { 0.2 / (k - 2) as f64 };
            }
        }
        // Exact expected counts of every pattern under the mixture, from 1e6 pairs.
        let mut pats: Vec<(Gamma, f64)> = Vec::new();
        let sizes: Vec<usize> = COMPARISONS.iter().map(|c| c.levels.len()).collect();
        let mut g: Gamma = [1; N];
        loop {
            let pm: f64 = (0..N).map(|c| truth.m[c][g[c] as usize]).product();
            let pu: f64 = (0..N).map(|c| truth.u[c][g[c] as usize]).product();
            pats.push((g, 1e6 * (truth.lambda * pm + (1.0 - truth.lambda) * pu)));
            let mut c = 0;
            loop {
                if c == N {
                    break;
                }
                g[c] += 1;
                if (g[c] as usize) < sizes[c] {
                    break;
                }
                g[c] = 1;
                c += 1;
            }
            if c == N {
                break;
            }
        }
        let fitted = em(
            &pats,
            Params::initial(),
            &TrainSettings {
                max_iterations: 2000,
                fix_u: false,
                ..Default::default()
            },
            &[true; N],
            false,
        );
        assert!(
            (fitted.lambda - 0.2).abs() < 1e-3,
            "lambda {}",
            fitted.lambda
        );
        for (c, &k) in sizes.iter().enumerate() {
            assert!(
                (fitted.m[c][k - 1] - 0.7).abs() < 1e-2,
                "m[{c}] {:?}",
                fitted.m[c]
            );
            assert!(
                (fitted.u[c][1] - 0.8).abs() < 1e-2,
                "u[{c}] {:?}",
                fitted.u[c]
            );
        }
    }

    #[test]
    fn probability_of_weights() {
        assert!((probability(0.0) - 0.5).abs() < 1e-12);
        assert!(probability(20.0) > 0.999);
        assert_eq!(probability(2000.0), 1.0);
    }
}
