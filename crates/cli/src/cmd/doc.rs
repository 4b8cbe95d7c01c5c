//! `kingpin doc`: travel-document checks.

use anyhow::{Context, bail};
use kingpin_docverify::records::{self, Record};
use kingpin_docverify::{
    Date, Finding, Mode, Options, ParsedMrz, Severity, Verdict, codes, lines_as_read, record_json,
    validate_lines,
};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// Subcommands of `kingpin doc`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Check machine-readable zones (ICAO Doc 9303: TD1, TD2, TD3, MRV-A, MRV-B).
    ///
    /// Exit code: 0 every MRZ valid, 1 some invalid, 2 usage or input error.
    Check(CheckArgs),
    /// List examinations recorded by every lab (filter by lab, number series, verdict, date).
    Register(super::lab::RegisterArgs),
}

/// Arguments of `kingpin doc check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// MRZ lines of one document, as separate arguments or in one argument split by `|` or `\n`;
    /// `-` reads a batch from standard input.
    #[arg(value_name = "MRZ")]
    mrz: Vec<String>,
    /// Batch file: records separated by blank lines (a line with `|` is a record by itself),
    /// or JSON Lines with a "lines" array.
    #[arg(long, short, value_name = "FILE", conflicts_with = "mrz")]
    file: Option<PathBuf>,
    /// One JSON object per MRZ, one per line.
    #[arg(long)]
    json: bool,
    /// Accept known national quirks of genuine documents (each still reported).
    #[arg(long)]
    lenient: bool,
    /// Also report the document as expired if it expired before this date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Cross-checks against a database and recording (see `--db`, `--lab`, `--viz-*`).
    #[command(flatten)]
    lab: super::lab::LabArgs,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("'{s}' is not a real date as YYYY-MM-DD"))
}

/// Runs a `doc` subcommand.
pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Check(args) => check(args),
        Command::Register(args) => super::lab::register_cmd(args),
    }
}

fn records_from(args: &CheckArgs) -> anyhow::Result<Vec<Record>> {
    let batch = |text: &str, from: &str| {
        records::parse_batch(text).with_context(|| format!("reading {from}"))
    };
    let records = if let Some(path) = &args.file {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        batch(&text, &path.display().to_string())?
    } else if args.mrz == ["-"] {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
        batch(&text, "standard input")?
    } else if args.mrz.is_empty() {
        bail!("no MRZ given: pass its lines as arguments, `-` for standard input, or --file FILE");
    } else {
        vec![Record {
            at_line: 0,
            lines: args
                .mrz
                .iter()
                .flat_map(|a| records::split_lines(a))
                .collect(),
        }]
    };
    if records.is_empty() {
        bail!("no MRZ found in the input");
    }
    Ok(records)
}

