//! Pairs above the threshold into clusters, in two phases.
//!
//! 1. Links that rest on more than a name (a shared phone or handset, document, date of
//!    birth) and analysts' `same` decisions are merged strongest first (union-find), with a
//!    guard against chaining unrelated people through weak links. These *evidence groups*
//!    are nearly always one person each.
//! 2. Links that rest on a name alone join two evidence groups only when each is the other's
//!    clear best match: two people with one common name look exactly like one person with
//!    two phones, and in the scenarios a person's records form one evidence group in 99 % of
//!    cases. A record with no evidence link joins the evidence group its name matches best,
//!    but only when no other group matches it nearly as well (`name_only_margin` bits);
//!    records matching no group join each other by name.

use std::collections::{HashMap, HashSet};

/// Clustering settings.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct ClusterSettings {
    /// No cluster grows beyond this many records.
    pub max_size: usize,
    /// A record linked by name alone to several evidence groups joins the best only when its
    /// weight beats the runner-up's by this many bits; otherwise it stays on its own.
    #[serde(default = "default_margin")]
    pub name_only_margin: f64,
    /// Let name-only links join evidence groups (the one-phase clustering of earlier
    /// versions, for comparison).
    #[serde(default)]
    pub one_phase: bool,
    /// An evidence link this strong (bits) overrides model conflicts across its merge (a
    /// false date of birth on a record sharing a document, address and name, against any
    /// record of the other side); analysts' `different` still refuses it.
    #[serde(default = "default_override")]
    pub conflict_override: f64,
}

fn default_override() -> f64 {
    ClusterSettings::default().conflict_override
}

fn default_margin() -> f64 {
    ClusterSettings::default().name_only_margin
}

impl Default for ClusterSettings {
    fn default() -> Self {
        ClusterSettings {
            max_size: 1000,
            name_only_margin: 2.0,
            one_phase: false,
            conflict_override: 20.0,
        }
    }
}

/// An edge between two records with its weight and whether an analyst forced it.
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    /// First record.
    pub a: u32,
    /// Second record.
    pub b: u32,
    /// Match weight.
    pub weight: f64,
    /// Set by an analyst's "same" decision.
    pub forced: bool,
    /// The link rests on more than a name (shared phone, handset, document, date of birth).
    pub evidence: bool,
}

/// The clusters: `cluster[i]` is the index of record `i`'s cluster (its smallest member), and
/// `via[i]` the strongest accepted edge of record `i` (none for singletons).
#[derive(Debug, Clone)]
pub struct Clusters {
    /// Cluster of each record (smallest member index).
    pub cluster: Vec<u32>,
    /// Weight of the edge that joined each record, and whether an analyst forced it.
    pub via: Vec<Option<(f64, bool)>>,
    /// Merges refused by the guard.
    pub refused: usize,
    /// Records linked by name alone to several evidence groups, left unjoined.
    pub ambiguous: usize,
}

struct Forest<'a, F> {
    parent: Vec<u32>,
    members: Vec<Vec<u32>>,
    via: Vec<Option<(f64, bool)>>,
    refused: usize,
    cannot: &'a HashSet<(u32, u32)>,
    conflict: F,
    max_size: usize,
    conflict_override: f64,
}

impl<F: Fn(u32, u32) -> bool> Forest<'_, F> {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            self.parent[x as usize] = self.parent[self.parent[x as usize] as usize];
            x = self.parent[x as usize];
        }
        x
    }

    /// Whether the clusters of `a` and `b` may merge: size cap, analysts' `different`, and
    /// (unless forced, or an evidence link of `conflict_override` bits or more) no two records
    /// across them in hard conflict.
    fn may_merge(&mut self, e: &Edge) -> bool {
        let (ra, rb) = (self.find(e.a), self.find(e.b));
        let (am, bm) = (&self.members[ra as usize], &self.members[rb as usize]);
        // A strong evidence link outweighs a date conflict anywhere across the merge: on
        // febrl2/3 one record's false date against another's (neither linked to the other
        // directly) kept a person's records in two clusters.
        let overridden = e.forced || (e.evidence && e.weight >= self.conflict_override);
        (e.forced || am.len() + bm.len() <= self.max_size)
            && !am.iter().any(|&x| {
                bm.iter().any(|&y| {
                    self.cannot.contains(&(x.min(y), x.max(y)))
                        || (!overridden && (self.conflict)(x, y))
                })
            })
    }

    /// Merges along `e` if allowed; false when refused or already one cluster.
    fn merge(&mut self, e: &Edge) -> bool {
        let (ra, rb) = (self.find(e.a), self.find(e.b));
        if ra == rb {
            return false;
        }
        if !self.may_merge(e) {
            self.refused += 1;
            return false;
        }
        let (big, small) = if self.members[ra as usize].len() >= self.members[rb as usize].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let moved = std::mem::take(&mut self.members[small as usize]);
        self.members[big as usize].extend(moved);
        self.parent[small as usize] = big;
        for x in [e.a, e.b] {
            // Edges come strongest first, so this is each record's strongest accepted link.
            self.via[x as usize].get_or_insert((e.weight, e.forced));
        }
        true
    }
}

