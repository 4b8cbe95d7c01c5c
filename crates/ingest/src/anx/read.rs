//! ANX import: the chart is parsed whole into elements with their line numbers, checked and
//! turned into fragments, then written in one transaction.

use super::*;
use crate::error::{ImportError, Location};
use crate::{ImportOptions, ImportReport, Progress, file_stem};
use kingpin_model::{Fragment, FragmentError, PropType, clean_value, make_id, model};
use kingpin_store::{NewSource, Store};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// An element of the chart with its attributes, children and line.
#[derive(Debug)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    line: u64,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The element at a path of child names.
    fn at(&self, path: &[&str]) -> Option<&El> {
        path.iter().try_fold(self, |el, name| el.child(name))
    }
}

/// A problem at an element: the location names the line and the element.
fn bad(path: &Path, el: &El, message: impl Into<String>) -> ImportError {
    ImportError::input(
        Location {
            file: path.into(),
            line: Some(el.line),
            field: Some(format!("<{}>", el.name)),
        },
        message,
    )
}

/// Lines counted up to byte offsets as the reader advances.
struct Lines<'a> {
    text: &'a [u8],
    pos: usize,
    line: u64,
}

impl Lines<'_> {
    fn at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.text.len());
        if offset > self.pos {
            self.line += self.text[self.pos..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.pos = offset;
        }
        self.line
    }
}

fn element(path: &Path, e: &BytesStart<'_>, line: u64) -> Result<El, ImportError> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let at = |msg: String| {
        ImportError::input(
            Location {
                file: path.into(),
                line: Some(line),
                field: Some(format!("<{name}>")),
            },
            msg,
        )
    };
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| at(format!("malformed attribute: {err}")))?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| at(format!("attribute {key}: {err}")))?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(El {
        name,
        attrs,
        children: Vec::new(),
        line,
    })
}

/// Parses the document into its root element.
fn parse(path: &Path, text: &str) -> Result<El, ImportError> {
    let mut reader = Reader::from_str(text);
    let mut lines = Lines {
        text: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    let at_line = |line: u64, field: Option<String>, msg: String| {
        ImportError::input(
            Location {
                file: path.into(),
                line: Some(line),
                field,
            },
            msg,
        )
    };
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let line = lines.at(reader.error_position() as usize);
            at_line(line, None, format!("not well-formed XML: {e}"))
        })?;
        // Elements are located by the line their tag starts on.
        let line = lines.at(start + leading_space(&text.as_bytes()[start..]));
        match event {
            Event::Start(e) => stack.push(element(path, &e, line)?),
            Event::Empty(e) => {
                let el = element(path, &e, line)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => return Err(at_line(line, None, "more than one root element".into())),
                }
            }
            Event::End(_) => {
                // quick-xml checks that end tags match their start tags.
                let el = stack.pop().expect("the reader matched this end to a start");
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None if root.is_none() => root = Some(el),
                    None => return Err(at_line(line, None, "more than one root element".into())),
                }
            }
            Event::Text(t) if stack.is_empty() && !t.iter().all(u8::is_ascii_whitespace) => {
                return Err(at_line(line, None, "text outside the root element".into()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(bad(path, open, "the element is never closed"));
    }
    root.ok_or_else(|| at_line(1, None, "the file has no root element".into()))
}

fn leading_space(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_whitespace()).count()
}

/// One fragment to write, owned until the whole chart has been checked.
struct Pending {
    fragment: Fragment<'static>,
}

/// The chart's grade lists as 3x5x2 parts (`None` where an entry is not one).
struct Grades([Vec<Option<char>>; 3]);

impl Grades {
    fn read(chart: &El) -> Grades {
        let list = |element: &str, idx: usize| -> Vec<Option<char>> {
            chart
                .at(&[element, "StringCollection"])
                .map(|c| {
                    c.all("String")
                        .map(|s| grade_part(idx, s.attr("Text").unwrap_or("")))
                        .collect()
                })
                .unwrap_or_default()
        };
        Grades([
            list("GradeOne", 0),
            list("GradeTwo", 1),
            list("GradeThree", 2),
        ])
    }

