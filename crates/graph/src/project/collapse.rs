//! From items and raw edges to the graph: at person level each cluster of a person's records
//! and identifiers becomes one node; at entity level every item is a node.

use crate::builder::GraphBuilder;
use crate::project::read::Raw;
use crate::project::{Level, ProjectStats, Projection};
use crate::types::NodeKind;

const NONE: u32 = u32::MAX;

/// What one cluster holds, to pick its kind, label and caption.
#[derive(Clone, Copy)]
struct Cluster {
    person: u32,
    org: u32,
    phone: u32,
    any: u32,
    persons: u32,
}

impl Default for Cluster {
    fn default() -> Self {
        Self {
            person: NONE,
            org: NONE,
            phone: NONE,
            any: NONE,
            persons: 0,
        }
    }
}

/// Builds the projection's graph from what the pass read.
pub fn assemble(mut raw: Raw, level: Level, mut stats: ProjectStats) -> Projection {
    let n = raw.ids.len();
    let roots: Vec<u32> = (0..n as u32).map(|i| raw.find(i)).collect();
    let mut clusters = vec![Cluster::default(); n];
    for i in 0..n {
        let c = &mut clusters[roots[i] as usize];
        let i32_ = i as u32;
        if c.any == NONE {
            c.any = i32_;
        }
        match raw.kind[i] {
            NodeKind::Person => {
                c.persons += 1;
                if c.person == NONE {
                    c.person = i32_;
                }
            }
            NodeKind::Organisation if c.org == NONE => c.org = i32_,
            _ => {}
        }
        if raw.identifier[i] && c.phone == NONE && raw.ids[i].starts_with("phone-") {
            c.phone = i32_;
        }
    }
    let mut entity_node = vec![NONE; n];
    let (mut kinds, mut labels, mut captions) = (Vec::new(), Vec::new(), Vec::new());
    let cap = |i: u32| -> String {
        raw.drawn.caption[i as usize]
            .as_deref()
            .map_or_else(|| raw.ids[i as usize].to_string(), str::to_string)
    };
    for i in 0..n {
        let r = roots[i] as usize;
        if r != i {
            entity_node[i] = entity_node[r];
            continue;
        }
        let c = clusters[r];
        let (kind, rep, caption) = match level {
            Level::Entity => (raw.kind[i], i as u32, cap(i as u32)),
            Level::Person if c.person != NONE => (NodeKind::Person, c.person, cap(c.person)),
            Level::Person if c.org != NONE => (NodeKind::Organisation, c.org, cap(c.org)),
            // Someone uses these phones or accounts, though no record names them.
            Level::Person if raw.identifier[i] => {
                let rep = if c.phone != NONE { c.phone } else { c.any };
                (NodeKind::Person, rep, format!("user of {}", cap(rep)))
            }
            Level::Person => (raw.kind[i], i as u32, cap(i as u32)),
        };
        if c.persons > 1 {
            stats.merged_records += (c.persons - 1) as usize;
            stats.largest_cluster = stats.largest_cluster.max(c.persons as usize);
        }
        entity_node[i] = kinds.len() as u32;
        kinds.push(kind);
        labels.push(raw.ids[rep as usize].to_string());
        captions.push(caption);
    }
    // Map edge ends to nodes in place; a person calling their own other phone is no tie.
    let mut keep = 0;
    for e in 0..raw.drawn.src.len() {
        let (s, d) = (
            entity_node[raw.drawn.src[e] as usize],
            entity_node[raw.drawn.dst[e] as usize],
        );
        if s == d {
            continue;
        }
        raw.drawn.src[keep] = s;
        raw.drawn.dst[keep] = d;
        raw.drawn.etype[keep] = raw.drawn.etype[e];
        raw.drawn.weight[keep] = raw.drawn.weight[e];
        raw.drawn.time[keep] = raw.drawn.time[e];
        keep += 1;
    }
    stats.self_ties = raw.drawn.src.len() - keep;
    for col in [&mut raw.drawn.src, &mut raw.drawn.dst] {
        col.truncate(keep);
    }
    raw.drawn.etype.truncate(keep);
    raw.drawn.weight.truncate(keep);
    raw.drawn.time.truncate(keep);
    stats.items = n;
    let graph = GraphBuilder::from_columns(
        true,
        kinds,
        labels,
        raw.drawn.src,
        raw.drawn.dst,
        raw.drawn.etype,
        raw.drawn.weight,
        raw.drawn.time,
    )
    .build();
    stats.nodes = graph.node_count();
    stats.edges = graph.edge_count();
    Projection {
        graph,
        level,
        captions,
        entity_ids: raw.ids,
        entity_node,
        stats,
    }
}
