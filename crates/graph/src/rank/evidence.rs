//! Evidence paths behind a person's score: who links them to which communities, lieutenants,
//! operations and money, and through whom.

use crate::centrality::betweenness::Weighting;
use crate::csr::Graph;
use crate::paths::Sssp;
use crate::rank::factors::Factors;
use crate::rank::{Evidence, RankConfig};
use crate::types::{EdgeType, NodeKind};

/// Read-only inputs for building explanations.
pub struct Context<'a> {
    g: &'a Graph,
    f: &'a Factors,
    k: usize,
}

impl<'a> Context<'a> {
    /// Binds the graph and its computed factors.
    pub fn new(g: &'a Graph, f: &'a Factors, cfg: &RankConfig) -> Self {
        Self {
            g,
            f,
            k: cfg.evidence_per_factor,
        }
    }

    fn labels(&self, path: &[u32]) -> Vec<String> {
        path.iter().map(|&v| self.g.label(v).to_string()).collect()
    }

    /// Neighbours of `v` in the communication graph, busiest first.
    fn lieutenants(&self, v: u32) -> Vec<u32> {
        let deg = &self.f.structure.degree;
        let mut nb: Vec<u32> = self.f.comm.neighbours(v).to_vec();
        nb.sort_by(|&a, &b| deg[b as usize].total_cmp(&deg[a as usize]).then(a.cmp(&b)));
        nb
    }

    /// The evidence for one person.
    pub fn explain(&self, v: u32) -> Vec<Evidence> {
        let mut out = Vec::new();
        let st = &self.f.structure;
        let own = st.community[v as usize];
        let lts = self.lieutenants(v);
        for &u in lts
            .iter()
            .filter(|&&u| st.community[u as usize] != own)
            .take(self.k)
        {
            out.push(Evidence {
                factor: "brokerage",
                what: format!(
                    "links community {own} to community {}",
                    st.community[u as usize]
                ),
                path: self.labels(&[v, u]),
            });
        }
        for &u in lts.iter().take(self.k) {
            let beyond: Vec<u32> = self
                .f
                .comm
                .neighbours(u)
                .iter()
                .copied()
                .filter(|&x| x != v && !self.f.comm.neighbours(v).contains(&x))
                .collect();
            let mut path = vec![v, u];
            path.extend(beyond.first());
            out.push(Evidence {
                factor: "reach",
                what: format!(
                    "reaches {} people beyond direct contacts through {}",
                    beyond.len(),
                    self.g.label(u)
                ),
                path: self.labels(&path),
            });
        }
        for d in self.f.directed[v as usize].iter().take(self.k) {
            let op = &self.f.operations[d.operation];
            out.push(Evidence {
                factor: "command_reach",
                what: format!(
                    "contacted {} {:.1} h before {}, who then contacted {} before it",
                    self.g.label(d.via),
                    d.seconds_before as f64 / 3600.0,
                    op.label,
                    self.g.label(d.participant)
                ),
                path: self.labels(&[v, d.via, d.participant]),
            });
        }
        self.operations(v, &mut out);
        self.money(v, &mut out);
        for c in self.f.pre_contacts[v as usize].iter().take(self.k) {
            let op = &self.f.operations[c.operation];
            out.push(Evidence {
                factor: "pre_event_contact",
                what: format!(
                    "contacted {} {:.1} h before {}",
                    self.g.label(c.participant),
                    c.seconds_before as f64 / 3600.0,
                    op.label
                ),
                path: self.labels(&[v, c.participant]),
            });
        }
        out
    }

    /// Nearest operations by hops over every tie type, with the path to a participant.
    fn operations(&self, v: u32, out: &mut Vec<Evidence>) {
        if self.f.operations.is_empty() {
            return;
        }
        let mut sp = Sssp::new(self.g.node_count());
        sp.run(&self.f.all, v, Weighting::Unweighted, 4.0);
        let mut near: Vec<(f64, usize, u32)> = self
            .f
            .operations
            .iter()
            .enumerate()
            .filter_map(|(i, op)| {
                op.participants
                    .iter()
                    .map(|&p| (sp.dist[p as usize], i, p))
                    .filter(|x| x.0.is_finite())
                    .min_by(|a, b| a.0.total_cmp(&b.0))
            })
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (d, i, p) in near.into_iter().take(self.k) {
            let path = sp.path_to(p).unwrap_or_default();
            out.push(Evidence {
                factor: "operations",
                what: format!("{} hop(s) from {}", d, self.f.operations[i].label),
                path: self.labels(&path),
            });
        }
    }

    /// The largest payments into the person or into accounts they own or use.
    fn money(&self, v: u32, out: &mut Vec<Evidence>) {
        let g = self.g;
        let mut sinks = vec![v];
        sinks.extend(
            g.out_edges(v)
                .filter(|e| matches!(e.etype, EdgeType::Ownership | EdgeType::Uses))
                .filter(|e| g.kind(e.dst) != NodeKind::Person)
                .map(|e| e.dst),
        );
        let mut pays: Vec<(f32, u32, u32)> = sinks
            .iter()
            .flat_map(|&s| {
                g.in_edges(s)
                    .filter(|e| e.etype == EdgeType::Payment)
                    .map(move |e| (e.weight, e.src, s))
            })
            .collect();
        pays.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (w, payer, sink) in pays.into_iter().take(self.k) {
            let path = if sink == v {
                vec![payer, v]
            } else {
                vec![payer, sink, v]
            };
            out.push(Evidence {
                factor: "money_inflow",
                what: format!("receives {w} from {}", g.label(payer)),
                path: self.labels(&path),
            });
        }
    }
}
