//! Synthetic events at national scale, for benchmarks: a seeded network of a few organisers,
//! their lieutenants and many low-level members, each with a phone and an account, some with
//! burner phones used for a month. Calls follow the hierarchy (members call their lieutenant
//! and each other, lieutenants their organiser), payments flow up it, and cell-site records
//! place phones mostly at their owner's home cell.
//!
//! The same seed and sizes give the same rows: each chunk of records draws from its own
//! ChaCha stream, so chunks are generated in parallel and written in order.

use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::tables::{CALLS, CELLS, PAYMENTS, PERSON_MAP};
use crate::write::{Output, TableWriter, Value};

/// 2025-01-01T00:00:00Z.
const START: i64 = 1_735_689_600;
const DAY: i64 = 86_400;
/// Records per chunk (one RNG stream each).
const CHUNK: u64 = 1 << 16;

/// What to generate.
#[derive(Clone, Debug, Serialize)]
pub struct GenConfig {
    pub calls: u64,
    pub seed: u64,
    /// People (default: one per 100 calls, at least 50).
    pub people: Option<u64>,
    /// Payments (default: one per 20 calls).
    pub payments: Option<u64>,
    /// Standalone cell-site records (default: one per 10 calls); with `cells` false, none.
    pub pings: Option<u64>,
    /// Whether to write the cell-site table at all.
    pub cells: bool,
    /// Days covered, from 2025-01-01.
    pub days: u32,
}

impl GenConfig {
    /// `calls` calls with the default proportions, seed 1, a year.
    pub fn new(calls: u64) -> Self {
        Self {
            calls,
            seed: 1,
            people: None,
            payments: None,
            pings: None,
            cells: true,
            days: 365,
        }
    }
}

/// What was generated.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GenReport {
    pub people: u64,
    pub organisers: u64,
    pub lieutenants: u64,
    pub phones: u64,
    pub calls: u64,
    pub payments: u64,
    pub cells: u64,
    pub mapped: u64,
}

/// The people, their phones, accounts and home cells.
struct World {
    organisers: u64,
    lieutenants: u64,
    people: u64,
    person_ids: Vec<String>,
    account_ids: Vec<String>,
    phone_ids: Vec<String>,
    /// Phones of person `p`: `phone_off[p]..phone_off[p + 1]`; the first is the main one.
    phone_off: Vec<u32>,
    /// First day a burner is used (0 for main phones).
    phone_from: Vec<u32>,
    cell_ids: Vec<String>,
    agent_ids: Vec<String>,
    days: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Rank {
    Organiser,
    Lieutenant,
    Member,
}

impl World {
    fn new(cfg: &GenConfig) -> Self {
        let people = cfg.people.unwrap_or((cfg.calls / 100).max(50)).max(10);
        let organisers = (people / 2000).max(3);
        let lieutenants = (people / 50).max(organisers * 2);
        let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
        rng.set_stream(u64::MAX);
        let (mut phone_ids, mut phone_off, mut phone_from) = (Vec::new(), vec![0u32], Vec::new());
        let mut w = Self {
            organisers,
            lieutenants,
            people,
            person_ids: (0..people).map(|p| format!("person-{p:08}")).collect(),
            account_ids: (0..people).map(|p| format!("account-{p:08}")).collect(),
            phone_ids: Vec::new(),
            phone_off: Vec::new(),
            phone_from: Vec::new(),
            cell_ids: (0..(people / 20).max(10))
                .map(|c| format!("cell-{c:06}"))
                .collect(),
            agent_ids: (0..20).map(|a| format!("hawaladar-{a:02}")).collect(),
            days: cfg.days.max(1),
        };
        for p in 0..people {
            let burners = match w.rank(p) {
                Rank::Organiser => 3,
                Rank::Lieutenant => 1,
                Rank::Member => u32::from(rng.random_bool(0.1)),
            };
            for b in 0..=burners {
                phone_ids.push(format!("phone-+9647{:09}", phone_ids.len()));
                phone_from.push(if b == 0 {
                    0
                } else {
                    rng.random_range(0..w.days.saturating_sub(30).max(1))
                });
            }
            phone_off.push(phone_ids.len() as u32);
        }
        w.phone_ids = phone_ids;
        w.phone_off = phone_off;
        w.phone_from = phone_from;
        w
    }

