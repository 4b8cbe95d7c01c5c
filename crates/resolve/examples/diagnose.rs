//! Where the linkage errs on a scenario: the commonest comparison patterns among missed true
//! pairs and among false links. `cargo run --release -p kingpin-resolve --example diagnose --
//! DB TRUTH [THRESHOLD]`, or on CSV files (dedupe one, link two) with their truth column:
//! `… --example diagnose -- csv FILE [FILE2] --map field=col … [--threshold T]`.

use kingpin_resolve::em::probability;
use kingpin_resolve::record::load_persons;
use kingpin_resolve::truth::scenario_identities;
use kingpin_resolve::{Settings, resolve};
use kingpin_store::SqliteStore;
use std::collections::HashMap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (raw, ids, threshold) = if args[1] == "csv" {
        from_csv(&args[2..])?
    } else {
        let store = SqliteStore::open(&args[1])?;
        let ids = scenario_identities(args[2].as_ref())?;
        let threshold = args.get(3).map_or(Ok(0.95), |t| t.parse())?;
        (load_persons(&store)?, ids, threshold)
    };
    let out = resolve(
        &raw,
        &[],
        &Settings {
            threshold,
            // KINGPIN_TF=0 turns the term-frequency adjustment off; KINGPIN_TF_BONUS caps it.
            term_frequency: std::env::var("KINGPIN_TF").map_or(true, |v| v != "0"),
            tf_max_bonus: std::env::var("KINGPIN_TF_BONUS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(Settings::default().tf_max_bonus),
            tf_centre: std::env::var("KINGPIN_TF_CENTRE").map_or(true, |v| v != "0"),
            gender: std::env::var("KINGPIN_GENDER").map_or(true, |v| v != "0"),
            infer_gender: std::env::var("KINGPIN_INFER_GENDER").is_ok_and(|v| v == "1"),
            // KINGPIN_OVERRIDE=BITS: how strong a link must be to override its own conflict.
            cluster: kingpin_resolve::cluster::ClusterSettings {
                conflict_override: std::env::var("KINGPIN_OVERRIDE")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(Settings::default().cluster.conflict_override),
                one_phase: std::env::var("KINGPIN_ONE_PHASE").is_ok_and(|v| v == "1"),
                ..Settings::default().cluster
            },
            ..Settings::default()
        },
        &|_| {},
    );
    let label = |i: u32| ids.get(&out.records[i as usize].id);
    let mut missed: HashMap<_, (usize, usize)> = HashMap::new();
    let mut false_links: HashMap<_, (usize, usize)> = HashMap::new();
    for (k, &(a, b)) in out.pairs.iter().enumerate() {
        let (la, lb) = (label(a), label(b));
        if la.is_none() || lb.is_none() {
            continue;
        }
        let linked = probability(out.weights[k]) >= threshold;
        let e = if la == lb && !linked {
            missed.entry(out.gammas[k]).or_insert((0, k))
        } else if la != lb && linked {
            false_links.entry(out.gammas[k]).or_insert((0, k))
        } else {
            continue;
        };
        e.0 += 1;
    }
    let truth_pairs: usize = {
        let mut by: HashMap<&String, usize> = HashMap::new();
        for i in 0..out.records.len() as u32 {
            if let Some(l) = label(i) {
                *by.entry(l).or_default() += 1;
            }
        }
        by.values().map(|n| n * (n - 1) / 2).sum()
    };
    let candidates_true = out
        .pairs
        .iter()
        .filter(|&&(a, b)| label(a).is_some() && label(a) == label(b))
        .count();
    println!(
        "true pairs {truth_pairs}, among candidates {candidates_true}, candidates {}",
        out.pairs.len()
    );
    if std::env::var_os("KINGPIN_SHOW_UNBLOCKED").is_some() {
        // True pairs that no blocking rule brought together, with their fields.
        let cand: std::collections::HashSet<(u32, u32)> = out.pairs.iter().copied().collect();
        let mut by: HashMap<&String, Vec<u32>> = HashMap::new();
        for i in 0..out.records.len() as u32 {
            if let Some(l) = label(i) {
                by.entry(l).or_default().push(i);
            }
        }
        let show = |i: u32| {
            let r = &out.records[i as usize];
            format!(
                "{:?} {:?} {:?} {:?} {:?}",
                r.names.first().map(|n| n.tokens.join(" ")),
                r.birth_dates,
                r.documents,
                r.postcodes,
                r.addresses
            )
        };
        let mut shown = 0;
        'outer: for v in by.values() {
            for (k, &a) in v.iter().enumerate() {
                for &b in &v[k + 1..] {
                    if !cand.contains(&(a.min(b), a.max(b))) {
                        println!("  unblocked: {}\n         ~ {}", show(a), show(b));
                        shown += 1;
                        if shown == 12 {
                            break 'outer;
                        }
                    }
                }
            }
        }
    }
    if std::env::var_os("KINGPIN_SHOW_SPLIT").is_some() {
        // True pairs left in two clusters: their comparison vector and weight when blocked.
        let at: HashMap<(u32, u32), usize> =
            out.pairs.iter().enumerate().map(|(k, &p)| (p, k)).collect();
        let c = &out.clusters.cluster;
        let n = out.records.len() as u32;
        let show = |i: u32| {
            let r = &out.records[i as usize];
            let parts = |p: &[kingpin_resolve::record::NamePart]| {
                p.iter()
                    .map(|x| x.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            format!(
                "[{} | {}] {:?} {:?} {:?} {:?}",
                parts(&r.given),
                parts(&r.family),
                r.birth_dates
                    .iter()
                    .map(|d| format!("{}-{:?}-{:?}", d.year, d.month, d.day))
                    .collect::<Vec<_>>(),
                r.documents,
                r.postcodes,
                r.addresses
            )
        };
        for a in 0..n {
            for b in a + 1..n {
                if label(a).is_some() && label(a) == label(b) && c[a as usize] != c[b as usize] {
                    let how = at.get(&(a, b)).map_or("unblocked".to_string(), |&k| {
                        format!("{:?} w {:+.2}", out.gammas[k], out.weights[k])
                    });
                    println!("  split {how}\n    {}\n    {}", show(a), show(b));
                }
            }
        }
    }
    let labels: Vec<Option<&String>> = (0..out.records.len() as u32).map(label).collect();
    let e = kingpin_resolve::evaluate::evaluate(&out.clusters.cluster, &labels);
    println!(
        "pairs P {:.4} R {:.4} F1 {:.4}; clusters F1 {:.4}; linked {}, refused {}",
        e.pairs.precision,
        e.pairs.recall,
        e.pairs.f1,
        e.clusters.f1,
        out.linked,
        out.clusters.refused
    );
    for (what, map) in [("missed true pairs", missed), ("false links", false_links)] {
        let mut v: Vec<_> = map.into_iter().collect();
        v.sort_by_key(|a| std::cmp::Reverse(a.1.0));
        println!("{what}:");
        for (g, (n, k)) in v.iter().take(8) {
            let (a, b) = out.pairs[*k];
            let name = |i: u32| {
                out.records[i as usize]
                    .names
                    .first()
                    .map(|n| n.tokens.join(" "))
                    .unwrap_or_default()
            };
            println!(
                "  {n:>6}  {g:?}  w {:+.2}  e.g. {} ~ {}",
                out.weights[*k],
                name(a),
                name(b)
            );
        }
    }
    Ok(())
}

type Loaded = (
    Vec<kingpin_resolve::record::RawPerson>,
    HashMap<String, String>,
    f64,
);

/// Records and truth of one or two CSV files: `FILE [FILE2] --map f=c … [--threshold T]`.
fn from_csv(args: &[String]) -> Result<Loaded, Box<dyn std::error::Error>> {
    use kingpin_resolve::csvinput::{Mapping, read_csv};
    let (mut files, mut map, mut threshold) = (Vec::new(), Vec::new(), 0.95);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--map" => map.push(it.next().ok_or("--map needs a value")?.clone()),
            "--threshold" => threshold = it.next().ok_or("--threshold needs a value")?.parse()?,
            f => files.push(f.to_string()),
        }
    }
    let mapping = Mapping::parse(&map)?;
    let (mut raw, mut ids) = (Vec::new(), HashMap::new());
    for (k, f) in files.iter().enumerate() {
        let tag = if files.len() == 2 {
            format!("{}:", k + 1)
        } else {
            String::new()
        };
        let (r, t) = read_csv(f.as_ref(), &mapping, &tag)?;
        for (p, t) in r.iter().zip(t) {
            if let Some(t) = t {
                ids.insert(p.id.clone(), t);
            }
        }
        raw.extend(r);
    }
    Ok((raw, ids, threshold))
}
