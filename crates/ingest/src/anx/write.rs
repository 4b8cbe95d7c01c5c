//! ANX export: the store's chart as an Analyst's Notebook chart.

use super::*;
use crate::chart::{ChartLink, ChartSink, walk};
use crate::ftm::ExportError;
use crate::graphml::GraphmlCounts;
use crate::xmlout::XmlOut;
use kingpin_model::{Entity, model};
use kingpin_store::Store;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;

/// Writes the store's chart (all of it, or the `only` ids) as an ANX document.
pub fn export_anx(
    store: &dyn Store,
    only: Option<&HashSet<String>>,
    out: &mut dyn Write,
) -> Result<GraphmlCounts, ExportError> {
    let m = model();
    let mut x = XmlOut::new(out)?;
    x.open(
        "Chart",
        &[
            ("IdReferenceLinking", "false"),
            ("Rigorous", "true"),
            ("LabelRule", "LabelRuleMerge"),
        ],
    )?;
    x.open("StrengthCollection", &[])?;
    for (name, dots) in [
        ("Confirmed", "DotStyleSolid"),
        ("Unconfirmed", "DotStyleDashed"),
        ("Tentative", "DotStyleDotted"),
    ] {
        x.empty("Strength", &[("Name", name), ("DotStyle", dots)])?;
    }
    x.close("StrengthCollection")?;
    for (element, list) in [
        ("GradeOne", &GRADE_ONE[..]),
        ("GradeTwo", &GRADE_TWO[..]),
        ("GradeThree", &GRADE_THREE[..]),
    ] {
        x.open(element, &[])?;
        x.open("StringCollection", &[])?;
        for s in list {
            x.empty("String", &[("Text", s)])?;
        }
        x.close("StringCollection")?;
        x.close(element)?;
    }
    // Attribute classes: Kingpin's own, then every property name of the model.
    let mut classes: Vec<&str> = vec![ATTR_ID, ATTR_SCHEMA, ATTR_PROPERTY];
    let mut props: Vec<&str> = m
        .names()
        .filter_map(|n| m.get(n).ok())
        .flat_map(|s| s.properties.keys().map(String::as_str))
        .collect();
    props.sort_unstable();
    props.dedup();
    classes.extend(props);
    x.open("AttributeClassCollection", &[])?;
    for c in classes {
        x.empty(
            "AttributeClass",
            &[("Name", c), ("Type", "AttText"), ("ShowValue", "true")],
        )?;
    }
    x.close("AttributeClassCollection")?;
    let mut names: Vec<&str> = m.names().collect();
    names.sort_unstable();
    x.open("EntityTypeCollection", &[])?;
    for n in &names {
        if m.concrete(n).is_ok() {
            let icon = icon_of(n);
            x.empty(
                "EntityType",
                &[
                    ("Name", icon),
                    ("IconFile", icon),
                    ("PreferredRepresentation", "RepresentAsIcon"),
                ],
            )?;
        }
    }
    x.close("EntityTypeCollection")?;
    let mut link_types: Vec<String> = names
        .iter()
        .filter_map(|n| m.get(n).ok())
        .filter(|s| s.edge.is_some())
        .map(|s| s.label.clone())
        .collect();
    link_types.extend(
        names
            .iter()
            .filter_map(|n| m.get(n).ok())
            .flat_map(|s| s.properties.values())
            .filter(|p| p.kind == kingpin_model::PropType::Entity)
            .map(|p| p.label.clone()),
    );
    link_types.sort_unstable();
    link_types.dedup();
    x.open("LinkTypeCollection", &[])?;
    for t in &link_types {
        x.empty("LinkType", &[("Name", t)])?;
    }
    x.close("LinkTypeCollection")?;
    x.open("ChartItemCollection", &[])?;
    let mut sink = AnxSink {
        x,
        seen: HashSet::new(),
    };
    let (nodes, _) = walk(store, only, &mut sink)?;
    let mut x = sink.x;
    x.close("ChartItemCollection")?;
    x.close("Chart")?;
    x.finish()?;
    Ok(GraphmlCounts {
        nodes,
        edges: sink.seen.len() as u64,
    })
}

struct AnxSink<'w> {
    x: XmlOut<'w>,
    /// Links written: (source, target, edge entity id or property name).
    seen: HashSet<(String, String, String)>,
}

