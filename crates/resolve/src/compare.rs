//! Comparison levels per field: each pair of records gets one level per comparison.

use crate::normalise::dates::DateAgreement;
use crate::normalise::names::NormName;
use crate::record::{NamePart, Record};
use rapidfuzz::distance::{jaro_winkler, osa};
use serde::Serialize;

/// Number of comparisons.
pub const N: usize = 11;

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
            "two digits off",
            "within a month",
            "one digit off, transposed or day/month swapped",
            "exact",
        ],
    },
    Comparison {
        name: "phone",
        levels: &[
            "missing",
            "different, each seen in other handsets",
            "different",
            "used in one handset",
            "same last 8 digits",
            "same E.164",
        ],
    },
    Comparison {
        name: "document",
        levels: &[
            "missing",
            "different",
            "two edits apart",
            "one edit apart",
            "same number",
        ],
    },
    Comparison {
        name: "nationality",
        levels: &["missing", "different", "same"],
    },
    Comparison {
        name: "gender",
        levels: &["missing", "different", "same"],
    },
    Comparison {
        name: "address",
        levels: &["missing", "different", "Jaro-Winkler >= 0.88", "same"],
    },
    Comparison {
        name: "town",
        levels: &["missing", "different", "Jaro-Winkler >= 0.9", "same"],
    },
    Comparison {
        name: "postcode",
        levels: &["missing", "different", "same"],
    },
    Comparison {
        name: "given name",
        levels: PART_LEVELS,
    },
    Comparison {
        name: "family name",
        levels: PART_LEVELS,
    },
];

