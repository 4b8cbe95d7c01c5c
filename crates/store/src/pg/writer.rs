//! One import as one PostgreSQL transaction. Fragments wait in a batch; each batch resolves
//! all the ids it mentions in two or three queries (existing ones, then the new ones inserted
//! in id order), narrows schemata in one update, and sends its statements and names as column
//! arrays (`INSERT … SELECT FROM unnest(…)`): a few round trips per few thousand statements
//! rather than one per entity.

use super::text::fold;
use crate::sqlite::writer::{fragment_fingerprint, model_err};
use crate::{AuditEntry, Handling, NewSource, Result, SourceInfo};
use kingpin_model::{Fragment, PropType, Schema, model};
use postgres::{Client, Transaction};
use rustc_hash::{FxHashMap, FxHashSet};

/// Statements buffered before a batch is sent.
const BATCH: usize = 4096;
/// Fragment fingerprints remembered for de-duplication before they are forgotten (memory
/// stays bounded; a fragment met again after that is written again, as in SQLite).
const SEEN_LIMIT: usize = 1 << 20;

/// What this batch knows of one id: its eid once resolved, the most specific schema it was
/// given, and whether that schema must be written.
struct Known {
    eid: Option<i64>,
    /// Mentions before this id's first in the batch: new entities are numbered in this order.
    first: usize,
    schema: &'static Schema,
    narrowed: bool,
}

/// One value of a buffered fragment.
struct Value {
    prop: &'static str,
    value: String,
    link: bool,
    searchable: bool,
}

/// A fragment waiting for its batch.
struct Pending {
    id: String,
    grading: String,
    recorded: Option<String>,
    values: Vec<Value>,
}

