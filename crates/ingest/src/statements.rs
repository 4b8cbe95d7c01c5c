//! Statement export: one CSV row per statement, in FollowTheMoney 4's statement form plus
//! Kingpin's grading, so provenance leaves the platform intact.

use crate::ftm::{ExportError, io_store};
use kingpin_model::{make_id, model};
use kingpin_store::Store;
use std::io::Write;

/// Column names of the statement export.
pub const COLUMNS: [&str; 11] = [
    "id",
    "entity_id",
    "canonical_id",
    "prop",
    "prop_type",
    "schema",
    "value",
    "dataset",
    "first_seen",
    "grading",
    "handling",
];

/// Writes every statement as CSV; returns the number of rows.
pub fn export_statements(store: &dyn Store, out: &mut dyn Write) -> Result<u64, ExportError> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| io_store(e.into());
    w.write_record(COLUMNS).map_err(err)?;
    let mut rows = 0u64;
    let m = model();
    store.for_each_entity(None, &mut |e| {
        let schema = m.get(&e.schema).ok();
        for s in &e.statements {
            let kind = schema
                .and_then(|sc| sc.property(&s.prop))
                .map(|p| format!("{:?}", p.kind).to_lowercase())
                .unwrap_or_default();
            let id = make_id("", &[&e.id, &s.prop, &s.value, &s.prov.source]).unwrap_or_default();
            let grading = s.prov.grading.to_string();
            w.write_record([
                id.as_str(),
                &e.id,
                &e.id,
                &s.prop,
                &kind,
                &e.schema,
                &s.value,
                &s.prov.source,
                s.prov.recorded.as_deref().unwrap_or(""),
                &grading[..2],
                &grading[2..],
            ])
            .map_err(err)?;
            rows += 1;
        }
        Ok(())
    })?;
    w.flush()?;
    Ok(rows)
}
