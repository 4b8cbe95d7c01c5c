//! The published networks under `shared/data/networks`, each with the leader labels its README documents.
//!
//! Leader sets are fixed here once, from each README's ground-truth section, and are the
//! *top tier* only (bosses, masterminds, remote handlers); lieutenants and operatives are not leaders.

use std::path::Path;

use anyhow::{Context, bail};

use crate::builder::GraphBuilder;
use crate::networks::matrix::{Matrix, read_edge_list};
use crate::networks::{LabelledNetwork, Leader};
use crate::types::{EdgeType, NodeKind};

/// A named network: name, whether it has leader labels, and a one-line description.
pub struct NetworkInfo {
    pub name: &'static str,
    pub labelled: bool,
    pub about: &'static str,
}

const fn info(name: &'static str, labelled: bool, about: &'static str) -> NetworkInfo {
    NetworkInfo {
        name,
        labelled,
        about,
    }
}

/// Every network `load_named` knows, labelled ones first.
pub const NETWORKS: &[NetworkInfo] = &[
    info(
        "caviar",
        true,
        "CAVIAR, all 11 phases summed (directed calls); leaders n1 Serero, n12 Morales",
    ),
    info(
        "montagna_meetings",
        true,
        "Montagna (Cosa Nostra) meetings; leaders = bosses, deputy, co-founder",
    ),
    info(
        "montagna_calls",
        true,
        "Montagna (Cosa Nostra) phone calls (directed); same leaders",
    ),
    info(
        "mexico_trafficking",
        true,
        "human trafficking, southern Mexico; leaders = the 3 exploiters",
    ),
    info(
        "mumbai_2008",
        true,
        "26/11 attack calls (directed); leaders = the 3 handlers in Pakistan",
    ),
    info(
        "london_gang",
        true,
        "London gang co-offending; leaders = Ranking 1-2 (undocumented scale)",
    ),
    info(
        "n17_rhodes",
        true,
        "November 17; leaders = Faction 1 (first-generation leadership; doubtful)",
    ),
    info("caviar_phase1", true, "CAVIAR phase 1"),
    info("caviar_phase2", true, "CAVIAR phase 2"),
    info("caviar_phase3", true, "CAVIAR phase 3"),
    info("caviar_phase4", true, "CAVIAR phase 4"),
    info("caviar_phase5", true, "CAVIAR phase 5"),
    info("caviar_phase6", true, "CAVIAR phase 6"),
    info("caviar_phase7", true, "CAVIAR phase 7"),
    info("caviar_phase8", true, "CAVIAR phase 8"),
    info("caviar_phase9", true, "CAVIAR phase 9"),
    info("caviar_phase10", true, "CAVIAR phase 10"),
    info("caviar_phase11", true, "CAVIAR phase 11"),
    info(
        "oversize_wr",
        false,
        "'Ndrangheta Oversize, wiretap records",
    ),
    info("oversize_aw", false, "'Ndrangheta Oversize, arrest warrant"),
    info("oversize_ju", false, "'Ndrangheta Oversize, judgment"),
    info("cielnet", false, "Project Ciel (directed)"),
    info("siren", false, "Project Siren"),
    info("togo", false, "Project Togo"),
    info("natarajan_cocaine", false, "NY cocaine (directed)"),
    info("natarajan_heroin", false, "NY heroin (directed)"),
    info("cocaine_juanes", false, "Operation JUANES"),
    info("cocaine_mambo", false, "Operation MAMBO"),
    info("cocaine_jake", false, "Operation JAKE"),
    info("cocaine_acero", false, "Operation ACERO"),
];

const CAVIAR_LEADERS: &[(&str, &str)] =
    &[("n1", "leader (Serero)"), ("n12", "organiser (Morales)")];

const MONTAGNA_LEADERS: &[(&str, &str)] = &[
    ("N2", "boss"),
    ("N3", "boss"),
    ("N11", "boss Cosa Nostra in Messina"),
    ("N14", "boss"),
    ("N16", "boss"),
    ("N42", "boss"),
    ("N46", "boss"),
    ("N47", "deputy boss"),
    ("N149", "co-founder"),
];