/// Levels of the given-name and family-name comparisons (records that keep the two apart).
const PART_LEVELS: &[&str] = &[
    "missing",
    "different",
    "Jaro-Winkler >= 0.7",
    "Jaro-Winkler >= 0.88",
    "Jaro-Winkler >= 0.92",
    "transliteration equal",
    "exact",
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
/// Index of the gender comparison.
pub const GENDER: usize = 5;
/// Index of the street-address comparison.
pub const ADDRESS: usize = 6;
/// Index of the town comparison.
pub const TOWN: usize = 7;
/// Index of the postcode comparison.
pub const POSTCODE: usize = 8;
/// Index of the given-name comparison.
pub const GIVEN: usize = 9;
/// Index of the family-name comparison.
pub const FAMILY: usize = 10;

/// Birth-date level "one digit off, transposed or day/month swapped".
pub const DOB_SLIP: u8 = 6;
/// Document level "same number".
pub const DOCUMENT_SAME: u8 = 4;
/// Document level "one edit apart".
pub const DOCUMENT_ONE_EDIT: u8 = 3;
/// Given/family-name level "transliteration equal".
pub const PART_TRANSLITERATION: u8 = 5;

/// Whether a pair agrees on more than a name: a phone (or a handset), a document (at most
/// one edit apart), a full date of birth (at most one slip apart) or a street address.
/// Clustering lets only such links join groups.
pub fn has_evidence(g: &Gamma) -> bool {
    g[PHONE] >= 3 || g[DOCUMENT] >= DOCUMENT_ONE_EDIT || g[DOB] >= DOB_SLIP || g[ADDRESS] >= 2
}

/// Whether a pair's names agree strongly: the whole name at "all parts of the shorter name"
/// or above, or given and family names each transliteration-equal or exact.
pub fn names_agree(g: &Gamma) -> bool {
    g[NAME] >= 5 || (g[GIVEN] >= PART_TRANSLITERATION && g[FAMILY] >= PART_TRANSLITERATION)
}

/// The level of every comparison for a pair of records.
pub fn compare(a: &Record, b: &Record) -> Gamma {
    compare_tf(a, b).0
}

/// The level of every comparison, and the term frequency of the name value the name level
/// agreed on (0 when the level is below "all parts of the shorter name" or frequencies are
/// not set): the input of the term-frequency adjustment ([`crate::em::Params::tf_adjustment`]).
pub fn compare_tf(a: &Record, b: &Record) -> (Gamma, f32) {
    let (g, best) = compare_full(a, b);
    (g, best.0)
}

/// The level of every comparison, with the term frequency of the agreed name value and the
/// indexes of the two names that gave the name level (in `a.names`, `b.names`).
///
/// When both records keep given and family names apart, those two comparisons stand in for
/// the whole-name one (level 0 there), so no name counts twice: a typo in each part is then
/// two fuzzy agreements, not one whole name that is neither equal nor close.
pub fn compare_full(a: &Record, b: &Record) -> (Gamma, (f32, u8, u8)) {
    let split = a.has_parts() && b.has_parts();
    let (name, tf, i, j) = if split {
        (0, 0.0, 0, 0)
    } else {
        names_level(&a.names, &b.names)
    };
    let (given, family) = if split { parts_levels(a, b) } else { (0, 0) };
    (
        [
            name,
            dob_level(a, b),
            phone_level(a, b),
            document_level(&a.documents, &b.documents),
            set_level(&a.nationalities, &b.nationalities),
            gender_level(a, b),
            fuzzy_level(&a.addresses, &b.addresses, 0.88),
            fuzzy_level(&a.localities, &b.localities, 0.9),
            set_level(&a.postcodes, &b.postcodes),
            given,
            family,
        ],
        (tf, i, j),
    )
}

/// Given-name and family-name levels; given and family names swapped (a clerk's slip)
/// count when, swapped, no part disagrees, one agrees at least at the loosest fuzzy level and
/// the two agree better than unswapped. A missing part does not stop it: `Lewis, Abigail`
/// against `Abigail` with no family name is one name written the other way round.
fn parts_levels(a: &Record, b: &Record) -> (u8, u8) {
    let straight = (
        part_level(&a.given, &b.given),
        part_level(&a.family, &b.family),
    );
    let crossed = (
        part_level(&a.given, &b.family),
        part_level(&a.family, &b.given),
    );
    if crossed.0 != 1
        && crossed.1 != 1
        && crossed.0.max(crossed.1) >= 2
        && crossed.0 + crossed.1 > straight.0 + straight.1
    {
        crossed
    } else {
        straight
    }
}

/// Best level over all given (or family) names of two records: exact, transliteration
/// (skeleton) equal, Jaro-Winkler bands as Splink's name comparison, different.
fn part_level(a: &[NamePart], b: &[NamePart]) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let mut best = 1;
    for x in a {
        for y in b {
            let l = if x.text == y.text {
                6
            } else if !x.skel.is_empty() && x.skel == y.skel {
                5
            } else {
                let s = jaro_winkler::normalized_similarity(x.text.bytes(), y.text.bytes());
                if s >= 0.92 {
                    4
                } else if s >= 0.88 {
                    3
                } else if s >= 0.7 {
                    2
                } else {
                    1
                }
            };
            best = best.max(l);
        }
    }
    best
}

/// Same number, one or two edits apart (optimal string alignment: a transposition is one
/// edit), or different: identifiers are copied by hand and mistyped.
fn document_level(a: &[String], b: &[String]) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let mut best = 1;
    for x in a {
        for y in b {
            if x == y {
                return DOCUMENT_SAME;
            }
            // Short identifiers (a house number, a 3-digit code) are too easily one edit apart.
            if x.len().min(y.len()) >= 5 {
                match osa::distance(x.bytes(), y.bytes()) {
                    1 => best = best.max(DOCUMENT_ONE_EDIT),
                    2 => best = best.max(2),
                    _ => {}
                }
            }
        }
    }
    best
}

fn gender_level(a: &Record, b: &Record) -> u8 {
    match (a.female, b.female) {
        (Some(x), Some(y)) if x == y => 2,
        (Some(_), Some(_)) => 1,
        _ => 0,
    }
}

