//! The disclosure schedule: the investigation's unused material — exhibits, the sources
//! imported into its compartment, and its notes that no charge element relies on — each with
//! a sensitivity marking. Markings default from the material (a source whose grading carries
//! handling code C is sensitive) and are set by the disclosure officer with a reason, audited.

use crate::{Actor, CaseError, Result, audited, need_investigation, text, time};
use kingpin_sql::{Conn, params};
use kingpin_store::{AnyStore, Store};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Sensitivity markings, least to most sensitive.
pub const MARKINGS: [&str; 3] = ["not sensitive", "sensitive", "highly sensitive"];

/// One item of unused material.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    /// Number on the schedule.
    pub number: usize,
    /// `exhibit:JB/1`, `source:cdr-a`, `note:3`.
    pub item: String,
    /// exhibit, source or note.
    pub kind: String,
    /// What it is.
    pub description: String,
    /// When it was seized, imported or written.
    pub date: String,
    /// Sensitivity marking.
    pub marking: String,
    /// Why that marking (the officer's reason, or the default's).
    pub marking_reason: String,
    /// Who set the marking (`default` if nobody).
    pub marked_by: String,
}

/// Sets an item's marking (the disclosure officer's decision), audited.
pub fn mark(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    item: &str,
    marking: &str,
    reason: &str,
) -> Result<()> {
    need_investigation(conn, investigation)?;
    let marking = marking.trim().to_lowercase().replace(['_', '-'], " ");
    if !MARKINGS.contains(&marking.as_str()) {
        return Err(CaseError::Invalid(format!(
            "marking: {marking:?} is not one of {}",
            MARKINGS.join(", ")
        )));
    }
    let item = text("item", item, 300)?;
    let reason = text("reason", reason, 2000)?;
    if !material_ids(conn, investigation)?.contains(&item) {
        return Err(CaseError::NotFound(format!(
            "item: {item:?} is not material of {investigation:?} (exhibit:REF, source:NAME or note:N)"
        )));
    }
    audited(conn, who, "case.disclosure.mark", |conn| {
        conn.execute(
            "INSERT INTO case_disclosure_mark(investigation, item, marking, reason, set_by, set_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(investigation, item) DO UPDATE
             SET marking = excluded.marking, reason = excluded.reason,
                 set_by = excluded.set_by, set_at = excluded.set_at",
            params![
                investigation,
                &item,
                &marking,
                &reason,
                &who.actor,
                &time::now()
            ],
        )?;
        Ok((
            (),
            investigation.to_string(),
            serde_json::json!({"item": item, "marking": marking, "reason": reason}),
        ))
    })
}

/// Every item of the investigation's material, used or not.
fn material_ids(conn: &mut Conn<'_>, investigation: &str) -> Result<HashSet<String>> {
    let mut out: HashSet<String> = crate::exhibits::list(conn, investigation)?
        .into_iter()
        .map(|e| format!("exhibit:{}", e.reference))
        .collect();
    // The store's own table (the same columns on both backends).
    for r in conn.query(
        "SELECT name FROM source WHERE compartment = ?1",
        params![investigation],
    )? {
        out.insert(format!("source:{}", r.get::<String>(0)?));
    }
    for n in crate::work::entries(conn, investigation, "note")? {
        out.insert(format!("note:{}", n.id));
    }
    Ok(out)
}

/// Items relied on as evidence: exhibits, notes and the sources of statements mapped to a
/// charge element.
fn used(store: &mut AnyStore, investigation: &str) -> Result<HashSet<String>> {
    let rows = store
        .sql()
        .query(
            "SELECT kind, reference FROM case_charge_evidence WHERE investigation = ?1",
            params![investigation],
        )?
        .iter()
        .map(|r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)))
        .collect::<kingpin_sql::Result<Vec<_>>>()?;
    let mut out = HashSet::new();
    for (kind, reference) in rows {
        match kind.as_str() {
            "statement" => {
                if let Some((entity, prop)) = reference.split_once(':')
                    && let Some(e) = store.entity(entity)?
                {
                    for s in e.statements.iter().filter(|s| s.prop == prop) {
                        out.insert(format!("source:{}", s.prov.source));
                    }
                }
            }
            k => {
                out.insert(format!("{k}:{reference}"));
            }
        }
    }
    Ok(out)
}

