//! Every mapping names real schemata, properties and columns, and every value the mappings
//! read cleans under its property's type, as the importer will check.

mod common;

use kingpin_model::{PropType, clean_value, model};
use kingpin_scenario::mappings::MAPPINGS;
use std::collections::HashMap;

/// Converts a value in one of the strftime patterns the mappings use to ISO 8601.
fn strptime(value: &str, format: &str) -> Option<String> {
    let (mut y, mut m, mut d, mut hh, mut mi, mut ss) = (None, None, None, None, None, None);
    let (mut v, mut f) = (value, format);
    while !f.is_empty() {
        if let Some(rest) = f.strip_prefix('%') {
            let (spec, rest) = rest.split_at(1);
            let width = if spec == "Y" { 4 } else { 2 };
            let (num, tail) = v.split_at_checked(width)?;
            let n: u32 = num.parse().ok()?;
            match spec {
                "Y" => y = Some(n),
                "m" => m = Some(n),
                "d" => d = Some(n),
                "H" => hh = Some(n),
                "M" => mi = Some(n),
                "S" => ss = Some(n),
                _ => return None,
            }
            v = tail;
            f = rest;
        } else {
            let c = f.chars().next()?;
            v = v.strip_prefix(c)?;
            f = &f[c.len_utf8()..];
        }
    }
    if !v.is_empty() {
        return None;
    }
    let date = format!("{:04}-{:02}-{:02}", y?, m?, d?);
    Some(match (hh, mi, ss) {
        (Some(h), Some(mi), Some(s)) => format!("{date}T{h:02}:{mi:02}:{s:02}"),
        _ => date,
    })
}

#[test]
fn strptime_handles_the_patterns_used() {
    assert_eq!(
        strptime("25/11/2026 14:03:22", "%d/%m/%Y %H:%M:%S").unwrap(),
        "2026-11-25T14:03:22"
    );
    assert_eq!(strptime("03-11-2025", "%d-%m-%Y").unwrap(), "2025-11-03");
    assert!(strptime("2025-11-03", "%d-%m-%Y").is_none());
}

