//! The generic labelled-folder format: `edges.csv` (source,target[,weight]), optional `nodes.csv` (node),
//! `leaders.csv` (node,role) and `meta.json` ({"directed": true|false}, undirected when absent).

use std::path::Path;

use anyhow::Context;

use crate::builder::GraphBuilder;
use crate::networks::{LabelledNetwork, Leader};
use crate::types::{EdgeType, NodeKind};

#[derive(serde::Deserialize, Default)]
struct Meta {
    #[serde(default)]
    directed: bool,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

fn records(path: &Path) -> anyhow::Result<Vec<csv::StringRecord>> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("reading {}", path.display()))?;
    rdr.records()
        .map(|r| r.with_context(|| format!("parsing {}", path.display())))
        .collect()
}

/// Loads a labelled folder; repeated edge rows add up, and an undirected tie should be listed once.
pub fn load_folder(dir: &Path) -> anyhow::Result<LabelledNetwork> {
    let meta: Meta = match std::fs::read_to_string(dir.join("meta.json")) {
        Ok(s) => serde_json::from_str(&s).context("parsing meta.json")?,
        Err(_) => Meta::default(),
    };
    let mut b = GraphBuilder::new(meta.directed);
    let nodes = dir.join("nodes.csv");
    if nodes.is_file() {
        for r in records(&nodes)? {
            b.intern(&r[0], NodeKind::Person);
        }
    }
    for (i, r) in records(&dir.join("edges.csv"))?.iter().enumerate() {
        anyhow::ensure!(r.len() >= 2, "edges.csv row {}: need source,target", i + 2);
        let w = match r.get(2).filter(|s| !s.is_empty()) {
            Some(s) => s
                .parse::<f32>()
                .with_context(|| format!("edges.csv row {}: weight {s}", i + 2))?,
            None => 1.0,
        };
        let (s, t) = (
            b.intern(&r[0], NodeKind::Person),
            b.intern(&r[1], NodeKind::Person),
        );
        if s != t {
            b.add_edge(s, t, EdgeType::Contact, w, None);
        }
    }
    let graph = b.build();
    let (mut leaders, mut absent_leaders) = (Vec::new(), Vec::new());
    let lpath = dir.join("leaders.csv");
    if lpath.is_file() {
        for r in records(&lpath)? {
            let role = r.get(1).unwrap_or("leader").to_string();
            match graph.find(&r[0]) {
                Some(node) if graph.out_degree(node) + graph.in_degree(node) > 0 => {
                    leaders.push(Leader {
                        node,
                        label: r[0].to_string(),
                        role,
                    })
                }
                _ => absent_leaders.push(r[0].to_string()),
            }
        }
    }
    let name = meta.name.unwrap_or_else(|| {
        dir.file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string())
    });
    Ok(LabelledNetwork {
        name,
        graph,
        leaders,
        absent_leaders,
        note: meta
            .note
            .unwrap_or_else(|| format!("labelled folder {}", dir.display())),
    })
}
