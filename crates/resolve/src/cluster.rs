//! Pairs above the threshold into clusters: connected components, merged strongest pair
//! first, with a guard against chaining unrelated people together through weak links.

use std::collections::HashSet;

/// Clustering settings.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct ClusterSettings {
    /// No cluster grows beyond this many records.
    pub max_size: usize,
}

impl Default for ClusterSettings {
    fn default() -> Self {
        ClusterSettings { max_size: 1000 }
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
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    let mut via = vec![None; n];
    let mut refused = 0;
    edges.sort_by(|x, y| y.forced.cmp(&x.forced).then(y.weight.total_cmp(&x.weight)));
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    for e in edges {
        let (ra, rb) = (find(&mut parent, e.a), find(&mut parent, e.b));
        if ra == rb {
            continue;
        }
        let (big, small) = if members[ra as usize].len() >= members[rb as usize].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let ok = {
            let (bm, sm) = (&members[big as usize], &members[small as usize]);
            (e.forced || bm.len() + sm.len() <= settings.max_size)
                && !bm.iter().any(|&x| {
                    sm.iter().any(|&y| {
                        cannot.contains(&(x.min(y), x.max(y))) || (!e.forced && conflict(x, y))
                    })
                })
        };
        if !ok {
            refused += 1;
            continue;
        }
        let moved = std::mem::take(&mut members[small as usize]);
        members[big as usize].extend(moved);
        parent[small as usize] = big;
        for x in [e.a, e.b] {
            // Edges come strongest first, so this is each record's strongest accepted link.
            via[x as usize].get_or_insert((e.weight, e.forced));
        }
    }
    let mut cluster = vec![0u32; n];
    for m in members.iter().filter(|m| !m.is_empty()) {
        let min = *m.iter().min().unwrap_or(&0);
        for &x in m {
            cluster[x as usize] = min;
        }
    }
    Clusters {
        cluster,
        via,
        refused,
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
    fn analyst_decisions_win() {
        let cannot: HashSet<(u32, u32)> = [(0, 1)].into();
        let forced = Edge {
            a: 2,
            b: 3,
            weight: f64::INFINITY,
            forced: true,
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
            &ClusterSettings { max_size: 2 },
        );
        assert_eq!(c.cluster, vec![0, 0, 2]);
    }
}
