//! Where the linkage errs on a scenario: the commonest comparison patterns among missed true
//! pairs and among false links. `cargo run --release -p kingpin-resolve --example diagnose --
//! DB TRUTH [THRESHOLD]`.

use kingpin_resolve::em::probability;
use kingpin_resolve::record::load_persons;
use kingpin_resolve::truth::scenario_identities;
use kingpin_resolve::{Settings, resolve};
use kingpin_store::SqliteStore;
use std::collections::HashMap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let store = SqliteStore::open(&args[1])?;
    let ids = scenario_identities(args[2].as_ref())?;
    let threshold = args.get(3).map_or(Ok(0.95), |t| t.parse())?;
    let raw = load_persons(&store)?;
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
