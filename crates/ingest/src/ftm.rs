//! FollowTheMoney entity JSON lines, in and out.
//!
//! In: one entity (or fragment) a line, `{"id", "schema", "properties": {prop: [values]}}`;
//! extra keys are context, except Kingpin's `grading` and `recorded`, which set the
//! provenance of that line's values. Out: one merged entity a line, or with `fragments`
//! one line per entity, grading and recorded date, so provenance survives the trip.

use crate::error::{ImportError, Location};
use crate::limit::DEFAULT_MAX_LINE_BYTES;
use crate::{ImportOptions, ImportReport, Progress, file_stem};
use kingpin_model::{Entity, Fragment, FragmentError, Grading, PropType, clean_value, model};
use kingpin_store::{NewSource, Store};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

/// Reads one line of at most `max` bytes into `buf` (without the line end). `Ok(false)` at
/// end of input; an error if the line is longer, without reading the rest of it into memory.
pub(crate) fn read_line_limited(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<usize>> {
    buf.clear();
    let n = r.by_ref().take(max as u64 + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    } else if buf.len() > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "line too long",
        ));
    }
    Ok(Some(n))
}

/// Imports FtM JSON lines into `store`, all or nothing.
pub fn import_ftm(
    store: &mut dyn Store,
    path: &Path,
    opts: &ImportOptions,
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let file = File::open(path).map_err(|source| ImportError::Io {
        path: path.into(),
        source,
    })?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let grading = opts.grading.unwrap_or_default();
    let max = if opts.max_line_bytes == 0 {
        DEFAULT_MAX_LINE_BYTES
    } else {
        opts.max_line_bytes
    };
    let mut writer = store
        .begin(NewSource {
            name: opts.source_name.clone().unwrap_or_else(|| file_stem(path)),
            kind: "ftm".into(),
            path: Some(path.display().to_string()),
            grading,
        })
        .map_err(|source| {
            ImportError::store(
                Location {
                    file: path.into(),
                    ..Default::default()
                },
                source,
            )
        })?;
    let mut buf = Vec::new();
    let (mut line, mut rows, mut consumed) = (0u64, 0u64, 0u64);
    loop {
        line += 1;
        let at = |field: Option<String>| Location {
            file: path.into(),
            line: Some(line),
            field,
        };
        match read_line_limited(&mut reader, &mut buf, max) {
            Ok(None) => break,
            Ok(Some(n)) => consumed += n as u64,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(ImportError::LineTooLong { at: at(None), max });
            }
            Err(source) => {
                return Err(ImportError::Io {
                    path: path.into(),
                    source,
                });
            }
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        rows += 1;
        let fragment =
            parse_line(&buf, grading).map_err(|(field, msg)| ImportError::input(at(field), msg))?;
        writer.put(&fragment).map_err(|source| {
            ImportError::store(at(Some(format!("entity {}", fragment.id))), source)
        })?;
        if rows.is_multiple_of(4096) {
            progress(consumed);
        }
    }
    progress(consumed);
    let source = crate::commit(writer, rows, 0, opts).map_err(|source| {
        ImportError::store(
            Location {
                file: path.into(),
                ..Default::default()
            },
            source,
        )
    })?;
    Ok(ImportReport {
        source,
        rejected: 0,
    })
}

