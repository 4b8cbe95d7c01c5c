//! ISO dates and date-times as stored (`2025-03-04` or `2025-03-04T21:13:00`) to epoch seconds.

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0i64, |n, &c| n * 10 + (c - b'0') as i64))
}

/// Epoch seconds (UTC) of `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`; any
/// fraction or zone suffix is ignored. `None` when it is not such a date.
pub fn parse_epoch(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let year = digits(b.get(0..4)?)?;
    let part = |at: usize| -> Option<i64> {
        match b.get(at) {
            None => Some(-1),
            Some(_) => digits(b.get(at + 1..at + 3)?),
        }
    };
    let month = part(4)?;
    let (month, day) = if month < 0 {
        (1, 1)
    } else {
        let d = part(7)?;
        (month, if d < 0 { 1 } else { d })
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut secs =
        kingpin_model::calendar::days_from_civil(year, month as u32, day as u32) * 86_400;
    if b.len() > 10 {
        let h = digits(b.get(11..13)?)?;
        let mi = b.get(14..16).and_then(digits).unwrap_or(0);
        let se = b.get(17..19).and_then(digits).unwrap_or(0);
        secs += h * 3600 + mi * 60 + se;
    }
    Some(secs)
}

#[cfg(test)]
mod tests {
    use super::parse_epoch;

    #[test]
    fn known_instants() {
        assert_eq!(parse_epoch("1970-01-01"), Some(0));
        assert_eq!(parse_epoch("2025-01-01"), Some(1_735_689_600));
        assert_eq!(parse_epoch("2025-11-06T21:43:09"), Some(1_762_465_389));
        assert_eq!(parse_epoch("2025-11-06T21:43:09.5Z"), Some(1_762_465_389));
        assert_eq!(parse_epoch("2024-02-29"), Some(1_709_164_800));
        assert_eq!(parse_epoch("2025"), Some(1_735_689_600));
        assert_eq!(parse_epoch("2025-13-01"), None);
        assert_eq!(parse_epoch("soon"), None);
    }
}
