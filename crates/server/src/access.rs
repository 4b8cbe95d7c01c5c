//! Who is asking and what they may see: the authenticated principal and its view.

use crate::identity::User;
use crate::roles::Permission;
use kingpin_store::{Handling, View};
use std::collections::HashMap;
use std::sync::Mutex;

/// An authenticated user, with the investigations they belong to and the view they read through.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The user.
    pub user: User,
    /// Investigations (compartments) they are a member of.
    pub compartments: Vec<String>,
    /// The sources they may see.
    pub view: View,
}

impl Principal {
    /// Whether the principal's role allows a kind of action.
    pub fn can(&self, p: Permission) -> bool {
        self.user.role.permits(p)
    }
}

/// The sources a user may see: those of their agency or released to it, and outside any
/// compartment or in one they are a member of. Roles that read no intelligence see nothing,
/// so a missed permission check still cannot show them data.
pub fn visible_sources(user: &User, compartments: &[String], all: &[(i64, Handling)]) -> Vec<i64> {
    if !user.role.permits(Permission::Read) {
        return Vec::new();
    }
    all.iter()
        .filter(|(_, h)| h.releasable(&user.agency, compartments))
        .map(|(id, _)| *id)
        .collect()
}

/// Views shared between requests with the same visible sources, so the work a view caches
/// (which entities exist for it) is done once, not per request.
#[derive(Default)]
pub struct ViewCache {
    views: Mutex<HashMap<Vec<i64>, View>>,
}

/// Distinct source sets remembered at most; beyond, the cache starts afresh.
const VIEW_CACHE_LIMIT: usize = 256;

impl ViewCache {
    /// The shared view over exactly these sources.
    pub fn get(&self, mut sources: Vec<i64>) -> View {
        sources.sort_unstable();
        let mut map = self.views.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = map.get(&sources) {
            return v.clone();
        }
        if map.len() >= VIEW_CACHE_LIMIT {
            map.clear();
        }
        let v = View::sources(sources.clone());
        map.insert(sources, v.clone());
        v
    }
}
