//! Money-laundering typologies planted with ground truth: a bank's extract of account
//! transfers (`bank.csv`, the same columns as `transfers.csv`) in which people's accounts
//! are used for fan-in, fan-out, cycles, scatter-gather, gather-scatter, structuring and
//! mule pass-through; monthly currency rates to EUR (`rates.csv`); and `truth_money.csv`
//! naming every planted case and the cases the smuggling business makes by itself (fee
//! collectors' fan-in, hawaladars settling their books). Importers never read the truth.

use crate::dates::{civil_from_days, iso};
use crate::geo::COUNTRIES;
use crate::money::{self, Natural};
use crate::truth::pid;
use crate::world::World;
use crate::writer::{Progress, csv};
use anyhow::Result;
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

/// Units of EUR for one unit of `currency` in the month of `day` (what `rates.csv` says).
pub fn eur_rate(currency: &str, day: i32) -> f64 {
    let (_, m, _) = civil_from_days(day);
    match currency {
        "USD" => 0.90 + 0.004 * f64::from(m % 6),
        "GBP" => 1.16 + 0.003 * f64::from(m % 5),
        _ => 1.0,
    }
}

struct Row {
    day: i32,
    from: u32,
    to: u32,
    amount: u32,
}

struct Case {
    typology: &'static str,
    subjects: Vec<u32>,
    rows: Vec<usize>,
}

/// Draws planted cases among bystanders, each person in at most one case.
fn plan(w: &World, rng: &mut ChaCha8Rng) -> (Vec<Row>, Vec<Case>) {
    // Bystanders, relatives and migrants lend their accounts; nobody to two cases.
    let mut pool: Vec<u32> = w.others.iter().chain(&w.migrants).copied().collect();
    pool.shuffle(rng);
    // A round of cases takes about 67 people; at least two cases of each typology.
    let per = (pool.len() / 200).clamp(2, 40);
    let end = w.start + w.days - 1;
    let mut rows: Vec<Row> = Vec::new();
    let mut cases: Vec<Case> = Vec::new();
    let mut take = |n: usize| -> Option<Vec<u32>> {
        (pool.len() >= n).then(|| pool.split_off(pool.len() - n))
    };
    let push = |rows: &mut Vec<Row>, day: i32, from: u32, to: u32, amount: u32| {
        rows.push(Row {
            day: day.min(end),
            from,
            to,
            amount,
        });
        rows.len() - 1
    };
    for _ in 0..per {
        let day0 = |rng: &mut ChaCha8Rng| w.start + rng.random_range(0..(w.days - 60).max(1));
        // Fan-in: a collector gets many small payments.
        let n = rng.random_range(8..=14);
        if let Some(p) = take(n + 1) {
            let d = day0(rng);
            let r = (1..=n)
                .map(|i| {
                    push(
                        &mut rows,
                        d + rng.random_range(0..20),
                        p[i],
                        p[0],
                        rng.random_range(300..2500),
                    )
                })
                .collect();
            cases.push(Case {
                typology: "fan-in",
                subjects: vec![p[0]],
                rows: r,
            });
        }
        // Fan-out: one payer, many payees.
        let n = rng.random_range(8..=14);
        if let Some(p) = take(n + 1) {
            let d = day0(rng);
            let r = (1..=n)
                .map(|i| {
                    push(
                        &mut rows,
                        d + rng.random_range(0..20),
                        p[0],
                        p[i],
                        rng.random_range(300..3000),
                    )
                })
                .collect();
            cases.push(Case {
                typology: "fan-out",
                subjects: vec![p[0]],
                rows: r,
            });
        }
        // Cycle: 3-5 accounts pass a large sum round, losing a little at each hop.
        let n = rng.random_range(3..=5);
        if let Some(p) = take(n) {
            let mut d = day0(rng);
            let mut amount = rng.random_range(20..60u32) * 1000;
            let mut r = Vec::new();
            for i in 0..n {
                r.push(push(&mut rows, d, p[i], p[(i + 1) % n], amount));
                d += rng.random_range(1..4);
                amount = amount * rng.random_range(96..100) / 100;
            }
            cases.push(Case {
                typology: "cycle",
                subjects: p,
                rows: r,
            });
        }
        // Scatter-gather: a payer splits over 3-4 intermediaries who pass it to one payee.
        let n = rng.random_range(3..=4);
        if let Some(p) = take(n + 2) {
            let d = day0(rng);
            let mut r = Vec::new();
            for i in 0..n {
                let a = rng.random_range(5000..9000);
                let di = d + rng.random_range(0..5);
                r.push(push(&mut rows, di, p[0], p[2 + i], a));
                r.push(push(
                    &mut rows,
                    di + rng.random_range(1..6),
                    p[2 + i],
                    p[1],
                    a * rng.random_range(97..100) / 100,
                ));
            }
            cases.push(Case {
                typology: "scatter-gather",
                subjects: vec![p[0], p[1]],
                rows: r,
            });
        }
        // Gather-scatter: many payers to a hub, which pays many payees.
        let (a, b) = (rng.random_range(6..=9), rng.random_range(6..=9));
        if let Some(p) = take(1 + a + b) {
            let d = day0(rng);
            let mut total = 0;
            let mut r = Vec::new();
            for i in 0..a {
                let x = rng.random_range(1000..4000);
                total += x;
                r.push(push(
                    &mut rows,
                    d + rng.random_range(0..8),
                    p[1 + i],
                    p[0],
                    x,
                ));
            }
            for i in 0..b {
                r.push(push(
                    &mut rows,
                    d + rng.random_range(9..18),
                    p[0],
                    p[1 + a + i],
                    total * 9 / 10 / b as u32,
                ));
            }
            // A hub of many small payments in and out is a fan-in and a fan-out as well.
            for t in ["gather-scatter", "fan-in", "fan-out"] {
                cases.push(Case {
                    typology: t,
                    subjects: vec![p[0]],
                    rows: r.clone(),
                });
            }
        }
        // Structuring: 3-6 payments just under 10,000 within three weeks.
        let n = rng.random_range(3..=6);
        if let Some(p) = take(3) {
            let d = day0(rng);
            let r = (0..n)
                .map(|_| {
                    push(
                        &mut rows,
                        d + rng.random_range(0..21),
                        p[0],
                        p[1 + rng.random_range(0..2)],
                        rng.random_range(9000..9990),
                    )
                })
                .collect();
            cases.push(Case {
                typology: "structuring",
                subjects: vec![p[0]],
                rows: r,
            });
        }
        // Pass-through: a mule gets money from one or two senders and passes almost all of it
        // on within two days.
        let n = rng.random_range(3..=6);
        if let Some(p) = take(4) {
            let mut d = day0(rng);
            let mut r = Vec::new();
            for _ in 0..n {
                let a = rng.random_range(2000..8000);
                r.push(push(&mut rows, d, p[1 + rng.random_range(0..2)], p[0], a));
                r.push(push(
                    &mut rows,
                    d + rng.random_range(0..3),
                    p[0],
                    p[3],
                    a * rng.random_range(95..99) / 100,
                ));
                d += rng.random_range(3..9);
            }
            cases.push(Case {
                typology: "pass-through",
                subjects: vec![p[0]],
                rows: r,
            });
        }
    }
    (rows, cases)
}

