//! Cross-checks of one examined document against the store and the visual zone.

use crate::Result;
use crate::names::{fold, same_name};
use kingpin_docverify::{Date, Options, ParsedMrz, Verdict, validate};
use kingpin_model::{Entity, model};
use kingpin_store::{NeighbourFilter, Store};
use serde::{Deserialize, Serialize};

/// Visual-zone data as typed in by the examiner; every field optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VisualZone {
    /// Surname as printed.
    pub surname: Option<String>,
    /// Given names as printed.
    pub given_names: Option<String>,
    /// Document number as printed.
    pub document_number: Option<String>,
    /// Issuing state code as printed.
    pub issuing_state: Option<String>,
    /// Nationality code as printed.
    pub nationality: Option<String>,
    /// Date of birth, ISO (YYYY-MM-DD).
    pub birth_date: Option<String>,
    /// Date of expiry, ISO.
    pub expiry_date: Option<String>,
    /// Sex as printed (M, F or X).
    pub sex: Option<String>,
}

/// How serious a cross-check finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The document must not be accepted.
    Error,
    /// Worth an examiner's and an investigator's attention.
    Warning,
    /// Context only (e.g. seen before, same holder).
    Info,
}

/// A record in the store that a finding rests on.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// Entity id.
    pub entity: String,
    /// Its schema.
    pub schema: String,
    /// Its display name.
    pub caption: String,
    /// Sources that asserted it, with grading.
    pub sources: Vec<String>,
    /// What in it matters here.
    pub detail: String,
}

/// One cross-check finding.
#[derive(Debug, Clone, Serialize)]
pub struct CrossFinding {
    /// Stable code, e.g. `DOC_NUMBER_OTHER_HOLDER`.
    pub code: &'static str,
    /// Error, warning or info.
    pub level: Level,
    /// The field concerned, if one.
    pub field: Option<&'static str>,
    /// Plain-language explanation.
    pub message: String,
    /// The records it rests on.
    pub evidence: Vec<Evidence>,
}

/// The examiner's overall outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// MRZ valid and no cross-check warning.
    Clear,
    /// MRZ valid, but a cross-check warns.
    Suspect,
    /// MRZ invalid or a cross-check error.
    Invalid,
}

/// The full result of examining one document.
#[derive(Debug, Clone, Serialize)]
pub struct Examination {
    /// The MRZ lines as read.
    pub lines: Vec<String>,
    /// Clear, suspect or invalid.
    pub outcome: Outcome,
    /// The MRZ verdict.
    pub mrz: Verdict,
    /// Cross-check findings.
    pub cross_checks: Vec<CrossFinding>,
    /// Date the document was used (crossing, application), if given.
    pub used_on: Option<String>,
    /// The visual zone as typed in.
    pub visual_zone: VisualZone,
}

impl Examination {
    /// Cross-check codes, for the register.
    pub fn codes(&self) -> Vec<String> {
        let mut c: Vec<String> = self
            .mrz
            .findings()
            .iter()
            .map(|f| f.code.as_str().to_string())
            .collect();
        c.extend(self.cross_checks.iter().map(|f| f.code.to_string()));
        c
    }
}

fn evidence(e: &Entity, detail: String) -> Evidence {
    let mut sources: Vec<String> = Vec::new();
    for s in &e.statements {
        let tag = format!("{} ({})", s.prov.source, s.prov.grading);
        if !sources.contains(&tag) {
            sources.push(tag);
        }
    }
    Evidence {
        entity: e.id.clone(),
        schema: e.schema.clone(),
        caption: e.caption(model()),
        sources,
        detail,
    }
}

