//! `kingpin resolve`: link the records of one person across sources, explain each link and
//! record analysts' decisions. Source records are never changed.

use super::common::DbArgs;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use kingpin_resolve::decisions::{self, RunInfo, Verdict};
use kingpin_resolve::evaluate::{Evaluation, evaluate};
use kingpin_resolve::handsets::{Handsets, load_handsets};
use kingpin_resolve::record::load_persons;
use kingpin_resolve::truth::scenario_identities;
use kingpin_resolve::{Outcome, Settings, compare::COMPARISONS, resolve, resolve_with};
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `kingpin resolve`.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    #[command(flatten)]
    run: RunArgs,
}

/// Subcommands of `kingpin resolve`.
#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Record an analyst's decision on two records: same person, different people, or undo.
    Decide {
        #[command(flatten)]
        db: DbArgs,
        /// First entity id.
        a: String,
        /// Second entity id.
        b: String,
        /// same, different or undo.
        verdict: String,
        /// Who decides.
        #[arg(long, env = "USER", default_value = "analyst")]
        by: String,
        /// Why.
        #[arg(long)]
        note: Option<String>,
    },
    /// Resolve person records in one CSV file (dedupe) or across two (link), without a store:
    /// columns mapped with --map field=col[+col…]; writes pairs.csv and clusters.csv.
    Csv {
        /// One file (dedupe) or two (link).
        #[arg(required = true, num_args = 1..=2)]
        files: Vec<PathBuf>,
        /// Column mapping, repeatable: id=COL, name=COL[+COL…] (repeat for more names),
        /// given= and family= (compared apart), dob=, phone=, document=, nationality=,
        /// country=, gender=, address=, town=, postcode=, truth= (evaluation only).
        #[arg(long = "map", required = true)]
        map: Vec<String>,
        /// Directory for pairs.csv and clusters.csv.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Link pairs whose match probability is at least this.
        #[arg(long, default_value_t = 0.95)]
        threshold: f64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Explain how two records compare (the waterfall of match weights).
    Explain {
        #[command(flatten)]
        run: RunArgs,
        /// First entity id.
        a: String,
        /// Second entity id.
        b: String,
    },
}

/// Options of a resolution run.
#[derive(clap::Args, Debug)]
struct RunArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Link pairs whose match probability is at least this.
    #[arg(long, default_value_t = 0.95)]
    threshold: f64,
    /// Explain two records by id instead of printing samples.
    #[arg(long, num_args = 2, value_names = ["ID1", "ID2"])]
    explain: Option<Vec<String>>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Ground truth of a `kingpin scenario` directory (its truth.json): report precision,
    /// recall and F1 of pairs and clusters.
    #[arg(long, value_name = "TRUTH")]
    evaluate: Option<PathBuf>,
    /// Do not store the result (a dry run).
    #[arg(long)]
    no_write: bool,
    /// Also write the person records as CSV (one row each, multi-valued fields joined with
    /// `;`, a `truth` column from --evaluate), for other tools to resolve the same records.
    #[arg(long, value_name = "FILE")]
    export_csv: Option<PathBuf>,
    /// Blocks larger than this are skipped.
    #[arg(long, default_value_t = 400)]
    max_block: usize,
    /// Let EM refit u on the training pairs instead of keeping the random-pair estimate.
    #[arg(long)]
    refit_u: bool,
    /// Explained pairs to print.
    #[arg(long, default_value_t = 3)]
    sample: usize,
    /// Turn off the term-frequency adjustment of name weights.
    #[arg(long)]
    no_term_frequency: bool,
    /// Ignore which phones were used in one handset (call records' IMEIs).
    #[arg(long)]
    no_handsets: bool,
    /// Infer missing genders from given names (the records stating one are the table).
    #[arg(long)]
    infer_gender: bool,
}

/// Runs `kingpin resolve`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    match a.action {
        Some(Action::Decide {
            db,
            a,
            b,
            verdict,
            by,
            note,
        }) => decide(&db, &a, &b, &verdict, &by, note.as_deref()),
        Some(Action::Csv {
            files,
            map,
            out,
            threshold,
            json,
        }) => run_csv(&files, &map, out.as_deref(), threshold, json),
        Some(Action::Explain { mut run, a, b }) => {
            run.explain = Some(vec![a, b]);
            run.no_write = true;
            run_linkage(run)
        }
        None => run_linkage(a.run),
    }
}

