//! CSV import driven by a mapping file: one transaction per file.

use crate::error::{ImportError, Location};
use crate::limit::{LineLimit, too_long};
use crate::mapping::{Compiled, CompiledEntity, CompiledProp, IdRule, Mapping, ValueSource};
use crate::{ImportOptions, ImportReport, Progress, file_stem};
use kingpin_model::{Fragment, Grading, PropType, clean_value, make_id};
use kingpin_store::{NewSource, Store};
use std::fs::File;
use std::path::Path;

/// A problem with one row: the column (if known) and the message.
struct RowError {
    column: Option<String>,
    message: String,
}

fn row_err(column: impl Into<String>, message: impl Into<String>) -> RowError {
    RowError {
        column: Some(column.into()),
        message: message.into(),
    }
}

/// Imports a CSV file through `mapping` into `store`, all or nothing.
pub fn import_csv(
    store: &mut dyn Store,
    path: &Path,
    mapping: &Mapping,
    opts: &ImportOptions,
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let at = |line: Option<u64>, field: Option<String>| Location {
        file: path.to_path_buf(),
        line,
        field,
    };
    let file = File::open(path).map_err(|source| ImportError::Io {
        path: path.into(),
        source,
    })?;
    let delimiter = mapping.source.delimiter.unwrap_or(',');
    if !delimiter.is_ascii() {
        return Err(ImportError::input(
            at(None, None),
            "the delimiter must be one ASCII character",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .buffer_capacity(1 << 16)
        .from_reader(LineLimit::new(file, opts.max_line_bytes));
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(e, path))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let compiled = mapping.compile(&header)?;
    let grading = opts.grading.or(mapping.source.grading).unwrap_or_default();
    let name = opts
        .source_name
        .clone()
        .or_else(|| mapping.source.name.clone())
        .unwrap_or_else(|| file_stem(path));
    let mut rejects: Option<csv::Writer<File>> = None;
    let mut rejected = 0u64;
    let mut writer = store
        .begin(NewSource {
            name,
            kind: mapping.source.kind.clone(),
            path: Some(path.display().to_string()),
            grading,
        })
        .map_err(|source| ImportError::store(at(None, None), source))?;
    let mut record = csv::StringRecord::new();
    let mut rows = 0u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let located = csv_error(e, path);
                if opts.skip_bad_rows && recoverable(&located) {
                    rejected += 1;
                    reject(&mut rejects, path, opts, &header, &[], &located)?;
                    continue;
                }
                return Err(located);
            }
        }
        rows += 1;
        let line = record.position().map(|p| p.line());
        match row_fragments(&compiled, &record, grading) {
            Ok(fragments) => {
                for f in &fragments {
                    writer.put(f).map_err(|source| {
                        ImportError::store(at(line, Some(format!("entity {}", f.id))), source)
                    })?;
                }
            }
            Err(e) => {
                let err = ImportError::input(
                    at(line, e.column.map(|c| format!("column {c}"))),
                    e.message,
                );
                if !opts.skip_bad_rows {
                    return Err(err);
                }
                rejected += 1;
                let fields: Vec<&str> = record.iter().collect();
                reject(&mut rejects, path, opts, &header, &fields, &err)?;
            }
        }
        if rows.is_multiple_of(4096) {
            progress(reader.get_ref().consumed());
        }
    }
    progress(reader.get_ref().consumed());
    if let Some(mut w) = rejects {
        w.flush().map_err(|source| ImportError::Io {
            path: rejects_path(path, opts),
            source,
        })?;
    }
    let source = crate::commit(writer, rows, rejected, opts)
        .map_err(|source| ImportError::store(at(None, None), source))?;
    Ok(ImportReport { source, rejected })
}

/// Errors confined to one record; an I/O failure or an over-long line is not.
fn recoverable(e: &ImportError) -> bool {
    matches!(e, ImportError::Input { .. })
}

fn rejects_path(path: &Path, opts: &ImportOptions) -> std::path::PathBuf {
    opts.rejects
        .clone()
        .unwrap_or_else(|| path.with_extension("rejects.csv"))
}

fn reject(
    out: &mut Option<csv::Writer<File>>,
    path: &Path,
    opts: &ImportOptions,
    header: &[String],
    fields: &[&str],
    err: &ImportError,
) -> Result<(), ImportError> {
    let rpath = rejects_path(path, opts);
    let io = |source: csv::Error| ImportError::Io {
        path: rpath.clone(),
        source: source.into(),
    };
    if out.is_none() {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(&rpath)
            .map_err(io)?;
        let mut h: Vec<&str> = vec!["_line", "_field", "_error"];
        h.extend(header.iter().map(String::as_str));
        w.write_record(&h).map_err(io)?;
        *out = Some(w);
    }
    let (line, field, message) = match err {
        ImportError::Input { at, message } => (
            at.line.map(|l| l.to_string()).unwrap_or_default(),
            at.field.clone().unwrap_or_default(),
            message.clone(),
        ),
        other => (String::new(), String::new(), other.to_string()),
    };
    let mut row: Vec<&str> = vec![&line, &field, &message];
    row.extend(fields.iter().copied());
    out.as_mut()
        .expect("created above")
        .write_record(&row)
        .map_err(io)
}

/// Turns a csv error into a located import error.
fn csv_error(e: csv::Error, path: &Path) -> ImportError {
    let mut at = Location {
        file: path.to_path_buf(),
        line: e.position().map(|p| p.line()),
        field: None,
    };
    let message = match e.kind() {
        csv::ErrorKind::Io(io) => {
            if let Some(t) = too_long(io) {
                at.line = Some(t.line);
                return ImportError::LineTooLong { at, max: t.max };
            }
            return ImportError::Io {
                path: path.into(),
                source: std::io::Error::new(io.kind(), io.to_string()),
            };
        }
        csv::ErrorKind::Utf8 { err, .. } => {
            at.field = Some(format!("field {}", err.field() + 1));
            format!(
                "invalid UTF-8: bad byte after {} valid bytes of the field; re-encode the file as UTF-8",
                err.valid_up_to()
            )
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("row has {len} fields but the header has {expected_len}")
        }
        other => format!("{other:?}"),
    };
    ImportError::input(at, message)
}

