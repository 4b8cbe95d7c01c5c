//! The current time in UTC, computed in Rust: SQLite's date functions have no PostgreSQL
//! spelling, so portable statements take times as parameters.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_now() -> String {
    format_utc(unix_millis(), false)
}

/// Now as `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub fn utc_now_millis() -> String {
    format_utc(unix_millis(), true)
}

fn unix_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `millis` since the epoch as an RFC 3339 UTC timestamp (proleptic Gregorian calendar;
/// the days-to-date step is Howard Hinnant's `civil_from_days`).
pub fn format_utc(millis: i64, with_millis: bool) -> String {
    let secs = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
    let (days, tod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s) = (tod / 3600, tod % 3600 / 60, tod % 60);
    if with_millis {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_sqlite_strftime() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        for ms in [
            0i64,
            951_782_400_123,   // 2000-02-29
            1_798_761_599_999, // 2026-12-31T23:59:59.999
            4_102_444_800_000, // 2100-01-01
            -86_400_000,
        ] {
            let want: String = db
                .query_row(
                    "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', ?1 / 1000.0, 'unixepoch')",
                    [ms],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(format_utc(ms, true), want, "{ms}");
            assert_eq!(format_utc(ms, false), format!("{}Z", &want[..19]));
        }
        assert_eq!(utc_now().len(), 20);
        assert!(unix_now() > 1_700_000_000);
    }
}
