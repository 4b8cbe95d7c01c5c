//! One import as one PostgreSQL transaction: rows wait in column buffers and enter their
//! tables a few thousand at a time (`INSERT … SELECT FROM unnest(…)`), so an import costs a
//! round trip per new entity and per batch rather than per statement.

use super::text::fold;
use crate::sqlite::writer::{fragment_fingerprint, model_err};
use crate::{AuditEntry, Handling, NewSource, Result, SourceInfo};
use kingpin_model::{Fragment, PropType, Schema, model};
use postgres::{Client, Statement, Transaction};
use rustc_hash::{FxHashMap, FxHashSet};

/// Rows buffered before a batch insert.
const BATCH: usize = 4096;

/// Writes fragments inside an open transaction; `postgres` rolls it back on drop unless
/// committed, so a dropped writer leaves nothing.
pub struct PgWriter<'c> {
    tx: Transaction<'c>,
    source: i64,
    insert_entity: Statement,
    find_entity: Statement,
    update_schema: Statement,
    /// Id -> (eid, schema) of entities met in this import.
    ids: FxHashMap<String, (i64, &'static Schema)>,
    /// Fingerprints of fragments already written: a CDR repeats the same phone on every row.
    seen: FxHashSet<u128>,
    rows: Rows,
    statements: u64,
    fragments: u64,
}

/// Statement and name rows waiting for their batch insert, column by column.
#[derive(Default)]
struct Rows {
    eid: Vec<i64>,
    prop: Vec<&'static str>,
    value: Vec<String>,
    grading: Vec<String>,
    recorded: Vec<Option<String>>,
    link: Vec<bool>,
    name_eid: Vec<i64>,
    name_text: Vec<String>,
    name_doc: Vec<String>,
}

impl<'c> PgWriter<'c> {
    /// Opens the transaction and records the source with its handling.
    pub fn begin(client: &'c mut Client, src: NewSource, h: &Handling) -> Result<Self> {
        let mut tx = client.transaction()?;
        let source: i64 = tx
            .query_one(
                "INSERT INTO source(name, kind, path, imported_at, grading, agency,
                                    releasable_to, compartment)
                 VALUES($1, $2, $3,
                        to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                        $4, $5, $6, $7)
                 RETURNING id",
                &[
                    &src.name,
                    &src.kind,
                    &src.path,
                    &src.grading.to_string(),
                    &h.agency,
                    &h.releasable_text(),
                    &h.compartment,
                ],
            )?
            .get(0);
        Ok(PgWriter {
            insert_entity: tx.prepare(
                "INSERT INTO entity(id, schema) VALUES($1, $2) ON CONFLICT (id) DO NOTHING
                 RETURNING eid",
            )?,
            find_entity: tx.prepare("SELECT eid, schema FROM entity WHERE id = $1")?,
            update_schema: tx.prepare("UPDATE entity SET schema = $2 WHERE eid = $1")?,
            tx,
            source,
            ids: FxHashMap::default(),
            seen: FxHashSet::default(),
            rows: Rows::default(),
            statements: 0,
            fragments: 0,
        })
    }

    /// The eid of `id`, creating the entity if new, and narrowing its schema to the more
    /// specific of what it had and `schema`.
    fn resolve(&mut self, id: &str, schema: &'static Schema) -> Result<i64> {
        let m = model();
        let (eid, current) = match self.ids.get(id) {
            Some(&hit) => hit,
            None => {
                let name = schema.name.as_str();
                if let Some(row) = self.tx.query_opt(&self.insert_entity, &[&id, &name])? {
                    let eid: i64 = row.get(0);
                    self.ids.insert(id.to_string(), (eid, schema));
                    return Ok(eid);
                }
                let row = self.tx.query_one(&self.find_entity, &[&id])?;
                let stored: String = row.get(1);
                let current = m.get(&stored).map_err(|e| model_err(id, e))?;
                (row.get(0), current)
            }
        };
        let mut now = current;
        if !std::ptr::eq(current, schema) {
            now = m.common(current, schema).map_err(|e| model_err(id, e))?;
            if !std::ptr::eq(now, current) {
                let name = now.name.as_str();
                self.tx.execute(&self.update_schema, &[&eid, &name])?;
            }
        }
        self.ids.insert(id.to_string(), (eid, now));
        Ok(eid)
    }

    /// Sends the buffered rows.
    fn flush(&mut self) -> Result<()> {
        let r = std::mem::take(&mut self.rows);
        if !r.eid.is_empty() {
            self.tx.execute(
                "INSERT INTO statement(eid, source, prop, value, grading, recorded, link)
                 SELECT eid, $1, prop, value, grading, recorded, link
                 FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                             $7::bool[]) AS u(eid, prop, value, grading, recorded, link)",
                &[
                    &self.source,
                    &r.eid,
                    &r.prop,
                    &r.value,
                    &r.grading,
                    &r.recorded,
                    &r.link,
                ],
            )?;
        }
        if !r.name_eid.is_empty() {
            self.tx.execute(
                "INSERT INTO name(eid, source, text, doc)
                 SELECT eid, $1, text, to_tsvector('simple', doc)
                 FROM unnest($2::bigint[], $3::text[], $4::text[]) AS u(eid, text, doc)
                 ON CONFLICT DO NOTHING",
                &[&self.source, &r.name_eid, &r.name_text, &r.name_doc],
            )?;
        }
        Ok(())
    }

    /// Writes everything still waiting and the source's figures, short of committing.
    fn finish(&mut self, rows: u64) -> Result<SourceInfo> {
        self.flush()?;
        self.tx.execute(
            "UPDATE source SET rows = $2, statements = $3, fragments = $4 WHERE id = $1",
            &[
                &self.source,
                &(rows as i64),
                &(self.statements as i64),
                &(self.fragments as i64),
            ],
        )?;
        super::read::source(&mut self.tx, self.source)
    }
}

