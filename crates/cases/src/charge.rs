//! Charge readiness: offence templates as data (TOML: the offence's elements), each element
//! mapped to the investigation's evidence — exhibits, statements of the store, decisions and
//! notes — and the gaps shown.
//!
//! Two templates ship in `offences/` (the UK's facilitation offence, Immigration Act 1971 s.25,
//! and a template for the Kurdistan Region's anti-smuggling law); `set_offence` stores an
//! edited or new template in the database, where it overrides the shipped one.

use crate::{Actor, CaseError, Result, audited, need_investigation, text, time};
use kingpin_sql::{Conn, params};
use kingpin_store::{AnyStore, Store};
use serde::{Deserialize, Serialize};

/// The templates shipped with Kingpin.
const SHIPPED: [&str; 2] = [
    include_str!("../offences/uk-s25.toml"),
    include_str!("../offences/krg-smuggling.toml"),
];

/// An offence and the elements that prove it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offence {
    /// Short code typed on the command line (`s25`).
    pub code: String,
    /// Name of the offence.
    pub title: String,
    /// The law and section.
    pub law: String,
    /// Where it applies.
    pub jurisdiction: String,
    /// Maximum sentence, as the law says.
    #[serde(default)]
    pub maximum: String,
    /// The elements, each to be proved.
    #[serde(rename = "element")]
    pub elements: Vec<Element>,
}

/// One element of an offence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Element {
    /// Short id (`act`, `knew_breach`).
    pub id: String,
    /// What must be proved.
    pub text: String,
    /// What evidence usually proves it.
    #[serde(default)]
    pub guidance: String,
    /// Not needed for the offence itself (an aggravating factor).
    #[serde(default)]
    pub optional: bool,
}

