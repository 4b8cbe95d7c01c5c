//! The true world: people with roles in networks and cells, their phones, handsets and
//! crossings. Everything the source files show is derived from this.

use crate::dates::days_from_civil;
use crate::geo::{self, C};
use crate::names::{Ethnicity, NameKey};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// "No such index" for the u32 links below.
pub const NONE: u32 = u32::MAX;

/// A person's true role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Top tier, abroad, insulated from operations.
    Organiser,
    /// Broker between organisers and cells.
    Lieutenant,
    /// Finds customers, runs adverts.
    Recruiter,
    /// Moves migrants to the beach, stores boats.
    Driver,
    /// Steers the boat (sometimes a migrant paid in free passage).
    Pilot,
    /// Collects fees and forwards them.
    Collector,
    /// Informal value-transfer agent.
    Hawaladar,
    /// Customer.
    Migrant,
    /// Relatives, bystanders, the general public.
    Other,
}

impl Role {
    /// The role's name as written in truth files.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Organiser => "organiser",
            Role::Lieutenant => "lieutenant",
            Role::Recruiter => "recruiter",
            Role::Driver => "driver",
            Role::Pilot => "pilot",
            Role::Collector => "collector",
            Role::Hawaladar => "hawaladar",
            Role::Migrant => "migrant",
            Role::Other => "other",
        }
    }

    /// Tier in the network: 1 organisers, 2 lieutenants and hawaladars, 3 cell staff.
    pub fn tier(self) -> Option<u8> {
        match self {
            Role::Organiser => Some(1),
            Role::Lieutenant | Role::Hawaladar => Some(2),
            Role::Recruiter | Role::Driver | Role::Pilot | Role::Collector => Some(3),
            Role::Migrant | Role::Other => None,
        }
    }

    /// Cell staff: the people who do the visible work.
    pub fn is_operational(self) -> bool {
        self.tier() == Some(3)
    }
}

/// One true person.
#[derive(Debug, Clone)]
pub struct Person {
    /// True name.
    pub name: NameKey,
    /// Role.
    pub role: Role,
    /// Nationality (index into [`geo::COUNTRIES`]).
    pub nationality: C,
    /// Country of residence during the scenario.
    pub residence: C,
    /// Date of birth (day number).
    pub birth: i32,
    /// Network, or [`NONE`].
    pub network: u32,
    /// Cell, or [`NONE`].
    pub cell: u32,
    /// Migrants: the crossing they are on; pilots: unused.
    pub crossing: u32,
    /// Migrants: the relative paying for them; others: the migrant they pay for, or [`NONE`].
    pub kin: u32,
    /// First and last day the person is active in the data.
    pub active: (i32, i32),
    /// First handset index; handsets are contiguous per person.
    pub device_first: u32,
    /// Number of handsets.
    pub devices: u8,
    /// Area code of their cell sites ([`geo::CELL_AREAS`]), or 255 when abroad.
    pub area: u8,
}

/// A phone number with its SIM.
#[derive(Debug, Clone)]
pub struct Phone {
    /// Country of the number.
    pub country: C,
    /// Serial within the country (makes number and IMSI).
    pub serial: u32,
    /// First and last day in use.
    pub from: i32,
    /// Last day in use.
    pub to: i32,
    /// The person who bought it.
    pub owner: u32,
    /// Shared with other people (a cell's work phone, a family phone).
    pub shared: bool,
}

impl Phone {
    /// The E.164 number.
    pub fn number(&self) -> String {
        geo::msisdn(self.country, self.serial)
    }
    /// The SIM's IMSI.
    pub fn imsi(&self) -> String {
        geo::imsi(self.country, self.serial)
    }
}

/// A local cell of operational staff under one lieutenant.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Network.
    pub network: u32,
    /// The lieutenant running it.
    pub lieutenant: u32,
    /// Area code index.
    pub area: u8,
    /// Recruiters.
    pub recruiters: Vec<u32>,
    /// Drivers.
    pub drivers: Vec<u32>,
    /// Pilots.
    pub pilots: Vec<u32>,
    /// Collectors.
    pub collectors: Vec<u32>,
    /// First migrant and one past the last (migrants are contiguous per cell).
    pub migrants: (u32, u32),
    /// The phone drivers and pilots share.
    pub work_phone: u32,
}

