//! The PostgreSQL side: parameters sent in the column's own type, rows read into [`Value`]s.

use crate::{Param, Value};
use bytes::BytesMut;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};

type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// A PostgreSQL connection or transaction the layer can run statements on.
pub trait PgClient {
    /// Runs a statement and returns its rows.
    fn pg_query(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, postgres::Error>;
    /// Runs a statement and returns how many rows it changed.
    fn pg_execute(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, postgres::Error>;
    /// Runs several statements without parameters.
    fn pg_batch(&mut self, sql: &str) -> Result<(), postgres::Error>;
    /// Starts a transaction (a savepoint inside one).
    fn pg_transaction(&mut self) -> Result<postgres::Transaction<'_>, postgres::Error>;
    /// Runs a statement and hands `f` its rows as they arrive, until `f` says stop.
    fn pg_each(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        f: &mut dyn FnMut(&postgres::Row) -> bool,
    ) -> Result<(), postgres::Error>;
}

macro_rules! pg_client {
    ($t:ty) => {
        impl PgClient for $t {
            fn pg_query(
                &mut self,
                sql: &str,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<Vec<postgres::Row>, postgres::Error> {
                self.query(sql, params)
            }
            fn pg_execute(
                &mut self,
                sql: &str,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<u64, postgres::Error> {
                self.execute(sql, params)
            }
            fn pg_batch(&mut self, sql: &str) -> Result<(), postgres::Error> {
                self.batch_execute(sql)
            }
            fn pg_transaction(&mut self) -> Result<postgres::Transaction<'_>, postgres::Error> {
                self.transaction()
            }
            fn pg_each(
                &mut self,
                sql: &str,
                params: &[&(dyn ToSql + Sync)],
                f: &mut dyn FnMut(&postgres::Row) -> bool,
            ) -> Result<(), postgres::Error> {
                use postgres::fallible_iterator::FallibleIterator;
                let mut rows = self.query_raw(sql, params.iter().copied())?;
                while let Some(r) = rows.next()? {
                    if !f(&r) {
                        break;
                    }
                }
                Ok(())
            }
        }
    };
}
pg_client!(postgres::Client);
pg_client!(postgres::Transaction<'_>);

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match *self {
            Param::Null => Ok(IsNull::Yes),
            Param::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                Type::FLOAT8 => (v as f64).to_sql(ty, out),
                Type::BOOL => (v != 0).to_sql(ty, out),
                _ => Err(format!("an integer cannot be sent as {ty}").into()),
            },
            Param::Real(v) => match *ty {
                Type::FLOAT4 => (v as f32).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Param::Text(v) => v.to_sql(ty, out),
            Param::Blob(v) => v.to_sql(ty, out),
            Param::Bool(v) => match *ty {
                Type::INT8 => i64::from(v).to_sql(ty, out),
                Type::INT4 => i32::from(v).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        // Each variant checks the type itself above; mismatches come back as errors.
        true
    }

    to_sql_checked!();
}

/// Parameters as the client wants them.
pub fn params<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

/// A PostgreSQL row as [`Value`]s, or a message naming the column it cannot read.
pub fn values(row: &postgres::Row) -> Result<Vec<Value>, (usize, String)> {
    (0..row.len())
        .map(|i| value(row, i).map_err(|m| (i, m)))
        .collect()
}

fn value(row: &postgres::Row, i: usize) -> Result<Value, String> {
    fn get<'a, T: postgres::types::FromSql<'a>>(
        row: &'a postgres::Row,
        i: usize,
    ) -> Result<Option<T>, String> {
        row.try_get::<_, Option<T>>(i).map_err(|e| e.to_string())
    }
    let ty = row.columns()[i].type_();
    Ok(match *ty {
        Type::INT8 => get::<i64>(row, i)?.map(Value::Int),
        Type::INT4 => get::<i32>(row, i)?.map(|v| Value::Int(v.into())),
        Type::INT2 => get::<i16>(row, i)?.map(|v| Value::Int(v.into())),
        Type::OID => get::<u32>(row, i)?.map(|v| Value::Int(v.into())),
        Type::FLOAT8 => get::<f64>(row, i)?.map(Value::Real),
        Type::FLOAT4 => get::<f32>(row, i)?.map(|v| Value::Real(v.into())),
        Type::BOOL => get::<bool>(row, i)?.map(Value::Bool),
        Type::BYTEA => get::<Vec<u8>>(row, i)?.map(Value::Blob),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
            get::<String>(row, i)?.map(Value::Text)
        }
        Type::NUMERIC => {
            return Err(
                "NUMERIC cannot be read: CAST it AS BIGINT or DOUBLE PRECISION \
                        (SUM of BIGINT is NUMERIC on PostgreSQL)"
                    .into(),
            );
        }
        _ => return Err(format!("{ty} cannot be read: CAST it to a portable type")),
    }
    .unwrap_or(Value::Null))
}

/// The client's error with the server's own message: its `Display` alone says only "db error"
/// for everything the server refused (a constraint, a trigger's exception).
pub(crate) fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    }
}