#[test]
fn every_mapped_value_fits_its_property_type() {
    let (dir, manifest) = common::small("validity");
    let model = model();
    for (file, mapping_file, text) in MAPPINGS {
        assert_eq!(
            std::fs::read_to_string(dir.join(mapping_file)).unwrap(),
            *text
        );
        assert!(
            manifest
                .sources
                .iter()
                .any(|s| s.file == *file && s.mapping.as_deref() == Some(mapping_file))
        );
        let mapping: toml::Table =
            toml::from_str(text).unwrap_or_else(|e| panic!("{mapping_file}: {e}"));
        let src = mapping["source"].as_table().unwrap();
        src["grading"]
            .as_str()
            .unwrap()
            .parse::<kingpin_model::Grading>()
            .unwrap();
        let entities = mapping["entities"].as_table().unwrap();
        let mut reader = csv::Reader::from_path(dir.join(file)).unwrap();
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("{mapping_file}: no column {name} in {file}"))
        };
        for extra in ["grading_column", "recorded_column"] {
            if let Some(c) = src.get(extra) {
                col(c.as_str().unwrap());
            }
        }
        // (entity, property, type, column indices, format, split, required)
        type Check = (
            String,
            String,
            PropType,
            Vec<usize>,
            Option<String>,
            Option<String>,
            bool,
        );
        let mut checks: Vec<Check> = Vec::new();
        for (ename, e) in entities {
            let e = e.as_table().unwrap();
            let schema = model
                .get(e["schema"].as_str().unwrap())
                .unwrap_or_else(|err| panic!("{mapping_file}: {err}"));
            assert!(!schema.is_abstract, "{mapping_file}: {ename} is abstract");
            if let Some(keys) = e.get("keys") {
                for k in keys.as_array().unwrap() {
                    col(k.as_str().unwrap());
                }
            } else {
                assert!(
                    !schema.natural_key.is_empty(),
                    "{mapping_file}: {ename} has no keys and no natural key"
                );
            }
            for (pname, pm) in e["properties"].as_table().unwrap() {
                let prop = schema
                    .property(pname)
                    .unwrap_or_else(|| panic!("{mapping_file}: {} has no {pname}", schema.name));
                let pm = pm.as_table().unwrap();
                let ways = ["column", "columns", "literal", "entity"]
                    .iter()
                    .filter(|w| pm.contains_key(**w))
                    .count();
                assert_eq!(ways, 1, "{mapping_file}: {ename}.{pname}");
                if let Some(target) = pm.get("entity") {
                    assert_eq!(
                        prop.kind,
                        PropType::Entity,
                        "{mapping_file}: {ename}.{pname}"
                    );
                    let t = target.as_str().unwrap();
                    let ts = entities[t]["schema"].as_str().unwrap();
                    let range = prop.range.as_deref().unwrap();
                    assert!(
                        model.get(ts).unwrap().is_a(range),
                        "{mapping_file}: {ename}.{pname} -> {ts} is not a {range}"
                    );
                    continue;
                }
                assert_ne!(
                    prop.kind,
                    PropType::Entity,
                    "{mapping_file}: {ename}.{pname} needs entity ="
                );
                if let Some(lit) = pm.get("literal") {
                    clean_value(prop.kind, lit.as_str().unwrap()).unwrap();
                    continue;
                }
                let cols: Vec<usize> = match pm.get("column") {
                    Some(c) => vec![col(c.as_str().unwrap())],
                    None => pm["columns"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| col(c.as_str().unwrap()))
                        .collect(),
                };
                let s = |k: &str| pm.get(k).map(|v| v.as_str().unwrap().to_string());
                let required = pm
                    .get("required")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                checks.push((
                    ename.clone(),
                    pname.clone(),
                    prop.kind,
                    cols,
                    s("format"),
                    s("split"),
                    required,
                ));
            }
        }
        let mut filled: HashMap<(String, String), usize> = HashMap::new();
        for (line, rec) in reader.records().enumerate() {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), headers.len(), "{file}:{}", line + 2);
            for (ename, pname, kind, cols, format, split, required) in &checks {
                for &c in cols {
                    let cell = &rec[c];
                    if *required {
                        assert!(
                            !cell.trim().is_empty(),
                            "{file}:{} {} is required",
                            line + 2,
                            headers[c]
                        );
                    }
                    let parts: Vec<&str> = match split {
                        Some(sep) => cell.split(sep.as_str()).collect(),
                        None => vec![cell],
                    };
                    for v in parts {
                        let v = match format {
                            Some(f) if !v.trim().is_empty() => strptime(v.trim(), f)
                                .unwrap_or_else(|| panic!("{file}:{} {v:?} is not {f}", line + 2)),
                            _ => v.to_string(),
                        };
                        match clean_value(*kind, &v) {
                            Ok(Some(_)) => {
                                *filled.entry((ename.clone(), pname.clone())).or_default() += 1
                            }
                            Ok(None) => {}
                            Err(e) => panic!("{file}:{} column {}: {e}", line + 2, headers[c]),
                        }
                    }
                }
            }
        }
        for (ename, pname, ..) in &checks {
            assert!(
                filled.contains_key(&(ename.clone(), pname.clone())),
                "{file}: {ename}.{pname} is never filled"
            );
        }
    }
}

#[test]
fn ftm_entities_are_valid_and_link_up() {
    let (dir, _) = common::small("validity");
    let model = model();
    let text = std::fs::read_to_string(dir.join("adverts.ftm.jsonl")).unwrap();
    let mut ids = std::collections::HashSet::new();
    let mut refs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let schema = model.get(v["schema"].as_str().unwrap()).unwrap();
        assert!(
            ids.insert(v["id"].as_str().unwrap().to_string()),
            "line {}: duplicate id",
            n + 1
        );
        for (p, vals) in v["properties"].as_object().unwrap() {
            let prop = schema
                .property(p)
                .unwrap_or_else(|| panic!("{} has no {p}", schema.name));
            for val in vals.as_array().unwrap() {
                let val = val.as_str().unwrap();
                assert!(
                    clean_value(prop.kind, val).unwrap().is_some(),
                    "line {}: {p}",
                    n + 1
                );
                if prop.kind == PropType::Entity {
                    refs.push(val.to_string());
                }
            }
        }
    }
    // Phones and accounts are written before the adverts that point at them.
    for r in refs {
        assert!(ids.contains(&r), "dangling reference {r}");
    }
    // The same account id is what accounts.csv's mapping makes from platform + handle.
    for row in common::rows(&dir.join("accounts.csv")) {
        let id =
            kingpin_model::make_id("socialaccount", &[&row["platform"], &row["handle"]]).unwrap();
        assert!(ids.contains(&id), "{id}");
    }
}
