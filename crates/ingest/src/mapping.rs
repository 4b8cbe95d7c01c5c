//! CSV mapping files (see MAPPING.md): parsed, then checked against the model and compiled
//! against a file's header row.

use kingpin_model::{Grading, Model, Property, Schema};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A mapping file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("mapping {file}: {message}")]
pub struct MappingError {
    /// The mapping file.
    pub file: PathBuf,
    /// What is wrong.
    pub message: String,
}

/// The `[source]` table.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// Source name.
    pub name: Option<String>,
    /// Kind of source.
    #[serde(default = "default_kind")]
    pub kind: String,
    /// Default grading.
    pub grading: Option<Grading>,
    /// Field delimiter.
    pub delimiter: Option<char>,
    /// Column with a per-row grading.
    pub grading_column: Option<String>,
    /// Column with a per-row recorded date.
    pub recorded_column: Option<String>,
}

fn default_kind() -> String {
    "csv".into()
}

/// How one property gets its values.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropSpec {
    /// One column.
    pub column: Option<String>,
    /// Several columns, a value each.
    pub columns: Option<Vec<String>>,
    /// A fixed value.
    pub literal: Option<String>,
    /// Another entity of the same row (its local name).
    pub entity: Option<String>,
    /// strftime pattern for dates, tried before ISO 8601.
    pub format: Option<String>,
    /// Separator for several values in one cell.
    pub split: Option<String>,
    /// An empty value is an error.
    #[serde(default)]
    pub required: bool,
}

/// One entity made from each row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitySpec {
    /// Schema name.
    pub schema: String,
    /// Columns whose values, hashed, make the id.
    #[serde(default)]
    pub keys: Vec<String>,
    /// Prefix of hashed ids.
    pub key_prefix: Option<String>,
    /// Column holding the id as it is.
    pub id_column: Option<String>,
    /// Property mappings.
    #[serde(default)]
    pub properties: BTreeMap<String, PropSpec>,
}

/// A whole mapping file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Source description.
    #[serde(default)]
    pub source: SourceSpec,
    /// Entities by local name.
    pub entities: BTreeMap<String, EntitySpec>,
    /// Where it was read from (for messages).
    #[serde(skip)]
    pub file: PathBuf,
}

impl Mapping {
    /// Reads and checks a mapping file.
    pub fn load(path: &Path) -> Result<Mapping, MappingError> {
        let text = std::fs::read_to_string(path).map_err(|e| MappingError {
            file: path.into(),
            message: e.to_string(),
        })?;
        Self::parse(&text, path)
    }

