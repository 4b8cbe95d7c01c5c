//! Projection of the entity store into an analysis graph.
//!
//! **Person level** (the default for ranking): phones, SIMs, handsets, social and bank accounts
//! are collapsed onto the people who use them (`UsesPhone`, `UsesAccount`, `DeviceSim`, a
//! SIM's number, an account's holder or owner, a phone number on a person's record, the SIM
//! and handset a call was made with, the account and phone of one advert). Calls between
//! phones become calls between people, payments and purchases link payers, buyers and
//! sellers, and crossings and meetings become event nodes. Records of one person that share a
//! phone or account end up in one node; records joined only by a similar name do not (that is
//! entity resolution). Identifiers nobody is recorded as using stand for an unknown user.
//!
//! **Entity level**: every stored thing is a node and usage links are `Uses` edges.
//!
//! Both read the store in one streaming pass ([`kingpin_store::Scan::scan_fragments`]), on
//! either backend.

mod apply;
mod collapse;
pub mod dates;
mod ids;
mod parse;
mod read;
pub mod roles;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use kingpin_model::Grading;
use kingpin_store::Scan;
use serde::Serialize;

use crate::csr::Graph;
use crate::types::EdgeTypeSet;

pub use dates::parse_epoch;

/// What a node stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// People, with their phones and accounts collapsed onto them.
    #[default]
    Person,
    /// Every stored entity.
    Entity,
}

/// The user's choices for a projection.
#[derive(Clone, Debug)]
pub struct ProjectOptions {
    pub level: Level,
    /// Records dated before this (epoch seconds) are left out; undated records stay.
    pub since: Option<i64>,
    /// Records dated at or after this are left out; undated records stay.
    pub until: Option<i64>,
    /// Fragments graded below this (source or intelligence) are ignored altogether.
    pub min_grading: Option<Grading>,
    /// Edge types kept.
    pub edge_types: EdgeTypeSet,
    /// Entity resolution's identities (record id → identity id): at person level the records
    /// of one identity become one node, as records sharing a phone do. `None`: records are
    /// joined only through shared identifiers.
    pub identities: Option<Arc<HashMap<String, String>>>,
}

impl Default for ProjectOptions {
    fn default() -> Self {
        Self {
            level: Level::Person,
            since: None,
            until: None,
            min_grading: None,
            edge_types: EdgeTypeSet::all(),
            identities: None,
        }
    }
}

/// Counts of what a projection read, kept and left out.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ProjectStats {
    pub fragments: usize,
    /// Records (calls, payments, events) drawn.
    pub records: usize,
    pub usage_links: usize,
    pub skipped_grading: usize,
    pub skipped_window: usize,
    pub skipped_type: usize,
    /// Edge records missing an end.
    pub incomplete: usize,
    /// Ties between two items of one node (a person calling their own other phone).
    pub self_ties: usize,
    /// Store entities that can be nodes.
    pub items: usize,
    /// Person records folded into another record's node through a shared identifier.
    pub merged_records: usize,
    /// Person records folded into another record's node by entity resolution (beyond what
    /// shared identifiers had joined).
    pub resolved_records: usize,
    /// Most person records in one node.
    pub largest_cluster: usize,
    pub nodes: usize,
    pub edges: usize,
    pub seconds: f64,
}

/// A projected graph with the way back to the store.
pub struct Projection {
    pub graph: Graph,
    pub level: Level,
    /// Display name of each node.
    pub captions: Vec<String>,
    /// Every store entity that can be a node, by item number.
    pub entity_ids: Vec<Arc<str>>,
    /// The node each item ended in.
    pub entity_node: Vec<u32>,
    pub stats: ProjectStats,
}

impl Projection {
    /// Display name of node `v`.
    pub fn caption(&self, v: u32) -> &str {
        &self.captions[v as usize]
    }

    /// Store entities that node `v` stands for (its label first).
    pub fn members(&self, v: u32) -> Vec<&str> {
        let label = self.graph.label(v);
        let mut out = vec![label];
        out.extend(
            self.entity_ids
                .iter()
                .zip(&self.entity_node)
                .filter(|&(id, &n)| n == v && &**id != label)
                .map(|(id, _)| &**id),
        );
        out
    }

    /// Nodes matching `q`: the node of an entity with that id, else nodes whose caption equals
    /// `q` (ignoring case), else whose caption contains it.
    pub fn lookup(&self, q: &str) -> Vec<u32> {
        if let Some(i) = self.entity_ids.iter().position(|id| &**id == q) {
            return vec![self.entity_node[i]];
        }
        let ql = q.to_lowercase();
        let exact: Vec<u32> = (0..self.captions.len() as u32)
            .filter(|&v| self.captions[v as usize].to_lowercase() == ql)
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        (0..self.captions.len() as u32)
            .filter(|&v| self.captions[v as usize].to_lowercase().contains(&ql))
            .collect()
    }

    /// Node labels replaced by captions with the label in brackets, for printing paths.
    pub fn describe(&self, v: u32) -> String {
        let (c, l) = (self.caption(v), self.graph.label(v));
        if c == l {
            c.to_string()
        } else {
            format!("{c} [{l}]")
        }
    }
}

/// Joins the items of one resolved identity; returns how many joins were new.
fn fold_identities(raw: &mut read::Raw, identities: &HashMap<String, String>) -> usize {
    let mut first: HashMap<&str, u32> = HashMap::new();
    let mut pairs = Vec::new();
    for (i, id) in raw.ids.iter().enumerate() {
        if let Some(identity) = identities.get(&**id) {
            match first.get(identity.as_str()) {
                Some(&f) => pairs.push((f, i as u32)),
                None => {
                    first.insert(identity, i as u32);
                }
            }
        }
    }
    pairs.into_iter().filter(|&(a, b)| raw.union(a, b)).count()
}

/// Projects the store into a graph.
pub fn project(store: &dyn Scan, opts: &ProjectOptions) -> kingpin_store::Result<Projection> {
    let started = Instant::now();
    let mut stats = ProjectStats::default();
    let mut raw = read::read(store, opts, &mut stats)?;
    if let (Level::Person, Some(ids)) = (opts.level, &opts.identities) {
        stats.resolved_records = fold_identities(&mut raw, ids);
    }
    let mut p = collapse::assemble(raw, opts.level, stats);
    p.stats.seconds = started.elapsed().as_secs_f64();
    Ok(p)
}
