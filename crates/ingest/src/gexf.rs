//! GEXF 1.3 export (Gephi's format; networkx reads it with `read_gexf`): the store's chart
//! ([`crate::chart`]) with each node's schema, caption and countries, and each edge's kind,
//! date, amount and grading as attributes.

use crate::chart::{ChartLink, ChartSink, walk};
use crate::ftm::ExportError;
use crate::graphml::GraphmlCounts;
use crate::xmlout::XmlOut;
use kingpin_model::{Entity, model};
use kingpin_store::Store;
use std::collections::HashSet;
use std::io::Write;

/// Node attributes: (id, title, GEXF type).
const NODE_ATTRS: [(&str, &str, &str); 3] = [
    ("schema", "schema", "string"),
    ("country", "country", "string"),
    ("grading", "grading", "string"),
];

/// Edge attributes.
const EDGE_ATTRS: [(&str, &str, &str); 6] = [
    ("kind", "kind", "string"),
    ("entity", "entity", "string"),
    ("date", "date", "string"),
    ("amount", "amount", "double"),
    ("currency", "currency", "string"),
    ("grading", "grading", "string"),
];

/// Writes the store's chart (all of it, or the `only` ids) as a GEXF 1.3 document.
pub fn export_gexf(
    store: &dyn Store,
    only: Option<&HashSet<String>>,
    out: &mut dyn Write,
) -> Result<GraphmlCounts, ExportError> {
    let mut x = XmlOut::new(out)?;
    x.open(
        "gexf",
        &[("xmlns", "http://gexf.net/1.3"), ("version", "1.3")],
    )?;
    x.open("meta", &[])?;
    x.text("creator", "Kingpin")?;
    x.close("meta")?;
    x.open(
        "graph",
        &[("defaultedgetype", "directed"), ("mode", "static")],
    )?;
    for (class, attrs) in [("node", &NODE_ATTRS[..]), ("edge", &EDGE_ATTRS[..])] {
        x.open("attributes", &[("class", class)])?;
        for (id, title, kind) in attrs {
            x.empty("attribute", &[("id", id), ("title", title), ("type", kind)])?;
        }
        x.close("attributes")?;
    }
    // Nodes and edges are separate lists in GEXF; the walk gives all nodes before any link,
    // so the `edges` element opens at the first link.
    let mut sink = GexfSink {
        x,
        edges: 0,
        in_edges: false,
    };
    sink.x.open("nodes", &[])?;
    let (nodes, edges) = walk(store, only, &mut sink)?;
    let mut x = sink.x;
    if sink.in_edges {
        x.close("edges")?;
    } else {
        x.close("nodes")?;
    }
    x.close("graph")?;
    x.close("gexf")?;
    x.finish()?;
    Ok(GraphmlCounts { nodes, edges })
}

struct GexfSink<'w> {
    x: XmlOut<'w>,
    edges: u64,
    in_edges: bool,
}

/// The best grading among an entity's statements (lowest source number, then earliest letter).
fn best_grading(e: &Entity) -> Option<String> {
    e.statements
        .iter()
        .map(|s| s.prov.grading)
        .min_by_key(|g| g.code())
        .map(|g| g.to_string())
}

fn attvalues(x: &mut XmlOut<'_>, values: &[(&str, Option<String>)]) -> std::io::Result<()> {
    if values.iter().all(|(_, v)| v.is_none()) {
        return Ok(());
    }
    x.open("attvalues", &[])?;
    for (k, v) in values {
        if let Some(v) = v {
            x.empty("attvalue", &[("for", k), ("value", v)])?;
        }
    }
    x.close("attvalues")
}

impl ChartSink for GexfSink<'_> {
    fn node(&mut self, e: &Entity) -> std::io::Result<()> {
        let label = e.caption(model());
        self.x.open("node", &[("id", &e.id), ("label", &label)])?;
        let countries = e.values("country");
        let country = (!countries.is_empty()).then(|| countries.join(";"));
        attvalues(
            &mut self.x,
            &[
                ("schema", Some(e.schema.clone())),
                ("country", country),
                ("grading", best_grading(e)),
            ],
        )?;
        self.x.close("node")
    }

    fn link(&mut self, l: &ChartLink<'_>) -> std::io::Result<()> {
        if !self.in_edges {
            self.x.close("nodes")?;
            self.x.open("edges", &[])?;
            self.in_edges = true;
        }
        self.edges += 1;
        let id = format!("e{}", self.edges);
        let e = l.entity;
        let (kind, label, values) = match l.property {
            Some(st) => (
                st.prop.clone(),
                st.prop.clone(),
                vec![("grading", Some(st.prov.grading.to_string()))],
            ),
            None => (
                e.schema.clone(),
                model()
                    .get(&e.schema)
                    .map(|s| s.label.clone())
                    .unwrap_or_else(|_| e.schema.clone()),
                vec![
                    ("entity", Some(e.id.clone())),
                    (
                        "date",
                        e.first("date")
                            .or_else(|| e.first("startDate"))
                            .map(Into::into),
                    ),
                    ("amount", e.first("amount").map(Into::into)),
                    ("currency", e.first("currency").map(Into::into)),
                    ("grading", best_grading(e)),
                ],
            ),
        };
        self.x.open(
            "edge",
            &[
                ("id", &id),
                ("source", l.source),
                ("target", l.target),
                ("label", &label),
            ],
        )?;
        let mut all = vec![("kind", Some(kind))];
        all.extend(values);
        attvalues(&mut self.x, &all)?;
        self.x.close("edge")
    }
}
