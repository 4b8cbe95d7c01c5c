//! `kingpin case`: the work inside an investigation — members' roles, targets, requirements
//! and hypotheses, tasks, decisions, notes, exhibits with their chain of custody, and the
//! integrity check of exhibits' digital copies. Every change is audited.

use super::common::{DbArgs, actor};
use kingpin_cases::exhibits::{self, FileState, Handover, NewExhibit};
use kingpin_cases::vault::Vault;
use kingpin_cases::{investigation, targets, work};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// Subcommands of `kingpin case`.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// An investigation at a glance: members, targets, open tasks, requirements, exhibits.
    Show(InvArgs),
    /// Give a member a part in the investigation (lead, deputy, investigator, analyst,
    /// exhibits_officer, disclosure_officer, member).
    Role(RoleArgs),
    /// Targets: entities of the store the investigation pursues.
    #[command(subcommand)]
    Target(TargetCommand),
    /// Intelligence requirements and hypotheses.
    #[command(subcommand)]
    Requirement(RequirementCommand),
    /// Tasks with an owner, a due date and a status.
    #[command(subcommand)]
    Task(TaskCommand),
    /// Record a decision: what was decided and why (never edited afterwards).
    Decide(DecideArgs),
    /// Add a note.
    Note(NoteArgs),
    /// The decision log and the notes.
    Log(InvArgs),
    /// Exhibits: seizure, handovers, digital copies.
    #[command(subcommand)]
    Exhibit(ExhibitCommand),
    /// Re-hash every exhibit copy of the investigation; exit code 1 if any is altered or missing.
    Check(CheckArgs),
    /// The priority board across investigations: scores with the reasons per factor.
    Board(super::case_board::BoardArgs),
    /// Set a factor's weight on the priority board (audited).
    Weight(super::case_board::WeightArgs),
    /// Charge readiness: an offence's elements against a target, with evidence and gaps
    /// (exit code 1 while a required element has none).
    Charge(super::case_board::ChargeArgs),
    /// Map evidence (exhibit, statement, decision, note) to an element of an offence.
    Evidence(super::case_board::EvidenceArgs),
    /// Remove an evidence mapping, with the reason.
    Unmap(super::case_board::UnmapArgs),
    /// Offence templates: list, show, set (edit).
    #[command(subcommand)]
    Offence(super::case_board::OffenceCommand),
    /// The schedule of unused material with sensitivity markings (CSV, PDF).
    Disclosure(super::case_report::DisclosureArgs),
    /// Mark an item of unused material not_sensitive, sensitive or highly_sensitive.
    Mark(super::case_report::MarkArgs),
    /// The evidence bundle for a target (HTML, PDF).
    Bundle(super::case_report::BundleArgs),
}

/// An investigation and the output format.
#[derive(clap::Args, Debug)]
pub struct InvArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Options of `kingpin case role`.
#[derive(clap::Args, Debug)]
pub struct RoleArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Member.
    user: String,
    /// Their part.
    role: String,
}

/// Target subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum TargetCommand {
    /// Add an entity as a target.
    Add(TargetAddArgs),
    /// Remove a target, with the reason.
    Remove(TargetRemoveArgs),
    /// List targets.
    List(InvArgs),
}

/// Options of `kingpin case target add`.
#[derive(clap::Args, Debug)]
pub struct TargetAddArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Entity id.
    entity: String,
    /// The part it plays (principal, lieutenant, facilitator…).
    #[arg(long, default_value = "target")]
    label: String,
    /// Why it is a target.
    #[arg(long)]
    reason: String,
}

/// Options of `kingpin case target remove`.
#[derive(clap::Args, Debug)]
pub struct TargetRemoveArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Entity id.
    entity: String,
    /// Why.
    #[arg(long)]
    reason: String,
}

/// Requirement subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum RequirementCommand {
    /// Raise a requirement or a hypothesis.
    Add(RequirementAddArgs),
    /// Change its status (open, answered, supported, refuted, withdrawn).
    Status(RequirementStatusArgs),
    /// List them.
    List(InvArgs),
}

