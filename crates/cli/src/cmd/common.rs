//! Pieces shared by subcommands: the database option and progress bars.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use kingpin_store::SqliteStore;
use std::path::PathBuf;

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
        SqliteStore::open(&self.db).with_context(|| format!("opening {}", self.db.display()))
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
