//! Call detail records (`cdr.csv`), generated and written one row at a time so memory stays
//! flat for ten million calls. Most calls follow the hierarchy; organisers call lieutenants,
//! lieutenants call cells, and organisers seldom call the cells themselves.

use crate::dates::{civil_from_days, hms};
use crate::geo::{CELL_AREAS, cell_site};
use crate::world::{NONE, World};
use crate::writer::{Progress, create};
use anyhow::Result;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

/// Why two people talk, with weights per thousand calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    OrgOrg,
    OrgLt,
    OrgOps,
    LtLt,
    LtStaff,
    StaffStaff,
    Hawala,
    RecruiterMigrant,
    DriverMigrant,
    CollectorMigrant,
    PilotDriver,
    MigrantFamily,
    MigrantMigrant,
    OtherOther,
    StaffPrivate,
}

const KINDS: &[(Kind, u32)] = &[
    (Kind::OrgOrg, 10),
    (Kind::OrgLt, 45),
    (Kind::OrgOps, 1),
    (Kind::LtLt, 25),
    (Kind::LtStaff, 110),
    (Kind::StaffStaff, 150),
    (Kind::Hawala, 30),
    (Kind::RecruiterMigrant, 110),
    (Kind::DriverMigrant, 50),
    (Kind::CollectorMigrant, 40),
    (Kind::PilotDriver, 25),
    (Kind::MigrantFamily, 170),
    (Kind::MigrantMigrant, 70),
    (Kind::OtherOther, 149),
    (Kind::StaffPrivate, 15),
];

fn kind(rng: &mut impl Rng) -> Kind {
    let mut r = rng.random_range(0..1000);
    for &(k, w) in KINDS {
        if r < w {
            return k;
        }
        r -= w;
    }
    Kind::OtherOther
}

fn any<T: Copy>(rng: &mut impl Rng, xs: &[T]) -> T {
    xs[rng.random_range(0..xs.len())]
}

/// Two people, and the days the call may fall on, for a kind of call; `None` when the
/// world has no such pair (a tiny world without others, say).
fn pair(w: &World, rng: &mut ChaCha8Rng, k: Kind) -> Option<(u32, u32, i32, i32, bool)> {
    let year = (w.start, w.start + w.days - 1);
    let net = &w.networks[rng.random_range(0..w.networks.len())];
    let cell = &w.cells[any(rng, &net.cells) as usize];
    let staff = |rng: &mut ChaCha8Rng| {
        let all: [&[u32]; 4] = [
            &cell.recruiters,
            &cell.drivers,
            &cell.pilots,
            &cell.collectors,
        ];
        let list = all[rng.random_range(0..4)];
        list[rng.random_range(0..list.len())]
    };
    let migrant = |rng: &mut ChaCha8Rng| w.migrants[rng.random_range(0..w.migrants.len())];
    let other = |rng: &mut ChaCha8Rng| {
        (!w.others.is_empty()).then(|| w.others[rng.random_range(0..w.others.len())])
    };
    let (a, b, lo, hi, night) = match k {
        Kind::OrgOrg => (
            any(rng, &net.organisers),
            any(rng, &net.organisers),
            year.0,
            year.1,
            false,
        ),
        Kind::OrgLt => (
            any(rng, &net.organisers),
            any(rng, &net.lieutenants),
            year.0,
            year.1,
            false,
        ),
        Kind::OrgOps => (any(rng, &net.organisers), staff(rng), year.0, year.1, false),
        Kind::LtLt => (
            any(rng, &net.lieutenants),
            any(rng, &net.lieutenants),
            year.0,
            year.1,
            false,
        ),
        Kind::LtStaff => (cell.lieutenant, staff(rng), year.0, year.1, false),
        Kind::StaffStaff => (staff(rng), staff(rng), year.0, year.1, false),
        Kind::Hawala => {
            let h = any(rng, &net.hawaladars);
            let peer = match rng.random_range(0..5) {
                0 | 1 => any(rng, &cell.collectors),
                2 | 3 => cell.lieutenant,
                _ => any(rng, &net.organisers),
            };
            (h, peer, year.0, year.1, false)
        }
        Kind::RecruiterMigrant
        | Kind::DriverMigrant
        | Kind::CollectorMigrant
        | Kind::MigrantFamily
        | Kind::MigrantMigrant => {
            if w.migrants.is_empty() {
                return None;
            }
            let m = migrant(rng);
            let p = &w.people[m as usize];
            let c = &w.cells[p.cell as usize];
            let cross = w.crossings[p.crossing as usize].day;
            match k {
                Kind::RecruiterMigrant => (m, any(rng, &c.recruiters), p.active.0, cross, false),
                Kind::DriverMigrant => (any(rng, &c.drivers), m, cross - 4, cross, true),
                Kind::CollectorMigrant => (m, any(rng, &c.collectors), p.active.0, cross, false),
                Kind::MigrantFamily => {
                    let kin = if p.kin != NONE { p.kin } else { other(rng)? };
                    (m, kin, p.active.0, p.active.1, false)
                }
                _ => (
                    m,
                    rng.random_range(c.migrants.0..c.migrants.1),
                    p.active.0,
                    p.active.1,
                    false,
                ),
            }
        }
        Kind::PilotDriver => {
            let ci = rng.random_range(0..w.crossings.len());
            let x = &w.crossings[ci];
            let c = &w.cells[x.cell as usize];
            (any(rng, &c.drivers), x.pilot, x.day - 3, x.day, true)
        }
        Kind::OtherOther => {
            let a = other(rng)?;
            let p = &w.people[a as usize];
            let b = if p.kin != NONE && rng.random_bool(0.3) {
                p.kin
            } else {
                other(rng)?
            };
            let lo = year.0.max(w.people[b as usize].active.0);
            let hi = year.1.min(w.people[b as usize].active.1);
            (a, b, lo, hi, false)
        }
        Kind::StaffPrivate => (staff(rng), other(rng)?, year.0, year.1, false),
    };
    (a != b).then_some((
        a,
        b,
        lo.max(year.0),
        hi.min(year.1).max(lo.max(year.0)),
        night,
    ))
}