    /// The grading given by an element's three grade indices; parts it does not give come
    /// from `default`.
    fn grading(&self, path: &Path, el: &El, default: Grading) -> Result<Grading, ImportError> {
        let d = default.code();
        let mut parts = [d[0] as char, d[1] as char, d[2] as char];
        let names = ["GradeOneIndex", "GradeTwoIndex", "GradeThreeIndex"];
        let lists = ["GradeOne", "GradeTwo", "GradeThree"];
        let kinds = [
            "a source evaluation (1, 2 or 3)",
            "an intelligence assessment (A to E)",
            "a handling code (P or C)",
        ];
        for i in 0..3 {
            let Some(raw) = el.attr(names[i]) else {
                continue;
            };
            let idx: usize = raw
                .trim()
                .parse()
                .map_err(|_| bad(path, el, format!("{}: {raw:?} is not a number", names[i])))?;
            match self.0[i].get(idx) {
                Some(Some(c)) => parts[i] = *c,
                Some(None) => {
                    return Err(bad(
                        path,
                        el,
                        format!(
                            "{} {idx}: entry {idx} of the chart's <{}> list is not {}",
                            names[i], lists[i], kinds[i]
                        ),
                    ));
                }
                None => {
                    return Err(bad(
                        path,
                        el,
                        format!(
                            "{} {idx}: the chart's <{}> list has {} entries",
                            names[i],
                            lists[i],
                            self.0[i].len()
                        ),
                    ));
                }
            }
        }
        Ok(grading_from(parts))
    }
}

/// The attributes of a chart item, by class.
fn item_attributes(item: &El) -> HashMap<&str, &str> {
    item.child("AttributeCollection")
        .map(|c| {
            c.all("Attribute")
                .filter_map(|a| Some((a.attr("AttributeClass")?, a.attr("Value").unwrap_or(""))))
                .collect()
        })
        .unwrap_or_default()
}

fn new_fragment(
    path: &Path,
    el: &El,
    schema: &str,
    id: &str,
) -> Result<Fragment<'static>, ImportError> {
    Fragment::new(model(), schema, id).map_err(|e| bad(path, el, format!("{e}")))
}

fn add_value(
    path: &Path,
    el: &El,
    f: &mut Fragment<'static>,
    prop: &str,
    value: &str,
) -> Result<(), ImportError> {
    f.add(prop, value).map_err(|e| {
        let msg = match e {
            FragmentError::Model(m) => m.to_string(),
            FragmentError::Value { source, .. } => format!("{prop}: {source}"),
        };
        bad(path, el, msg)
    })
}

/// Kingpin's cards: one fragment each, with its grading, recorded date and values.
fn cards_to_fragments(
    path: &Path,
    grades: &Grades,
    holder: &El,
    schema: &str,
    id: &str,
    default: Grading,
    out: &mut Vec<Pending>,
) -> Result<usize, ImportError> {
    let mut n = 0;
    for card in holder
        .child("CardCollection")
        .iter()
        .flat_map(|c| c.all("Card"))
    {
        let mut f = new_fragment(path, card, schema, id)?;
        f.grading = grades.grading(path, card, default)?;
        let recorded = card
            .attr("DateTimeDescription")
            .map(str::to_string)
            .or_else(|| {
                (card.attr("DateSet") == Some("true"))
                    .then(|| card.attr("DateTime").map(|d| d.chars().take(10).collect()))
                    .flatten()
            });
        if let Some(r) = recorded.filter(|r| !r.trim().is_empty()) {
            f.recorded = clean_value(PropType::Date, &r)
                .map_err(|e| bad(path, card, format!("recorded date {r:?}: {e}")))?;
        }
        for (i, line) in card.attr("Text").unwrap_or("").lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let (prop, value) = line.split_once('=').ok_or_else(|| {
                bad(
                    path,
                    card,
                    format!("Text line {}: {line:?} is not prop=value", i + 1),
                )
            })?;
            add_value(path, card, &mut f, prop.trim(), &card_unescape(value))?;
        }
        out.push(Pending { fragment: f });
        n += 1;
    }
    Ok(n)
}

