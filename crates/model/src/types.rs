//! Cleaning of property values by type: what import checks and what the store holds.

use crate::schema::PropType;

/// A value that cannot be a value of its property's type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {kind}: {reason}")]
pub struct ValueError {
    /// The type expected, in words.
    pub kind: &'static str,
    /// The offending value (truncated to 80 characters).
    pub value: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

fn err(kind: &'static str, value: &str, reason: &'static str) -> ValueError {
    ValueError {
        kind,
        value: value.chars().take(80).collect(),
        reason,
    }
}

/// Cleans a raw value for a property of type `kind`: `Ok(None)` for an empty value (nothing to
/// record), `Ok(Some(clean))` for a good one, `Err` for one that cannot be of this type.
pub fn clean_value(kind: PropType, raw: &str) -> Result<Option<String>, ValueError> {
    // Control characters carry no meaning in intelligence data and would corrupt exports
    // and the store's packed statements; tab and newlines survive in text.
    let stripped;
    let raw = if raw.bytes().any(is_control) {
        stripped = raw
            .chars()
            .filter(|c| !c.is_ascii() || !is_control(*c as u8))
            .collect::<String>();
        stripped.as_str()
    } else {
        raw
    };
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let out = match kind {
        PropType::String | PropType::Name => collapse_ws(v),
        PropType::Text => v.to_string(),
        PropType::Identifier => collapse_ws(v),
        PropType::Date => clean_date(v)?,
        PropType::Number => clean_number(v)?,
        PropType::Country => {
            if v.len() == 2 && v.bytes().all(|b| b.is_ascii_alphabetic()) {
                v.to_ascii_lowercase()
            } else {
                return Err(err(
                    "country",
                    v,
                    "expected an ISO 3166-1 alpha-2 code such as iq",
                ));
            }
        }
        PropType::Phone => clean_phone(v)?,
        PropType::Email => {
            let e = v.to_lowercase();
            match e.split_once('@') {
                Some((a, d)) if !a.is_empty() && d.contains('.') && !e.contains(' ') => e,
                _ => return Err(err("e-mail address", v, "expected name@domain")),
            }
        }
        PropType::Url => {
            if v.contains(char::is_whitespace) {
                return Err(err("URL", v, "URLs cannot contain spaces"));
            }
            v.to_string()
        }
        PropType::Entity => {
            if v.len() > 1024 || v.contains(char::is_control) {
                return Err(err(
                    "entity id",
                    v,
                    "ids are at most 1024 bytes, no control characters",
                ));
            }
            v.to_string()
        }
    };
    Ok(Some(out))
}

fn is_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f
}

fn collapse_ws(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for (i, part) in v.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// Maps Arabic-Indic and Extended Arabic-Indic (Persian) digits to ASCII; other chars unchanged.
fn ascii_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

fn clean_phone(v: &str) -> Result<String, ValueError> {
    let mut digits = String::with_capacity(v.len());
    let mut plus = false;
    for (i, c) in v.chars().map(ascii_digit).enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
            _ => {
                return Err(err(
                    "phone number",
                    v,
                    "only digits, spaces, - . ( ) and a leading +",
                ));
            }
        }
    }
    if !plus && digits.starts_with("00") {
        digits.drain(..2);
        plus = true;
    }
    if digits.len() < 5 || digits.len() > 15 {
        return Err(err("phone number", v, "expected 5 to 15 digits"));
    }
    Ok(if plus { format!("+{digits}") } else { digits })
}

