//! Shared fixtures: one generated scenario per test binary, and readers for its files.

#![allow(dead_code)]

use kingpin_scenario::{Manifest, ScenarioConfig, generate};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A small scenario (1,000 people, 20,000 calls), generated once per test binary into
/// `name` under Cargo's target temp dir (deterministic, so reruns just overwrite it).
pub fn small(name: &str) -> (PathBuf, Manifest) {
    static DONE: OnceLock<(PathBuf, Manifest)> = OnceLock::new();
    DONE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let cfg = ScenarioConfig {
            seed: 7,
            people: 1_000,
            calls: 20_000,
        };
        let m = generate(&cfg, &dir, &|_| {}).unwrap();
        (dir, m)
    })
    .clone()
}

/// Rows of a CSV file as header-keyed maps.
pub fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The parsed `truth.json`.
pub fn truth(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap()).unwrap()
}

/// Phone number → roles of the people who use it, from the truth.
pub fn phone_roles(truth: &serde_json::Value) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for p in truth["people"].as_array().unwrap() {
        for ph in p["phones"].as_array().unwrap() {
            map.entry(ph.as_str().unwrap().to_string())
                .or_default()
                .push(p["role"].as_str().unwrap().to_string());
        }
    }
    map
}