/// Values of an item drawn by hand: its label as the name and attributes named after
/// properties.
fn foreign_values(
    path: &Path,
    item: &El,
    f: &mut Fragment<'static>,
    attrs: &HashMap<&str, &str>,
) -> Result<(), ImportError> {
    let label = item.attr("Label").unwrap_or("").trim();
    if !label.is_empty() && f.schema.property("name").is_some() {
        add_value(path, item, f, "name", label)?;
    }
    let mut keys: Vec<&&str> = attrs.keys().collect();
    keys.sort();
    for k in keys {
        if f.schema.property(k).is_some() && !attrs[*k].trim().is_empty() {
            add_value(path, item, f, k, attrs[*k])?;
        }
    }
    if item.attr("DateSet") == Some("true")
        && let Some(d) = item.attr("DateTime")
        && f.schema.property("date").is_some()
    {
        add_value(
            path,
            item,
            f,
            "date",
            &d.chars().take(19).collect::<String>(),
        )?;
    }
    Ok(())
}

/// Reads and checks the chart, returning the fragments to write and the number of items.
fn read_chart(
    path: &Path,
    text: &str,
    default: Grading,
) -> Result<(Vec<Pending>, u64), ImportError> {
    let root = parse(path, text)?;
    if root.name != "Chart" {
        return Err(bad(
            path,
            &root,
            "expected <Chart> as the root element of an ANX file",
        ));
    }
    let grades = Grades::read(&root);
    let items: Vec<&El> = root
        .all("ChartItemCollection")
        .flat_map(|c| c.all("ChartItem"))
        .collect();
    let mut out = Vec::new();
    // EntityId -> entity id in the store.
    let mut ends: HashMap<&str, String> = HashMap::new();
    let mut links = Vec::new();
    for item in &items {
        let attrs = item_attributes(item);
        if let Some(entity) = item.at(&["End", "Entity"]) {
            let end_id = entity
                .attr("EntityId")
                .filter(|s| !s.trim().is_empty())
                .ok_or_else(|| bad(path, entity, "EntityId is missing"))?;
            let id = attrs
                .get(ATTR_ID)
                .copied()
                .or(entity.attr("Identity"))
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(end_id)
                .to_string();
            if ends.insert(end_id, id.clone()).is_some() {
                return Err(bad(
                    path,
                    entity,
                    format!("EntityId {end_id:?} is used twice"),
                ));
            }
            match attrs.get(ATTR_SCHEMA) {
                Some(schema) => {
                    let s = model()
                        .get(schema)
                        .map_err(|e| bad(path, item, format!("{ATTR_SCHEMA}: {e}")))?;
                    let n =
                        cards_to_fragments(path, &grades, entity, schema, &id, default, &mut out)?;
                    if n == 0 && !s.is_abstract {
                        out.push(Pending {
                            fragment: new_fragment(path, item, schema, &id)?,
                        });
                    }
                }
                None => {
                    let icon = entity
                        .at(&["Icon", "IconStyle"])
                        .and_then(|i| i.attr("Type"))
                        .unwrap_or("");
                    let schema = schema_of_icon(icon).unwrap_or("LegalEntity");
                    let mut f = new_fragment(path, item, schema, &id)?;
                    f.grading = grades.grading(path, item, default)?;
                    foreign_values(path, item, &mut f, &attrs)?;
                    out.push(Pending { fragment: f });
                }
            }
        } else if item.child("Link").is_some() {
            links.push(*item);
        } else {
            return Err(bad(
                path,
                item,
                "a <ChartItem> needs <End><Entity> or <Link>",
            ));
        }
    }
    let mut done: HashSet<String> = HashSet::new();
    for item in links {
        let link = item.child("Link").expect("kept only items with a link");
        let attrs = item_attributes(item);
        let end = |name: &str| -> Result<&String, ImportError> {
            let v = link
                .attr(name)
                .ok_or_else(|| bad(path, link, format!("{name} is missing")))?;
            ends.get(v).ok_or_else(|| {
                bad(
                    path,
                    link,
                    format!("{name} {v:?} names no entity of the chart"),
                )
            })
        };
        let (end1, end2) = (end("End1Id")?, end("End2Id")?);
        if attrs.contains_key(ATTR_PROPERTY) {
            // A node's property: its value travels in the node's cards.
            continue;
        }
        if let Some(schema) = attrs.get(ATTR_SCHEMA) {
            let id = attrs
                .get(ATTR_ID)
                .ok_or_else(|| bad(path, item, format!("{ATTR_SCHEMA} without {ATTR_ID}")))?;
            model()
                .get(schema)
                .map_err(|e| bad(path, item, format!("{ATTR_SCHEMA}: {e}")))?;
            if done.insert(id.to_string()) {
                cards_to_fragments(path, &grades, link, schema, id, default, &mut out)?;
            }
            continue;
        }
        let style = link.child("LinkStyle");
        let kind = style.and_then(|s| s.attr("Type")).unwrap_or("").trim();
        let label = item.attr("Label").unwrap_or("").trim();
        let m = model();
        let schema = m
            .names()
            .filter_map(|n| m.concrete(n).ok())
            .find(|s| {
                s.edge.is_some()
                    && (s.name.eq_ignore_ascii_case(kind) || s.label.eq_ignore_ascii_case(kind))
            })
            .unwrap_or_else(|| m.concrete("Associate").expect("Associate is in the model"));
        let edge = schema.edge.as_ref().expect("an edge schema");
        let (src, dst) = match style.and_then(|s| s.attr("ArrowStyle")) {
            Some("ArrowOnTail") => (end2, end1),
            _ => (end1, end2),
        };
        let datetime = item.attr("DateTime").unwrap_or("");
        let id = make_id("anx", &[src, dst, kind, label, datetime]).expect("ends are not empty");
        let mut f = new_fragment(path, item, &schema.name, &id)?;
        f.grading = grades.grading(path, item, default)?;
        add_value(path, link, &mut f, &edge.source, src)?;
        add_value(path, link, &mut f, &edge.target, dst)?;
        if schema.name == "Associate" {
            let rel = if kind.is_empty() || kind.eq_ignore_ascii_case("link") {
                label
            } else {
                kind
            };
            if !rel.is_empty() {
                add_value(path, item, &mut f, "relationship", rel)?;
            }
        }
        let mut no_label = attrs.clone();
        no_label.remove("name");
        if item.attr("DateSet") == Some("true")
            && let Some(d) = item.attr("DateTime")
        {
            add_value(
                path,
                item,
                &mut f,
                "date",
                &d.chars().take(19).collect::<String>(),
            )?;
        }
        let mut keys: Vec<&&str> = no_label.keys().collect();
        keys.sort();
        for k in keys {
            if f.schema.property(k).is_some() && !no_label[*k].trim().is_empty() {
                add_value(path, item, &mut f, k, no_label[*k])?;
            }
        }
        out.push(Pending { fragment: f });
    }
    Ok((out, items.len() as u64))
}

