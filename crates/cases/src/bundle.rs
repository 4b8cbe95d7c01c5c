//! The evidence bundle for a target: summary with provenance, a chart of its direct links, a
//! timeline of dated events within reach, the evidence list (charge mappings with provenance
//! and 3x5x2 grades, exhibits with custody), document findings and money traces — one HTML
//! page, printable to PDF ([`crate::pdf`]).

use crate::html::{esc, page};
use crate::{CaseError, Result, need_investigation};
use kingpin_model::{Entity, model};
use kingpin_store::{AnyStore, Store};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Kinds of dated entity on the timeline.
const TIMELINE: [&str; 8] = [
    "Call",
    "Message",
    "Payment",
    "Meeting",
    "Purchase",
    "Crossing",
    "Seizure",
    "Examination",
];

/// Links out of the target the timeline, findings and money cover.
const REACH: usize = 2;

fn grades(e: &Entity) -> String {
    let mut g: Vec<String> = e
        .statements
        .iter()
        .map(|s| s.prov.grading.to_string())
        .collect();
    g.sort();
    g.dedup();
    g.join(", ")
}

fn sources(e: &Entity) -> String {
    let mut g: Vec<&str> = e
        .statements
        .iter()
        .map(|s| s.prov.source.as_str())
        .collect();
    g.sort();
    g.dedup();
    g.join(", ")
}

/// The chart of the target's direct links as an SVG: the target in the middle, linked
/// entities around it.
fn chart_svg(store: &AnyStore, target: &Entity) -> Result<String> {
    let m = model();
    let hood =
        kingpin_ingest::chart::neighbourhood(store, std::slice::from_ref(&target.id), 1, 200)?;
    let mut around: Vec<Entity> = Vec::new();
    let mut ids: Vec<&String> = hood.ids.iter().filter(|i| **i != target.id).collect();
    ids.sort();
    for id in ids {
        if let Some(e) = store.entity(id)?
            && m.get(&e.schema).is_ok_and(|s| s.edge.is_none())
        {
            around.push(e);
        }
        if around.len() == 16 {
            break;
        }
    }
    let (w, h, r) = (640.0f64, 360.0f64, 140.0f64);
    let (cx, cy) = (w / 2.0, h / 2.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"chart\">"
    );
    let n = around.len().max(1) as f64;
    let mut nodes = String::new();
    for (i, e) in around.iter().enumerate() {
        let a = std::f64::consts::TAU * i as f64 / n;
        let (x, y) = (cx + r * 1.6 * a.cos(), cy + r * a.sin());
        let _ = write!(
            svg,
            "<line x1=\"{cx:.0}\" y1=\"{cy:.0}\" x2=\"{x:.0}\" y2=\"{y:.0}\" stroke=\"#667\" stroke-width=\"1.5\"/>"
        );
        let _ = write!(
            nodes,
            "<circle cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"9\" fill=\"#8fb3e0\" stroke=\"#223\"/><text x=\"{x:.0}\" y=\"{:.0}\" text-anchor=\"middle\">{} ({})</text>",
            y + 20.0,
            esc(&e.caption(m)),
            esc(&e.schema)
        );
    }
    let _ = write!(
        svg,
        "{nodes}<circle cx=\"{cx:.0}\" cy=\"{cy:.0}\" r=\"14\" fill=\"#c0392b\" stroke=\"#222\"/><text x=\"{cx:.0}\" y=\"{:.0}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text></svg>",
        cy + 28.0,
        esc(&target.caption(m))
    );
    Ok(svg)
}

/// The date of a dated entity.
fn date_of(e: &Entity) -> Option<&str> {
    e.first("date").or_else(|| e.first("startDate"))
}

