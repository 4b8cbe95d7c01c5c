//! `kingpin evaluate`: how well the leader score and classic centralities find known leaders.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use kingpin_graph::eval::{evaluate, table};
use kingpin_graph::networks::{self, NETWORKS};

/// Options of `kingpin evaluate`.
#[derive(clap::Args)]
pub struct EvaluateArgs {
    /// A labelled folder (edges.csv, nodes.csv, leaders.csv, meta.json) or a network name
    /// (see --list).
    #[arg(required_unless_present_any = ["all", "list"])]
    pub target: Option<String>,
    /// Evaluate every network with known leaders and print the summary table.
    #[arg(long, conflicts_with = "target")]
    pub all: bool,
    /// List the known network names.
    #[arg(long)]
    pub list: bool,
    /// Print the per-measure results as JSON.
    #[arg(long)]
    pub json: bool,
    /// The `shared/data/networks` folder (default: found above the current directory, or $KINGPIN_NETWORKS).
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// Runs the evaluation.
pub fn evaluate_cmd(a: EvaluateArgs) -> anyhow::Result<ExitCode> {
    let root = match a.data {
        Some(d) => Some(d),
        None => networks::default_root(&std::env::current_dir()?),
    };
    if a.list {
        for n in NETWORKS {
            let tag = if n.labelled { "labelled" } else { "unlabelled" };
            println!("{:20} {:10} {}", n.name, tag, n.about);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let targets: Vec<String> = if a.all {
        NETWORKS
            .iter()
            .filter(|n| n.labelled)
            .map(|n| n.name.to_string())
            .collect()
    } else {
        vec![a.target.clone().unwrap_or_default()]
    };
    let mut reports = Vec::new();
    for t in &targets {
        let net = networks::load(t, root.as_deref()).with_context(|| format!("loading {t}"))?;
        anyhow::ensure!(
            !net.leaders.is_empty(),
            "{t} has no known leaders in the graph; nothing to evaluate"
        );
        reports.push(evaluate(&net));
    }
    if a.json {
        println!("{}", table::to_json(&reports));
    } else if a.all {
        print!("{}", table::summary_table(&reports));
    } else {
        for r in &reports {
            print!("{}", table::network_table(r));
        }
    }
    Ok(ExitCode::SUCCESS)
}
