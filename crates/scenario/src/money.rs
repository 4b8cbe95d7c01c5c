//! The money: fees from migrants and their families through collectors and hawaladars up to
//! lieutenants and organisers (`transfers.csv`, `hawala.csv`), with family remittances as
//! background.

use crate::dates::civil_from_days;
use crate::dates::iso;
use crate::geo::{self, COUNTRIES, scatter};
use crate::truth::pid;
use crate::world::{NONE, World};
use crate::writer::{Progress, csv};
use anyhow::Result;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

const MTO: &[&str] = &[
    "Dunya Exchange",
    "Kardo Money",
    "Atlas Remit",
    "Baghdad Transfer",
    "Zagros Express",
    "EuroCash Point",
];
const CODE_WORDS: &[&str] = &[
    "Ararat", "Zagros", "Shaqlawa", "Dukan", "Shahin", "Baran", "Nergiz", "Hawler", "Qandil",
    "Sirwan",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Channel {
    Transfer,
    Bank,
    Hawala,
}

/// One payment as planned, before it is written: compact so a million fit.
#[derive(Clone, Copy)]
struct Tx {
    day: i32,
    from: u32,
    to: u32,
    agent: u32,
    amount: u32,
    currency: u8,
    channel: Channel,
    released: i32,
}

const CURRENCIES: [&str; 3] = ["EUR", "USD", "GBP"];

pub(crate) fn bank_name(country: geo::C) -> &'static str {
    match country {
        geo::DE => "Sparkasse",
        geo::BE => "KBC",
        geo::FR => "Crédit Mutuel",
        geo::NL => "ING",
        geo::GB => "Barclays",
        geo::TR => "Ziraat Bankasi",
        geo::IQ => "Kurdistan International Bank",
        _ => "Cihan Bank",
    }
}