/// Best name level over all names of both records, with the term frequency of the value
/// agreed on (the rarest, when several name pairs reach the best level).
fn names_level(a: &[NormName], b: &[NormName]) -> (u8, f32, u8, u8) {
    let mut best = (0, 0.0f32, 0, 0);
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            let l = name_level(x, y);
            if l < best.0 {
                continue;
            }
            let tf = name_tf(x, y, l);
            if l > best.0 || (tf > 0.0 && (best.1 == 0.0 || tf < best.1)) {
                best = (l, tf, i as u8, j as u8);
            }
        }
    }
    best
}

/// Term frequency of what two names agree on at level `level`: the whole name (exact),
/// its skeletons (transliteration equal), or the shorter name (all its parts in the longer).
pub fn name_tf(a: &NormName, b: &NormName, level: u8) -> f32 {
    match level {
        7 => a.tf_sorted.max(b.tf_sorted),
        8 if a.sorted == b.sorted => a.tf_sorted.max(b.tf_sorted),
        6 | 8 => a.tf_skel.max(b.tf_skel),
        5 => {
            if a.tokens.len() <= b.tokens.len() {
                a.tf_sorted
            } else {
                b.tf_sorted
            }
        }
        _ => 0.0,
    }
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
    // Which tokens of the longer name are taken; names past 64 tokens never reach here
    // (records keep few names, each of a few parts), but the guard keeps it sound.
    let mut used: u64 = 0;
    let taken = |used: u64, j: usize| j < 64 && used & (1 << j) != 0;
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
            if sim > best.0 && !taken(used, j) {
                best = (sim, j);
            }
        }
        if best.1 != usize::MAX {
            if best.0 >= 0.95 {
                if best.1 < 64 {
                    used |= 1 << best.1;
                }
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
                DateAgreement::Exact => 7,
                DateAgreement::Slip => DOB_SLIP,
                DateAgreement::WithinMonth => 5,
                DateAgreement::TwoDigits => 4,
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
    let mut best = 0;
    for x in &a.phones {
        for y in &b.phones {
            if x.e164.is_some() && x.e164 == y.e164 {
                return 5;
            }
            if x.tail == y.tail {
                best = 4;
            }
        }
    }
    if best > 0 {
        best
    } else if a.handsets.iter().any(|h| b.handsets.contains(h)) {
        3
    } else if a.handsets_complete && b.handsets_complete {
        1
    } else {
        2
    }
}

/// Missing, different, Jaro-Winkler at or above `close`, or equal: the best over both lists.
fn fuzzy_level(a: &[String], b: &[String], close: f64) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let mut best = 1;
    for x in a {
        for y in b {
            if x == y {
                return 3;
            }
            if jaro_winkler::normalized_similarity(x.bytes(), y.bytes()) >= close {
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

/// Whether two records share a document number or a phone number exactly: a differing date
/// of birth between them is then a slip or a false date, not two people, so it vetoes no
/// merge (on febrl2 and febrl3 such pairs kept a person's records in two clusters).
pub fn same_identifier(a: &Record, b: &Record) -> bool {
    a.documents.iter().any(|d| b.documents.contains(d))
        || a.phones
            .iter()
            .any(|p| b.phones.iter().any(|q| p.tail == q.tail))
}

/// Whether two records cannot be one person whatever their names say: full dates of birth
/// that differ beyond any slip. Guards clusters against chaining.
pub fn hard_conflict(a: &Record, b: &Record) -> bool {
    dob_level(a, b) == 1 || (gender_level(a, b) == 1 && !a.gender_inferred && !b.gender_inferred)
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
        assert_eq!(g, [5, 3, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
        let c = rec(&["محمد رسول بەرواری"], "1988-02-21", "");
        assert_eq!(compare(&a, &c)[..2], [8, DOB_SLIP]);
        let d = rec(&["Rasool Mohammed Barwari"], "", "");
        assert_eq!(compare(&a, &d)[0], 8);
    }

    #[test]
    fn term_frequency_lowers_common_and_raises_rare_names() {
        use crate::em::Params;
        use crate::record::set_term_frequencies;
        // Five people called Muhammad Ahmad (one group each), one Rebwar Barzani with two
        // records in one group.
        let mut recs: Vec<Record> = (0..5).map(|_| rec(&["Muhammad Ahmad"], "", "")).collect();
        recs.push(rec(&["Rebwar Barzani"], "", ""));
        recs.push(rec(&["Rebwar Barzani"], "", ""));
        set_term_frequencies(&mut recs, &[0, 1, 2, 3, 4, 5, 5]);
        let (g_common, tf_common) = compare_tf(&recs[0], &recs[1]);
        let (g_rare, tf_rare) = compare_tf(&recs[5], &recs[6]);
        assert_eq!((g_common[NAME], g_rare[NAME]), (7, 7));
        assert!(tf_common > tf_rare, "{tf_common} {tf_rare}");
        let p = Params::initial();
        let common = p.tf_adjustment(7, tf_common, 10.0);
        let rare = p.tf_adjustment(7, tf_rare, 10.0);
        assert!(common < rare, "{common} {rare}");
        // Against a reference frequency between the two: the common name loses weight, the
        // rare one gains (up to the cap), levels below 5 are not adjusted.
        let mut centred = p.clone();
        centred.tf_reference = vec![((tf_common * tf_rare) as f64).sqrt(); 9];
        assert!(centred.tf_adjustment(7, tf_common, 10.0) < 0.0);
        assert!(centred.tf_adjustment(7, tf_rare, 10.0) > 0.0);
        assert_eq!(centred.tf_adjustment(7, tf_rare, 0.0), 0.0);
        assert_eq!(centred.tf_adjustment(4, tf_common, 10.0), 0.0);
    }

    #[test]
    fn address_levels() {
        let mut a = rec(&["Ilir Krasniqi"], "", "");
        let mut b = rec(&["Ilir Krasniqi"], "", "");
        assert_eq!(compare(&a, &b)[ADDRESS..=POSTCODE], [0, 0, 0]);
        a.addresses = vec!["12 wattle street".into()];
        b.addresses = vec!["12 wattel street".into()];
        a.localities = vec!["kingston".into()];
        b.localities = vec!["kingston".into()];
        a.postcodes = vec!["2604".into()];
        b.postcodes = vec!["2605".into()];
        assert_eq!(compare(&a, &b)[ADDRESS..=POSTCODE], [2, 3, 1]);
        assert!(has_evidence(&compare(&a, &b)));
        b.addresses = vec!["7 banks road".into()];
        assert_eq!(compare(&a, &b)[ADDRESS], 1);
        assert!(!has_evidence(&compare(&a, &b)));
    }

    #[test]
    fn given_and_family_names_apart() {
        let split = |given: &str, family: &str| {
            Record::new(&RawPerson {
                id: "x".into(),
                names: vec![format!("{given} {family}")],
                given: vec![given.into()],
                family: vec![family.into()],
                ..Default::default()
            })
        };
        let a = split("Isabelle", "Mccarthy");
        let g = compare(&a, &split("Isabellr", "Mccartny"));
        assert_eq!(
            (g[NAME], g[GIVEN], g[FAMILY]),
            (0, 4, 4),
            "the parts stand in for the name"
        );
        let g = compare(&a, &split("Isabele", "Mcarthy"));
        assert_eq!(
            (g[GIVEN], g[FAMILY]),
            (5, 5),
            "a doubled letter dropped: same skeleton"
        );
        let g = compare(&a, &split("Mccarthy", "Isabelle"));
        assert_eq!((g[GIVEN], g[FAMILY]), (6, 6), "swapped parts");
        let g = compare(&a, &split("Xavier", "Mccarthy"));
        assert_eq!((g[GIVEN], g[FAMILY]), (1, 6));
        let g = compare(&a, &split("Mihemed", ""));
        assert_eq!(
            (g[GIVEN], g[FAMILY]),
            (1, 0),
            "a missing part is no evidence"
        );
        // Written the other way round, one part missing (fake_1000: `Lewis, Abigail` ~
        // `Abigail`; `Jones` ~ `Jones, Lilly`).
        let g = compare(&split("Lewis", "Abigail"), &split("Abigail", ""));
        assert_eq!((g[GIVEN], g[FAMILY]), (0, 6));
        let g = compare(&split("", "Jones"), &split("Jones", "Lilly"));
        assert_eq!((g[GIVEN], g[FAMILY]), (0, 6));
        let g = compare(&split("Lewis", "Abigail"), &split("Abigail", "Lewis"));
        assert_eq!((g[GIVEN], g[FAMILY]), (6, 6));
        let g = compare(&split("Lewis", "Abigail"), &split("Abigail", "Xavier"));
        assert_eq!(
            (g[GIVEN], g[FAMILY]),
            (1, 1),
            "swapped, the other part disagrees"
        );
        let b = split("Mohammed", "Barwari");
        assert_eq!(compare(&split("Mihemed", "Berwari"), &b)[GIVEN..], [6, 5]);
        // Against a record with a whole name only, the whole names are compared.
        let whole = rec(&["Isabelle Mccarthy"], "", "");
        assert_eq!(compare(&a, &whole)[NAME..=NAME], [7]);
        assert_eq!(compare(&a, &whole)[GIVEN..], [0, 0]);
    }

    #[test]
    fn documents_one_or_two_edits_apart() {
        let d = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            document_level(&d(&["4314184"]), &d(&["4314184"])),
            DOCUMENT_SAME
        );
        assert_eq!(
            document_level(&d(&["4314184"]), &d(&["4341184"])),
            DOCUMENT_ONE_EDIT
        );
        assert_eq!(
            document_level(&d(&["4314184"]), &d(&["431418"])),
            DOCUMENT_ONE_EDIT
        );
        assert_eq!(document_level(&d(&["4314184"]), &d(&["4314999"])), 1);
        assert_eq!(document_level(&d(&["4314184"]), &d(&["4314100"])), 2);
        assert_eq!(
            document_level(&d(&["123"]), &d(&["124"])),
            1,
            "too short to forgive"
        );
        assert_eq!(document_level(&d(&[]), &d(&["124"])), 0);
    }

    #[test]
    fn shared_identifiers() {
        let mut a = rec(&["Matild Madigan"], "1901-08-28", "");
        let mut b = rec(&["Madigan"], "1930-11-07", "");
        assert!(hard_conflict(&a, &b) && !same_identifier(&a, &b));
        a.documents = vec!["5084817".into()];
        b.documents = vec!["5084817".into()];
        assert!(same_identifier(&a, &b), "one document number");
        b.documents = vec!["5084871".into()];
        assert!(!same_identifier(&a, &b), "one edit apart is not the same");
        let c = rec(&["Madigan"], "", "+32485056338");
        let d = rec(&["Madigan"], "", "0485056338");
        assert!(same_identifier(&c, &d), "one phone, written two ways");
    }

    #[test]
    fn stated_gender_conflicts() {
        let mut a = rec(&["Ilir Krasniqi"], "", "");
        let mut b = rec(&["Elira Krasniqi"], "", "");
        assert!(!hard_conflict(&a, &b));
        a.female = Some(false);
        b.female = Some(true);
        assert_eq!(compare(&a, &b)[GENDER], 1);
        assert!(hard_conflict(&a, &b));
        b.gender_inferred = true;
        assert!(
            !hard_conflict(&a, &b),
            "an inferred gender is evidence, not a veto"
        );
    }

    #[test]
    fn unrelated_records_disagree() {
        let a = rec(&["Tran Van Long"], "2004-07-19", "+84914428403");
        let b = rec(&["Karim Jamal Zakhoyi"], "1984-03-06", "+32471721231");
        assert_eq!(compare(&a, &b), [1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert!(hard_conflict(&a, &b));
    }
}
