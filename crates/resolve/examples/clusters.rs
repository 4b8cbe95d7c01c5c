//! Cluster-level errors on a scenario: how many predicted clusters mix true identities, how
//! many true identities are split, and the comparison patterns of the linked pairs that join
//! different people inside one cluster. `cargo run --release -p kingpin-resolve --example
//! clusters -- DB TRUTH`.

use kingpin_resolve::Settings;
use kingpin_resolve::em::probability;
use kingpin_resolve::record::load_persons;
use kingpin_resolve::truth::scenario_identities;
use kingpin_store::SqliteStore;
use std::collections::{HashMap, HashSet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let store = SqliteStore::open(&args[1])?;
    let ids = scenario_identities(args[2].as_ref())?;
    let raw = load_persons(&store)?;
    let mut settings = Settings::default();
    if let Some(m) = std::env::var("KINGPIN_MARGIN")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        settings.cluster.name_only_margin = m;
    }
    settings.term_frequency = std::env::var("KINGPIN_TF").map_or(true, |v| v != "0");
    if let Some(t) = std::env::var("KINGPIN_THRESHOLD")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        settings.threshold = t;
    }
    settings.cluster.one_phase = std::env::var("KINGPIN_ONE_PHASE").is_ok_and(|v| v == "1");
    let handsets = if std::env::var("KINGPIN_HANDSETS").is_ok_and(|v| v == "0") {
        Default::default()
    } else {
        kingpin_resolve::handsets::load_handsets(&store)?
    };
    let out = kingpin_resolve::resolve_with(&raw, &handsets, &[], &settings, &|_| {});
    let label: Vec<Option<&String>> = out.records.iter().map(|r| ids.get(&r.id)).collect();
    let labels = kingpin_resolve::evaluate::evaluate(&out.clusters.cluster, &label);
    println!(
        "ambiguous {} refused {}; pairs P {:.4} R {:.4} F1 {:.4}; clusters P {:.4} R {:.4} F1 {:.4}",
        out.clusters.ambiguous,
        out.clusters.refused,
        labels.pairs.precision,
        labels.pairs.recall,
        labels.pairs.f1,
        labels.clusters.precision,
        labels.clusters.recall,
        labels.clusters.f1
    );
    for (c, cmp) in kingpin_resolve::compare::COMPARISONS.iter().enumerate() {
        let w: Vec<String> = (1..cmp.levels.len())
            .map(|l| {
                format!(
                    "{}:{:+.1}(m {:.3} u {:.4})",
                    l,
                    out.params.level_weight(c, l as u8),
                    out.params.m[c][l],
                    out.params.u[c][l]
                )
            })
            .collect();
        println!("  {:<12} {}", cmp.name, w.join(" "));
    }
    println!("  prior {:+.2}", out.params.prior_weight());
    // Level shares among labelled candidate pairs of one person (true m, as far as blocking
    // lets it be seen) and of different people.
    for (c, cmp) in kingpin_resolve::compare::COMPARISONS.iter().enumerate() {
        let k = cmp.levels.len();
        let (mut same, mut diff) = (vec![0f64; k], vec![0f64; k]);
        for (i, &(a, b)) in out.pairs.iter().enumerate() {
            let (la, lb) = (
                ids.get(&out.records[a as usize].id),
                ids.get(&out.records[b as usize].id),
            );
            if let (Some(x), Some(y)) = (la, lb) {
                let l = out.gammas[i][c] as usize;
                if x == y {
                    same[l] += 1.0
                } else {
                    diff[l] += 1.0
                }
            }
        }
        let (ts, td): (f64, f64) = (same[1..].iter().sum(), diff[1..].iter().sum());
        let fmt = |v: &[f64], t: f64| {
            (1..k)
                .map(|l| format!("{:.3}", v[l] / t.max(1.0)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!(
            "  {:<12} same {}  | diff {}",
            cmp.name,
            fmt(&same, ts),
            fmt(&diff, td)
        );
    }
    if let Ok(level) = std::env::var("KINGPIN_SHOW_PHONE") {
        let level: u8 = level.parse()?;
        let mut shown = 0;
        for (i, &(a, b)) in out.pairs.iter().enumerate() {
            let (x, y) = (&out.records[a as usize], &out.records[b as usize]);
            if out.gammas[i][2] == level
                && ids.contains_key(&x.id)
                && ids.get(&x.id) == ids.get(&y.id)
            {
                let ph = |r: &kingpin_resolve::record::Record| {
                    r.phones
                        .iter()
                        .map(|p| format!("{:?}", p.e164))
                        .collect::<Vec<_>>()
                        .join(",")
                };
                println!(
                    "  {} {} {:?} | {} {} {:?}  ({})",
                    x.id,
                    ph(x),
                    x.handsets,
                    y.id,
                    ph(y),
                    y.handsets,
                    ids[&x.id]
                );
                shown += 1;
                if shown == 12 {
                    break;
                }
            }
        }
    }
    {
        // Evidence groups: components of linked pairs that rest on more than a name.
        use kingpin_resolve::compare::has_evidence;
        let n = out.records.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for (k, &(a, b)) in out.pairs.iter().enumerate() {
            let g = out.gammas[k];
            if has_evidence(&g) && probability(out.weights[k]) >= settings.threshold {
                let (x, y) = (find(&mut parent, a as usize), find(&mut parent, b as usize));
                parent[x.max(y)] = x.min(y);
            }
        }
        let root: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
        let mut size: HashMap<usize, usize> = HashMap::new();
        root.iter().for_each(|&r| *size.entry(r).or_default() += 1);
        let mut groups_of: HashMap<&String, HashSet<usize>> = HashMap::new();
        let mut people_of: HashMap<usize, HashSet<&String>> = HashMap::new();
        let mut singles_of: HashMap<&String, usize> = HashMap::new();
        for (i, l) in label.iter().enumerate() {
            if let Some(l) = l {
                if size[&root[i]] > 1 {
                    groups_of.entry(l).or_default().insert(root[i]);
                    people_of.entry(root[i]).or_default().insert(l);
                } else {
                    *singles_of.entry(l).or_default() += 1;
                }
            }
        }
        let mut h: HashMap<usize, usize> = HashMap::new();
        groups_of
            .values()
            .for_each(|s| *h.entry(s.len().min(5)).or_default() += 1);
        let mut h: Vec<_> = h.into_iter().collect();
        h.sort();
        let impure = people_of.values().filter(|s| s.len() > 1).count();
        println!(
            "evidence groups {} (impure {}); people with k groups {:?}; records without evidence {} (of {} people)",
            people_of.len(),
            impure,
            h,
            singles_of.values().sum::<usize>(),
            singles_of.len()
        );
        // Name-only linked pairs across evidence groups (or singletons): true share.
        let (mut t, mut f) = (0, 0);
        for (k, &(a, b)) in out.pairs.iter().enumerate() {
            let (la, lb) = (label[a as usize], label[b as usize]);
            if la.is_none() || lb.is_none() || root[a as usize] == root[b as usize] {
                continue;
            }
            if probability(out.weights[k]) >= settings.threshold {
                if la == lb { t += 1 } else { f += 1 }
            }
        }
        println!("linked pairs across evidence groups: {t} true, {f} false");
    }
    let mut people_in: HashMap<u32, HashSet<&String>> = HashMap::new();
    let mut clusters_of: HashMap<&String, HashSet<u32>> = HashMap::new();
    for (i, l) in label.iter().enumerate() {
        if let Some(l) = l {
            let c = out.clusters.cluster[i];
            people_in.entry(c).or_default().insert(l);
            clusters_of.entry(l).or_default().insert(c);
        }
    }
    let mixed = people_in.values().filter(|s| s.len() > 1).count();
    let split = clusters_of.values().filter(|s| s.len() > 1).count();
    println!(
        "predicted clusters {} (mixed {}), true identities {} (split {})",
        people_in.len(),
        mixed,
        clusters_of.len(),
        split
    );
    let mut hist: HashMap<usize, usize> = HashMap::new();
    for s in people_in.values() {
        *hist.entry(s.len().min(10)).or_default() += 1;
    }
    let mut h: Vec<_> = hist.into_iter().collect();
    h.sort();
    println!("people per predicted cluster (10 = 10+): {h:?}");
    // Linked pairs of different people: by pattern, with the name tf.
    let mut bridges: HashMap<kingpin_resolve::compare::Gamma, (usize, usize)> = HashMap::new();
    let mut missed: HashMap<kingpin_resolve::compare::Gamma, (usize, usize)> = HashMap::new();
    for (k, &(a, b)) in out.pairs.iter().enumerate() {
        let (la, lb) = (label[a as usize], label[b as usize]);
        if la.is_none() || lb.is_none() {
            continue;
        }
        let linked = probability(out.weights[k]) >= settings.threshold;
        let same_c = out.clusters.cluster[a as usize] == out.clusters.cluster[b as usize];
        if la != lb && linked && same_c {
            bridges.entry(out.gammas[k]).or_insert((0, k)).0 += 1;
        }
        if la == lb && !same_c {
            missed.entry(out.gammas[k]).or_insert((0, k)).0 += 1;
        }
    }
    let name = |i: u32| {
        out.records[i as usize]
            .names
            .first()
            .map(|n| n.tokens.join(" "))
            .unwrap_or_default()
    };
    for (what, m) in [
        ("linked pairs of different people in one cluster", bridges),
        ("pairs of one person left in different clusters", missed),
    ] {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1.0));
        println!("{what}:");
        for (g, (n, k)) in v.iter().take(12) {
            let (a, b) = out.pairs[*k];
            println!(
                "  {n:>7} {g:?} w {:+.2} tf {:.5}  e.g. {} ~ {}",
                out.weights[*k],
                out.tfs[*k],
                name(a),
                name(b)
            );
        }
    }
    Ok(())
}