    /// Parses and checks mapping text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Mapping, MappingError> {
        let mut m: Mapping = toml::from_str(text).map_err(|e| MappingError {
            file: path.into(),
            message: e.to_string(),
        })?;
        m.file = path.into();
        m.check(kingpin_model::model())?;
        Ok(m)
    }

    fn err(&self, message: String) -> MappingError {
        MappingError {
            file: self.file.clone(),
            message,
        }
    }

    fn check(&self, model: &Model) -> Result<(), MappingError> {
        if self.entities.is_empty() {
            return Err(self.err("no [entities] defined".into()));
        }
        for (name, e) in &self.entities {
            let schema = model
                .concrete(&e.schema)
                .map_err(|err| self.err(format!("entity {name}: {err}")))?;
            if e.keys.is_empty() && e.id_column.is_none() && schema.natural_key.is_empty() {
                return Err(self.err(format!(
                    "entity {name}: {} has no natural key, so give keys or id_column",
                    schema.name
                )));
            }
            for (pname, p) in &e.properties {
                let prop = schema.property(pname).ok_or_else(|| {
                    self.err(format!(
                        "entity {name}: schema {} has no property {pname}",
                        schema.name
                    ))
                })?;
                let sources = [
                    p.column.is_some(),
                    p.columns.is_some(),
                    p.literal.is_some(),
                    p.entity.is_some(),
                ];
                if sources.iter().filter(|s| **s).count() != 1 {
                    return Err(self.err(format!(
                        "entity {name}, property {pname}: give exactly one of column, columns, literal, entity"
                    )));
                }
                if let Some(target) = &p.entity {
                    if prop.kind != kingpin_model::PropType::Entity {
                        return Err(self.err(format!(
                            "entity {name}, property {pname}: not an entity property, cannot take entity = {target:?}"
                        )));
                    }
                    if !self.entities.contains_key(target) {
                        return Err(self.err(format!(
                            "entity {name}, property {pname}: no entity named {target:?} in this mapping"
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Where a value comes from, with columns resolved to indexes.
#[derive(Debug)]
pub(crate) enum ValueSource {
    Columns(Vec<usize>),
    Literal(String),
    Entity(usize),
}

/// How an entity's id is made, with columns resolved.
#[derive(Debug)]
pub(crate) enum IdRule {
    Keys { prefix: String, columns: Vec<usize> },
    Column(usize),
    Natural { prefix: String, props: Vec<usize> },
}

/// A property mapping ready for rows.
#[derive(Debug)]
pub(crate) struct CompiledProp {
    pub prop: &'static Property,
    pub source: ValueSource,
    pub format: Option<String>,
    pub split: Option<String>,
    pub required: bool,
}

/// An entity mapping ready for rows.
#[derive(Debug)]
pub(crate) struct CompiledEntity {
    pub name: String,
    pub schema: &'static Schema,
    pub id: IdRule,
    pub props: Vec<CompiledProp>,
}

/// A mapping compiled against one file's header.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub header: Vec<String>,
    pub entities: Vec<CompiledEntity>,
    pub grading_column: Option<usize>,
    pub recorded_column: Option<usize>,
}

impl Mapping {
    /// Resolves column names against the header and orders entities so that references can
    /// be filled in one pass.
    pub(crate) fn compile(&self, header: &[String]) -> Result<Compiled, MappingError> {
        let model = kingpin_model::model();
        let col = |name: &str, ctx: &str| -> Result<usize, MappingError> {
            header.iter().position(|h| h == name).ok_or_else(|| {
                self.err(format!(
                    "{ctx}: column {name:?} is not in the file's header ({})",
                    header.join(", ")
                ))
            })
        };
        let names: Vec<&String> = self.entities.keys().collect();
        let mut entities = Vec::new();
        for (name, e) in &self.entities {
            let schema = model
                .concrete(&e.schema)
                .map_err(|err| self.err(err.to_string()))?;
            let ctx = format!("entity {name}");
            let mut props = Vec::new();
            for (pname, p) in &e.properties {
                let prop = schema.property(pname).expect("checked at load");
                let source = if let Some(c) = &p.column {
                    ValueSource::Columns(vec![col(c, &ctx)?])
                } else if let Some(cs) = &p.columns {
                    ValueSource::Columns(cs.iter().map(|c| col(c, &ctx)).collect::<Result<_, _>>()?)
                } else if let Some(l) = &p.literal {
                    ValueSource::Literal(l.clone())
                } else {
                    let target = p.entity.as_ref().expect("checked at load");
                    ValueSource::Entity(names.iter().position(|n| *n == target).expect("checked"))
                };
                props.push(CompiledProp {
                    prop,
                    source,
                    format: p.format.clone(),
                    split: p.split.clone(),
                    required: p.required,
                });
            }
            let id = if let Some(c) = &e.id_column {
                IdRule::Column(col(c, &ctx)?)
            } else if !e.keys.is_empty() {
                IdRule::Keys {
                    prefix: e
                        .key_prefix
                        .clone()
                        .unwrap_or_else(|| schema.name.to_lowercase()),
                    columns: e
                        .keys
                        .iter()
                        .map(|k| col(k, &ctx))
                        .collect::<Result<_, _>>()?,
                }
            } else {
                let idx: Vec<usize> = schema
                    .natural_key
                    .iter()
                    .filter_map(|k| props.iter().position(|p| p.prop.name == *k))
                    .collect();
                if idx.is_empty() {
                    return Err(self.err(format!(
                        "{ctx}: no keys, and the natural key ({}) is not mapped",
                        schema.natural_key.join(", ")
                    )));
                }
                IdRule::Natural {
                    prefix: schema.name.to_lowercase(),
                    props: idx,
                }
            };
            entities.push(CompiledEntity {
                name: name.clone(),
                schema,
                id,
                props,
            });
        }
        let grading_column = match &self.source.grading_column {
            Some(c) => Some(col(c, "source.grading_column")?),
            None => None,
        };
        let recorded_column = match &self.source.recorded_column {
            Some(c) => Some(col(c, "source.recorded_column")?),
            None => None,
        };
        Ok(Compiled {
            header: header.to_vec(),
            entities,
            grading_column,
            recorded_column,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Mapping, MappingError> {
        Mapping::parse(text, Path::new("m.toml"))
    }

    #[test]
    fn checks_schema_props_and_references() {
        let ok = r#"
            [entities.p]
            schema = "Phone"
            [entities.p.properties]
            number = { column = "n" }
            [entities.c]
            schema = "Call"
            keys = ["id"]
            [entities.c.properties]
            caller = { entity = "p" }
        "#;
        let m = parse(ok).unwrap();
        let c = m.compile(&["id".into(), "n".into()]).unwrap();
        assert_eq!(c.entities.len(), 2);
        let missing = m.compile(&["id".into()]).unwrap_err();
        assert!(missing.message.contains("column \"n\""), "{missing}");
        for (bad, why) in [
            (
                "[entities.x]\nschema = \"Nope\"\nkeys=[\"a\"]",
                "unknown schema",
            ),
            (
                "[entities.x]\nschema = \"Person\"\nkeys=[\"a\"]\n[entities.x.properties]\nimei={column=\"a\"}",
                "no property imei",
            ),
            ("[entities.x]\nschema = \"Person\"", "natural key"),
            (
                "[entities.x]\nschema = \"Call\"\nkeys=[\"a\"]\n[entities.x.properties]\ncaller={entity=\"y\"}",
                "no entity named",
            ),
            (
                "[entities.x]\nschema = \"Person\"\nkeys=[\"a\"]\n[entities.x.properties]\nname={column=\"a\", literal=\"b\"}",
                "exactly one",
            ),
            (
                "[source]\ngrading = \"9ZP\"\n[entities.x]\nschema = \"Person\"\nkeys=[\"a\"]",
                "3x5x2",
            ),
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.to_string().contains(why), "{bad}: {e}");
        }
    }
}