fn check(mut args: CheckArgs) -> anyhow::Result<ExitCode> {
    let records = records_from(&args)?;
    let mut lab = super::lab::Lab::open(std::mem::take(&mut args.lab))?;
    let opts = Options {
        mode: if args.lenient {
            Mode::Lenient
        } else {
            Mode::Strict
        },
        as_of: args.as_of,
        ..Options::default()
    };
    let batch = records.len() > 1 || args.file.is_some() || args.mrz == ["-"];
    let mut invalid = 0;
    for (i, rec) in records.iter().enumerate() {
        let v = validate_lines(&rec.lines, &opts);
        let exam = match lab.as_mut() {
            Some(lab) => Some(lab.examine(&rec.lines, &opts)?),
            None => None,
        };
        let bad = match &exam {
            Some((e, _)) => e.outcome == kingpin_doccheck::Outcome::Invalid,
            None => !v.valid,
        };
        if bad {
            invalid += 1;
        }
        if args.json {
            match &exam {
                Some((e, recorded)) => {
                    let out = serde_json::json!({ "record": i + 1, "examination": e, "recorded": recorded });
                    println!("{out}");
                }
                None => {
                    let at = (rec.at_line > 0).then_some(rec.at_line);
                    println!("{}", record_json(i + 1, at, &rec.lines, &v));
                }
            }
        } else {
            if batch {
                println!(
                    "== MRZ {} of {} (input line {})",
                    i + 1,
                    records.len(),
                    rec.at_line
                );
            }
            print!("{}", human(&rec.lines, &v));
            if let Some((e, recorded)) = &exam {
                print!("{}", super::lab::human(e, recorded.as_deref()));
            }
        }
    }
    if batch && !args.json {
        println!(
            "{} checked: {} valid, {invalid} invalid",
            records.len(),
            records.len() - invalid
        );
    }
    Ok(if invalid == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The verdict, the lines with carets under the findings, the fields, the findings.
fn human(lines: &[String], v: &Verdict) -> String {
    let mut out = String::new();
    let kind = v.doc_type.map_or("unknown layout", |t| t.as_str());
    let verdict = if v.valid { "VALID" } else { "INVALID" };
    let mode = match v.mode {
        Mode::Strict => "strict",
        Mode::Lenient => "lenient",
    };
    let specimen = if v.specimen { "  SPECIMEN" } else { "" };
    out.push_str(&format!("{verdict}  {kind}  ({mode}){specimen}\n"));

    for (n, line) in lines_as_read(lines.iter().map(String::as_str))
        .iter()
        .enumerate()
    {
        out.push_str(&format!("  {line}\n"));
        let marks = caret_line(n + 1, line.chars().count(), v.findings());
        if !marks.trim().is_empty() {
            out.push_str(&format!("  {}\n", marks.trim_end()));
        }
    }
    if let Some(f) = &v.fields {
        out.push_str(&fields_table(f));
    }
    if !v.findings().is_empty() {
        out.push_str("findings:\n");
        for f in v.findings() {
            out.push_str(&format!("  {}\n", finding_line(f)));
        }
    }
    out.push('\n');
    out
}

/// `^` under characters with an error, `~` under those with only a warning.
fn caret_line(line: usize, width: usize, findings: &[Finding]) -> String {
    let mut marks = vec![' '; width.max(1)];
    for f in findings.iter().filter(|f| f.line as usize == line) {
        let mark = match f.severity() {
            Severity::Error => '^',
            Severity::Warning => '~',
        };
        let (start, end) = (f.start as usize, f.end as usize);
        if start == 0 {
            continue;
        }
        for col in start..=end {
            if col > marks.len() {
                marks.resize(col, ' ');
            }
            let slot = &mut marks[col - 1];
            if *slot != '^' {
                *slot = mark;
            }
        }
    }
    marks.into_iter().collect()
}

fn with_name(code: &str) -> String {
    match codes::name(code) {
        Some(name) => format!("{code}  {name}"),
        None if code.is_empty() => String::new(),
        None => format!("{code}  (not a known code)"),
    }
}

fn fields_table(f: &ParsedMrz) -> String {
    let date = |d: &kingpin_docverify::DateField| match d.iso {
        Some(iso) => format!("{}  {iso}", d.raw),
        None => d.raw.to_string(),
    };
    let number = if f.long_document_number {
        format!("{}  (long number)", f.document_number)
    } else {
        f.document_number.to_string()
    };
    let mut rows = vec![
        ("document code", f.document_code.to_string()),
        ("issuing state", with_name(f.issuing_state.as_str())),
        ("document number", number),
        ("surname", f.surname.to_string()),
        ("given names", f.given_names.to_string()),
        ("nationality", with_name(f.nationality.as_str())),
        ("birth date", date(&f.birth_date)),
        ("sex", f.sex.to_string()),
        ("expiry date", date(&f.expiry_date)),
        ("optional data", f.optional_data.to_string()),
        ("optional data 2", f.optional_data_2.to_string()),
    ];
    rows.retain(|(k, v)| !(k.starts_with("optional") && v.is_empty()));
    rows.iter()
        .map(|(k, v)| format!("  {k:<16} {v}").trim_end().to_string() + "\n")
        .collect()
}

fn finding_line(f: &Finding) -> String {
    let severity = match f.severity() {
        Severity::Error => "error  ",
        Severity::Warning => "warning",
    };
    let at = match (f.line, f.start == f.end) {
        (0, _) => "input".to_string(),
        (l, true) => format!("line {l} col {}", f.start),
        (l, false) => format!("line {l} col {}-{}", f.start, f.end),
    };
    format!(
        "{severity} {:<39} {at:<17} {}",
        f.code.as_str(),
        f.message()
    )
}