/// Options of `kingpin case requirement add`.
#[derive(clap::Args, Debug)]
pub struct RequirementAddArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// The question or the claim.
    text: String,
    /// `requirement` or `hypothesis`.
    #[arg(long, default_value = "requirement")]
    kind: String,
}

/// Options of `kingpin case requirement status`.
#[derive(clap::Args, Debug)]
pub struct RequirementStatusArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Requirement number.
    id: i64,
    /// New status.
    status: String,
    /// Why.
    #[arg(long)]
    reason: String,
}

/// Task subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum TaskCommand {
    /// Set a task for a member.
    Add(TaskAddArgs),
    /// Change its status, owner or due date.
    Update(TaskUpdateArgs),
    /// List tasks, open ones first by due date.
    List(InvArgs),
}

/// Options of `kingpin case task add`.
#[derive(clap::Args, Debug)]
pub struct TaskAddArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// What is to be done.
    title: String,
    /// The member who does it.
    #[arg(long)]
    owner: String,
    /// Due date (YYYY-MM-DD).
    #[arg(long)]
    due: Option<String>,
}

/// Options of `kingpin case task update`.
#[derive(clap::Args, Debug)]
pub struct TaskUpdateArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Task number.
    id: i64,
    /// New status (open, in_progress, blocked, done, cancelled).
    #[arg(long)]
    status: Option<String>,
    /// New owner.
    #[arg(long)]
    owner: Option<String>,
    /// New due date.
    #[arg(long)]
    due: Option<String>,
}

/// Options of `kingpin case decide`.
#[derive(clap::Args, Debug)]
pub struct DecideArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// What was decided.
    decision: String,
    /// Why.
    #[arg(long)]
    why: String,
    /// What it is about (entity id, exhibit reference).
    #[arg(long)]
    about: Option<String>,
}

/// Options of `kingpin case note`.
#[derive(clap::Args, Debug)]
pub struct NoteArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// The note.
    text: String,
    /// What it is about.
    #[arg(long)]
    about: Option<String>,
}

/// Exhibit subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum ExhibitCommand {
    /// Record a seized or produced exhibit (its custody starts with the seizing officer).
    Add(ExhibitAddArgs),
    /// Record a handover from the current holder to another.
    Handover(HandoverArgs),
    /// Store a digital copy (extraction, scan) in the vault, hashed with SHA-256.
    Attach(AttachArgs),
    /// One exhibit with its chain of custody and copies.
    Show(ExhibitShowArgs),
    /// List exhibits and who holds them.
    List(InvArgs),
}

/// Options of `kingpin case exhibit add`.
#[derive(clap::Args, Debug)]
pub struct ExhibitAddArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Exhibit reference (e.g. JB/1).
    reference: String,
    /// phone, sim, computer, document, ledger, extract, cash, equipment or other.
    #[arg(long)]
    kind: String,
    /// What it is.
    #[arg(long)]
    description: String,
    /// Who seized or produced it.
    #[arg(long)]
    seized_by: String,
    /// When (YYYY-MM-DDTHH:MM, UTC).
    #[arg(long)]
    seized_at: String,
    /// Where.
    #[arg(long)]
    seized_where: String,
    /// Where it is kept (store, locker, bag number).
    #[arg(long)]
    location: String,
}

/// Options of `kingpin case exhibit handover`.
#[derive(clap::Args, Debug)]
pub struct HandoverArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Exhibit reference.
    reference: String,
    /// The current holder.
    #[arg(long)]
    from: String,
    /// Who receives it.
    #[arg(long)]
    to: String,
    /// When (YYYY-MM-DDTHH:MM, UTC).
    #[arg(long)]
    at: String,
    /// Where it goes.
    #[arg(long)]
    location: String,
    /// Why.
    #[arg(long)]
    reason: String,
}

/// The exhibit vault option.
#[derive(clap::Args, Debug)]
pub struct VaultArgs {
    /// Directory of exhibit copies (default: the database file's name + `.exhibits`; needed
    /// with a PostgreSQL database, which has no file to keep it beside).
    #[arg(long, env = "KINGPIN_VAULT")]
    vault: Option<PathBuf>,
}