fn decide(
    db: &DbArgs,
    a: &str,
    b: &str,
    verdict: &str,
    by: &str,
    note: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let v = match verdict {
        "same" => Some(Verdict::Same),
        "different" => Some(Verdict::Different),
        "undo" => None,
        other => anyhow::bail!("verdict must be same, different or undo, not {other:?}"),
    };
    let store = db.open()?;
    use kingpin_store::Store;
    for id in [a, b] {
        anyhow::ensure!(store.entity(id)?.is_some(), "no entity {id}");
    }
    let tx = store.connection().unchecked_transaction()?; // the decision and its audit record commit together
    decisions::record_decision(&tx, a, b, v, by, note)?;
    let detail = serde_json::json!({ "a": a, "b": b, "verdict": verdict, "by": by, "note": note });
    super::common::audit(&tx, "resolve.decide", &format!("{a} {b}"), detail)?;
    tx.commit()?;
    println!("recorded: {a} {b} {verdict} (by {by}); it applies from the next `kingpin resolve`");
    Ok(ExitCode::SUCCESS)
}

/// Stores an outcome as a new run; returns its number.
fn store_run(conn: &rusqlite::Connection, out: &Outcome) -> anyhow::Result<i64> {
    let info = RunInfo {
        records: out.records.len(),
        pairs: out.pairs.len(),
        clusters: out.groups().len(),
        threshold: out.settings.threshold,
        params: serde_json::to_string(
            &serde_json::json!({"params": out.params, "settings": out.settings}),
        )?,
    };
    Ok(decisions::write_run(conn, &info, &out.assignments())?)
}

/// Resolves the store's person records with default settings and the analysts' decisions
/// and stores the run (what `kingpin demo` does before ranking). Returns (records, identities
/// of two or more records, records in them).
pub fn resolve_and_store(
    store: &kingpin_store::SqliteStore,
) -> anyhow::Result<(usize, usize, usize)> {
    let conn = store.connection();
    let raw = load_persons(store)?;
    let handsets = load_handsets(store)?;
    let decided = decisions::decisions(conn)?;
    let out = resolve_with(&raw, &handsets, &decided, &Settings::default(), &|_| {});
    store_run(conn, &out)?;
    let groups = out.groups();
    Ok((
        out.records.len(),
        groups.len(),
        groups.iter().map(Vec::len).sum(),
    ))
}

fn run_linkage(a: RunArgs) -> anyhow::Result<ExitCode> {
    let store = a.db.open()?;
    let conn = store.connection();
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar.set_message("reading person records");
    let raw = load_persons(&store)?;
    let handsets = if a.no_handsets {
        Handsets::default()
    } else {
        bar.set_message("reading handsets from call records");
        load_handsets(&store)?
    };
    if let Some(path) = &a.export_csv {
        export_csv(path, &raw, a.evaluate.as_deref())?;
    }
    let decided = decisions::decisions(conn)?;
    let mut settings = Settings {
        threshold: a.threshold,
        ..Settings::default()
    };
    settings.block.max_block = a.max_block;
    settings.train.fix_u = !a.refit_u;
    settings.term_frequency = !a.no_term_frequency;
    settings.infer_gender = a.infer_gender;
    let out = resolve_with(&raw, &handsets, &decided, &settings, &|stage| {
        bar.set_message(stage.to_string())
    });
    bar.finish_and_clear();

    if let Some(ids) = &a.explain {
        let e = out
            .explain(&ids[0], &ids[1])
            .with_context(|| format!("no person record {} or {}", ids[0], ids[1]))?;
        if a.json {
            println!("{}", serde_json::to_string_pretty(&e)?);
        } else {
            println!("{e}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let groups = out.groups();
    let evaluation = match &a.evaluate {
        Some(t) => Some(evaluate_against(&out, t)?),
        None => None,
    };
    let run = if a.no_write {
        None
    } else {
        Some(store_run(conn, &out)?)
    };
    if a.json {
        let clusters: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|&i| out.records[i as usize].id.as_str())
                    .collect()
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "records": out.records.len(),
                "pairs": out.pairs.len(),
                "skipped_blocks": out.skipped_blocks,
                "linked": out.linked,
                "refused": out.clusters.refused,
                "params": out.params,
                "timings": out.timings,
                "clusters": clusters,
                "evaluation": evaluation,
                "run": run,
            }))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    print_summary(&out, &groups, a.sample);
    if let Some(e) = &evaluation {
        print_evaluation(e);
    }
    match run {
        Some(r) => println!("\nstored as run {r} in table `resolution` (source records untouched)"),
        None => println!("\nnot stored (--no-write)"),
    }
    Ok(ExitCode::SUCCESS)
}