impl crate::Writer for PgWriter<'_> {
    fn put(&mut self, f: &Fragment<'_>) -> Result<()> {
        let m = model();
        // Look the schema up by name so the id cache can hold 'static references.
        let schema = m.get(&f.schema.name).map_err(|e| model_err(&f.id, e))?;
        // Events (a call, a payment) are one row each; only what they mention recurs.
        if !schema.is_a("Interval") && !self.seen.insert(fragment_fingerprint(f)) {
            return Ok(());
        }
        self.fragments += 1;
        let eid = self.resolve(&f.id, schema)?;
        let grading = f.grading.to_string();
        for (p, v) in &f.values {
            let Some(prop) = schema.property(&p.name) else {
                return Err(model_err(
                    &f.id,
                    kingpin_model::ModelError::UnknownProperty {
                        schema: schema.name.clone(),
                        prop: p.name.clone(),
                    },
                ));
            };
            let link = p.kind == PropType::Entity;
            if link {
                let range = p.range.as_deref().unwrap_or("Thing");
                let range = m.get(range).map_err(|e| model_err(v, e))?;
                self.resolve(v, range)?;
            } else if p.kind.is_searchable() {
                self.rows.name_eid.push(eid);
                self.rows.name_text.push(v.clone());
                self.rows.name_doc.push(fold(v));
            }
            let r = &mut self.rows;
            r.eid.push(eid);
            r.prop.push(&prop.name);
            r.value.push(v.clone());
            r.grading.push(grading.clone());
            r.recorded.push(f.recorded.clone());
            r.link.push(link);
        }
        self.statements += f.values.len() as u64;
        if self.rows.eid.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn commit(mut self: Box<Self>, rows: u64) -> Result<SourceInfo> {
        let info = self.finish(rows)?;
        self.tx.commit()?;
        Ok(info)
    }

    fn commit_audited(mut self: Box<Self>, rows: u64, entry: &AuditEntry) -> Result<SourceInfo> {
        let info = self.finish(rows)?;
        // Inside this writer's transaction, so the record lands with the import or not at all.
        super::audit::append(&mut self.tx, entry, &entry.detail_for(&info))?;
        self.tx.commit()?;
        Ok(info)
    }
}
