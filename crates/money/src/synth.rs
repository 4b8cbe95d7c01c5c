//! Large synthetic ledgers for the benchmark: accounts paying each other over a year, with a
//! few heavy hubs, built straight into a [`Ledger`] (no store), and written as CSV for the
//! DuckDB comparison.

use crate::ledger::{Channel, Ledger, NONE, Party, Tx};

/// SplitMix64: a tiny deterministic generator, so the benchmark needs no RNG crate.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `txs` payments among `parties` accounts over 365 days, seeded. One payment in 20 goes to or
/// from one of 1% "hub" accounts, so degrees are skewed as in real ledgers.
pub fn ledger(parties: u32, txs: usize, seed: u64) -> Ledger {
    let mut r = Mix(seed);
    let hubs = (parties / 100).max(1) as u64;
    let start = 1_704_067_200i64; // 2024-01-01
    let pick = |r: &mut Mix| -> u32 {
        if r.below(20) == 0 {
            r.below(hubs) as u32
        } else {
            r.below(parties as u64) as u32
        }
    };
    let mut v: Vec<Tx> = Vec::with_capacity(txs);
    while v.len() < txs {
        let (src, dst) = (pick(&mut r), pick(&mut r));
        if src == dst {
            continue;
        }
        v.push(Tx {
            src,
            dst,
            time: start + r.below(365 * 86_400) as i64,
            amount: (50 + r.below(5_000)) as f64,
            agent: NONE,
            payout: NONE,
            channel: Channel::Bank,
        });
    }
    v.sort_by_key(|t| t.time);
    let parties = (0..parties)
        .map(|i| Party {
            id: format!("a{i}"),
            name: format!("account {i}"),
        })
        .collect();
    Ledger::index(parties, v, Vec::new(), Some("EUR".into()))
}

/// Writes `src,dst,ts,amount,seq` rows (seq: the payment's place in time order).
pub fn write_csv(l: &Ledger, path: &std::path::Path) -> anyhow::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(w, "src,dst,ts,amount,seq")?;
    for (i, t) in l.txs.iter().enumerate() {
        writeln!(w, "{},{},{},{},{}", t.src, t.dst, t.time, t.amount, i)?;
    }
    w.flush()?;
    Ok(())
}
