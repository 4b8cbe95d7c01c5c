//! Currency rates: imported `ExchangeRate` entities (currency, date, rate to a base currency),
//! looked up at a payment's date so a ledger reports in one currency.

use rustc_hash::FxHashMap;

/// Rates to one base currency, by currency, sorted by date.
#[derive(Clone, Debug, Default)]
pub struct Rates {
    /// The currency everything converts to.
    pub base: Option<String>,
    by_currency: FxHashMap<String, Vec<(i64, f64)>>,
}

impl Rates {
    /// An empty table (amounts stay as recorded).
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether no rate was given.
    pub fn is_empty(&self) -> bool {
        self.by_currency.is_empty()
    }

    /// Adds one rate: one unit of `currency` was worth `rate` units of the base on `time`.
    pub fn add(&mut self, currency: &str, time: i64, rate: f64) {
        self.by_currency
            .entry(currency.trim().to_ascii_uppercase())
            .or_default()
            .push((time, rate));
    }

    /// Sorts each currency's rates by date (call once after adding).
    pub fn finish(&mut self) {
        for v in self.by_currency.values_mut() {
            v.sort_by_key(|r| r.0);
        }
    }

    /// Currencies with rates.
    pub fn currencies(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.by_currency.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// `amount` of `currency` on `time` in the base currency: the latest rate on or before that
    /// date, else the earliest after it. `None` when the currency has no rate at all.
    pub fn convert(&self, amount: f64, currency: &str, time: i64) -> Option<f64> {
        let c = currency.trim().to_ascii_uppercase();
        if self
            .base
            .as_deref()
            .is_some_and(|b| b.eq_ignore_ascii_case(&c))
        {
            return Some(amount);
        }
        let v = self.by_currency.get(&c)?;
        let i = v.partition_point(|r| r.0 <= time);
        let rate = if i > 0 { v[i - 1].1 } else { v.first()?.1 };
        Some(amount * rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_the_latest_rate_not_after_the_date() {
        let mut r = Rates::new();
        r.base = Some("EUR".into());
        r.add("usd", 100, 0.9);
        r.add("USD", 200, 0.8);
        r.finish();
        assert_eq!(r.convert(10.0, "USD", 150), Some(9.0));
        assert_eq!(r.convert(10.0, "USD", 200), Some(8.0));
        assert_eq!(
            r.convert(10.0, "USD", 50),
            Some(9.0),
            "before the first: the first"
        );
        assert_eq!(r.convert(10.0, "EUR", 50), Some(10.0));
        assert_eq!(r.convert(10.0, "GBP", 50), None);
    }
}
