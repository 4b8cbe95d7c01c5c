//! Synthetic people-smuggling scenarios: a seeded, deterministic world of organisers,
//! lieutenants, cells, hawaladars, migrants and bystanders, written out as the sources an
//! investigation would hold (CDRs, ledgers, records, adverts, purchases, crossings, document
//! checks), each with its CSV mapping, plus the ground truth that importers never read.
//!
//! Everything is streamed: the world (people, phones, crossings) is held compactly in memory,
//! but calls and ledger rows are written as they are drawn, so `large` (1M people, 10M calls)
//! runs in a few hundred MB.

mod calls;
pub mod dates;
pub mod documents;
pub mod geo;
mod laundering;
pub mod mappings;
mod maritime;
mod money;
pub mod names;
mod posts;
mod records;
mod social;
mod truth;
pub mod world;
mod writer;

use anyhow::{Context, Result};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use writer::Progress;

pub use documents::{check_digit, td3_digits_ok};
pub use truth::pid;

/// Preset sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    /// ~200 people, 2k calls: unit tests.
    Tiny,
    /// ~1k people, 20k calls: the demo.
    Small,
    /// ~20k people, 400k calls.
    Medium,
    /// ~1M people, 10M calls: performance work.
    Large,
}

impl std::str::FromStr for Size {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "tiny" => Size::Tiny,
            "small" => Size::Small,
            "medium" => Size::Medium,
            "large" => Size::Large,
            _ => anyhow::bail!("unknown size {s:?}: expected tiny, small, medium or large"),
        })
    }
}

/// What to generate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioConfig {
    /// Seed: the same seed and sizes give byte-identical files.
    pub seed: u64,
    /// Number of true people.
    pub people: usize,
    /// Number of call records.
    pub calls: usize,
}

impl ScenarioConfig {
    /// The preset for a size, with seed 1.
    pub fn preset(size: Size) -> ScenarioConfig {
        let (people, calls) = match size {
            Size::Tiny => (200, 2_000),
            Size::Small => (1_000, 20_000),
            Size::Medium => (20_000, 400_000),
            Size::Large => (1_000_000, 10_000_000),
        };
        ScenarioConfig {
            seed: 1,
            people,
            calls,
        }
    }

    /// Rough number of rows all files will hold, for progress bars.
    pub fn estimated_rows(&self) -> u64 {
        self.calls as u64 + self.people as u64 * 3
    }
}

/// One file of the scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceFile {
    /// File name inside the output directory.
    pub file: String,
    /// Its CSV mapping file, if it has one.
    pub mapping: Option<String>,
    /// `csv`, `jsonl` (raw, no importer) or `ftm` (FollowTheMoney entity lines).
    pub format: String,
    /// What kind of source it is.
    pub kind: String,
    /// Default 3x5x2 grading (persons.csv also grades row by row).
    pub grading: String,
    /// Data rows or lines.
    pub rows: u64,
    /// What it is, in a sentence.
    pub description: String,
}

/// What was generated: written as `manifest.json` and returned to the caller.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Generator name and version.
    pub generator: String,
    /// The configuration used.
    pub config: ScenarioConfig,
    /// First and last day of the period, ISO.
    pub period: (String, String),
    /// Source files, in the order to import them.
    pub sources: Vec<SourceFile>,
    /// Ground-truth files (never to be imported).
    pub truth: Vec<String>,
    /// Counts of true things: people by role, phones, handsets, crossings...
    pub counts: BTreeMap<String, u64>,
}

impl Manifest {
    /// Rows written across all source files.
    pub fn total_rows(&self) -> u64 {
        self.sources.iter().map(|s| s.rows).sum()
    }
}

/// An RNG for one phase: phases draw from separate streams, so the calls count does not
/// change the people, and adding a phase does not change the others.
fn rng(seed: u64, phase: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(phase);
    r
}

fn source(
    file: &str,
    format: &str,
    kind: &str,
    grading: &str,
    rows: u64,
    description: &str,
) -> SourceFile {
    let mapping = mappings::MAPPINGS
        .iter()
        .find(|m| m.0 == file)
        .map(|m| m.1.to_string());
    SourceFile {
        file: file.into(),
        mapping,
        format: format.into(),
        kind: kind.into(),
        grading: grading.into(),
        rows,
        description: description.into(),
    }
}

