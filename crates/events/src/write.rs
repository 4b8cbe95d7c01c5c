//! Writing event tables as month-partitioned Parquet, atomically per run.
//!
//! An [`Output`] writes every table of one run into a temporary directory beside the target
//! and renames it into place only when all of them are closed, so a reader never sees half an
//! export and a failed run leaves nothing behind. A [`TableWriter`] keeps one open Parquet file
//! per month it has seen and a bounded buffer of rows per file, so memory does not grow with
//! the number of rows written.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use datafusion::arrow::array::{ArrayRef, Float64Builder, Int64Builder, StringBuilder};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::properties::WriterProperties;

use crate::tables::{MONTH, UNDATED};

/// Rows buffered per open file before they are encoded.
const BUFFER_ROWS: usize = 32 * 1024;

/// One cell of a row, in the order of the table's schema.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    /// A string or nothing.
    Str(Option<&'a str>),
    /// A 64-bit integer or nothing.
    Int(Option<i64>),
    /// A float or nothing.
    Float(Option<f64>),
}

/// The month partition of an epoch-seconds time (`2025-03`), or [`UNDATED`].
pub fn month_of(time: Option<i64>) -> String {
    match time {
        None => UNDATED.to_string(),
        Some(t) => {
            let (y, m, _) = kingpin_model::calendar::civil_from_days(t.div_euclid(86_400));
            format!("{y:04}-{m:02}")
        }
    }
}

/// Parquet settings for event tables: zstd, and dictionaries large enough for a country's
/// phone numbers (past the default 1 MiB the writer falls back to plain strings, several
/// times larger).
fn properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(1).expect("level 1")))
        .set_dictionary_page_size_limit(16 << 20)
        .set_max_row_group_row_count(Some(1 << 20))
        .build()
}

enum Column {
    Str(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
}

/// Rows of one file not yet handed to its Parquet writer.
struct Buffer {
    columns: Vec<Column>,
    rows: usize,
}

impl Buffer {
    fn new(schema: &SchemaRef) -> Self {
        let columns = schema
            .fields()
            .iter()
            .map(|f| match f.data_type() {
                DataType::Int64 => Column::Int(Int64Builder::new()),
                DataType::Float64 => Column::Float(Float64Builder::new()),
                _ => Column::Str(StringBuilder::new()),
            })
            .collect();
        Self { columns, rows: 0 }
    }

    fn batch(&mut self, schema: &SchemaRef) -> anyhow::Result<RecordBatch> {
        let arrays: Vec<ArrayRef> = self
            .columns
            .iter_mut()
            .map(|c| -> ArrayRef {
                match c {
                    Column::Str(b) => Arc::new(b.finish()),
                    Column::Int(b) => Arc::new(b.finish()),
                    Column::Float(b) => Arc::new(b.finish()),
                }
            })
            .collect();
        self.rows = 0;
        Ok(RecordBatch::try_new(schema.clone(), arrays)?)
    }
}

/// One month's file.
struct Part {
    path: PathBuf,
    writer: ArrowWriter<File>,
    buffer: Buffer,
}

/// Writes one table, one Parquet file per month (or a single file when unpartitioned).
pub struct TableWriter {
    name: &'static str,
    dir: PathBuf,
    schema: SchemaRef,
    partitioned: bool,
    parts: BTreeMap<String, Part>,
    rows: u64,
}

impl TableWriter {
    fn new(name: &'static str, dir: PathBuf, schema: SchemaRef, partitioned: bool) -> Self {
        Self {
            name,
            dir,
            schema,
            partitioned,
            parts: BTreeMap::new(),
            rows: 0,
        }
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Appends one row; `time` picks the month partition. A value of the wrong type, or a
    /// missing value in a required column, is an error naming the table and the field.
    pub fn push(&mut self, time: Option<i64>, row: &[Value<'_>]) -> anyhow::Result<()> {
        let fields = self.schema.fields();
        if row.len() != fields.len() {
            bail!(
                "{}: a row of {} values for {} columns",
                self.name,
                row.len(),
                fields.len()
            );
        }
        let key = if self.partitioned {
            month_of(time)
        } else {
            String::new()
        };
        if !self.parts.contains_key(&key) {
            let part = self.open(&key)?;
            self.parts.insert(key.clone(), part);
        }
        let part = self.parts.get_mut(&key).expect("opened above");
        for ((v, col), f) in row.iter().zip(&mut part.buffer.columns).zip(fields) {
            let missing = matches!(v, Value::Str(None) | Value::Int(None) | Value::Float(None));
            if missing && !f.is_nullable() {
                bail!(
                    "{}: field {} is required but missing",
                    part.path.display(),
                    f.name()
                );
            }
            match (v, col) {
                (Value::Str(s), Column::Str(b)) => b.append_option(*s),
                (Value::Int(i), Column::Int(b)) => b.append_option(*i),
                (Value::Float(x), Column::Float(b)) => b.append_option(*x),
                (v, _) => bail!(
                    "{}: field {} is {}, not {v:?}",
                    part.path.display(),
                    f.name(),
                    f.data_type()
                ),
            }
        }
        part.buffer.rows += 1;
        self.rows += 1;
        if part.buffer.rows >= BUFFER_ROWS {
            let batch = part.buffer.batch(&self.schema)?;
            part.writer
                .write(&batch)
                .with_context(|| format!("writing {}", part.path.display()))?;
        }
        Ok(())
    }

    fn open(&self, month: &str) -> anyhow::Result<Part> {
        let dir = if self.partitioned {
            self.dir.join(format!("{MONTH}={month}"))
        } else {
            self.dir.clone()
        };
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join("part-00000.parquet");
        let file = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(properties()))
            .with_context(|| format!("{}", path.display()))?;
        Ok(Part {
            path,
            writer,
            buffer: Buffer::new(&self.schema),
        })
    }

    /// Writes what is buffered and closes every file.
    fn close(self) -> anyhow::Result<u64> {
        for (_, mut part) in self.parts {
            if part.buffer.rows > 0 {
                let batch = part.buffer.batch(&self.schema)?;
                part.writer
                    .write(&batch)
                    .with_context(|| format!("writing {}", part.path.display()))?;
            }
            part.writer
                .close()
                .with_context(|| format!("closing {}", part.path.display()))?;
        }
        Ok(self.rows)
    }
}

/// One run's output directory, written aside and renamed into place by [`Output::finish`].
pub struct Output {
    target: PathBuf,
    tmp: PathBuf,
    replace: bool,
    finished: bool,
}

impl Output {
    /// Starts a run writing to `target`. An existing `target` is an error unless `replace`,
    /// in which case it is replaced only when the run finishes.
    pub fn create(target: &Path, replace: bool) -> anyhow::Result<Self> {
        if target.exists() && !replace {
            bail!(
                "{} exists: give --replace to replace it, or another --out",
                target.display()
            );
        }
        let name = target
            .file_name()
            .with_context(|| format!("{}: not a directory name", target.display()))?
            .to_string_lossy()
            .into_owned();
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("creating {}", parent.display()))?;
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).with_context(|| format!("removing {}", tmp.display()))?;
        }
        std::fs::create_dir(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        Ok(Self {
            target: target.to_path_buf(),
            tmp,
            replace,
            finished: false,
        })
    }