/// The schedule of unused material, numbered.
pub fn schedule(store: &mut AnyStore, investigation: &str) -> Result<Vec<Item>> {
    need_investigation(&mut store.sql(), investigation)?;
    let used = used(store, investigation)?;
    let conn = &mut store.sql();
    let mut marks: HashMap<String, (String, String, String)> = HashMap::new();
    for r in conn.query(
        "SELECT item, marking, reason, set_by FROM case_disclosure_mark WHERE investigation = ?1",
        params![investigation],
    )? {
        marks.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?));
    }
    let exhibits = crate::exhibits::list(conn, investigation)?;
    let notes = crate::work::entries(conn, investigation, "note")?;
    // (item, kind, description, date, (default marking, its reason))
    type Raw = (String, String, String, String, (String, String));
    let mut raw: Vec<Raw> = Vec::new();
    for e in exhibits {
        raw.push((
            format!("exhibit:{}", e.reference),
            "exhibit".into(),
            format!(
                "{} {}: {} (seized by {} at {})",
                e.kind, e.reference, e.description, e.seized_by, e.seized_where
            ),
            e.seized_at.clone(),
            (MARKINGS[0].into(), "default for exhibits".into()),
        ));
    }
    for s in store.sources()? {
        if s.handling.compartment.as_deref() != Some(investigation) {
            continue;
        }
        let conditions = s.grading.to_uppercase().ends_with('C');
        raw.push((
            format!("source:{}", s.name),
            "source".into(),
            format!(
                "{} import {} ({} rows, {} statements, graded {}, owned by {})",
                s.kind,
                s.path.as_deref().unwrap_or(&s.name),
                s.rows,
                s.statements,
                s.grading,
                s.handling.agency
            ),
            s.imported_at.clone(),
            if conditions {
                (
                    MARKINGS[1].into(),
                    "default: handling code C (sharing with conditions)".into(),
                )
            } else {
                (MARKINGS[0].into(), "default: handling code P".into())
            },
        ));
    }
    for n in notes {
        raw.push((
            format!("note:{}", n.id),
            "note".into(),
            format!("note by {}: {}", n.author, n.text),
            n.at.clone(),
            (MARKINGS[0].into(), "default for notes".into()),
        ));
    }
    let mut out = Vec::new();
    for (item, kind, description, date, (marking, reason)) in raw {
        if used.contains(&item) {
            continue;
        }
        let (marking, marking_reason, marked_by) = match marks.get(&item) {
            Some((m, r, by)) => (m.clone(), r.clone(), by.clone()),
            None => (marking, reason, "default".into()),
        };
        out.push(Item {
            number: out.len() + 1,
            item,
            kind,
            description,
            date,
            marking,
            marking_reason,
            marked_by,
        });
    }
    Ok(out)
}

/// Writes the schedule as CSV.
pub fn write_csv(items: &[Item], out: impl std::io::Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| CaseError::Invalid(format!("writing the schedule: {e}"));
    w.write_record([
        "number",
        "item",
        "kind",
        "description",
        "date",
        "marking",
        "marking_reason",
        "marked_by",
    ])
    .map_err(io)?;
    for i in items {
        w.write_record([
            i.number.to_string().as_str(),
            &i.item,
            &i.kind,
            &i.description,
            &i.date,
            &i.marking,
            &i.marking_reason,
            &i.marked_by,
        ])
        .map_err(io)?;
    }
    w.flush().map_err(|e| CaseError::Io {
        path: "schedule".into(),
        source: e,
    })
}

