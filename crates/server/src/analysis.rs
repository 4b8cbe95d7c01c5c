//! Projections and rankings per view, computed once and shared: a ranking over a medium
//! scenario takes seconds, and every user with the same visible sources gets the same one.

use kingpin_graph::project::{Level, ProjectOptions, Projection, project};
use kingpin_graph::rank::{RankConfig, Ranking, rank_leaders};
use kingpin_store::{AnyStore, Scan, Store as _};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// One view's projection and, once asked for, its ranking.
pub struct Analysis {
    /// The network as this view sees it.
    pub projection: Projection,
    options: ProjectOptions,
    ranking: OnceLock<Arc<Ranking>>,
}

/// The money crate's money-inflow column; on a failure the ranking falls back to the graph's
/// own payment edges, and says so in the log.
pub fn money(store: &dyn Scan, opts: &ProjectOptions, p: &Projection) -> Option<Arc<Vec<f64>>> {
    match kingpin_money::money_column(store, opts, &p.graph) {
        Ok(m) => m.map(Arc::new),
        Err(e) => {
            tracing::warn!("money column for the ranking: {e}");
            None
        }
    }
}

impl Analysis {
    /// The leader ranking (computed on first call), its money factor from the ledger `store`
    /// sees (amounts in one currency).
    pub fn ranking(&self, store: &AnyStore) -> Arc<Ranking> {
        self.ranking
            .get_or_init(|| {
                let cfg = RankConfig {
                    explain_top: 50,
                    money: money(store, &self.options, &self.projection),
                    ..RankConfig::default()
                };
                Arc::new(rank_leaders(&self.projection.graph, &cfg))
            })
            .clone()
    }
}

type Key = (Vec<i64>, bool);

/// Analyses by (visible sources, entity level).
#[derive(Default)]
pub struct AnalysisCache {
    map: Mutex<HashMap<Key, Arc<Analysis>>>,
}

/// Distinct analyses kept at most (each holds a whole projection).
const LIMIT: usize = 8;

impl AnalysisCache {
    /// The analysis of what `store`'s view sees, projecting it if not cached. Keyed by the
    /// visible sources, so an import (a new source) makes a new key, never a stale answer.
    pub fn get(&self, store: &AnyStore, level: Level) -> kingpin_store::Result<Arc<Analysis>> {
        let sources = match store.view().source_ids() {
            Some(s) => s.to_vec(),
            None => store.sources()?.iter().map(|s| s.id).collect(),
        };
        let key = (sources, level == Level::Entity);
        if let Some(a) = self.lock().get(&key) {
            return Ok(a.clone());
        }
        let opts = ProjectOptions {
            level,
            ..ProjectOptions::default()
        };
        let a = Arc::new(Analysis {
            projection: project(store, &opts)?,
            options: opts,
            ranking: OnceLock::new(),
        });
        let mut map = self.lock();
        if map.len() >= LIMIT {
            map.clear();
        }
        map.insert(key, a.clone());
        Ok(a)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Arc<Analysis>>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}
