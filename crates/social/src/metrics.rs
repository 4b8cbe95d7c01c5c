//! Takedown figures: referrals and removals per month, time from referral to removal, the
//! share of removed accounts that came back, and how many accounts each advertiser network
//! runs (accounts joined by a shared phone, media hash or handle pattern).

use crate::referral::{self, ReferralError, State, adverts_by_account, handle_pattern};
use kingpin_store::{SqliteStore, Store};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The figures.
#[derive(Debug, Clone, Serialize)]
pub struct Metrics {
    /// Referrals made, by month of referral (`YYYY-MM`).
    pub referrals_per_month: BTreeMap<String, u64>,
    /// Removals, by month of removal.
    pub removals_per_month: BTreeMap<String, u64>,
    /// Referrals by current state.
    pub by_state: BTreeMap<String, u64>,
    /// Median days from referral to removal.
    pub median_days_to_removal: Option<f64>,
    /// Mean days from referral to removal.
    pub mean_days_to_removal: Option<f64>,
    /// Removed accounts that re-appeared, over all removed (now or before).
    pub reappearance_rate: Option<f64>,
    /// Advertising accounts in the store.
    pub accounts: u64,
    /// Networks of accounts (linked by phone, media or handle pattern).
    pub networks: u64,
    /// Accounts in the largest network.
    pub largest_network: u64,
    /// Mean accounts per network.
    pub accounts_per_network: f64,
}

fn days(s: &str) -> Option<f64> {
    // Days since 1970 from an ISO date or date-time (time of day counted).
    let (d, t) = s.split_once('T').unwrap_or((s, "00:00:00"));
    let mut it = d.split('-').map(|x| x.parse::<i64>().ok());
    let (y, m, dd) = (it.next()??, it.next()??, it.next()??);
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let day = era * 146_097 + doe - 719_468;
    let mut secs = 0.0;
    for (i, p) in t.trim_end_matches('Z').split(':').take(3).enumerate() {
        secs += p.parse::<f64>().unwrap_or(0.0) * [3600.0, 60.0, 1.0][i];
    }
    Some(day as f64 + secs / 86_400.0)
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Computes the figures from the referral tables and the adverts in the store, counting only
/// the referrals whose account the store's view shows.
pub fn metrics(store: &SqliteStore) -> Result<Metrics, ReferralError> {
    let conn = store.connection();
    let mut all = Vec::new();
    for r in referral::list(conn, None)? {
        if store.entity(&r.account)?.is_some() {
            all.push(r);
        }
    }
    let mut m = Metrics {
        referrals_per_month: BTreeMap::new(),
        removals_per_month: BTreeMap::new(),
        by_state: BTreeMap::new(),
        median_days_to_removal: None,
        mean_days_to_removal: None,
        reappearance_rate: None,
        accounts: 0,
        networks: 0,
        largest_network: 0,
        accounts_per_network: 0.0,
    };
    let mut gaps = Vec::new();
    let (mut removed, mut came_back) = (0u64, 0u64);
    for r in &all {
        *m.by_state.entry(r.state.as_str().into()).or_default() += 1;
        if let Some(at) = &r.referred_at {
            *m.referrals_per_month
                .entry(at.chars().take(7).collect())
                .or_default() += 1;
        }
        if let Some(at) = &r.removed_at {
            removed += 1;
            came_back += (r.state == State::Reappeared) as u64;
            *m.removals_per_month
                .entry(at.chars().take(7).collect())
                .or_default() += 1;
            if let (Some(a), Some(b)) = (r.referred_at.as_deref().and_then(days), days(at)) {
                gaps.push(b - a);
            }
        }
    }
    if !gaps.is_empty() {
        gaps.sort_by(|a, b| a.total_cmp(b));
        let mid = gaps.len() / 2;
        let median = if gaps.len() % 2 == 0 {
            (gaps[mid - 1] + gaps[mid]) / 2.0
        } else {
            gaps[mid]
        };
        m.median_days_to_removal = Some((median * 10.0).round() / 10.0);
        m.mean_days_to_removal =
            Some((gaps.iter().sum::<f64>() / gaps.len() as f64 * 10.0).round() / 10.0);
    }
    if removed > 0 {
        m.reappearance_rate = Some(came_back as f64 / removed as f64);
    }
    // Networks: union accounts sharing a phone, a media hash or a handle pattern.
    let by = adverts_by_account(store)?;
    let accounts: Vec<&String> = by.keys().collect();
    let mut parent: Vec<usize> = (0..accounts.len()).collect();
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, acc) in accounts.iter().enumerate() {
        let mut keys: Vec<String> = Vec::new();
        for a in &by[*acc] {
            keys.extend(
                a.values("phoneMentioned")
                    .into_iter()
                    .map(|p| format!("p:{p}")),
            );
            keys.extend(a.values("mediaHash").into_iter().map(|h| format!("m:{h}")));
        }
        if let Some(e) = store.entity(acc)? {
            let pat = e.first("username").map(handle_pattern).unwrap_or_default();
            if pat.len() >= 5 {
                keys.push(format!("h:{pat}"));
            }
        }
        for k in keys {
            let j = *first.entry(k).or_insert(i);
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            parent[a] = b;
        }
    }
    let mut sizes: HashMap<usize, u64> = HashMap::new();
    for i in 0..accounts.len() {
        *sizes.entry(find(&mut parent, i)).or_default() += 1;
    }
    m.accounts = accounts.len() as u64;
    m.networks = sizes.len() as u64;
    m.largest_network = sizes.values().copied().max().unwrap_or(0);
    if m.networks > 0 {
        m.accounts_per_network = (m.accounts as f64 / m.networks as f64 * 100.0).round() / 100.0;
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::days;

    #[test]
    fn day_counts() {
        assert_eq!(days("1970-01-01"), Some(0.0));
        assert_eq!(
            days("2024-03-01").unwrap() - days("2024-02-28").unwrap(),
            2.0
        );
        assert_eq!(
            days("2024-01-01T12:00:00Z").unwrap() - days("2024-01-01").unwrap(),
            0.5
        );
        assert_eq!(days("nope"), None);
    }
}
