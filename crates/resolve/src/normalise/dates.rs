//! Dates of birth of any precision, and how close two of them are.

use super::arabic::ascii_digit;

/// A date of birth as precise as the record gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// Year.
    pub year: u16,
    /// Month 1-12, if given.
    pub month: Option<u8>,
    /// Day 1-31, if given.
    pub day: Option<u8>,
}

/// How two dates of birth relate, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateAgreement {
    /// Same full date.
    Exact,
    /// One digit off, two neighbouring digits transposed, or day and month swapped: a
    /// typing slip.
    Slip,
    /// Full dates at most 31 days apart (a wrong day, or a day carried into the next month).
    WithinMonth,
    /// Two digits off (two slips, or a transposition that is not of neighbours).
    TwoDigits,
    /// Same year, and at least one of them gives the year only (or a `01-01` placeholder).
    SameYear,
    /// Years one apart.
    NearYear,
    /// Anything else.
    Different,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (a time part is ignored), also in Arabic-Indic
    /// or Persian digits. `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        let s: String = raw.trim().chars().map(ascii_digit).collect();
        let date = s.split(['T', ' ']).next()?;
        // Compact `YYYYMMDD` (FEBRL and many registers).
        let compact;
        let date = if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
            compact = format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..]);
            compact.as_str()
        } else {
            date
        };
        let mut it = date.split('-');
        let year = it.next().filter(|y| y.len() == 4)?.parse::<u16>().ok()?;
        let month = match it.next() {
            Some(m) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match it.next() {
            Some(d) => Some(d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        Some(PartialDate { year, month, day })
    }

    /// Whether only the year is really known: `1990`, or `1990-01-01` as clerks fill it in.
    pub fn year_only(&self) -> bool {
        matches!((self.month, self.day), (None, _) | (Some(1), Some(1)))
    }

    /// Days since 1 March of year 0 (full dates only; 0 otherwise), for distances.
    fn days(&self) -> i64 {
        let (Some(m), Some(d)) = (self.month, self.day) else {
            return 0;
        };
        // Howard Hinnant's days_from_civil, shifted so the year starts in March.
        let y = self.year as i64 - i64::from(m <= 2);
        let mp = (m as i64 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i64 - 1;
        y * 365 + y / 4 - y / 100 + y / 400 + doy
    }

    fn digits(&self) -> Option<[u8; 8]> {
        // Called for every candidate pair: digits by arithmetic, no string.
        let (m, d) = (self.month?, self.day?);
        let y = self.year.min(9999);
        let digit = |v: u16| b'0' + (v % 10) as u8;
        Some([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            digit(m as u16 / 10),
            digit(m as u16),
            digit(d as u16 / 10),
            digit(d as u16),
        ])
    }

    /// How this date relates to another.
    pub fn compare(&self, other: &PartialDate) -> DateAgreement {
        if let (Some(a), Some(b)) = (self.digits(), other.digits()) {
            if a == b {
                return DateAgreement::Exact;
            }
            let diff: Vec<usize> = (0..8).filter(|&i| a[i] != b[i]).collect();
            let transposed = matches!(diff.as_slice(), &[i, j]
                if j == i + 1 && a[i] == b[j] && a[j] == b[i]);
            let swapped =
                self.month == other.day && self.day == other.month && self.year == other.year;
            if diff.len() == 1 || transposed || swapped {
                return DateAgreement::Slip;
            }
            if self.days().abs_diff(other.days()) <= 31 {
                return DateAgreement::WithinMonth;
            }
            if diff.len() == 2 {
                return DateAgreement::TwoDigits;
            }
        }
        if self.year == other.year {
            if self.year_only() || other.year_only() || self.month == other.month {
                return DateAgreement::SameYear;
            }
            return DateAgreement::Different;
        }
        if self.year.abs_diff(other.year) == 1 {
            return DateAgreement::NearYear;
        }
        DateAgreement::Different
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn parses_partial_dates_and_digits() {
        assert_eq!(d("1988").month, None);
        assert_eq!(d("1988-02").day, None);
        assert_eq!(d("1988-02-20T00:00"), d("1988-02-20"));
        assert_eq!(d("١٩٨٨-٠٢-٢٠"), d("1988-02-20"));
        assert_eq!(d("۱۳۶۷-۱۲-۰۱").year, 1367);
        assert_eq!(PartialDate::parse("20/02/1988"), None);
        assert_eq!(PartialDate::parse("1988-13-01"), None);
        assert_eq!(PartialDate::parse(""), None);
    }

    #[test]
    fn agreement_levels() {
        use DateAgreement::*;
        assert_eq!(d("1988-02-20").compare(&d("1988-02-20")), Exact);
        assert_eq!(d("1988-02-20").compare(&d("1988-02-21")), Slip);
        assert_eq!(d("1988-02-03").compare(&d("1988-03-02")), Slip);
        assert_eq!(d("1988-02-20").compare(&d("1988")), SameYear);
        assert_eq!(d("1988-02-20").compare(&d("1988-01-01")), SameYear);
        assert_eq!(d("1988-02-20").compare(&d("1989-02-20")), Slip);
        assert_eq!(d("1988-02-20").compare(&d("1989-07-11")), NearYear);
        assert_eq!(d("1988-02-20").compare(&d("1988-07-11")), Different);
        assert_eq!(
            d("1988-02-20").compare(&d("1988-02-02")),
            Slip,
            "neighbours transposed"
        );
        assert_eq!(d("1988-01-30").compare(&d("1988-02-14")), WithinMonth);
        assert_eq!(d("1987-12-30").compare(&d("1988-01-03")), WithinMonth);
        assert_eq!(d("1988-02-20").compare(&d("1988-05-25")), TwoDigits);
        assert_eq!(d("1988-02-20").compare(&d("1998-02-21")), TwoDigits);
        assert_eq!(d("1988-02-20").compare(&d("1975-09-11")), Different);
    }
}
