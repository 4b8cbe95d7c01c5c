//! Store ids to item numbers. A projection looks up every id a record names (seven per call,
//! 70M for 10M calls); keyed by the id's text, each hit also chased the string to compare it.
//! Keyed by a 128-bit hash (XXH3-128, one pass over the text) the key sits in the table
//! itself; two of a store's ids share a key with probability about n² / 2¹²⁹. The key is
//! already uniform, so the table hashes it by taking its low bits instead of hashing it again.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use xxhash_rust::xxh3::xxh3_128;

/// Hashes a `u128` key that is itself a hash: its low 64 bits.
#[derive(Default)]
struct KeyBits(u64);

impl Hasher for KeyBits {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u128` is used; fold anything else in so the hasher stays correct.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u128(&mut self, k: u128) {
        self.0 = k as u64;
    }
}

/// Item number of each id seen so far.
pub(crate) struct IdIndex {
    map: HashMap<u128, u32, BuildHasherDefault<KeyBits>>,
}

impl IdIndex {
    /// An empty index.
    pub(crate) fn new() -> Self {
        Self {
            map: HashMap::default(),
        }
    }

    fn key(&self, id: &str) -> u128 {
        xxh3_128(id.as_bytes())
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
