//! GraphML export, for Gephi, yEd and Cytoscape: entities become nodes, except those of edge
//! schemata (calls, payments, ownership), which become edges; entity-typed properties of nodes
//! (a crossing's vessel, a SIM's number) become edges too.

use crate::ftm::{ExportError, io_store};
use kingpin_model::{PropType, model};
use kingpin_store::Store;
use std::io::Write;

/// Escapes text for XML attribute and element content.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Counts of what was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct GraphmlCounts {
    /// Nodes written.
    pub nodes: u64,
    /// Edges written.
    pub edges: u64,
}

/// Writes the store as a GraphML document.
pub fn export_graphml(
    store: &dyn Store,
    out: &mut dyn Write,
) -> Result<GraphmlCounts, ExportError> {
    let m = model();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#
    )?;
    for (id, on, name) in [
        ("label", "node", "label"),
        ("schema", "node", "schema"),
        ("eschema", "edge", "schema"),
        ("elabel", "edge", "label"),
        ("date", "edge", "date"),
        ("amount", "edge", "amount"),
        ("duration", "edge", "duration"),
        ("grading", "edge", "grading"),
    ] {
        writeln!(
            out,
            r#"<key id="{id}" for="{on}" attr.name="{name}" attr.type="string"/>"#
        )?;
    }
    writeln!(out, r#"<graph id="kingpin" edgedefault="directed">"#)?;
    let mut counts = GraphmlCounts::default();
    let mut nodes = std::collections::HashSet::new();
    // Pass 1: nodes.
    store.for_each_entity(None, &mut |e| {
        let Ok(schema) = m.get(&e.schema) else {
            return Ok(());
        };
        if schema.edge.is_some() {
            return Ok(());
        }
        writeln!(
            out,
            r#"<node id="{}"><data key="label">{}</data><data key="schema">{}</data></node>"#,
            esc(&e.id),
            esc(&e.caption(m)),
            esc(&e.schema)
        )
        .map_err(io_store)?;
        nodes.insert(e.id);
        counts.nodes += 1;
        Ok(())
    })?;
    // Pass 2: edges, only between nodes written above.
    let mut n_edge = 0u64;
    store.for_each_entity(None, &mut |e| {
        let Ok(schema) = m.get(&e.schema) else {
            return Ok(());
        };
        let mut write_edge = |src: &str, dst: &str, label: &str, extra: &[(&str, Option<&str>)]| {
            if !nodes.contains(src) || !nodes.contains(dst) {
                return Ok(());
            }
            n_edge += 1;
            write!(
                out,
                r#"<edge id="e{n_edge}" source="{}" target="{}">"#,
                esc(src),
                esc(dst)
            )?;
            write!(out, r#"<data key="elabel">{}</data>"#, esc(label))?;
            for (k, v) in extra {
                if let Some(v) = v {
                    write!(out, r#"<data key="{k}">{}</data>"#, esc(v))?;
                }
            }
            writeln!(out, "</edge>")
        };
        if let Some(edge) = &schema.edge {
            let grading = e.statements.first().map(|s| s.prov.grading.to_string());
            let date = e.first("date").or_else(|| e.first("startDate"));
            for s in e.values(&edge.source) {
                for t in e.values(&edge.target) {
                    write_edge(
                        s,
                        t,
                        &schema.label,
                        &[
                            ("eschema", Some(&e.schema)),
                            ("date", date),
                            ("amount", e.first("amount")),
                            ("duration", e.first("duration")),
                            ("grading", grading.as_deref()),
                        ],
                    )
                    .map_err(io_store)?;
                }
            }
        } else {
            for st in &e.statements {
                let is_link = schema
                    .property(&st.prop)
                    .is_some_and(|p| p.kind == PropType::Entity);
                if is_link {
                    let grading = st.prov.grading.to_string();
                    write_edge(&e.id, &st.value, &st.prop, &[("grading", Some(&grading))])
                        .map_err(io_store)?;
                }
            }
        }
        Ok(())
    })?;
    counts.edges = n_edge;
    writeln!(out, "</graph>\n</graphml>")?;
    out.flush()?;
    Ok(counts)
}
