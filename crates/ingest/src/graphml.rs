//! GraphML export, for Gephi, yEd and Cytoscape: entities become nodes, except those of edge
//! schemata (calls, payments, ownership), which become edges; entity-typed properties of nodes
//! (a crossing's vessel, a SIM's number) become edges too.

use crate::chart::{ChartLink, ChartSink, walk};
use crate::ftm::ExportError;
use kingpin_model::{Entity, model};
use kingpin_store::Store;
use std::io::Write;

/// Escapes text for XML (and HTML) attribute and element content; control characters XML 1.0
/// forbids become spaces.
pub fn esc(s: &str) -> String {
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
    let mut sink = GraphmlSink { out, edges: 0 };
    let (nodes, edges) = walk(store, None, &mut sink)?;
    let counts = GraphmlCounts { nodes, edges };
    writeln!(out, "</graph>\n</graphml>")?;
    out.flush()?;
    Ok(counts)
}

struct GraphmlSink<'w> {
    out: &'w mut dyn Write,
    edges: u64,
}

impl ChartSink for GraphmlSink<'_> {
    fn node(&mut self, e: &Entity) -> std::io::Result<()> {
        writeln!(
            self.out,
            r#"<node id="{}"><data key="label">{}</data><data key="schema">{}</data></node>"#,
            esc(&e.id),
            esc(&e.caption(model())),
            esc(&e.schema)
        )
    }

    fn link(&mut self, l: &ChartLink<'_>) -> std::io::Result<()> {
        self.edges += 1;
        let e = l.entity;
        write!(
            self.out,
            r#"<edge id="e{}" source="{}" target="{}">"#,
            self.edges,
            esc(l.source),
            esc(l.target)
        )?;
        let fields: Vec<(&str, Option<String>)> = match l.property {
            Some(st) => vec![
                ("elabel", Some(st.prop.clone())),
                ("grading", Some(st.prov.grading.to_string())),
            ],
            None => vec![
                (
                    "elabel",
                    model().get(&e.schema).ok().map(|s| s.label.clone()),
                ),
                ("eschema", Some(e.schema.clone())),
                (
                    "date",
                    e.first("date")
                        .or_else(|| e.first("startDate"))
                        .map(Into::into),
                ),
                ("amount", e.first("amount").map(Into::into)),
                ("duration", e.first("duration").map(Into::into)),
                (
                    "grading",
                    e.statements.first().map(|s| s.prov.grading.to_string()),
                ),
            ],
        };
        for (k, v) in fields {
            if let Some(v) = v {
                write!(self.out, r#"<data key="{k}">{}</data>"#, esc(&v))?;
            }
        }
        writeln!(self.out, "</edge>")
    }
}