    fn rank(&self, p: u64) -> Rank {
        if p < self.organisers {
            Rank::Organiser
        } else if p < self.organisers + self.lieutenants {
            Rank::Lieutenant
        } else {
            Rank::Member
        }
    }

    fn members(&self) -> u64 {
        self.people - self.organisers - self.lieutenants
    }

    /// The lieutenant (for a member) or organiser (for a lieutenant) above `p`.
    fn boss(&self, p: u64) -> u64 {
        match self.rank(p) {
            Rank::Organiser => p,
            Rank::Lieutenant => (p - self.organisers) % self.organisers,
            Rank::Member => {
                self.organisers + (p - self.organisers - self.lieutenants) % self.lieutenants
            }
        }
    }

    /// A random person below `p` (a member of a lieutenant, a lieutenant of an organiser).
    fn below(&self, p: u64, rng: &mut ChaCha8Rng) -> Option<u64> {
        match self.rank(p) {
            Rank::Organiser => {
                let per = self.lieutenants / self.organisers;
                let j = p + self.organisers * rng.random_range(0..per.max(1));
                (j < self.lieutenants).then_some(self.organisers + j)
            }
            Rank::Lieutenant => {
                let j = p - self.organisers;
                let per = self.members() / self.lieutenants;
                let k = j + self.lieutenants * rng.random_range(0..per.max(1));
                (k < self.members()).then_some(self.organisers + self.lieutenants + k)
            }
            Rank::Member => None,
        }
    }

    /// A caller: members are many, lieutenants and organisers call far more each.
    fn caller(&self, rng: &mut ChaCha8Rng) -> u64 {
        let (o, l, m) = (
            self.organisers as f64 * 20.0,
            self.lieutenants as f64 * 5.0,
            self.members() as f64,
        );
        let x = rng.random::<f64>() * (o + l + m);
        if x < o {
            rng.random_range(0..self.organisers)
        } else if x < o + l {
            self.organisers + rng.random_range(0..self.lieutenants)
        } else {
            self.organisers + self.lieutenants + rng.random_range(0..self.members())
        }
    }

    fn contact(&self, p: u64, rng: &mut ChaCha8Rng) -> u64 {
        let x = rng.random::<f64>();
        let other = match self.rank(p) {
            Rank::Member if x < 0.45 => Some(self.boss(p)),
            Rank::Member if x < 0.9 => self.below(self.boss(p), rng),
            Rank::Lieutenant if x < 0.35 => Some(self.boss(p)),
            Rank::Lieutenant if x < 0.8 => self.below(p, rng),
            Rank::Lieutenant if x < 0.9 => self.below(self.boss(p), rng),
            Rank::Organiser if x < 0.7 => self.below(p, rng),
            Rank::Organiser if x < 0.9 => Some(rng.random_range(0..self.organisers)),
            _ => None,
        };
        match other {
            Some(o) if o != p => o,
            _ => loop {
                let o = rng.random_range(0..self.people);
                if o != p {
                    break o;
                }
            },
        }
    }

    /// The phone `p` uses, and the time: a burner only within its month.
    fn phone_and_time(&self, p: u64, night: f64, rng: &mut ChaCha8Rng) -> (u32, i64) {
        let (a, b) = (self.phone_off[p as usize], self.phone_off[p as usize + 1]);
        let phone = if b - a > 1 && rng.random_bool(0.3) {
            rng.random_range(a + 1..b)
        } else {
            a
        };
        let day = if phone == a {
            rng.random_range(0..self.days)
        } else {
            (self.phone_from[phone as usize] + rng.random_range(0..30)).min(self.days - 1)
        };
        let secs = if rng.random_bool(night) {
            // 22:00 to 06:00.
            (79_200 + rng.random_range(0..28_800)) % DAY
        } else {
            21_600 + rng.random_range(0..57_600)
        };
        (phone, START + i64::from(day) * DAY + secs)
    }

    fn home_cell(&self, p: u64) -> u32 {
        (p.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20) as u32 % self.cell_ids.len() as u32
    }

