//! True identities of the store's person entities for a `kingpin scenario` directory, from
//! its ground truth. Only evaluation reads this; the linker never does.
//!
//! The entity ids are recomputed the way the scenario's mapping files key them (a person in
//! a ledger is keyed by name and phone as written), so this follows those mappings.

use kingpin_model::make_id;
use std::collections::HashMap;
use std::path::Path;

/// Errors reading a scenario's truth.
#[derive(Debug, thiserror::Error)]
pub enum TruthError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// File.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// A CSV file is malformed.
    #[error("{0}")]
    Csv(#[from] csv::Error),
    /// truth.json is malformed.
    #[error("truth.json: {0}")]
    Json(#[from] serde_json::Error),
}

/// Votes per entity id: an entity keyed by name and phone may gather rows of more than one
/// true person (a shared phone), and then takes the person with most rows.
#[derive(Default)]
struct Votes(HashMap<String, HashMap<String, u32>>);

impl Votes {
    fn add(&mut self, id: Option<String>, person: &str) {
        if let (Some(id), false) = (id, person.is_empty()) {
            *self
                .0
                .entry(id)
                .or_default()
                .entry(person.to_string())
                .or_default() += 1;
        }
    }
}

fn read_csv(dir: &Path, file: &str) -> Result<Vec<HashMap<String, String>>, TruthError> {
    let path = dir.join(file);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut rd = csv::Reader::from_path(&path)?;
    let header = rd.headers()?.clone();
    let mut out = Vec::new();
    for rec in rd.records() {
        let rec = rec?;
        out.push(
            header
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect(),
        );
    }
    Ok(out)
}

/// Entity id to true person id, for every person entity the scenario's sources create and
/// whose true identity is known (subscriber records in false names have none).
pub fn scenario_identities(truth_json: &Path) -> Result<HashMap<String, String>, TruthError> {
    let dir = truth_json.parent().unwrap_or(Path::new("."));
    let text = std::fs::read_to_string(truth_json).map_err(|source| TruthError::Io {
        path: truth_json.display().to_string(),
        source,
    })?;
    let truth: serde_json::Value = serde_json::from_str(&text)?;
    let mut votes = Votes::default();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    for p in truth["people"].as_array().into_iter().flatten() {
        let pid = s(&p["id"]);
        for r in p["person_records"].as_array().into_iter().flatten() {
            votes.add(make_id("record", &[&s(r)]), &pid);
        }
    }
    for d in truth["documents"].as_array().into_iter().flatten() {
        votes.add(make_id("doccheck", &[&s(&d["check_id"])]), &s(&d["holder"]));
    }
    let mut registered: HashMap<String, String> = HashMap::new();
    for sub in truth["subscriptions"].as_array().into_iter().flatten() {
        registered.insert(s(&sub["msisdn"]), s(&sub["registered_to"]));
    }
    for row in read_csv(dir, "subscribers.csv")? {
        let who = registered.get(&row["msisdn"]).cloned().unwrap_or_default();
        votes.add(
            make_id("subscriber", &[&row["subscriber_name"], &row["birth_date"]]),
            &who,
        );
    }
    let mut links: HashMap<(String, String), [String; 3]> = HashMap::new();
    for row in read_csv(dir, "truth_links.csv")? {
        links.insert(
            (row["source"].clone(), row["row_id"].clone()),
            [
                row["from_person"].clone(),
                row["to_person"].clone(),
                row["agent_person"].clone(),
            ],
        );
    }
    let link = |src: &str, id: &str| {
        links
            .get(&(src.to_string(), id.to_string()))
            .cloned()
            .unwrap_or_default()
    };
    for row in read_csv(dir, "transfers.csv")? {
        let [from, to, _] = link("transfers", &row["txn_id"]);
        votes.add(
            make_id(
                "transfer-party",
                &[&row["sender_name"], &row["sender_phone"]],
            ),
            &from,
        );
        votes.add(
            make_id(
                "transfer-party",
                &[&row["receiver_name"], &row["receiver_phone"]],
            ),
            &to,
        );
    }
    for row in read_csv(dir, "hawala.csv")? {
        let [from, to, agent] = link("hawala", &row["entry_id"]);
        votes.add(
            make_id("hawala-party", &[&row["payer"], &row["payer_phone"]]),
            &from,
        );
        votes.add(
            make_id(
                "hawala-party",
                &[&row["beneficiary"], &row["beneficiary_phone"]],
            ),
            &to,
        );
        votes.add(make_id("hawaladar", &[&row["hawaladar"]]), &agent);
    }
    for row in read_csv(dir, "purchases.csv")? {
        let [from, _, _] = link("purchases", &row["purchase_id"]);
        votes.add(
            make_id("purchase-party", &[&row["buyer_name"], &row["buyer_phone"]]),
            &from,
        );
    }
    for row in read_csv(dir, "crossings.csv")? {
        let [from, _, _] = link("crossings", &row["crossing_id"]);
        votes.add(make_id("pilot", &[&row["pilot_name"]]), &from);
    }
    Ok(votes
        .0
        .into_iter()
        .filter_map(|(id, v)| {
            v.into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(p, _)| (id, p))
        })
        .collect())
}
