//! `kingpin export`: write the database out in interchange formats.

use super::common::DbArgs;
use kingpin_ingest::{
    anx::export_anx, chart::neighbourhood, ftm::export_ftm, gexf::export_gexf,
    graphml::export_graphml, statements::export_statements,
};
use kingpin_store::Store;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    /// FollowTheMoney JSON lines, one merged entity a line.
    Ftm,
    /// FollowTheMoney JSON lines, one line per entity and grading, with provenance keys.
    Fragments,
    /// CSV, one row per statement (FtM 4 statement form plus grading).
    Statements,
    /// GraphML (Gephi, yEd, Cytoscape).
    Graphml,
    /// GEXF 1.3 (Gephi, networkx).
    Gexf,
    /// i2 Analyst's Notebook chart (ANX exchange XML) with provenance cards and 3x5x2 grades.
    Anx,
}

/// Options of `kingpin export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: DbArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "ftm")]
    format: Format,
    /// Output file (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Charts (gexf, anx) only: the chart around these entities (repeat), not the whole store.
    #[arg(long)]
    around: Vec<String>,
    /// With --around: how many links out (calls, payments and other link entities count as
    /// one link with their two ends).
    #[arg(long, default_value_t = 1)]
    depth: usize,
}

/// Runs the export.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let store = a.db.open()?;
    let only = if a.around.is_empty() {
        None
    } else {
        if !matches!(a.format, Format::Gexf | Format::Anx) {
            anyhow::bail!("--around applies to chart formats (gexf, anx)");
        }
        for id in &a.around {
            if store.entity(id)?.is_none() {
                anyhow::bail!("--around: no entity {id:?}");
            }
        }
        Some(neighbourhood(&store, &a.around, a.depth, usize::MAX)?.ids)
    };
    let mut out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(BufWriter::new(File::create(p)?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let summary = match a.format {
        Format::Ftm => format!("{} entities", export_ftm(&store, &mut out, false)?),
        Format::Fragments => format!("{} fragments", export_ftm(&store, &mut out, true)?),
        Format::Statements => format!("{} statements", export_statements(&store, &mut out)?),
        Format::Graphml => {
            let c = export_graphml(&store, &mut out)?;
            format!("{} nodes, {} edges", c.nodes, c.edges)
        }
        Format::Gexf => {
            let c = export_gexf(&store, only.as_ref(), &mut out)?;
            format!("{} nodes, {} edges", c.nodes, c.edges)
        }
        Format::Anx => {
            let c = export_anx(&store, only.as_ref(), &mut out)?;
            format!("{} entities, {} links", c.nodes, c.edges)
        }
    };
    out.flush()?;
    let target = a
        .output
        .as_ref()
        .map_or("-".into(), |p| p.display().to_string());
    let detail = serde_json::json!({ "format": format!("{:?}", a.format).to_lowercase(), "output": target, "wrote": summary, "around": a.around, "depth": a.depth });
    super::common::audit(store.connection(), "export", &target, detail)?;
    if let Some(p) = &a.output {
        eprintln!("wrote {summary} to {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}