impl Cell {
    /// All staff of the cell.
    pub fn staff(&self) -> impl Iterator<Item = u32> + '_ {
        self.recruiters
            .iter()
            .chain(&self.drivers)
            .chain(&self.pilots)
            .chain(&self.collectors)
            .copied()
    }
}

/// A smuggling network.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Top tier.
    pub organisers: Vec<u32>,
    /// Brokers.
    pub lieutenants: Vec<u32>,
    /// Hawaladars the network banks with.
    pub hawaladars: Vec<u32>,
    /// Cell indices.
    pub cells: Vec<u32>,
}

/// A boat crossing.
#[derive(Debug, Clone)]
pub struct Crossing {
    /// Cell that organised it.
    pub cell: u32,
    /// Day of departure.
    pub day: i32,
    /// Departure beach ([`geo::DEPARTURES`]).
    pub departure: u8,
    /// Pilot (a cell pilot or a migrant on board).
    pub pilot: u32,
    /// Passengers: a contiguous range of migrants.
    pub passengers: (u32, u32),
    /// Outcome.
    pub outcome: &'static str,
}

/// Everything true about the scenario.
pub struct World {
    /// People, by index (the truth's `T…` ids).
    pub people: Vec<Person>,
    /// Phones.
    pub phones: Vec<Phone>,
    /// Phones of each person: `person_phones[phone_off[p]..phone_off[p+1]]`.
    pub person_phones: Vec<u32>,
    /// Offsets into `person_phones`.
    pub phone_off: Vec<u32>,
    /// Handset model of each handset.
    pub device_model: Vec<u8>,
    /// Networks.
    pub networks: Vec<Network>,
    /// Cells.
    pub cells: Vec<Cell>,
    /// Crossings, in cell order.
    pub crossings: Vec<Crossing>,
    /// Every migrant, for uniform draws.
    pub migrants: Vec<u32>,
    /// Every other person.
    pub others: Vec<u32>,
    /// First day of the period.
    pub start: i32,
    /// Days in the period.
    pub days: i32,
}

/// The first day of every scenario: 2025-01-01.
pub fn period_start() -> i32 {
    days_from_civil(2025, 1, 1)
}

const PERIOD_DAYS: i32 = 365;

fn pick<T: Copy>(rng: &mut impl Rng, xs: &[T]) -> T {
    xs[rng.random_range(0..xs.len())]
}

fn weighted<T: Copy>(rng: &mut impl Rng, xs: &[(T, u32)]) -> T {
    let total: u32 = xs.iter().map(|x| x.1).sum();
    let mut r = rng.random_range(0..total);
    for &(x, w) in xs {
        if r < w {
            return x;
        }
        r -= w;
    }
    xs[0].0
}

fn nationality_of(rng: &mut impl Rng, e: Ethnicity) -> C {
    use Ethnicity::*;
    match e {
        KurdSorani => weighted(rng, &[(geo::IQ, 75), (geo::IR, 25)]),
        KurdKurmanji => weighted(rng, &[(geo::SY, 50), (geo::IQ, 30), (geo::TR, 20)]),
        Arab => weighted(rng, &[(geo::IQ, 55), (geo::SY, 45)]),
        Persian => geo::IR,
        Afghan => geo::AF,
        Vietnamese => geo::VN,
        Albanian => geo::AL,
        Eritrean => geo::ER,
        Turkish => geo::TR,
    }
}

fn migrant_ethnicity(rng: &mut impl Rng) -> Ethnicity {
    use Ethnicity::*;
    weighted(
        rng,
        &[
            (KurdSorani, 35),
            (KurdKurmanji, 10),
            (Arab, 10),
            (Persian, 10),
            (Afghan, 15),
            (Vietnamese, 8),
            (Albanian, 5),
            (Eritrean, 7),
        ],
    )
}

