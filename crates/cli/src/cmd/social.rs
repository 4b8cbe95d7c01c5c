//! `kingpin social`: smugglers' adverts — classify posts, import them, evaluate the detector,
//! and drive the referral of accounts to the platforms.

use super::common::{DbArgs, actor};
use anyhow::Context;
use kingpin_social::evaluate::{self, HAND_DEV, HAND_TEST, Report, parse_labelled};
use kingpin_social::post::for_each_post;
use kingpin_social::referral::{self, Act, State};
use kingpin_social::{Classifier, classify::Scratch};
use kingpin_social::{ingest, metrics};
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
    /// Import posts (JSON lines) into the database: accounts, adverts (or posts) and the
    /// phones of their contacts, in one audited transaction.
    Import(ImportArgs),
    /// The takedown referral lifecycle: identify → capture → refer → removed/declined →
    /// reappeared.
    #[command(subcommand)]
    Referral(ReferralCommand),
    /// Referrals and removals per month, time to removal, re-appearance rate, accounts per
    /// network.
    Metrics(MetricsArgs),
}

/// Options of `kingpin social import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Posts, one JSON object a line.
    posts: PathBuf,
    /// Grading of the source (3x5x2), e.g. "2B P".
    #[arg(long, default_value = "2B P")]
    grading: String,
    /// Agency owning the posts (default: the agency acted for, `kingpin --agency`).
    #[arg(long)]
    agency: Option<String>,
    /// Agencies the posts are released to besides the owner, comma-separated (`*`: all); by
    /// default none (owner only).
    #[arg(long, value_delimiter = ',')]
    releasable_to: Vec<String>,
}

/// Options of `kingpin social metrics`.
#[derive(clap::Args, Debug)]
pub struct MetricsArgs {
    #[command(flatten)]
    db: DbArgs,
}

/// Referral subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum ReferralCommand {
    /// Open a referral for every advertising account that has none.
    Identify(RefArgs),
    /// Capture the evidence (adverts' text, time, URL, SHA-256) of referrals: one id, or
    /// every identified referral.
    Capture {
        #[command(flatten)]
        r: RefArgs,
        /// Referral id (default: all identified).
        id: Option<i64>,
    },
    /// Refer every referral with captured evidence on a platform as one batch, written as
    /// CSV or JSON for the platform's law-enforcement channel.
    Refer {
        #[command(flatten)]
        r: RefArgs,
        /// Platform (facebook, tiktok, telegram, instagram...).
        #[arg(long)]
        platform: String,
        /// Batch file to write (.csv or .json).
        #[arg(long)]
        out: PathBuf,
        /// Reason given to the platform.
        #[arg(
            long,
            default_value = "Advertising illegal Channel crossings (facilitation of illegal immigration)"
        )]
        reason: String,
    },
    /// Record the platform's answer: removed or declined.
    Outcome {
        #[command(flatten)]
        r: RefArgs,
        /// Referral id.
        id: i64,
        /// removed or declined.
        outcome: String,
    },
    /// Find removed accounts that came back (same phone, media hash or handle pattern).
    Reappear(RefArgs),
    /// List referrals, optionally in one state.
    List {
        #[command(flatten)]
        r: RefArgs,
        /// Only this state.
        #[arg(long)]
        state: Option<String>,
    },
}

/// Options every referral command takes.
#[derive(clap::Args, Debug)]
pub struct RefArgs {
    #[command(flatten)]
    db: DbArgs,
    /// When it happened (ISO 8601; default now): platforms answer later than they act.
    #[arg(long)]
    at: Option<String>,
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
        Command::Import(a) => import(a),
        Command::Referral(c) => referral_cmd(c),
        Command::Metrics(a) => {
            let store = a.db.open()?;
            let m = metrics::metrics(&store)?;
            println!("{}", serde_json::to_string_pretty(&m)?);
            Ok(ExitCode::SUCCESS)
        }
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

fn import(a: ImportArgs) -> anyhow::Result<ExitCode> {
    let grading: kingpin_model::Grading = a
        .grading
        .parse()
        .map_err(|e| anyhow::anyhow!("--grading: {e}"))?;
    let mut store = a.db.open()?;
    store.set_handling(super::common::handling(
        a.agency.as_deref(),
        &a.releasable_to,
        None,
    ));
    let entry = kingpin_store::AuditEntry {
        who: actor(),
        action: "social.import".into(),
        target: a.posts.display().to_string(),
        detail: serde_json::json!({}),
    };
    let s = ingest::import(&mut store, &a.posts, grading, Some(entry))?;
    println!(
        "{} posts, {} adverts, {} phones linked; source {} ({} statements)",
        s.posts, s.adverts, s.phones, s.source.name, s.source.statements
    );
    Ok(ExitCode::SUCCESS)
}

fn now(at: &Option<String>) -> String {
    at.clone().unwrap_or_else(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let (d, s) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        // Civil date from days since 1970 (Howard Hinnant's algorithm).
        let z = d + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + (month <= 2) as i64;
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            s / 3600,
            s / 60 % 60,
            s % 60
        )
    })
}

