//! Police, immigration and informant records of people (`persons.csv`) and operators'
//! subscriber registers (`subscribers.csv`): where the noisy duplicates live.

use crate::dates::{civil_from_days, days_from_civil, days_in_month, iso};
use crate::documents::passport_number;
use crate::geo::{self, COUNTRIES};
use crate::names::false_name;
use crate::truth::{Rec, TruthLog};
use crate::world::{NONE, Role, World};
use crate::writer::{Progress, csv};
use anyhow::Result;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::path::Path;

/// Who wrote a record, and how far it is trusted.
#[derive(Clone, Copy)]
struct Agency {
    name: &'static str,
    grading: &'static str,
    /// How noisy its names are (0..=1).
    noise: f64,
}

const IMMIGRATION: [Agency; 3] = [
    Agency {
        name: "Home Office asylum intake",
        grading: "1B P",
        noise: 0.5,
    },
    Agency {
        name: "OFPRA registration",
        grading: "1B P",
        noise: 0.6,
    },
    Agency {
        name: "BAMF registration",
        grading: "1B P",
        noise: 0.6,
    },
];
const POLICE: [Agency; 3] = [
    Agency {
        name: "Police nationale Calais",
        grading: "2B P",
        noise: 0.8,
    },
    Agency {
        name: "Border Force",
        grading: "2B P",
        noise: 0.6,
    },
    Agency {
        name: "Federal Police Belgium",
        grading: "2B P",
        noise: 0.8,
    },
];
const INFORMANT: Agency = Agency {
    name: "Informant report",
    grading: "3C C",
    noise: 1.0,
};

