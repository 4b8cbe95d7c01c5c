//! Reading CSV adjacency matrices and whitespace edge lists into a [`GraphBuilder`].

use std::path::Path;

use anyhow::{Context, bail};

use crate::builder::GraphBuilder;
use crate::types::{EdgeType, NodeKind};

/// A square valued matrix with its row/column labels.
pub struct Matrix {
    pub labels: Vec<String>,
    pub cells: Vec<Vec<f64>>,
}

fn clean(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"')
        .to_string()
}

impl Matrix {
    /// Reads a CSV matrix whose first row and column hold the labels (a BOM is tolerated).
    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(path)
            .with_context(|| format!("reading {}", path.display()))?;
        let mut rows = rdr.records();
        let header = rows.next().context("empty matrix")??;
        let labels: Vec<String> = header.iter().skip(1).map(clean).collect();
        let mut cells = Vec::with_capacity(labels.len());
        for (i, rec) in rows.enumerate() {
            let rec = rec?;
            if rec.len() < 2 {
                continue;
            }
            let row_label = clean(&rec[0]);
            if row_label != labels.get(i).map(String::as_str).unwrap_or("") {
                bail!(
                    "{}: row {i} is {row_label}, header says {:?}",
                    path.display(),
                    labels.get(i)
                );
            }
            let row: Vec<f64> = rec
                .iter()
                .skip(1)
                .map(|c| clean(c).parse::<f64>().unwrap_or(0.0))
                .collect();
            cells.push(row);
        }
        if cells.len() != labels.len() {
            bail!(
                "{}: {} rows for {} columns",
                path.display(),
                cells.len(),
                labels.len()
            );
        }
        Ok(Matrix { labels, cells })
    }

    /// Whether cell (i, j) equals cell (j, i) everywhere.
    pub fn is_symmetric(&self) -> bool {
        let n = self.labels.len();
        (0..n).all(|i| (0..i).all(|j| self.cells[i][j] == self.cells[j][i]))
    }

    /// Adds every labelled node (isolates too) and the non-zero cells as edges. Undirected:
    /// one edge per pair, weighing the larger of the two cells (so a half-filled matrix still counts).
    pub fn into_builder(self, directed: bool, prefix: &str) -> GraphBuilder {
        let mut b = GraphBuilder::new(directed);
        let n = self.labels.len();
        let ids: Vec<u32> = self
            .labels
            .iter()
            .map(|l| b.intern(&format!("{prefix}{l}"), NodeKind::Person))
            .collect();
        for i in 0..n {
            for j in 0..n {
                let x = if directed {
                    self.cells[i][j]
                } else if j > i {
                    self.cells[i][j].max(self.cells[j][i])
                } else {
                    0.0
                };
                if i != j && x > 0.0 {
                    b.add_edge(ids[i], ids[j], EdgeType::Contact, x as f32, None);
                }
            }
        }
        b
    }
}

/// Reads `a b [w]` lines (whitespace or comma separated; `prefix` is prepended to the ids).
pub fn read_edge_list(path: &Path, b: &mut GraphBuilder, prefix: &str) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line
            .trim_start_matches('\u{feff}')
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .collect();
        if f.len() < 2 {
            continue;
        }
        let w = match f.get(2) {
            Some(s) => s
                .parse::<f32>()
                .with_context(|| format!("{}:{}: weight {s}", path.display(), i + 1))?,
            None => 1.0,
        };
        let a = b.intern(&format!("{prefix}{}", f[0]), NodeKind::Person);
        let c = b.intern(&format!("{prefix}{}", f[1]), NodeKind::Person);
        if a != c {
            b.add_edge(a, c, EdgeType::Contact, w, None);
        }
    }
    Ok(())
}

/// Rows of an attribute table keyed by the first column.
pub type Table = Vec<(String, std::collections::HashMap<String, String>)>;

impl Matrix {
    /// Reads an attribute CSV whose first column is the node label and whose header names the columns.
    pub fn read_table(path: &Path) -> anyhow::Result<Table> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(path)
            .with_context(|| format!("reading {}", path.display()))?;
        let mut rows = rdr.records();
        let header: Vec<String> = rows
            .next()
            .context("empty table")??
            .iter()
            .map(clean)
            .collect();
        rows.map(|r| {
            let r = r?;
            let id = clean(&r[0]);
            let map = header
                .iter()
                .skip(1)
                .cloned()
                .zip(r.iter().skip(1).map(clean))
                .collect();
            Ok((id, map))
        })
        .collect()
    }
}