struct Builder {
    rng: ChaCha8Rng,
    w: World,
    serials: Vec<u32>,
}

impl Builder {
    fn birth(&mut self, from: i32, to: i32) -> i32 {
        let a = days_from_civil(from, 1, 1);
        let b = days_from_civil(to, 12, 31);
        self.rng.random_range(a..=b)
    }

    fn person(&mut self, role: Role, eth: Ethnicity, residence: C, years: (i32, i32)) -> u32 {
        let female = match role {
            Role::Migrant => self.rng.random_bool(0.15),
            Role::Other => self.rng.random_bool(0.5),
            Role::Collector | Role::Hawaladar => self.rng.random_bool(0.08),
            _ => self.rng.random_bool(0.03),
        };
        let name = NameKey::random(&mut self.rng, eth, female);
        let nationality = nationality_of(&mut self.rng, eth);
        let birth = self.birth(years.0, years.1);
        let id = self.w.people.len() as u32;
        self.w.people.push(Person {
            name,
            role,
            nationality,
            residence,
            birth,
            network: NONE,
            cell: NONE,
            crossing: NONE,
            kin: NONE,
            active: (self.w.start, self.w.start + self.w.days - 1),
            device_first: 0,
            devices: 0,
            area: 255,
        });
        id
    }

    fn new_phone(&mut self, owner: u32, country: C, from: i32, to: i32, shared: bool) -> u32 {
        let serial = self.serials[country as usize];
        self.serials[country as usize] += 1;
        self.w.phones.push(Phone {
            country,
            serial,
            from,
            to,
            owner,
            shared,
        });
        (self.w.phones.len() - 1) as u32
    }
}

/// Sizes of the parts of the world for a number of people.
struct Plan {
    networks: usize,
}

fn plan(people: usize) -> Plan {
    Plan {
        networks: (people / 4000).max(1),
    }
}

/// Builds the world of `people` people from an RNG.
pub fn build(rng: ChaCha8Rng, people: usize) -> World {
    let start = period_start();
    let mut b = Builder {
        rng,
        w: World {
            people: Vec::with_capacity(people),
            phones: Vec::with_capacity(people * 3 / 2),
            person_phones: Vec::new(),
            phone_off: Vec::new(),
            device_model: Vec::new(),
            networks: Vec::new(),
            cells: Vec::new(),
            crossings: Vec::new(),
            migrants: Vec::new(),
            others: Vec::new(),
            start,
            days: PERIOD_DAYS,
        },
        serials: vec![0; geo::COUNTRIES.len()],
    };
    let p = plan(people);
    let share = people / p.networks;
    for n in 0..p.networks {
        build_network(&mut b, n as u32, share);
    }
    let others = people.saturating_sub(b.w.people.len());
    build_others(&mut b, others);
    assign_phones(&mut b);
    b.w
}

