//! The schema registry, loaded from the embedded `schemata.toml` definition table.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// The type of a property, which decides how its values are cleaned and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PropType {
    /// Free short text.
    String,
    /// A name of a person, organisation or thing (indexed for search and matching).
    Name,
    /// Long text (not indexed for matching).
    Text,
    /// An ISO 8601 date with variable precision (`2024`, `2024-03`, `2024-03-05T22:14:00`).
    Date,
    /// A decimal number.
    Number,
    /// An ISO 3166-1 alpha-2 country code, lower case.
    Country,
    /// A phone number, E.164 where it can be made so.
    Phone,
    /// An identifier: document, account, IMEI, IMSI, serial numbers.
    Identifier,
    /// An e-mail address, lower case.
    Email,
    /// A URL.
    Url,
    /// A reference to another entity, by id.
    Entity,
}

impl PropType {
    /// True for types whose values identify or name things, and so go into full-text search.
    pub fn is_searchable(self) -> bool {
        matches!(
            self,
            PropType::Name | PropType::Identifier | PropType::Phone | PropType::Email
        )
    }
}

/// One property of a schema.
#[derive(Debug, Clone)]
pub struct Property {
    /// Property name, e.g. `birthDate`.
    pub name: String,
    /// Human label.
    pub label: String,
    /// Value type.
    pub kind: PropType,
    /// For entity-typed properties: the schema the referenced entity should have.
    pub range: Option<String>,
}

/// The source and target properties that make an entity a directed link.
#[derive(Debug, Clone, Deserialize)]
pub struct Edge {
    /// Property holding the link's source entity (caller, payer, owner).
    pub source: String,
    /// Property holding the link's target entity (receiver, beneficiary, asset).
    pub target: String,
}

/// A schema: a named set of properties, with its parents resolved.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Schema name, e.g. `Person`.
    pub name: String,
    /// Human label.
    pub label: String,
    /// Abstract schemata cannot be instantiated.
    pub is_abstract: bool,
    /// Direct parents.
    pub extends: Vec<String>,
    /// This schema and all its ancestors, nearest first.
    pub ancestry: Vec<String>,
    /// All properties, inherited ones included.
    pub properties: BTreeMap<String, Property>,
    /// Properties tried in order for the display name.
    pub caption: Vec<String>,
    /// Nearest standard FollowTheMoney schema, for exports read by other FtM tools.
    pub ftm: String,
    /// Properties whose cleaned value identifies the entity across sources.
    pub natural_key: Vec<String>,
    /// Set when entities of this schema are directed links between two others.
    pub edge: Option<Edge>,
}

impl Schema {
    /// Looks up a property, inherited ones included.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.get(name)
    }

    /// True when this schema is `other` or descends from it.
    pub fn is_a(&self, other: &str) -> bool {
        self.ancestry.iter().any(|a| a == other)
    }
}

/// An error in the schema definition table or a lookup against it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// No schema has this name.
    #[error("unknown schema {0:?}")]
    UnknownSchema(String),
    /// The schema has no such property.
    #[error("schema {schema} has no property {prop:?}")]
    UnknownProperty {
        /// Schema name.
        schema: String,
        /// Property name asked for.
        prop: String,
    },
    /// The schema is abstract.
    #[error("schema {0} is abstract and cannot hold entities")]
    Abstract(String),
    /// Two schemata given for one entity have no common descendant.
    #[error("entity cannot be both {0} and {1}")]
    Conflict(String, String),
    /// The definition table itself is wrong.
    #[error("schema definition: {0}")]
    Definition(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    #[serde(default)]
    extends: Vec<String>,
    #[serde(default, rename = "abstract")]
    is_abstract: bool,
    label: String,
    #[serde(default)]
    caption: Vec<String>,
    ftm: Option<String>,
    #[serde(default)]
    natural_key: Vec<String>,
    edge: Option<Edge>,
    #[serde(default)]
    properties: BTreeMap<String, RawProperty>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProperty {
    #[serde(rename = "type")]
    kind: PropType,
    label: String,
    range: Option<String>,
}

/// The whole model: every schema by name.
#[derive(Debug)]
pub struct Model {
    schemata: HashMap<String, Schema>,
    names: Vec<String>,
}

static MODEL: OnceLock<Model> = OnceLock::new();

/// The built-in model, parsed from the embedded definition table on first use.
pub fn model() -> &'static Model {
    MODEL.get_or_init(|| {
        Model::from_toml(include_str!("../schemata.toml"))
            .expect("embedded schemata.toml is valid (checked by tests)")
    })
}

impl Model {
    /// Parses and checks a schema definition table.
    pub fn from_toml(text: &str) -> Result<Model, ModelError> {
        let raw: BTreeMap<String, RawSchema> =
            toml::from_str(text).map_err(|e| ModelError::Definition(e.to_string()))?;
        let mut schemata = HashMap::new();
        for name in raw.keys() {
            let mut ancestry = Vec::new();
            collect_ancestry(&raw, name, &mut ancestry, 0)?;
            let mut properties = BTreeMap::new();
            // Farthest ancestor first, so nearer schemata override inherited definitions.
            for anc in ancestry.iter().rev() {
                for (pname, p) in &raw[anc].properties {
                    properties.insert(
                        pname.clone(),
                        Property {
                            name: pname.clone(),
                            label: p.label.clone(),
                            kind: p.kind,
                            range: p.range.clone(),
                        },
                    );
                }
            }
            let r = &raw[name];
            let caption = if r.caption.is_empty() {
                ancestry
                    .iter()
                    .find_map(|a| (!raw[a].caption.is_empty()).then(|| raw[a].caption.clone()))
                    .unwrap_or_default()
            } else {
                r.caption.clone()
            };
            schemata.insert(
                name.clone(),
                Schema {
                    name: name.clone(),
                    label: r.label.clone(),
                    is_abstract: r.is_abstract,
                    extends: r.extends.clone(),
                    ancestry,
                    properties,
                    caption,
                    ftm: r.ftm.clone().unwrap_or_else(|| "Thing".into()),
                    natural_key: r.natural_key.clone(),
                    edge: r.edge.clone(),
                },
            );
        }
        let model = Model {
            names: raw.keys().cloned().collect(),
            schemata,
        };
        model.check()?;
        Ok(model)
    }

