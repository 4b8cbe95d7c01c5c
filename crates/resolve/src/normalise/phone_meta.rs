//! Phone-number validation from the `phonenumber` crate's own metadata, with every pattern
//! compiled once and kept.
//!
//! `phonenumber` keeps its metadata patterns in a shared 100-entry regex cache and rebuilds
//! them (and their lazy DFAs) when they fall out of it: a number never seen before costs
//! 45–85 µs, most of it compiling regexes. For the only inputs Kingpin gives it — ASCII digits
//! after a `+`, or digits in national form with a region — this module follows the same steps
//! as `phonenumber::parse` followed by `is_valid` and formatting to E.164 (country-code lookup,
//! national-prefix stripping and transform, the length checks, `source_for` and
//! `number_type`), over the same metadata and the same pattern texts, so the answer is the
//! same; the rare step it does not follow (a national-form number starting with its region's
//! international dialling prefix) answers [`Verdict::Unsure`] and goes to `phonenumber`. A test
//! compares the two on a large random sample.

use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;
use std::sync::OnceLock;

/// What the metadata says about a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Valid; its E.164 form.
    Valid(String),
    /// Not a valid number.
    Invalid,
    /// A case this module does not follow: ask `phonenumber`.
    Unsure,
}

const MIN_NSN: usize = 2;
const MAX_NSN: usize = 17;

/// One pattern with the lengths that gate it (`Descriptor::is_match`).
struct Desc {
    possible: Vec<u16>,
    local: Vec<u16>,
    re: Regex,
}

impl Desc {
    fn new(d: &Descriptor) -> Self {
        Self {
            possible: d.possible_length().to_vec(),
            local: d.possible_local_length().to_vec(),
            re: compile(d.national_number().as_str()),
        }
    }

    /// `Descriptor::is_match`: a permitted length and a match starting at 0.
    fn is_match(&self, v: &str) -> bool {
        if !self.possible.is_empty() && !self.possible.contains(&(v.len() as u16)) {
            return false;
        }
        self.re.find(v).is_some_and(|m| m.start() == 0)
    }
}

/// One region's metadata, compiled.
struct Region {
    id: String,
    general: Desc,
    /// Premium rate, toll free, shared cost, VoIP, personal, pager, UAN, voicemail, fixed
    /// line, mobile: a number is valid when the general pattern and any of these match.
    types: Vec<Desc>,
    leading_digits: Option<Regex>,
    international_prefix: Option<Regex>,
    national_prefix: Option<String>,
    prefix_for_parsing: Option<Regex>,
    transform: Option<String>,
}

fn compile(p: &str) -> Regex {
    // The same flags `phonenumber` builds its cached regexes with.
    RegexBuilder::new(p)
        .ignore_whitespace(true)
        .build()
        .expect("phonenumber's metadata patterns compile")
}

fn at_start(re: &Regex, v: &str) -> bool {
    re.find(v).is_some_and(|m| m.start() == 0)
}

impl Region {
    fn new(m: &Metadata) -> Self {
        let d = m.descriptors();
        let types = [
            d.premium_rate(),
            d.toll_free(),
            d.shared_cost(),
            d.voip(),
            d.personal_number(),
            d.pager(),
            d.uan(),
            d.voicemail(),
            d.fixed_line(),
            d.mobile(),
        ]
        .into_iter()
        .flatten()
        .map(Desc::new)
        .collect();
        Self {
            id: m.id().to_string(),
            general: Desc::new(d.general()),
            types,
            leading_digits: m.leading_digits().map(|r| compile(r.as_str())),
            international_prefix: m.international_prefix().map(|r| compile(r.as_str())),
            national_prefix: m.national_prefix().map(str::to_string),
            prefix_for_parsing: m.national_prefix_for_parsing().map(|r| compile(r.as_str())),
            transform: m.national_prefix_transform_rule().map(str::to_string),
        }
    }

    /// `validator::number_type(..) != Type::Unknown`.
    fn valid_type(&self, v: &str) -> bool {
        self.general.is_match(v) && self.types.iter().any(|d| d.is_match(v))
    }