fn finish(
    b: GraphBuilder,
    name: &str,
    leaders: &[(String, String)],
    note: &str,
) -> LabelledNetwork {
    let graph = b.build();
    let (mut found, mut absent) = (Vec::new(), Vec::new());
    for (label, role) in leaders {
        match graph.find(label) {
            Some(node) if graph.out_degree(node) + graph.in_degree(node) > 0 => {
                found.push(Leader {
                    node,
                    label: label.clone(),
                    role: role.clone(),
                })
            }
            _ => absent.push(label.clone()),
        }
    }
    LabelledNetwork {
        name: name.to_string(),
        graph,
        leaders: found,
        absent_leaders: absent,
        note: note.to_string(),
    }
}

fn owned(xs: &[(&str, &str)]) -> Vec<(String, String)> {
    xs.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn caviar(root: &Path, phase: Option<u32>) -> anyhow::Result<GraphBuilder> {
    let path = root.join("caviar/caviar_edges_by_phase.csv");
    let mut rdr =
        csv::Reader::from_path(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut b = GraphBuilder::new(true);
    for r in rdr.records() {
        let r = r?;
        let p: u32 = r[0].parse()?;
        if phase.is_some_and(|x| x != p) {
            continue;
        }
        let (s, t) = (
            b.intern(&r[1], NodeKind::Person),
            b.intern(&r[2], NodeKind::Person),
        );
        // Each phase is two months of wiretaps; the phase becomes a coarse timestamp.
        b.add_edge(s, t, EdgeType::Call, r[3].parse()?, None);
    }
    Ok(b)
}

fn montagna(root: &Path, file: &str, directed: bool) -> anyhow::Result<GraphBuilder> {
    let mut b = GraphBuilder::new(directed);
    read_edge_list(
        &root.join("montagna_sicilian_mafia/raw").join(file),
        &mut b,
        "N",
    )?;
    Ok(b)
}

/// Reads a `source,target,...` file whose ties are stored in both directions, keeping each once.
fn oversize(root: &Path, stage: &str) -> anyhow::Result<GraphBuilder> {
    let dir = root.join("oversize_ndrangheta");
    let mut b = GraphBuilder::new(false);
    let mut nodes = csv::Reader::from_path(dir.join(format!("oversize_{stage}_nodes.csv")))?;
    for r in nodes.records() {
        b.intern(&r?[1], NodeKind::Person);
    }
    let mut seen = std::collections::HashSet::new();
    let mut edges = csv::Reader::from_path(dir.join(format!("oversize_{stage}_edges.csv")))?;
    for r in edges.records() {
        let r = r?;
        let (s, t) = (
            b.intern(&r[2], NodeKind::Person),
            b.intern(&r[3], NodeKind::Person),
        );
        if s != t && seen.insert((s.min(t), s.max(t))) {
            b.add_edge(s, t, EdgeType::Contact, 1.0, None);
        }
    }
    Ok(b)
}

fn misc(root: &Path, file: &str) -> anyhow::Result<GraphBuilder> {
    let m = Matrix::read(&root.join("misc_unlabelled_drug_and_theft/raw").join(file))?;
    let directed = !m.is_symmetric();
    Ok(m.into_builder(directed, ""))
}

/// Loads a network by name (see [`NETWORKS`]) from `root` = `shared/data/networks`.
pub fn load_named(name: &str, root: &Path) -> anyhow::Result<LabelledNetwork> {
    let unlabelled = |b: GraphBuilder, note: &str| finish(b, name, &[], note);
    Ok(match name {
        "caviar" => finish(
            caviar(root, None)?,
            name,
            &owned(CAVIAR_LEADERS),
            "Morselli 2009; phases summed from caviar_edges_by_phase.csv; n3 (lieutenant) deliberately not a leader",
        ),
        p if p.starts_with("caviar_phase") => {
            let phase: u32 = p["caviar_phase".len()..].parse().context("caviar_phaseN")?;
            finish(
                caviar(root, Some(phase))?,
                name,
                &owned(CAVIAR_LEADERS),
                "Morselli 2009, one phase",
            )
        }
        "montagna_meetings" | "montagna_calls" => {
            let b = if name == "montagna_meetings" {
                montagna(root, "Montagna_meetings_edgelist.csv", false)?
            } else {
                montagna(root, "Montagna_phonecalls_edgelist.csv", true)?
            };
            finish(
                b,
                name,
                &owned(MONTAGNA_LEADERS),
                "Cavallaro et al. 2020; roles from role_DF (Ficara et al. 2019)",
            )
        }
        "mexico_trafficking" => {
            let dir = root.join("human_trafficking_mexico/raw");
            let mut b = GraphBuilder::new(false);
            let labels = std::fs::read_to_string(dir.join("labels.csv"))?;
            let mut leaders = Vec::new();
            for line in labels.lines() {
                let Some((id, role)) = line.trim_start_matches('\u{feff}').split_once(',') else {
                    continue;
                };
                b.intern(id.trim(), NodeKind::Person);
                if role.starts_with("Explotador") {
                    leaders.push((id.trim().to_string(), role.trim().to_string()));
                }
            }
            read_edge_list(&dir.join("Data.txt"), &mut b, "")?;
            finish(
                b,
                name,
                &leaders,
                "de la Mora et al.; no leader flag, exploiters taken as top tier",
            )
        }
        "mumbai_2008" => {
            let dir = root.join("mumbai_2008");
            let mut b = GraphBuilder::new(true);
            let mut leaders = Vec::new();
            let mut nodes = csv::Reader::from_path(dir.join("Mumbai_attack_nodes.csv"))?;
            for r in nodes.records() {
                let r = r?;
                b.intern(&r[1], NodeKind::Person);
                if &r[2] == "Pakistan" {
                    leaders.push((r[1].to_string(), "handler".to_string()));
                }
            }
            let mut edges = csv::Reader::from_path(dir.join("Mumbai_attack_edges.csv"))?;
            for r in edges.records() {
                let r = r?;
                let (s, t) = (
                    b.intern(&r[2], NodeKind::Person),
                    b.intern(&r[3], NodeKind::Person),
                );
                b.add_edge(s, t, EdgeType::Call, 1.0, None);
            }
            finish(b, name, &leaders, "Azad & Gupta 2011")
        }
        "london_gang" => {
            let dir = root.join("london_gang/raw");
            let b = Matrix::read(&dir.join("LONDON_GANG.csv"))?.into_builder(false, "");
            let attr = Matrix::read_table(&dir.join("LONDON_GANG_ATTR.csv"))?;
            let leaders = attr
                .iter()
                .filter(|(_, row)| row.get("Ranking").is_some_and(|r| r == "1" || r == "2"))
                .map(|(id, row)| (id.clone(), format!("Ranking {}", row["Ranking"])))
                .collect::<Vec<_>>();
            finish(
                b,
                name,
                &leaders,
                "Grund & Densley 2012; Ranking is undocumented (1 = top assumed)",
            )
        }
        "n17_rhodes" => {
            let dir = root.join("november17_rhodes/raw");
            let b = Matrix::read(&dir.join("RHODESBOMBING.csv"))?.into_builder(false, "");
            let attr = Matrix::read_table(&dir.join("RHODESBOMBING_ATTR.csv"))?;
            let leaders = attr
                .iter()
                .filter(|(_, row)| row.get("Faction").is_some_and(|f| f == "1"))
                .map(|(id, _)| {
                    (
                        id.clone(),
                        "Faction 1 (first-generation leadership)".to_string(),
                    )
                })
                .collect::<Vec<_>>();
            finish(
                b,
                name,
                &leaders,
                "Rhodes & Keefe 2007; Role column looks inverted, so Faction 1 is used; doubtful",
            )
        }
        "oversize_wr" | "oversize_aw" | "oversize_ju" => unlabelled(
            oversize(root, &name[9..].to_uppercase())?,
            "Berlusconi et al. 2016; no labels",
        ),
        _ => {
            let file = match name {
                "cielnet" => "CIELNET.csv",
                "siren" => "SIREN.csv",
                "togo" => "morselli_togo.csv",
                "natarajan_cocaine" => "natajaran_cocaine.csv",
                "natarajan_heroin" => "natajaran_heroin.csv",
                "cocaine_juanes" => "COCAINE_JUANES.csv",
                "cocaine_mambo" => "COCAINE_MAMBO.csv",
                "cocaine_jake" => "COCAINE_JAKE.csv",
                "cocaine_acero" => "COCAINE_ACERO.csv",
                _ => bail!(
                    "unknown network {name}; known: {}",
                    NETWORKS
                        .iter()
                        .map(|n| n.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            unlabelled(misc(root, file)?, "unlabelled (see misc README)")
        }
    })
}
