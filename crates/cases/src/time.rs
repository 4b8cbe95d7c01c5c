//! Dates and times as analysts type them, checked without a date crate: `YYYY-MM-DD`, or
//! `YYYY-MM-DDTHH:MM[:SS]` with an optional `Z`, always UTC.

use crate::{CaseError, Result};
use kingpin_model::calendar;

/// Now as `YYYY-MM-DDTHH:MM:SSZ`, from this host's clock (computed in Rust: SQLite's date
/// functions have no PostgreSQL spelling).
pub fn now() -> String {
    kingpin_sql::utc_now()
}

/// Today as `YYYY-MM-DD`.
pub fn today() -> String {
    now()[..10].to_string()
}

/// Days from one `YYYY-MM-DD` date to another (negative when `to` is earlier); 0 when either
/// is not a date.
pub fn days_between(from: &str, to: &str) -> f64 {
    let day = |s: &str| {
        date("date", s).ok().map(|d| {
            let n = |r: std::ops::Range<usize>| d[r].parse::<u32>().unwrap_or(0);
            calendar::days_from_civil(i64::from(n(0..4)), n(5..7), n(8..10))
        })
    };
    match (day(from), day(to)) {
        (Some(a), Some(b)) => (b - a) as f64,
        _ => 0.0,
    }
}

fn num(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// A calendar date `YYYY-MM-DD`, checked (month lengths, leap years).
pub fn date(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    let bad = || CaseError::Invalid(format!("{field}: {v:?} is not a date (YYYY-MM-DD)"));
    if v.len() != 10 || &v[4..5] != "-" || &v[7..8] != "-" {
        return Err(bad());
    }
    let (y, m, d) = (
        num(&v[0..4]).ok_or_else(bad)?,
        num(&v[5..7]).ok_or_else(bad)?,
        num(&v[8..10]).ok_or_else(bad)?,
    );
    if !(1..=12).contains(&m) || d == 0 || d > calendar::days_in_month(i64::from(y), m) {
        return Err(bad());
    }
    Ok(v.to_string())
}

/// A date or a date and time (UTC), normalised to `YYYY-MM-DDTHH:MM:SSZ` when a time is given.
pub fn datetime(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.len() == 10 {
        return date(field, v);
    }
    let bad = || {
        CaseError::Invalid(format!(
            "{field}: {v:?} is not a date and time (YYYY-MM-DDTHH:MM[:SS][Z], UTC)"
        ))
    };
    if !v.is_char_boundary(10) {
        return Err(bad());
    }
    let (d, rest) = v.split_at(10);
    let d = date(field, d).map_err(|_| bad())?;
    let rest = rest.strip_prefix(['T', ' ']).ok_or_else(bad)?;
    let rest = rest.strip_suffix('Z').unwrap_or(rest);
    let parts: Vec<&str> = rest.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
        return Err(bad());
    }
    let h = num(parts[0]).ok_or_else(bad)?;
    let mi = num(parts[1]).ok_or_else(bad)?;
    let s = parts.get(2).map_or(Some(0), |p| num(p)).ok_or_else(bad)?;
    if h > 23 || mi > 59 || s > 59 {
        return Err(bad());
    }
    Ok(format!("{d}T{h:02}:{mi:02}:{s:02}Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_times_normalised() {
        assert_eq!(date("due", "2024-02-29").unwrap(), "2024-02-29");
        assert!(date("due", "2023-02-29").is_err());
        assert!(date("due", "2023-13-01").is_err());
        assert!(date("due", "23-01-01").is_err());
        assert_eq!(
            datetime("at", "2026-03-01 14:05").unwrap(),
            "2026-03-01T14:05:00Z"
        );
        assert_eq!(
            datetime("at", "2026-03-01T14:05:09Z").unwrap(),
            "2026-03-01T14:05:09Z"
        );
        assert_eq!(datetime("at", "2026-03-01").unwrap(), "2026-03-01");
        assert_eq!(days_between("2026-11-20", "2026-12-01"), 11.0);
        assert_eq!(days_between("2024-03-01", "2024-02-28"), -2.0);
        assert_eq!(days_between("2024-03-01", "soon"), 0.0);
        assert!(now().ends_with('Z') && today().len() == 10);
        for bad in [
            "2026-03-01T24:00",
            "2026-03-01T1:00",
            "2026-03-01X10:00",
            "now",
            "2026-03-01T10:00:00+01:00",
        ] {
            let e = datetime("seized at", bad).unwrap_err().to_string();
            assert!(e.starts_with("seized at: "), "{e}");
        }
    }
}