    /// `validator::length(meta, n, Type::Unknown)`: whether it is `TooShort`, and whether
    /// it is possible.
    fn length(&self, v: &str) -> (bool, bool) {
        // With the general descriptor both branches of the crate's choice of lengths are
        // the general lengths.
        let g = &self.general;
        let len = v.len() as u16;
        let Some(&min) = g.possible.first() else {
            return (false, false);
        };
        if g.local.contains(&len) {
            return (false, true);
        }
        if len == min {
            (false, true)
        } else if len < min {
            (true, false)
        } else if len > *g.possible.last().expect("non-empty") {
            (false, false)
        } else {
            (false, g.possible.contains(&len))
        }
    }

    /// `helper::national_number`: the national prefix (and carrier code) stripped, or the
    /// transform applied.
    fn national_number(&self, n: &str) -> String {
        let Some(re) = &self.prefix_for_parsing else {
            if let Some(p) = &self.national_prefix
                && let Some(rest) = n.strip_prefix(p.as_str())
            {
                return rest.to_string();
            }
            return n.to_string();
        };
        let Some(m) = re.find(n) else {
            return n.to_string();
        };
        if m.start() != 0 {
            return n.to_string();
        }
        let viable = self.general.is_match(n);
        let caps = re.captures(n).expect("it matched");
        let last = caps.get(caps.len() - 1);
        match (&self.transform, last) {
            (Some(t), Some(_)) => {
                let transformed = re.replace(n, t.as_str()).into_owned();
                if viable && !self.general.is_match(&transformed) {
                    return n.to_string();
                }
                transformed
            }
            _ => {
                // The crate compares `n[start..]`, which is `n` itself as start is 0.
                n[m.end()..].to_string()
            }
        }
    }
}

/// A country calling code's regions, in the database's order.
struct Code {
    regions: Vec<Region>,
    /// Whether the code is non-geographic (`001`): its first metadata answers.
    non_geo: bool,
    /// A single region whose id is not a known country id: nothing is valid.
    unknown_id: bool,
}

struct Tables {
    /// Metadata by calling code, compiled on first use of that code.
    codes: Vec<OnceLock<Option<Code>>>,
    /// Region id → calling code.
    region_code: HashMap<String, u16>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables {
        codes: (0..1000).map(|_| OnceLock::new()).collect(),
        region_code: DATABASE
            .iter()
            .map(|m| (m.id().to_string(), m.country_code()))
            .collect(),
    })
}

fn code(c: u16) -> Option<&'static Code> {
    let t = tables();
    t.codes
        .get(c as usize)?
        .get_or_init(|| {
            let names = DATABASE.region(&c)?;
            if names.len() == 1 && names[0] == "001" {
                let first = DATABASE.by_code(&c)?.into_iter().next()?;
                return Some(Code {
                    regions: vec![Region::new(first)],
                    non_geo: true,
                    unknown_id: false,
                });
            }
            let unknown_id =
                names.len() == 1 && names[0].parse::<phonenumber::country::Id>().is_err();
            let regions = names
                .iter()
                .filter_map(|n| DATABASE.by_id(*n))
                .map(Region::new)
                .collect();
            Some(Code {
                regions,
                non_geo: false,
                unknown_id,
            })
        })
        .as_ref()
}

/// Whether any metadata exists for a calling code (`Database::by_code(..).is_some()`).
fn known_code(c: u16) -> bool {
    code(c).is_some()
}

/// `validator::source_for`: the region whose metadata judges `national`.
fn source_for<'a>(c: &'a Code, national: &str) -> Option<&'a Region> {
    if c.non_geo {
        return c.regions.first();
    }
    if c.regions.len() == 1 {
        return if c.unknown_id {
            None
        } else {
            c.regions.first()
        };
    }
    c.regions.iter().find(|r| match &r.leading_digits {
        Some(ld) => at_start(ld, national),
        None => r.valid_type(national),
    })
}

