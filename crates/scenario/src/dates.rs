//! Civil-calendar arithmetic on day numbers, so the generator needs no date crate.

use kingpin_model::calendar;

/// Days since 1970-01-01 of a civil date.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    calendar::days_from_civil(i64::from(y), m, d) as i32
}

/// The civil date (year, month, day) of a day number.
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let (y, m, d) = calendar::civil_from_days(i64::from(z));
    (y as i32, m, d)
}

/// Days in a month of a year.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    calendar::days_in_month(i64::from(y), m)
}

/// `YYYY-MM-DD`.
pub fn iso(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DDTHH:MM:SS` from a day and seconds into it.
pub fn iso_time(day: i32, secs: u32) -> String {
    let (h, mi, s) = hms(secs);
    format!("{}T{h:02}:{mi:02}:{s:02}", iso(day))
}

/// Hours, minutes and seconds of seconds into a day.
pub fn hms(secs: u32) -> (u32, u32, u32) {
    (secs / 3600, secs / 60 % 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_leap_years() {
        for z in -30_000..30_000 {
            let (y, m, d) = civil_from_days(z);
            assert!(d >= 1 && d <= days_in_month(y, m));
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(iso(days_from_civil(2024, 2, 29)), "2024-02-29");
        assert_eq!(iso_time(0, 3723), "1970-01-01T01:02:03");
    }
}
