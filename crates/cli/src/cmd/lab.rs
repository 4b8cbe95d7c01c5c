//! The lab side of `kingpin doc`: cross-checks against the database, recording examinations,
//! and the shared register (`kingpin doc register`).

use super::common::DbArgs;
use kingpin_doccheck::{Examination, RegisterQuery, VisualZone, examine, record, register};
use kingpin_docverify::{Date, Options};
use kingpin_model::Grading;
use kingpin_store::SqliteStore;
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `kingpin doc check` that bring in the database.
#[derive(clap::Args, Debug, Default)]
pub struct LabArgs {
    /// Cross-check against this Kingpin database (and record the examination, see --lab).
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Laboratory making the examination; with --db the examination is recorded.
    #[arg(long, requires = "db")]
    pub lab: Option<String>,
    /// Examiner's name or number.
    #[arg(long, requires = "lab", default_value = "unnamed examiner")]
    pub examiner: String,
    /// Date the document was used (crossing, application): checks it had not expired then.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub used_on: Option<Date>,
    /// Grading of the recorded examination.
    #[arg(long, default_value = "1A C")]
    pub grading: Grading,
    /// Visual zone: surname as printed.
    #[arg(long)]
    pub viz_surname: Option<String>,
    /// Visual zone: given names as printed.
    #[arg(long)]
    pub viz_given: Option<String>,
    /// Visual zone: document number as printed.
    #[arg(long)]
    pub viz_number: Option<String>,
    /// Visual zone: issuing state code.
    #[arg(long)]
    pub viz_state: Option<String>,
    /// Visual zone: nationality code.
    #[arg(long)]
    pub viz_nationality: Option<String>,
    /// Visual zone: date of birth, YYYY-MM-DD.
    #[arg(long)]
    pub viz_birth: Option<String>,
    /// Visual zone: date of expiry, YYYY-MM-DD.
    #[arg(long)]
    pub viz_expiry: Option<String>,
    /// Visual zone: sex (M, F or X).
    #[arg(long)]
    pub viz_sex: Option<String>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("'{s}' is not a real date as YYYY-MM-DD"))
}

impl LabArgs {
    fn visual_zone(&self) -> VisualZone {
        VisualZone {
            surname: self.viz_surname.clone(),
            given_names: self.viz_given.clone(),
            document_number: self.viz_number.clone(),
            issuing_state: self.viz_state.clone(),
            nationality: self.viz_nationality.clone(),
            birth_date: self.viz_birth.clone(),
            expiry_date: self.viz_expiry.clone(),
            sex: self.viz_sex.clone(),
        }
    }
}

/// A database session for a batch of examinations.
pub struct Lab {
    store: SqliteStore,
    args: LabArgs,
}

impl Lab {
    /// Opens the database when `--db` was given.
    pub fn open(args: LabArgs) -> anyhow::Result<Option<Lab>> {
        let Some(db) = &args.db else { return Ok(None) };
        let store = DbArgs { db: db.clone() }.open()?;
        Ok(Some(Lab { store, args }))
    }

    /// Cross-checks one MRZ and, with `--lab`, records the examination.
    pub fn examine(
        &mut self,
        lines: &[String],
        opts: &Options,
    ) -> anyhow::Result<(Examination, Option<String>)> {
        let mrz = lines.join("\n");
        let exam = examine(
            &self.store,
            &mrz,
            opts,
            &self.args.visual_zone(),
            self.args.used_on,
        )?;
        let recorded = match &self.args.lab {
            Some(lab) => {
                let at = now_iso();
                let r = record(
                    &mut self.store,
                    &exam,
                    lab,
                    &self.args.examiner,
                    &at,
                    self.args.grading,
                )?;
                let detail = serde_json::json!({ "lab": lab, "examiner": self.args.examiner, "examination": r.examination,
                    "document": r.document, "holder": r.holder });
                super::common::audit(
                    self.store.connection(),
                    "doc.examine",
                    &r.examination,
                    detail,
                )?;
                Some(r.examination)
            }
            None => None,
        };
        Ok((exam, recorded))
    }
}

/// The current UTC time as ISO 8601, from the database so no clock crate is needed.
fn now_iso() -> String {
    rusqlite::Connection::open_in_memory()
        .and_then(|c| {
            c.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| {
                r.get(0)
            })
        })
        .unwrap_or_default()
}

/// The cross-check section of the human output.
pub fn human(exam: &Examination, recorded: Option<&str>) -> String {
    let mut out = String::new();
    let outcome = format!("{:?}", exam.outcome).to_uppercase();
    out.push_str(&format!("cross-checks: {outcome}\n"));
    if exam.cross_checks.is_empty() {
        out.push_str("  nothing on record contradicts this document\n");
    }
    for f in &exam.cross_checks {
        let level = format!("{:?}", f.level).to_lowercase();
        out.push_str(&format!("  {level:<7} {:<28} {}\n", f.code, f.message));
        for e in &f.evidence {
            out.push_str(&format!(
                "          evidence: {} {} ({}) from {}: {}\n",
                e.schema,
                e.caption,
                e.entity,
                e.sources.join(", "),
                e.detail
            ));
        }
    }
    if let Some(id) = recorded {
        out.push_str(&format!("  recorded as examination {id}\n"));
    }
    out.push('\n');
    out
}

/// Options of `kingpin doc register`.
#[derive(clap::Args, Debug)]
pub struct RegisterArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Only this lab.
    #[arg(long)]
    lab: Option<String>,
    /// Only document numbers starting with this (a number series).
    #[arg(long, value_name = "PREFIX")]
    series: Option<String>,
    /// Only this issuing state.
    #[arg(long)]
    state: Option<String>,
    /// Only this outcome: clear, suspect or invalid.
    #[arg(long)]
    verdict: Option<String>,
    /// Only examinations on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<String>,
    /// Only examinations with this finding code.
    #[arg(long)]
    finding: Option<String>,
    /// One JSON object per examination.
    #[arg(long)]
    json: bool,
}

/// Lists examinations across labs.
pub fn register_cmd(a: RegisterArgs) -> anyhow::Result<ExitCode> {
    let store = a.db.open()?;
    let q = RegisterQuery {
        lab: a.lab,
        number_prefix: a.series,
        issuing_state: a.state,
        verdict: a.verdict,
        since: a.since,
        finding: a.finding,
    };
    let rows = register(&store, &q)?;
    if a.json {
        for r in &rows {
            println!("{}", serde_json::to_string(r)?);
        }
    } else {
        println!(
            "{:<20} {:<14} {:<16} {:<5} {:<12} {:<8} findings",
            "date", "lab", "examiner", "state", "number", "verdict"
        );
        for r in &rows {
            println!(
                "{:<20} {:<14} {:<16} {:<5} {:<12} {:<8} {}",
                r.date,
                r.lab,
                r.examiner,
                r.issuing_state,
                r.number,
                r.verdict,
                r.findings.join(" ")
            );
        }
        println!("{} examinations", rows.len());
    }
    Ok(ExitCode::SUCCESS)
}
