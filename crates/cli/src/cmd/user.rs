//! `kingpin user` and `kingpin investigation`: accounts and compartments, for the local
//! administrator (who holds the database file).

use super::common::DbArgs;
use anyhow::Context;
use kingpin_server::roles::Role;
use kingpin_server::{identity, investigations, tables};
use std::process::ExitCode;

/// `kingpin user` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Add a user; the password is read from $KINGPIN_PASSWORD or the first line of stdin.
    Add(AddArgs),
    /// List users.
    List(ListArgs),
    /// Disable a user (ends their sessions).
    Disable(NameArgs),
    /// Re-enable a disabled user.
    Enable(NameArgs),
    /// Lift a lock-out.
    Unlock(NameArgs),
    /// Set a new password ($KINGPIN_PASSWORD or stdin).
    Passwd(NameArgs),
    /// Change a user's role.
    Role(RoleArgs),
}

/// Options of `kingpin user add`.
#[derive(clap::Args, Debug)]
pub struct AddArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Login name.
    name: String,
    /// Agency the user works for (e.g. NCA, HO, KRG).
    #[arg(long)]
    agency: String,
    /// Role: analyst, investigator, document_examiner, referral_officer, supervisor, admin.
    #[arg(long)]
    role: Role,
    /// How other agencies can reach this user (shown in deconfliction alerts).
    #[arg(long, default_value = "")]
    contact: String,
}

/// A user name.
#[derive(clap::Args, Debug)]
pub struct NameArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Login name.
    name: String,
}

/// Options of `kingpin user role`.
#[derive(clap::Args, Debug)]
pub struct RoleArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Login name.
    name: String,
    /// New role.
    role: Role,
}

/// Options of `kingpin user list`.
#[derive(clap::Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("KINGPIN_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from stdin")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn open(db: &DbArgs) -> anyhow::Result<kingpin_store::AnyStore> {
    let mut store = db.open_any()?;
    tables::ensure_any(&mut store.sql())?;
    Ok(store)
}

/// Runs a `kingpin user` subcommand; each change is recorded in the audit log.
pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    let (db, action, name) = match &c {
        Command::Add(a) => (&a.db, "user.add", a.name.clone()),
        Command::List(a) => (&a.db, "user.list", String::new()),
        Command::Disable(a) => (&a.db, "user.disable", a.name.clone()),
        Command::Enable(a) => (&a.db, "user.enable", a.name.clone()),
        Command::Unlock(a) => (&a.db, "user.unlock", a.name.clone()),
        Command::Passwd(a) => (&a.db, "user.passwd", a.name.clone()),
        Command::Role(a) => (&a.db, "user.role", a.name.clone()),
    };
    let mut store = open(db)?;
    let conn = &mut store.sql();
    let mut detail = serde_json::json!({});
    match &c {
        Command::Add(a) => {
            identity::add_user(conn, &a.name, &a.agency, a.role, &password()?, &a.contact)?;
            detail = serde_json::json!({ "agency": a.agency, "role": a.role.as_str() });
            println!("added {} ({}, {})", a.name, a.agency, a.role);
        }
        Command::List(a) => {
            let users = identity::list_users(conn)?;
            if a.json {
                println!("{}", serde_json::to_string_pretty(&users)?);
            } else {
                for u in users {
                    let state = if u.disabled {
                        "disabled"
                    } else if u.locked_until > tables::now() {
                        "locked"
                    } else {
                        "active"
                    };
                    println!(
                        "{:20} {:8} {:18} {:8} {}",
                        u.name, u.agency, u.role, state, u.contact
                    );
                }
            }
        }
        Command::Disable(a) => identity::set_disabled(conn, &a.name, true)?,
        Command::Enable(a) => identity::set_disabled(conn, &a.name, false)?,
        Command::Unlock(a) => identity::unlock(conn, &a.name)?,
        Command::Passwd(a) => identity::set_password(conn, &a.name, &password()?)?,
        Command::Role(a) => {
            identity::set_role(conn, &a.name, a.role)?;
            detail = serde_json::json!({ "role": a.role.as_str() });
        }
    }
    super::common::audit_any(conn, action, &name, detail)?;
    Ok(ExitCode::SUCCESS)
}

/// `kingpin investigation` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum InvestigationCommand {
    /// Create an investigation (a compartment that imports can be placed in).
    Add(InvAddArgs),
    /// Add a member.
    Member(MemberArgs),
    /// Remove a member.
    Remove(MemberArgs),
    /// List investigations and members.
    List(ListArgs),
}

/// Options of `kingpin investigation add`.
#[derive(clap::Args, Debug)]
pub struct InvAddArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Name.
    name: String,
    /// Agency leading it.
    #[arg(long)]
    agency: String,
    /// Whom other agencies should contact about it (shown in deconfliction alerts).
    #[arg(long)]
    contact: String,
}

/// Options of `kingpin investigation member/remove`.
#[derive(clap::Args, Debug)]
pub struct MemberArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Investigation.
    name: String,
    /// User.
    user: String,
}

/// Runs a `kingpin investigation` subcommand.
pub fn run_investigation(c: InvestigationCommand) -> anyhow::Result<ExitCode> {
    match c {
        InvestigationCommand::Add(a) => {
            let mut store = open(&a.db)?;
            let conn = &mut store.sql();
            investigations::add(conn, &a.name, &a.agency, &a.contact)?;
            let detail = serde_json::json!({ "agency": a.agency, "contact": a.contact });
            super::common::audit_any(conn, "investigation.add", &a.name, detail)?;
            println!("created investigation {}", a.name);
        }
        InvestigationCommand::Member(a) => member(a, false)?,
        InvestigationCommand::Remove(a) => member(a, true)?,
        InvestigationCommand::List(a) => {
            let mut store = open(&a.db)?;
            let all = investigations::list(&mut store.sql())?;
            if a.json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else {
                for i in all {
                    println!(
                        "{:24} {:8} {:24} {}",
                        i.name,
                        i.agency,
                        i.contact,
                        i.members.join(",")
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn member(a: MemberArgs, remove: bool) -> anyhow::Result<()> {
    let mut store = open(&a.db)?;
    let conn = &mut store.sql();
    investigations::set_member(conn, &a.name, &a.user, remove)?;
    let action = if remove {
        "investigation.remove"
    } else {
        "investigation.member"
    };
    let detail = serde_json::json!({ "user": a.user });
    super::common::audit_any(conn, action, &a.name, detail)?;
    Ok(())
}
