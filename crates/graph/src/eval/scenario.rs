//! Evaluation on generated scenarios (`kingpin scenario`): the person-level projection of the
//! imported sources, scored against the ground truth the generator wrote beside them.
//!
//! The truth is read only here, to say which node is which true person; the ranking never
//! sees it. A node is attributed to the true person most of its store entities belong to
//! (phones, SIMs and handsets by number, IMSI and IMEI; person records by record id; ledger,
//! purchase and crossing parties by row; accounts by platform and handle).

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use kingpin_model::make_id;
use kingpin_store::Scan;
use serde_json::Value;

use crate::eval::measures::compute_measures_with;
use crate::eval::metrics::{NetworkReport, estimates, evaluate_scores};
use crate::project::Projection;
use crate::types::NodeKind;

/// What the scenario's truth files say about the entities the importers made.
#[derive(Clone, Debug, Default)]
pub struct ScenarioTruth {
    /// Person id to role (`organiser`, `lieutenant`, ...).
    pub roles: HashMap<String, String>,
    /// Person id to canonical name.
    pub names: HashMap<String, String>,
    /// Store entity id to the true persons it belongs to (one vote each).
    pub owners: HashMap<String, Vec<String>>,
}

impl ScenarioTruth {
    fn vote(&mut self, entity: String, person: &str) {
        if !person.is_empty() {
            self.owners
                .entry(entity)
                .or_default()
                .push(person.to_string());
        }
    }

    /// Persons with role `role`.
    pub fn with_role(&self, role: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .roles
            .iter()
            .filter(|(_, r)| r.as_str() == role)
            .map(|(p, _)| p.clone())
            .collect();
        v.sort();
        v
    }
}

/// Whether `dir` holds a generated scenario (manifest and role truth).
pub fn is_scenario(dir: &Path) -> bool {
    dir.join("manifest.json").is_file() && dir.join("truth_roles.csv").is_file()
}

fn strs(v: &Value) -> impl Iterator<Item = &str> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str)
}

/// Reads the truth files of `dir` and joins them to the entities in `store`.
pub fn read_truth(dir: &Path, store: &dyn Scan) -> anyhow::Result<ScenarioTruth> {
    let mut t = ScenarioTruth::default();
    let mut rdr = csv::Reader::from_path(dir.join("truth_roles.csv")).context("truth_roles.csv")?;
    for r in rdr.records() {
        let r = r?;
        t.roles.insert(r[0].to_string(), r[1].to_string());
    }
    let truth: Value = serde_json::from_reader(std::io::BufReader::new(
        std::fs::File::open(dir.join("truth.json")).context("truth.json")?,
    ))?;
    let mut records: HashMap<String, String> = HashMap::new();
    for p in truth["people"].as_array().into_iter().flatten() {
        let id = p["id"].as_str().unwrap_or_default();
        t.names
            .insert(id.to_string(), p["name"].as_str().unwrap_or("").to_string());
        for ph in strs(&p["phones"]) {
            t.vote(format!("phone-{ph}"), id);
        }
        for s in strs(&p["imsis"]) {
            t.vote(format!("sim-{s}"), id);
        }
        for d in strs(&p["imeis"]) {
            t.vote(format!("device-{d}"), id);
        }
        for a in strs(&p["accounts"]) {
            if let Some((platform, handle)) = a.split_once('/')
                && let Some(key) = make_id("socialaccount", &[platform, handle])
            {
                t.vote(key, id);
            }
        }
        for r in strs(&p["person_records"]) {
            records.insert(r.to_string(), id.to_string());
        }
    }
    for d in truth["documents"].as_array().into_iter().flatten() {
        if let (Some(check), Some(who)) = (d["check_id"].as_str(), d["presenter"].as_str())
            && let Some(key) = make_id("doccheck", &[check])
        {
            t.vote(key, who);
        }
    }
    // Ledger, purchase and crossing rows: who really stood behind each party.
    let mut rows: HashMap<String, [String; 3]> = HashMap::new();
    let mut rdr = csv::Reader::from_path(dir.join("truth_links.csv")).context("truth_links.csv")?;
    for r in rdr.records() {
        let r = r?;
        rows.insert(
            r[1].to_string(),
            [r[2].to_string(), r[3].to_string(), r[4].to_string()],
        );
    }
    let mut votes: Vec<(String, String)> = Vec::new();
    store.scan_fragments(
        Some(&["Payment", "Purchase", "Crossing", "Person"]),
        &mut |f| {
            let props: Vec<(&str, &str)> = f.statements().collect();
            let get = |k: &str| props.iter().find(|(p, _)| *p == k).map(|(_, v)| *v);
            if f.schema == "Person" {
                if let Some(who) = get("recordId").and_then(|r| records.get(r)) {
                    votes.push((f.id.to_string(), who.clone()));
                }
                return Ok(());
            }
            let row = get("transactionNumber").or(get("recordId"));
            let Some(row) = row.and_then(|r| rows.get(r)) else {
                return Ok(());
            };
            let ends: &[(&str, usize)] = match f.schema {
                "Payment" => &[("payer", 0), ("beneficiary", 1), ("agent", 2)],
                "Purchase" => &[("buyer", 0)],
                _ => &[("pilot", 0)],
            };
            for &(prop, col) in ends {
                if let Some(e) = get(prop) {
                    votes.push((e.to_string(), row[col].clone()));
                }
            }
            Ok(())
        },
    )?;
    for (e, who) in votes {
        t.vote(e, &who);
    }
    Ok(t)
}

