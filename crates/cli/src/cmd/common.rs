//! Pieces shared by subcommands: the database option and progress bars.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use kingpin_store::SqliteStore;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The `--db` option.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArgs {
    /// The Kingpin database file (SQLite).
    #[arg(long, env = "KINGPIN_DB", default_value = "kingpin.db")]
    pub db: PathBuf,
}

impl DbArgs {
    /// Opens (creating if needed) the database.
    pub fn open(&self) -> anyhow::Result<SqliteStore> {
        if self.is_postgres() {
            anyhow::bail!(
                "this command runs on SQLite database files only so far, not on PostgreSQL \
                 (see the README's PostgreSQL section)"
            );
        }
        SqliteStore::open(&self.db).with_context(|| format!("opening {}", self.db.display()))
    }

    /// Whether `--db` names a PostgreSQL database (`postgres://…`) rather than a file.
    pub fn is_postgres(&self) -> bool {
        self.db.to_str().is_some_and(kingpin_store::is_postgres_url)
    }

    /// Opens the database, a file or a `postgres://` URL, for commands that serve both.
    pub fn open_any(&self) -> anyhow::Result<kingpin_store::AnyStore> {
        let location = self.db.to_str().context("the --db path is not UTF-8")?;
        kingpin_store::AnyStore::open(location).with_context(|| {
            // A URL's password must not reach the terminal.
            let shown = if self.is_postgres() {
                "the PostgreSQL database"
            } else {
                location
            };
            format!("opening {shown}")
        })
    }
}

/// A byte-based progress bar, hidden when stderr is not a terminal.
pub fn bytes_bar(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:20} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

/// Who runs this command, for the audit log; set once from `kingpin --actor/--agency`.
static ACTOR: OnceLock<kingpin_audit::Actor> = OnceLock::new();

/// Sets the acting user and agency (else `KINGPIN_ACTOR`/`KINGPIN_AGENCY`, the OS user, "local").
pub fn set_actor(actor: Option<String>, agency: Option<String>) {
    let _ = ACTOR.set(kingpin_audit::Actor::resolve(actor, agency, "cli"));
}

/// The agency this command acts for (`--agency`, `$KINGPIN_AGENCY`, else "local").
pub fn acting_agency() -> String {
    actor().agency
}

/// The handling an import records from its `--agency` (default: the acting agency) and
/// `--releasable-to` flags, blanks dropped.
pub fn handling(
    agency: Option<&str>,
    releasable_to: &[String],
    compartment: Option<String>,
) -> kingpin_store::Handling {
    kingpin_store::Handling {
        agency: agency.map_or_else(acting_agency, str::to_string),
        releasable_to: releasable_to
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        compartment,
    }
}

/// The acting user, agency and origin of this process.
pub fn actor() -> kingpin_audit::Actor {
    ACTOR
        .get()
        .cloned()
        .unwrap_or_else(|| kingpin_audit::Actor::resolve(None, None, "cli"))
}

/// Appends one audit record on either backend, inside `conn`'s open transaction if it has one.
pub fn audit_any(
    conn: &mut kingpin_sql::Conn<'_>,
    action: &str,
    target: &str,
    detail: serde_json::Value,
) -> anyhow::Result<()> {
    kingpin_audit::ensure(conn)?;
    kingpin_audit::append(conn, &actor(), action, target, &detail)?;
    Ok(())
}

/// Appends one audit record, inside `conn`'s open transaction if it has one.
pub fn audit(
    conn: &rusqlite::Connection,
    action: &str,
    target: &str,
    detail: serde_json::Value,
) -> anyhow::Result<()> {
    kingpin_audit::AuditLog::open(conn)?.append(&actor(), action, target, &detail)?;
    Ok(())
}