fn iso(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// Examines an MRZ: validates it, then cross-checks it against the store and the visual zone.
/// Reads only; [`crate::record`] writes the examination.
pub fn examine(
    store: &dyn Store,
    mrz: &str,
    opts: &Options,
    viz: &VisualZone,
    used_on: Option<Date>,
) -> Result<Examination> {
    let verdict = validate(mrz, opts);
    let mut cross = Vec::new();
    if let Some(f) = &verdict.fields {
        visual_zone(f, viz, &mut cross);
        if let (Some(used), Some(expiry)) = (used_on, f.expiry_date.iso)
            && used > expiry
        {
            cross.push(CrossFinding {
                code: "EXPIRED_AT_USE",
                level: Level::Error,
                field: Some("expiry_date"),
                message: format!("the document expired on {expiry} but was used on {used}"),
                evidence: Vec::new(),
            });
        }
        same_number(store, f, &mut cross)?;
        known_holder(store, f, &mut cross)?;
    }
    let outcome = if !verdict.valid || cross.iter().any(|c| c.level == Level::Error) {
        Outcome::Invalid
    } else if cross.iter().any(|c| c.level == Level::Warning) {
        Outcome::Suspect
    } else {
        Outcome::Clear
    };
    Ok(Examination {
        lines: mrz.lines().map(|l| l.trim_end().to_string()).collect(),
        outcome,
        mrz: verdict,
        cross_checks: cross,
        used_on: iso(used_on),
        visual_zone: viz.clone(),
    })
}

fn mismatch(field: &'static str, viz: &str, mrz: &str) -> CrossFinding {
    CrossFinding {
        code: "VIZ_MISMATCH",
        level: Level::Error,
        field: Some(field),
        message: format!("the visual zone reads {viz:?} but the MRZ reads {mrz:?}"),
        evidence: Vec::new(),
    }
}

/// Compares each typed visual-zone field with the MRZ. Names are compared folded to MRZ
/// letters; an MRZ name may be a truncation of the printed one (Doc 9303 truncates to fit).
fn visual_zone(f: &ParsedMrz, viz: &VisualZone, out: &mut Vec<CrossFinding>) {
    let name_ok = |printed: &str, mrz: &str| {
        let (p, m) = (fold(printed), fold(mrz));
        p == m || (m.len() >= 8 && p.starts_with(&m))
    };
    if let Some(s) = &viz.surname
        && !name_ok(s, f.surname.as_str())
    {
        out.push(mismatch("surname", s, f.surname.as_str()));
    }
    if let Some(g) = &viz.given_names
        && !name_ok(g, f.given_names.as_str())
    {
        out.push(mismatch("given_names", g, f.given_names.as_str()));
    }
    let code = |s: &str| s.trim().to_uppercase().replace([' ', '<'], "");
    let pairs: [(&'static str, &Option<String>, &str); 3] = [
        (
            "document_number",
            &viz.document_number,
            f.document_number.as_str(),
        ),
        (
            "issuing_state",
            &viz.issuing_state,
            f.issuing_state.as_str(),
        ),
        ("nationality", &viz.nationality, f.nationality.as_str()),
    ];
    for (field, v, m) in pairs {
        if let Some(v) = v
            && code(v) != code(m)
        {
            out.push(mismatch(field, v, m));
        }
    }
    let dates = [
        ("birth_date", &viz.birth_date, iso(f.birth_date.iso)),
        ("expiry_date", &viz.expiry_date, iso(f.expiry_date.iso)),
    ];
    for (field, v, m) in dates {
        if let Some(v) = v
            && Some(v.trim()) != m.as_deref()
        {
            out.push(mismatch(
                field,
                v,
                m.as_deref().unwrap_or(f.birth_date.raw.as_str()),
            ));
        }
    }
    if let Some(s) = &viz.sex {
        let printed = match s.trim().to_uppercase().as_str() {
            "X" | "" => "<".to_string(),
            other => other.to_string(),
        };
        if printed != f.sex.as_str() {
            out.push(mismatch("sex", s, f.sex.as_str()));
        }
    }
}

fn holder_name(f: &ParsedMrz) -> String {
    format!("{} {}", f.given_names.as_str(), f.surname.as_str())
}

/// Names a document record gives its holder: its own surname/given name, or its holder's.
fn document_holder_names(store: &dyn Store, doc: &Entity) -> Result<(Vec<String>, Vec<String>)> {
    let mut names = Vec::new();
    let mut births: Vec<String> = doc
        .values("birthDate")
        .into_iter()
        .map(String::from)
        .collect();
    for s in doc.values("surname") {
        for g in doc
            .values("givenName")
            .into_iter()
            .chain(std::iter::once(""))
        {
            names.push(format!("{g} {s}"));
        }
    }
    for h in doc.values("holder") {
        if let Some(p) = store.entity(h)? {
            names.extend(p.values("name").into_iter().map(String::from));
            births.extend(p.values("birthDate").into_iter().map(String::from));
        }
    }
    Ok((names, births))
}

/// Other records of the same number and issuing state: another holder, or a lost/stolen flag.
fn same_number(store: &dyn Store, f: &ParsedMrz, out: &mut Vec<CrossFinding>) -> Result<()> {
    let number = f.document_number.as_str();
    if number.is_empty() {
        return Ok(());
    }
    let state = f.issuing_state.as_str();
    let holder = holder_name(f);
    let birth = iso(f.birth_date.iso);
    for hit in store.search(number, 100)? {
        if hit.entity.schema != "Document" {
            continue;
        }
        let Some(doc) = store.entity(&hit.entity.id)? else {
            continue;
        };
        if !doc.values("number").contains(&number) {
            continue;
        }
        let states = doc.values("issuingState");
        if !states.is_empty() && !states.contains(&state) {
            continue;
        }
        let status: Vec<String> = doc
            .values("status")
            .iter()
            .map(|s| s.to_lowercase())
            .collect();
        if let Some(flag) = status.iter().find(|s| {
            ["lost", "stolen", "revoked", "invalidated", "cancelled"]
                .iter()
                .any(|w| s.contains(w))
        }) {
            out.push(CrossFinding {
                code: "DOC_REPORTED_LOST_STOLEN",
                level: Level::Error,
                field: Some("document_number"),
                message: format!("{state} document {number} is recorded as {flag}"),
                evidence: vec![evidence(&doc, format!("status {flag}"))],
            });
        }
        let (names, births) = document_holder_names(store, &doc)?;
        let name_differs = !names.is_empty() && !names.iter().any(|n| same_name(n, &holder));
        let birth_differs = match &birth {
            Some(b) => {
                !births.is_empty()
                    && !births
                        .iter()
                        .any(|x| b.starts_with(x.as_str()) || x.starts_with(b.as_str()))
            }
            None => false,
        };
        if name_differs || birth_differs {
            let seen = names.first().cloned().unwrap_or_default();
            out.push(CrossFinding {
                code: "DOC_NUMBER_OTHER_HOLDER",
                level: Level::Error,
                field: Some("document_number"),
                message: format!(
                    "{state} document {number} is already on record for another holder ({}{})",
                    seen,
                    births
                        .first()
                        .map(|b| format!(", born {b}"))
                        .unwrap_or_default()
                ),
                evidence: vec![evidence(
                    &doc,
                    "same number and issuing state, different holder".into(),
                )],
            });
        } else if !names.is_empty() {
            out.push(CrossFinding {
                code: "DOC_SEEN_BEFORE",
                level: Level::Info,
                field: Some("document_number"),
                message: format!("{state} document {number} is on record for the same holder"),
                evidence: vec![evidence(&doc, "same number, same holder".into())],
            });
        }
    }
    Ok(())
}

/// People in the store with the holder's name (any order) and date of birth.
fn known_holder(store: &dyn Store, f: &ParsedMrz, out: &mut Vec<CrossFinding>) -> Result<()> {
    let holder = holder_name(f);
    if fold(&holder).is_empty() {
        return Ok(());
    }
    let birth = iso(f.birth_date.iso);
    let mut matched = Vec::new();
    for hit in store.search(&fold(&holder), 50)? {
        if hit.entity.schema != "Person" {
            continue;
        }
        let Some(p) = store.entity(&hit.entity.id)? else {
            continue;
        };
        if !p.values("name").iter().any(|n| same_name(n, &holder)) {
            continue;
        }
        let births = p.values("birthDate");
        let same_birth = match &birth {
            Some(b) => births.iter().any(|x| b.starts_with(x)),
            None => false,
        };
        if !births.is_empty() && !same_birth {
            continue;
        }
        // A network member is linked to more than paperwork: calls, payments, phones, cells.
        let links = store
            .neighbours(
                &p.id,
                &NeighbourFilter {
                    limit: 1000,
                    ..Default::default()
                },
            )?
            .iter()
            .filter(|n| !matches!(n.entity.schema.as_str(), "Document" | "Examination"))
            .count();
        if links == 0 {
            continue;
        }
        let detail = format!(
            "same name{}; {links} links in the network",
            if same_birth {
                " and date of birth"
            } else {
                ", no date of birth on record"
            }
        );
        matched.push((same_birth, evidence(&p, detail)));
    }
    if matched.is_empty() {
        return Ok(());
    }
    let strong = matched.iter().any(|(b, _)| *b);
    out.push(CrossFinding {
        code: if strong {
            "HOLDER_MATCHES_KNOWN_PERSON"
        } else {
            "HOLDER_NAMESAKE"
        },
        level: if strong { Level::Warning } else { Level::Info },
        field: Some("holder"),
        message: format!(
            "the holder {} matches {} person record(s) already known to the platform",
            holder.trim(),
            matched.len()
        ),
        evidence: matched.into_iter().map(|(_, e)| e).collect(),
    });
    Ok(())
}