/// The bundle's HTML for one target of an investigation.
pub fn html(
    store: &mut AnyStore,
    investigation: &str,
    target: &str,
    today: &str,
) -> Result<String> {
    need_investigation(&mut store.sql(), investigation)?;
    let m = model();
    let t = crate::targets::get(&mut store.sql(), investigation, target)?;
    let e = store
        .entity(target)?
        .ok_or_else(|| CaseError::NotFound(format!("entity: no entity {target:?}")))?;
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Evidence bundle: {}</h1>\n<p>{} <code>{}</code>, target of investigation <b>{}</b> as {} since {} ({}). Prepared {}.</p>\n",
        esc(&t.caption),
        esc(&e.schema),
        esc(&e.id),
        esc(investigation),
        esc(&t.label),
        esc(&t.added_at),
        esc(&t.reason),
        esc(today)
    );
    // Summary: every statement with its provenance.
    body.push_str("<h2>1. Summary</h2>\n<table><thead><tr><th>Property</th><th>Value</th><th>Source</th><th>Grade</th><th>Recorded</th></tr></thead><tbody>\n");
    for s in &e.statements {
        let label = m
            .get(&e.schema)
            .ok()
            .and_then(|sc| sc.property(&s.prop))
            .map_or(s.prop.clone(), |p| p.label.clone());
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"grade\">{}</td><td>{}</td></tr>",
            esc(&label),
            esc(&s.value),
            esc(&s.prov.source),
            s.prov.grading,
            esc(s.prov.recorded.as_deref().unwrap_or(""))
        );
    }
    body.push_str("</tbody></table>\n<h2>2. Chart</h2>\n");
    body.push_str(&chart_svg(store, &e)?);
    // Everything within reach, once.
    let hood =
        kingpin_ingest::chart::neighbourhood(store, std::slice::from_ref(&e.id), REACH, 5_000)?;
    let mut reached: Vec<Entity> = Vec::new();
    let mut ids: Vec<&String> = hood.ids.iter().collect();
    ids.sort();
    for id in ids {
        if let Some(x) = store.entity(id)? {
            reached.push(x);
        }
    }
    // Timeline.
    let mut events: Vec<&Entity> = reached
        .iter()
        .filter(|x| TIMELINE.contains(&x.schema.as_str()) && date_of(x).is_some())
        .collect();
    events.sort_by(|a, b| date_of(a).cmp(&date_of(b)).then(a.id.cmp(&b.id)));
    let _ = writeln!(
        body,
        "<h2>3. Timeline</h2>\n<p>{} dated event(s) within {REACH} links.</p>\n<table><thead><tr><th>Date</th><th>Event</th><th>Details</th><th>Source</th><th>Grade</th></tr></thead><tbody>",
        events.len()
    );
    for x in &events {
        let details: Vec<String> = x
            .properties()
            .into_iter()
            .filter(|(p, _)| *p != "date" && *p != "startDate")
            .map(|(p, v)| format!("{p}: {}", v.join(", ")))
            .collect();
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"grade\">{}</td></tr>",
            esc(date_of(x).unwrap_or("")),
            esc(&x.schema),
            esc(&details.join("; ")),
            esc(&sources(x)),
            grades(x)
        );
    }
    body.push_str("</tbody></table>\n");
    // Evidence list: charge mappings, then exhibits.
    body.push_str("<h2>4. Evidence</h2>\n<table><thead><tr><th>Offence / element</th><th>Evidence</th><th>What it shows</th><th>Provenance and grade</th></tr></thead><tbody>\n");
    let mut mapped = 0;
    let offences = crate::charge::offences(&mut store.sql())?;
    for o in offences {
        let r = crate::charge::readiness(store, investigation, &o.code, target)?;
        for el in &r.elements {
            for ev in &el.evidence {
                mapped += 1;
                let _ = writeln!(
                    body,
                    "<tr><td>{} / {}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>",
                    esc(&o.code),
                    esc(&el.element.id),
                    esc(&ev.kind),
                    esc(&ev.reference),
                    esc(&ev.note),
                    esc(&ev.detail)
                );
            }
        }
    }
    if mapped == 0 {
        body.push_str("<tr><td colspan=\"4\">No evidence mapped to an offence yet.</td></tr>\n");
    }
    body.push_str("</tbody></table>\n<h3>Exhibits and chain of custody</h3>\n<table><thead><tr><th>Exhibit</th><th>Seized</th><th>Custody</th><th>Digital copies (SHA-256)</th></tr></thead><tbody>\n");
    let conn = &mut store.sql();
    for x in crate::exhibits::list(conn, investigation)? {
        let rec = crate::exhibits::record(conn, investigation, &x.reference)?;
        let custody: Vec<String> = rec
            .custody
            .iter()
            .map(|c| format!("{} → {} ({}, {})", c.at, c.to_holder, c.location, c.reason))
            .collect();
        let files: Vec<String> = rec
            .files
            .iter()
            .map(|f| format!("{} {}", f.name, f.sha256))
            .collect();
        let _ = writeln!(
            body,
            "<tr><td>{} {}: {}</td><td>{} by {}, {}</td><td>{}</td><td><code>{}</code></td></tr>",
            esc(&x.reference),
            esc(&x.kind),
            esc(&x.description),
            esc(&x.seized_at),
            esc(&x.seized_by),
            esc(&x.seized_where),
            esc(&custody.join("; ")),
            esc(&files.join("; "))
        );
    }
    body.push_str("</tbody></table>\n");
    // Document findings.
    body.push_str("<h2>5. Document findings</h2>\n<table><thead><tr><th>Examination</th><th>Findings</th><th>Source</th><th>Grade</th></tr></thead><tbody>\n");
    let exams: Vec<&Entity> = reached
        .iter()
        .filter(|x| x.schema == "Examination")
        .collect();
    for x in &exams {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"grade\">{}</td></tr>",
            esc(&x.caption(m)),
            esc(&x.values("finding").join("; ")),
            esc(&sources(x)),
            grades(x)
        );
    }
    if exams.is_empty() {
        body.push_str("<tr><td colspan=\"4\">No document examinations within reach.</td></tr>\n");
    }
    body.push_str("</tbody></table>\n");
    // Money: payments within reach touching the target or what it holds.
    let held: Vec<&str> = hood.ids.iter().map(String::as_str).collect();
    let mut totals: BTreeMap<(String, &str), f64> = BTreeMap::new();
    let mut rows = String::new();
    for x in reached.iter().filter(|x| x.schema == "Payment") {
        let payer = x.first("payer").unwrap_or("");
        let payee = x.first("beneficiary").unwrap_or("");
        let dir = if payee == target {
            "in"
        } else if payer == target {
            "out"
        } else if held.contains(&payee) && held.contains(&payer) {
            "within reach"
        } else {
            continue;
        };
        let amount: f64 = x
            .first("amount")
            .and_then(|a| a.parse().ok())
            .unwrap_or(0.0);
        let currency = x.first("currency").unwrap_or("?").to_string();
        *totals.entry((currency.clone(), dir)).or_default() += amount;
        let name = |id: &str| -> Result<String> {
            Ok(store.entity(id)?.map_or(id.to_string(), |e| e.caption(m)))
        };
        let _ = writeln!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td>{} {}</td><td>{}</td><td class=\"grade\">{}</td></tr>",
            esc(date_of(x).unwrap_or("")),
            dir,
            esc(&name(payer)?),
            esc(&name(payee)?),
            amount,
            esc(&currency),
            esc(&sources(x)),
            grades(x)
        );
    }
    let total_text: Vec<String> = totals
        .iter()
        .map(|((c, d), a)| format!("{d}: {a} {c}"))
        .collect();
    let _ = writeln!(
        body,
        "<h2>6. Money traces</h2>\n<p>Totals: {}.</p>\n<table><thead><tr><th>Date</th><th>Direction</th><th>From → to</th><th>Amount</th><th>Source</th><th>Grade</th></tr></thead><tbody>\n{rows}</tbody></table>",
        if total_text.is_empty() {
            "no payments within reach".to_string()
        } else {
            esc(&total_text.join("; "))
        }
    );
    Ok(page(&format!("Evidence bundle — {}", t.caption), &body))
}