/// The end of `parse_with` (length limits, the national number's parse) and `is_valid`,
/// then E.164.
fn finish(cc: u16, national: &str) -> Verdict {
    if national.len() < MIN_NSN || national.len() > MAX_NSN {
        return Verdict::Invalid;
    }
    // `NationalNumber::from_str`: leading zeros counted, the rest must parse below 2^56.
    let zeros = national.bytes().take_while(|&b| b == b'0').count();
    match national[zeros..].parse::<u64>() {
        Ok(v) if v < (1 << 56) => {}
        _ => return Verdict::Invalid,
    }
    let Some(c) = code(cc) else {
        return Verdict::Invalid;
    };
    match source_for(c, national) {
        Some(r) if r.valid_type(national) => Verdict::Valid(format!("+{cc}{national}")),
        _ => Verdict::Invalid,
    }
}

/// Strips the national prefix as `parse_with` does once the region is known.
fn strip_national(r: &Region, national: &str) -> String {
    let mut potential = r.national_number(national);
    if let Some(p) = &r.national_prefix
        && potential.starts_with(p.as_str())
    {
        potential.drain(..p.len());
    }
    if r.length(&potential).0 {
        national.to_string()
    } else {
        potential
    }
}

/// `+DIGITS` (ASCII digits after the plus).
pub fn international(digits: &str) -> Verdict {
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Verdict::Unsure;
    }
    // A country code and a national number of at least two digits need three.
    if digits.len() <= MIN_NSN || digits.starts_with('0') {
        return Verdict::Invalid;
    }
    let Some((cc, len)) = (1..=3).find_map(|len| {
        let cc: u16 = digits[..len].parse().ok()?;
        known_code(cc).then_some((cc, len))
    }) else {
        return Verdict::Invalid;
    };
    let rest = &digits[len..];
    let c = code(cc).expect("known");
    let national = match source_for(c, rest.trim_start_matches('0')) {
        Some(r) => strip_national(r, rest),
        None => rest.to_string(),
    };
    finish(cc, &national)
}