/// Clusters `n` records. `conflict(i, j)` says two records cannot be one person; `cannot`
/// holds pairs an analyst has said are different. Forced edges go first and ignore model
/// conflicts, never an analyst's "different".
pub fn cluster(
    n: usize,
    mut edges: Vec<Edge>,
    cannot: &HashSet<(u32, u32)>,
    conflict: impl Fn(u32, u32) -> bool,
    settings: &ClusterSettings,
) -> Clusters {
    let mut f = Forest {
        parent: (0..n as u32).collect(),
        members: (0..n as u32).map(|i| vec![i]).collect(),
        via: vec![None; n],
        refused: 0,
        cannot,
        conflict,
        max_size: settings.max_size,
        conflict_override: settings.conflict_override,
    };
    edges.sort_by(|x, y| y.forced.cmp(&x.forced).then(y.weight.total_cmp(&x.weight)));
    let mut ambiguous = 0;
    if settings.one_phase {
        for e in &edges {
            f.merge(e);
        }
    } else {
        // Phase 1: evidence.
        for e in edges.iter().filter(|e| e.forced || e.evidence) {
            f.merge(e);
        }
        let grouped: Vec<bool> = (0..n as u32)
            .map(|i| {
                let r = f.find(i);
                f.members[r as usize].len() > 1
            })
            .collect();
        // Phase 2a: two evidence groups join by name only when each is the other's clear
        // best match (one person's two phone groups, under a name no third group bears).
        let mut cands: HashMap<u32, Vec<(u32, f64, usize)>> = HashMap::new();
        for (k, e) in edges
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.evidence && !e.forced)
        {
            if grouped[e.a as usize] && grouped[e.b as usize] {
                let (ga, gb) = (f.find(e.a), f.find(e.b));
                if ga != gb {
                    for (x, y) in [(ga, gb), (gb, ga)] {
                        let c = cands.entry(x).or_default();
                        if !c.iter().any(|t| t.0 == y) {
                            // Edges come strongest first: the first per group is its best.
                            c.push((y, e.weight, k));
                        }
                    }
                }
            }
        }
        let clear_best = |c: &[(u32, f64, usize)]| -> Option<u32> {
            (c.len() == 1 || c[0].1 - c[1].1 >= settings.name_only_margin).then_some(c[0].0)
        };
        let mut joins: Vec<usize> = cands
            .iter()
            .filter_map(|(&g, c)| {
                let other = clear_best(c)?;
                (clear_best(&cands[&other]) == Some(g) && g < other).then_some(c[0].2)
            })
            .collect();
        joins.sort_unstable();
        for k in joins {
            f.merge(&edges[k]);
        }
        // Phase 2b: each record outside every group picks the group its name matches best,
        // if no other group comes within the margin.
        let mut best: HashMap<u32, Vec<(u32, f64, usize)>> = HashMap::new();
        for (k, e) in edges
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.evidence && !e.forced)
        {
            for (lone, other) in [(e.a, e.b), (e.b, e.a)] {
                if !grouped[lone as usize] && grouped[other as usize] {
                    let g = f.find(other);
                    let c = best.entry(lone).or_default();
                    match c.iter_mut().find(|x| x.0 == g) {
                        Some(x) if x.1 >= e.weight => {}
                        Some(x) => *x = (g, e.weight, k),
                        None => c.push((g, e.weight, k)),
                    }
                }
            }
        }
        let mut attach: Vec<(f64, usize)> = Vec::new();
        let mut undecided: HashSet<u32> = HashSet::new();
        for (lone, mut c) in best {
            c.sort_by(|x, y| y.1.total_cmp(&x.1));
            if c.len() == 1 || c[0].1 - c[1].1 >= settings.name_only_margin {
                attach.push((c[0].1, c[0].2));
            } else {
                ambiguous += 1;
                undecided.insert(lone);
            }
        }
        attach.sort_by(|x, y| y.0.total_cmp(&x.0));
        for (_, k) in attach {
            f.merge(&edges[k]);
        }
        // Phase 2c: records that matched no group join each other by name.
        for e in edges.iter().filter(|e| !e.evidence && !e.forced) {
            let free = |x: u32| !grouped[x as usize] && !undecided.contains(&x);
            if free(e.a) && free(e.b) {
                let (ra, rb) = (f.find(e.a), f.find(e.b));
                // Only lone records or groups built in this phase: never an evidence group.
                let lone_or_new = |r: u32, f: &Forest<'_, _>| {
                    f.members[r as usize].iter().all(|&m| !grouped[m as usize])
                };
                if lone_or_new(ra, &f) && lone_or_new(rb, &f) {
                    f.merge(e);
                }
            }
        }
    }
    let mut cluster = vec![0u32; n];
    for m in f.members.iter().filter(|m| !m.is_empty()) {
        let min = *m.iter().min().unwrap_or(&0);
        for &x in m {
            cluster[x as usize] = min;
        }
    }
    Clusters {
        cluster,
        via: f.via,
        refused: f.refused,
        ambiguous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(a: u32, b: u32, weight: f64) -> Edge {
        Edge {
            a,
            b,
            weight,
            forced: false,
            evidence: true,
        }
    }

    fn name_only(a: u32, b: u32, weight: f64) -> Edge {
        Edge {
            evidence: false,
            ..e(a, b, weight)
        }
    }

    #[test]
    fn components_and_guard() {
        // 0-1-2 chain, but 0 and 2 conflict: the weaker link 1-2 is refused.
        let c = cluster(
            4,
            vec![e(0, 1, 10.0), e(1, 2, 5.0)],
            &HashSet::new(),
            |x, y| (x, y) == (0, 2) || (x, y) == (2, 0),
            &ClusterSettings::default(),
        );
        assert_eq!(c.cluster, vec![0, 0, 2, 3]);
        assert_eq!(c.refused, 1);
    }

    #[test]
    fn a_strong_evidence_link_overrides_conflicts_across_the_merge() {
        // 0-1 and 0-2 conflict (dates of birth). 0-1 share a document: weight 40 joins them;
        // 2 joins 1 by a 35-bit evidence link despite its conflict with 0. A 10-bit link does
        // not override, nor does a strong link that rests on a name alone.
        let conflict = |x: u32, y: u32| matches!((x.min(y), x.max(y)), (0, 1) | (0, 2));
        let c = cluster(
            3,
            vec![e(0, 1, 40.0), e(1, 2, 35.0)],
            &HashSet::new(),
            conflict,
            &ClusterSettings::default(),
        );
        assert_eq!(c.cluster, vec![0, 0, 0]);
        let weak = cluster(
            3,
            vec![e(0, 1, 40.0), e(1, 2, 10.0)],
            &HashSet::new(),
            conflict,
            &ClusterSettings::default(),
        );
        assert_eq!(weak.cluster, vec![0, 0, 2]);
        let by_name = cluster(
            3,
            vec![e(0, 1, 40.0), name_only(1, 2, 35.0)],
            &HashSet::new(),
            conflict,
            &ClusterSettings {
                one_phase: true,
                ..Default::default()
            },
        );
        assert_eq!(by_name.cluster, vec![0, 0, 2]);
        let own = cluster(
            2,
            vec![e(0, 1, 10.0)],
            &HashSet::new(),
            conflict,
            &ClusterSettings::default(),
        );
        assert_eq!(own.cluster, vec![0, 1]);
    }

    #[test]
    fn analyst_decisions_win() {
        let cannot: HashSet<(u32, u32)> = [(0, 1)].into();
        let forced = Edge {
            a: 2,
            b: 3,
            weight: f64::INFINITY,
            forced: true,
            evidence: false,
        };
        let c = cluster(
            4,
            vec![e(0, 1, 30.0), forced],
            &cannot,
            |_, _| true,
            &ClusterSettings::default(),
        );
        assert_eq!(c.cluster, vec![0, 1, 2, 2]);
    }

    #[test]
    fn size_cap() {
        let c = cluster(
            3,
            vec![e(0, 1, 3.0), e(1, 2, 2.0)],
            &HashSet::new(),
            |_, _| false,
            &ClusterSettings {
                max_size: 2,
                ..Default::default()
            },
        );
        assert_eq!(c.cluster, vec![0, 0, 2]);
    }

    #[test]
    fn name_only_links_join_groups_only_when_unambiguous() {
        // Groups {0,1}, {2,3} and {8,9} rest on evidence; {0,1} matches both others by name
        // about equally (one common name, three people): no join. Groups {10,11} and {12,13}
        // match only each other: they join. Record 4 matches group {0,1} clearly better than
        // {2,3}: it joins. Record 5 matches two groups about equally: it stays alone. Records
        // 6 and 7 match no group: they join each other.
        let c = cluster(
            14,
            vec![
                e(0, 1, 20.0),
                e(2, 3, 20.0),
                e(8, 9, 20.0),
                e(10, 11, 20.0),
                e(12, 13, 20.0),
                name_only(1, 2, 15.0),
                name_only(1, 8, 14.5),
                name_only(11, 12, 9.0),
                name_only(4, 0, 9.0),
                name_only(4, 2, 2.0),
                name_only(5, 1, 8.0),
                name_only(5, 3, 7.5),
                name_only(6, 7, 6.0),
            ],
            &HashSet::new(),
            |_, _| false,
            &ClusterSettings::default(),
        );
        assert_eq!(
            c.cluster,
            vec![0, 0, 2, 2, 0, 5, 6, 6, 8, 8, 10, 10, 10, 10]
        );
        assert_eq!(c.ambiguous, 1);
        let one = cluster(
            4,
            vec![e(0, 1, 20.0), e(2, 3, 20.0), name_only(1, 2, 15.0)],
            &HashSet::new(),
            |_, _| false,
            &ClusterSettings {
                one_phase: true,
                ..Default::default()
            },
        );
        assert_eq!(one.cluster, vec![0, 0, 0, 0]);
    }
}