/// An IBAN with valid mod-97 check digits for a person's account.
pub fn iban(country: geo::C, p: u32) -> String {
    let cc = COUNTRIES[country as usize].iso2;
    let len = match country {
        geo::DE => 18,
        geo::BE => 12,
        geo::FR => 23,
        geo::NL => 14,
        geo::GB => 18,
        geo::TR => 22,
        _ => 19,
    };
    let mut bban = String::new();
    let mut x = p as u64 + 1;
    while bban.len() < len {
        x = scatter(x, 1_000_000_000);
        bban.push_str(&format!("{x:09}"));
    }
    bban.truncate(len);
    let mut rem: u64 = 0;
    for c in bban.chars().chain(cc.chars()).chain("00".chars()) {
        let v = c.to_digit(36).expect("alphanumeric") as u64;
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("{cc}{:02}{bban}", 98 - rem)
}

fn plan(w: &World, rng: &mut ChaCha8Rng) -> (Vec<Tx>, Vec<Tx>) {
    let mut transfers = Vec::new();
    let mut hawala = Vec::new();
    let end = w.start + w.days - 1;
    for &m in &w.migrants {
        let p = &w.people[m as usize];
        let cell = &w.cells[p.cell as usize];
        let net = &w.networks[p.network as usize];
        let crossing = &w.crossings[p.crossing as usize];
        let fee = rng.random_range(30..80u32) * 100;
        let payer = if p.kin != NONE && rng.random_bool(0.7) {
            p.kin
        } else {
            m
        };
        let day = (p.active.0 + rng.random_range(0..10)).clamp(w.start, end);
        if rng.random_bool(0.65) {
            let beneficiary = if rng.random_bool(0.6) {
                cell.lieutenant
            } else {
                net.organisers[rng.random_range(0..net.organisers.len())]
            };
            let agent = if rng.random_bool(0.8) {
                net.hawaladars[0]
            } else {
                net.hawaladars[2]
            };
            let released = if matches!(crossing.outcome, "arrived" | "rescued") {
                (crossing.day + rng.random_range(1..5)).min(end)
            } else {
                0
            };
            hawala.push(Tx {
                day,
                from: payer,
                to: beneficiary,
                agent,
                amount: fee,
                currency: 1,
                channel: Channel::Hawala,
                released,
            });
        } else {
            let to = cell.collectors[rng.random_range(0..cell.collectors.len())];
            transfers.push(Tx {
                day,
                from: payer,
                to,
                agent: NONE,
                amount: fee + rng.random_range(0..100),
                currency: 0,
                channel: Channel::Transfer,
                released: 0,
            });
        }
    }
    for cell in &w.cells {
        let n_mig = cell.migrants.1 - cell.migrants.0;
        let per = (n_mig * 35 / 100 * 5500 / 26 / cell.collectors.len() as u32).max(500);
        for &c in &cell.collectors {
            let mut day = w.start + rng.random_range(5..20);
            while day <= end {
                let channel = if rng.random_bool(0.4) {
                    Channel::Bank
                } else {
                    Channel::Transfer
                };
                let amount = per * rng.random_range(70..130) / 100;
                transfers.push(Tx {
                    day,
                    from: c,
                    to: cell.lieutenant,
                    agent: NONE,
                    amount,
                    currency: 0,
                    channel,
                    released: 0,
                });
                day += rng.random_range(10..18);
            }
        }
    }
    for net in &w.networks {
        let n_cells = net.cells.len().max(1) as u32;
        for &lt in &net.lieutenants {
            let mut day = w.start + rng.random_range(20..40);
            while day <= end {
                let org = net.organisers[rng.random_range(0..net.organisers.len())];
                let amount =
                    rng.random_range(8..25u32) * 1000 * n_cells / net.lieutenants.len() as u32;
                if rng.random_bool(0.5) {
                    let agent = net.hawaladars[1 + usize::from(rng.random_bool(0.5))];
                    hawala.push(Tx {
                        day,
                        from: lt,
                        to: org,
                        agent,
                        amount,
                        currency: 1,
                        channel: Channel::Hawala,
                        released: (day + 2).min(end),
                    });
                } else {
                    transfers.push(Tx {
                        day,
                        from: lt,
                        to: org,
                        agent: NONE,
                        amount,
                        currency: 0,
                        channel: Channel::Bank,
                        released: 0,
                    });
                }
                day += rng.random_range(25..35);
            }
        }
        // Hawaladars square their books with bank transfers dressed up as trade.
        let mut day = w.start + rng.random_range(10..30);
        while day <= end {
            let (a, b) = (
                net.hawaladars[1 + usize::from(rng.random_bool(0.5))],
                net.hawaladars[0],
            );
            let amount = rng.random_range(20..90u32) * 1000;
            transfers.push(Tx {
                day,
                from: a,
                to: b,
                agent: NONE,
                amount,
                currency: 1,
                channel: Channel::Bank,
                released: 0,
            });
            day += rng.random_range(20..40);
        }
    }
    for &o in &w.others {
        let p = &w.people[o as usize];
        if !rng.random_bool(0.3) {
            continue;
        }
        let to = if p.kin != NONE {
            p.kin
        } else {
            w.others[rng.random_range(0..w.others.len())]
        };
        for _ in 0..rng.random_range(1..=3) {
            let day = w.start + rng.random_range(0..w.days);
            let amount = rng.random_range(5..60u32) * 10;
            transfers.push(Tx {
                day,
                from: o,
                to,
                agent: NONE,
                amount,
                currency: rng.random_range(0..3),
                channel: Channel::Transfer,
                released: 0,
            });
        }
    }
    transfers.sort_by_key(|t| (t.day, t.from, t.to));
    hawala.sort_by_key(|t| (t.day, t.from, t.to));
    (transfers, hawala)
}

pub(crate) fn phone_written(w: &World, rng: &mut ChaCha8Rng, p: u32, day: i32) -> String {
    let ph = &w.phones[w.phone_on(rng, p, day) as usize];
    geo::written_phone(rng, ph.country, &ph.number(), true)
}

fn links_writer(path: &Path) -> Result<csv::Writer<BufWriter<File>>> {
    let mut l = csv(path)?;
    l.write_record([
        "source",
        "row_id",
        "from_person",
        "to_person",
        "agent_person",
    ])?;
    Ok(l)
}

/// A CSV writer with the header of `transfers.csv` (also used for the bank extract).
pub(crate) fn transfers_writer(path: &Path) -> Result<csv::Writer<BufWriter<File>>> {
    let mut out = csv(path)?;
    out.write_record([
        "txn_id",
        "date",
        "sender_name",
        "sender_phone",
        "sender_country",
        "sender_account",
        "receiver_name",
        "receiver_phone",
        "receiver_country",
        "receiver_account",
        "amount",
        "currency",
        "channel",
        "agent",
    ])?;
    Ok(out)
}

/// Typology cases the smuggling business makes by itself, by true people: `(typology, subjects)`.
pub type Natural = Vec<(&'static str, Vec<u32>)>;

/// The hawaladar of the agent's network who pays the beneficiary out: the one living where
/// the beneficiary lives, else the European desk (the last), else the agent itself.
fn payout(w: &World, t: &Tx) -> u32 {
    let net = w.people[t.agent as usize].network;
    let Some(n) = w.networks.get(net as usize) else {
        return t.agent;
    };
    let home = w.people[t.to as usize].residence;
    n.hawaladars
        .iter()
        .copied()
        .find(|&h| w.people[h as usize].residence == home)
        .or_else(|| n.hawaladars.last().copied())
        .unwrap_or(t.agent)
}

/// Amount of `t` in EUR, at the rate `rates.csv` gives for its month.
fn eur(t: &Tx) -> f64 {
    f64::from(t.amount) * crate::laundering::eur_rate(CURRENCIES[t.currency as usize], t.day)
}

/// People with at least five distinct counterparties in 30 days among payments under 10,000
/// EUR (the detectors' default fan-in and fan-out), and hawaladar pairs with entries booked
/// across them and bank settlements between them.
fn natural(w: &World, transfers: &[Tx], hawala: &[Tx]) -> Natural {
    let mut out: Natural = Vec::new();
    for incoming in [true, false] {
        let mut by: std::collections::BTreeMap<u32, Vec<(i32, u32)>> = Default::default();
        for t in transfers.iter().chain(hawala).filter(|t| eur(t) < 10_000.0) {
            let (me, other) = if incoming {
                (t.to, t.from)
            } else {
                (t.from, t.to)
            };
            by.entry(me).or_default().push((t.day, other));
        }
        for (me, mut v) in by {
            v.sort_unstable();
            let hit = (0..v.len()).any(|i| {
                let mut others: Vec<u32> = v[i..]
                    .iter()
                    .take_while(|x| x.0 - v[i].0 <= 30)
                    .map(|x| x.1)
                    .collect();
                others.sort_unstable();
                others.dedup();
                others.len() >= 5
            });
            if hit {
                out.push((if incoming { "fan-in" } else { "fan-out" }, vec![me]));
            }
        }
    }
    let pair = |a: u32, b: u32| (a.min(b), a.max(b));
    let settled: std::collections::BTreeSet<(u32, u32)> = transfers
        .iter()
        .filter(|t| {
            w.people[t.from as usize].role == crate::world::Role::Hawaladar
                && w.people[t.to as usize].role == crate::world::Role::Hawaladar
        })
        .map(|t| pair(t.from, t.to))
        .collect();
    let booked: std::collections::BTreeSet<(u32, u32)> = hawala
        .iter()
        .map(|t| (t.agent, payout(w, t)))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| pair(a, b))
        .collect();
    for (a, b) in booked.intersection(&settled) {
        out.push(("hawala-settlement", vec![*a, *b]));
    }
    out
}

/// Writes `transfers.csv` and `hawala.csv`, and the true payers and payees of each row into
/// `truth_links.csv`; returns the row counts, the links writer and the typology cases the
/// business made by itself.
pub fn write(
    w: &World,
    rng: &mut ChaCha8Rng,
    dir: &Path,
    pr: &Progress,
) -> Result<(u64, u64, csv::Writer<BufWriter<File>>, Natural)> {
    let (transfers, hawala) = plan(w, rng);
    let natural = natural(w, &transfers, &hawala);
    let mut links = links_writer(&dir.join("truth_links.csv"))?;
    let mut out = transfers_writer(&dir.join("transfers.csv"))?;
    for (i, t) in transfers.iter().enumerate() {
        let id = format!("TX{:08}", i + 1);
        let (a, b) = (&w.people[t.from as usize], &w.people[t.to as usize]);
        let bank = t.channel == Channel::Bank;
        // Ledgers of bank transfers name the account holder plainly; agents write what they hear.
        let (na, nb) = if bank {
            (a.name.short(), b.name.short())
        } else {
            (a.name.noisy(rng, 0.7), b.name.noisy(rng, 0.7))
        };
        let (pa, pb) = (
            phone_written(w, rng, t.from, t.day),
            phone_written(w, rng, t.to, t.day),
        );
        let (ia, ib) = if bank {
            (iban(a.residence, t.from), iban(b.residence, t.to))
        } else {
            (String::new(), String::new())
        };
        let agent = if bank {
            bank_name(b.residence).to_string()
        } else {
            MTO[(t.to as usize + t.day as usize) % MTO.len()].to_string()
        };
        let amount = format!(
            "{}.{:02}",
            t.amount,
            if bank { 0 } else { rng.random_range(0..100) }
        );
        out.write_record([
            id.as_str(),
            &iso(t.day),
            &na,
            &pa,
            COUNTRIES[a.residence as usize].iso2,
            &ia,
            &nb,
            &pb,
            COUNTRIES[b.residence as usize].iso2,
            &ib,
            &amount,
            CURRENCIES[t.currency as usize],
            if bank { "bank" } else { "money_transfer" },
            &agent,
        ])?;
        links.write_record(["transfers", &id, &pid(t.from), &pid(t.to), ""])?;
        pr.tick();
    }
    out.flush()?;
    let mut out = csv(&dir.join("hawala.csv"))?;
    out.write_record([
        "entry_id",
        "date",
        "hawaladar",
        "hawaladar_city",
        "payer",
        "payer_phone",
        "beneficiary",
        "beneficiary_phone",
        "amount",
        "currency",
        "code_word",
        "status",
        "released",
        "payout_hawaladar",
    ])?;
    for (i, t) in hawala.iter().enumerate() {
        let id = format!("H{:06}", i + 1);
        let h = &w.people[t.agent as usize];
        let city = COUNTRIES[h.residence as usize].cities
            [t.agent as usize % COUNTRIES[h.residence as usize].cities.len()];
        let payer = w.people[t.from as usize].name.noisy(rng, 1.0);
        let payer_phone = phone_written(w, rng, t.from, t.day);
        // Hawaladars book smugglers under nicknames, rarely with a number.
        let beneficiary = if rng.random_bool(0.7) {
            w.alias(t.to)
        } else {
            w.people[t.to as usize].name.noisy(rng, 1.0)
        };
        let beneficiary_phone = if rng.random_bool(0.3) {
            phone_written(w, rng, t.to, t.day)
        } else {
            String::new()
        };
        let code = format!(
            "{}-{}",
            CODE_WORDS[rng.random_range(0..CODE_WORDS.len())],
            rng.random_range(10..999)
        );
        let status = if t.released > 0 { "released" } else { "held" };
        let released = if t.released > 0 {
            dmy(t.released)
        } else {
            String::new()
        };
        out.write_record([
            id.as_str(),
            &dmy(t.day),
            &w.people[t.agent as usize].name.short(),
            city,
            &payer,
            &payer_phone,
            &beneficiary,
            &beneficiary_phone,
            &t.amount.to_string(),
            CURRENCIES[t.currency as usize],
            &code,
            status,
            &released,
            &w.people[payout(w, t) as usize].name.short(),
        ])?;
        links.write_record(["hawala", &id, &pid(t.from), &pid(t.to), &pid(t.agent)])?;
        pr.tick();
    }
    out.flush()?;
    Ok((transfers.len() as u64, hawala.len() as u64, links, natural))
}

/// `dd-mm-yyyy`, as the hawala ledger is kept.
pub fn dmy(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{d:02}-{m:02}-{y:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_have_valid_check_digits() {
        for (c, p) in [(geo::DE, 1), (geo::GB, 77), (geo::FR, 12345), (geo::TR, 9)] {
            let s = iban(c, p);
            let moved: String = s[4..].chars().chain(s[..4].chars()).collect();
            let mut rem = 0u64;
            for ch in moved.chars() {
                let v = ch.to_digit(36).unwrap() as u64;
                rem = if v >= 10 {
                    (rem * 100 + v) % 97
                } else {
                    (rem * 10 + v) % 97
                };
            }
            assert_eq!(rem, 1, "{s}");
        }
    }
}