impl VaultArgs {
    fn vault(&self, db: &DbArgs) -> anyhow::Result<Vault> {
        match &self.vault {
            Some(v) => Ok(Vault::new(v)),
            None if db.is_postgres() => anyhow::bail!(
                "a PostgreSQL database keeps no exhibit copies beside it: give --vault DIR \
                 (or KINGPIN_VAULT)"
            ),
            None => Ok(Vault::beside(&db.db)),
        }
    }
}

/// Options of `kingpin case exhibit attach`.
#[derive(clap::Args, Debug)]
pub struct AttachArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    vault: VaultArgs,
    /// Investigation.
    investigation: String,
    /// Exhibit reference.
    reference: String,
    /// The file.
    file: PathBuf,
}

/// Options of `kingpin case exhibit show`.
#[derive(clap::Args, Debug)]
pub struct ExhibitShowArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    investigation: String,
    /// Exhibit reference.
    reference: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Options of `kingpin case check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    vault: VaultArgs,
    /// Investigation.
    investigation: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn json(v: &impl Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

/// Runs a `kingpin case` subcommand.
pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    let who = actor();
    match c {
        Command::Show(a) => show(a)?,
        Command::Role(a) => {
            let mut store = a.db.open_any()?;
            investigation::set_role(
                &mut store.sql(),
                &who,
                &a.investigation,
                &a.user,
                a.role.parse()?,
            )?;
            println!("{} is {} of {}", a.user, a.role, a.investigation);
        }
        Command::Target(t) => target(t, &who)?,
        Command::Requirement(r) => requirement(r, &who)?,
        Command::Task(t) => task(t, &who)?,
        Command::Decide(a) => {
            let mut store = a.db.open_any()?;
            let e = work::decide(
                &mut store.sql(),
                &who,
                &a.investigation,
                &a.decision,
                &a.why,
                a.about.as_deref(),
            )?;
            println!("decision {} recorded", e.id);
        }
        Command::Note(a) => {
            let mut store = a.db.open_any()?;
            let e = work::note(
                &mut store.sql(),
                &who,
                &a.investigation,
                &a.text,
                a.about.as_deref(),
            )?;
            println!("note {} added", e.id);
        }
        Command::Log(a) => {
            let mut store = a.db.open_any()?;
            let conn = &mut store.sql();
            let mut all = work::entries(conn, &a.investigation, "decision")?;
            all.extend(work::entries(conn, &a.investigation, "note")?);
            all.sort_by_key(|e| e.id);
            if a.json {
                json(&all)?;
            }
            for e in all.iter().filter(|_| !a.json) {
                let about = e
                    .about
                    .as_deref()
                    .map(|s| format!(" [{s}]"))
                    .unwrap_or_default();
                println!(
                    "{} {:8} {} {}{about}: {}",
                    e.at, e.kind, e.id, e.author, e.text
                );
                if !e.rationale.is_empty() {
                    println!("    because: {}", e.rationale);
                }
            }
        }
        Command::Exhibit(e) => exhibit(e, &who)?,
        Command::Board(a) => return super::case_board::board(a),
        Command::Weight(a) => return super::case_board::weight(a),
        Command::Charge(a) => return super::case_board::charge(a),
        Command::Evidence(a) => return super::case_board::evidence(a),
        Command::Unmap(a) => return super::case_board::unmap(a),
        Command::Offence(c) => return super::case_board::offence(c),
        Command::Disclosure(a) => return super::case_report::disclosure(a),
        Command::Mark(a) => return super::case_report::mark(a),
        Command::Bundle(a) => return super::case_report::bundle(a),
        Command::Check(a) => {
            let mut store = a.db.open_any()?;
            let vault = a.vault.vault(&a.db)?;
            let report = exhibits::check(&mut store.sql(), &vault, &who, &a.investigation)?;
            let bad = report
                .iter()
                .filter(|c| c.state != FileState::Intact)
                .count();
            if a.json {
                json(&report)?;
            } else {
                for c in &report {
                    let state = match &c.state {
                        FileState::Intact => "intact".to_string(),
                        FileState::Altered { found } => format!("ALTERED (now {found})"),
                        FileState::Missing => "MISSING".to_string(),
                    };
                    println!("{:12} {:30} {} {state}", c.reference, c.name, c.sha256);
                }
                println!(
                    "{} files, {} intact, {bad} altered or missing",
                    report.len(),
                    report.len() - bad
                );
            }
            if bad > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(a: InvArgs) -> anyhow::Result<()> {
    let mut store = a.db.open_any()?;
    let conn = &mut store.sql();
    let inv = &a.investigation;
    let members = investigation::members(conn, inv)?;
    let targets = targets::list(conn, inv)?;
    let tasks = work::tasks(conn, inv)?;
    let requirements = work::requirements(conn, inv)?;
    let exhibits = exhibits::list(conn, inv)?;
    if a.json {
        return json(
            &serde_json::json!({"investigation": inv, "members": members,
            "targets": targets, "tasks": tasks, "requirements": requirements, "exhibits": exhibits}),
        );
    }
    println!("investigation {inv}");
    println!("members:");
    for m in &members {
        println!("  {:20} {}", m.user, m.role.as_str());
    }
    println!("targets:");
    for t in &targets {
        println!(
            "  {:12} {:30} {:8} {}",
            t.label, t.caption, t.schema, t.entity
        );
    }
    println!("tasks:");
    for t in &tasks {
        println!(
            "  {:3} {:11} {:10} {:12} {}",
            t.id,
            t.status,
            t.due.as_deref().unwrap_or("-"),
            t.owner,
            t.title
        );
    }
    println!("requirements and hypotheses:");
    for r in &requirements {
        println!("  {:3} {:11} {:9} {}", r.id, r.kind, r.status, r.text);
    }
    println!("exhibits:");
    for e in &exhibits {
        println!(
            "  {:10} {:9} held by {} at {}: {}",
            e.reference, e.kind, e.holder, e.location, e.description
        );
    }
    Ok(())
}

fn target(c: TargetCommand, who: &kingpin_cases::Actor) -> anyhow::Result<()> {
    match c {
        TargetCommand::Add(a) => {
            let mut store = a.db.open_any()?;
            let t = targets::add(
                &mut store,
                who,
                &a.investigation,
                &a.entity,
                &a.label,
                &a.reason,
            )?;
            println!(
                "{} ({}, {}) is a target of {}",
                t.caption, t.schema, t.entity, t.investigation
            );
        }
        TargetCommand::Remove(a) => {
            let mut store = a.db.open_any()?;
            targets::remove(
                &mut store.sql(),
                who,
                &a.investigation,
                &a.entity,
                &a.reason,
            )?;
            println!("{} is no longer a target of {}", a.entity, a.investigation);
        }
        TargetCommand::List(a) => {
            let mut store = a.db.open_any()?;
            let all = targets::list(&mut store.sql(), &a.investigation)?;
            if a.json {
                return json(&all);
            }
            for t in all {
                println!(
                    "{:12} {:30} {:8} {} — {}",
                    t.label, t.caption, t.schema, t.entity, t.reason
                );
            }
        }
    }
    Ok(())
}

fn requirement(c: RequirementCommand, who: &kingpin_cases::Actor) -> anyhow::Result<()> {
    match c {
        RequirementCommand::Add(a) => {
            let mut store = a.db.open_any()?;
            let r =
                work::add_requirement(&mut store.sql(), who, &a.investigation, &a.kind, &a.text)?;
            println!("{} {} raised", r.kind, r.id);
        }
        RequirementCommand::Status(a) => {
            let mut store = a.db.open_any()?;
            let r = work::set_requirement_status(
                &mut store.sql(),
                who,
                &a.investigation,
                a.id,
                &a.status,
                &a.reason,
            )?;
            println!("{} {} is {}", r.kind, r.id, r.status);
        }
        RequirementCommand::List(a) => {
            let mut store = a.db.open_any()?;
            let all = work::requirements(&mut store.sql(), &a.investigation)?;
            if a.json {
                return json(&all);
            }
            for r in all {
                println!("{:3} {:11} {:9} {}", r.id, r.kind, r.status, r.text);
            }
        }
    }
    Ok(())
}

fn task(c: TaskCommand, who: &kingpin_cases::Actor) -> anyhow::Result<()> {
    match c {
        TaskCommand::Add(a) => {
            let mut store = a.db.open_any()?;
            let t = work::add_task(
                &mut store.sql(),
                who,
                &a.investigation,
                &a.title,
                &a.owner,
                a.due.as_deref(),
            )?;
            println!("task {} set for {}", t.id, t.owner);
        }
        TaskCommand::Update(a) => {
            let mut store = a.db.open_any()?;
            let change = work::TaskChange {
                status: a.status.as_deref(),
                owner: a.owner.as_deref(),
                due: a.due.as_deref(),
            };
            let t = work::update_task(&mut store.sql(), who, &a.investigation, a.id, &change)?;
            println!(
                "task {}: {} (owner {}, due {})",
                t.id,
                t.status,
                t.owner,
                t.due.as_deref().unwrap_or("-")
            );
        }
        TaskCommand::List(a) => {
            let mut store = a.db.open_any()?;
            let all = work::tasks(&mut store.sql(), &a.investigation)?;
            if a.json {
                return json(&all);
            }
            for t in all {
                println!(
                    "{:3} {:11} {:10} {:12} {}",
                    t.id,
                    t.status,
                    t.due.as_deref().unwrap_or("-"),
                    t.owner,
                    t.title
                );
            }
        }
    }
    Ok(())
}

fn exhibit(c: ExhibitCommand, who: &kingpin_cases::Actor) -> anyhow::Result<()> {
    match c {
        ExhibitCommand::Add(a) => {
            let mut store = a.db.open_any()?;
            let e = exhibits::add(
                &mut store.sql(),
                who,
                &a.investigation,
                &NewExhibit {
                    reference: &a.reference,
                    kind: &a.kind,
                    description: &a.description,
                    seized_by: &a.seized_by,
                    seized_at: &a.seized_at,
                    seized_where: &a.seized_where,
                    location: &a.location,
                },
            )?;
            println!("exhibit {} recorded, held by {}", e.reference, e.holder);
        }
        ExhibitCommand::Handover(a) => {
            let mut store = a.db.open_any()?;
            let h = Handover {
                from: &a.from,
                to: &a.to,
                at: &a.at,
                location: &a.location,
                reason: &a.reason,
            };
            let c = exhibits::handover(&mut store.sql(), who, &a.investigation, &a.reference, &h)?;
            println!(
                "exhibit {} handed to {} at {}",
                a.reference, c.to_holder, c.at
            );
        }
        ExhibitCommand::Attach(a) => {
            let mut store = a.db.open_any()?;
            let vault = a.vault.vault(&a.db)?;
            let f = exhibits::attach(
                &mut store.sql(),
                &vault,
                who,
                &a.investigation,
                &a.reference,
                &a.file,
            )?;
            println!(
                "{} attached to {}: SHA-256 {} ({} bytes)",
                f.name, a.reference, f.sha256, f.size
            );
        }
        ExhibitCommand::Show(a) => {
            let mut store = a.db.open_any()?;
            let r = exhibits::record(&mut store.sql(), &a.investigation, &a.reference)?;
            if a.json {
                return json(&r);
            }
            let e = &r.exhibit;
            println!("exhibit {} ({}): {}", e.reference, e.kind, e.description);
            println!(
                "seized by {} at {} in {}",
                e.seized_by, e.seized_at, e.seized_where
            );
            println!("held by {} at {}", e.holder, e.location);
            println!("custody:");
            for c in &r.custody {
                let from = c.from_holder.as_deref().unwrap_or("(seizure)");
                println!(
                    "  {} {} -> {} at {}: {} (recorded by {})",
                    c.at, from, c.to_holder, c.location, c.reason, c.recorded_by
                );
            }
            println!("copies:");
            for f in &r.files {
                println!("  {} {} ({} bytes)", f.sha256, f.name, f.size);
            }
        }
        ExhibitCommand::List(a) => {
            let mut store = a.db.open_any()?;
            let all = exhibits::list(&mut store.sql(), &a.investigation)?;
            if a.json {
                return json(&all);
            }
            for e in all {
                println!(
                    "{:10} {:9} held by {} at {}: {}",
                    e.reference, e.kind, e.holder, e.location, e.description
                );
            }
        }
    }
    Ok(())
}
