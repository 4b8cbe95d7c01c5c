//! A bounded map that forgets the least recently used half when full.
//!
//! Two generations: entries go into `young`; when it is full, the old generation is dropped
//! and `young` becomes `old`. A hit in `old` moves the entry back to `young`, so what recurs
//! (the phones on every other call record) survives and what was met once is forgotten. Memory
//! stays at two tables of `limit / 2` entries however long the import; clearing everything at
//! once instead made every recurring id miss again right after each clear.

use rustc_hash::FxHashMap as HashMap;
use std::hash::Hash;

/// The map; see the module documentation.
pub struct TwoGen<K, V> {
    young: HashMap<K, V>,
    old: HashMap<K, V>,
    half: usize,
}

impl<K: Hash + Eq + Copy, V: Copy> TwoGen<K, V> {
    /// A map holding at most `limit` entries.
    pub fn new(limit: usize) -> Self {
        TwoGen {
            young: HashMap::default(),
            old: HashMap::default(),
            half: (limit / 2).max(1),
        }
    }

    /// The value for `k`, refreshing it.
    pub fn get(&mut self, k: &K) -> Option<V> {
        if let Some(&v) = self.young.get(k) {
            return Some(v);
        }
        let v = self.old.remove(k)?;
        self.insert(*k, v);
        Some(v)
    }

    /// True when `k` is held (without refreshing it).
    pub fn contains(&self, k: &K) -> bool {
        self.young.contains_key(k) || self.old.contains_key(k)
    }

    /// Sets `k`; returns false if it was already there (its value is then replaced).
    pub fn insert(&mut self, k: K, v: V) -> bool {
        if self.young.len() >= self.half {
            self.old = std::mem::take(&mut self.young);
            self.young.reserve(self.half);
        }
        let was_old = self.old.remove(&k).is_some();
        self.young.insert(k, v).is_none() && !was_old
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurring_keys_survive_and_memory_is_bounded() {
        let mut c = TwoGen::new(100);
        for round in 0..10u64 {
            // One key recurs every round; fifty are new each round.
            c.insert(0u64, round);
            for i in 0..50 {
                c.insert(1000 * (round + 1) + i, i);
            }
            assert_eq!(c.get(&0), Some(round));
            assert!(c.young.len() + c.old.len() <= 100);
        }
        assert!(!c.contains(&1000), "keys met once are forgotten");
    }

    #[test]
    fn insert_says_whether_the_key_was_new() {
        let mut c = TwoGen::new(4);
        assert!(c.insert(1, ()));
        assert!(!c.insert(1, ()));
        assert!(c.insert(2, ()));
        assert!(c.insert(3, ())); // moves {1, 2} to the old generation
        assert!(!c.insert(1, ()), "still known from the old generation");
        assert!(c.contains(&2));
    }
}