/// Parses and checks a template.
pub fn parse_offence(toml_text: &str) -> Result<Offence> {
    let o: Offence = toml::from_str(toml_text)
        .map_err(|e| CaseError::Invalid(format!("offence template: {e}")))?;
    let ok_id = |s: &str| {
        !s.is_empty()
            && s.len() <= 40
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if !ok_id(&o.code) {
        return Err(CaseError::Invalid(format!(
            "offence template: code {:?} must be 1-40 letters, digits, '-' or '_'",
            o.code
        )));
    }
    if o.elements.is_empty() {
        return Err(CaseError::Invalid(
            "offence template: at least one [[element]] is needed".into(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for e in &o.elements {
        if !ok_id(&e.id) {
            return Err(CaseError::Invalid(format!(
                "offence template: element id {:?} must be 1-40 letters, digits, '-' or '_'",
                e.id
            )));
        }
        if !seen.insert(&e.id) {
            return Err(CaseError::Invalid(format!(
                "offence template: element {:?} appears twice",
                e.id
            )));
        }
        text(&format!("element {}", e.id), &e.text, 2000)?;
    }
    Ok(o)
}

/// Every offence: stored templates, then shipped ones not overridden, by code.
pub fn offences(conn: &mut Conn<'_>) -> Result<Vec<Offence>> {
    crate::schema::ensure(conn)?;
    let mut out: Vec<Offence> = Vec::new();
    for row in conn.query("SELECT template FROM case_offence ORDER BY code", params![])? {
        out.push(parse_offence(&row.get::<String>(0)?)?);
    }
    for t in SHIPPED {
        let o = parse_offence(t).expect("shipped templates are valid (tested)");
        if !out.iter().any(|x| x.code == o.code) {
            out.push(o);
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(out)
}

/// One offence by code.
pub fn offence(conn: &mut Conn<'_>, code: &str) -> Result<Offence> {
    let all = offences(conn)?;
    let codes: Vec<String> = all.iter().map(|o| o.code.clone()).collect();
    all.into_iter().find(|o| o.code == code).ok_or_else(|| {
        CaseError::NotFound(format!(
            "offence: no template {code:?}; one of {}",
            codes.join(", ")
        ))
    })
}

/// Stores a template (new, or overriding the shipped one of the same code), audited with its
/// full text.
pub fn set_offence(conn: &mut Conn<'_>, who: &Actor, toml_text: &str) -> Result<Offence> {
    let o = parse_offence(toml_text)?;
    audited(conn, who, "case.offence.set", |conn| {
        conn.execute(
            "INSERT INTO case_offence(code, template, set_by, set_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(code) DO UPDATE SET template = excluded.template,
                 set_by = excluded.set_by, set_at = excluded.set_at",
            params![&o.code, toml_text, &who.actor, &time::now()],
        )?;
        Ok((
            o.clone(),
            o.code.clone(),
            serde_json::json!({"code": o.code, "template": toml_text}),
        ))
    })
}

/// Kinds of evidence an element can be mapped to.
pub const EVIDENCE_KINDS: [&str; 4] = ["exhibit", "statement", "decision", "note"];

/// A piece of evidence mapped to an element.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mapped {
    /// Number.
    pub id: i64,
    /// `exhibit`, `statement`, `decision` or `note`.
    pub kind: String,
    /// Exhibit reference, `entity:property`, or the decision's or note's number.
    pub reference: String,
    /// What it shows, in the mapper's words.
    pub note: String,
    /// What the reference is, as recorded (exhibit description, statement values with source
    /// and grading, decision text).
    pub detail: String,
    /// Who mapped it.
    pub linked_by: String,
    /// When.
    pub linked_at: String,
}

/// Checks that a reference names evidence of the investigation and describes it.
fn describe(
    store: &mut AnyStore,
    investigation: &str,
    target: &str,
    kind: &str,
    reference: &str,
) -> Result<String> {
    match kind {
        "exhibit" => {
            let e = crate::exhibits::exhibit(&mut store.sql(), investigation, reference)?;
            Ok(format!(
                "{} {}: {} (seized by {} at {}, {})",
                e.kind, e.reference, e.description, e.seized_by, e.seized_at, e.seized_where
            ))
        }
        "statement" => {
            let (entity, prop) = reference.split_once(':').ok_or_else(|| {
                CaseError::Invalid(format!(
                    "reference: a statement is ENTITY:PROPERTY, got {reference:?}"
                ))
            })?;
            let e = store
                .entity(entity)?
                .ok_or_else(|| CaseError::NotFound(format!("entity: no entity {entity:?}")))?;
            let parts: Vec<String> = e
                .statements
                .iter()
                .filter(|s| s.prop == prop)
                .map(|s| {
                    format!(
                        "{} ({}, {}{})",
                        s.value,
                        s.prov.source,
                        s.prov.grading,
                        s.prov
                            .recorded
                            .as_deref()
                            .map(|r| format!(", recorded {r}"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            if parts.is_empty() {
                return Err(CaseError::NotFound(format!(
                    "reference: {entity:?} has no {prop:?} statement"
                )));
            }
            Ok(format!(
                "{} {}.{} = {}",
                e.schema,
                e.caption(kingpin_model::model()),
                prop,
                parts.join("; ")
            ))
        }
        "decision" | "note" => {
            let id: i64 = reference.trim().parse().map_err(|_| {
                CaseError::Invalid(format!(
                    "reference: a {kind} is its number, got {reference:?}"
                ))
            })?;
            let entry = crate::work::entries(&mut store.sql(), investigation, kind)?
                .into_iter()
                .find(|e| e.id == id)
                .ok_or_else(|| {
                    CaseError::NotFound(format!("reference: no {kind} {id} in {investigation:?}"))
                })?;
            Ok(format!("{} {}: {}", kind, entry.id, entry.text))
        }
        other => Err(CaseError::Invalid(format!(
            "kind: {other:?} is not one of {}; target {target}",
            EVIDENCE_KINDS.join(", ")
        ))),
    }
}

/// Maps a piece of evidence to an element of an offence against a target.
#[allow(clippy::too_many_arguments)]
pub fn map_evidence(
    store: &mut AnyStore,
    who: &Actor,
    investigation: &str,
    code: &str,
    target: &str,
    element: &str,
    kind: &str,
    reference: &str,
    note: &str,
) -> Result<Mapped> {
    let conn = &mut store.sql();
    need_investigation(conn, investigation)?;
    let o = offence(conn, code)?;
    if !o.elements.iter().any(|e| e.id == element) {
        let ids: Vec<&str> = o.elements.iter().map(|e| e.id.as_str()).collect();
        return Err(CaseError::NotFound(format!(
            "element: {code} has no element {element:?}; one of {}",
            ids.join(", ")
        )));
    }
    crate::targets::get(conn, investigation, target)?;
    let kind = kind.trim().to_lowercase();
    let reference = text("reference", reference, 500)?;
    let note = text("note", note, 2000)?;
    let detail = describe(store, investigation, target, &kind, &reference)?;
    audited(&mut store.sql(), who, "case.charge.map", |conn| {
        let at = time::now();
        let id: i64 = conn.query_value(
            "INSERT INTO case_charge_evidence(investigation, offence, target, element, kind,
                 reference, note, linked_by, linked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
            params![
                investigation,
                code,
                target,
                element,
                &kind,
                &reference,
                &note,
                &who.actor,
                &at
            ],
        )?;
        let m = Mapped {
            id,
            kind: kind.clone(),
            reference: reference.clone(),
            note: note.clone(),
            detail: detail.clone(),
            linked_by: who.actor.clone(),
            linked_at: at,
        };
        Ok((
            m,
            investigation.to_string(),
            serde_json::json!({"offence": code, "target": target, "element": element,
                               "kind": kind, "reference": reference, "note": note}),
        ))
    })
}

/// Removes a mapping, with the reason.
pub fn unmap_evidence(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    id: i64,
    reason: &str,
) -> Result<()> {
    need_investigation(conn, investigation)?;
    let reason = text("reason", reason, 2000)?;
    audited(conn, who, "case.charge.unmap", |conn| {
        let n = conn.execute(
            "DELETE FROM case_charge_evidence WHERE investigation = ?1 AND id = ?2",
            params![investigation, id],
        )?;
        if n == 0 {
            return Err(CaseError::NotFound(format!(
                "mapping: no mapping {id} in {investigation:?}"
            )));
        }
        Ok((
            (),
            investigation.to_string(),
            serde_json::json!({"mapping": id, "reason": reason}),
        ))
    })
}

/// An element with its evidence.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ElementReadiness {
    /// The element.
    #[serde(flatten)]
    pub element: Element,
    /// Evidence mapped to it, still present (an exhibit or statement since removed is listed
    /// under `missing`).
    pub evidence: Vec<Mapped>,
    /// Mapped evidence that no longer resolves, with why: `[mapping, reason]` pairs.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<serde_json::Value>>))]
    pub missing: Vec<(Mapped, String)>,
    /// True when a required element has no evidence.
    pub gap: bool,
}

/// Charge readiness of one offence against one target.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// Investigation.
    pub investigation: String,
    /// Target entity.
    pub target: String,
    /// Its caption.
    pub caption: String,
    /// The offence (without its elements, listed below).
    pub offence: String,
    /// Title and law.
    pub title: String,
    /// The law.
    pub law: String,
    /// Elements in template order.
    pub elements: Vec<ElementReadiness>,
    /// Required elements with no evidence.
    pub gaps: Vec<String>,
}

/// The elements of an offence against a target, with their evidence and the gaps.
pub fn readiness(
    store: &mut AnyStore,
    investigation: &str,
    code: &str,
    target: &str,
) -> Result<Readiness> {
    let conn = &mut store.sql();
    need_investigation(conn, investigation)?;
    let o = offence(conn, code)?;
    let t = crate::targets::get(conn, investigation, target)?;
    let rows: Vec<(String, Mapped)> = conn
        .query(
            "SELECT id, element, kind, reference, note, linked_by, linked_at
             FROM case_charge_evidence
             WHERE investigation = ?1 AND offence = ?2 AND target = ?3 ORDER BY id",
            params![investigation, code, target],
        )?
        .iter()
        .map(|r| {
            Ok((
                r.get(1)?,
                Mapped {
                    id: r.get(0)?,
                    kind: r.get(2)?,
                    reference: r.get(3)?,
                    note: r.get(4)?,
                    detail: String::new(),
                    linked_by: r.get(5)?,
                    linked_at: r.get(6)?,
                },
            ))
        })
        .collect::<kingpin_sql::Result<_>>()?;
    let mut elements = Vec::new();
    let mut gaps = Vec::new();
    for el in &o.elements {
        let mut evidence = Vec::new();
        let mut missing = Vec::new();
        for (_, m) in rows.iter().filter(|(e, _)| *e == el.id) {
            let mut m = m.clone();
            match describe(store, investigation, target, &m.kind, &m.reference) {
                Ok(d) => {
                    m.detail = d;
                    evidence.push(m);
                }
                Err(e) => missing.push((m, e.to_string())),
            }
        }
        let gap = !el.optional && evidence.is_empty();
        if gap {
            gaps.push(el.id.clone());
        }
        elements.push(ElementReadiness {
            element: el.clone(),
            evidence,
            missing,
            gap,
        });
    }
    Ok(Readiness {
        investigation: investigation.to_string(),
        target: target.to_string(),
        caption: t.caption,
        offence: o.code,
        title: o.title,
        law: o.law,
        elements,
        gaps,
    })
}

/// A template's TOML text as stored (edited) or shipped, for editing.
pub fn offence_text(conn: &mut Conn<'_>, code: &str) -> Result<String> {
    crate::schema::ensure(conn)?;
    if let Some(r) = conn.query_opt(
        "SELECT template FROM case_offence WHERE code = ?1",
        params![code],
    )? {
        return Ok(r.get(0)?);
    }
    for t in SHIPPED {
        if parse_offence(t)?.code == code {
            return Ok(t.to_string());
        }
    }
    offence(conn, code).map(|_| String::new())
}

/// Whether a stored template overrides a code (for listings).
pub fn is_edited(conn: &mut Conn<'_>, code: &str) -> Result<bool> {
    crate::schema::ensure(conn)?;
    Ok(conn
        .query_opt("SELECT 1 FROM case_offence WHERE code = ?1", params![code])?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{audited, each_store, who};

    /// A person and a payment to them; op-a pursues the person.
    fn setup(store: &mut AnyStore) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"p-a\",\"schema\":\"Person\",\"grading\":\"1AP\",\"properties\":{\"name\":[\"Karwan ALPHA\"]}}\n\
             {\"id\":\"pay-1\",\"schema\":\"Payment\",\"grading\":\"2BP\",\"recorded\":\"2026-03-01\",\"properties\":{\"payer\":[\"p-x\"],\"beneficiary\":[\"p-a\"],\"amount\":[\"3000\"],\"purpose\":[\"boat place\"]}}\n",
        )
        .unwrap();
        kingpin_ingest::ftm::import_ftm(
            store,
            &path,
            &kingpin_ingest::ImportOptions::default(),
            &mut |_| {},
        )
        .unwrap();
        crate::testing::seed(&mut store.sql());
        crate::targets::add(store, &who(), "op-a", "p-a", "principal", "organiser").unwrap();
    }

    /// Runs `case` on the setup on each backend.
    fn each_setup(case: impl Fn(&mut AnyStore)) {
        each_store(|s| {
            setup(s);
            case(s)
        });
    }

    #[test]
    fn shipped_templates_parse_with_their_elements() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        let conn = &mut Conn::from(&db);
        let all = offences(conn).unwrap();
        let codes: Vec<&str> = all.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["krg-smuggling", "s25"]);
        let s25 = offence(conn, "s25").unwrap();
        let ids: Vec<&str> = s25.elements.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["act", "knew_breach", "knew_non_national"]);
        assert!(s25.law.contains("Immigration Act 1971, section 25"));
        assert!(
            s25.elements[2]
                .text
                .contains("not a national of the United Kingdom")
        );
        assert!(offence(conn, "s99").is_err());
    }

    #[test]
    fn gaps_close_as_evidence_is_mapped() {
        each_setup(gaps_close);
    }

    fn gaps_close(store: &mut AnyStore) {
        let r = readiness(store, "op-a", "s25", "p-a").unwrap();
        assert_eq!(r.gaps, ["act", "knew_breach", "knew_non_national"]);
        crate::exhibits::add(
            &mut store.sql(),
            &who(),
            "op-a",
            &crate::exhibits::NewExhibit {
                reference: "JB/1",
                kind: "phone",
                description: "Samsung A12 of ALPHA",
                seized_by: "DC Jones",
                seized_at: "2026-03-01T06:10",
                seized_where: "Dover",
                location: "bag 1",
            },
        )
        .unwrap();
        let m = map_evidence(
            store,
            &who(),
            "op-a",
            "s25",
            "p-a",
            "act",
            "exhibit",
            "JB/1",
            "messages arranging the 3 March crossing",
        )
        .unwrap();
        assert!(m.detail.contains("Samsung A12"), "{}", m.detail);
        let m = map_evidence(
            store,
            &who(),
            "op-a",
            "s25",
            "p-a",
            "knew_breach",
            "statement",
            "pay-1:purpose",
            "paid for a boat place",
        )
        .unwrap();
        assert!(
            m.detail.contains("boat place") && m.detail.contains("2BP"),
            "{}",
            m.detail
        );
        let r = readiness(store, "op-a", "s25", "p-a").unwrap();
        assert_eq!(r.gaps, ["knew_non_national"]);
        assert_eq!(r.elements[0].evidence.len(), 1);
        // Wrong references are refused, naming what is wrong.
        for (element, kind, reference, expect) in [
            ("act", "exhibit", "JB/9", "JB/9"),
            ("act", "statement", "pay-1", "ENTITY:PROPERTY"),
            (
                "act",
                "statement",
                "pay-1:colour",
                "no \"colour\" statement",
            ),
            ("act", "decision", "7", "no decision 7"),
            ("act", "rumour", "x", "is not one of"),
            ("motive", "note", "1", "no element \"motive\""),
        ] {
            let err = map_evidence(
                store,
                &who(),
                "op-a",
                "s25",
                "p-a",
                element,
                kind,
                reference,
                "n",
            )
            .unwrap_err()
            .to_string();
            assert!(err.contains(expect), "{err}");
        }
        // Another investigation's target is not found.
        assert!(readiness(store, "op-b", "s25", "p-a").is_err());
        unmap_evidence(&mut store.sql(), &who(), "op-a", m.id, "wrong element").unwrap();
        let r = readiness(store, "op-a", "s25", "p-a").unwrap();
        assert_eq!(r.gaps, ["knew_breach", "knew_non_national"]);
        assert_eq!(audited(&mut store.sql(), "case.charge.map"), 2);
        assert_eq!(audited(&mut store.sql(), "case.charge.unmap"), 1);
    }

    #[test]
    fn templates_are_editable_and_checked() {
        each_setup(templates_editable);
    }

    fn templates_editable(store: &mut AnyStore) {
        let conn = &mut store.sql();
        let edited = SHIPPED[1].replace(
            "to be completed with the enacted article",
            "Law No. 1 of 2026, article 3",
        );
        set_offence(conn, &who(), &edited).unwrap();
        assert!(
            offence(conn, "krg-smuggling")
                .unwrap()
                .law
                .contains("article 3")
        );
        assert!(is_edited(conn, "krg-smuggling").unwrap());
        assert_eq!(offences(conn).unwrap().len(), 2);
        assert_eq!(offence_text(conn, "krg-smuggling").unwrap(), edited);
        assert_eq!(offence_text(conn, "s25").unwrap(), SHIPPED[0]);
        assert!(offence_text(conn, "nope").is_err());
        let r = readiness(store, "op-a", "krg-smuggling", "p-a").unwrap();
        let conn = &mut store.sql();
        // The aggravating element is optional: no gap.
        assert_eq!(r.gaps, ["procured_entry", "benefit", "intent"]);
        for (bad, expect) in [
            (
                "code = \"x y\"\ntitle=\"t\"\nlaw=\"l\"\njurisdiction=\"j\"\n[[element]]\nid=\"a\"\ntext=\"t\"\n",
                "code",
            ),
            (
                "code = \"x\"\ntitle=\"t\"\nlaw=\"l\"\njurisdiction=\"j\"\nelement = []\n",
                "at least one",
            ),
            (
                "code = \"x\"\ntitle=\"t\"\nlaw=\"l\"\njurisdiction=\"j\"\n[[element]]\nid=\"a\"\ntext=\"t\"\n[[element]]\nid=\"a\"\ntext=\"u\"\n",
                "twice",
            ),
            ("code = \"x\"\ntitel=\"t\"\n", "offence template"),
        ] {
            let err = set_offence(conn, &who(), bad).unwrap_err().to_string();
            assert!(err.contains(expect), "{err}");
        }
        assert_eq!(audited(conn, "case.offence.set"), 1);
    }
}