/// A line's problem: the field or column it is in (if known) and what is wrong.
pub type LineError = (Option<String>, String);

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Parses and validates one FtM JSON line into a fragment; the error names the field.
pub fn parse_line(buf: &[u8], default: Grading) -> Result<Fragment<'static>, LineError> {
    let text = std::str::from_utf8(buf).map_err(|e| {
        (
            Some(format!("byte {}", e.valid_up_to() + 1)),
            "invalid UTF-8; re-encode the file as UTF-8".to_string(),
        )
    })?;
    let obj: Map<String, Value> = serde_json::from_str(text).map_err(|e| {
        (
            Some(format!("column {}", e.column())),
            format!("not a JSON object: {e}"),
        )
    })?;
    let field = |k: &str| -> Result<&str, LineError> {
        match obj.get(k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
            _ => Err((
                Some(k.to_string()),
                format!("\"{k}\" must be a non-empty string"),
            )),
        }
    };
    let id = field("id")?;
    let schema = field("schema")?;
    let mut f =
        Fragment::new(model(), schema, id).map_err(|e| (Some("schema".into()), e.to_string()))?;
    f.grading = match obj.get("grading") {
        None | Some(Value::Null) => default,
        Some(v) => scalar(v)
            .and_then(|g| g.parse().ok())
            .ok_or_else(|| (Some("grading".into()), format!("invalid 3x5x2 grading {v}")))?,
    };
    if let Some(v) = obj.get("recorded").filter(|v| !v.is_null()) {
        let raw = scalar(v).unwrap_or_default();
        f.recorded = clean_value(PropType::Date, &raw)
            .map_err(|e| (Some("recorded".into()), e.to_string()))?;
    }
    let props = match obj.get("properties") {
        None | Some(Value::Null) => return Ok(f),
        Some(Value::Object(p)) => p,
        Some(_) => {
            return Err((
                Some("properties".into()),
                "\"properties\" must be an object".into(),
            ));
        }
    };
    for (prop, values) in props {
        let place = Some(format!("properties.{prop}"));
        let list: Vec<&Value> = match values {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for v in list {
            let raw = scalar(v)
                .ok_or_else(|| (place.clone(), format!("values must be strings, got {v}")))?;
            f.add(prop, &raw).map_err(|e| match e {
                FragmentError::Model(m) => (place.clone(), m.to_string()),
                FragmentError::Value { source, .. } => (place.clone(), source.to_string()),
            })?;
        }
    }
    Ok(f)
}

/// The FtM JSON of a merged entity: properties sorted, values in first-seen order.
pub fn entity_json(e: &Entity) -> Value {
    let props: BTreeMap<&str, Vec<&str>> = e.properties();
    json!({ "id": e.id, "schema": e.schema, "properties": props })
}

/// One FtM line per (grading, recorded) group of an entity's statements, carrying
/// Kingpin's `grading`, `recorded` and `source` keys.
pub fn fragment_json(e: &Entity) -> Vec<Value> {
    type Key = (String, String, Option<String>);
    let mut groups: BTreeMap<Key, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for s in &e.statements {
        let key = (
            s.prov.source.clone(),
            s.prov.grading.to_string(),
            s.prov.recorded.clone(),
        );
        let vals = groups
            .entry(key)
            .or_default()
            .entry(s.prop.as_str())
            .or_default();
        if !vals.contains(&s.value.as_str()) {
            vals.push(&s.value);
        }
    }
    groups
        .into_iter()
        .map(|((source, grading, recorded), props)| {
            let mut v = json!({ "id": e.id, "schema": e.schema, "properties": props,
                                "grading": grading, "source": source });
            if let Some(r) = recorded {
                v["recorded"] = json!(r);
            }
            v
        })
        .collect()
}

/// Writes every entity of the store as FtM JSON lines; returns the number of lines.
pub fn export_ftm(
    store: &dyn Store,
    out: &mut dyn Write,
    fragments: bool,
) -> Result<u64, ExportError> {
    let mut lines = 0u64;
    store.for_each_entity(None, &mut |e| {
        let values = if fragments {
            fragment_json(&e)
        } else {
            vec![entity_json(&e)]
        };
        for v in values {
            serde_json::to_writer(&mut *out, &v)
                .map_err(std::io::Error::from)
                .map_err(io_store)?;
            out.write_all(b"\n").map_err(io_store)?;
            lines += 1;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(lines)
}

/// An export failure.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] kingpin_store::StoreError),
    /// Writing the output failed.
    #[error("writing output: {0}")]
    Io(#[from] std::io::Error),
}

/// Carries an I/O error out through the store's streaming callback.
pub(crate) fn io_store(e: std::io::Error) -> kingpin_store::StoreError {
    kingpin_store::StoreError::Callback(Box::new(e))
}