/// Writes fragments inside an open transaction; `postgres` rolls it back on drop unless
/// committed, so a dropped writer leaves nothing.
pub struct PgWriter<'c> {
    tx: Transaction<'c>,
    source: i64,
    ids: FxHashMap<String, Known>,
    pending: Vec<Pending>,
    pending_statements: usize,
    /// Fingerprints of fragments already written: a CDR repeats the same phone on every row.
    seen: FxHashSet<u128>,
    statements: u64,
    fragments: u64,
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
            tx,
            source,
            ids: FxHashMap::default(),
            pending: Vec::new(),
            pending_statements: 0,
            seen: FxHashSet::default(),
            statements: 0,
            fragments: 0,
        })
    }

    /// Records that this batch mentions `id` as a `schema`: a schema unrelated to what the
    /// batch already knows is refused at once.
    fn note(&mut self, id: &str, schema: &'static Schema) -> Result<()> {
        match self.ids.get_mut(id) {
            None => {
                let first = self.ids.len();
                self.ids.insert(
                    id.to_string(),
                    Known {
                        eid: None,
                        first,
                        schema,
                        narrowed: false,
                    },
                );
            }
            Some(k) => {
                let merged = model()
                    .common(k.schema, schema)
                    .map_err(|e| model_err(id, e))?;
                if !std::ptr::eq(merged, k.schema) {
                    k.schema = merged;
                    k.narrowed = k.eid.is_some();
                }
            }
        }
        Ok(())
    }

    /// Gives every id of the batch its eid: existing entities are looked up (their stored
    /// schema merged with the batch's), new ones inserted in id order, so that concurrent
    /// imports meet shared new ids in the same order within a batch. New entities are
    /// numbered in the order the import first mentioned them, as SQLite numbers them, so
    /// the analytics scans (by entity number) meet them in the same order on both backends.
    fn resolve(&mut self) -> Result<()> {
        let mut unknown: Vec<&str> = self
            .ids
            .iter()
            .filter(|(_, k)| k.eid.is_none())
            .map(|(id, _)| id.as_str())
            .collect();
        unknown.sort_unstable();
        let unknown: Vec<String> = unknown.into_iter().map(str::to_string).collect();
        // An id another import commits between our look-up and our insert is not inserted
        // (ON CONFLICT waits for that import, then skips); the next look-up finds it.
        for _ in 0..3 {
            self.merge_existing(&unknown)?;
            let (new_ids, new_schemata): (Vec<&str>, Vec<&str>) = unknown
                .iter()
                .filter_map(|id| {
                    let k = &self.ids[id];
                    k.eid
                        .is_none()
                        .then_some((id.as_str(), k.schema.name.as_str()))
                })
                .unzip();
            if new_ids.is_empty() {
                return Ok(());
            }
            let mut numbers: Vec<i64> = self
                .tx
                .query(
                    "SELECT nextval(pg_get_serial_sequence('entity', 'eid'))
                     FROM generate_series(1, $1::int)",
                    &[&(new_ids.len() as i32)],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
            numbers.sort_unstable();
            let mut by_mention: Vec<usize> = (0..new_ids.len()).collect();
            by_mention.sort_unstable_by_key(|&i| self.ids[new_ids[i]].first);
            let mut eids = vec![0i64; new_ids.len()];
            for (&i, n) in by_mention.iter().zip(numbers) {
                eids[i] = n;
            }
            let rows = self.tx.query(
                "INSERT INTO entity(eid, id, schema)
                 SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) ORDER BY 2
                 ON CONFLICT (id) DO NOTHING RETURNING eid, id",
                &[&eids, &new_ids, &new_schemata],
            )?;
            for r in &rows {
                if let Some(k) = self.ids.get_mut(r.get::<_, &str>(1)) {
                    k.eid = Some(r.get(0));
                }
            }
        }
        Err(crate::StoreError::Config(
            "entities kept appearing and vanishing under this import; retry it".into(),
        ))
    }

    /// Looks up which of `ids` exist and merges their stored schema with the batch's.
    fn merge_existing(&mut self, ids: &[String]) -> Result<()> {
        let m = model();
        let rows = self.tx.query(
            "SELECT eid, id, schema FROM entity WHERE id = ANY($1)",
            &[&ids],
        )?;
        for r in &rows {
            let (eid, id, stored): (i64, &str, &str) = (r.get(0), r.get(1), r.get(2));
            let Some(k) = self.ids.get_mut(id) else {
                continue;
            };
            if k.eid.is_some() {
                continue;
            }
            let stored = m.get(stored).map_err(|e| model_err(id, e))?;
            let merged = m.common(stored, k.schema).map_err(|e| model_err(id, e))?;
            k.eid = Some(eid);
            k.narrowed = !std::ptr::eq(merged, stored);
            k.schema = merged;
        }
        Ok(())
    }

    /// Writes the schemata this batch narrowed. The rows are locked (in eid order) and their
    /// schema read again under the lock: another import may have narrowed one since the
    /// look-up, and writing the look-up's merge would undo that (Organization over Company).
    fn narrow(&mut self) -> Result<()> {
        let mut wanted: Vec<(i64, String)> = self
            .ids
            .iter()
            .filter(|(_, k)| k.narrowed)
            .map(|(id, k)| (k.eid.expect("resolved"), id.clone()))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        wanted.sort_unstable();
        let eids: Vec<i64> = wanted.iter().map(|w| w.0).collect();
        let rows = self.tx.query(
            "SELECT eid, schema FROM entity WHERE eid = ANY($1) ORDER BY eid FOR UPDATE",
            &[&eids],
        )?;
        let current: FxHashMap<i64, String> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        let m = model();
        let (mut narrow_eid, mut narrow_schema) = (Vec::new(), Vec::new());
        for (eid, id) in &wanted {
            let k = self.ids.get_mut(id).expect("known");
            k.narrowed = false;
            let Some(stored) = current.get(eid) else {
                continue;
            };
            let stored = m.get(stored).map_err(|e| model_err(id, e))?;
            let merged = m.common(stored, k.schema).map_err(|e| model_err(id, e))?;
            k.schema = merged;
            if !std::ptr::eq(merged, stored) {
                narrow_eid.push(*eid);
                narrow_schema.push(merged.name.as_str());
            }
        }
        if !narrow_eid.is_empty() {
            self.tx.execute(
                "UPDATE entity SET schema = u.schema
                 FROM unnest($1::bigint[], $2::text[]) AS u(eid, schema)
                 WHERE entity.eid = u.eid",
                &[&narrow_eid, &narrow_schema],
            )?;
        }
        Ok(())
    }

    /// Sends the batch: ids, narrowed schemata, statements, names.
    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.resolve()?;
        self.narrow()?;
        let mut c = Columns::default();
        for f in std::mem::take(&mut self.pending) {
            let eid = self.ids[&f.id].eid.expect("resolved");
            for v in f.values {
                if v.searchable {
                    c.name_eid.push(eid);
                    c.name_doc.push(fold(&v.value));
                    c.name_text.push(v.value.clone());
                }
                c.eid.push(eid);
                c.prop.push(v.prop);
                c.value.push(v.value);
                c.grading.push(f.grading.clone());
                c.recorded.push(f.recorded.clone());
                c.link.push(v.link);
            }
        }
        self.tx.execute(
            "INSERT INTO statement(eid, source, prop, value, grading, recorded, link)
             SELECT eid, $1, prop, value, grading, recorded, link
             FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                         $7::bool[]) AS u(eid, prop, value, grading, recorded, link)",
            &[
                &self.source,
                &c.eid,
                &c.prop,
                &c.value,
                &c.grading,
                &c.recorded,
                &c.link,
            ],
        )?;
        if !c.name_eid.is_empty() {
            self.tx.execute(
                "INSERT INTO name(eid, source, text, doc)
                 SELECT eid, $1, text, to_tsvector('simple', doc)
                 FROM unnest($2::bigint[], $3::text[], $4::text[]) AS u(eid, text, doc)
                 ON CONFLICT DO NOTHING",
                &[&self.source, &c.name_eid, &c.name_text, &c.name_doc],
            )?;
        }
        // The next batch looks its ids up again (one query), so memory stays bounded.
        self.ids.clear();
        self.pending_statements = 0;
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

