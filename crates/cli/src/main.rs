//! The `kingpin` command line: a thin layer over the library crates.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Kingpin: an open intelligence platform against people-smuggling networks.
#[derive(Parser)]
#[command(name = "kingpin", version, about, long_about = None)]
struct Cli {
    /// Who is acting, for the audit log (default: $KINGPIN_ACTOR, else the OS user).
    #[arg(long, env = "KINGPIN_ACTOR")]
    actor: Option<String>,
    /// Agency acted for, for the audit log (default: $KINGPIN_AGENCY, else "local").
    #[arg(long, env = "KINGPIN_AGENCY")]
    agency: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a small scenario, import it into a fresh database and summarise it.
    Demo(cmd::demo::Args),
    /// Generate synthetic smuggling-network source files and their ground truth.
    Scenario(cmd::scenario::Args),
    /// Import files (CSV with a mapping, FollowTheMoney JSON lines), each all or nothing.
    Import(cmd::import::Args),
    /// Export the database (FtM JSON lines, statements CSV, GraphML).
    Export(cmd::export::Args),
    /// Show what the database holds: entities per schema and sources.
    Stats(cmd::query::StatsArgs),
    /// Search names, identifiers and phone numbers.
    Search(cmd::query::SearchArgs),
    /// Show one entity with the provenance of every statement, and its links.
    Show(cmd::query::ShowArgs),
    /// Measure import speed and memory.
    #[command(subcommand)]
    Bench(cmd::bench::Command),
    /// Check travel documents (ICAO 9303 machine-readable zones).
    #[command(subcommand)]
    Doc(cmd::doc::Command),
    /// Rank the known leaders of labelled networks by leader score and classic centralities.
    Evaluate(cmd::graph::EvaluateArgs),
    /// Rank people by leader score ("who is at the top?"), with the reasons.
    Rank(cmd::graph::RankArgs),
    /// Shortest path between two people or entities, with the records linking each step.
    Path(cmd::graph::PathArgs),
    /// Communities (Leiden): sizes, modularity and best-connected members.
    Communities(cmd::graph::CommunitiesArgs),
    /// Everyone within some hops of a person or entity.
    Neighbours(cmd::graph::NeighboursArgs),
    /// Link the records of one person across sources (entity resolution), explain links and
    /// record analysts' decisions.
    Resolve(cmd::resolve::Args),
    /// Follow the money: multi-hop traces, laundering typologies, their evaluation.
    #[command(subcommand)]
    Money(cmd::money::Command),
    /// Audit trail: verify its hash chain, query who did what.
    #[command(subcommand)]
    Audit(cmd::audit::Command),
    /// Serve the multi-agency HTTP API (JSON, OpenAPI at /openapi.json) on the database.
    Serve(cmd::serve::Args),
    /// Server accounts: add, list, disable, unlock, set passwords and roles.
    #[command(subcommand)]
    User(cmd::user::Command),
    /// Investigations (compartments) and their members.
    #[command(subcommand)]
    Investigation(cmd::user::InvestigationCommand),
    /// Work inside an investigation: targets, requirements, tasks, decisions, notes,
    /// exhibits and their chain of custody.
    #[command(subcommand)]
    Case(cmd::case::Command),
    /// Boats, engines, life jackets and fuel: import sales and seizures, flag suspicious
    /// purchasing, trace a serial number.
    #[command(subcommand)]
    Maritime(cmd::maritime::Command),
    /// Smugglers' social-media adverts: classify, import, evaluate, refer for takedown.
    #[command(subcommand)]
    Social(cmd::social::Command),
    /// Apache Ballista cluster processes for the bulk-event analytics (feature `cluster`).
    #[cfg(feature = "cluster")]
    #[command(subcommand)]
    Cluster(cmd::cluster::Command),
    /// Bulk calls, payments and cell-site records as Parquet, analysed with DataFusion.
    #[cfg(feature = "events")]
    #[command(subcommand)]
    Events(cmd::events::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The server must survive clients that hang up, so only the one-shot commands get the
    // default SIGPIPE disposition.
    if !matches!(cli.command, Command::Serve(_) | Command::Demo(_)) && !is_cluster(&cli.command) {
        die_quietly_on_closed_pipe();
    }
    cmd::common::set_actor(cli.actor, cli.agency);
    let result = match cli.command {
        Command::Demo(a) => cmd::demo::run(a),
        Command::Scenario(a) => cmd::scenario::run(a),
        Command::Doc(c) => cmd::doc::run(c),
        Command::Evaluate(a) => cmd::graph::evaluate_cmd(a),
        Command::Rank(a) => cmd::graph::rank_cmd(a),
        Command::Path(a) => cmd::graph::path_cmd(a),
        Command::Communities(a) => cmd::graph::communities_cmd(a),
        Command::Neighbours(a) => cmd::graph::neighbours_cmd(a),
        Command::Import(a) => cmd::import::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Stats(a) => cmd::query::stats(a),
        Command::Search(a) => cmd::query::search(a),
        Command::Show(a) => cmd::query::show(a),
        Command::Bench(c) => cmd::bench::run(c),
        Command::Resolve(a) => cmd::resolve::run(a),
        Command::Audit(c) => cmd::audit::run(c),
        Command::Serve(a) => cmd::serve::run(a),
        Command::User(c) => cmd::user::run(c),
        Command::Investigation(c) => cmd::user::run_investigation(c),
        Command::Case(c) => cmd::case::run(c),
        Command::Social(c) => cmd::social::run(c),
        Command::Money(c) => cmd::money::run(c),
        Command::Maritime(c) => cmd::maritime::run(c),
        #[cfg(feature = "cluster")]
        Command::Cluster(c) => cmd::cluster::run(c),
        #[cfg(feature = "events")]
        Command::Events(c) => cmd::events::run(c),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether the command runs a cluster process, which, like the server, must outlive clients
/// that hang up.
fn is_cluster(_command: &Command) -> bool {
    #[cfg(feature = "cluster")]
    if matches!(_command, Command::Cluster(_)) {
        return true;
    }
    false
}

/// Ends the process quietly when stdout is a closed pipe (`kingpin … | head`), as Unix tools
/// do, instead of panicking in `println!`: Rust ignores SIGPIPE unless told otherwise.
fn die_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is always valid.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