    fn cell(&self, p: u64, rng: &mut ChaCha8Rng) -> u32 {
        if rng.random_bool(0.8) {
            self.home_cell(p)
        } else {
            rng.random_range(0..self.cell_ids.len() as u32)
        }
    }
}

/// One generated call, by index into the world.
struct Call {
    n: u64,
    caller: u32,
    receiver: u32,
    time: i64,
    duration: Option<i64>,
    caller_cell: u32,
    receiver_cell: Option<u32>,
}

fn calls_chunk(w: &World, seed: u64, chunk: u64, n: u64) -> Vec<Call> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(chunk * 3);
    (0..n)
        .map(|i| {
            let a = w.caller(&mut rng);
            let b = w.contact(a, &mut rng);
            let night = if w.rank(a) == Rank::Member { 0.1 } else { 0.3 };
            let (caller, time) = w.phone_and_time(a, night, &mut rng);
            let (receiver, _) = w.phone_and_time(b, 0.0, &mut rng);
            let sms = rng.random_bool(0.2);
            Call {
                n: chunk * CHUNK + i,
                caller,
                receiver,
                time,
                duration: (!sms).then(|| 5 + (rng.random::<f64>().powi(3) * 1800.0) as i64),
                caller_cell: w.cell(a, &mut rng),
                // The other party's cell only when it is on the same operator.
                receiver_cell: rng.random_bool(0.3).then(|| w.cell(b, &mut rng)),
            }
        })
        .collect()
}

struct Payment {
    n: u64,
    payer: u64,
    beneficiary: u64,
    amount: f64,
    currency: &'static str,
    time: i64,
    agent: Option<u32>,
}

fn payments_chunk(w: &World, seed: u64, chunk: u64, n: u64) -> Vec<Payment> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(chunk * 3 + 1);
    (0..n)
        .map(|i| {
            // Money flows up: members pay their lieutenant, lieutenants their organiser.
            let payer = w.organisers + rng.random_range(0..w.people - w.organisers);
            let beneficiary = if rng.random_bool(0.8) {
                w.boss(payer)
            } else {
                w.contact(payer, &mut rng)
            };
            let base = if w.rank(payer) == Rank::Member {
                100.0
            } else {
                1000.0
            };
            let (currency, rate) = match rng.random_range(0..10) {
                0..6 => ("USD", 1.0),
                6..8 => ("EUR", 0.9),
                _ => ("IQD", 1300.0),
            };
            let amount = (base * (1.0 + rng.random::<f64>() * 20.0) * rate).round();
            let day = rng.random_range(0..w.days);
            Payment {
                n: chunk * CHUNK + i,
                payer,
                beneficiary,
                amount,
                currency,
                time: START + i64::from(day) * DAY + rng.random_range(0..DAY),
                agent: rng
                    .random_bool(0.6)
                    .then(|| rng.random_range(0..w.agent_ids.len() as u32)),
            }
        })
        .collect()
}

fn pings_chunk(w: &World, seed: u64, chunk: u64, n: u64) -> Vec<(u32, u32, i64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(chunk * 3 + 2);
    (0..n)
        .map(|_| {
            let p = w.caller(&mut rng);
            let (phone, time) = w.phone_and_time(p, 0.2, &mut rng);
            (phone, w.cell(p, &mut rng), time)
        })
        .collect()
}