/// A batch's statement and name rows, column by column.
#[derive(Default)]
struct Columns {
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

impl crate::Writer for PgWriter<'_> {
    fn put(&mut self, f: &Fragment<'_>) -> Result<()> {
        let m = model();
        // Look the schema up by name so the batch can hold 'static references.
        let schema = m.get(&f.schema.name).map_err(|e| model_err(&f.id, e))?;
        // Events (a call, a payment) are one row each; only what they mention recurs.
        if !schema.is_a("Interval") {
            if self.seen.len() >= SEEN_LIMIT {
                self.seen.clear();
            }
            if !self.seen.insert(fragment_fingerprint(f)) {
                return Ok(());
            }
        }
        self.note(&f.id, schema)?;
        let mut values = Vec::with_capacity(f.values.len());
        for (p, v) in &f.values {
            let prop = schema.property(&p.name).ok_or_else(|| {
                model_err(
                    &f.id,
                    kingpin_model::ModelError::UnknownProperty {
                        schema: schema.name.clone(),
                        prop: p.name.clone(),
                    },
                )
            })?;
            let link = p.kind == PropType::Entity;
            if link {
                let range = p.range.as_deref().unwrap_or("Thing");
                let range = m.get(range).map_err(|e| model_err(v, e))?;
                self.note(v, range)?;
            }
            values.push(Value {
                prop: &prop.name,
                value: v.clone(),
                link,
                searchable: !link && p.kind.is_searchable(),
            });
        }
        self.fragments += 1;
        self.statements += values.len() as u64;
        self.pending_statements += values.len();
        self.pending.push(Pending {
            id: f.id.clone(),
            grading: f.grading.to_string(),
            recorded: f.recorded.clone(),
            values,
        });
        if self.pending_statements >= BATCH {
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
        kingpin_audit::append(
            &mut kingpin_sql::Conn::Pg(&mut self.tx),
            &entry.who,
            &entry.action,
            &entry.target,
            &entry.detail_for(&info),
        )?;
        self.tx.commit()?;
        Ok(info)
    }
}
