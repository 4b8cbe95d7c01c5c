//! `kingpin social`: smugglers' adverts — classify posts, import them, evaluate the detector,
//! and drive the referral of accounts to the platforms.

use anyhow::Context;
use kingpin_social::evaluate::{self, HAND_DEV, HAND_TEST, Report, parse_labelled};
use kingpin_social::post::for_each_post;
use kingpin_social::{Classifier, classify::Scratch};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Subcommands of `kingpin social`.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Classify posts (JSON lines): one JSON result per post with id, is_advert, score,
    /// evidence spans, contacts in E.164, handles, price, route and vehicle.
    Classify(ClassifyArgs),
    /// Advert precision/recall/F1 per language and contact precision/recall (exact E.164) on
    /// the hand-written labelled sets (dev and held-out test) and on scenarios' labelled posts.
    Evaluate(EvaluateArgs),
}

/// Options of `kingpin social classify`.
#[derive(clap::Args, Debug)]
pub struct ClassifyArgs {
    /// Posts, one JSON object a line.
    posts: PathBuf,
    /// Write results here instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Only print adverts.
    #[arg(long)]
    adverts_only: bool,
}

/// Options of `kingpin social evaluate`.
#[derive(clap::Args, Debug)]
pub struct EvaluateArgs {
    /// Scenario directories (`kingpin scenario --out DIR`): their posts.jsonl and
    /// truth_posts.jsonl.
    #[arg(long)]
    scenario: Vec<PathBuf>,
    /// More labelled post files (JSON lines with lang, is_advert, phones).
    #[arg(long)]
    labelled: Vec<PathBuf>,
    /// Print every miss (wrong advert call or contact) after the tables.
    #[arg(long)]
    misses: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `kingpin social`.
pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Classify(a) => classify(a),
        Command::Evaluate(a) => evaluate_cmd(a),
    }
}

fn classify(a: ClassifyArgs) -> anyhow::Result<ExitCode> {
    let c = Classifier::new();
    let out: Box<dyn Write> = match &a.out {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let mut scratch = Scratch::default();
    let (mut n, mut adverts) = (0u64, 0u64);
    let mut io_err = None;
    for_each_post(&a.posts, &mut |p| {
        let r = c.classify_with(&p, &mut scratch);
        n += 1;
        adverts += r.is_advert as u64;
        if (r.is_advert || !a.adverts_only) && io_err.is_none() {
            let line = serde_json::to_string(&r).expect("serialisable");
            if let Err(e) = writeln!(out, "{line}") {
                io_err = Some(e);
            }
        }
        Ok(())
    })?;
    if let Some(e) = io_err {
        return Err(e.into());
    }
    out.flush()?;
    eprintln!("{n} posts, {adverts} adverts");
    Ok(ExitCode::SUCCESS)
}

fn evaluate_cmd(a: EvaluateArgs) -> anyhow::Result<ExitCode> {
    let c = Classifier::new();
    let mut reports: Vec<Report> = Vec::new();
    for dir in &a.scenario {
        let posts = dir.join("posts.jsonl");
        let set = kingpin_social::scenario::load(dir)
            .with_context(|| format!("reading labelled posts of {}", posts.display()))?;
        reports.push(evaluate::evaluate(
            &c,
            &format!("scenario {}", dir.display()),
            &set,
        ));
    }
    let dev = parse_labelled(HAND_DEV, "crates/social/data/labelled-dev.jsonl")?;
    reports.push(evaluate::evaluate(
        &c,
        "hand-written dev set (lexicon tuned on it)",
        &dev,
    ));
    let test = parse_labelled(HAND_TEST, "crates/social/data/labelled-test.jsonl")?;
    reports.push(evaluate::evaluate(
        &c,
        "hand-written held-out test set (not tuned on)",
        &test,
    ));
    for p in &a.labelled {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        let set = parse_labelled(&text, &p.display().to_string())?;
        reports.push(evaluate::evaluate(&c, &p.display().to_string(), &set));
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
        return Ok(ExitCode::SUCCESS);
    }
    for r in &reports {
        println!("{}", r.table());
    }
    if a.misses {
        for r in &reports {
            println!("misses in {}:", r.name);
            for m in &r.misses {
                println!(
                    "  {} [{} {}] {} score {:.3} features {:?} missed {:?} wrong {:?}",
                    m.id,
                    m.lang,
                    m.category,
                    m.what,
                    m.score,
                    m.features,
                    m.missed_contacts,
                    m.wrong_contacts
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
