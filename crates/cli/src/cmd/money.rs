//! `kingpin money`: trace money forward or backward from a person, account or payment, scan
//! for laundering typologies, and score the detectors against a scenario's ground truth.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use kingpin_graph::project::parse_epoch;
use kingpin_money::output::{AlertView, alert_view, report, sankey, write_csv};
use kingpin_money::{
    Alert, Direction, Ledger, LoadOptions, Method, Params, TraceOptions, Typology,
};
use kingpin_scenario::{ScenarioConfig, Size, generate};
use kingpin_store::SqliteStore;

use super::graph::{import_scenario, resolved_identities};

/// Money subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Follow money forward (where did it go?) or backward (where did it come from?).
    Trace(TraceArgs),
    /// Scan every payment for laundering typologies, with the evidence of each alert.
    Patterns(PatternArgs),
    /// Precision and recall of each typology detector against generated scenarios' truth.
    Evaluate(EvaluateArgs),
}

/// Where the ledger comes from.
#[derive(clap::Args, Debug, Clone)]
pub struct LedgerArgs {
    /// The Kingpin database file (SQLite).
    #[arg(long, env = "KINGPIN_DB", default_value = "kingpin.db")]
    db: PathBuf,
    /// Report in this currency (default: the imported rates' base currency).
    #[arg(long)]
    currency: Option<String>,
    /// Ignore records graded below this 3x5x2 grading (e.g. 2B).
    #[arg(long)]
    min_grading: Option<String>,
    /// Fold records resolved as one person (latest `kingpin resolve` run) into one party.
    #[arg(long)]
    resolved: bool,
}

