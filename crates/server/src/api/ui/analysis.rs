//! The analysed network behind the chart and the leaders view: a projection of what the caller
//! may see, with leader scores and Leiden communities, cached per view, options and data
//! version (a new import or another reader's view never reuses it).

use crate::api::error::ApiError;
use kingpin_graph::community::{LeidenConfig, leiden};
use kingpin_graph::project::{Level, ProjectOptions, Projection, parse_epoch, project};
use kingpin_graph::rank::{RankConfig, Ranking, rank_leaders};
use kingpin_graph::{Adj, EdgeType, EdgeTypeSet};
use kingpin_model::Grading;
use kingpin_store::SqliteStore;
use serde::Deserialize;
use std::sync::{Arc, Mutex};
use utoipa::{IntoParams, ToSchema};

/// How to project the network (the chart's filters).
#[derive(Debug, Clone, Default, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct Filters {
    /// `person` (phones and accounts folded onto their users, the default) or `entity`.
    pub level: Option<String>,
    /// Leave out records dated before this day (YYYY-MM-DD).
    pub since: Option<String>,
    /// Leave out records dated on or after this day.
    pub until: Option<String>,
    /// Ignore statements graded below this, e.g. `2B`.
    pub min_grading: Option<String>,
    /// Keep only these edge types, comma-separated (call,message,payment,purchase,meeting,
    /// ownership,uses,membership,travel,contact,other).
    pub edge_types: Option<String>,
}

impl Filters {
    /// The projection options, or a 400 naming the bad filter.
    pub fn options(&self) -> Result<ProjectOptions, ApiError> {
        let date = |s: &Option<String>, what: &str| -> Result<Option<i64>, ApiError> {
            match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(d) => parse_epoch(d).map(Some).ok_or_else(|| {
                    ApiError::bad_request(format!("{what} {d:?}: expected YYYY-MM-DD"))
                }),
            }
        };
        let min_grading = match self
            .min_grading
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(g) => {
                // "2B" is enough: the handling code does not order reliability.
                let full = if g.len() == 2 {
                    format!("{g}P")
                } else {
                    g.to_string()
                };
                Some(
                    full.parse::<Grading>()
                        .map_err(|e| ApiError::bad_request(format!("min_grading {g:?}: {e}")))?,
                )
            }
        };
        let edge_types = match self
            .edge_types
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => EdgeTypeSet::all(),
            Some(list) => {
                let mut types = Vec::new();
                for t in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                    types.push(edge_type(t).ok_or_else(|| {
                        ApiError::bad_request(format!("edge_types: unknown edge type {t:?}"))
                    })?);
                }
                EdgeTypeSet::of(&types)
            }
        };
        let level = match self.level.as_deref().unwrap_or("person") {
            "person" | "" => Level::Person,
            "entity" => Level::Entity,
            other => {
                return Err(ApiError::bad_request(format!(
                    "level {other:?}: person or entity"
                )));
            }
        };
        Ok(ProjectOptions {
            level,
            since: date(&self.since, "since")?,
            until: date(&self.until, "until")?,
            min_grading,
            edge_types,
            identities: None,
        })
    }

    fn key(&self) -> String {
        format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}",
            self.level, self.since, self.until, self.min_grading, self.edge_types
        )
    }
}

/// An edge type by its name (`call`, `payment`…).
pub fn edge_type(name: &str) -> Option<EdgeType> {
    EdgeType::ALL
        .into_iter()
        .find(|e| type_name(*e).eq_ignore_ascii_case(name))
}

/// The name of an edge type as the API writes it.
pub fn type_name(t: EdgeType) -> String {
    format!("{t:?}").to_lowercase()
}

/// A projection with what the chart shows on it.
pub struct Analysed {
    /// The projected graph.
    pub p: Projection,
    /// Its undirected adjacency (paths, neighbourhoods, communities).
    pub sym: Adj,
    /// The leader ranking, explained for the top persons.
    pub ranking: Ranking,
    /// Leader score per node (0 for nodes that are not ranked persons).
    pub score: Vec<f64>,
    /// Leiden community per node.
    pub community: Vec<u32>,
}

/// Persons explained in the ranking (the leaders view lists at most this many).
pub const EXPLAINED: usize = 100;

type Key = (std::path::PathBuf, Option<Vec<i64>>, String, (i64, i64));

/// Recently analysed networks (a handful: each holds a whole projection).
static CACHE: Mutex<Vec<(Key, Arc<Analysed>)>> = Mutex::new(Vec::new());
const CACHED: usize = 4;

/// What changes when anything is imported: the newest source and the sources' counts (cheap:
/// one small table, where counting fragments would scan the largest).
pub fn data_version(store: &SqliteStore) -> Result<(i64, i64), ApiError> {
    Ok(store.connection().query_row(
        "SELECT coalesce(max(id), 0), coalesce(sum(fragments), 0) + coalesce(sum(statements), 0) FROM source",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The caller's analysed network under `filters` (computed on first use, then cached).
pub fn analysed(
    store: &SqliteStore,
    db: &std::path::Path,
    filters: &Filters,
) -> Result<Arc<Analysed>, ApiError> {
    let opts = filters.options()?;
    let key: Key = (
        db.to_path_buf(),
        store.view().source_ids().map(<[i64]>::to_vec),
        filters.key(),
        data_version(store)?,
    );
    if let Some((_, a)) = lock().iter().find(|(k, _)| *k == key) {
        return Ok(a.clone());
    }
    let p = project(store, &opts)?;
    let sym = p.graph.undirected();
    let cfg = RankConfig {
        explain_top: EXPLAINED,
        money: crate::analysis::money(store, &opts, &p),
        ..RankConfig::default()
    };
    let ranking = rank_leaders(&p.graph, &cfg);
    let mut score = vec![0.0; p.graph.node_count()];
    for r in &ranking.ranked {
        score[r.node as usize] = r.score;
    }
    let community = leiden(&sym, &LeidenConfig::default()).membership;
    let a = Arc::new(Analysed {
        p,
        sym,
        ranking,
        score,
        community,
    });
    let mut cache = lock();
    if cache.len() >= CACHED {
        cache.remove(0);
    }
    cache.push((key, a.clone()));
    Ok(a)
}

fn lock() -> std::sync::MutexGuard<'static, Vec<(Key, Arc<Analysed>)>> {
    CACHE.lock().unwrap_or_else(|p| p.into_inner())
}

impl Analysed {
    /// The node standing for an entity id (a person's phone finds the person at person level).
    pub fn node(&self, id: &str) -> Option<u32> {
        if let Some(v) = self.p.graph.find(id) {
            return Some(v);
        }
        self.p
            .entity_ids
            .iter()
            .position(|e| &**e == id)
            .map(|i| self.p.entity_node[i])
    }
}