fn build_network(b: &mut Builder, n: u32, share: usize) {
    use Ethnicity::*;
    let eth = weighted(
        &mut b.rng,
        &[
            (KurdSorani, 60),
            (KurdKurmanji, 12),
            (Afghan, 10),
            (Albanian, 10),
            (Vietnamese, 8),
        ],
    );
    let home = match eth {
        KurdSorani | KurdKurmanji | Arab => geo::IQ,
        Afghan => geo::AF,
        Albanian => geo::AL,
        Vietnamese => geo::VN,
        _ => geo::TR,
    };
    let mut net = Network::default();
    let n_org = b.rng.random_range(2..=3);
    for i in 0..n_org {
        let res = if i == 0 {
            home
        } else {
            pick(&mut b.rng, &[geo::TR, geo::DE, home])
        };
        let id = b.person(Role::Organiser, eth, res, (1968, 1990));
        net.organisers.push(id);
    }
    let n_lt = (3 + share / 1500).min(8);
    for _ in 0..n_lt {
        let res = pick(&mut b.rng, &[geo::DE, geo::BE, geo::FR, geo::NL, geo::GB]);
        let id = b.person(Role::Lieutenant, eth, res, (1978, 1996));
        net.lieutenants.push(id);
    }
    for res in [home, geo::TR, geo::GB] {
        let heth = if res == geo::TR { Turkish } else { eth };
        let heth = if res == geo::GB {
            pick(&mut b.rng, &[eth, KurdSorani, Arab])
        } else {
            heth
        };
        let id = b.person(Role::Hawaladar, heth, res, (1960, 1988));
        net.hawaladars.push(id);
    }
    let staff_budget = share / 10;
    let n_cells = (staff_budget / 8).max(2);
    let migrants_total = share * 3 / 4;
    for c in 0..n_cells {
        let cell_id = b.w.cells.len() as u32;
        let lieutenant = net.lieutenants[c % net.lieutenants.len()];
        let area = b.rng.random_range(0..6u8);
        let residence = if area < 5 { geo::FR } else { geo::BE };
        let mut cell = Cell {
            network: n,
            lieutenant,
            area,
            ..Cell::default()
        };
        let counts = [
            (Role::Recruiter, b.rng.random_range(2..=3)),
            (Role::Driver, b.rng.random_range(2..=3)),
            (Role::Pilot, b.rng.random_range(1..=2)),
            (Role::Collector, b.rng.random_range(1..=2)),
        ];
        for (role, k) in counts {
            for _ in 0..k {
                let e = if b.rng.random_bool(0.8) {
                    eth
                } else {
                    migrant_ethnicity(&mut b.rng)
                };
                let id = b.person(role, e, residence, (1984, 2005));
                let p = &mut b.w.people[id as usize];
                p.network = n;
                p.cell = cell_id;
                p.area = area;
                match role {
                    Role::Recruiter => cell.recruiters.push(id),
                    Role::Driver => cell.drivers.push(id),
                    Role::Pilot => cell.pilots.push(id),
                    _ => cell.collectors.push(id),
                }
            }
        }
        let m = migrants_total / n_cells + usize::from(c < migrants_total % n_cells);
        let first = b.w.people.len() as u32;
        for _ in 0..m {
            let e = migrant_ethnicity(&mut b.rng);
            let id = b.person(Role::Migrant, e, residence, (1975, 2007));
            let p = &mut b.w.people[id as usize];
            p.network = n;
            p.cell = cell_id;
            p.area = area;
            b.w.migrants.push(id);
        }
        cell.migrants = (first, b.w.people.len() as u32);
        build_crossings(b, cell_id, &cell);
        b.w.cells.push(cell);
        net.cells.push(cell_id);
    }
    for &id in net
        .organisers
        .iter()
        .chain(&net.lieutenants)
        .chain(&net.hawaladars)
    {
        b.w.people[id as usize].network = n;
    }
    b.w.networks.push(net);
}

/// Splits a cell's migrants into boatloads spread over the year; migrants become active some
/// weeks before their crossing.
fn build_crossings(b: &mut Builder, cell_id: u32, cell: &Cell) {
    let (mut next, end) = cell.migrants;
    while next < end {
        let load = b.rng.random_range(30..=65u32).min(end - next);
        let day = b.w.start + b.rng.random_range(30..b.w.days - 3);
        let passengers = (next, next + load);
        let pilot = if b.rng.random_bool(0.6) && !cell.pilots.is_empty() {
            pick(&mut b.rng, &cell.pilots)
        } else {
            b.rng.random_range(passengers.0..passengers.1)
        };
        let outcome = weighted(
            &mut b.rng,
            &[
                ("arrived", 60),
                ("intercepted", 25),
                ("rescued", 13),
                ("lost", 2),
            ],
        );
        let departure = b.rng.random_range(0..geo::DEPARTURES.len()) as u8;
        let idx = b.w.crossings.len() as u32;
        for m in passengers.0..passengers.1 {
            let lead = b.rng.random_range(14..70);
            let p = &mut b.w.people[m as usize];
            p.crossing = idx;
            p.active = (day - lead, day + 2);
        }
        b.w.crossings.push(Crossing {
            cell: cell_id,
            day,
            departure,
            pilot,
            passengers,
            outcome,
        });
        next += load;
    }
}