fn clean_number(v: &str) -> Result<String, ValueError> {
    let s: String = v
        .chars()
        .map(ascii_digit)
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    match s.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(s),
        _ => Err(err(
            "number",
            v,
            "expected a decimal number such as 1250.50",
        )),
    }
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Accepts ISO 8601 dates of any precision (`2024`, `2024-03`, `2024-03-05`, with time
/// `2024-03-05T22:14`, `…:09`, fractional seconds, `Z` or an offset; a space instead of `T`)
/// and checks the calendar. Returns the canonical form with `T`.
fn clean_date(v: &str) -> Result<String, ValueError> {
    let bad = |reason| err("date", v, reason);
    let v = v.replacen(' ', "T", 1);
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v.as_str(), None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    if parts[0].len() != 4 || parts.len() > 3 {
        return Err(bad("expected an ISO date such as 2024-03-05"));
    }
    let y = num(parts[0]).ok_or_else(|| bad("year is not a number"))?;
    if !(1800..=2200).contains(&y) {
        return Err(bad("year out of range 1800-2200"));
    }
    if let Some(m) = parts.get(1) {
        let m = num(m)
            .filter(|_| m.len() == 2)
            .ok_or_else(|| bad("month must be two digits"))?;
        if !(1..=12).contains(&m) {
            return Err(bad("month out of range"));
        }
        if let Some(d) = parts.get(2) {
            let d = num(d)
                .filter(|_| d.len() == 2)
                .ok_or_else(|| bad("day must be two digits"))?;
            if d == 0 || d > crate::calendar::days_in_month(i64::from(y), m) {
                return Err(bad("no such day in that month"));
            }
        }
    }
    if let Some(t) = time {
        if parts.len() != 3 {
            return Err(bad("a time needs a full date"));
        }
        let core = t.trim_end_matches('Z');
        let core = match core.find(['+', '-']) {
            Some(i) => &core[..i],
            None => core,
        };
        let core = core.split('.').next().unwrap_or("");
        let hms: Vec<&str> = core.split(':').collect();
        let limits = [23, 59, 60];
        if hms.len() < 2 || hms.len() > 3 {
            return Err(bad("time must be HH:MM or HH:MM:SS"));
        }
        for (p, lim) in hms.iter().zip(limits) {
            match num(p) {
                Some(n) if p.len() == 2 && n <= lim => {}
                _ => return Err(bad("time out of range")),
            }
        }
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(t: PropType, v: &str) -> String {
        clean_value(t, v).unwrap().unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(ok(PropType::Date, "2024"), "2024");
        assert_eq!(ok(PropType::Date, "2024-02-29"), "2024-02-29");
        assert_eq!(
            ok(PropType::Date, "2024-03-05 22:14:00"),
            "2024-03-05T22:14:00"
        );
        assert_eq!(
            ok(PropType::Date, "2024-03-05T22:14:00.5+03:00"),
            "2024-03-05T22:14:00.5+03:00"
        );
        for bad in [
            "2023-02-29",
            "24-03-05",
            "2024-13-01",
            "2024-03-05T25:00",
            "05/03/2024",
            "2024-3-5",
        ] {
            assert!(clean_value(PropType::Date, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(ok(PropType::Phone, "+44 7700 900-123"), "+447700900123");
        assert_eq!(ok(PropType::Phone, "00964 750 123 4567"), "+9647501234567");
        assert_eq!(ok(PropType::Phone, "٠٧٥٠١٢٣٤٥٦٧"), "07501234567");
        assert_eq!(ok(PropType::Phone, "۰۷۵۰۱۲۳۴۵۶۷"), "07501234567");
        assert!(clean_value(PropType::Phone, "call me").is_err());
        assert!(clean_value(PropType::Phone, "+1234").is_err());
    }

    #[test]
    fn others() {
        assert_eq!(clean_value(PropType::Name, "   ").unwrap(), None);
        assert_eq!(ok(PropType::Name, " Karwan   Ahmed "), "Karwan Ahmed");
        assert_eq!(ok(PropType::Country, "IQ"), "iq");
        assert!(clean_value(PropType::Country, "Iraq").is_err());
        assert_eq!(ok(PropType::Number, "4,500.50"), "4500.50");
        assert!(clean_value(PropType::Number, "NaN").is_err());
        assert!(clean_value(PropType::Number, "ten").is_err());
        assert_eq!(ok(PropType::Email, "A@B.COM"), "a@b.com");
        assert_eq!(ok(PropType::Text, "a\u{1e}b\u{1f}c\nd\u{0}"), "abc\nd");
    }
}
