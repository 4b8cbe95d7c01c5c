//! Phone numbers to E.164, with the national number's tail kept for numbers whose region
//! cannot be told.

use super::arabic::ascii_digit;
use super::phone_meta::{self, Verdict};
use phonenumber::country::Id;
use phonenumber::{Mode, parse};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// A phone number brought to comparable form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormPhone {
    /// E.164 (`+9647501112222`) when the number parses as valid for its region.
    pub e164: Option<String>,
    /// The last eight digits: national and international spellings of one number share it
    /// even when the region is unknown.
    pub tail: String,
}

/// Normalises a raw phone number. `regions` are ISO 3166 alpha-2 codes to try, in order, for
/// numbers written in national form (`0750…`); international forms (`+…`, `00…`) need none.
/// Arabic-Indic and Persian digits are read as digits. `None` when fewer than 6 digits remain.
pub fn normalise_phone(raw: &str, regions: &[&str]) -> Option<NormPhone> {
    normalise_phone_cached(raw, regions, None)
}

/// Parsed numbers by cleaned digits (and the regions tried, for national forms): parsing with
/// `phonenumber` is most of the normalisation time, and ledgers repeat the same numbers in
/// row after row. Shared by all threads; the result is the same with or without it.
#[derive(Default)]
pub struct PhoneCache {
    shards: [Mutex<HashMap<String, Option<String>>>; 16],
}

impl PhoneCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Distinct numbers parsed so far.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().map_or(0, |m| m.len()))
            .sum()
    }

    /// Whether nothing has been parsed yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get_or(&self, key: String, parse: impl FnOnce() -> Option<String>) -> Option<String> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        let shard = &self.shards[(h.finish() % 16) as usize];
        if let Some(v) = shard.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return v;
        }
        // Parsed outside the lock: two threads may parse one number twice, never wrongly.
        let v = parse();
        if let Ok(mut m) = shard.lock() {
            m.insert(key, v.clone());
        }
        v
    }
}

/// [`normalise_phone`] through a [`PhoneCache`] when one is given.
pub fn normalise_phone_cached(
    raw: &str,
    regions: &[&str],
    cache: Option<&PhoneCache>,
) -> Option<NormPhone> {
    let mut digits = String::with_capacity(raw.len());
    let mut plus = false;
    for c in raw.chars().map(ascii_digit) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == '+' && digits.is_empty() {
            plus = true;
        }
    }
    if !plus && digits.starts_with("00") {
        digits.drain(..2);
        plus = true;
    }
    if digits.len() < 6 {
        return None;
    }
    let tail = digits[digits.len() - 8.min(digits.len())..].to_string();
    let parse = || {
        if plus {
            e164(None, &format!("+{digits}"))
        } else {
            regions
                .iter()
                .filter_map(|r| r.to_ascii_uppercase().parse::<Id>().ok())
                .find_map(|id| e164(Some(id), &digits))
        }
    };
    let e164 = match cache {
        None => parse(),
        Some(c) => {
            let key = if plus {
                format!("+{digits}")
            } else {
                let mut k = digits.clone();
                for r in regions {
                    k.push(' ');
                    k.push_str(&r.to_ascii_uppercase());
                }
                k
            };
            c.get_or(key, parse)
        }
    };
    Some(NormPhone { e164, tail })
}

/// E.164 for `s` (`+DIGITS`, or national DIGITS with a region) if it is valid: first from
/// the metadata with compiled patterns, `phonenumber` itself only where that is unsure.
fn e164(region: Option<Id>, s: &str) -> Option<String> {
    let verdict = match (region, s.strip_prefix('+')) {
        (None, Some(d)) => phone_meta::international(d),
        (Some(id), _) => phone_meta::national(s, id.as_ref()),
        (None, None) => Verdict::Unsure,
    };
    match verdict {
        Verdict::Valid(e) => Some(e),
        Verdict::Invalid => None,
        Verdict::Unsure => e164_by_phonenumber(region, s),
    }
}

/// E.164 through `phonenumber`'s parser and validator (20–85 µs for a number it has not
/// seen, as its regex cache holds only 100 patterns).
pub(crate) fn e164_by_phonenumber(region: Option<Id>, s: &str) -> Option<String> {
    let n = parse(region, s).ok()?;
    n.is_valid()
        .then(|| n.format().mode(Mode::E164).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn international_and_national_forms_meet() {
        let a = normalise_phone("+964 750 111 2222", &[]).unwrap();
        let b = normalise_phone("00964 750 111 2222", &[]).unwrap();
        let c = normalise_phone("0750 111 2222", &["iq"]).unwrap();
        assert_eq!(a.e164.as_deref(), Some("+9647501112222"));
        assert_eq!(a, b);
        assert_eq!(a, c);
        let d = normalise_phone("0676460966", &[]).unwrap();
        assert_eq!(d.e164, None);
        assert_eq!(d.tail, "76460966");
        assert_eq!(
            normalise_phone("+33 676 460 966", &[]).unwrap().tail,
            d.tail
        );
    }

    #[test]
    fn arabic_indic_and_persian_digits() {
        let a = normalise_phone("+٩٦٤٧٥٠١١١٢٢٢٢", &[]).unwrap();
        let b = normalise_phone("۰۰۹۶۴۷۵۰۱۱۱۲۲۲۲", &[]).unwrap();
        assert_eq!(a.e164.as_deref(), Some("+9647501112222"));
        assert_eq!(a, b);
    }

    #[test]
    fn cache_gives_identical_output() {
        let cache = PhoneCache::new();
        let inputs: &[(&str, &[&str])] = &[
            ("+964 750 111 2222", &[]),
            ("0750 111 2222", &["iq"]),
            ("0750 111 2222", &["fr"]),
            ("0750 111 2222", &["fr", "iq"]),
            ("0676460966", &[]),
            ("۰۰۹۶۴۷۵۰۱۱۱۲۲۲۲", &[]),
            ("12-34", &["fr"]),
        ];
        for _ in 0..2 {
            for (raw, regions) in inputs {
                assert_eq!(
                    normalise_phone_cached(raw, regions, Some(&cache)),
                    normalise_phone(raw, regions),
                    "{raw} {regions:?}"
                );
            }
        }
        // One entry per distinct cleaned number and region list; "+964…" is shared.
        assert_eq!(cache.len(), 5);
    }

    #[test]
    fn too_short_or_empty() {
        assert_eq!(normalise_phone("", &["fr"]), None);
        assert_eq!(normalise_phone("12-34", &["fr"]), None);
    }
}
