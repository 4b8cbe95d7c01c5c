//! The labs' shared register: every examination, queryable across labs.

use crate::Result;
use kingpin_store::Store;
use serde::Serialize;

/// Filters on the register; all optional.
#[derive(Debug, Clone, Default)]
pub struct RegisterQuery {
    /// Only this lab.
    pub lab: Option<String>,
    /// Only numbers starting with this (a number series), case-insensitive.
    pub number_prefix: Option<String>,
    /// Only this issuing state.
    pub issuing_state: Option<String>,
    /// Only this outcome (clear, suspect, invalid).
    pub verdict: Option<String>,
    /// Only examinations on or after this ISO date.
    pub since: Option<String>,
    /// Only examinations with this finding code.
    pub finding: Option<String>,
}

/// One examination in the register.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterRow {
    /// Examination entity id.
    pub examination: String,
    /// When.
    pub date: String,
    /// Where.
    pub lab: String,
    /// By whom.
    pub examiner: String,
    /// Document number.
    pub number: String,
    /// Issuing state.
    pub issuing_state: String,
    /// Outcome.
    pub verdict: String,
    /// Finding codes.
    pub findings: Vec<String>,
    /// The examined document's entity id.
    pub document: Option<String>,
}

/// Every examination matching `q`, oldest first.
pub fn register(store: &dyn Store, q: &RegisterQuery) -> Result<Vec<RegisterRow>> {
    let mut rows = Vec::new();
    store.for_each_entity(Some("Examination"), &mut |e| {
        let first = |p: &str| e.first(p).unwrap_or("").to_string();
        let row = RegisterRow {
            examination: e.id.clone(),
            date: first("date"),
            lab: first("lab"),
            examiner: first("examiner"),
            number: first("documentNumber"),
            issuing_state: first("issuingState"),
            verdict: first("verdict"),
            findings: e.values("finding").into_iter().map(String::from).collect(),
            document: e.first("document").map(String::from),
        };
        let keep = q
            .lab
            .as_ref()
            .is_none_or(|l| row.lab.eq_ignore_ascii_case(l))
            && q.number_prefix
                .as_ref()
                .is_none_or(|p| row.number.to_uppercase().starts_with(&p.to_uppercase()))
            && q.issuing_state
                .as_ref()
                .is_none_or(|s| row.issuing_state.eq_ignore_ascii_case(s))
            && q.verdict
                .as_ref()
                .is_none_or(|v| row.verdict.eq_ignore_ascii_case(v))
            && q.since
                .as_ref()
                .is_none_or(|s| row.date.as_str() >= s.as_str())
            && q.finding
                .as_ref()
                .is_none_or(|f| row.findings.iter().any(|c| c.eq_ignore_ascii_case(f)));
        if keep {
            rows.push(row);
        }
        Ok(())
    })?;
    rows.sort_by(|a, b| a.date.cmp(&b.date).then(a.examination.cmp(&b.examination)));
    Ok(rows)
}
