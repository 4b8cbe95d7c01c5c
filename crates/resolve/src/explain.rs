//! The waterfall of one pair: prior, then each comparison's level and weight, then the total.

use crate::compare::{COMPARISONS, Gamma, N};
use crate::em::{Params, probability};
use serde::Serialize;

/// One step of a waterfall.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// Comparison (or "prior").
    pub comparison: String,
    /// Level reached.
    pub level: String,
    /// m probability of that level (absent for the prior and missing values).
    pub m: Option<f64>,
    /// u probability of that level.
    pub u: Option<f64>,
    /// Match weight added (log2 of m/u).
    pub weight: f64,
    /// Running total.
    pub cumulative: f64,
}

/// Why a pair scores as it does.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// First record id.
    pub a: String,
    /// Second record id.
    pub b: String,
    /// Steps, prior first.
    pub steps: Vec<Step>,
    /// Total match weight.
    pub weight: f64,
    /// Match probability.
    pub probability: f64,
    /// An analyst's decision on this pair, if any.
    pub decision: Option<String>,
}

/// Builds the waterfall of a comparison vector; `tf` is the term frequency of the agreed
/// name and the weight its adjustment adds (shown as a step when not zero).
pub fn explain(a: &str, b: &str, g: &Gamma, tf: (f32, f64), p: &Params) -> Explanation {
    let mut steps = Vec::with_capacity(N + 1);
    let mut total = p.prior_weight();
    steps.push(Step {
        comparison: "prior".into(),
        level: format!("lambda = {:.4}", p.lambda),
        m: None,
        u: None,
        weight: total,
        cumulative: total,
    });
    for (c, cmp) in COMPARISONS.iter().enumerate() {
        let l = g[c] as usize;
        let w = p.level_weight(c, g[c]);
        total += w;
        steps.push(Step {
            comparison: cmp.name.into(),
            level: cmp.levels[l].into(),
            m: (l > 0).then(|| p.m[c][l]),
            u: (l > 0).then(|| p.u[c][l]),
            weight: w,
            cumulative: total,
        });
        if c == crate::compare::NAME && tf.1 != 0.0 {
            total += tf.1;
            steps.push(Step {
                comparison: "name freq.".into(),
                level: format!("name borne by {:.3}% of records", tf.0 as f64 * 100.0),
                m: None,
                u: Some(tf.0 as f64),
                weight: tf.1,
                cumulative: total,
            });
        }
    }
    Explanation {
        a: a.into(),
        b: b.into(),
        steps,
        weight: total,
        probability: probability(total),
        decision: None,
    }
}

impl std::fmt::Display for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}  ~  {}", self.a, self.b)?;
        writeln!(
            f,
            "  {:<12} {:<38} {:>9} {:>9} {:>8} {:>8}",
            "comparison", "level", "m", "u", "weight", "total"
        )?;
        for s in &self.steps {
            let fmt_p = |x: Option<f64>| x.map_or_else(|| "".to_string(), |v| format!("{v:.4}"));
            writeln!(
                f,
                "  {:<12} {:<38} {:>9} {:>9} {:>+8.2} {:>+8.2}",
                s.comparison,
                s.level,
                fmt_p(s.m),
                fmt_p(s.u),
                s.weight,
                s.cumulative
            )?;
        }
        write!(
            f,
            "  match weight {:+.2}, probability {:.4}",
            self.weight, self.probability
        )?;
        if let Some(d) = &self.decision {
            write!(f, "\n  analyst decision: {d}")?;
        }
        Ok(())
    }
}