/// One card per (source, grading, recorded) group of an entity's statements.
fn write_cards(x: &mut XmlOut<'_>, e: &Entity) -> std::io::Result<()> {
    type Key<'a> = (&'a str, [u8; 3], Option<&'a str>);
    let mut groups: BTreeMap<Key<'_>, (kingpin_model::Grading, Vec<String>)> = BTreeMap::new();
    for s in &e.statements {
        let key = (
            s.prov.source.as_str(),
            s.prov.grading.code(),
            s.prov.recorded.as_deref(),
        );
        let line = format!("{}={}", s.prop, card_escape(&s.value));
        let entry = groups
            .entry(key)
            .or_insert_with(|| (s.prov.grading, Vec::new()));
        if !entry.1.contains(&line) {
            entry.1.push(line);
        }
    }
    if groups.is_empty() {
        return Ok(());
    }
    x.open("CardCollection", &[])?;
    for ((source, _, recorded), (grading, lines)) in &groups {
        let idx = grade_indices(grading).map(|i| i.to_string());
        let text = lines.join("\n");
        let mut attrs: Vec<(&str, &str)> = vec![
            ("Summary", source),
            ("SourceReference", source),
            ("SourceType", CARD_SOURCE_TYPE),
            ("GradeOneIndex", &idx[0]),
            ("GradeTwoIndex", &idx[1]),
            ("GradeThreeIndex", &idx[2]),
            ("Text", &text),
        ];
        // i2 shows DateTime; the exact (possibly partial) date travels in the description.
        let datetime;
        if let Some(r) = recorded {
            attrs.push(("DateTimeDescription", r));
            if r.len() >= 10 {
                datetime = format!("{}T00:00:00.000", &r[..10]);
                attrs.push(("DateSet", "true"));
                attrs.push(("DateTime", &datetime));
            }
        }
        x.empty("Card", &attrs)?;
    }
    x.close("CardCollection")
}

/// The item's attributes: Kingpin's id and schema, then merged values per property.
fn write_attributes(x: &mut XmlOut<'_>, e: &Entity, property: Option<&str>) -> std::io::Result<()> {
    x.open("AttributeCollection", &[])?;
    x.empty(
        "Attribute",
        &[("AttributeClass", ATTR_ID), ("Value", &e.id)],
    )?;
    x.empty(
        "Attribute",
        &[("AttributeClass", ATTR_SCHEMA), ("Value", &e.schema)],
    )?;
    match property {
        Some(p) => x.empty(
            "Attribute",
            &[("AttributeClass", ATTR_PROPERTY), ("Value", p)],
        )?,
        None => {
            for (prop, values) in e.properties() {
                x.empty(
                    "Attribute",
                    &[("AttributeClass", prop), ("Value", &values.join("; "))],
                )?;
            }
        }
    }
    x.close("AttributeCollection")
}

fn best_grading(e: &Entity) -> Option<kingpin_model::Grading> {
    e.statements
        .iter()
        .map(|s| s.prov.grading)
        .min_by_key(|g| g.code())
}

impl AnxSink<'_> {
    fn entity_item(&mut self, e: &Entity) -> std::io::Result<()> {
        let label = e.caption(model());
        self.x.open("ChartItem", &[("Label", &label)])?;
        self.x.open("End", &[])?;
        self.x.open(
            "Entity",
            &[
                ("EntityId", &e.id),
                ("Identity", &e.id),
                ("LabelIsIdentity", "false"),
            ],
        )?;
        self.x.open("Icon", &[])?;
        self.x.empty("IconStyle", &[("Type", icon_of(&e.schema))])?;
        self.x.close("Icon")?;
        write_cards(&mut self.x, e)?;
        self.x.close("Entity")?;
        self.x.close("End")?;
        write_attributes(&mut self.x, e, None)?;
        self.x.close("ChartItem")
    }
}

impl ChartSink for AnxSink<'_> {
    fn node(&mut self, e: &Entity) -> std::io::Result<()> {
        self.entity_item(e)
    }

    fn loose_edge(&mut self, e: &Entity) -> std::io::Result<()> {
        self.entity_item(e)
    }

    fn link(&mut self, l: &ChartLink<'_>) -> std::io::Result<()> {
        let m = model();
        let e = l.entity;
        let (kind, label, grading) = match l.property {
            Some(st) => {
                let label = m
                    .get(&e.schema)
                    .ok()
                    .and_then(|s| s.property(&st.prop))
                    .map_or(st.prop.clone(), |p| p.label.clone());
                (st.prop.clone(), label.clone(), Some(st.prov.grading))
            }
            None => {
                let label = m
                    .get(&e.schema)
                    .map_or(e.schema.clone(), |s| s.label.clone());
                (e.id.clone(), label.clone(), best_grading(e))
            }
        };
        if !self
            .seen
            .insert((l.source.to_string(), l.target.to_string(), kind))
        {
            return Ok(());
        }
        let item_label = match l.property {
            Some(_) => label.clone(),
            None => e.caption(m),
        };
        self.x.open("ChartItem", &[("Label", &item_label)])?;
        self.x
            .open("Link", &[("End1Id", l.source), ("End2Id", l.target)])?;
        let strength = grading.as_ref().map_or("Unconfirmed", strength_of);
        self.x.empty(
            "LinkStyle",
            &[
                ("ArrowStyle", "ArrowOnHead"),
                ("Type", &label),
                ("Strength", strength),
            ],
        )?;
        if l.property.is_none() {
            write_cards(&mut self.x, e)?;
        }
        self.x.close("Link")?;
        write_attributes(&mut self.x, e, l.property.map(|s| s.prop.as_str()))?;
        self.x.close("ChartItem")
    }
}
