//! The 64-bit hash under which entity ids are indexed.
//!
//! Indexing ids by an 8-byte hash instead of their text (often 45 bytes of SHA-1 hex) keeps
//! the index small enough to stay in the page cache during large imports; the text is
//! compared on every hit, so collisions cost a comparison, never a wrong answer.

/// FNV-1a over the id's bytes: stable across versions and platforms, as stored hashes must be.
pub fn id_hash(id: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in id.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_values() {
        // Stored in databases: these values must never change.
        assert_eq!(id_hash(""), 0xcbf2_9ce4_8422_2325_u64 as i64);
        assert_eq!(id_hash("a"), 0xaf63_dc4c_8601_ec8c_u64 as i64);
        assert_ne!(
            id_hash("phone-+447700900123"),
            id_hash("phone-+447700900124")
        );
    }
}
