//! Calendar dates: the MRZ's YYMMDD fields, century inference, and ISO dates for options.

use std::fmt;

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Four-digit year.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day of the month, 1-31.
    pub day: u8,
}

/// Whether `year` has a 29 February.
pub const fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Number of days in `month` of `year` (0 for a month outside 1-12).
pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date, if it exists on the calendar.
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if day >= 1 && day <= days_in_month(year, month) {
            Some(Date { year, month, day })
        } else {
            None
        }
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            b[r].iter().try_fold(0u16, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u16)
            })
        };
        Date::new(num(0..4)?, num(5..7)? as u8, num(8..10)? as u8)
    }

    /// Today's date in UTC from the system clock (1970-01-01 if the clock is before the epoch).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days((secs / 86_400) as i64)
    }

    /// Days since 1970-01-01 to a date (Howard Hinnant's civil_from_days).
    fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year.clamp(0, 9999) as u16,
            month,
            day,
        }
    }

    /// Whole years from `self` to `later` (negative if `later` is earlier).
    pub fn years_until(&self, later: &Date) -> i32 {
        let mut years = later.year as i32 - self.year as i32;
        if (later.month, later.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a YYMMDD field is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// A pair is neither two digits nor (for a birth date) two fillers.
    NotDigits,
    /// Month outside 1-12.
    Month(u8),
    /// Day that the month does not have.
    Day(u8),
}

/// A YYMMDD field read into parts; `None` marks a part written as `<<` (unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YyMmDd {
    /// Two-digit year.
    pub yy: Option<u8>,
    /// Month.
    pub mm: Option<u8>,
    /// Day.
    pub dd: Option<u8>,
}

impl YyMmDd {
    /// Whether any part is unknown.
    pub fn has_unknown(&self) -> bool {
        self.yy.is_none() || self.mm.is_none() || self.dd.is_none()
    }
}

fn pair(a: u8, b: u8, fillers_ok: bool) -> Result<Option<u8>, DateProblem> {
    match (a, b) {
        (b'0'..=b'9', b'0'..=b'9') => Ok(Some((a - b'0') * 10 + (b - b'0'))),
        (b'<', b'<') if fillers_ok => Ok(None),
        _ => Err(DateProblem::NotDigits),
    }
}

/// Reads six characters; `unknown_ok` lets a pair be `<<` (Doc 9303's unknown birth-date parts).
pub fn read(raw: &[u8], unknown_ok: bool) -> Result<YyMmDd, DateProblem> {
    if raw.len() != 6 {
        return Err(DateProblem::NotDigits);
    }
    let d = YyMmDd {
        yy: pair(raw[0], raw[1], unknown_ok)?,
        mm: pair(raw[2], raw[3], unknown_ok)?,
        dd: pair(raw[4], raw[5], unknown_ok)?,
    };
    if let Some(m) = d.mm
        && !(1..=12).contains(&m)
    {
        return Err(DateProblem::Month(m));
    }
    if let Some(day) = d.dd
        && !(1..=31).contains(&day)
    {
        return Err(DateProblem::Day(day));
    }
    Ok(d)
}

/// Birth year: the latest century that does not put the birth after `reference`.
pub fn birth_year(yy: u8, mm: Option<u8>, dd: Option<u8>, reference: Date) -> u16 {
    let modern = 2000 + yy as u16;
    let later = (modern, mm.unwrap_or(1), dd.unwrap_or(1));
    if later <= (reference.year, reference.month, reference.day) {
        modern
    } else {
        1900 + yy as u16
    }
}

/// Expiry year: documents outlive their issue by decades at most, so up to 50 years
/// past `reference` is this century and anything later is the last.
pub fn expiry_year(yy: u8, reference: Date) -> u16 {
    let modern = 2000 + yy as u16;
    if modern <= reference.year.saturating_add(50) {
        modern
    } else {
        1900 + yy as u16
    }
}

/// The full date once the century is known, or why the day does not exist.
pub fn complete(year: u16, d: &YyMmDd) -> Result<Option<Date>, DateProblem> {
    match (d.mm, d.dd) {
        (Some(m), Some(day)) => Date::new(year, m, day)
            .map(Some)
            .ok_or(DateProblem::Day(day)),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_from_days() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
        assert_eq!(Date::from_days(20_454).to_string(), "2026-01-01");
    }

    #[test]
    fn iso_parse() {
        assert_eq!(Date::parse_iso("2024-02-29"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse_iso("2023-02-29"), None);
        assert_eq!(Date::parse_iso("2023-2-01"), None);
        assert_eq!(Date::parse_iso("20230201"), None);
        assert_eq!(Date::parse_iso("2023-02-0é"), None);
    }

    #[test]
    fn centuries() {
        let r = Date::new(2026, 6, 1).unwrap();
        assert_eq!(birth_year(74, Some(8), Some(12), r), 1974);
        assert_eq!(birth_year(26, Some(5), Some(1), r), 2026);
        assert_eq!(birth_year(26, Some(7), Some(1), r), 1926);
        assert_eq!(expiry_year(12, r), 2012);
        assert_eq!(expiry_year(76, r), 2076);
        assert_eq!(expiry_year(95, r), 1995);
    }

    #[test]
    fn reading() {
        assert!(read(b"740812", false).is_ok());
        assert_eq!(read(b"7400<<", false), Err(DateProblem::NotDigits));
        assert_eq!(read(b"7400<<", true), Err(DateProblem::Month(0)));
        assert_eq!(read(b"74<<<<", true).map(|d| d.has_unknown()), Ok(true));
        assert_eq!(read(b"745912", false), Err(DateProblem::Month(59)));
        assert_eq!(read(b"7408", false), Err(DateProblem::NotDigits));
        let d = read(b"000229", false).unwrap();
        assert_eq!(complete(2000, &d), Ok(Date::new(2000, 2, 29)));
        assert_eq!(complete(1900, &d), Err(DateProblem::Day(29)));
    }
}
