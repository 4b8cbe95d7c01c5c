//! The store as a chart, shared by the GraphML, GEXF and ANX exports: entities become nodes,
//! except those of edge schemata (calls, payments, ownership), which become links between their
//! source and target; entity-typed properties of nodes (a crossing's vessel, an account's
//! owner) become links too.

use crate::ftm::{ExportError, io_store};
use kingpin_model::{Entity, PropType, Statement, model};
use kingpin_store::Store;
use std::collections::HashSet;

/// One link of the chart.
pub struct ChartLink<'a> {
    /// Source node id.
    pub source: &'a str,
    /// Target node id.
    pub target: &'a str,
    /// The entity the link comes from: the edge entity itself (a call), or the node whose
    /// property it is (the account with an owner).
    pub entity: &'a Entity,
    /// The statement when the link is a node's property; `None` for an edge entity.
    pub property: Option<&'a Statement>,
}

/// What a chart walk calls back with.
pub trait ChartSink {
    /// A node, in the first pass.
    fn node(&mut self, entity: &Entity) -> std::io::Result<()>;
    /// A link between two nodes written in the first pass.
    fn link(&mut self, link: &ChartLink<'_>) -> std::io::Result<()>;
    /// An edge entity none of whose source/target pairs are both nodes (a call with one end
    /// unknown); exports that must lose nothing write it as a node.
    fn loose_edge(&mut self, _entity: &Entity) -> std::io::Result<()> {
        Ok(())
    }
}

/// Walks the store in two passes (nodes, then links), limited to `only` ids when given.
/// Returns the number of nodes and links passed on.
pub fn walk(
    store: &dyn Store,
    only: Option<&HashSet<String>>,
    sink: &mut dyn ChartSink,
) -> Result<(u64, u64), ExportError> {
    let m = model();
    let keep = |id: &str| only.is_none_or(|set| set.contains(id));
    let mut nodes = HashSet::new();
    store.for_each_entity(None, &mut |e| {
        let Ok(schema) = m.get(&e.schema) else {
            return Ok(());
        };
        if schema.edge.is_some() || !keep(&e.id) {
            return Ok(());
        }
        sink.node(&e).map_err(io_store)?;
        nodes.insert(e.id);
        Ok(())
    })?;
    let mut links = 0u64;
    store.for_each_entity(None, &mut |e| {
        let Ok(schema) = m.get(&e.schema) else {
            return Ok(());
        };
        if let Some(edge) = &schema.edge {
            if !keep(&e.id) {
                return Ok(());
            }
            let mut any = false;
            for s in e.values(&edge.source) {
                for t in e.values(&edge.target) {
                    if nodes.contains(s) && nodes.contains(t) {
                        any = true;
                        links += 1;
                        let link = ChartLink {
                            source: s,
                            target: t,
                            entity: &e,
                            property: None,
                        };
                        sink.link(&link).map_err(io_store)?;
                    }
                }
            }
            if !any {
                sink.loose_edge(&e).map_err(io_store)?;
            }
        } else if nodes.contains(&e.id) {
            for st in &e.statements {
                let is_link = schema
                    .property(&st.prop)
                    .is_some_and(|p| p.kind == PropType::Entity);
                if is_link && nodes.contains(&st.value) {
                    links += 1;
                    let link = ChartLink {
                        source: &e.id,
                        target: &st.value,
                        entity: &e,
                        property: Some(st),
                    };
                    sink.link(&link).map_err(io_store)?;
                }
            }
        }
        Ok(())
    })?;
    Ok((nodes.len() as u64, links))
}

/// The entities within some links of a set of seeds.
#[derive(Debug, Clone, Default)]
pub struct Neighbourhood {
    /// Every id reached, the seeds included.
    pub ids: HashSet<String>,
    /// True when the walk stopped at the size limit.
    pub capped: bool,
}

/// The ids within `depth` links of `seeds` (seeds that do not exist are kept as given). Link
/// entities (calls, payments, ownership) are crossed to their other ends as one link, so a
/// person's phone's calls reach the phones called at depth 2. Stops growing at `limit` ids.
pub fn neighbourhood(
    store: &dyn Store,
    seeds: &[String],
    depth: usize,
    limit: usize,
) -> kingpin_store::Result<Neighbourhood> {
    let m = model();
    let filter = kingpin_store::NeighbourFilter::default();
    let mut out = Neighbourhood {
        ids: seeds.iter().cloned().collect(),
        capped: false,
    };
    let mut frontier: Vec<String> = seeds.to_vec();
    'walk: for _ in 0..depth {
        let mut next = Vec::new();
        for id in &frontier {
            for n in store.neighbours(id, &filter)? {
                if out.ids.len() >= limit {
                    out.capped = true;
                    break 'walk;
                }
                let nid = n.entity.id.clone();
                if !out.ids.insert(nid.clone()) {
                    continue;
                }
                if m.get(&n.entity.schema).is_ok_and(|s| s.edge.is_some()) {
                    for end in store.neighbours(&nid, &filter)? {
                        if out.ids.insert(end.entity.id.clone()) {
                            next.push(end.entity.id);
                        }
                    }
                } else {
                    next.push(nid);
                }
            }
        }
        frontier = next;
    }
    Ok(out)
}