/// The true person behind each node: the majority owner of its entities (ties: lowest id).
pub fn attribute(p: &Projection, t: &ScenarioTruth) -> Vec<Option<String>> {
    let mut tally: Vec<HashMap<&str, usize>> = vec![HashMap::new(); p.graph.node_count()];
    for (id, &node) in p.entity_ids.iter().zip(&p.entity_node) {
        if let Some(owners) = t.owners.get(&**id) {
            for o in owners {
                *tally[node as usize].entry(o.as_str()).or_default() += 1;
            }
        }
    }
    tally
        .into_iter()
        .map(|m| {
            m.into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map(|(k, _)| k.to_string())
        })
        .collect()
}

/// Ranks true persons by every measure (a person's score is the best of their nodes; nodes
/// nobody is known behind compete as themselves; leaders with no node rank last) against two
/// leader sets: the organisers, and organisers with lieutenants.
pub fn evaluate_scenario(p: &Projection, t: &ScenarioTruth, name: &str) -> Vec<NetworkReport> {
    evaluate_scenario_with(p, t, name, &crate::rank::RankConfig::default())
}

/// [`evaluate_scenario`] with the leader score's settings.
pub fn evaluate_scenario_with(
    p: &Projection,
    t: &ScenarioTruth,
    name: &str,
    cfg: &crate::rank::RankConfig,
) -> Vec<NetworkReport> {
    let g = &p.graph;
    let who = attribute(p, t);
    let candidates: Vec<u32> = (0..g.node_count() as u32)
        .filter(|&v| g.kind(v) == NodeKind::Person && g.out_degree(v) + g.in_degree(v) > 0)
        .collect();
    // Group candidate nodes by true person.
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<(String, Vec<u32>)> = Vec::new();
    for &v in &candidates {
        let key = who[v as usize]
            .clone()
            .unwrap_or_else(|| format!("?{}", g.label(v)));
        let i = *group_of.entry(key.clone()).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(v);
    }
    let mapped_nodes = candidates
        .iter()
        .filter(|&&v| who[v as usize].is_some())
        .count();
    let measures = compute_measures_with(g, cfg);
    let tiers: [(&str, Vec<String>); 2] = [
        ("organisers", t.with_role("organiser")),
        ("organisers+lieutenants", {
            let mut v = t.with_role("organiser");
            v.extend(t.with_role("lieutenant"));
            v
        }),
    ];
    tiers
        .into_iter()
        .map(|(tier, leaders)| {
            let absent: Vec<String> = leaders
                .iter()
                .filter(|l| !group_of.contains_key(*l))
                .cloned()
                .collect();
            let n = groups.len() + absent.len();
            let cands = vec![true; n];
            let label = |id: &str| {
                format!(
                    "{id} {}",
                    t.names.get(id).map(String::as_str).unwrap_or("")
                )
            };
            let mut lead: Vec<(u32, String)> = leaders
                .iter()
                .filter_map(|l| group_of.get(l).map(|&i| (i as u32, label(l))))
                .collect();
            lead.extend(
                absent
                    .iter()
                    .enumerate()
                    .map(|(j, l)| ((groups.len() + j) as u32, label(l))),
            );
            let results = measures
                .iter()
                .map(|m| {
                    let mut scores: Vec<f64> = groups
                        .iter()
                        .map(|(_, vs)| {
                            vs.iter()
                                .map(|&v| m.scores[v as usize])
                                .fold(f64::NEG_INFINITY, f64::max)
                        })
                        .collect();
                    scores.extend(std::iter::repeat_n(f64::NEG_INFINITY, absent.len()));
                    evaluate_scores(m.name, &scores, &cands, &lead)
                })
                .collect();
            NetworkReport {
                network: format!("{name} {tier}"),
                nodes: g.node_count(),
                edges: g.edge_count(),
                directed: g.is_directed(),
                ranked: n,
                absent_leaders: absent.iter().map(|a| label(a)).collect(),
                note: format!(
                    "person level; {} of {} candidate nodes attributed to true persons, {} person records merged through shared identifiers",
                    mapped_nodes,
                    candidates.len(),
                    p.stats.merged_records
                ),
                estimated: estimates(&measures),
                results,
            }
        })
        .collect()
}
