//! Need-to-know: who owns a source, who it is released to, and which sources one reader sees.
//!
//! Handling is recorded per source (one import); every statement points at its source, so a
//! [`View`] (the set of sources a reader may see) decides every read: statements of other
//! sources are dropped, an entity none of whose visible statements mention it does not exist,
//! and a link exists only if the statement that makes it is visible.

use serde::Serialize;
use std::sync::{Arc, OnceLock};

/// Releasability marker meaning "every agency".
pub const RELEASABLE_TO_ALL: &str = "*";

/// How an import's statements may be handled: owner, releasability and compartment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handling {
    /// The agency that owns the source (e.g. `NCA`).
    pub agency: String,
    /// Agencies it is released to besides the owner (`*`: all); empty means owner only.
    pub releasable_to: Vec<String>,
    /// Investigation (compartment) whose members alone may see it, if any.
    pub compartment: Option<String>,
}

impl Default for Handling {
    /// Owner "local", released to nobody else, no compartment.
    fn default() -> Self {
        Handling {
            agency: "local".into(),
            releasable_to: Vec::new(),
            compartment: None,
        }
    }
}

impl Handling {
    /// The releasability list as stored: comma-separated, sorted, deduplicated.
    pub fn releasable_text(&self) -> String {
        let mut v: Vec<&str> = self
            .releasable_to
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        v.sort_unstable();
        v.dedup();
        v.join(",")
    }

    /// Parses a stored releasability list.
    pub fn parse_releasable(text: &str) -> Vec<String> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Whether a reader of `agency`, member of `compartments`, may see this source.
    pub fn releasable(&self, agency: &str, compartments: &[String]) -> bool {
        let agency_ok = self.agency == agency
            || self
                .releasable_to
                .iter()
                .any(|a| a == agency || a == RELEASABLE_TO_ALL);
        let compartment_ok = self
            .compartment
            .as_ref()
            .is_none_or(|c| compartments.iter().any(|m| m == c));
        agency_ok && compartment_ok
    }
}

/// Entity numbers as a bit set (eids are dense from 1), with the schema a view reports for
/// those whose stored schema no visible statement supports.
#[derive(Debug, Default)]
pub struct EidSet {
    bits: Vec<u64>,
    len: usize,
    schemata: rustc_hash::FxHashMap<i64, &'static str>,
}

impl EidSet {
    /// Adds an eid.
    pub fn insert(&mut self, eid: i64) {
        let Ok(i) = usize::try_from(eid) else { return };
        let (w, b) = (i / 64, i % 64);
        if w >= self.bits.len() {
            self.bits.resize(w + 1, 0);
        }
        if self.bits[w] & (1 << b) == 0 {
            self.bits[w] |= 1 << b;
            self.len += 1;
        }
    }

    /// Whether `eid` is in the set.
    pub fn contains(&self, eid: i64) -> bool {
        usize::try_from(eid)
            .ok()
            .and_then(|i| self.bits.get(i / 64).map(|w| w & (1 << (i % 64)) != 0))
            .unwrap_or(false)
    }

    /// The schema to report for `eid` instead of the stored one, if it differs.
    pub fn schema(&self, eid: i64) -> Option<&'static str> {
        self.schemata.get(&eid).copied()
    }

    /// Reports `eid` as `schema` rather than its stored schema.
    pub fn set_schema(&mut self, eid: i64, schema: &'static str) {
        self.schemata.insert(eid, schema);
    }

    /// Whether some entity is reported with another schema than the stored one.
    pub fn has_schema_overrides(&self) -> bool {
        !self.schemata.is_empty()
    }

    /// Number of eids.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Which sources a reader sees. `View::all()` (the default) sees everything: the local
/// administrator at the command line, who holds the database file anyway.
#[derive(Debug, Clone, Default)]
pub struct View {
    inner: Option<Arc<Restricted>>,
}

#[derive(Debug)]
struct Restricted {
    /// Visible source ids, sorted.
    sources: Vec<i64>,
    /// Entities that exist for this reader, computed once on first need.
    entities: OnceLock<Arc<EidSet>>,
}

impl View {
    /// Everything.
    pub fn all() -> View {
        View { inner: None }
    }

    /// Only statements of these sources.
    pub fn sources(mut ids: Vec<i64>) -> View {
        ids.sort_unstable();
        ids.dedup();
        View {
            inner: Some(Arc::new(Restricted {
                sources: ids,
                entities: OnceLock::new(),
            })),
        }
    }

    /// True when nothing is filtered.
    pub fn is_all(&self) -> bool {
        self.inner.is_none()
    }

    /// The visible source ids (`None`: all).
    pub fn source_ids(&self) -> Option<&[i64]> {
        self.inner.as_ref().map(|r| r.sources.as_slice())
    }

    /// Whether statements of source `id` are visible.
    #[inline]
    pub fn sees(&self, source: i64) -> bool {
        match &self.inner {
            None => true,
            Some(r) => r.sources.binary_search(&source).is_ok(),
        }
    }

    /// The visible-entity set if already computed or computable by `f` (restricted views only).
    pub(crate) fn entities_with(
        &self,
        f: impl FnOnce(&[i64]) -> crate::Result<EidSet>,
    ) -> crate::Result<Option<Arc<EidSet>>> {
        let Some(r) = &self.inner else {
            return Ok(None);
        };
        if let Some(set) = r.entities.get() {
            return Ok(Some(set.clone()));
        }
        let set = Arc::new(f(&r.sources)?);
        Ok(Some(r.entities.get_or_init(|| set).clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releasability_rules() {
        let uk_only = Handling {
            agency: "NCA".into(),
            releasable_to: vec![],
            compartment: None,
        };
        assert!(uk_only.releasable("NCA", &[]));
        assert!(!uk_only.releasable("KRG", &[]));
        let shared = Handling {
            releasable_to: vec!["KRG".into()],
            ..uk_only.clone()
        };
        assert!(shared.releasable("KRG", &[]));
        assert!(!shared.releasable("FR", &[]));
        let all = Handling {
            releasable_to: vec![RELEASABLE_TO_ALL.into()],
            ..uk_only.clone()
        };
        assert!(all.releasable("FR", &[]));
        let compartment = Handling {
            compartment: Some("op-x".into()),
            ..uk_only
        };
        assert!(!compartment.releasable("NCA", &[]));
        assert!(compartment.releasable("NCA", &["op-x".into()]));
        assert!(!compartment.releasable("KRG", &["op-x".into()]));
    }

    #[test]
    fn views_and_sets() {
        let v = View::sources(vec![3, 1, 3]);
        assert!(v.sees(1) && v.sees(3) && !v.sees(2));
        assert!(View::all().sees(99));
        let mut s = EidSet::default();
        s.insert(1);
        s.insert(130);
        s.insert(130);
        assert!(s.contains(130) && !s.contains(129) && !s.contains(-1));
        assert_eq!(s.len(), 2);
    }
}
