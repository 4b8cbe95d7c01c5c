//! Blocking: only records that share a key are compared, so pair counts grow with the data,
//! not with its square.

use crate::record::Record;
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Blocking settings.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct BlockSettings {
    /// Blocks with more records than this are skipped: a key that common (one first name and
    /// birth year) says too little to be worth its quadratic cost.
    pub max_block: usize,
}

impl Default for BlockSettings {
    fn default() -> Self {
        BlockSettings { max_block: 400 }
    }
}

/// The blocking rules, as documented in the README; their union is used.
pub const RULES: &[&str] = &[
    "same phone (last 8 digits)",
    "same document number",
    "two name parts with the same consonant skeletons",
    "one name part's skeleton prefix (two letters) and the same full date of birth",
    "phones used in one handset",
    "same postcode and one name part's skeleton prefix (two letters)",
    "document numbers one typing slip apart (same after deleting one character of each)",
    "same postcode and the first word of the street address (the house number)",
];

fn key(rule: u8, parts: &[&str]) -> u64 {
    let mut h = DefaultHasher::new();
    rule.hash(&mut h);
    parts.hash(&mut h);
    h.finish()
}

/// First character of a name token.
fn initial(t: &str) -> &str {
    &t[..t.char_indices().nth(1).map_or(t.len(), |x| x.0)]
}

/// What the date-of-birth and postcode rules take of a name token: the first two letters of
/// its consonant skeleton (`mohammed`, `muhamad` → `mh`), or its initial when the skeleton is
/// shorter. An initial alone made blocks ten times larger: at 1M synthetic records these two
/// rules gave 11M of 13.7M candidate pairs.
fn prefix<'a>(token: &'a str, skeleton: &'a str) -> &'a str {
    match skeleton.char_indices().nth(2) {
        Some((i, _)) => &skeleton[..i],
        None if skeleton.chars().count() == 2 => skeleton,
        None => initial(token),
    }
}

/// The blocking keys of one record.
pub fn keys(r: &Record) -> Vec<u64> {
    let mut out = Vec::new();
    for p in &r.phones {
        out.push(key(0, &[&p.tail]));
    }
    for d in &r.documents {
        out.push(key(1, &[d]));
        // Deletion neighbourhood: two numbers one substitution or neighbour transposition
        // apart share a key with one character deleted from each.
        if d.len() >= 6 {
            let mut v = String::with_capacity(d.len());
            for (i, _) in d.char_indices() {
                v.clear();
                v.push_str(&d[..i]);
                v.push_str(&d[i + d[i..].chars().next().map_or(0, char::len_utf8)..]);
                out.push(key(6, &[&v]));
            }
        }
    }
    for pc in &r.postcodes {
        for a in &r.addresses {
            if let Some(first) = a.split(' ').next() {
                out.push(key(7, &[pc, first]));
            }
        }
    }
    for h in &r.handsets {
        out.push(key(4, &[&h.to_string()]));
    }
    for pc in &r.postcodes {
        for n in &r.names {
            for (t, sk) in n.tokens.iter().zip(&n.skeletons) {
                out.push(key(5, &[pc, prefix(t, sk)]));
            }
        }
    }
    for n in &r.names {
        let sk: Vec<&str> = n
            .skeletons
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        for i in 0..sk.len() {
            for j in i + 1..sk.len() {
                let (a, b) = if sk[i] <= sk[j] {
                    (sk[i], sk[j])
                } else {
                    (sk[j], sk[i])
                };
                out.push(key(2, &[a, b]));
            }
        }
        for d in r
            .birth_dates
            .iter()
            .filter(|d| d.day.is_some() && !d.year_only())
        {
            let date = format!("{}-{:?}-{:?}", d.year, d.month, d.day);
            for (t, sk) in n.tokens.iter().zip(&n.skeletons) {
                out.push(key(3, &[prefix(t, sk), &date]));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Candidate pairs `(i, j)` with `i < j`, sorted and without duplicates, and the number of
/// blocks skipped for size.
pub fn candidate_pairs(records: &[Record], settings: &BlockSettings) -> (Vec<(u32, u32)>, usize) {
    let mut entries: Vec<(u64, u32)> = records
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, r)| keys(r).into_iter().map(move |k| (k, i as u32)))
        .collect();
    entries.par_sort_unstable();
    let mut blocks: Vec<&[(u64, u32)]> = Vec::new();
    let mut skipped = 0;
    for b in entries.chunk_by(|a, b| a.0 == b.0) {
        if b.len() < 2 {
            continue;
        }
        if b.len() > settings.max_block {
            skipped += 1;
            continue;
        }
        blocks.push(b);
    }
    let mut pairs: Vec<u64> = blocks
        .par_iter()
        .flat_map_iter(|b| {
            (0..b.len()).flat_map(move |i| {
                (i + 1..b.len()).map(move |j| {
                    let (x, y) = (b[i].1.min(b[j].1), b[i].1.max(b[j].1));
                    ((x as u64) << 32) | y as u64
                })
            })
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    let pairs = pairs
        .into_iter()
        .filter(|p| (p >> 32) != (p & 0xffff_ffff))
        .map(|p| ((p >> 32) as u32, p as u32))
        .collect();
    (pairs, skipped)
}
