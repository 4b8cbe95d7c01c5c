//! `kingpin stats`, `kingpin search` and `kingpin show`: look at what is loaded.

use super::common::DbArgs;
use kingpin_model::model;
use kingpin_store::{NeighbourFilter, Store};
use std::process::ExitCode;

/// Options of `kingpin stats`.
#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Prints what the database holds.
pub fn stats(a: StatsArgs) -> anyhow::Result<ExitCode> {
    let store = a.db.open()?;
    let stats = store.stats()?;
    let sources = store.sources()?;
    if a.json {
        println!(
            "{}",
            serde_json::json!({ "stats": stats, "sources": sources })
        );
        return Ok(ExitCode::SUCCESS);
    }
    print_stats(&store, &a.db.db.display().to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// Prints entity counts per schema and the sources, as `stats` and `demo` show them.
pub fn print_stats(store: &dyn Store, db: &str) -> anyhow::Result<()> {
    let stats = store.stats()?;
    println!("database: {db}");
    println!(
        "{} entities, {} statements, {} links, {} sources",
        stats.entities, stats.statements, stats.links, stats.sources
    );
    println!("\n  {:<16} {:>10}", "schema", "entities");
    for s in &stats.schemata {
        let note = match model().get(&s.schema) {
            Ok(sc) if sc.is_abstract => "  (referenced, not yet described)",
            _ => "",
        };
        println!("  {:<16} {:>10}{note}", s.schema, s.count);
    }
    println!(
        "\n  {:<3} {:<16} {:<10} {:<7} {:>9} {:>11}",
        "#", "source", "kind", "grading", "rows", "statements"
    );
    for s in store.sources()? {
        println!(
            "  {:<3} {:<16} {:<10} {:<7} {:>9} {:>11}",
            s.id, s.name, s.kind, s.grading, s.rows, s.statements
        );
    }
    Ok(())
}

/// Options of `kingpin search`.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Words to find in names, identifiers and phone numbers.
    query: String,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Full-text search.
pub fn search(a: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = a.db.open()?;
    let hits = store.search(&a.query, a.limit)?;
    if a.json {
        println!("{}", serde_json::to_string(&hits)?);
    } else {
        for h in &hits {
            println!(
                "{:<14} {:<44} {}  (matched {:?})",
                h.entity.schema, h.entity.id, h.entity.caption, h.matched
            );
        }
        if hits.is_empty() {
            println!("no match for {:?}", a.query);
        }
    }
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Options of `kingpin show`.
#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Entity id.
    id: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Shows one entity: every statement with its provenance, and its links.
pub fn show(a: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = a.db.open()?;
    let Some(e) = store.entity(&a.id)? else {
        eprintln!("no entity {:?}", a.id);
        return Ok(ExitCode::from(1));
    };
    let links = store.neighbours(
        &a.id,
        &NeighbourFilter {
            limit: 200,
            ..Default::default()
        },
    )?;
    if a.json {
        println!(
            "{}",
            serde_json::json!({ "entity": e, "neighbours": links })
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} {} ({})", e.schema, e.caption(model()), e.id);
    println!(
        "\n  {:<18} {:<40} {:<16} {:<7} recorded",
        "property", "value", "source", "grading"
    );
    for s in &e.statements {
        println!(
            "  {:<18} {:<40} {:<16} {:<7} {}",
            s.prop,
            s.value,
            s.prov.source,
            s.prov.grading,
            s.prov.recorded.as_deref().unwrap_or("-")
        );
    }
    if !links.is_empty() {
        println!("\n  links ({}):", links.len());
        for n in &links {
            let arrow = match n.direction {
                kingpin_store::Direction::Outgoing => format!("--{}-->", n.prop),
                kingpin_store::Direction::Incoming => format!("<--{}--", n.prop),
            };
            println!(
                "  {arrow:<22} {:<12} {} ({})",
                n.entity.schema, n.entity.caption, n.entity.id
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
