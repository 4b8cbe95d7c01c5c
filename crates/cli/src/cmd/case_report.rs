//! `kingpin case disclosure|mark|bundle`: the schedule of unused material (CSV, PDF) with
//! sensitivity markings, and the evidence bundle for a target (HTML, PDF).

use super::common::{DbArgs, actor};
use kingpin_cases::{bundle, disclosure, pdf, time};
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `kingpin case disclosure`.
#[derive(clap::Args, Debug)]
pub struct DisclosureArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Write the schedule as CSV here (default: print it).
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Write the schedule as PDF here (headless Chromium; the HTML is kept beside it).
    #[arg(long)]
    pdf: Option<PathBuf>,
}

/// Runs `kingpin case disclosure`.
pub fn disclosure(a: DisclosureArgs) -> anyhow::Result<ExitCode> {
    let mut store = a.db.open_any()?;
    let items = disclosure::schedule(&mut store, &a.investigation)?;
    match &a.csv {
        Some(p) => {
            disclosure::write_csv(&items, std::fs::File::create(p)?)?;
            eprintln!("wrote {} item(s) to {}", items.len(), p.display());
        }
        None if a.pdf.is_none() => disclosure::write_csv(&items, std::io::stdout().lock())?,
        None => {}
    }
    if let Some(p) = &a.pdf {
        let today = time::today();
        pdf::print(&disclosure::html(&a.investigation, &items, &today), p)?;
        eprintln!("wrote {}", p.display());
    }
    super::common::audit_any(
        &mut store.sql(),
        "case.disclosure.schedule",
        &a.investigation,
        serde_json::json!({"items": items.len(), "csv": a.csv, "pdf": a.pdf}),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Options of `kingpin case mark`.
#[derive(clap::Args, Debug)]
pub struct MarkArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Item as on the schedule (exhibit:JB/1, source:NAME, note:N).
    item: String,
    /// not_sensitive, sensitive or highly_sensitive.
    marking: String,
    /// Why.
    #[arg(long)]
    reason: String,
}

/// Runs `kingpin case mark`.
pub fn mark(a: MarkArgs) -> anyhow::Result<ExitCode> {
    let mut store = a.db.open_any()?;
    disclosure::mark(
        &mut store.sql(),
        &actor(),
        &a.investigation,
        &a.item,
        &a.marking,
        &a.reason,
    )?;
    println!("{} marked {}", a.item, a.marking);
    Ok(ExitCode::SUCCESS)
}

/// Options of `kingpin case bundle`.
#[derive(clap::Args, Debug)]
pub struct BundleArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Target entity id.
    target: String,
    /// Write the bundle as HTML here.
    #[arg(long)]
    html: Option<PathBuf>,
    /// Write the bundle as PDF here (headless Chromium; the HTML is kept beside it).
    #[arg(long)]
    pdf: Option<PathBuf>,
}

/// Runs `kingpin case bundle`.
pub fn bundle(a: BundleArgs) -> anyhow::Result<ExitCode> {
    if a.html.is_none() && a.pdf.is_none() {
        anyhow::bail!("give --html FILE, --pdf FILE or both");
    }
    let mut store = a.db.open_any()?;
    let today = time::today();
    let page = bundle::html(&mut store, &a.investigation, &a.target, &today)?;
    if let Some(p) = &a.html {
        std::fs::write(p, &page)?;
        eprintln!("wrote {}", p.display());
    }
    if let Some(p) = &a.pdf {
        pdf::print(&page, p)?;
        eprintln!("wrote {}", p.display());
    }
    super::common::audit_any(
        &mut store.sql(),
        "case.bundle",
        &a.investigation,
        serde_json::json!({"target": a.target, "html": a.html, "pdf": a.pdf}),
    )?;
    Ok(ExitCode::SUCCESS)
}
