//! A Bloom filter over the id hashes of every entity in the store.
//!
//! Most ids an import meets are new (every call record is its own entity); without the filter
//! each would cost an index probe that finds nothing. A "no" from the filter is certain, so
//! the probe is skipped; a "maybe" still asks the database, so a false positive costs one probe
//! and never a wrong answer.

/// Bits per expected entry: with 7 probes, about 1% false positives at full capacity.
const BITS_PER_ENTRY: usize = 10;
const PROBES: u32 = 7;

/// The filter, sized for a number of entries; `is_full` says when to rebuild it bigger.
pub struct IdFilter {
    bits: Vec<u64>,
    mask: u64,
    capacity: usize,
    len: usize,
}

impl IdFilter {
    /// An empty filter with room for `capacity` entries at the designed error rate.
    pub fn with_capacity(capacity: usize) -> Self {
        let capacity = capacity.max(1 << 16);
        let nbits = (capacity * BITS_PER_ENTRY).next_power_of_two();
        IdFilter {
            bits: vec![0; nbits / 64],
            mask: nbits as u64 - 1,
            capacity,
            len: 0,
        }
    }

    /// Adds an id hash.
    pub fn insert(&mut self, h: i64) {
        let mask = self.mask;
        for bit in positions(h, mask) {
            self.bits[(bit / 64) as usize] |= 1 << (bit % 64);
        }
        self.len += 1;
    }

    /// False when `h` was certainly never inserted.
    pub fn may_contain(&self, h: i64) -> bool {
        positions(h, self.mask).all(|bit| self.bits[(bit / 64) as usize] & (1 << (bit % 64)) != 0)
    }

    /// True once more entries went in than the filter was sized for.
    pub fn is_full(&self) -> bool {
        self.len > self.capacity
    }

    /// Entries inserted so far.
    pub fn len(&self) -> usize {
        self.len
    }
}

/// Double hashing (Kirsch-Mitzenmacher) from two remixes of the stored FNV hash, whose low
/// bits alone are not random enough.
fn positions(h: i64, mask: u64) -> impl Iterator<Item = u64> {
    let a = splitmix(h as u64);
    let b = splitmix(a) | 1;
    (0..PROBES).map(move |i| a.wrapping_add(u64::from(i).wrapping_mul(b)) & mask)
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_false_negatives_and_few_false_positives() {
        let mut f = IdFilter::with_capacity(100_000);
        for i in 0..100_000i64 {
            f.insert(i.wrapping_mul(0x1234_5678_9abc_def1));
        }
        for i in 0..100_000i64 {
            assert!(f.may_contain(i.wrapping_mul(0x1234_5678_9abc_def1)));
        }
        let false_pos = (100_000..200_000i64)
            .filter(|i| f.may_contain(i.wrapping_mul(0x1234_5678_9abc_def1)))
            .count();
        assert!(false_pos < 2_000, "{false_pos} false positives in 100k");
        assert!(!f.is_full());
        f.insert(-1);
        assert!(f.is_full(), "sized for 100k, holds {}", f.len());
    }
}