/// Seconds into the day: evenings busy, nights for crossings.
fn time_of_day(rng: &mut impl Rng, night: bool) -> u32 {
    let hour = if night && rng.random_bool(0.7) {
        [21, 22, 23, 0, 1, 2, 3, 4][rng.random_range(0..8)]
    } else {
        const HOURS: [u32; 24] = [
            1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 9, 8, 8, 8, 8, 9, 10, 11, 11, 10, 6, 3,
        ];
        let mut r = rng.random_range(0..HOURS.iter().sum::<u32>());
        let mut h = 0;
        while r >= HOURS[h] {
            r -= HOURS[h];
            h += 1;
        }
        h as u32
    };
    hour * 3600 + rng.random_range(0..3600)
}

/// Call length: most calls short, a long tail; SMS and unanswered calls last 0 s.
fn duration(rng: &mut impl Rng) -> (u32, &'static str) {
    if rng.random_bool(0.12) {
        return (0, "sms");
    }
    if rng.random_bool(0.08) {
        return (0, "voice");
    }
    let z: f64 = (0..4).map(|_| rng.random::<f64>()).sum::<f64>() - 2.0;
    let secs = (3.6 + 1.9 * z).exp().clamp(2.0, 7200.0);
    (secs as u32, "voice")
}

/// Writes `cdr.csv` with `calls` rows; returns the count.
pub fn write(
    w: &World,
    rng: &mut ChaCha8Rng,
    path: &Path,
    calls: u64,
    pr: &Progress,
) -> Result<u64> {
    let mut f = create(path)?;
    writeln!(
        f,
        "call_id,start,duration_s,caller_msisdn,callee_msisdn,caller_imei,caller_imsi,cell_id,call_type,cell_lat,cell_lon"
    )?;
    let mut line = String::with_capacity(160);
    let mut written = 0u64;
    let mut misses = 0u64;
    while written < calls {
        let k = kind(rng);
        let Some((mut a, mut b, lo, hi, night)) = pair(w, rng, k) else {
            misses += 1;
            anyhow::ensure!(
                misses < 1_000_000 + calls * 10,
                "the world is too small to make calls"
            );
            continue;
        };
        if rng.random_bool(0.5) {
            std::mem::swap(&mut a, &mut b);
        }
        let day = rng.random_range(lo..=hi);
        let pa = w.phone_on(rng, a, day);
        let pb = w.phone_on(rng, b, day);
        if pa == pb {
            continue;
        }
        let device = w.device_for(rng, a, pa);
        let secs = time_of_day(rng, night);
        let (d, kind_s) = duration(rng);
        let (y, m, dd) = civil_from_days(day);
        let (hh, mi, ss) = hms(secs);
        let caller = &w.phones[pa as usize];
        let area = w.people[a as usize].area;
        line.clear();
        write!(
            line,
            "{},{dd:02}/{m:02}/{y:04} {hh:02}:{mi:02}:{ss:02},{d},{},{},{},{},",
            written + 1,
            caller.number(),
            w.phones[pb as usize].number(),
            w.imei(device),
            caller.imsi()
        )?;
        // Callers abroad are on foreign networks: the local operator has no cell for them.
        let cell = (area != 255).then(|| {
            (a as u64)
                .wrapping_mul(0x9E37_79B9)
                .wrapping_add(rng.random_range(0..3))
                % 60
        });
        if let Some(ci) = cell {
            write!(line, "{}-{ci:04}", CELL_AREAS[area as usize])?;
        }
        line.push(',');
        line.push_str(kind_s);
        line.push(',');
        match cell {
            // The operator's cell-site register gives each mast's position.
            Some(ci) => {
                let (lat, lon) = cell_site(area as usize, ci);
                write!(line, "{lat},{lon}")?;
            }
            None => line.push(','),
        }
        line.push('\n');
        f.write_all(line.as_bytes())?;
        written += 1;
        pr.tick();
    }
    f.flush()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn organiser_calls_to_cells_are_rare_by_design() {
        let org: u32 = KINDS
            .iter()
            .filter(|k| matches!(k.0, Kind::OrgOrg | Kind::OrgLt | Kind::OrgOps))
            .map(|k| k.1)
            .sum();
        assert!(org > 20 * KINDS.iter().find(|k| k.0 == Kind::OrgOps).unwrap().1);
        assert_eq!(KINDS.iter().map(|k| k.1).sum::<u32>(), 1000);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..1000 {
            let (d, t) = duration(&mut rng);
            assert!(d <= 7200 && (t == "voice" || d == 0));
        }
    }
}
