//! Kingpin's dialect-neutral SQL layer: application SQL written once, in SQLite's dialect with
//! `?N` placeholders, runs on a borrowed SQLite connection or (cargo feature `postgres`) a
//! PostgreSQL client or transaction, whose placeholders are rewritten `$N`. Rows come back as
//! the same owned [`Row`] from either, and every error names its statement. The portable
//! subset of SQL the application keeps to is listed in this crate's README.

mod clock;
mod migrate;
#[cfg(feature = "postgres")]
mod pg;
mod translate;
mod value;

pub use clock::{format_utc, unix_now, utc_now, utc_now_millis};
pub use migrate::{migrate, version as migration_version};
#[cfg(feature = "postgres")]
pub use pg::PgClient;
pub use translate::to_postgres;
pub use value::{FromValue, Param, Row, Value};

use std::sync::Arc;

/// Which database a [`Conn`] talks to, for the few places (DDL, locks) that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Errors of the layer; each names the statement it came from.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite refused or failed the statement.
    #[error("{cause} (in: {sql})")]
    Sqlite {
        /// The statement, shortened.
        sql: String,
        /// SQLite's error (in the message already, so not a `source()`).
        cause: rusqlite::Error,
    },
    /// PostgreSQL refused or failed the statement.
    #[cfg(feature = "postgres")]
    #[error("{} (in: {sql})", pg::message(cause))]
    Pg {
        /// The statement, shortened.
        sql: String,
        /// The client's error (in the message already, so not a `source()`).
        cause: postgres::Error,
    },
    /// A column could not be read as the type asked for.
    #[error("column {index} of `{sql}`: {message}")]
    Column {
        /// The statement, shortened.
        sql: String,
        /// The column, from 0.
        index: usize,
        /// Why.
        message: String,
    },
    /// A statement expected to return a row returned none.
    #[error("no row from `{sql}`")]
    NoRow {
        /// The statement, shortened.
        sql: String,
    },
    /// A schema is newer than this program, or a migration is malformed.
    #[error("{0}")]
    Schema(String),
}

impl Error {
    /// Whether the statement broke a UNIQUE or PRIMARY KEY constraint.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            Error::Sqlite {
                cause: rusqlite::Error::SqliteFailure(e, _),
                ..
            } => {
                e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            }
            #[cfg(feature = "postgres")]
            Error::Pg { cause, .. } => {
                cause.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION)
            }
            _ => false,
        }
    }

    /// Whether the statement was stopped from outside (SQLite's interrupt, PostgreSQL's
    /// cancel request or `statement_timeout`).
    pub fn is_cancelled(&self) -> bool {
        match self {
            Error::Sqlite { cause, .. } => {
                cause.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted)
            }
            #[cfg(feature = "postgres")]
            Error::Pg { cause, .. } => {
                cause.code() == Some(&postgres::error::SqlState::QUERY_CANCELED)
            }
            _ => false,
        }
    }
}

/// For callers still returning rusqlite's errors: SQLite's own error as it was, anything else
/// (a PostgreSQL or column error) wrapped.
impl From<Error> for rusqlite::Error {
    fn from(e: Error) -> Self {
        match e {
            Error::Sqlite { cause, .. } => cause,
            e => rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
        }
    }
}

/// Result type of the layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The statement as errors quote it: whitespace collapsed, at most 160 characters.
fn short(sql: &str) -> String {
    let mut s = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((i, _)) = s.char_indices().nth(160) {
        s.truncate(i);
        s.push('…');
    }
    s
}

fn sqlite_err(sql: &str) -> impl FnOnce(rusqlite::Error) -> Error + '_ {
    move |cause| Error::Sqlite {
        sql: short(sql),
        cause,
    }
}

#[cfg(feature = "postgres")]
fn pg_err(sql: &str) -> impl FnOnce(postgres::Error) -> Error + '_ {
    move |cause| Error::Pg {
        sql: short(sql),
        cause,
    }
}

/// A borrowed connection to either backend. Methods take `&mut self` because a PostgreSQL
/// client does; a SQLite connection is shared.
pub enum Conn<'a> {
    /// A SQLite connection.
    Sqlite(&'a rusqlite::Connection),
    /// A PostgreSQL client or transaction.
    #[cfg(feature = "postgres")]
    Pg(&'a mut dyn PgClient),
}

impl<'a> From<&'a rusqlite::Connection> for Conn<'a> {
    fn from(c: &'a rusqlite::Connection) -> Self {
        Conn::Sqlite(c)
    }
}

#[cfg(feature = "postgres")]
impl<'a> From<&'a mut postgres::Client> for Conn<'a> {
    fn from(c: &'a mut postgres::Client) -> Self {
        Conn::Pg(c)
    }
}