fn run_csv(
    files: &[PathBuf],
    map: &[String],
    out_dir: Option<&std::path::Path>,
    threshold: f64,
    json: bool,
) -> anyhow::Result<ExitCode> {
    use kingpin_resolve::csvinput::{Mapping, read_csv};
    let mapping = Mapping::parse(map).map_err(|e| anyhow::anyhow!(e))?;
    let mut raw = Vec::new();
    let mut truth = Vec::new();
    let mut file_of = Vec::new();
    let link = files.len() == 2;
    for (k, f) in files.iter().enumerate() {
        let tag = if link {
            format!("{}:", k + 1)
        } else {
            String::new()
        };
        let (r, t) =
            read_csv(f, &mapping, &tag).with_context(|| format!("reading {}", f.display()))?;
        file_of.extend(std::iter::repeat_n(k, r.len()));
        raw.extend(r);
        truth.extend(t);
    }
    let settings = Settings {
        threshold,
        ..Settings::default()
    };
    let clock = std::time::Instant::now();
    let out = resolve(&raw, &[], &settings, &|_| {});
    let secs = clock.elapsed().as_secs_f64();
    // Linking two files resolves their union; the pairs written are those across the files.
    let linked: Vec<usize> = (0..out.pairs.len())
        .filter(|&i| {
            let (a, b) = out.pairs[i];
            kingpin_resolve::em::probability(out.weights[i]) >= threshold
                && (!link || file_of[a as usize] != file_of[b as usize])
        })
        .collect();
    if let Some(dir) = out_dir {
        std::fs::create_dir_all(dir)?;
        let mut w = csv::Writer::from_path(dir.join("pairs.csv"))?;
        w.write_record(["id_a", "id_b", "match_weight", "match_probability"])?;
        for &i in &linked {
            let (a, b) = out.pairs[i];
            w.write_record([
                out.records[a as usize].id.as_str(),
                out.records[b as usize].id.as_str(),
                &format!("{:.4}", out.weights[i]),
                &format!("{:.6}", kingpin_resolve::em::probability(out.weights[i])),
            ])?;
        }
        w.flush()?;
        let mut w = csv::Writer::from_path(dir.join("clusters.csv"))?;
        w.write_record(["id", "cluster"])?;
        for (r, c) in out.records.iter().zip(&out.clusters.cluster) {
            w.write_record([r.id.as_str(), &out.records[*c as usize].id])?;
        }
        w.flush()?;
    }
    let evaluation = truth
        .iter()
        .any(Option::is_some)
        .then(|| evaluate(&out.clusters.cluster, &truth));
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "records": out.records.len(),
                "pairs": out.pairs.len(),
                "linked": linked.len(),
                "clusters": out.groups().len(),
                "seconds": secs,
                "timings": out.timings,
                "evaluation": evaluation,
            }))?
        );
    } else {
        println!(
            "{} records from {} file(s), {} candidate pairs, {} linked, {} identities of 2+ records, {:.2}s",
            out.records.len(),
            files.len(),
            out.pairs.len(),
            linked.len(),
            out.groups().len(),
            secs
        );
        if let Some(e) = &evaluation {
            print_evaluation(e);
        }
        if let Some(d) = out_dir {
            println!("wrote {0}/pairs.csv and {0}/clusters.csv", d.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes raw person records as CSV with their true identity (when a truth file is given).
fn export_csv(
    path: &std::path::Path,
    raw: &[kingpin_resolve::record::RawPerson],
    truth: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let ids = match truth {
        Some(t) => scenario_identities(t).with_context(|| format!("reading {}", t.display()))?,
        None => Default::default(),
    };
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?;
    w.write_record([
        "id",
        "name",
        "names",
        "birth_date",
        "phone",
        "phones",
        "document",
        "nationality",
        "country",
        "gender",
        "truth",
    ])?;
    let first = |v: &[String]| v.first().cloned().unwrap_or_default();
    for r in raw {
        w.write_record([
            r.id.as_str(),
            &first(&r.names),
            &r.names.join(";"),
            &first(&r.birth_dates),
            &first(&r.phones),
            &r.phones.join(";"),
            &first(&r.documents),
            &first(&r.nationalities),
            &first(&r.countries),
            &first(&r.genders),
            ids.get(&r.id).map_or("", String::as_str),
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn evaluate_against(out: &Outcome, truth: &std::path::Path) -> anyhow::Result<Evaluation> {
    let ids = scenario_identities(truth).with_context(|| format!("reading {}", truth.display()))?;
    let labels: Vec<Option<&str>> = out
        .records
        .iter()
        .map(|r| ids.get(&r.id).map(String::as_str))
        .collect();
    Ok(evaluate(&out.clusters.cluster, &labels))
}

fn print_summary(out: &Outcome, groups: &[Vec<u32>], sample: usize) {
    let t = &out.timings;
    let in_groups: usize = groups.iter().map(Vec::len).sum();
    println!(
        "{} person records, {} candidate pairs ({} oversized blocks skipped), {} linked at p >= {}",
        out.records.len(),
        out.pairs.len(),
        out.skipped_blocks,
        out.linked,
        out.settings.threshold
    );
    println!(
        "{} identities of 2+ records cover {} records; {} singletons; {} merges refused by the guard; {} analyst decisions applied",
        groups.len(),
        in_groups,
        out.records.len() - in_groups,
        out.clusters.refused,
        out.decisions.len()
    );
    println!(
        "time: normalise {:.2}s, block {:.2}s, compare {:.2}s, train {:.2}s ({} EM iterations), cluster {:.2}s",
        t.normalise, t.block, t.compare, t.train, out.params.iterations, t.cluster
    );
    println!("\nmodel (prior lambda = {:.4}):", out.params.lambda);
    for (c, cmp) in COMPARISONS.iter().enumerate() {
        for l in (1..cmp.levels.len()).rev() {
            println!(
                "  {:<12} {:<38} m {:.4}  u {:.6}  weight {:+.2}",
                if l + 1 == cmp.levels.len() {
                    cmp.name
                } else {
                    ""
                },
                cmp.levels[l],
                out.params.m[c][l],
                out.params.u[c][l],
                out.params.level_weight(c, l as u8)
            );
        }
    }
    println!("\nlargest identities:");
    for g in groups.iter().take(5) {
        let names: Vec<String> = g
            .iter()
            .take(6)
            .map(|&i| {
                let r = &out.records[i as usize];
                r.names
                    .first()
                    .map_or_else(|| r.id.clone(), |n| n.tokens.join(" "))
            })
            .collect();
        println!(
            "  {} records: {}{}",
            g.len(),
            names.join(" | "),
            if g.len() > 6 { " | …" } else { "" }
        );
    }
    // The pairs nearest the threshold on either side are the ones worth an analyst's eye.
    let cut = (out.settings.threshold / (1.0 - out.settings.threshold)).log2();
    let mut idx: Vec<usize> = (0..out.pairs.len()).collect();
    idx.sort_by(|&x, &y| {
        (out.weights[x] - cut)
            .abs()
            .total_cmp(&(out.weights[y] - cut).abs())
    });
    if sample > 0 && !idx.is_empty() {
        println!("\npairs nearest the threshold:");
        for &i in idx.iter().take(sample) {
            println!("{}\n", out.explain_pair(i));
        }
    }
}

fn print_evaluation(e: &Evaluation) {
    println!(
        "\nevaluation against ground truth ({} labelled records, {} true identities):",
        e.labelled, e.identities
    );
    for (what, p) in [("pairs", &e.pairs), ("clusters", &e.clusters)] {
        println!(
            "  {:<9} precision {:.4}  recall {:.4}  F1 {:.4}   (tp {}, predicted {}, true {})",
            what, p.precision, p.recall, p.f1, p.tp, p.predicted, p.truth
        );
    }
}
