//! Query results for people (text tables, times as ISO dates) and for programs (JSON).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Int64Type, Schema};
use datafusion::arrow::json::ArrayWriter;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::arrow::util::pretty::pretty_format_batches;

/// Columns holding epoch seconds, shown as dates in text tables.
const TIME_COLUMNS: [&str; 3] = ["time", "first", "last"];

/// `batch` with its epoch-second columns as ISO date-times.
fn with_dates(batch: &RecordBatch) -> anyhow::Result<RecordBatch> {
    let schema = batch.schema();
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for (f, col) in schema.fields().iter().zip(batch.columns()) {
        if TIME_COLUMNS.contains(&f.name().as_str()) && f.data_type() == &DataType::Int64 {
            let t = col.as_primitive::<Int64Type>();
            let s: StringArray = (0..t.len())
                .map(|i| (!t.is_null(i)).then(|| kingpin_model::calendar::iso_datetime(t.value(i))))
                .collect();
            fields.push(Field::new(f.name(), DataType::Utf8, true));
            columns.push(Arc::new(s));
        } else {
            fields.push(f.as_ref().clone());
            columns.push(col.clone());
        }
    }
    Ok(RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns,
    )?)
}

/// A text table of `batches`, times as ISO date-times (UTC).
pub fn table(batches: &[RecordBatch]) -> anyhow::Result<String> {
    let shown = batches
        .iter()
        .map(with_dates)
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(pretty_format_batches(&shown)?.to_string())
}

/// `batches` as a JSON array of row objects (times as epoch seconds).
pub fn json(batches: &[RecordBatch]) -> anyhow::Result<String> {
    let mut w = ArrayWriter::new(Vec::new());
    for b in batches {
        w.write(b)?;
    }
    w.finish()?;
    let out = String::from_utf8(w.into_inner())?;
    // An empty result is an empty array, not an empty string.
    Ok(if out.is_empty() { "[]".into() } else { out })
}

/// Rows in `batches`.
pub fn rows(batches: &[RecordBatch]) -> usize {
    batches.iter().map(RecordBatch::num_rows).sum()
}