/// Imports an ANX chart into `store`, all or nothing.
pub fn import_anx(
    store: &mut dyn Store,
    path: &Path,
    opts: &ImportOptions,
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.into(),
        source,
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        ImportError::input(
            Location {
                file: path.into(),
                line: Some(line),
                field: Some(format!("byte {}", e.valid_up_to() + 1)),
            },
            "invalid UTF-8; save the chart as UTF-8 XML",
        )
    })?;
    let grading = opts.grading.unwrap_or_default();
    let (pending, items) = read_chart(path, text, grading)?;
    let file_at = || Location {
        file: path.into(),
        ..Default::default()
    };
    let mut writer = store
        .begin(NewSource {
            name: opts.source_name.clone().unwrap_or_else(|| file_stem(path)),
            kind: "anx".into(),
            path: Some(path.display().to_string()),
            grading,
        })
        .map_err(|source| ImportError::store(file_at(), source))?;
    for p in &pending {
        writer.put(&p.fragment).map_err(|source| {
            ImportError::store(
                Location {
                    file: path.into(),
                    line: None,
                    field: Some(format!("entity {}", p.fragment.id)),
                },
                source,
            )
        })?;
    }
    progress(bytes.len() as u64);
    let source = crate::commit(writer, items, 0, opts)
        .map_err(|source| ImportError::store(file_at(), source))?;
    Ok(ImportReport {
        source,
        rejected: 0,
    })
}
