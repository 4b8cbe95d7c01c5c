//! Graph commands: `kingpin rank`, `path`, `communities`, `neighbours` over a projection of the
//! store, and `kingpin evaluate` (how well the leader score and classic centralities find
//! known leaders).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use kingpin_graph::Weighting;
use kingpin_graph::community::{LeidenConfig, leiden};
use kingpin_graph::eval::{NetworkReport, evaluate, scenario, table};
use kingpin_graph::networks::{self, NETWORKS};
use kingpin_graph::paths::{k_hop, shortest_path, simple_paths};
use kingpin_graph::project::{Level, ProjectOptions, Projection, parse_epoch, project};
use kingpin_graph::rank::{Factor, RankConfig, RankedPerson, rank_leaders};
use kingpin_graph::{EdgeType, EdgeTypeSet};
use kingpin_ingest::ImportOptions;
use kingpin_model::Grading;
use kingpin_scenario::{ScenarioConfig, Size, generate};
use kingpin_store::SqliteStore;

use super::import::{Format, import_one};

/// Options of `kingpin evaluate`.
#[derive(clap::Args)]
pub struct EvaluateArgs {
    /// A labelled folder (edges.csv, nodes.csv, leaders.csv, meta.json), a scenario directory
    /// (manifest.json and truth files, from `kingpin scenario`) or a network name (see --list).
    #[arg(required_unless_present_any = ["all", "list", "scenarios"])]
    pub target: Option<String>,
    /// Evaluate every network with known leaders and print the summary table.
    #[arg(long, conflicts_with = "target")]
    pub all: bool,
    /// Generate and evaluate scenarios, e.g. `tiny:1,small:1,medium:1` (size:seed), and print
    /// the summary table; with --all, the published networks and the scenarios in one table.
    #[arg(long, value_delimiter = ',', conflicts_with = "target")]
    pub scenarios: Vec<String>,
    /// List the known network names.
    #[arg(long)]
    pub list: bool,
    /// Print the per-measure results as JSON.
    #[arg(long)]
    pub json: bool,
    /// The `shared/data/networks` folder (default: found above the current directory, or $KINGPIN_NETWORKS).
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// Runs the evaluation.
pub fn evaluate_cmd(a: EvaluateArgs) -> anyhow::Result<ExitCode> {
    let root = match a.data {
        Some(d) => Some(d),
        None => networks::default_root(&std::env::current_dir()?),
    };
    if a.list {
        for n in NETWORKS {
            let tag = if n.labelled { "labelled" } else { "unlabelled" };
            println!("{:20} {:10} {}", n.name, tag, n.about);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !a.scenarios.is_empty() {
        let mut reports = Vec::new();
        // `--all --scenarios …` gives the published networks and the scenarios in one table.
        if a.all {
            for n in NETWORKS.iter().filter(|n| n.labelled) {
                let net = networks::load(n.name, root.as_deref())
                    .with_context(|| format!("loading {}", n.name))?;
                reports.push(evaluate(&net));
            }
        }
        for spec in &a.scenarios {
            reports.extend(evaluate_generated(spec)?);
        }
        if a.json {
            println!("{}", table::to_json(&reports));
        } else {
            print!("{}", table::summary_table(&reports));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = a.target.as_deref().map(Path::new)
        && scenario::is_scenario(dir)
    {
        let reports = evaluate_scenario_dir(dir, &dir.display().to_string())?;
        if a.json {
            println!("{}", table::to_json(&reports));
        } else {
            for r in &reports {
                println!("{}", table::network_table(r));
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let targets: Vec<String> = if a.all {
        NETWORKS
            .iter()
            .filter(|n| n.labelled)
            .map(|n| n.name.to_string())
            .collect()
    } else {
        vec![a.target.clone().unwrap_or_default()]
    };
    let mut reports = Vec::new();
    for t in &targets {
        let net = networks::load(t, root.as_deref()).with_context(|| format!("loading {t}"))?;
        anyhow::ensure!(
            !net.leaders.is_empty(),
            "{t} has no known leaders in the graph; nothing to evaluate"
        );
        reports.push(evaluate(&net));
    }
    if a.json {
        println!("{}", table::to_json(&reports));
    } else if a.all {
        print!("{}", table::summary_table(&reports));
    } else {
        for r in &reports {
            print!("{}", table::network_table(r));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The money crate's money-inflow column for ranking `g` (amounts in one currency).
fn money_column(
    store: &SqliteStore,
    opts: &ProjectOptions,
    g: &kingpin_graph::Graph,
) -> anyhow::Result<Option<Arc<Vec<f64>>>> {
    Ok(kingpin_money::money_column(store, opts, g)?.map(Arc::new))
}

/// How to project the store into a graph (shared by rank, path, communities, neighbours).
#[derive(clap::Args, Clone, Debug)]
pub struct GraphArgs {
    /// The Kingpin database file (SQLite).
    #[arg(long, env = "KINGPIN_DB", default_value = "kingpin.db")]
    pub db: PathBuf,
    /// person: phones and accounts collapsed onto the people who use them; entity: every stored entity.
    #[arg(long, default_value = "person", value_parser = ["person", "entity"])]
    pub level: String,
    /// Leave out records dated before this day (YYYY-MM-DD or a date-time).
    #[arg(long)]
    pub since: Option<String>,
    /// Leave out records dated on or after this day.
    #[arg(long)]
    pub until: Option<String>,
    /// Ignore statements graded below this 3x5x2 grading (e.g. 2B).
    #[arg(long)]
    pub min_grading: Option<String>,
    /// Keep only these edge types (comma-separated: call,message,payment,purchase,meeting,
    /// ownership,uses,membership,travel,contact,other).
    #[arg(long, value_delimiter = ',')]
    pub edge_types: Vec<String>,
    /// Fold the person records that the latest `kingpin resolve` run put in one identity into
    /// one node (person level).
    #[arg(long)]
    pub resolved: bool,
}

impl GraphArgs {
    /// The projection options these flags ask for.
    pub fn options(&self) -> anyhow::Result<ProjectOptions> {
        let date = |s: &Option<String>, what: &str| -> anyhow::Result<Option<i64>> {
            s.as_deref()
                .map(|d| {
                    parse_epoch(d).with_context(|| format!("--{what} {d}: expected YYYY-MM-DD"))
                })
                .transpose()
        };
        let min_grading = match &self.min_grading {
            None => None,
            Some(g) => {
                // "2B" is enough: the handling code does not order reliability.
                let full = if g.trim().len() == 2 {
                    format!("{g}P")
                } else {
                    g.clone()
                };
                Some(
                    full.parse::<Grading>()
                        .with_context(|| format!("--min-grading {g}"))?,
                )
            }
        };
        let edge_types = if self.edge_types.is_empty() {
            EdgeTypeSet::all()
        } else {
            let mut types = Vec::new();
            for t in &self.edge_types {
                let et = EdgeType::ALL
                    .into_iter()
                    .find(|e| format!("{e:?}").eq_ignore_ascii_case(t.trim()))
                    .with_context(|| format!("--edge-types: unknown edge type {t}"))?;
                types.push(et);
            }
            EdgeTypeSet::of(&types)
        };
        Ok(ProjectOptions {
            level: if self.level == "entity" {
                Level::Entity
            } else {
                Level::Person
            },
            since: date(&self.since, "since")?,
            until: date(&self.until, "until")?,
            min_grading,
            edge_types,
            identities: None,
        })
    }

    /// The leader ranking's money column from the money crate's ledger (one currency).
    pub fn money_column(&self, p: &Projection) -> anyhow::Result<Option<Arc<Vec<f64>>>> {
        let store = SqliteStore::open(&self.db)?;
        let mut opts = self.options()?;
        if self.resolved {
            opts.identities = Some(resolved_identities(&store)?);
        }
        money_column(&store, &opts, &p.graph)
    }

    /// Opens the database (which must exist) and projects it.
    pub fn load(&self) -> anyhow::Result<Projection> {
        anyhow::ensure!(
            self.db.is_file(),
            "{} does not exist (import some sources first, or run kingpin demo)",
            self.db.display()
        );
        let store = SqliteStore::open(&self.db)
            .with_context(|| format!("opening {}", self.db.display()))?;
        let mut opts = self.options()?;
        if self.resolved {
            opts.identities = Some(resolved_identities(&store)?);
        }
        let p = project(&store, &opts)?;
        eprintln!(
            "projected {} ({:?} level): {} nodes, {} edges from {} fragments in {:.2}s{}",
            self.db.display(),
            p.level,
            p.stats.nodes,
            p.stats.edges,
            p.stats.fragments,
            p.stats.seconds,
            if self.resolved {
                format!(
                    "; {} records folded by resolution",
                    p.stats.resolved_records
                )
            } else {
                String::new()
            }
        );
        Ok(p)
    }
}

/// The identities of the latest resolution run, for `--resolved` (a warning when there are
/// none, so the flag never silently means nothing).
pub fn resolved_identities(store: &SqliteStore) -> anyhow::Result<Arc<HashMap<String, String>>> {
    let ids = kingpin_resolve::decisions::identities(store.connection())
        .context("reading resolution results")?;
    if ids.is_empty() {
        eprintln!(
            "--resolved: no resolved identities in this database (run kingpin resolve first)"
        );
    }
    Ok(Arc::new(ids))
}

/// Resolves a user's reference to exactly one node, or explains why not.
fn one_node(p: &Projection, q: &str) -> anyhow::Result<u32> {
    let hits = p.lookup(q);
    match hits.as_slice() {
        [v] => Ok(*v),
        [] => anyhow::bail!("no node matches {q:?} (give an entity id or a name)"),
        many => {
            let list: Vec<String> = many.iter().take(10).map(|&v| p.describe(v)).collect();
            anyhow::bail!(
                "{q:?} matches {} nodes; give an entity id. First: {}",
                many.len(),
                list.join("; ")
            )
        }
    }
}

/// Output formats of `kingpin rank`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RankFormat {
    Table,
    Json,
    Csv,
}

/// Options of `kingpin rank`.
#[derive(clap::Args)]
pub struct RankArgs {
    #[command(flatten)]
    pub graph: GraphArgs,
    /// How many people to list.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    #[arg(long, value_enum, default_value_t = RankFormat::Table)]
    pub format: RankFormat,
    /// Print the full explanation for one person (entity id or name) instead of the table.
    #[arg(long)]
    pub explain: Option<String>,
}

fn short(name: &str) -> &str {
    match name {
        "brokerage" => "brok",
        "betweenness" => "betw",
        "command_reach" => "reach",
        "insulation" => "insul",
        "money_inflow" => "money",
        "pre_event_contact" => "pre-op",
        other => other,
    }
}

/// One line saying why a person ranks where they do: the biggest contributions and the first
/// piece of evidence of the biggest.
fn why(p: &Projection, r: &RankedPerson) -> String {
    let mut f: Vec<&Factor> = r.factors.iter().filter(|f| f.contribution > 0.0).collect();
    f.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
    let Some(top) = f.first() else {
        return "no factor above the minimum".into();
    };
    let ev = r
        .evidence
        .iter()
        .find(|e| e.factor == top.name)
        .map(|e| format!(": {}", captioned(p, &e.what)))
        .unwrap_or_default();
    format!("mostly {}{ev}", top.name.replace('_', " "))
}

/// Replaces node labels (entity ids) in a text by their captions.
fn captioned(p: &Projection, text: &str) -> String {
    text.split(' ')
        .map(|w| match p.graph.find(w) {
            Some(v) if p.caption(v) != w => p.caption(v).to_string(),
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn path_text(p: &Projection, path: &[String]) -> String {
    path.iter()
        .map(|l| match p.graph.find(l) {
            Some(v) => p.caption(v).to_string(),
            None => l.clone(),
        })
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// Runs `kingpin rank`.
pub fn rank_cmd(a: RankArgs) -> anyhow::Result<ExitCode> {
    let p = a.graph.load()?;
    let mut cfg = RankConfig {
        money: a.graph.money_column(&p)?,
        ..RankConfig::default()
    };
    let target = a.explain.as_deref().map(|q| one_node(&p, q)).transpose()?;
    cfg.explain_top = cfg.explain_top.max(a.top);
    cfg.explain_also.extend(target);
    let mut ranking = rank_leaders(&p.graph, &cfg);
    if let Some(v) = target {
        let Some(r) = ranking.ranked.iter_mut().find(|r| r.node == v) else {
            anyhow::bail!(
                "{} has no ties in this projection, so no score",
                p.describe(v)
            );
        };
        let r = r.clone();
        if a.format == RankFormat::Json {
            println!("{}", serde_json::to_string_pretty(&r)?);
            return Ok(ExitCode::SUCCESS);
        }
        println!(
            "#{} of {}  {}  score {:.3}",
            r.rank,
            ranking.ranked.len(),
            p.describe(v),
            r.score
        );
        println!("stands for: {}", p.members(v).join(", "));
        println!("\n  factor              value   normalised  weight  contribution");
        for f in &r.factors {
            let se = f
                .std_error
                .map(|e| format!("  (sampled, ± {e:.1} s.e.)"))
                .unwrap_or_default();
            println!(
                "  {:<18} {:>9.4}  {:>9.3}  {:>6.3}  {:>8.3}{se}",
                f.name, f.value, f.normalised, f.weight, f.contribution
            );
        }
        if let Some(s) = &ranking.sampling {
            println!(
                "  brokerage and betweenness estimated from {} of {} sources; every node within ± {:.0} with 95 % probability (Hoeffding)",
                s.sources, s.nodes, s.uniform_bound_95
            );
        }
        for (name, why) in &ranking.unavailable {
            println!("  {name:<18} unavailable: {why}");
        }
        println!("\nevidence:");
        for e in &r.evidence {
            println!("  [{}] {}", e.factor, captioned(&p, &e.what));
            println!("      {}", path_text(&p, &e.path));
        }
        return Ok(ExitCode::SUCCESS);
    }
    ranking.ranked.truncate(a.top);
    match a.format {
        RankFormat::Json => {
            let out = serde_json::json!({
                "level": p.level,
                "projection": p.stats,
                "used": ranking.used,
                "unavailable": ranking.unavailable,
                "communities": ranking.communities,
                "sampling": ranking.sampling,
                "ranked": ranking.ranked.iter().map(|r| serde_json::json!({
                    "rank": r.rank,
                    "id": r.label,
                    "caption": p.caption(r.node),
                    "score": r.score,
                    "factors": r.factors,
                    "why": why(&p, r),
                    "evidence": r.evidence,
                })).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        RankFormat::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            let mut head = vec![
                "rank".to_string(),
                "id".into(),
                "caption".into(),
                "score".into(),
            ];
            head.extend(ranking.used.iter().map(|(n, _)| n.to_string()));
            head.push("why".into());
            w.write_record(&head)?;
            for r in &ranking.ranked {
                let mut row = vec![
                    r.rank.to_string(),
                    r.label.clone(),
                    p.caption(r.node).to_string(),
                    format!("{:.4}", r.score),
                ];
                row.extend(r.factors.iter().map(|f| format!("{:.4}", f.normalised)));
                row.push(why(&p, r));
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        RankFormat::Table => {
            let used: Vec<String> = ranking
                .used
                .iter()
                .map(|(n, w)| format!("{} {:.2}", short(n), w))
                .collect();
            println!("factors (weight): {}", used.join(", "));
            for (n, why) in &ranking.unavailable {
                println!("unavailable: {n} ({why})");
            }
            println!(
                "\n{:>4}  {:>6}  {:<32}  {:<36}  why",
                "rank", "score", "person", "factors (normalised)"
            );
            for r in &ranking.ranked {
                let fs: Vec<String> = r
                    .factors
                    .iter()
                    .map(|f| format!("{} {:.2}", short(f.name), f.normalised))
                    .collect();
                let mut name = p.caption(r.node).to_string();
                if name.chars().count() > 32 {
                    name = name.chars().take(31).collect::<String>() + "…";
                }
                println!(
                    "{:>4}  {:>6.3}  {:<32}  {:<36}  {}",
                    r.rank,
                    r.score,
                    name,
                    fs.join(" "),
                    why(&p, r)
                );
            }
            println!("\nexplain one: kingpin rank --explain <id>  (ids: --format csv)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Options of `kingpin path`.
#[derive(clap::Args)]
pub struct PathArgs {
    #[command(flatten)]
    pub graph: GraphArgs,
    /// From (entity id or name).
    pub from: String,
    /// To (entity id or name).
    pub to: String,
    /// Also list every simple path up to this many hops (at most 20 paths).
    #[arg(long)]
    pub all: Option<usize>,
}

/// The records linking `a` and `b` directly, either way, as short descriptions.
fn linking_records(p: &Projection, a: u32, b: u32) -> Vec<String> {
    let g = &p.graph;
    let mut out: Vec<String> = g
        .out_edges(a)
        .filter(|e| e.dst == b)
        .chain(g.in_edges(a).filter(|e| e.src == b))
        .map(|e| {
            let dir = if e.src == a { "->" } else { "<-" };
            let when = e
                .time
                .map(|t| format!(" {}", format_epoch(t)))
                .unwrap_or_default();
            format!("{:?} {dir}{when} (weight {})", e.etype, e.weight).to_lowercase()
        })
        .collect();
    let n = out.len();
    if n > 5 {
        out.truncate(5);
        out.push(format!("… {} more", n - 5));
    }
    out
}

fn format_epoch(t: i64) -> String {
    // Minutes are enough for a path's timeline.
    kingpin_model::calendar::iso_datetime(t)[..16].to_string()
}

fn print_path(p: &Projection, path: &[u32]) {
    for (i, &v) in path.iter().enumerate() {
        println!("  {}. {}", i, p.describe(v));
        if let Some(&next) = path.get(i + 1) {
            for r in linking_records(p, v, next) {
                println!("       | {r}");
            }
        }
    }
}

/// Runs `kingpin path`.
pub fn path_cmd(a: PathArgs) -> anyhow::Result<ExitCode> {
    let p = a.graph.load()?;
    let (s, t) = (one_node(&p, &a.from)?, one_node(&p, &a.to)?);
    let sym = p.graph.undirected();
    match shortest_path(&sym, s, t, Weighting::Unweighted) {
        None => {
            println!("no path between {} and {}", p.describe(s), p.describe(t));
            return Ok(ExitCode::from(1));
        }
        Some((d, path)) => {
            println!("shortest path ({d} hops):");
            print_path(&p, &path);
        }
    }
    if let Some(max) = a.all {
        let paths = simple_paths(&sym, s, t, max, 20);
        println!("\n{} simple path(s) of at most {max} hops:", paths.len());
        for path in &paths {
            let names: Vec<String> = path.iter().map(|&v| p.caption(v).to_string()).collect();
            println!("  {}", names.join(" - "));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Options of `kingpin communities`.
#[derive(clap::Args)]
pub struct CommunitiesArgs {
    #[command(flatten)]
    pub graph: GraphArgs,
    /// How many communities to list (largest first).
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// How many members to name per community (most connected first).
    #[arg(long, default_value_t = 5)]
    pub members: usize,
    /// Leiden resolution (higher: smaller communities).
    #[arg(long, default_value_t = 1.0)]
    pub resolution: f64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `kingpin communities`.
pub fn communities_cmd(a: CommunitiesArgs) -> anyhow::Result<ExitCode> {
    let p = a.graph.load()?;
    let sym = p.graph.undirected();
    let part = leiden(
        &sym,
        &LeidenConfig {
            resolution: a.resolution,
            ..LeidenConfig::default()
        },
    );
    let mut groups: Vec<Vec<u32>> = vec![Vec::new(); part.count];
    for v in 0..sym.node_count() as u32 {
        if sym.degree(v) > 0 {
            groups[part.membership[v as usize] as usize].push(v);
        }
    }
    let mut order: Vec<usize> = (0..groups.len())
        .filter(|&c| !groups[c].is_empty())
        .collect();
    order.sort_by_key(|&c| (std::cmp::Reverse(groups[c].len()), c));
    let listed: Vec<serde_json::Value> = order
        .iter()
        .take(a.top)
        .map(|&c| {
            let mut m = groups[c].clone();
            m.sort_by_key(|&v| (std::cmp::Reverse(sym.degree(v)), v));
            serde_json::json!({
                "community": c,
                "size": groups[c].len(),
                "top_members": m.iter().take(a.members).map(|&v| serde_json::json!({
                    "id": p.graph.label(v), "caption": p.caption(v), "degree": sym.degree(v)
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "communities": order.len(),
                "modularity": part.modularity,
                "listed": listed,
            }))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} communities (of nodes with ties), modularity {:.4}",
        order.len(),
        part.modularity
    );
    for c in &listed {
        let names: Vec<String> = c["top_members"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| format!("{} ({})", m["caption"].as_str().unwrap_or(""), m["degree"]))
            .collect();
        println!(
            "  #{:<5} {:>6} members: {}",
            c["community"],
            c["size"],
            names.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Options of `kingpin neighbours`.
#[derive(clap::Args)]
pub struct NeighboursArgs {
    #[command(flatten)]
    pub graph: GraphArgs,
    /// Whose neighbourhood (entity id or name).
    pub node: String,
    /// How many hops out.
    #[arg(long, default_value_t = 1)]
    pub hops: usize,
    /// List at most this many.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

/// Runs `kingpin neighbours`.
pub fn neighbours_cmd(a: NeighboursArgs) -> anyhow::Result<ExitCode> {
    let p = a.graph.load()?;
    let s = one_node(&p, &a.node)?;
    let sym = p.graph.undirected();
    let near = k_hop(&sym, s, a.hops);
    println!(
        "{}: {} node(s) within {} hop(s)",
        p.describe(s),
        near.len(),
        a.hops
    );
    for &(v, h) in near.iter().take(a.limit) {
        let via = if h == 1 {
            linking_records(&p, s, v)
                .into_iter()
                .next()
                .unwrap_or_default()
        } else {
            String::new()
        };
        println!("  {h}  {:<12?} {}  {via}", p.graph.kind(v), p.describe(v));
    }
    if near.len() > a.limit {
        println!("  … {} more (--limit)", near.len() - a.limit);
    }
    Ok(ExitCode::SUCCESS)
}

/// Imports every importable source of a generated scenario into `store`, as `kingpin demo` does.
pub fn import_scenario(dir: &Path, store: &mut SqliteStore) -> anyhow::Result<()> {
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("manifest.json")).context("manifest.json")?,
    )?;
    for src in manifest["sources"].as_array().into_iter().flatten() {
        let file = src["file"].as_str().unwrap_or_default();
        let format = match src["format"].as_str() {
            Some("csv") => Format::Csv,
            Some("ftm") => Format::Ftm,
            _ => continue,
        };
        let mapping = src["mapping"].as_str().map(|m| dir.join(m));
        let opts = ImportOptions {
            source_name: Some(file.split('.').next().unwrap_or(file).to_string()),
            grading: src["grading"].as_str().and_then(|g| g.parse().ok()),
            ..Default::default()
        };
        import_one(store, &dir.join(file), format, mapping.as_deref(), &opts)
            .with_context(|| format!("importing {file}"))?;
    }
    Ok(())
}

/// Imports a scenario directory into a temporary database and evaluates its person-level projection.
fn evaluate_scenario_dir(dir: &Path, name: &str) -> anyhow::Result<Vec<NetworkReport>> {
    let tmp = tempfile::tempdir()?;
    let mut store = SqliteStore::open(tmp.path().join("kingpin.db"))?;
    import_scenario(dir, &mut store)?;
    let opts = ProjectOptions::default();
    let p = project(&store, &opts)?;
    let cfg = RankConfig {
        money: money_column(&store, &opts, &p.graph)?,
        ..RankConfig::default()
    };
    let truth = scenario::read_truth(dir, &store)?;
    eprintln!(
        "{name}: {} nodes, {} edges (projected in {:.2}s)",
        p.stats.nodes, p.stats.edges, p.stats.seconds
    );
    Ok(scenario::evaluate_scenario_with(&p, &truth, name, &cfg))
}

/// Generates `size:seed` into a temporary directory and evaluates it.
fn evaluate_generated(spec: &str) -> anyhow::Result<Vec<NetworkReport>> {
    let (size, seed) = spec.split_once(':').unwrap_or((spec, "1"));
    let mut cfg = ScenarioConfig::preset(size.parse::<Size>()?);
    cfg.seed = seed
        .parse()
        .with_context(|| format!("--scenarios {spec}: seed"))?;
    let tmp = tempfile::tempdir()?;
    generate(&cfg, tmp.path(), &|_| {})?;
    evaluate_scenario_dir(tmp.path(), &format!("scenario {size} seed {seed}"))
}

/// The end of `kingpin demo`: the scenario's ranking, and how many true organisers made the top 10.
pub fn demo_ranking(dir: &Path, db: &Path, resolved: bool) -> anyhow::Result<()> {
    let store = SqliteStore::open(db)?;
    let mut opts = ProjectOptions::default();
    if resolved {
        opts.identities = Some(resolved_identities(&store)?);
    }
    let p = project(&store, &opts)?;
    let cfg = RankConfig {
        money: money_column(&store, &opts, &p.graph)?,
        ..RankConfig::default()
    };
    let ranking = rank_leaders(&p.graph, &cfg);
    println!(
        "\n4. who is at the top? (kingpin rank --db {}{})\n",
        db.display(),
        if resolved { " --resolved" } else { "" }
    );
    for r in ranking.ranked.iter().take(10) {
        println!(
            "  {:>2}. {:<34} {:.3}  {}",
            r.rank,
            p.caption(r.node),
            r.score,
            why(&p, r)
        );
    }
    // The truth is read for this report only; the ranking above never saw it.
    if scenario::is_scenario(dir) {
        let truth = scenario::read_truth(dir, &store)?;
        let who = scenario::attribute(&p, &truth);
        let organisers = truth.with_role("organiser");
        let mut found: Vec<&String> = ranking
            .ranked
            .iter()
            .take(10)
            .filter_map(|r| who[r.node as usize].as_ref())
            .filter(|w| organisers.contains(w))
            .collect();
        found.sort();
        found.dedup();
        println!(
            "\n  {} of the scenario's {} true organisers are in this top 10 (ground truth: truth_roles.csv)",
            found.len(),
            organisers.len()
        );
    }
    Ok(())
}