/// `DIGITS` in national form for `region` (ISO 3166 alpha-2, upper case).
pub fn national(digits: &str, region: &str) -> Verdict {
    if digits.len() < MIN_NSN || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Verdict::Unsure;
    }
    let Some(&cc) = tables().region_code.get(region) else {
        return Verdict::Unsure;
    };
    let Some(r) = code(cc).and_then(|c| c.regions.iter().find(|r| r.id == region)) else {
        return Verdict::Unsure;
    };
    // A national-form number that starts with the region's international prefix is read as
    // international by `phonenumber`: not followed here.
    if r.international_prefix
        .as_ref()
        .is_some_and(|re| at_start(re, digits))
    {
        return Verdict::Unsure;
    }
    let code_s = cc.to_string();
    let mut n = digits.to_string();
    if n.starts_with(&code_s) && (!r.general.is_match(&n) || !r.length(&n).1) {
        n.drain(..code_s.len());
    }
    finish(cc, &strip_national(r, &n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::phone::e164_by_phonenumber;
    use phonenumber::country::Id;

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn digits(&mut self, n: usize) -> String {
            (0..n)
                .map(|_| char::from(b'0' + (self.next() % 10) as u8))
                .collect()
        }
    }

    /// Counts of (valid, invalid, unsure) verdicts; panics on any disagreement.
    fn compare(cases: &[(Option<&str>, String)]) -> (usize, usize, usize) {
        let (mut valid, mut invalid, mut unsure) = (0, 0, 0);
        for (region, s) in cases {
            let id = region.map(|r| r.parse::<Id>().expect("a country id"));
            let fast = match id {
                None => international(s.strip_prefix('+').expect("plus")),
                Some(_) => national(s, region.expect("region")),
            };
            let slow = e164_by_phonenumber(id, s);
            match fast {
                Verdict::Valid(e) => {
                    assert_eq!(Some(e), slow, "{s} in {region:?}");
                    valid += 1;
                }
                Verdict::Invalid => {
                    assert_eq!(None, slow, "{s} in {region:?}");
                    invalid += 1;
                }
                Verdict::Unsure => unsure += 1,
            }
        }
        (valid, invalid, unsure)
    }

    /// Example numbers from the metadata, so that valid numbers of every type and region are
    /// in the sample and not only random digits.
    fn examples() -> Vec<(String, u16, Option<String>)> {
        let mut out = Vec::new();
        for m in DATABASE.iter() {
            let d = m.descriptors();
            for desc in [
                Some(d.general()),
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.premium_rate(),
                d.voip(),
                d.uan(),
                d.pager(),
            ]
            .into_iter()
            .flatten()
            {
                if let Some(e) = desc.example() {
                    out.push((
                        e.to_string(),
                        m.country_code(),
                        m.national_prefix().map(str::to_string),
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn agrees_with_phonenumber_on_international_numbers() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let codes: Vec<u16> = (1..1000)
            .filter(|&c| DATABASE.region(&c).is_some())
            .collect();
        let mut cases = Vec::new();
        for (e, cc, prefix) in examples() {
            cases.push((None, format!("+{cc}{e}")));
            // One digit changed: often still valid, often not.
            let k = (rng.next() as usize) % e.len();
            let mut b = e.clone().into_bytes();
            b[k] = b'0' + (rng.next() % 10) as u8;
            cases.push((None, format!("+{cc}{}", String::from_utf8(b).unwrap())));
            // Written with the trunk prefix after the country code ("+44 0 7911…").
            if let Some(p) = prefix {
                cases.push((None, format!("+{cc}{p}{e}")));
            }
        }
        for _ in 0..20_000 {
            let cc = codes[(rng.next() as usize) % codes.len()];
            let n = 1 + (rng.next() % 16) as usize;
            cases.push((None, format!("+{cc}{}", rng.digits(n))));
        }
        for _ in 0..3_000 {
            // Any digits at all, including unknown codes and a leading zero.
            let n = 3 + (rng.next() % 16) as usize;
            cases.push((None, format!("+{}", rng.digits(n))));
        }
        let (valid, invalid, unsure) = compare(&cases);
        assert!(valid > 3_000 && invalid > 10_000, "{valid} {invalid}");
        assert_eq!(unsure, 0, "international numbers are all followed");
    }

    #[test]
    fn agrees_with_phonenumber_on_national_numbers() {
        let mut rng = Rng(0xD1B5_4A32_D192_ED03);
        let regions: Vec<(String, u16, Option<String>)> = DATABASE
            .iter()
            .filter(|m| m.id().parse::<Id>().is_ok())
            .map(|m| {
                (
                    m.id().to_string(),
                    m.country_code(),
                    m.national_prefix().map(str::to_string),
                )
            })
            .collect();
        let by_code: HashMap<u16, Vec<String>> =
            regions.iter().fold(HashMap::new(), |mut acc, (r, cc, _)| {
                acc.entry(*cc).or_default().push(r.clone());
                acc
            });
        let mut cases: Vec<(Option<&str>, String)> = Vec::new();
        for (e, cc, prefix) in examples() {
            let Some(rs) = by_code.get(&cc) else { continue };
            let r = rs[(rng.next() as usize) % rs.len()].as_str();
            let r = regions.iter().find(|x| x.0 == r).map(|x| x.0.as_str());
            cases.push((r, e.clone()));
            cases.push((r, format!("{}{e}", prefix.as_deref().unwrap_or("0"))));
            cases.push((r, format!("{cc}{e}")));
        }
        for _ in 0..20_000 {
            let (r, cc, prefix) = &regions[(rng.next() as usize) % regions.len()];
            let n = 2 + (rng.next() % 14) as usize;
            let body = rng.digits(n);
            let s = match rng.next() % 4 {
                0 => body,
                1 => format!("{}{body}", prefix.as_deref().unwrap_or("0")),
                2 => format!("{cc}{body}"),
                _ => format!("0{body}"),
            };
            cases.push((Some(r.as_str()), s));
        }
        let (valid, invalid, unsure) = compare(&cases);
        assert!(valid > 2_000 && invalid > 10_000, "{valid} {invalid}");
        // Only numbers starting with the region's international prefix are left to phonenumber.
        assert!(unsure * 20 < cases.len(), "{unsure} of {}", cases.len());
    }
}
