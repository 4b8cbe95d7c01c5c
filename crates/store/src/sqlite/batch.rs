//! Multi-row INSERTs: one statement execution writes many rows.
//!
//! Bulk imports spend much of their time in SQLite's per-statement work (bind, step, reset)
//! rather than in the B-tree itself; `INSERT ... VALUES (...), (...), ...` pays it once per
//! batch. Rows wait in `vals` until a batch is full or `flush` is called; nobody may read the
//! table inside the transaction before flushing it.

use crate::Result;
use rusqlite::{Connection, Statement};

/// Rows written by one execution of the multi-row statement.
const ROWS: usize = 64;

/// One value of a pending row.
pub enum Val {
    /// An integer.
    Int(i64),
    /// Owned text.
    Text(String),
    /// Static text (schema and property names).
    Static(&'static str),
    /// SQL NULL.
    Null,
}

/// Pending rows for one table and the statements that write them.
pub struct Batch<'c> {
    many: Statement<'c>,
    one: Statement<'c>,
    cols: usize,
    vals: Vec<Val>,
}

impl<'c> Batch<'c> {
    /// Prepares `INSERT <verb> INTO table(cols) VALUES ...` for one row and for a full batch.
    pub fn new(conn: &'c Connection, verb: &str, table: &str, cols: &[&str]) -> Result<Self> {
        let row = format!("({})", vec!["?"; cols.len()].join(","));
        let head = format!("INSERT {verb} INTO {table}({}) VALUES ", cols.join(","));
        let many = conn.prepare(&format!("{head}{}", vec![row.as_str(); ROWS].join(",")))?;
        let one = conn.prepare(&format!("{head}{row}"))?;
        Ok(Batch {
            many,
            one,
            cols: cols.len(),
            vals: Vec::with_capacity(cols.len() * ROWS),
        })
    }

    /// Queues one row (exactly as many values as columns); writes a batch when full.
    pub fn push(&mut self, row: impl IntoIterator<Item = Val>) -> Result<()> {
        self.vals.extend(row);
        debug_assert_eq!(self.vals.len() % self.cols, 0);
        if self.vals.len() >= self.cols * ROWS {
            let vals = std::mem::take(&mut self.vals);
            execute(&mut self.many, &vals)?;
            self.vals = vals;
            self.vals.clear();
        }
        Ok(())
    }

    /// Writes every queued row.
    pub fn flush(&mut self) -> Result<()> {
        let vals = std::mem::take(&mut self.vals);
        for row in vals.chunks(self.cols) {
            execute(&mut self.one, row)?;
        }
        self.vals = vals;
        self.vals.clear();
        Ok(())
    }
}

fn execute(stmt: &mut Statement<'_>, vals: &[Val]) -> Result<()> {
    for (i, v) in vals.iter().enumerate() {
        let i = i + 1;
        match v {
            Val::Int(n) => stmt.raw_bind_parameter(i, n)?,
            Val::Text(s) => stmt.raw_bind_parameter(i, s.as_str())?,
            Val::Static(s) => stmt.raw_bind_parameter(i, s)?,
            Val::Null => stmt.raw_bind_parameter(i, rusqlite::types::Null)?,
        }
    }
    stmt.raw_execute()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_full_batches_and_the_remainder_in_order() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(a INTEGER, b TEXT, c TEXT)")
            .unwrap();
        let mut b = Batch::new(&conn, "", "t", &["a", "b", "c"]).unwrap();
        for i in 0..(ROWS as i64 * 2 + 5) {
            let c = if i % 2 == 0 {
                Val::Null
            } else {
                Val::Static("odd")
            };
            b.push([Val::Int(i), Val::Text(format!("r{i}")), c])
                .unwrap();
        }
        b.flush().unwrap();
        b.flush().unwrap();
        drop(b);
        let rows: Vec<(i64, String, Option<String>)> = conn
            .prepare("SELECT a, b, c FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(rows.len(), ROWS * 2 + 5);
        for (i, (a, b, c)) in rows.iter().enumerate() {
            assert_eq!(*a, i as i64);
            assert_eq!(b, &format!("r{i}"));
            assert_eq!(c.as_deref(), (i % 2 == 1).then_some("odd"));
        }
    }
}
