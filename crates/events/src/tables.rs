//! The event tables: their Arrow schemas and their registration with a DataFusion session.
//!
//! Each table is a directory of Parquet files partitioned hive-style by month
//! (`calls/month=2025-03/part-00000.parquet`; records without a date go to `month=none`).
//! Times are seconds since the Unix epoch (UTC) in an `Int64` column named `time`, so that a
//! window is a plain comparison that Parquet statistics can prune, on any engine.

use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::prelude::{ParquetReadOptions, SessionContext};

/// Calls: one row per call or message.
pub const CALLS: &str = "calls";
/// Payments: one row per transfer (bank, hawala, cash).
pub const PAYMENTS: &str = "payments";
/// Cell-site records: a phone seen at a cell at a time.
pub const CELLS: &str = "cells";
/// Phone, SIM, handset and account (and person) ids to the person node they collapse onto.
pub const PERSON_MAP: &str = "person_map";

/// The hive partition column of the event tables.
pub const MONTH: &str = "month";
/// The partition of records without a date.
pub const UNDATED: &str = "none";

fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn int(name: &str) -> Field {
    Field::new(name, DataType::Int64, true)
}

/// Schema of [`CALLS`] (without the partition column).
pub fn calls_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("id", false),
        utf8("caller", false),
        utf8("receiver", false),
        int("time"),
        int("duration"),
        utf8("caller_cell", true),
        utf8("receiver_cell", true),
        utf8("call_type", true),
        utf8("source", true),
        utf8("grading", true),
    ]))
}

/// Schema of [`PAYMENTS`] (without the partition column).
pub fn payments_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("id", false),
        utf8("payer", false),
        utf8("beneficiary", false),
        utf8("payer_account", true),
        utf8("beneficiary_account", true),
        Field::new("amount", DataType::Float64, true),
        utf8("currency", true),
        int("time"),
        utf8("channel", true),
        utf8("agent", true),
        utf8("source", true),
        utf8("grading", true),
    ]))
}

/// Schema of [`CELLS`] (without the partition column).
pub fn cells_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("phone", false),
        utf8("cell", false),
        int("time"),
        // The call the record comes from; null for a standalone record (a location update).
        utf8("call", true),
    ]))
}

/// Schema of [`PERSON_MAP`] (not partitioned).
pub fn person_map_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("id", false),
        utf8("person", false),
        utf8("caption", true),
        utf8("kind", false),
    ]))
}

/// Every table written by this crate: name, schema, and whether it is partitioned by month.
pub fn all() -> [(&'static str, SchemaRef, bool); 4] {
    [
        (CALLS, calls_schema(), true),
        (PAYMENTS, payments_schema(), true),
        (CELLS, cells_schema(), true),
        (PERSON_MAP, person_map_schema(), false),
    ]
}

/// Registers the tables found under `dir` (as written by [`crate::write::Output`]) with `ctx`,
/// under the names above; a table whose directory is missing is registered empty, so every
/// query runs on a partial export. Registration is kept apart from the queries so that the
/// same queries run on any session holding these tables (a Ballista cluster's, say).
pub async fn register(ctx: &SessionContext, dir: &Path) -> anyhow::Result<()> {
    anyhow::ensure!(
        dir.is_dir(),
        "{}: no such directory (write one with kingpin_events::export or generate)",
        dir.display()
    );
    for (name, schema, partitioned) in all() {
        let path = dir.join(name);
        if !path.is_dir() {
            let mut fields: Vec<Field> = schema.fields().iter().map(|f| (**f).clone()).collect();
            if partitioned {
                fields.push(utf8(MONTH, false));
            }
            let empty = datafusion::arrow::record_batch::RecordBatch::new_empty(Arc::new(
                Schema::new(fields),
            ));
            ctx.register_batch(name, empty)?;
            continue;
        }
        let mut opts = ParquetReadOptions::default().schema(schema.as_ref());
        if partitioned {
            opts = opts.table_partition_cols(vec![(MONTH.to_string(), DataType::Utf8)]);
        }
        let url = format!("{}/", path.display());
        ctx.register_parquet(name, &url, opts)
            .await
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    Ok(())
}