fn ids(v: &[u32]) -> String {
    v.iter().map(|&p| pid(p)).collect::<Vec<_>>().join(";")
}

/// Writes `bank.csv`, `rates.csv` and `truth_money.csv`, and the true parties of each bank row
/// into `links`; returns the rows of `bank.csv` and `rates.csv`.
pub fn write(
    w: &World,
    rng: &mut ChaCha8Rng,
    dir: &Path,
    natural: &Natural,
    links: &mut csv::Writer<BufWriter<File>>,
    pr: &Progress,
) -> Result<(u64, u64)> {
    let (rows, cases) = plan(w, rng);
    // Bank rows in date order, numbered as written.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| (rows[i].day, i));
    let mut number = vec![0usize; rows.len()];
    let mut out = money::transfers_writer(&dir.join("bank.csv"))?;
    for (k, &i) in order.iter().enumerate() {
        number[i] = k + 1;
        let r = &rows[i];
        let id = format!("BK{:07}", k + 1);
        let (a, b) = (&w.people[r.from as usize], &w.people[r.to as usize]);
        let (pa, pb) = (
            money::phone_written(w, rng, r.from, r.day),
            money::phone_written(w, rng, r.to, r.day),
        );
        out.write_record([
            id.as_str(),
            &iso(r.day),
            &a.name.short(),
            &pa,
            COUNTRIES[a.residence as usize].iso2,
            &money::iban(a.residence, r.from),
            &b.name.short(),
            &pb,
            COUNTRIES[b.residence as usize].iso2,
            &money::iban(b.residence, r.to),
            &format!("{}.00", r.amount),
            "EUR",
            "bank",
            money::bank_name(b.residence),
        ])?;
        links.write_record(["bank", &id, &pid(r.from), &pid(r.to), ""])?;
        pr.tick();
    }
    out.flush()?;
    let mut rates = csv(&dir.join("rates.csv"))?;
    rates.write_record(["date", "currency", "rate", "base"])?;
    let mut n_rates = 0;
    let mut day = w.start;
    while day < w.start + w.days {
        let (y, m, _) = civil_from_days(day);
        for c in ["USD", "GBP"] {
            rates.write_record([
                format!("{y:04}-{m:02}-01"),
                c.to_string(),
                format!("{:.4}", eur_rate(c, day)),
                "EUR".to_string(),
            ])?;
            n_rates += 1;
            pr.tick();
        }
        // The first day of the next month.
        while civil_from_days(day).1 == m {
            day += 1;
        }
    }
    rates.flush()?;
    let mut t = csv(&dir.join("truth_money.csv"))?;
    t.write_record(["typology", "case", "origin", "subjects", "rows"])?;
    for (k, c) in cases.iter().enumerate() {
        let refs: Vec<String> = c
            .rows
            .iter()
            .map(|&i| format!("BK{:07}", number[i]))
            .collect();
        t.write_record([
            c.typology,
            &format!("P{:04}", k + 1),
            "planted",
            &ids(&c.subjects),
            &refs.join(";"),
        ])?;
    }
    for (k, (typology, subjects)) in natural.iter().enumerate() {
        t.write_record([
            *typology,
            &format!("N{:04}", k + 1),
            "natural",
            &ids(subjects),
            "",
        ])?;
    }
    t.flush()?;
    Ok((rows.len() as u64, n_rates))
}