/// The schedule as an HTML page (printed to PDF by [`crate::pdf`]).
pub fn html(investigation: &str, items: &[Item], today: &str) -> String {
    use crate::html::esc;
    let mut rows = String::new();
    for i in items {
        let class = if i.marking == MARKINGS[0] {
            ""
        } else {
            " class=\"sensitive\""
        };
        rows.push_str(&format!(
            "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><b>{}</b><br><small>{}</small></td></tr>\n",
            i.number,
            esc(&i.description),
            esc(&i.date),
            esc(&i.kind),
            esc(&i.marking.to_uppercase()),
            esc(&i.marking_reason)
        ));
    }
    crate::html::page(
        &format!("Schedule of unused material — {investigation}"),
        &format!(
            "<h1>Schedule of unused material</h1>\n<p>Investigation <b>{}</b>, prepared {}. {} item(s) not relied on as evidence, with sensitivity markings.</p>\n<table><thead><tr><th>No.</th><th>Description</th><th>Date</th><th>Kind</th><th>Marking</th></tr></thead><tbody>\n{rows}</tbody></table>",
            esc(investigation),
            esc(today),
            items.len()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{audited, each_backend, who};

    #[test]
    fn unused_material_is_scheduled_with_markings() {
        each_backend(scheduled);
    }

    fn scheduled(store: &mut AnyStore) {
        // A source imported into the compartment with handling code C.
        store.set_handling(kingpin_store::Handling {
            agency: "nca".into(),
            releasable_to: vec![],
            compartment: Some("op-a".into()),
        });
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chis.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"p-a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"ALPHA\"]}}\n",
        )
        .unwrap();
        let opts = kingpin_ingest::ImportOptions {
            grading: Some("2BC".parse().unwrap()),
            ..Default::default()
        };
        kingpin_ingest::ftm::import_ftm(store, &path, &opts, &mut |_| {}).unwrap();
        let conn = &mut store.sql();
        for (r, d) in [("JB/1", "Samsung A12"), ("JB/2", "ledger")] {
            crate::exhibits::add(
                conn,
                &who(),
                "op-a",
                &crate::exhibits::NewExhibit {
                    reference: r,
                    kind: "phone",
                    description: d,
                    seized_by: "DC Jones",
                    seized_at: "2026-03-01T06:10",
                    seized_where: "Dover",
                    location: "bag",
                },
            )
            .unwrap();
        }
        crate::work::note(conn, &who(), "op-a", "informant says ALPHA moved", None).unwrap();
        crate::targets::add(store, &who(), "op-a", "p-a", "principal", "x").unwrap();
        // JB/1 is relied on as evidence: not unused.
        crate::charge::map_evidence(
            store,
            &who(),
            "op-a",
            "s25",
            "p-a",
            "act",
            "exhibit",
            "JB/1",
            "messages",
        )
        .unwrap();
        let items = schedule(store, "op-a").unwrap();
        let names: Vec<&str> = items.iter().map(|i| i.item.as_str()).collect();
        assert_eq!(names, ["exhibit:JB/2", "source:chis", "note:1"]);
        assert_eq!(items[1].marking, "sensitive", "{:?}", items[1]);
        assert_eq!(items[0].marking, "not sensitive");
        let conn = &mut store.sql();
        mark(
            conn,
            &who(),
            "op-a",
            "note:1",
            "highly_sensitive",
            "names the informant",
        )
        .unwrap();
        assert!(mark(conn, &who(), "op-a", "note:1", "secret", "x").is_err());
        let items = schedule(store, "op-a").unwrap();
        assert_eq!(items[2].marking, "highly sensitive");
        assert_eq!(items[2].marked_by, "ana");
        assert_eq!(audited(&mut store.sql(), "case.disclosure.mark"), 1);
        let mut out = Vec::new();
        write_csv(&items, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("number,item,kind,description,date,marking"));
        assert!(
            text.contains("3,note:1,note,note by ana: informant says ALPHA moved"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 4);
        let page = html("op-a", &items, "2026-12-01");
        assert!(page.contains("HIGHLY SENSITIVE") && page.contains("class=\"sensitive\""));
    }
}
