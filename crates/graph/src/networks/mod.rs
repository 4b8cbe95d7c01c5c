//! Importers for the published criminal networks and the generic labelled-folder format.

pub mod catalogue;
pub mod folder;
pub mod matrix;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::csr::Graph;

pub use catalogue::{NETWORKS, load_named};
pub use folder::load_folder;

/// A known leader (or top-tier member) of a network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Leader {
    pub node: u32,
    pub label: String,
    pub role: String,
}

/// A loaded network: its graph, the leaders the source names (possibly none) and caveats.
#[derive(Clone, Debug)]
pub struct LabelledNetwork {
    pub name: String,
    pub graph: Graph,
    pub leaders: Vec<Leader>,
    /// Labelled leaders that do not appear in the graph (so no measure can rank them).
    pub absent_leaders: Vec<String>,
    /// Where the data and labels come from, and how far to trust them.
    pub note: String,
}

/// Finds `shared/data/networks` from `start` upwards (the repository sits beside `shared/`),
/// or from `$KINGPIN_NETWORKS` when set.
pub fn default_root(start: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("KINGPIN_NETWORKS") {
        return Some(PathBuf::from(p));
    }
    start.ancestors().find_map(|a| {
        let p = a.join("shared/data/networks");
        p.is_dir().then_some(p)
    })
}

/// Loads `spec`: a folder in the labelled format, or a name from [`NETWORKS`] under `root`.
pub fn load(spec: &str, root: Option<&Path>) -> anyhow::Result<LabelledNetwork> {
    let p = Path::new(spec);
    if p.join("edges.csv").is_file() {
        return load_folder(p);
    }
    let root = root.ok_or_else(|| {
        anyhow::anyhow!("{spec} is not a folder with edges.csv, and no shared/data/networks was found (set KINGPIN_NETWORKS)")
    })?;
    load_named(spec, root)
}
