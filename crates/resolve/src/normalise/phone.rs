//! Phone numbers to E.164, with the national number's tail kept for numbers whose region
//! cannot be told.

use super::arabic::ascii_digit;
use phonenumber::country::Id;
use phonenumber::{Mode, parse};

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
    let e164 = if plus {
        e164(None, &format!("+{digits}"))
    } else {
        regions
            .iter()
            .filter_map(|r| r.to_ascii_uppercase().parse::<Id>().ok())
            .find_map(|id| e164(Some(id), &digits))
    };
    Some(NormPhone { e164, tail })
}

fn e164(region: Option<Id>, s: &str) -> Option<String> {
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
    fn too_short_or_empty() {
        assert_eq!(normalise_phone("", &["fr"]), None);
        assert_eq!(normalise_phone("12-34", &["fr"]), None);
    }
}
