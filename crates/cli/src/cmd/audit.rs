//! `kingpin audit`: check the audit trail's hash chain and query who did what.

use super::common::DbArgs;
use kingpin_audit::{Filter, Verification};
use std::process::ExitCode;

/// `kingpin audit` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Walk the hash chain: exit 0 if intact, 1 (naming the first bad record) if tampered.
    Verify(VerifyArgs),
    /// Show audit records, newest first.
    Log(LogArgs),
}

/// Options of `kingpin audit verify`.
#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    #[command(flatten)]
    db: DbArgs,
    /// A record number and hash noted from an earlier verify (`SEQ:HASH`, as printed); fails
    /// if that record no longer has that hash (the log was rewritten and re-chained).
    #[arg(long, value_parser = parse_anchor)]
    anchor: Vec<(i64, String)>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_anchor(s: &str) -> Result<(i64, String), String> {
    let (seq, hash) = s.split_once(':').ok_or("expected SEQ:HASH")?;
    let seq = seq.trim().parse().map_err(|_| "SEQ must be a number")?;
    let hash = hash.trim();
    if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err("HASH must be 64 hex digits".into());
    }
    Ok((seq, hash.to_string()))
}

/// Options of `kingpin audit log`.
#[derive(clap::Args, Debug)]
pub struct LogArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Only this actor.
    #[arg(long)]
    actor: Option<String>,
    /// Only this action (import, export, doc.examine, resolve.decide, audit.log).
    #[arg(long)]
    action: Option<String>,
    /// Only targets containing this text.
    #[arg(long)]
    target: Option<String>,
    /// From this time on (UTC, e.g. 2026-11-25 or 2026-11-25T13:00).
    #[arg(long)]
    since: Option<String>,
    /// Before this time (UTC).
    #[arg(long)]
    until: Option<String>,
    /// At most this many records.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// One JSON object a line.
    #[arg(long)]
    json: bool,
}

/// Runs `kingpin audit`.
pub fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Verify(a) => verify(a),
        Command::Log(a) => log(a),
    }
}

fn verify(a: VerifyArgs) -> anyhow::Result<ExitCode> {
    let mut store = a.db.open_any()?;
    kingpin_audit::ensure(&mut store.sql())?;
    let v = kingpin_audit::verify_anchored(&mut store.sql(), &a.anchor)?;
    if a.json {
        println!("{}", serde_json::to_string(&v)?);
    }
    match v {
        Verification::Intact { records, head } => {
            if !a.json {
                println!("audit log intact: {records} records, head {head}");
                if records > 0 {
                    println!("anchor (keep it outside the database): {records}:{head}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Verification::Tampered { message, .. } => {
            eprintln!("audit log TAMPERED: {message}");
            Ok(ExitCode::from(1))
        }
    }
}

fn log(a: LogArgs) -> anyhow::Result<ExitCode> {
    let mut store = a.db.open_any()?;
    let conn = &mut store.sql();
    kingpin_audit::ensure(conn)?;
    let filter = Filter {
        actor: a.actor,
        action: a.action,
        target: a.target,
        since: a.since,
        until: a.until,
        limit: Some(a.limit),
    };
    let records = kingpin_audit::query(conn, &filter)?;
    // Reading the log is itself recorded (after the query, so it does not list itself).
    let f = &filter;
    let detail = serde_json::json!({ "actor": f.actor, "action": f.action, "target": f.target,
        "since": f.since, "until": f.until, "limit": f.limit, "shown": records.len() });
    super::common::audit_any(conn, "audit.log", "audit", detail)?;
    for r in &records {
        if a.json {
            println!("{}", serde_json::to_string(r)?);
        } else {
            println!(
                "#{} {} {}@{} ({}) {} {} {}",
                r.seq, r.at, r.actor, r.agency, r.origin, r.action, r.target, r.detail
            );
        }
    }
    if records.is_empty() && !a.json {
        eprintln!("no audit records match");
    }
    Ok(ExitCode::SUCCESS)
}
