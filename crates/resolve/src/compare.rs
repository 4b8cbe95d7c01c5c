//! Comparison levels per field: each pair of records gets one level per comparison.

use crate::normalise::dates::DateAgreement;
use crate::normalise::names::NormName;
use crate::record::Record;
use rapidfuzz::distance::jaro_winkler;
use serde::Serialize;

/// Number of comparisons.
pub const N: usize = 5;

/// Level of each comparison for one pair; 0 means a value is missing on one side (no evidence).
pub type Gamma = [u8; N];

/// A comparison and the names of its levels, weakest first; level 0 is "missing", level 1
/// "different".
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Comparison {
    /// Field compared.
    pub name: &'static str,
    /// Level names, index = level.
    pub levels: &'static [&'static str],
}

/// The comparisons, in gamma order.
pub const COMPARISONS: [Comparison; N] = [
    Comparison {
        name: "name",
        levels: &[
            "missing",
            "different",
            "one token shared",
            "Jaro-Winkler >= 0.82",
            "Jaro-Winkler >= 0.92",
            "all parts of the shorter name",
            "transliteration equal",
            "exact",
            "exact or transliteration equal, 3+ parts",
        ],
    },
    Comparison {
        name: "birth date",
        levels: &[
            "missing",
            "different",
            "years one apart",
            "same year",
            "one digit off or day/month swapped",
            "exact",
        ],
    },
    Comparison {
        name: "phone",
        levels: &["missing", "different", "same last 8 digits", "same E.164"],
    },
    Comparison {
        name: "document",
        levels: &["missing", "different", "same number"],
    },
    Comparison {
        name: "nationality",
        levels: &["missing", "different", "same"],
    },
];

/// Index of the name comparison.
pub const NAME: usize = 0;
/// Index of the birth-date comparison.
pub const DOB: usize = 1;
/// Index of the phone comparison.
pub const PHONE: usize = 2;
/// Index of the document comparison.
pub const DOCUMENT: usize = 3;
/// Index of the nationality comparison.
pub const NATIONALITY: usize = 4;

/// The level of every comparison for a pair of records.
pub fn compare(a: &Record, b: &Record) -> Gamma {
    [
        names_level(&a.names, &b.names),
        dob_level(a, b),
        phone_level(a, b),
        set_level(&a.documents, &b.documents),
        set_level(&a.nationalities, &b.nationalities),
    ]
}

fn names_level(a: &[NormName], b: &[NormName]) -> u8 {
    let mut best = 0;
    for x in a {
        for y in b {
            best = best.max(name_level(x, y));
            if best == 8 {
                return best;
            }
        }
    }
    best
}

/// Level of the name comparison for two single names.
pub fn name_level(a: &NormName, b: &NormName) -> u8 {
    if a.tokens.is_empty() || b.tokens.is_empty() {
        return 0;
    }
    // A full name of three or more parts seldom recurs by chance; a bare given name often does.
    let long = a.tokens.len() >= 3 && b.tokens.len() >= 3;
    if a.sorted == b.sorted {
        return if long { 8 } else { 7 };
    }
    if a.sorted_skel == b.sorted_skel && !a.sorted_skel.trim().is_empty() {
        return if long { 8 } else { 6 };
    }
    let (s, l) = if a.tokens.len() <= b.tokens.len() {
        (a, b)
    } else {
        (b, a)
    };
    let mut used = vec![false; l.tokens.len()];
    let mut sum = 0.0;
    let mut matched = 0;
    for (t, sk) in s.tokens.iter().zip(&s.skeletons) {
        let mut best = (0.0f64, usize::MAX);
        for (j, (u, uk)) in l.tokens.iter().zip(&l.skeletons).enumerate() {
            let sim = if t == u {
                1.0
            } else if !sk.is_empty() && sk == uk {
                0.95
            } else {
                jaro_winkler::normalized_similarity(t.bytes(), u.bytes())
            };
            if sim > best.0 && !used[j] {
                best = (sim, j);
            }
        }
        if best.1 != usize::MAX {
            if best.0 >= 0.95 {
                used[best.1] = true;
                matched += 1;
            }
            sum += best.0;
        }
    }
    let avg = sum / s.tokens.len() as f64;
    if s.tokens.len() >= 2 && matched == s.tokens.len() {
        5
    } else if avg >= 0.92 && s.tokens.len() >= 2 {
        4
    } else if avg >= 0.82 && s.tokens.len() >= 2 {
        3
    } else if matched > 0 {
        2
    } else {
        1
    }
}

fn dob_level(a: &Record, b: &Record) -> u8 {
    let mut best = 0;
    for x in &a.birth_dates {
        for y in &b.birth_dates {
            let l = match x.compare(y) {
                DateAgreement::Exact => 5,
                DateAgreement::Slip => 4,
                DateAgreement::SameYear => 3,
                DateAgreement::NearYear => 2,
                DateAgreement::Different => 1,
            };
            best = best.max(l);
        }
    }
    best
}

fn phone_level(a: &Record, b: &Record) -> u8 {
    if a.phones.is_empty() || b.phones.is_empty() {
        return 0;
    }
    let mut best = 1;
    for x in &a.phones {
        for y in &b.phones {
            if x.e164.is_some() && x.e164 == y.e164 {
                return 3;
            }
            if x.tail == y.tail {
                best = 2;
            }
        }
    }
    best
}

fn set_level(a: &[String], b: &[String]) -> u8 {
    if a.is_empty() || b.is_empty() {
        0
    } else if a.iter().any(|x| b.contains(x)) {
        2
    } else {
        1
    }
}

/// Whether two records cannot be one person whatever their names say: full dates of birth
/// that differ beyond any slip. Guards clusters against chaining.
pub fn hard_conflict(a: &Record, b: &Record) -> bool {
    dob_level(a, b) == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::RawPerson;

    fn rec(names: &[&str], dob: &str, phone: &str) -> Record {
        Record::new(&RawPerson {
            id: "x".into(),
            names: names.iter().map(|s| s.to_string()).collect(),
            birth_dates: vec![dob.into()],
            phones: vec![phone.into()],
            ..Default::default()
        })
    }

    #[test]
    fn levels_of_a_noisy_duplicate() {
        let a = rec(
            &["Mihemed Rasul Barwari", "محمد رسول بەرواری"],
            "1988-02-20",
            "+32485056338",
        );
        let b = rec(&["Mihemed Berwari"], "1988", "0032485056338");
        let g = compare(&a, &b);
        assert_eq!(g, [5, 3, 3, 0, 0]);
        let c = rec(&["محمد رسول بەرواری"], "1988-02-21", "");
        assert_eq!(compare(&a, &c)[..2], [8, 4]);
        let d = rec(&["Rasool Mohammed Barwari"], "", "");
        assert_eq!(compare(&a, &d)[0], 8);
    }

    #[test]
    fn unrelated_records_disagree() {
        let a = rec(&["Tran Van Long"], "2004-07-19", "+84914428403");
        let b = rec(&["Karim Jamal Zakhoyi"], "1984-03-06", "+32471721231");
        assert_eq!(compare(&a, &b), [1, 1, 1, 0, 0]);
        assert!(hard_conflict(&a, &b));
    }
}