    fn check(&self) -> Result<(), ModelError> {
        for s in self.schemata.values() {
            let mut named: Vec<&String> = s.caption.iter().chain(&s.natural_key).collect();
            if let Some(e) = &s.edge {
                named.push(&e.source);
                named.push(&e.target);
            }
            for p in named {
                if !s.properties.contains_key(p) {
                    return Err(ModelError::Definition(format!(
                        "{} names property {p} it does not have",
                        s.name
                    )));
                }
            }
            for p in s.properties.values() {
                match (&p.range, p.kind) {
                    (Some(r), PropType::Entity) if self.schemata.contains_key(r) => {}
                    (None, t) if t != PropType::Entity => {}
                    _ => {
                        return Err(ModelError::Definition(format!(
                            "{}.{}: entity properties need a known range, others none",
                            s.name, p.name
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    /// Looks up a schema by name.
    pub fn get(&self, name: &str) -> Result<&Schema, ModelError> {
        self.schemata
            .get(name)
            .ok_or_else(|| ModelError::UnknownSchema(name.to_string()))
    }

    /// Looks up a schema that can hold entities (not abstract).
    pub fn concrete(&self, name: &str) -> Result<&Schema, ModelError> {
        let s = self.get(name)?;
        if s.is_abstract {
            return Err(ModelError::Abstract(name.to_string()));
        }
        Ok(s)
    }

    /// Every schema name, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// The more specific of two schemata for one entity seen in two sources (a `LegalEntity`
    /// in one, a `Person` in the other is a `Person`); an error if neither descends from the other.
    pub fn common<'a>(&'a self, a: &'a Schema, b: &'a Schema) -> Result<&'a Schema, ModelError> {
        if a.is_a(&b.name) {
            Ok(a)
        } else if b.is_a(&a.name) {
            Ok(b)
        } else {
            Err(ModelError::Conflict(a.name.clone(), b.name.clone()))
        }
    }
}

fn collect_ancestry(
    raw: &BTreeMap<String, RawSchema>,
    name: &str,
    out: &mut Vec<String>,
    depth: usize,
) -> Result<(), ModelError> {
    if depth > 16 {
        return Err(ModelError::Definition(format!(
            "inheritance cycle at {name}"
        )));
    }
    let r = raw
        .get(name)
        .ok_or_else(|| ModelError::Definition(format!("unknown parent schema {name}")))?;
    if !out.iter().any(|n| n == name) {
        out.push(name.to_string());
    }
    for parent in &r.extends {
        collect_ancestry(raw, parent, out, depth + 1)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads_with_required_schemata() {
        let m = model();
        for s in [
            "Person",
            "Organization",
            "Phone",
            "Device",
            "Sim",
            "SocialAccount",
            "BankAccount",
            "Vessel",
            "Equipment",
            "Document",
            "Address",
            "Place",
            "Call",
            "Message",
            "Meeting",
            "Payment",
            "Purchase",
            "Crossing",
            "Ownership",
            "UsesPhone",
            "UsesAccount",
            "Membership",
        ] {
            assert!(m.concrete(s).is_ok(), "{s}");
        }
        assert!(matches!(m.concrete("Thing"), Err(ModelError::Abstract(_))));
    }

    #[test]
    fn properties_are_inherited() {
        let p = model().get("Person").unwrap();
        assert_eq!(p.property("name").unwrap().kind, PropType::Name);
        assert_eq!(p.property("phone").unwrap().kind, PropType::Phone);
        assert!(p.is_a("LegalEntity") && p.is_a("Thing"));
        let call = model().get("Call").unwrap();
        assert_eq!(call.edge.as_ref().unwrap().source, "caller");
        assert_eq!(
            call.property("caller").unwrap().range.as_deref(),
            Some("Phone")
        );
    }

    #[test]
    fn common_schema_picks_the_specific_one() {
        let m = model();
        let le = m.get("LegalEntity").unwrap();
        let p = m.get("Person").unwrap();
        let v = m.get("Vessel").unwrap();
        assert_eq!(m.common(le, p).unwrap().name, "Person");
        assert_eq!(m.common(p, le).unwrap().name, "Person");
        assert!(m.common(p, v).is_err());
    }

    #[test]
    fn bad_definitions_are_rejected() {
        let bad = "[A]\nlabel='a'\nextends=['Missing']\n";
        assert!(Model::from_toml(bad).is_err());
        let bad_range = "[A]\nlabel='a'\n[A.properties]\nx={type='entity',label='x'}\n";
        assert!(Model::from_toml(bad_range).is_err());
    }
}