    /// A writer for table `name` (one of [`crate::tables::all`]).
    pub fn table(&self, name: &'static str) -> anyhow::Result<TableWriter> {
        let (_, schema, partitioned) = crate::tables::all()
            .into_iter()
            .find(|t| t.0 == name)
            .with_context(|| format!("no table {name}"))?;
        Ok(TableWriter::new(
            name,
            self.tmp.join(name),
            schema,
            partitioned,
        ))
    }

    /// Closes `tables` and moves the run into place; returns rows written per table.
    pub fn finish(mut self, tables: Vec<TableWriter>) -> anyhow::Result<Vec<(&'static str, u64)>> {
        let mut counts = Vec::new();
        for t in tables {
            let name = t.name;
            // A table with no rows still gets its directory: readers see an empty table.
            std::fs::create_dir_all(&t.dir)?;
            counts.push((name, t.close()?));
        }
        if self.target.exists() {
            if !self.replace {
                bail!("{} appeared while writing", self.target.display());
            }
            let old = self.tmp.with_extension("old");
            std::fs::rename(&self.target, &old)
                .with_context(|| format!("moving {} aside", self.target.display()))?;
            std::fs::rename(&self.tmp, &self.target)
                .with_context(|| format!("renaming into {}", self.target.display()))?;
            std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
        } else {
            std::fs::rename(&self.tmp, &self.target)
                .with_context(|| format!("renaming into {}", self.target.display()))?;
        }
        self.finished = true;
        Ok(counts)
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.finished {
            // A failed run leaves nothing behind.
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_of_times() {
        assert_eq!(month_of(None), "none");
        assert_eq!(month_of(Some(0)), "1970-01");
        assert_eq!(month_of(Some(1_762_465_389)), "2025-11");
        assert_eq!(month_of(Some(1_735_689_599)), "2024-12");
    }

    #[test]
    fn a_failed_run_leaves_nothing_and_a_finished_one_replaces_atomically() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("ev");
        {
            let out = Output::create(&target, false).unwrap();
            let mut t = out.table(crate::tables::CELLS).unwrap();
            t.push(
                Some(0),
                &[
                    Value::Str(Some("phone-1")),
                    Value::Str(Some("cell-1")),
                    Value::Int(Some(0)),
                    Value::Str(None),
                ],
            )
            .unwrap();
            // A required field missing: the error names the file and the field.
            let e = t
                .push(
                    None,
                    &[
                        Value::Str(None),
                        Value::Str(Some("cell-1")),
                        Value::Int(None),
                        Value::Str(None),
                    ],
                )
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("field phone is required") && e.contains("month=none"),
                "{e}"
            );
            let e = t
                .push(
                    None,
                    &[
                        Value::Str(Some("p")),
                        Value::Int(Some(1)),
                        Value::Int(None),
                        Value::Str(None),
                    ],
                )
                .unwrap_err()
                .to_string();
            assert!(e.contains("field cell is Utf8"), "{e}");
            // Dropped without finish.
        }
        assert!(!target.exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
        let out = Output::create(&target, false).unwrap();
        let t = out.table(crate::tables::CELLS).unwrap();
        out.finish(vec![t]).unwrap();
        assert!(target.join("cells").is_dir());
        let e = Output::create(&target, false).err().unwrap().to_string();
        assert!(e.contains("--replace"), "{e}");
        let out = Output::create(&target, true).unwrap();
        let mut t = out.table(crate::tables::CELLS).unwrap();
        t.push(
            Some(86_400 * 40),
            &[
                Value::Str(Some("phone-1")),
                Value::Str(Some("cell-1")),
                Value::Int(Some(86_400 * 40)),
                Value::Str(None),
            ],
        )
        .unwrap();
        assert_eq!(out.finish(vec![t]).unwrap(), vec![("cells", 1)]);
        assert!(
            target
                .join("cells/month=1970-02/part-00000.parquet")
                .is_file()
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
