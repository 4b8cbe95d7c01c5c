//! Store ids to item numbers. A projection looks up every id a record names (seven per call,
//! 70M for 10M calls); keyed by the id's text, each hit also chased the string to compare it.
//! Keyed by a 128-bit hash (two independently seeded foldhash values) the key sits in the
//! table itself; two of a store's ids share a key with probability about n² / 2¹²⁹.

use foldhash::quality::FixedState;
use rustc_hash::FxHashMap;
use std::hash::BuildHasher;

/// Item number of each id seen so far.
pub(crate) struct IdIndex {
    map: FxHashMap<u128, u32>,
    lo: FixedState,
    hi: FixedState,
}

impl IdIndex {
    /// An empty index.
    pub(crate) fn new() -> Self {
        Self {
            map: FxHashMap::default(),
            lo: FixedState::with_seed(0x6b69_6e67_7069_6e31),
            hi: FixedState::with_seed(0x9e37_79b9_7f4a_7c15),
        }
    }

    fn key(&self, id: &str) -> u128 {
        (u128::from(self.hi.hash_one(id)) << 64) | u128::from(self.lo.hash_one(id))
    }

    /// Records `id` as item `i`.
    pub(crate) fn insert(&mut self, id: &str, i: u32) {
        let k = self.key(id);
        self.map.insert(k, i);
    }

    /// The item of `id`, if the store has it.
    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        self.map.get(&self.key(id)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::IdIndex;

    #[test]
    fn finds_what_was_inserted_and_nothing_else() {
        let mut ix = IdIndex::new();
        let ids: Vec<String> = (0..10_000)
            .map(|i| format!("phone-+4477009{i:05}"))
            .collect();
        for (i, id) in ids.iter().enumerate() {
            ix.insert(id, i as u32);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(ix.get(id), Some(i as u32));
        }
        assert_eq!(ix.get("phone-+447700910000"), None);
        assert_eq!(ix.get(""), None);
        assert_eq!(ix.get("2024-01-01T00:00:00"), None);
    }
}
