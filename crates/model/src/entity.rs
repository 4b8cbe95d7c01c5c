//! Entities, their statements, and the fragments that imports write.

use crate::grading::Grading;
use crate::schema::{Model, ModelError, Property, Schema};
use crate::types::{ValueError, clean_value};
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a statement comes from and how far it can be trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The source (one import) that asserted it.
    pub source: String,
    /// When the source recorded it (ISO date), if the source says; else the import time applies.
    pub recorded: Option<String>,
    /// 3x5x2 grading.
    pub grading: Grading,
}

/// One property value of one entity, as asserted by one source: the unit of provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// Property name.
    pub prop: String,
    /// Cleaned value (for entity properties: the referenced entity's id).
    pub value: String,
    /// Provenance of this value.
    #[serde(flatten)]
    pub prov: Provenance,
}

/// An entity as read back from the store: id, schema, and every statement about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Stable id.
    pub id: String,
    /// Schema name.
    pub schema: String,
    /// All statements, in store order.
    pub statements: Vec<Statement>,
}

impl Entity {
    /// Distinct values of a property, in first-seen order.
    pub fn values(&self, prop: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in self.statements.iter().filter(|s| s.prop == prop) {
            if !out.contains(&s.value.as_str()) {
                out.push(&s.value);
            }
        }
        out
    }

    /// The first value of a property.
    pub fn first(&self, prop: &str) -> Option<&str> {
        self.statements
            .iter()
            .find(|s| s.prop == prop)
            .map(|s| s.value.as_str())
    }

    /// Property name to distinct values, sorted by property: the FollowTheMoney view.
    pub fn properties(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for s in &self.statements {
            let vals = map.entry(s.prop.as_str()).or_default();
            if !vals.contains(&s.value.as_str()) {
                vals.push(&s.value);
            }
        }
        map
    }

    /// Display name: the first caption property with a value, else the id.
    pub fn caption(&self, model: &Model) -> String {
        if let Ok(schema) = model.get(&self.schema) {
            for p in &schema.caption {
                if let Some(v) = self.first(p) {
                    return v.to_string();
                }
            }
        }
        self.id.clone()
    }
}

/// Why a value cannot be added to a fragment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FragmentError {
    /// Unknown property for the schema.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The value does not fit the property's type.
    #[error("property {prop}: {source}")]
    Value {
        /// Property name.
        prop: String,
        /// The type error.
        source: ValueError,
    },
}

/// What one source says about one entity in one record: the unit an import writes. All values
/// share the fragment's grading and recorded date; the source is set by the writer.
#[derive(Debug, Clone)]
pub struct Fragment<'m> {
    /// Stable id.
    pub id: String,
    /// Schema (concrete).
    pub schema: &'m Schema,
    /// Cleaned values with their property.
    pub values: Vec<(&'m Property, String)>,
    /// Grading of every value here.
    pub grading: Grading,
    /// When the source recorded these facts, if it says.
    pub recorded: Option<String>,
}

impl<'m> Fragment<'m> {
    /// Starts a fragment for an entity of a concrete schema.
    pub fn new(model: &'m Model, schema: &str, id: impl Into<String>) -> Result<Self, ModelError> {
        Ok(Fragment {
            id: id.into(),
            schema: model.concrete(schema)?,
            values: Vec::new(),
            grading: Grading::default(),
            recorded: None,
        })
    }

    /// Cleans and adds a raw value; empty values are skipped. Returns the property on success.
    pub fn add(&mut self, prop: &str, raw: &str) -> Result<(), FragmentError> {
        let p = self
            .schema
            .property(prop)
            .ok_or_else(|| ModelError::UnknownProperty {
                schema: self.schema.name.clone(),
                prop: prop.to_string(),
            })?;
        self.add_to(p, raw)
    }

    /// Adds a raw value for a property already looked up on this fragment's schema.
    pub fn add_to(&mut self, p: &'m Property, raw: &str) -> Result<(), FragmentError> {
        match clean_value(p.kind, raw) {
            Ok(Some(v)) => {
                if !self.values.iter().any(|(q, w)| q.name == p.name && *w == v) {
                    self.values.push((p, v));
                }
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(source) => Err(FragmentError::Value {
                prop: p.name.clone(),
                source,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model;

    #[test]
    fn fragment_cleans_dedups_and_rejects() {
        let m = model();
        let mut f = Fragment::new(m, "Person", "p1").unwrap();
        f.add("name", " Karwan  Ahmed ").unwrap();
        f.add("name", "Karwan Ahmed").unwrap();
        f.add("birthDate", "").unwrap();
        assert_eq!(f.values.len(), 1);
        assert!(matches!(
            f.add("birthDate", "1988-02-30"),
            Err(FragmentError::Value { .. })
        ));
        assert!(matches!(f.add("imei", "1"), Err(FragmentError::Model(_))));
        assert!(Fragment::new(m, "Thing", "x").is_err());
        assert!(Fragment::new(m, "Nope", "x").is_err());
    }

    #[test]
    fn entity_views() {
        let prov = Provenance {
            source: "s".into(),
            recorded: None,
            grading: Grading::default(),
        };
        let st = |p: &str, v: &str| Statement {
            prop: p.into(),
            value: v.into(),
            prov: prov.clone(),
        };
        let e = Entity {
            id: "p1".into(),
            schema: "Person".into(),
            statements: vec![st("name", "A"), st("name", "A"), st("alias", "B")],
        };
        assert_eq!(e.values("name"), vec!["A"]);
        assert_eq!(e.caption(model()), "A");
        assert_eq!(e.properties().len(), 2);
    }
}
