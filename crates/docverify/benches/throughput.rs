//! MRZ validations per second on one core, per layout, against a naive baseline.
//!
//! `cargo bench -p kingpin-docverify --bench throughput` (release profile, one thread).
//! Inputs: every case of `../shared/data/mrz/corpus.jsonl`, valid and invalid, grouped by layout.

#[path = "support/naive.rs"]
mod naive;

use kingpin_docverify::{DocType, Options, validate};
use std::hint::black_box;
use std::time::{Duration, Instant};

const CORPUS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/mrz/corpus.jsonl"
));
const TARGET: f64 = 1_000_000.0;
const RUN: Duration = Duration::from_millis(300);
const RUNS: usize = 5;

/// Median validations per second over `RUNS` runs of at least `RUN` each.
fn rate(inputs: &[String], mut f: impl FnMut(&str) -> bool) -> f64 {
    let mut rates: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let mut n = 0u64;
            while start.elapsed() < RUN {
                for _ in 0..64 {
                    for s in inputs {
                        black_box(f(black_box(s)));
                    }
                }
                n += 64 * inputs.len() as u64;
            }
            n as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[RUNS / 2]
}

fn main() {
    let cases: Vec<(String, String)> = CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("corpus JSON");
            let lines: Vec<&str> = v["lines"]
                .as_array()
                .expect("lines")
                .iter()
                .filter_map(|x| x.as_str())
                .collect();
            (
                v["type"].as_str().unwrap_or("").to_string(),
                lines.join("\n"),
            )
        })
        .collect();
    let opts = Options::strict();
    let codes = naive::load_codes();

    println!("MRZ validations per second, one thread, median of {RUNS} runs of {RUN:?}");
    println!(
        "{:<7} {:>5} {:>18} {:>18} {:>8} {:>10}",
        "layout", "cases", "kingpin-docverify", "naive baseline", "speed-up", ">= 1M/s"
    );
    let groups = DocType::ALL
        .iter()
        .map(|t| t.as_str())
        .chain(["all"])
        .collect::<Vec<_>>();
    for group in groups {
        let inputs: Vec<String> = cases
            .iter()
            .filter(|(t, _)| group == "all" || t == group)
            .map(|(_, s)| s.clone())
            .collect();
        let ours = rate(&inputs, |s| validate(s, &opts).valid);
        let base = rate(&inputs, |s| naive::validate(s, &codes).0);
        println!(
            "{:<7} {:>5} {:>16.2}M/s {:>16.2}M/s {:>7.1}x {:>10}",
            group,
            inputs.len(),
            ours / 1e6,
            base / 1e6,
            ours / base,
            if ours >= TARGET { "yes" } else { "NO" }
        );
    }
    let agree = cases
        .iter()
        .filter(|(_, s)| validate(s, &opts).valid == naive::validate(s, &codes).0)
        .count();
    println!(
        "baseline agrees with kingpin-docverify on {agree} of {} corpus verdicts (it checks less)",
        cases.len()
    );
}
