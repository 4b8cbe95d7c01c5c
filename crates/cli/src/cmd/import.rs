//! `kingpin import`: load files into the database, one transaction per file.

use super::common::{DbArgs, bytes_bar};
use anyhow::{Context, bail};
use kingpin_ingest::{ImportOptions, Mapping, csv_import::import_csv, ftm::import_ftm};
use kingpin_model::Grading;
use kingpin_store::AuditEntry;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Input formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// CSV with a mapping file.
    Csv,
    /// FollowTheMoney entity JSON lines.
    Ftm,
    /// i2 Analyst's Notebook chart (ANX exchange XML).
    Anx,
}

/// Options of `kingpin import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: DbArgs,
    /// Files to import, each in its own transaction.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Format (default: from the extension: .csv, .jsonl/.ftm/.ijson, .anx).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Mapping file for CSV (default: FILE's stem + `.mapping.toml` beside it).
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Source name recorded on every statement.
    #[arg(long)]
    source: Option<String>,
    /// Default 3x5x2 grading, e.g. "2B P" (overrides the mapping's).
    #[arg(long)]
    grading: Option<Grading>,
    /// Write bad rows to a rejects file instead of failing the import.
    #[arg(long)]
    skip_bad_rows: bool,
    /// Rejects file (default: FILE with `.rejects.csv`).
    #[arg(long)]
    rejects: Option<PathBuf>,
    /// Longest line accepted, in bytes.
    #[arg(long, default_value_t = kingpin_ingest::DEFAULT_MAX_LINE_BYTES)]
    max_line_bytes: usize,
    /// Memory for the import's caches and page cache, in MiB. Raise it for files that
    /// mention millions of distinct phones, handsets or accounts.
    #[arg(long, env = "KINGPIN_IMPORT_MEMORY_MB", default_value_t = 192)]
    memory_mb: usize,
    /// Print the import report as JSON.
    #[arg(long)]
    json: bool,
    /// Agency owning the statements (default: the agency acted for, `kingpin --agency`).
    #[arg(long)]
    agency: Option<String>,
    /// Agencies the statements are released to besides the owner, comma-separated (`*`: all);
    /// by default none (owner only).
    #[arg(long, value_delimiter = ',')]
    releasable_to: Vec<String>,
    /// Investigation (compartment) the statements belong to: only its members see them.
    #[arg(long)]
    investigation: Option<String>,
}

/// The handling recorded on the import's sources; an investigation must exist.
fn handling(
    a: &Args,
    store: &mut kingpin_store::AnyStore,
) -> anyhow::Result<kingpin_store::Handling> {
    if let Some(inv) = &a.investigation {
        let conn = &mut store.sql();
        kingpin_server::tables::ensure_any(conn)?;
        if kingpin_server::investigations::get(conn, inv)?.is_none() {
            bail!("no investigation {inv:?}; create it with `kingpin investigation add`");
        }
    }
    Ok(super::common::handling(
        a.agency.as_deref(),
        &a.releasable_to,
        a.investigation.clone(),
    ))
}

fn format_of(path: &Path, given: Option<Format>) -> anyhow::Result<Format> {
    if let Some(f) = given {
        return Ok(f);
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
    {
        Some("csv") | Some("tsv") | Some("txt") => Ok(Format::Csv),
        Some("jsonl") | Some("ftm") | Some("ijson") | Some("json") => Ok(Format::Ftm),
        Some("anx") => Ok(Format::Anx),
        _ => bail!(
            "{}: cannot tell the format from the extension; give --format",
            path.display()
        ),
    }
}

/// The mapping beside a CSV file: `calls.csv` -> `calls.mapping.toml`.
pub fn default_mapping(path: &Path) -> PathBuf {
    path.with_extension("mapping.toml")
}

/// Imports one file with a progress bar; on failure nothing of the file is kept.
pub fn import_one(
    store: &mut dyn kingpin_store::Store,
    file: &Path,
    format: Format,
    mapping: Option<&Path>,
    opts: &ImportOptions,
) -> anyhow::Result<kingpin_ingest::ImportReport> {
    let size = std::fs::metadata(file)
        .with_context(|| format!("{}", file.display()))?
        .len();
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("input")
        .to_string();
    let bar = bytes_bar(size, &name);
    let mut progress = |n: u64| bar.set_position(n);
    let report = match format {
        Format::Csv => {
            let mpath = mapping
                .map(Path::to_path_buf)
                .unwrap_or_else(|| default_mapping(file));
            let mapping = Mapping::load(&mpath)?;
            import_csv(store, file, &mapping, opts, &mut progress)
        }
        Format::Ftm => import_ftm(store, file, opts, &mut progress),
        Format::Anx => kingpin_ingest::anx::import_anx(store, file, opts, &mut progress),
    };
    bar.finish_and_clear();
    report.map_err(|e| anyhow::anyhow!("{e}\nnothing from {} was imported", file.display()))
}

/// Runs the import.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let mut store = a.db.open_any()?;
    if let kingpin_store::AnyStore::Sqlite(s) = &mut store {
        s.set_import_memory_mib(a.memory_mb);
    }
    let handling = handling(&a, &mut store)?;
    store.set_handling(handling.clone());
    for file in &a.files {
        let format = format_of(file, a.format)?;
        // The audit record commits in the import's own transaction.
        let opts = ImportOptions {
            source_name: a.source.clone(),
            grading: a.grading,
            skip_bad_rows: a.skip_bad_rows,
            rejects: a.rejects.clone(),
            max_line_bytes: a.max_line_bytes,
            audit: Some(AuditEntry {
                who: super::common::actor(),
                action: "import".into(),
                target: file.display().to_string(),
                detail: serde_json::json!({ "file": file.display().to_string(),
                    "agency": handling.agency, "releasable_to": handling.releasable_to,
                    "investigation": handling.compartment }),
            }),
        };
        let report = import_one(&mut store, file, format, a.mapping.as_deref(), &opts)?;
        if a.json {
            println!("{}", serde_json::to_string(&report)?);
        } else {
            let s = &report.source;
            println!(
                "imported {}: {} rows, {} fragments, {} new statements (source #{} {:?}, grading {})",
                file.display(),
                s.rows,
                s.fragments,
                s.statements,
                s.id,
                s.name,
                s.grading
            );
            if report.rejected > 0 {
                let rpath = a
                    .rejects
                    .clone()
                    .unwrap_or_else(|| file.with_extension("rejects.csv"));
                println!(
                    "  {} bad rows written to {}",
                    report.rejected,
                    rpath.display()
                );
            }
        }
    }
    if let (Some(_), kingpin_store::AnyStore::Pg(_)) = (&handling.compartment, &store) {
        eprintln!("deconfliction is not available on PostgreSQL yet: no alerts were computed");
    }
    if let (Some(_), kingpin_store::AnyStore::Sqlite(s)) = (&handling.compartment, &store) {
        let n = kingpin_server::deconflict::refresh(s.connection())?;
        if n > 0 {
            println!(
                "deconfliction: {n} identifier(s) shared with other investigations; their supervisors are alerted"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
