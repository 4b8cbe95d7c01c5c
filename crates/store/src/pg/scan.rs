//! The analytics scans ([`Scan`]) on PostgreSQL. Statements are one row each here, so a
//! fragment is rebuilt from the statements of one (entity, source, grading, recording time),
//! packed in SQL with the SQLite codec's separators: callers parse both backends' rows alike.
//! Rows stream through a portal in one read-only, repeatable-read transaction (one consistent
//! snapshot, whatever imports commit meanwhile), a batch per round trip: the client never holds
//! more than one batch, however large the table.

use super::PgStore;
use super::read::named_only;
use crate::sqlite::codec::{RECORD, UNIT};
use crate::{EntityRow, FragmentRow, Result, Scan, StoreError};
use postgres::{Client, IsolationLevel, Transaction};
use std::cell::RefMut;

/// Rows fetched per round trip.
const BATCH: i32 = 4096;

/// The statements of one entity from one source, grading and recording time, in the order
/// they were written, as one packed fragment; one entity's fragments together, in the order
/// they were written (as on SQLite, where they are rows of their own). Grouped in the order
/// of the statement index (`statement_eid`), so the groups stream out as the index is walked
/// instead of waiting for a hash table over the whole table.
const FRAGMENTS: &str = "
    SELECT e.eid, e.id, e.schema, s.grading, s.recorded,
           string_agg(s.prop || $3 || s.value || $4, '' ORDER BY s.sid)
    FROM statement s JOIN entity e ON e.eid = s.eid
    WHERE ($1::text[] IS NULL OR e.schema = ANY($1))
      AND ($2::bigint[] IS NULL OR s.source = ANY($2))
    GROUP BY e.eid, s.source, s.grading, s.recorded
    ORDER BY e.eid, s.source, min(s.sid)";

/// Every entity (unrestricted view).
const ENTITIES: &str = "
    SELECT eid, id, schema FROM entity
    WHERE $1::text[] IS NULL OR schema = ANY($1)
    ORDER BY eid";

/// Entities a visible statement describes (restricted view): their stored schema stands.
const DESCRIBED: &str = "
    SELECT e.eid, e.id, e.schema FROM entity e
    WHERE ($1::text[] IS NULL OR e.schema = ANY($1))
      AND EXISTS (SELECT 1 FROM statement s WHERE s.eid = e.eid AND s.source = ANY($2))
    ORDER BY e.eid";

impl PgStore {
    /// The connection for one scan, or a clear error if `f` of another scan reached back into
    /// the store (the portal holds the connection until the scan ends).
    fn scan_client(&self) -> Result<RefMut<'_, Client>> {
        self.client.try_borrow_mut().map_err(|_| {
            StoreError::Config("a scan's callback may not use the store it scans".into())
        })
    }
}

/// A snapshot that sees one committed state throughout, and writes nothing.
fn snapshot(client: &mut Client) -> Result<Transaction<'_>> {
    Ok(client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?)
}

/// Runs `sql` through a portal and hands its rows to `row`, a batch per round trip.
fn stream(
    tx: &mut Transaction<'_>,
    sql: &str,
    params: &[&(dyn postgres::types::ToSql + Sync)],
    row: &mut dyn FnMut(&postgres::Row) -> Result<()>,
) -> Result<()> {
    let portal = tx.bind(sql, params)?;
    loop {
        let rows = tx.query_portal(&portal, BATCH)?;
        for r in &rows {
            row(r)?;
        }
        if rows.len() < BATCH as usize {
            return Ok(());
        }
    }
}

impl Scan for PgStore {
    fn scan_fragments(
        &self,
        schemata: Option<&[&str]>,
        f: &mut dyn FnMut(&FragmentRow<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut client = self.scan_client()?;
        let mut tx = snapshot(&mut client)?;
        let (unit, record) = (UNIT.to_string(), RECORD.to_string());
        let sees = self.view.source_ids();
        stream(
            &mut tx,
            FRAGMENTS,
            &[&schemata, &sees, &unit, &record],
            &mut |r| {
                f(&FragmentRow {
                    eid: r.try_get(0)?,
                    id: r.try_get(1)?,
                    schema: r.try_get(2)?,
                    grading: r.try_get(3)?,
                    recorded: r.try_get(4)?,
                    props: r.try_get(5)?,
                })
            },
        )?;
        Ok(tx.commit()?)
    }

    fn scan_entities(
        &self,
        schemata: Option<&[&str]>,
        f: &mut dyn FnMut(&EntityRow<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut client = self.scan_client()?;
        let mut tx = snapshot(&mut client)?;
        let Some(sources) = self.view.source_ids() else {
            stream(&mut tx, ENTITIES, &[&schemata], &mut |r| {
                f(&EntityRow {
                    eid: r.try_get(0)?,
                    id: r.try_get(1)?,
                    schema: r.try_get(2)?,
                })
            })?;
            return Ok(tx.commit()?);
        };
        // Entities only named by visible statements, as those statements show them, merged
        // by number into the stream of described ones. Filtered on the schema shown.
        let wanted = |s: &str| schemata.is_none_or(|list| list.contains(&s));
        let named: Vec<_> = named_only(&mut tx, sources)?
            .into_iter()
            .filter(|n| wanted(n.schema))
            .collect();
        let mut named = named.iter().peekable();
        stream(&mut tx, DESCRIBED, &[&schemata, &sources], &mut |r| {
            let eid: i64 = r.try_get(0)?;
            while let Some(n) = named.next_if(|n| n.eid < eid) {
                f(&n.row())?;
            }
            f(&EntityRow {
                eid,
                id: r.try_get(1)?,
                schema: r.try_get(2)?,
            })
        })?;
        for n in named {
            f(&n.row())?;
        }
        Ok(tx.commit()?)
    }
}