/// Relatives who pay for migrants from home, and bystanders.
fn build_others(b: &mut Builder, n: usize) {
    let n_mig = b.w.migrants.len();
    for i in 0..n {
        let id = if i < n * 2 / 3 && n_mig > 0 {
            let m = b.w.migrants[b.rng.random_range(0..n_mig)];
            let mp = b.w.people[m as usize].clone();
            let female = b.rng.random_bool(0.5);
            let name = mp.name.relative(&mut b.rng, female);
            let id = b.person(Role::Other, mp.name.eth, mp.nationality, (1955, 2000));
            let p = &mut b.w.people[id as usize];
            p.name = name;
            p.nationality = mp.nationality;
            p.kin = m;
            if b.w.people[m as usize].kin == NONE {
                b.w.people[m as usize].kin = id;
            }
            id
        } else {
            let eth = migrant_ethnicity(&mut b.rng);
            let res = pick(&mut b.rng, &[geo::GB, geo::FR, geo::DE, geo::IQ, geo::TR]);
            let id = b.person(Role::Other, eth, res, (1950, 2006));
            if matches!(res, geo::FR | geo::GB) {
                b.w.people[id as usize].area = b.rng.random_range(0..geo::CELL_AREAS.len() as u8);
            }
            id
        };
        b.w.others.push(id);
    }
}

/// Phones and handsets: operational people rotate numbers over the year and push many SIMs
/// through few handsets; drivers and pilots of a cell share a work phone; some migrants
/// share a family phone.
fn assign_phones(b: &mut Builder) {
    let n = b.w.people.len();
    let mut offsets = Vec::with_capacity(n + 1);
    let mut flat = Vec::with_capacity(n * 3 / 2);
    let mut work_phones = vec![NONE; b.w.cells.len()];
    for pid in 0..n {
        let p = b.w.people[pid].clone();
        let (lo, hi) = p.active;
        let (rotations, n_dev) = match p.role {
            Role::Organiser => (b.rng.random_range(4..=7), b.rng.random_range(1..=2)),
            Role::Lieutenant => (b.rng.random_range(3..=6), 2),
            Role::Recruiter => (b.rng.random_range(2..=4), b.rng.random_range(1..=2)),
            Role::Driver | Role::Pilot | Role::Collector => (b.rng.random_range(1..=3), 1),
            Role::Hawaladar => (b.rng.random_range(1..=2), 1),
            Role::Migrant | Role::Other => (1, 1),
        };
        offsets.push(flat.len() as u32);
        let span = (hi - lo + 1).max(1);
        for r in 0..rotations {
            let from = lo + span * r / rotations;
            let to = if r + 1 == rotations {
                hi
            } else {
                lo + span * (r + 1) / rotations + b.rng.random_range(0..10)
            };
            let country = if p.role == Role::Organiser && b.rng.random_bool(0.25) {
                pick(&mut b.rng, &[geo::TR, geo::IQ, geo::DE, geo::GB])
            } else if p.role == Role::Migrant {
                p.nationality
            } else {
                p.residence
            };
            let ph = b.new_phone(pid as u32, country, from, to.min(hi), false);
            flat.push(ph);
        }
        match p.role {
            Role::Migrant => {
                // Most buy a local prepaid SIM on arrival, next to the home SIM.
                if b.rng.random_bool(0.6) {
                    let from = lo + b.rng.random_range(0..7);
                    let local = b.new_phone(pid as u32, p.residence, from, hi, false);
                    flat.push(local);
                }
                if b.rng.random_bool(0.05) && pid > 0 && b.w.people[pid - 1].cell == p.cell {
                    // A family sharing one phone: the previous migrant's first number.
                    let prev = flat[offsets[pid - 1] as usize];
                    b.w.phones[prev as usize].shared = true;
                    flat.push(prev);
                }
            }
            Role::Driver | Role::Pilot if p.cell != NONE => {
                let c = p.cell as usize;
                if work_phones[c] == NONE {
                    work_phones[c] = b.new_phone(
                        pid as u32,
                        p.residence,
                        b.w.start,
                        b.w.start + b.w.days - 1,
                        true,
                    );
                }
                flat.push(work_phones[c]);
            }
            _ => {}
        }
        let dev = b.w.device_model.len() as u32;
        for _ in 0..n_dev {
            let model = if matches!(p.role, Role::Organiser | Role::Lieutenant) {
                b.rng.random_range(0..4u8)
            } else {
                b.rng.random_range(0..geo::HANDSETS.len() as u8)
            };
            b.w.device_model.push(model);
        }
        let person = &mut b.w.people[pid];
        person.device_first = dev;
        person.devices = n_dev;
    }
    offsets.push(flat.len() as u32);
    for (c, ph) in work_phones.into_iter().enumerate() {
        b.w.cells[c].work_phone = ph;
    }
    b.w.person_phones = flat;
    b.w.phone_off = offsets;
}