/// Chunks of `total` records, generated in parallel a few at a time and handed out in order.
fn in_chunks<T: Send>(
    total: u64,
    make: impl Fn(u64, u64) -> Vec<T> + Sync,
    mut write: impl FnMut(Vec<T>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let chunks = total.div_ceil(CHUNK);
    let group = (rayon::current_num_threads() as u64 * 2).max(2);
    let mut c = 0;
    while c < chunks {
        let end = (c + group).min(chunks);
        let made: Vec<Vec<T>> = (c..end)
            .into_par_iter()
            .map(|k| make(k, CHUNK.min(total - k * CHUNK)))
            .collect();
        for m in made {
            write(m)?;
        }
        c = end;
    }
    Ok(())
}

/// Generates events as `cfg` says into `out` (replacing it only if `replace`); `progress` is
/// told the number of records written so far.
pub fn generate(
    cfg: &GenConfig,
    out: &Path,
    replace: bool,
    progress: &dyn Fn(u64),
) -> anyhow::Result<GenReport> {
    anyhow::ensure!(cfg.calls > 0, "--calls must be at least 1");
    let w = World::new(cfg);
    let output = Output::create(out, replace)?;
    let mut map = output.table(PERSON_MAP)?;
    for p in 0..w.people {
        let person = &w.person_ids[p as usize];
        let caption = match w.rank(p) {
            Rank::Organiser => format!("organiser {p}"),
            Rank::Lieutenant => format!("lieutenant {p}"),
            Rank::Member => format!("member {p}"),
        };
        let phones = w.phone_off[p as usize]..w.phone_off[p as usize + 1];
        let ids = std::iter::once((person.as_str(), "Person"))
            .chain(std::iter::once((
                w.account_ids[p as usize].as_str(),
                "BankAccount",
            )))
            .chain(phones.map(|i| (w.phone_ids[i as usize].as_str(), "Phone")));
        for (id, kind) in ids {
            map.push(
                None,
                &[
                    Value::Str(Some(id)),
                    Value::Str(Some(person)),
                    Value::Str(Some(&caption)),
                    Value::Str(Some(kind)),
                ],
            )?;
        }
    }
    let mut calls = output.table(CALLS)?;
    let mut cells = output.table(CELLS)?;
    let mut id = String::new();
    let cell_row = |t: &mut TableWriter, phone: &str, cell: &str, time: i64, call: Option<&str>| {
        t.push(
            Some(time),
            &[
                Value::Str(Some(phone)),
                Value::Str(Some(cell)),
                Value::Int(Some(time)),
                Value::Str(call),
            ],
        )
    };
    in_chunks(
        cfg.calls,
        |k, n| calls_chunk(&w, cfg.seed, k, n),
        |chunk| {
            for c in chunk {
                use std::fmt::Write;
                id.clear();
                write!(id, "call-{:010}", c.n)?;
                let (caller, receiver) = (
                    w.phone_ids[c.caller as usize].as_str(),
                    w.phone_ids[c.receiver as usize].as_str(),
                );
                let cc = w.cell_ids[c.caller_cell as usize].as_str();
                let rc = c.receiver_cell.map(|r| w.cell_ids[r as usize].as_str());
                calls.push(
                    Some(c.time),
                    &[
                        Value::Str(Some(&id)),
                        Value::Str(Some(caller)),
                        Value::Str(Some(receiver)),
                        Value::Int(Some(c.time)),
                        Value::Int(c.duration),
                        Value::Str(Some(cc)),
                        Value::Str(rc),
                        Value::Str(Some(if c.duration.is_some() { "voice" } else { "sms" })),
                        Value::Str(Some("generator")),
                        Value::Str(Some("1AP")),
                    ],
                )?;
                if cfg.cells {
                    cell_row(&mut cells, caller, cc, c.time, Some(&id))?;
                    if let Some(rc) = rc {
                        cell_row(&mut cells, receiver, rc, c.time, Some(&id))?;
                    }
                }
            }
            progress(calls.rows());
            Ok(())
        },
    )?;
    if cfg.cells {
        in_chunks(
            cfg.pings.unwrap_or(cfg.calls / 10),
            |k, n| pings_chunk(&w, cfg.seed, k, n),
            |chunk| {
                for (phone, cell, time) in chunk {
                    let (p, c) = (&w.phone_ids[phone as usize], &w.cell_ids[cell as usize]);
                    cell_row(&mut cells, p, c, time, None)?;
                }
                Ok(())
            },
        )?;
    }
    let mut payments = output.table(PAYMENTS)?;
    in_chunks(
        cfg.payments.unwrap_or(cfg.calls / 20),
        |k, n| payments_chunk(&w, cfg.seed, k, n),
        |chunk| {
            for p in chunk {
                use std::fmt::Write;
                id.clear();
                write!(id, "payment-{:010}", p.n)?;
                let agent = p.agent.map(|a| w.agent_ids[a as usize].as_str());
                payments.push(
                    Some(p.time),
                    &[
                        Value::Str(Some(&id)),
                        Value::Str(Some(&w.person_ids[p.payer as usize])),
                        Value::Str(Some(&w.person_ids[p.beneficiary as usize])),
                        Value::Str(Some(&w.account_ids[p.payer as usize])),
                        Value::Str(Some(&w.account_ids[p.beneficiary as usize])),
                        Value::Float(Some(p.amount)),
                        Value::Str(Some(p.currency)),
                        Value::Int(Some(p.time)),
                        Value::Str(Some(if agent.is_some() { "hawala" } else { "bank" })),
                        Value::Str(agent),
                        Value::Str(Some("generator")),
                        Value::Str(Some("2BP")),
                    ],
                )?;
            }
            Ok(())
        },
    )?;
    let mut report = GenReport {
        people: w.people,
        organisers: w.organisers,
        lieutenants: w.lieutenants,
        phones: w.phone_ids.len() as u64,
        calls: calls.rows(),
        payments: payments.rows(),
        cells: cells.rows(),
        mapped: map.rows(),
    };
    let mut tables = vec![map, calls, payments];
    if cfg.cells {
        tables.push(cells);
    } else {
        report.cells = 0;
    }
    output.finish(tables)?;
    Ok(report)
}

/// Writes the same people, phones, calls and payments that [`generate`] makes for `cfg` into
/// an entity store (people, phones, who uses which phone, calls, payments; no cell sites), as
/// an import would: the baseline that the store's in-memory projection is measured on.
/// Returns the number of records written.
pub fn to_store(
    cfg: &GenConfig,
    store: &mut kingpin_store::SqliteStore,
    progress: &dyn Fn(u64),
) -> anyhow::Result<u64> {
    use kingpin_model::{Fragment, Grading, model};
    use kingpin_store::{NewSource, Store};
    let w = World::new(cfg);
    let g: Grading = "1AP".parse().expect("a valid grading");
    let mut tx = store.begin(NewSource {
        name: "generator".into(),
        kind: "generator".into(),
        path: None,
        grading: g,
    })?;
    let mut n = 0u64;
    let mut put = |schema: &str, id: &str, props: &[(&str, &str)]| -> anyhow::Result<()> {
        let mut f = Fragment::new(model(), schema, id)?;
        f.grading = g;
        for (p, v) in props {
            f.add(p, v)?;
        }
        tx.put(&f)?;
        n += 1;
        if n.is_multiple_of(100_000) {
            progress(n);
        }
        Ok(())
    };
    for p in 0..w.people {
        let person = &w.person_ids[p as usize];
        put("Person", person, &[("name", &format!("person {p}"))])?;
        for i in w.phone_off[p as usize]..w.phone_off[p as usize + 1] {
            let phone = &w.phone_ids[i as usize];
            put("Phone", phone, &[("number", &phone["phone-".len()..])])?;
            put(
                "UsesPhone",
                &format!("uses-{i}"),
                &[("user", person), ("phone", phone)],
            )?;
        }
    }
    let iso = kingpin_model::calendar::iso_datetime;
    in_chunks(
        cfg.calls,
        |k, n| calls_chunk(&w, cfg.seed, k, n),
        |chunk| {
            for c in chunk {
                let d = c.duration.unwrap_or(0).to_string();
                put(
                    "Call",
                    &format!("call-{:010}", c.n),
                    &[
                        ("caller", &w.phone_ids[c.caller as usize]),
                        ("receiver", &w.phone_ids[c.receiver as usize]),
                        ("startDate", &iso(c.time)),
                        ("duration", &d),
                    ],
                )?;
            }
            Ok(())
        },
    )?;
    in_chunks(
        cfg.payments.unwrap_or(cfg.calls / 20),
        |k, n| payments_chunk(&w, cfg.seed, k, n),
        |chunk| {
            for p in chunk {
                put(
                    "Payment",
                    &format!("payment-{:010}", p.n),
                    &[
                        ("payer", &w.person_ids[p.payer as usize]),
                        ("beneficiary", &w.person_ids[p.beneficiary as usize]),
                        ("amount", &p.amount.to_string()),
                        ("currency", p.currency),
                        ("date", &iso(p.time)),
                    ],
                )?;
            }
            Ok(())
        },
    )?;
    tx.commit(n)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hierarchy_holds_together() {
        let w = World::new(&GenConfig {
            people: Some(10_000),
            ..GenConfig::new(1000)
        });
        assert_eq!((w.organisers, w.lieutenants), (5, 200));
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for p in 0..w.people {
            let b = w.boss(p);
            match w.rank(p) {
                Rank::Organiser => assert_eq!(b, p),
                Rank::Lieutenant => assert_eq!(w.rank(b), Rank::Organiser),
                Rank::Member => assert_eq!(w.rank(b), Rank::Lieutenant),
            }
            if let Some(x) = w.below(p, &mut rng) {
                assert_eq!(w.boss(x), p, "{p} {x}");
            }
            assert_ne!(w.contact(p, &mut rng), p);
        }
        // Burners: organisers have three, so four phones.
        assert_eq!(w.phone_off[1] - w.phone_off[0], 4);
    }
}