impl Conn<'_> {
    /// The backend this connection talks to.
    pub fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            #[cfg(feature = "postgres")]
            Conn::Pg(_) => Backend::Postgres,
        }
    }

    /// The same connection, borrowed again for a shorter time.
    pub fn reborrow(&mut self) -> Conn<'_> {
        match self {
            Conn::Sqlite(c) => Conn::Sqlite(c),
            #[cfg(feature = "postgres")]
            Conn::Pg(c) => Conn::Pg(&mut **c),
        }
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64> {
        match self {
            Conn::Sqlite(c) => {
                let mut st = c.prepare_cached(sql).map_err(sqlite_err(sql))?;
                let n = st
                    .execute(rusqlite::params_from_iter(params))
                    .map_err(sqlite_err(sql))?;
                Ok(n as u64)
            }
            #[cfg(feature = "postgres")]
            Conn::Pg(c) => {
                let q = translate::cached(sql);
                c.pg_execute(&q, &pg::params(params)).map_err(pg_err(sql))
            }
        }
    }

    /// Runs one statement and returns every row.
    pub fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>> {
        let mut out = Vec::new();
        self.query_each(sql, params, &mut |r| {
            out.push(r);
            Ok(true)
        })?;
        Ok(out)
    }

    /// Runs one statement and hands `f` its rows one at a time, as they arrive, until `f`
    /// returns `Ok(false)` or an error: for results too large to hold.
    pub fn query_each(
        &mut self,
        sql: &str,
        params: &[Param<'_>],
        f: &mut dyn FnMut(Row) -> Result<bool>,
    ) -> Result<()> {
        let text: Arc<str> = short(sql).into();
        match self {
            Conn::Sqlite(c) => {
                let mut st = c.prepare_cached(sql).map_err(sqlite_err(sql))?;
                let n = st.column_count();
                let mut rows = st
                    .query(rusqlite::params_from_iter(params))
                    .map_err(sqlite_err(sql))?;
                while let Some(r) = rows.next().map_err(sqlite_err(sql))? {
                    let values = (0..n)
                        .map(|i| r.get_ref(i).map(Value::from_sqlite))
                        .collect::<rusqlite::Result<_>>()
                        .map_err(sqlite_err(sql))?;
                    let row = Row {
                        values,
                        sql: text.clone(),
                    };
                    if !f(row)? {
                        break;
                    }
                }
                Ok(())
            }
            #[cfg(feature = "postgres")]
            Conn::Pg(c) => {
                let q = translate::cached(sql);
                let mut failed = None;
                c.pg_each(&q, &pg::params(params), &mut |r| {
                    let row = pg::values(r)
                        .map_err(|(index, message)| Error::Column {
                            sql: text.to_string(),
                            index,
                            message,
                        })
                        .map(|values| Row {
                            values,
                            sql: text.clone(),
                        });
                    match row.and_then(&mut *f) {
                        Ok(more) => more,
                        Err(e) => {
                            failed = Some(e);
                            false
                        }
                    }
                })
                .map_err(pg_err(sql))?;
                failed.map_or(Ok(()), Err)
            }
        }
    }

    /// The first row of a statement, if any.
    pub fn query_opt(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row of a statement, which must return one.
    pub fn query_one(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Row> {
        self.query_opt(sql, params)?
            .ok_or_else(|| Error::NoRow { sql: short(sql) })
    }

    /// The first column of the first row, which must exist.
    pub fn query_value<T: FromValue>(&mut self, sql: &str, params: &[Param<'_>]) -> Result<T> {
        self.query_one(sql, params)?.get(0)
    }

    /// Runs several statements separated by `;`, without parameters or translation: DDL.
    pub fn batch(&mut self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => c.execute_batch(sql).map_err(sqlite_err(sql)),
            #[cfg(feature = "postgres")]
            Conn::Pg(c) => c.pg_batch(sql).map_err(pg_err(sql)),
        }
    }

    /// Runs `f` in a transaction: committed if it returns `Ok`, rolled back otherwise. Inside
    /// another transaction it is a savepoint. On SQLite the transaction takes the write lock at
    /// once (`BEGIN IMMEDIATE`), so a read-then-write body never fails to upgrade.
    pub fn transaction<T, E: From<Error>>(
        &mut self,
        f: impl FnOnce(&mut Conn<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        match self {
            Conn::Sqlite(c) => {
                let outer = c.is_autocommit();
                let (begin, commit, rollback) = if outer {
                    ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
                } else {
                    (
                        "SAVEPOINT kingpin_sql",
                        "RELEASE kingpin_sql",
                        "ROLLBACK TO kingpin_sql; RELEASE kingpin_sql",
                    )
                };
                c.execute_batch(begin).map_err(sqlite_err(begin))?;
                let out = f(&mut Conn::Sqlite(c));
                let end = if out.is_ok() { commit } else { rollback };
                match c.execute_batch(end) {
                    Ok(()) => out,
                    Err(e) => {
                        if outer && !c.is_autocommit() {
                            let _ = c.execute_batch("ROLLBACK");
                        }
                        // The body's own error says more than the failed rollback.
                        out.and(Err(sqlite_err(end)(e).into()))
                    }
                }
            }
            #[cfg(feature = "postgres")]
            Conn::Pg(c) => {
                let mut tx = c.pg_transaction().map_err(pg_err("BEGIN"))?;
                let out = f(&mut Conn::Pg(&mut tx))?;
                tx.commit().map_err(pg_err("COMMIT"))?;
                Ok(out)
            }
        }
    }
}

/// A new, empty schema on the PostgreSQL database at `url`, named `{prefix}_{pid}_{n}`, and a
/// client working in it: for tests that each want a database of their own. Drop the schema
/// with `DROP SCHEMA name CASCADE` when done.
#[cfg(feature = "postgres")]
pub fn scratch_schema(url: &str, prefix: &str) -> Result<(postgres::Client, String)> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let schema = format!(
        "{prefix}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(pg_err("connect"))?;
    let ddl = format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};
         SET search_path TO {schema}"
    );
    client.batch_execute(&ddl).map_err(pg_err(&ddl))?;
    Ok((client, schema))
}

#[cfg(test)]
mod tests;