impl World {
    /// The phones a person has used.
    pub fn phones_of(&self, p: u32) -> &[u32] {
        let p = p as usize;
        &self.person_phones[self.phone_off[p] as usize..self.phone_off[p + 1] as usize]
    }

    /// A phone the person uses on `day`: one of those in service then, else the nearest.
    pub fn phone_on(&self, rng: &mut impl Rng, p: u32, day: i32) -> u32 {
        let list = self.phones_of(p);
        let n_live = list
            .iter()
            .filter(|&&ph| {
                let x = &self.phones[ph as usize];
                x.from <= day && day <= x.to
            })
            .count();
        if n_live == 0 {
            return *list
                .iter()
                .min_by_key(|&&ph| {
                    let x = &self.phones[ph as usize];
                    (x.from - day).abs().min((x.to - day).abs())
                })
                .expect("everyone has a phone");
        }
        let k = rng.random_range(0..n_live);
        *list
            .iter()
            .filter(|&&ph| {
                let x = &self.phones[ph as usize];
                x.from <= day && day <= x.to
            })
            .nth(k)
            .expect("k < n_live")
    }

    /// The handset a SIM is used in: mostly one fixed handset per SIM, sometimes another of
    /// the person's handsets (SIM swapping).
    pub fn device_for(&self, rng: &mut impl Rng, p: u32, phone: u32) -> u32 {
        let person = &self.people[p as usize];
        let n = person.devices.max(1) as u32;
        let k = if n > 1 && rng.random_bool(0.1) {
            rng.random_range(0..n)
        } else {
            phone % n
        };
        person.device_first + k
    }

    /// The IMEI of a handset.
    pub fn imei(&self, device: u32) -> String {
        geo::imei(self.device_model[device as usize] as usize, device)
    }

    /// A short, stable nickname of the kind used in ledgers and chats ("Kak Karwan", "Haji
    /// Rebwar", "Abu Omar").
    pub fn alias(&self, p: u32) -> String {
        let person = &self.people[p as usize];
        let given = person.name.given_name();
        let h = (p as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60;
        let town = geo::COUNTRIES[person.residence as usize].cities[0];
        match (person.name.eth, h % 4) {
            (Ethnicity::KurdSorani | Ethnicity::KurdKurmanji, 0) => format!("Kak {given}"),
            (Ethnicity::KurdSorani | Ethnicity::KurdKurmanji, 1) => format!("Mam {given}"),
            (Ethnicity::Arab | Ethnicity::KurdSorani | Ethnicity::Afghan, 2) => {
                format!("Haji {given}")
            }
            (Ethnicity::Arab | Ethnicity::KurdSorani | Ethnicity::KurdKurmanji, _) => {
                format!(
                    "Abu {}",
                    ["Omar", "Ali", "Karim", "Hassan", "Yusuf", "Ahmed"][(p % 6) as usize]
                )
            }
            (Ethnicity::Albanian, 0 | 1) => format!("{given} {town}"),
            (Ethnicity::Vietnamese, _) => format!("Anh {given}"),
            _ => format!("{given} {town}"),
        }
    }
}