/// Generates a scenario into `out_dir` (created if missing). `progress` is called now and
/// then with the number of rows written so far.
pub fn generate(cfg: &ScenarioConfig, out_dir: &Path, progress: &dyn Fn(u64)) -> Result<Manifest> {
    anyhow::ensure!(
        cfg.people >= 100,
        "a scenario needs at least 100 people (got {})",
        cfg.people
    );
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    let pr = Progress::new(progress);
    let w = world::build(rng(cfg.seed, 1), cfg.people);
    let mut log = truth::TruthLog::default();
    let dir = out_dir;

    let persons = records::write_persons(
        &w,
        &mut rng(cfg.seed, 2),
        &dir.join("persons.csv"),
        &mut log,
        &pr,
    )?;
    let subs = records::write_subscribers(
        &w,
        &mut rng(cfg.seed, 3),
        &dir.join("subscribers.csv"),
        &mut log,
        &pr,
    )?;
    let social = social::write(&w, &mut rng(cfg.seed, 4), dir, &mut log, &pr)?;
    let posts = posts::write(&w, &mut rng(cfg.seed, 12), dir, &pr)?;
    let (transfers, hawala, mut links, natural) =
        money::write(&w, &mut rng(cfg.seed, 5), dir, &pr)?;
    let (purchases, crossings) = maritime::write(&w, &mut rng(cfg.seed, 6), dir, &mut links, &pr)?;
    let (bank, rates) =
        laundering::write(&w, &mut rng(cfg.seed, 9), dir, &natural, &mut links, &pr)?;
    links.flush()?;
    drop(links);
    let documents = documents::write_documents(
        &w,
        &mut rng(cfg.seed, 7),
        &dir.join("documents.csv"),
        &mut log,
        &pr,
    )?;
    let calls = calls::write(
        &w,
        &mut rng(cfg.seed, 8),
        &dir.join("cdr.csv"),
        cfg.calls as u64,
        &pr,
    )?;
    for (_, mapping, text) in mappings::MAPPINGS {
        writer::write_text(&dir.join(mapping), text)?;
    }

    let sources = vec![
        source(
            "cdr.csv",
            "csv",
            "cdr",
            "1A P",
            calls,
            "Call detail records of a French operator; start as dd/mm/yyyy hh:mm:ss.",
        ),
        source(
            "subscribers.csv",
            "csv",
            "subscribers",
            "2B P",
            subs,
            "Subscriber registers of local numbers, often in false or borrowed names.",
        ),
        source(
            "persons.csv",
            "csv",
            "persons",
            "2B P",
            persons,
            "Police, immigration and informant records of people, graded row by row; noisy duplicates.",
        ),
        source(
            "transfers.csv",
            "csv",
            "ledger",
            "1B P",
            transfers,
            "Money-transfer and bank ledger.",
        ),
        source(
            "hawala.csv",
            "csv",
            "hawala",
            "2C C",
            hawala,
            "Seized hawala ledger; dates dd-mm-yyyy; beneficiaries under nicknames.",
        ),
        source(
            "bank.csv",
            "csv",
            "ledger",
            "1B P",
            bank,
            "A bank's extract of account transfers (laundering typologies planted; see truth_money.csv).",
        ),
        source(
            "rates.csv",
            "csv",
            "rates",
            "1A P",
            rates,
            "Monthly exchange rates to EUR (date, currency, rate, base).",
        ),
        source(
            "accounts.csv",
            "csv",
            "social",
            "2B P",
            social.accounts,
            "Social-media accounts advertising crossings.",
        ),
        source(
            "adverts.ftm.jsonl",
            "ftm",
            "social",
            "2B P",
            social.entities,
            "Adverts, their accounts and phones as FollowTheMoney entities.",
        ),
        source(
            "adverts.jsonl",
            "jsonl",
            "social",
            "2B P",
            social.adverts,
            "The same adverts as scraped (raw JSON lines, for reading; import the .ftm.jsonl).",
        ),
        source(
            "posts.jsonl",
            "jsonl",
            "social",
            "2B P",
            posts.posts,
            "Labelled posts for advert detection (kingpin social classify/import/evaluate); labels in truth_posts.jsonl.",
        ),
        source(
            "purchases.csv",
            "csv",
            "purchases",
            "2B P",
            purchases,
            "Purchases of boats, engines, life jackets and fuel.",
        ),
        source(
            "crossings.csv",
            "csv",
            "crossings",
            "1B P",
            crossings,
            "Small-boat crossings reported by coastguards.",
        ),
        source(
            "documents.csv",
            "csv",
            "documents",
            "1A P",
            documents,
            "Passport checks with TD3 MRZ.",
        ),
    ];
    let mut counts = BTreeMap::new();
    for p in &w.people {
        *counts
            .entry(format!("people.{}", p.role.as_str()))
            .or_insert(0) += 1;
    }
    counts.insert("people".into(), w.people.len() as u64);
    counts.insert("phones".into(), w.phones.len() as u64);
    counts.insert("handsets".into(), w.device_model.len() as u64);
    counts.insert("networks".into(), w.networks.len() as u64);
    counts.insert("cells".into(), w.cells.len() as u64);
    counts.insert("crossings".into(), w.crossings.len() as u64);
    counts.insert("posts.adverts".into(), posts.adverts);
    let manifest = Manifest {
        generator: format!("kingpin-scenario {}", env!("CARGO_PKG_VERSION")),
        config: cfg.clone(),
        period: (dates::iso(w.start), dates::iso(w.start + w.days - 1)),
        sources,
        truth: [
            "truth.json",
            "truth_roles.csv",
            "truth_links.csv",
            "truth_posts.jsonl",
            "truth_money.csv",
        ]
        .map(String::from)
        .to_vec(),
        counts,
    };
    let header = serde_json::json!({"seed": cfg.seed, "people": cfg.people, "calls": cfg.calls,
        "period": [&manifest.period.0, &manifest.period.1]});
    truth::write(&w, &mut log, header, dir)?;
    writer::write_text(
        &dir.join("manifest.json"),
        &(serde_json::to_string_pretty(&manifest)? + "\n"),
    )?;
    pr.flush();
    Ok(manifest)
}
