//! How an import divides the memory it may use between its caches and SQLite's page cache.
//!
//! More memory means fewer forgotten ids and fragments, so fewer random reads of the database
//! once the distinct phones, handsets and SIMs of a file outnumber what the caches hold (a
//! national CDR has millions). The default keeps the benchmark's peak under 300 MB; a user
//! with a large file and a large machine raises it (`kingpin import --memory-mb`).

/// Default memory for one import's caches, in MiB.
pub const DEFAULT_MIB: usize = 192;

/// Table sizes derived from a memory budget. Hash tables get power-of-two slot counts and are
/// filled to 7/8, the most they hold before doubling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Slots of each of the id cache's two tables (32 bytes a slot).
    pub id_slots: usize,
    /// Slots of each of the fragment-fingerprint cache's two tables (16 bytes a slot).
    pub seen_slots: usize,
    /// Slots of the table of new ids not yet sorted into the index (16 bytes a slot).
    pub pending_slots: usize,
    /// Links held in memory before a sorted run is spilled (16 bytes each).
    pub link_run: usize,
    /// SQLite's page cache, in KiB.
    pub page_cache_kib: i64,
}

impl Budget {
    /// Divides `mib` MiB: a quarter for ids, an eighth each for fingerprints and links, a
    /// sixteenth for pending ids, about a third for SQLite's page cache.
    pub fn from_mib(mib: usize) -> Self {
        let bytes = mib.max(16) << 20;
        Budget {
            id_slots: floor_pow2(bytes / 4 / (2 * 32)),
            seen_slots: floor_pow2(bytes / 8 / (2 * 16)),
            pending_slots: floor_pow2(bytes / 16 / 16),
            link_run: floor_pow2(bytes / 8 / 16),
            page_cache_kib: (bytes / 3 / 1024) as i64,
        }
    }

    /// Entries a table of `slots` slots holds.
    pub fn fill(slots: usize) -> usize {
        slots / 8 * 7
    }
}

impl Default for Budget {
    fn default() -> Self {
        Budget::from_mib(DEFAULT_MIB)
    }
}

fn floor_pow2(n: usize) -> usize {
    if n <= 1 << 10 {
        1 << 10
    } else {
        1 << (usize::BITS - 1 - n.leading_zeros())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_fits_well_under_300_mb() {
        let b = Budget::default();
        let bytes = 2 * b.id_slots * 32
            + 2 * b.seen_slots * 16
            + b.pending_slots * 16
            + b.link_run * 16
            + b.page_cache_kib as usize * 1024;
        assert!(bytes <= DEFAULT_MIB << 20, "{bytes}");
        assert!(b.id_slots.is_power_of_two() && b.link_run.is_power_of_two());
    }

    #[test]
    fn more_memory_means_larger_tables() {
        let (small, big) = (Budget::from_mib(64), Budget::from_mib(4096));
        assert!(big.id_slots >= 32 * small.id_slots);
        assert!(big.page_cache_kib > small.page_cache_kib);
        assert_eq!(Budget::fill(1 << 20), 917_504);
    }
}
