//! Read-only bulk scans for analytics: every fragment or entity streamed straight from the
//! rows, without building [`kingpin_model::Entity`] values (a projection of 10M calls cannot
//! afford an allocation per statement). Both go through the store's view: a restricted reader's
//! projection is built from the statements it sees, and only the entities that exist for it.

use super::SqliteStore;
use crate::{EntityRow, FragmentRow, Result, Scan};

fn text(e: rusqlite::types::FromSqlError) -> rusqlite::Error {
    e.into()
}

fn schema_filter(schemata: Option<&[&str]>) -> String {
    match schemata {
        None => String::new(),
        Some(list) => {
            // Schema names come from the model (letters only); quote defensively anyway.
            let quoted: Vec<String> = list
                .iter()
                .map(|s| format!("'{}'", s.replace('\'', "''")))
                .collect();
            format!("WHERE e.schema IN ({})", quoted.join(","))
        }
    }
}

/// Fragments in storage order (`fid`): one row per fragment as written.
impl Scan for SqliteStore {
    fn scan_fragments(
        &self,
        schemata: Option<&[&str]>,
        f: &mut dyn FnMut(&FragmentRow<'_>) -> Result<()>,
    ) -> Result<()> {
        // CROSS JOIN keeps the fragment table outermost: one sequential pass plus rowid
        // look-ups, instead of an index walk per entity.
        let sql = format!(
            "SELECT e.eid, e.id, e.schema, f.grading, f.recorded, f.props, f.source
             FROM fragment f CROSS JOIN entity e ON e.eid = f.eid {}",
            schema_filter(schemata)
        );
        let view = self.view();
        let mut stmt = self.connection().prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if !view.sees(r.get(6)?) {
                continue;
            }
            let row = FragmentRow {
                eid: r.get(0)?,
                id: r.get_ref(1)?.as_str().map_err(text)?,
                schema: r.get_ref(2)?.as_str().map_err(text)?,
                grading: r.get_ref(3)?.as_str().map_err(text)?,
                recorded: r.get_ref(4)?.as_str_or_null().map_err(text)?,
                props: r.get_ref(5)?.as_str().map_err(text)?,
            };
            f(&row)?;
        }
        Ok(())
    }

    fn scan_entities(
        &self,
        schemata: Option<&[&str]>,
        f: &mut dyn FnMut(&EntityRow<'_>) -> Result<()>,
    ) -> Result<()> {
        let visible = super::visible::entities(self.connection(), self.view())?;
        // Reported schemata differ from stored ones: filter on the reported one, here.
        let in_rust = visible.as_ref().is_some_and(|v| v.has_schema_overrides());
        let sql = format!(
            "SELECT e.eid, e.id, e.schema FROM entity e {} ORDER BY e.eid",
            if in_rust {
                String::new()
            } else {
                schema_filter(schemata)
            }
        );
        let mut stmt = self.connection().prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let eid: i64 = r.get(0)?;
            if visible.as_ref().is_some_and(|v| !v.contains(eid)) {
                continue;
            }
            let schema = match visible.as_ref().and_then(|v| v.schema(eid)) {
                Some(s) => s,
                None => r.get_ref(2)?.as_str().map_err(text)?,
            };
            if in_rust && schemata.is_some_and(|list| !list.contains(&schema)) {
                continue;
            }
            f(&EntityRow {
                eid,
                id: r.get_ref(1)?.as_str().map_err(text)?,
                schema,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{NewSource, Scan, SqliteStore, Store};
    use kingpin_model::{Fragment, model};

    #[test]
    fn scans_fragments_and_entities() {
        let mut s = SqliteStore::in_memory().unwrap();
        let m = model();
        let mut w = s
            .begin(NewSource {
                name: "t".into(),
                kind: "test".into(),
                path: None,
                grading: Default::default(),
            })
            .unwrap();
        let mut call = Fragment::new(m, "Call", "c1").unwrap();
        call.add("caller", "p1").unwrap();
        call.add("receiver", "p2").unwrap();
        call.add("startDate", "2025-01-02T03:04:05").unwrap();
        w.put(&call).unwrap();
        w.commit(1).unwrap();
        let mut seen = Vec::new();
        s.scan_fragments(Some(&["Call"]), &mut |r| {
            seen.push((
                r.id.to_string(),
                r.grading.to_string(),
                r.statements().count(),
            ));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, vec![("c1".to_string(), "2CP".to_string(), 3)]);
        let mut ids = Vec::new();
        s.scan_entities(None, &mut |e| {
            ids.push(format!("{}:{}", e.id, e.schema));
            Ok(())
        })
        .unwrap();
        assert_eq!(ids, vec!["c1:Call", "p1:Phone", "p2:Phone"]);
    }
}
