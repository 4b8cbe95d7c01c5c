//! Throwaway stores for tests on PostgreSQL: a fresh schema in the database `KINGPIN_TEST_PG`
//! names (`.ci/postgres.sh` starts one), dropped with everything in it afterwards, so test
//! cases (in this crate and in the analytics crates) run in parallel on one database.

use super::PgStore;
use crate::Result;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A schema of its own for one test case; dropping this drops the schema, passed or failed.
pub struct ScratchSchema {
    /// The database's URL.
    pub url: String,
    /// The schema's name, for more connections to the same store.
    pub name: String,
}

impl ScratchSchema {
    /// A fresh, empty store in a new schema, or `None` (with a note on stderr) when
    /// `KINGPIN_TEST_PG` is not set.
    pub fn from_env() -> Option<(ScratchSchema, PgStore)> {
        let Ok(url) = std::env::var("KINGPIN_TEST_PG") else {
            eprintln!(
                "KINGPIN_TEST_PG is not set: PostgreSQL case skipped (.ci/postgres.sh sets it)"
            );
            return None;
        };
        Some(Self::create(&url).expect("a store in a fresh schema of KINGPIN_TEST_PG"))
    }

    /// A fresh, empty store in a new schema of the database at `url`.
    pub fn create(url: &str) -> Result<(ScratchSchema, PgStore)> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "kp_test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let store = PgStore::connect_in_schema(url, &name)?;
        let scratch = ScratchSchema {
            url: url.to_string(),
            name,
        };
        Ok((scratch, store))
    }
}

impl Drop for ScratchSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}
