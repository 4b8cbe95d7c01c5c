//! `kingpin case board|weight|charge|evidence|unmap|offence`: the priority board across
//! investigations, its weights, and charge readiness against offence templates. The command
//! line acts as the local administrator: it sees every investigation and sets weights as a
//! supervisor would.

use super::common::{DbArgs, actor};
use kingpin_cases::board::{self, BoardOptions};
use kingpin_cases::charge;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

fn json(v: &impl Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

/// Options of `kingpin case board`.
#[derive(clap::Args, Debug)]
pub struct BoardArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Only these investigations (default: all).
    investigations: Vec<String>,
    /// Links out a target's network reaches.
    #[arg(long, default_value_t = BoardOptions::default().depth)]
    depth: usize,
    /// Measure freshness from this day (YYYY-MM-DD; default today).
    #[arg(long)]
    today: Option<String>,
    /// Age in days at which intelligence counts as stale.
    #[arg(long, default_value_t = BoardOptions::default().fresh_days)]
    fresh_days: f64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `kingpin case board`.
pub fn board(a: BoardArgs) -> anyhow::Result<ExitCode> {
    let mut store = a.db.open_any()?;
    let visible = if a.investigations.is_empty() {
        board::all_investigations(&mut store.sql())?
    } else {
        a.investigations.clone()
    };
    let opts = BoardOptions {
        depth: a.depth,
        today: a.today.clone(),
        fresh_days: a.fresh_days,
        ..Default::default()
    };
    let b = board::board(&mut store, &visible, &opts)?;
    if a.json {
        json(&b)?;
        return Ok(ExitCode::SUCCESS);
    }
    let weights: Vec<String> = b
        .weights
        .iter()
        .map(|w| format!("{} {}", w.factor, w.weight))
        .collect();
    println!(
        "priority board, {} (weights: {})",
        b.today,
        weights.join(", ")
    );
    for (i, inv) in b.investigations.iter().enumerate() {
        println!(
            "\n#{} {:<20} score {:.3}",
            i + 1,
            inv.investigation,
            inv.score
        );
        for f in &inv.factors {
            println!(
                "    {:<10} {:.2} x {:.2} = {:.3}  {}",
                f.factor, f.value, f.weight, f.contribution, f.reason
            );
        }
        for t in &inv.targets {
            println!(
                "  target {} [{}]  score {:.3}",
                t.caption, t.entity, t.score
            );
            for f in &t.factors {
                println!(
                    "      {:<10} {:.2} x {:.2} = {:.3}  {}",
                    f.factor, f.value, f.weight, f.contribution, f.reason
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Options of `kingpin case weight`.
#[derive(clap::Args, Debug)]
pub struct WeightArgs {
    #[command(flatten)]
    db: DbArgs,
    /// harm, leader, reach, money, freshness or overlap.
    factor: String,
    /// Relative weight (0-100; the board divides by the sum).
    weight: f64,
    /// Why (kept in the audit log).
    #[arg(long)]
    reason: String,
}

/// Runs `kingpin case weight`.
pub fn weight(a: WeightArgs) -> anyhow::Result<ExitCode> {
    let mut store = a.db.open_any()?;
    board::set_weight(&mut store.sql(), &actor(), &a.factor, a.weight, &a.reason)?;
    println!("weight of {} set to {}", a.factor, a.weight);
    Ok(ExitCode::SUCCESS)
}

/// Options of `kingpin case charge`.
#[derive(clap::Args, Debug)]
pub struct ChargeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Offence code (`kingpin case offence list`).
    offence: String,
    /// Target entity id.
    target: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `kingpin case charge`: exit code 1 while a required element has no evidence.
pub fn charge(a: ChargeArgs) -> anyhow::Result<ExitCode> {
    let mut store = a.db.open_any()?;
    let r = charge::readiness(&mut store, &a.investigation, &a.offence, &a.target)?;
    if a.json {
        json(&r)?;
    } else {
        println!("{} — {}", r.title, r.law);
        println!(
            "against {} [{}] in {}",
            r.caption, r.target, r.investigation
        );
        for e in &r.elements {
            let state = if e.gap {
                "GAP"
            } else if e.evidence.is_empty() {
                "optional"
            } else {
                "evidenced"
            };
            println!("\n[{state}] {}: {}", e.element.id, e.element.text);
            for m in &e.evidence {
                println!("    #{} {} {}: {}", m.id, m.kind, m.reference, m.note);
                println!("        {}", m.detail);
            }
            for (m, why) in &e.missing {
                println!(
                    "    #{} {} {}: NO LONGER FOUND ({why})",
                    m.id, m.kind, m.reference
                );
            }
            if e.gap && !e.element.guidance.is_empty() {
                println!("    look for: {}", e.element.guidance);
            }
        }
        if r.gaps.is_empty() {
            println!("\nevery required element has evidence");
        } else {
            println!("\n{} gap(s): {}", r.gaps.len(), r.gaps.join(", "));
        }
    }
    Ok(if r.gaps.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Options of `kingpin case evidence`.
#[derive(clap::Args, Debug)]
pub struct EvidenceArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Offence code.
    offence: String,
    /// Target entity id.
    target: String,
    /// Element id of the offence.
    element: String,
    /// exhibit, statement, decision or note.
    #[arg(long)]
    kind: String,
    /// Exhibit reference, ENTITY:PROPERTY, or the decision's or note's number.
    #[arg(long)]
    reference: String,
    /// What it shows.
    #[arg(long)]
    note: String,
}

/// Runs `kingpin case evidence`.
pub fn evidence(a: EvidenceArgs) -> anyhow::Result<ExitCode> {
    let mut store = a.db.open_any()?;
    let m = charge::map_evidence(
        &mut store,
        &actor(),
        &a.investigation,
        &a.offence,
        &a.target,
        &a.element,
        &a.kind,
        &a.reference,
        &a.note,
    )?;
    println!("mapping {}: {} → {}: {}", m.id, a.element, m.kind, m.detail);
    Ok(ExitCode::SUCCESS)
}

/// Options of `kingpin case unmap`.
#[derive(clap::Args, Debug)]
pub struct UnmapArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Mapping number.
    id: i64,
    /// Why.
    #[arg(long)]
    reason: String,
}

/// Runs `kingpin case unmap`.
pub fn unmap(a: UnmapArgs) -> anyhow::Result<ExitCode> {
    let mut store = a.db.open_any()?;
    charge::unmap_evidence(
        &mut store.sql(),
        &actor(),
        &a.investigation,
        a.id,
        &a.reason,
    )?;
    println!("mapping {} removed", a.id);
    Ok(ExitCode::SUCCESS)
}

/// Offence template subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum OffenceCommand {
    /// List the offence templates.
    List(OffenceListArgs),
    /// Print a template as TOML (edit it and store it with `set`).
    Show(OffenceShowArgs),
    /// Store an edited or new template from a TOML file.
    Set(OffenceSetArgs),
}

/// Options of `kingpin case offence list`.
#[derive(clap::Args, Debug)]
pub struct OffenceListArgs {
    #[command(flatten)]
    db: DbArgs,
}

/// Options of `kingpin case offence show`.
#[derive(clap::Args, Debug)]
pub struct OffenceShowArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Offence code.
    code: String,
}

/// Options of `kingpin case offence set`.
#[derive(clap::Args, Debug)]
pub struct OffenceSetArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The template (TOML).
    file: PathBuf,
}

/// Runs `kingpin case offence …`.
pub fn offence(c: OffenceCommand) -> anyhow::Result<ExitCode> {
    match c {
        OffenceCommand::List(a) => {
            let mut store = a.db.open_any()?;
            let conn = &mut store.sql();
            for o in charge::offences(conn)? {
                let edited = if charge::is_edited(conn, &o.code)? {
                    " (edited)"
                } else {
                    ""
                };
                println!(
                    "{:<16} {} — {}, {} elements{edited}",
                    o.code,
                    o.title,
                    o.law,
                    o.elements.len()
                );
            }
        }
        OffenceCommand::Show(a) => {
            let mut store = a.db.open_any()?;
            print!("{}", charge::offence_text(&mut store.sql(), &a.code)?);
        }
        OffenceCommand::Set(a) => {
            let mut store = a.db.open_any()?;
            let text = std::fs::read_to_string(&a.file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", a.file.display()))?;
            let o = charge::set_offence(&mut store.sql(), &actor(), &text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", a.file.display()))?;
            println!("offence {} stored ({} elements)", o.code, o.elements.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}