/// Cleans one raw value for a property, applying the mapping's date format first.
fn clean(p: &CompiledProp, raw: &str) -> Result<Option<String>, String> {
    if let (PropType::Date, Some(fmt)) = (p.prop.kind, &p.format) {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(raw, fmt) {
            return Ok(Some(dt.format("%Y-%m-%dT%H:%M:%S").to_string()));
        }
        if let Ok(d) = chrono::NaiveDate::parse_from_str(raw, fmt) {
            return Ok(Some(d.format("%Y-%m-%d").to_string()));
        }
        return clean_value(PropType::Date, raw).map_err(|_| {
            format!("{raw:?} matches neither the format {fmt:?} nor an ISO 8601 date")
        });
    }
    clean_value(p.prop.kind, raw).map_err(|e| e.to_string())
}

/// Every raw value a property mapping yields for a row, with the index of the column it came
/// from (the column's name is only rendered for an error message).
fn raw_values<'r>(
    p: &'r CompiledProp,
    record: &'r csv::StringRecord,
    out: &mut Vec<(&'r str, Option<usize>)>,
) {
    out.clear();
    match &p.source {
        ValueSource::Columns(cols) => {
            for &c in cols {
                let cell = record.get(c).unwrap_or("");
                match &p.split {
                    Some(sep) => out.extend(cell.split(sep.as_str()).map(|v| (v, Some(c)))),
                    None => out.push((cell, Some(c))),
                }
            }
        }
        ValueSource::Literal(l) => out.push((l.as_str(), None)),
        ValueSource::Entity(_) => {}
    }
}

fn entity_id(
    e: &CompiledEntity,
    record: &csv::StringRecord,
    header_of: &impl Fn(usize) -> String,
) -> Result<Option<String>, RowError> {
    match &e.id {
        IdRule::Column(c) => {
            let v = record.get(*c).unwrap_or("").trim();
            Ok((!v.is_empty()).then(|| v.to_string()))
        }
        IdRule::Keys {
            prefix, columns, ..
        } => {
            let parts: Vec<&str> = columns
                .iter()
                .map(|&c| record.get(c).unwrap_or(""))
                .collect();
            Ok(make_id(prefix, &parts))
        }
        IdRule::Natural { prefix, props } => {
            for &i in props {
                let p = &e.props[i];
                let mut raws = Vec::new();
                raw_values(p, record, &mut raws);
                for &(raw, col) in &raws {
                    match clean(p, raw) {
                        Ok(Some(v)) => return Ok(Some(format!("{prefix}-{v}"))),
                        Ok(None) => {}
                        Err(m) => {
                            let col = col.map(header_of).unwrap_or_else(|| p.prop.name.clone());
                            return Err(row_err(col, m));
                        }
                    }
                }
            }
            Ok(None)
        }
    }
}

/// Builds the fragments one row makes, or says what is wrong with the row.
fn row_fragments(
    c: &Compiled,
    record: &csv::StringRecord,
    default: Grading,
) -> Result<Vec<Fragment<'static>>, RowError> {
    let header_of = |i: usize| {
        c.header
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("#{}", i + 1))
    };
    let grading = match c.grading_column.and_then(|i| record.get(i)).map(str::trim) {
        Some(g) if !g.is_empty() => g
            .parse::<Grading>()
            .map_err(|e| row_err("grading", e.to_string()))?,
        _ => default,
    };
    let recorded = match c.recorded_column.and_then(|i| record.get(i)) {
        Some(r) => {
            clean_value(PropType::Date, r).map_err(|e| row_err("recorded", e.to_string()))?
        }
        None => None,
    };
    let mut ids = Vec::with_capacity(c.entities.len());
    for e in &c.entities {
        ids.push(entity_id(e, record, &header_of)?);
    }
    let mut out = Vec::with_capacity(c.entities.len());
    let mut raws = Vec::new();
    for (e, id) in c.entities.iter().zip(&ids) {
        let Some(id) = id else { continue };
        let mut f = Fragment {
            id: id.clone(),
            schema: e.schema,
            values: Vec::with_capacity(e.props.len()),
            grading,
            recorded: recorded.clone(),
        };
        for p in &e.props {
            let before = f.values.len();
            if let ValueSource::Entity(target) = p.source {
                if let Some(t) = &ids[target] {
                    f.values.push((p.prop, t.clone()));
                }
            } else {
                raw_values(p, record, &mut raws);
                for &(raw, col) in &raws {
                    let col = || {
                        col.map(header_of)
                            .unwrap_or_else(|| format!("literal for {}", p.prop.name))
                    };
                    match clean(p, raw) {
                        Ok(Some(v)) => {
                            if !f
                                .values
                                .iter()
                                .any(|(q, w)| q.name == p.prop.name && *w == v)
                            {
                                f.values.push((p.prop, v));
                            }
                        }
                        Ok(None) => {}
                        Err(m) => {
                            return Err(row_err(col(), format!("{}.{}: {m}", e.name, p.prop.name)));
                        }
                    }
                }
            }
            if p.required && f.values.len() == before {
                return Err(RowError {
                    column: None,
                    message: format!("{}.{} is required but empty", e.name, p.prop.name),
                });
            }
        }
        out.push(f);
    }
    Ok(out)
}