fn referral_cmd(c: ReferralCommand) -> anyhow::Result<ExitCode> {
    let who = actor();
    match c {
        ReferralCommand::Identify(r) => {
            let store = r.db.open()?;
            let at = now(&r.at);
            let ids = referral::identify(&store, &Act { who: &who, at: &at })?;
            println!("{} new referrals identified", ids.len());
        }
        ReferralCommand::Capture { r, id } => {
            let store = r.db.open()?;
            let at = now(&r.at);
            let act = Act { who: &who, at: &at };
            let ids = match id {
                Some(id) => vec![id],
                None => referral::list(store.connection(), Some(State::Identified))?
                    .into_iter()
                    .map(|r| r.id)
                    .collect(),
            };
            for id in ids {
                let n = referral::capture(&store, id, &act)?;
                println!("referral {id}: {n} adverts captured");
            }
        }
        ReferralCommand::Refer {
            r,
            platform,
            out,
            reason,
        } => {
            let store = r.db.open()?;
            let at = now(&r.at);
            let batch = format!("{platform}-{}", at.replace([':', '-'], ""));
            let items = referral::refer_batch(
                store.connection(),
                &platform,
                &batch,
                &reason,
                &Act { who: &who, at: &at },
            )?;
            let f = std::fs::File::create(&out)
                .with_context(|| format!("creating {}", out.display()))?;
            if out.extension().is_some_and(|e| e == "json") {
                serde_json::to_writer_pretty(
                    f,
                    &serde_json::json!({"batch": batch, "platform": platform, "referred_at": at, "accounts": items}),
                )?;
            } else {
                referral::batch_csv(&items, f)?;
            }
            println!(
                "batch {batch}: {} accounts referred, written to {}",
                items.len(),
                out.display()
            );
        }
        ReferralCommand::Outcome { r, id, outcome } => {
            let to = match outcome.as_str() {
                "removed" => State::Removed,
                "declined" => State::Declined,
                other => anyhow::bail!("outcome must be removed or declined, not {other:?}"),
            };
            let store = r.db.open()?;
            let at = now(&r.at);
            let tx = store.connection().unchecked_transaction()?;
            let rf = referral::transition(
                &tx,
                id,
                to,
                &Act { who: &who, at: &at },
                serde_json::json!({}),
            )?;
            tx.commit()?;
            println!(
                "referral {id} ({}/{}): {}",
                rf.platform,
                rf.handle,
                rf.state.as_str()
            );
        }
        ReferralCommand::Reappear(r) => {
            let store = r.db.open()?;
            let at = now(&r.at);
            let pairs = referral::detect_reappearances(&store, &Act { who: &who, at: &at })?;
            for (old, new) in &pairs {
                let o = referral::get(store.connection(), *old)?;
                let n = referral::get(store.connection(), *new)?;
                println!(
                    "referral {old} {}/{} reappeared as referral {new} {}/{} ({})",
                    o.platform,
                    o.handle,
                    n.platform,
                    n.handle,
                    o.link.unwrap_or_default()
                );
            }
            println!("{} re-appearances", pairs.len());
        }
        ReferralCommand::List { r, state } => {
            let store = r.db.open()?;
            let state = match state {
                Some(s) => Some(State::parse(&s).with_context(|| format!("no state {s:?}"))?),
                None => None,
            };
            for rf in referral::list(store.connection(), state)? {
                println!("{}", serde_json::to_string(&rf)?);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