/// Writes `persons.csv`; returns the row count.
pub fn write_persons(
    w: &World,
    rng: &mut ChaCha8Rng,
    path: &Path,
    truth: &mut TruthLog,
    pr: &Progress,
) -> Result<u64> {
    // Draw who is on record and when first, then write in the order a records system would
    // export them (by date).
    let mut plan: Vec<(i32, u32, Agency, &'static str)> = Vec::new();
    for (i, p) in w.people.iter().enumerate() {
        let i = i as u32;
        let (chance, repeat) = match p.role {
            Role::Migrant => (0.65, 0.2),
            Role::Recruiter | Role::Driver | Role::Pilot | Role::Collector => (0.45, 0.3),
            Role::Lieutenant => (0.3, 0.3),
            Role::Organiser => (0.25, 0.4),
            Role::Hawaladar => (0.2, 0.1),
            Role::Other => (0.04, 0.05),
        };
        if !rng.random_bool(chance) {
            continue;
        }
        let mut n = 1;
        while n < 3 && rng.random_bool(repeat) {
            n += 1;
        }
        for _ in 0..n {
            let (agency, remark) = match p.role {
                Role::Migrant => (IMMIGRATION[rng.random_range(0..3)], "asylum applicant"),
                Role::Organiser | Role::Lieutenant if rng.random_bool(0.6) => {
                    (INFORMANT, "named by informant as facilitator")
                }
                Role::Organiser | Role::Lieutenant => {
                    (POLICE[rng.random_range(0..3)], "person of interest")
                }
                Role::Driver | Role::Pilot => {
                    (POLICE[rng.random_range(0..3)], "stopped near the coast")
                }
                Role::Other => (POLICE[rng.random_range(0..3)], "witness"),
                _ => (
                    POLICE[rng.random_range(0..3)],
                    "arrested, released without charge",
                ),
            };
            let (lo, hi) = p.active;
            let day = if p.role == Role::Migrant {
                rng.random_range(p.active.1 - 2..=hi + 10)
            } else {
                rng.random_range(lo..=hi)
            };
            plan.push((day, i, agency, remark));
        }
    }
    plan.sort_by_key(|r| (r.0, r.1));
    let mut out = csv(path)?;
    out.write_record([
        "record_id",
        "recorded",
        "agency",
        "name",
        "name_arabic",
        "birth_date",
        "nationality",
        "gender",
        "phone",
        "passport_number",
        "remarks",
        "grading",
    ])?;
    for (n, (day, pid, agency, remark)) in plan.iter().enumerate() {
        let p = &w.people[*pid as usize];
        let record_id = format!("R{:07}", n + 1);
        truth.add(*pid, Rec::PersonRecord, &record_id);
        let name = p.name.noisy(rng, agency.noise);
        let arabic = if agency.noise < 1.0 && rng.random_bool(0.4) {
            p.name.arabic()
        } else {
            String::new()
        };
        let birth = noisy_birth(rng, p.birth, agency.noise);
        let nationality = match rng.random_range(0..20) {
            0 => String::new(),
            1 | 2 => COUNTRIES[[geo::IQ, geo::IR, geo::SY][rng.random_range(0..3)] as usize]
                .iso2
                .to_string(),
            _ => COUNTRIES[p.nationality as usize].iso2.to_string(),
        };
        let phones = w.phones_of(*pid);
        let ph = phones[rng.random_range(0..phones.len())];
        let phone = &w.phones[ph as usize];
        let written = geo::written_phone(rng, phone.country, &phone.number(), true);
        let passport = if p.role == Role::Migrant && rng.random_bool(0.3) || rng.random_bool(0.1) {
            passport_number(w, *pid)
        } else {
            String::new()
        };
        let gender = if p.name.female { "F" } else { "M" };
        out.write_record([
            record_id.as_str(),
            &iso(*day),
            agency.name,
            &name,
            &arabic,
            &birth,
            &nationality,
            gender,
            &written,
            &passport,
            remark,
            agency.grading,
        ])?;
        pr.tick();
    }
    out.flush()?;
    Ok(plan.len() as u64)
}

/// A date of birth as recorded: exact, year only, 1 January of the year (the convention for
/// unknown dates), a slipped digit, day and month swapped, or missing.
pub fn noisy_birth(rng: &mut impl Rng, birth: i32, noise: f64) -> String {
    let (y, m, d) = civil_from_days(birth);
    let r: f64 = rng.random();
    if r < 0.62 + 0.3 * (1.0 - noise) {
        return iso(birth);
    }
    match rng.random_range(0..6) {
        0 | 1 => format!("{y:04}"),
        2 => format!("{y:04}-01-01"),
        3 if d <= 12 && d != m => format!("{y:04}-{d:02}-{m:02}"),
        3 | 4 => {
            let d2 = if d >= 10 && d % 10 < 9 && (d + 1) <= days_in_month(y, m) {
                d + 1
            } else {
                d.max(2) - 1
            };
            iso(days_from_civil(y, m, d2))
        }
        _ => {
            if noise >= 1.0 {
                String::new()
            } else {
                iso(days_from_civil(y + 1, m, d.min(28)))
            }
        }
    }
}

/// Writes `subscribers.csv`: local operators' registers for their own numbers, partial and
/// often in false names or other people's names.
pub fn write_subscribers(
    w: &World,
    rng: &mut ChaCha8Rng,
    path: &Path,
    truth: &mut TruthLog,
    pr: &Progress,
) -> Result<u64> {
    const OPERATORS: [(u8, &[&str]); 5] = [
        (
            geo::FR,
            &["Orange France", "SFR", "Bouygues Telecom", "Lycamobile FR"],
        ),
        (geo::BE, &["Proximus", "Orange Belgium", "Lycamobile BE"]),
        (geo::GB, &["EE", "Vodafone UK", "Lebara UK"]),
        (geo::DE, &["Telekom", "Vodafone DE", "Lycamobile DE"]),
        (geo::NL, &["KPN", "Lebara NL"]),
    ];
    let mut out = csv(path)?;
    out.write_record([
        "msisdn",
        "imsi",
        "subscriber_name",
        "birth_date",
        "city",
        "id_document",
        "activation_date",
        "operator",
    ])?;
    let mut rows = 0;
    for (i, ph) in w.phones.iter().enumerate() {
        let Some(ops) = OPERATORS.iter().find(|o| o.0 == ph.country) else {
            continue;
        };
        if !rng.random_bool(0.7) {
            continue;
        }
        let owner = &w.people[ph.owner as usize];
        let kind = rng.random_range(0..20);
        let (name, birth, named) = if kind < 11 {
            (owner.name.noisy(rng, 0.5), owner.birth, ph.owner)
        } else if kind < 17 || w.migrants.is_empty() {
            let fake = days_from_civil(
                rng.random_range(1970..2004),
                rng.random_range(1..=12),
                rng.random_range(1..=28),
            );
            (false_name(rng), fake, NONE)
        } else {
            let m = w.migrants[rng.random_range(0..w.migrants.len())];
            (
                w.people[m as usize].name.noisy(rng, 0.5),
                w.people[m as usize].birth,
                m,
            )
        };
        truth.subscription(i as u32, named);
        let birth = if rng.random_bool(0.6) {
            iso(birth)
        } else {
            String::new()
        };
        let city = COUNTRIES[ph.country as usize].cities
            [rng.random_range(0..COUNTRIES[ph.country as usize].cities.len())];
        let id_doc = if named != NONE && rng.random_bool(0.3) {
            passport_number(w, named)
        } else {
            String::new()
        };
        let activated = iso(ph.from - rng.random_range(0..5));
        let op = ops.1[ph.serial as usize % ops.1.len()];
        out.write_record([
            ph.number().as_str(),
            &ph.imsi(),
            &name,
            &birth,
            city,
            &id_doc,
            &activated,
            op,
        ])?;
        rows += 1;
        pr.tick();
    }
    out.flush()?;
    Ok(rows)
}