fn spinner(msg: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("valid template"),
    );
    bar.set_message(msg.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

impl LedgerArgs {
    fn load(&self) -> anyhow::Result<Ledger> {
        anyhow::ensure!(
            self.db.is_file(),
            "{} does not exist (import some ledgers first, or run kingpin demo)",
            self.db.display()
        );
        let store = SqliteStore::open(&self.db)
            .with_context(|| format!("opening {}", self.db.display()))?;
        let mut o = LoadOptions {
            currency: self.currency.clone(),
            ..Default::default()
        };
        if let Some(g) = &self.min_grading {
            let full = if g.trim().len() == 2 {
                format!("{g}P")
            } else {
                g.clone()
            };
            o.project.min_grading =
                Some(full.parse().with_context(|| format!("--min-grading {g}"))?);
        }
        if self.resolved {
            o.project.identities = Some(resolved_identities(&store)?);
        }
        load_ledger(&store, &o)
    }
}

fn load_ledger(store: &SqliteStore, o: &LoadOptions) -> anyhow::Result<Ledger> {
    let bar = spinner("reading payments");
    let (l, s) = kingpin_money::load(store, o)?;
    bar.finish_and_clear();
    eprintln!(
        "ledger: {} payments between {} parties in {} ({} rates; {} incomplete, {} within one party) in {:.2}s",
        s.payments,
        s.parties,
        l.currency
            .as_deref()
            .unwrap_or("mixed currencies: import a rate table"),
        s.rates,
        s.incomplete,
        s.self_payments,
        s.seconds
    );
    for (c, n) in &s.unconverted {
        eprintln!("warning: {n} payments in {c:?} left out: no rate for that currency");
    }
    Ok(l)
}

/// Options of `kingpin money trace`.
#[derive(clap::Args, Debug)]
pub struct TraceArgs {
    #[command(flatten)]
    ledger: LedgerArgs,
    /// A person or organisation (id or name), an account or phone (its holder or user), or a
    /// payment (its transaction number or id).
    what: String,
    /// Where the money went (the default).
    #[arg(long, conflicts_with = "backward")]
    forward: bool,
    /// Where the money came from.
    #[arg(long)]
    backward: bool,
    /// Most payments in a chain.
    #[arg(long, default_value_t = 3)]
    hops: u8,
    /// Oldest money leaves first (the default).
    #[arg(long, conflicts_with = "proportional")]
    fifo: bool,
    /// Each payment out takes the same share of every amount held.
    #[arg(long)]
    proportional: bool,
    /// Only starting payments on or after this day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Only starting payments before this day.
    #[arg(long)]
    until: Option<String>,
    /// Output JSON (flows, holders).
    #[arg(long, group = "format")]
    json: bool,
    /// Output the flows as CSV.
    #[arg(long, group = "format")]
    csv: bool,
    /// Output a Sankey diagram's nodes and links as JSON.
    #[arg(long, group = "format")]
    sankey: bool,
    /// Rows shown per table in text output.
    #[arg(long, default_value_t = 15)]
    top: usize,
}

fn date(s: &Option<String>, what: &str) -> anyhow::Result<Option<i64>> {
    s.as_deref()
        .map(|d| parse_epoch(d).with_context(|| format!("--{what} {d}: expected YYYY-MM-DD")))
        .transpose()
}

/// Runs `kingpin money trace`.
pub fn trace_cmd(a: TraceArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(a.hops >= 1, "--hops must be at least 1");
    let l = a.ledger.load()?;
    let (start, label) = kingpin_money::find_start(&l, &a.what)?;
    let o = TraceOptions {
        direction: if a.backward {
            Direction::Backward
        } else {
            Direction::Forward
        },
        hops: a.hops,
        method: if a.proportional {
            Method::Proportional
        } else {
            Method::Fifo
        },
        since: date(&a.since, "since")?,
        until: date(&a.until, "until")?,
    };
    let bar = spinner("tracing");
    let started = Instant::now();
    let tr = kingpin_money::trace(&l, start, &o);
    let r = report(&l, &tr, &label);
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    if a.json {
        serde_json::to_writer_pretty(&mut out, &r)?;
        writeln!(out)?;
    } else if a.sankey {
        serde_json::to_writer_pretty(&mut out, &sankey(&r))?;
        writeln!(out)?;
    } else if a.csv {
        write_csv(&r, &mut out)?;
    } else {
        let cur = r.currency.as_deref().unwrap_or("(mixed currencies)");
        writeln!(
            out,
            "{} trace from {}: {:.2} {cur}, {} hops, {:?}; {} payments carried traced money ({:.3}s)",
            if o.direction == Direction::Forward {
                "forward"
            } else {
                "backward"
            },
            r.start,
            r.total,
            r.hops,
            r.method,
            tr.carried.len(),
            started.elapsed().as_secs_f64()
        )?;
        writeln!(
            out,
            "\nflows (hop, from → to, amount, payments, dates, refs):"
        )?;
        for f in r.flows.iter().take(a.top) {
            writeln!(
                out,
                "  {} {} → {}  {:.2}  {}  {}..{}  {}",
                f.hop,
                f.from_name,
                f.to_name,
                f.amount,
                f.payments,
                f.first,
                f.last,
                f.refs.join(" ")
            )?;
        }
        if r.flows.len() > a.top {
            writeln!(
                out,
                "  … {} more (--top, or --csv for all)",
                r.flows.len() - a.top
            )?;
        }
        let what = if o.direction == Direction::Forward {
            "final holders"
        } else {
            "origins"
        };
        writeln!(out, "\n{what}:")?;
        for h in r.holders.iter().take(a.top) {
            writeln!(out, "  {:>14.2}  {} [{}]", h.amount, h.name, h.id)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Detector thresholds shared by `patterns` and `evaluate`.
#[derive(clap::Args, Debug, Clone)]
pub struct ParamArgs {
    /// Time window of a pattern, in days.
    #[arg(long, default_value_t = 30)]
    window_days: i64,
    /// The reporting threshold, in the ledger's currency.
    #[arg(long, default_value_t = 10_000.0)]
    threshold: f64,
    /// Fewest distinct counterparties of a fan-in, fan-out or gather-scatter.
    #[arg(long, default_value_t = 5)]
    fan_min: usize,
    /// Pass-through: most days money stays.
    #[arg(long, default_value_t = 3)]
    hold_days: i64,
}

impl ParamArgs {
    fn params(&self) -> Params {
        Params {
            window_days: self.window_days,
            threshold: self.threshold,
            fan_min: self.fan_min,
            hold_days: self.hold_days,
            ..Params::default()
        }
    }
}

fn scan_with_bar(l: &Ledger, p: &Params) -> Vec<Alert> {
    let bar = ProgressBar::new(Typology::ALL.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg:24} [{bar:30}] {pos}/{len} typologies {elapsed}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message("scanning");
    let alerts = kingpin_money::scan(l, p, |t, n| {
        bar.set_message(format!("{}: {n}", t.as_str()));
        bar.inc(1);
    });
    bar.finish_and_clear();
    alerts
}

/// Options of `kingpin money patterns`.
#[derive(clap::Args, Debug)]
pub struct PatternArgs {
    #[command(flatten)]
    ledger: LedgerArgs,
    #[command(flatten)]
    params: ParamArgs,
    /// Only these typologies (comma-separated: fan-in, fan-out, cycle, scatter-gather,
    /// gather-scatter, structuring, pass-through, hawala-settlement).
    #[arg(long, value_delimiter = ',')]
    typology: Vec<String>,
    /// Output JSON: every alert with its parties and payments.
    #[arg(long)]
    json: bool,
    /// Alerts shown per typology in text output.
    #[arg(long, default_value_t = 10)]
    top: usize,
}

/// Runs `kingpin money patterns`.
pub fn patterns_cmd(a: PatternArgs) -> anyhow::Result<ExitCode> {
    let l = a.ledger.load()?;
    let mut wanted = Vec::new();
    for t in &a.typology {
        wanted.push(
            Typology::parse(t.trim())
                .with_context(|| format!("--typology: unknown typology {t}"))?,
        );
    }
    let p = a.params.params();
    let started = Instant::now();
    let mut alerts = scan_with_bar(&l, &p);
    if !wanted.is_empty() {
        alerts.retain(|x| wanted.contains(&x.typology));
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let v: Vec<AlertView> = alerts.iter().map(|x| alert_view(&l, x)).collect();
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} alerts in {:.2}s ({}):",
        alerts.len(),
        started.elapsed().as_secs_f64(),
        l.currency.as_deref().unwrap_or("mixed currencies")
    )?;
    for t in Typology::ALL {
        let mut these: Vec<&Alert> = alerts.iter().filter(|x| x.typology == t).collect();
        if these.is_empty() {
            continue;
        }
        these.sort_by(|x, y| y.amount.total_cmp(&x.amount));
        writeln!(out, "\n{} ({}):", t.as_str(), these.len())?;
        for x in these.iter().take(a.top) {
            let (first, last) = x.dates(&l);
            let refs: Vec<String> = x.payments.iter().take(6).map(|&i| l.reference(i)).collect();
            writeln!(out, "  {}  [{first}..{last}]", x.summary)?;
            writeln!(
                out,
                "      payments: {}{}",
                refs.join(" "),
                if x.payments.len() > 6 {
                    format!(" … ({} in all)", x.payments.len())
                } else {
                    String::new()
                }
            )?;
        }
        if these.len() > a.top {
            writeln!(out, "  … {} more (--top, or --json)", these.len() - a.top)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Options of `kingpin money evaluate`.
#[derive(clap::Args, Debug)]
pub struct EvaluateArgs {
    /// Scenarios to generate and score, as size:seed (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "tiny:1,small:1,small:2")]
    scenarios: Vec<String>,
    /// Score an existing scenario directory instead (from `kingpin scenario`).
    #[arg(long)]
    dir: Option<PathBuf>,
    #[command(flatten)]
    params: ParamArgs,
    /// Output JSON.
    #[arg(long)]
    json: bool,
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |v| format!("{v:.3}"))
}

/// Runs `kingpin money evaluate`.
pub fn evaluate_cmd(a: EvaluateArgs) -> anyhow::Result<ExitCode> {
    let p = a.params.params();
    let mut runs: Vec<(String, PathBuf, Option<tempfile::TempDir>)> = Vec::new();
    if let Some(d) = &a.dir {
        runs.push((d.display().to_string(), d.clone(), None));
    } else {
        for spec in &a.scenarios {
            let (size, seed) = spec.split_once(':').unwrap_or((spec, "1"));
            let mut cfg = ScenarioConfig::preset(size.parse::<Size>()?);
            cfg.seed = seed.parse().with_context(|| format!("{spec}: seed"))?;
            let tmp = tempfile::tempdir()?;
            let bar = spinner(&format!("generating {spec}"));
            generate(&cfg, tmp.path(), &|_| {})?;
            bar.finish_and_clear();
            runs.push((
                format!("{size} seed {seed}"),
                tmp.path().to_path_buf(),
                Some(tmp),
            ));
        }
    }
    let mut all = Vec::new();
    let mut out = std::io::stdout().lock();
    for (name, dir, _keep) in &runs {
        let truth = kingpin_money::eval::read_truth(dir)?;
        let db_dir = tempfile::tempdir()?;
        let mut store = SqliteStore::open(db_dir.path().join("kingpin.db"))?;
        let bar = spinner(&format!("importing {name}"));
        import_scenario(dir, &mut store)?;
        bar.finish_and_clear();
        let l = load_ledger(&store, &LoadOptions::default())?;
        let alerts = scan_with_bar(&l, &p);
        let scores = kingpin_money::eval::evaluate(&l, &alerts, &truth);
        if !a.json {
            writeln!(
                out,
                "\nscenario {name}: {} payments, {} alerts",
                l.txs.len(),
                alerts.len()
            )?;
            writeln!(
                out,
                "| typology | true cases (planted) | alerts | correct | found (planted) | precision | recall |"
            )?;
            writeln!(out, "|---|---|---|---|---|---|---|")?;
            for s in &scores {
                writeln!(
                    out,
                    "| {} | {} ({}) | {} | {} | {} ({}) | {} | {} |",
                    s.typology.as_str(),
                    s.cases,
                    s.planted,
                    s.alerts,
                    s.correct,
                    s.found,
                    s.planted_found,
                    fmt_opt(s.precision),
                    fmt_opt(s.recall)
                )?;
            }
        }
        all.push(serde_json::json!({"scenario": name, "payments": l.txs.len(), "scores": scores}));
    }
    if a.json {
        serde_json::to_writer_pretty(&mut out, &all)?;
        writeln!(out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs a money subcommand.
pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Trace(a) => trace_cmd(a),
        Command::Patterns(a) => patterns_cmd(a),
        Command::Evaluate(a) => evaluate_cmd(a),
    }
}
