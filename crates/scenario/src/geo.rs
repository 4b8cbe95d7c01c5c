//! Countries, their numbering plans and places: what phone numbers, IMSIs and departure
//! beaches look like.

/// A country the scenario touches, with its mobile numbering plan.
pub struct Country {
    /// ISO 3166-1 alpha-2, upper case.
    pub iso2: &'static str,
    /// ICAO / ISO alpha-3 code, as in passports.
    pub iso3: &'static str,
    /// International dialling code.
    pub dial: &'static str,
    /// Mobile country code (the first digits of an IMSI).
    pub mcc: &'static str,
    /// Mobile network codes of its operators.
    pub mnc: &'static [&'static str],
    /// Mobile prefixes after the dialling code.
    pub prefixes: &'static [&'static str],
    /// Digits after the prefix.
    pub tail: u32,
    /// Cities and towns people live in.
    pub cities: &'static [&'static str],
}

/// Index of a country in [`COUNTRIES`].
pub type C = u8;

/// Iraq (with the Kurdistan Region).
pub const IQ: C = 0;
/// Turkey.
pub const TR: C = 1;
/// Germany.
pub const DE: C = 2;
/// France.
pub const FR: C = 3;
/// Belgium.
pub const BE: C = 4;
/// United Kingdom.
pub const GB: C = 5;
/// Iran.
pub const IR: C = 6;
/// Afghanistan.
pub const AF: C = 7;
/// Viet Nam.
pub const VN: C = 8;
/// Albania.
pub const AL: C = 9;
/// Eritrea.
pub const ER: C = 10;
/// Syria.
pub const SY: C = 11;
/// Netherlands.
pub const NL: C = 12;

/// The countries, indexed by the constants above.
pub const COUNTRIES: &[Country] = &[
    Country {
        iso2: "IQ",
        iso3: "IRQ",
        dial: "964",
        mcc: "418",
        mnc: &["20", "05", "40"],
        prefixes: &["750", "751", "770", "771", "780"],
        tail: 7,
        cities: &[
            "Sulaymaniyah",
            "Erbil",
            "Ranya",
            "Duhok",
            "Kirkuk",
            "Halabja",
        ],
    },
    Country {
        iso2: "TR",
        iso3: "TUR",
        dial: "90",
        mcc: "286",
        mnc: &["01", "02", "03"],
        prefixes: &["532", "533", "542", "505", "555"],
        tail: 7,
        cities: &["Istanbul", "Izmir", "Van", "Ankara", "Edirne"],
    },
    Country {
        iso2: "DE",
        iso3: "D<<",
        dial: "49",
        mcc: "262",
        mnc: &["01", "02", "03"],
        prefixes: &["151", "160", "170", "176", "152"],
        tail: 8,
        cities: &["Essen", "Dortmund", "Hamburg", "Bielefeld", "Duisburg"],
    },
    Country {
        iso2: "FR",
        iso3: "FRA",
        dial: "33",
        mcc: "208",
        mnc: &["01", "10", "20"],
        prefixes: &["6", "7"],
        tail: 8,
        cities: &[
            "Calais",
            "Grande-Synthe",
            "Dunkerque",
            "Boulogne-sur-Mer",
            "Lille",
        ],
    },
    Country {
        iso2: "BE",
        iso3: "BEL",
        dial: "32",
        mcc: "206",
        mnc: &["01", "10", "20"],
        prefixes: &["470", "471", "485", "496"],
        tail: 6,
        cities: &["Brussels", "Ostend", "Bruges", "Zeebrugge"],
    },
    Country {
        iso2: "GB",
        iso3: "GBR",
        dial: "44",
        mcc: "234",
        mnc: &["10", "15", "20", "30"],
        prefixes: &["7700", "7711", "7723", "7400", "7507"],
        tail: 6,
        cities: &[
            "London",
            "Birmingham",
            "Manchester",
            "Liverpool",
            "Portsmouth",
        ],
    },
    Country {
        iso2: "IR",
        iso3: "IRN",
        dial: "98",
        mcc: "432",
        mnc: &["11", "35"],
        prefixes: &["912", "935", "901", "919"],
        tail: 7,
        cities: &["Sanandaj", "Marivan", "Kermanshah", "Tehran", "Urmia"],
    },
    Country {
        iso2: "AF",
        iso3: "AFG",
        dial: "93",
        mcc: "412",
        mnc: &["01", "20", "40", "50"],
        prefixes: &["70", "72", "78", "79"],
        tail: 7,
        cities: &["Kabul", "Herat", "Jalalabad", "Kandahar"],
    },
    Country {
        iso2: "VN",
        iso3: "VNM",
        dial: "84",
        mcc: "452",
        mnc: &["01", "02", "04"],
        prefixes: &["90", "91", "98", "97"],
        tail: 7,
        cities: &["Nghe An", "Ha Tinh", "Hai Phong", "Quang Binh"],
    },
    Country {
        iso2: "AL",
        iso3: "ALB",
        dial: "355",
        mcc: "276",
        mnc: &["01", "02", "03"],
        prefixes: &["67", "68", "69"],
        tail: 7,
        cities: &["Tirana", "Durres", "Kukes", "Elbasan"],
    },
    Country {
        iso2: "ER",
        iso3: "ERI",
        dial: "291",
        mcc: "657",
        mnc: &["01"],
        prefixes: &["7"],
        tail: 6,
        cities: &["Asmara", "Keren", "Mendefera"],
    },
    Country {
        iso2: "SY",
        iso3: "SYR",
        dial: "963",
        mcc: "417",
        mnc: &["01", "02"],
        prefixes: &["93", "94", "99"],
        tail: 7,
        cities: &["Qamishli", "Afrin", "Kobani", "Aleppo"],
    },
    Country {
        iso2: "NL",
        iso3: "NLD",
        dial: "31",
        mcc: "204",
        mnc: &["04", "08", "16"],
        prefixes: &["6"],
        tail: 8,
        cities: &["Rotterdam", "Amsterdam", "Venlo"],
    },
];

/// Bijection of `0..n` with a multiplier coprime to every `n` used (n = k * 10^t, k < 7),
/// so distinct serials give distinct, scattered-looking numbers.
pub fn scatter(serial: u64, n: u64) -> u64 {
    ((serial as u128 * 2_654_435_761u128 + 97_531) % n as u128) as u64
}

fn pow10(t: u32) -> u64 {
    10u64.pow(t)
}

/// The E.164 number (`+9647501234567`) of the `serial`-th phone of a country.
pub fn msisdn(country: C, serial: u32) -> String {
    let c = &COUNTRIES[country as usize];
    let span = pow10(c.tail);
    // The country salts the draw so the n-th numbers of two countries do not share digits.
    let v = scatter(
        serial as u64 + country as u64 * 7_919,
        span * c.prefixes.len() as u64,
    );
    let prefix = c.prefixes[(v / span) as usize];
    format!("+{}{}{:0w$}", c.dial, prefix, v % span, w = c.tail as usize)
}

/// The IMSI of the SIM behind the `serial`-th phone of a country: MCC, MNC, 10-digit MSIN.
pub fn imsi(country: C, serial: u32) -> String {
    let c = &COUNTRIES[country as usize];
    let mnc = c.mnc[serial as usize % c.mnc.len()];
    let msin = scatter(serial as u64 + country as u64 * 104_729, pow10(10));
    let width = 15 - c.mcc.len() - mnc.len();
    format!("{}{}{:0width$}", c.mcc, mnc, msin % pow10(width as u32))
}

/// Handset makes and models with plausible type-allocation-code prefixes (six digits; two
/// more encode the batch so IMEIs stay unique).
pub const HANDSETS: &[(&str, &str, &str)] = &[
    ("Samsung", "Galaxy A14", "350123"),
    ("Samsung", "Galaxy A54", "351234"),
    ("Apple", "iPhone 11", "353912"),
    ("Apple", "iPhone 13", "354422"),
    ("Xiaomi", "Redmi Note 12", "862315"),
    ("Huawei", "Y7", "867845"),
    ("Nokia", "105", "356938"),
    ("Nokia", "2720 Flip", "359211"),
    ("Alcatel", "1066D", "358470"),
    ("Tecno", "Spark 10", "861742"),
];

/// The IMEI (15 digits, Luhn check digit) of the `serial`-th handset of model `model`.
pub fn imei(model: usize, serial: u32) -> String {
    let tac = HANDSETS[model % HANDSETS.len()].2;
    let batch = serial / 1_000_000 % 100;
    let snr = scatter(serial as u64 % 1_000_000, 1_000_000);
    let body = format!("{tac}{batch:02}{snr:06}");
    let check = luhn(&body);
    format!("{body}{check}")
}

/// Luhn check digit of a digit string.
pub fn luhn(body: &str) -> u32 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = (b - b'0') as u32;
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Beaches and ports on the Channel coast boats leave from: name, latitude, longitude.
pub const DEPARTURES: &[(&str, f64, f64)] = &[
    ("Gravelines beach", 51.0105, 2.1186),
    ("Plage de Wimereux", 50.7692, 1.6050),
    ("Equihen-Plage", 50.6770, 1.5680),
    ("Hardelot beach", 50.6335, 1.5760),
    ("Sangatte", 50.9460, 1.7530),
    ("Dunes de Slack", 50.7930, 1.6030),
    ("Le Portel", 50.7080, 1.5690),
    ("Bray-Dunes", 51.0860, 2.5180),
];

/// Cell sites near camps and safe houses (the CDR's `cell_id` area codes).
pub const CELL_AREAS: &[&str] = &["CAL", "DUN", "GSY", "BOU", "LIL", "BRU", "OST", "LON"];

/// The real centres (latitude, longitude) of the towns behind [`CELL_AREAS`], in that order:
/// Calais, Dunkerque, Grande-Synthe, Boulogne-sur-Mer, Lille, Brussels, Ostend, London.
pub const CELL_AREA_CENTRES: &[(f64, f64)] = &[
    (50.9513, 1.8587),
    (51.0344, 2.3768),
    (51.0139, 2.3028),
    (50.7264, 1.6147),
    (50.6292, 3.0573),
    (50.8503, 4.3517),
    (51.2154, 2.9286),
    (51.5074, -0.1278),
];

/// Where cell `ci` of an area stands: the operator's masts are invented, so each is put on a
/// spiral within about 2.5 km of its real town centre, to its south (inland of the coast
/// towns, whose sea lies north and west) — plausible positions, stable for a given cell id.
pub fn cell_site(area: usize, ci: u64) -> (f64, f64) {
    let (lat, lon) = CELL_AREA_CENTRES[area];
    let r_km = 2.5 * ((ci % 60) as f64 + 0.5).sqrt() / 60f64.sqrt();
    // Bearings 100°..200° (east-south-east to south-south-west): inland for every coast town.
    let angle = (100.0 + (ci as f64 * 137.508) % 100.0).to_radians();
    let dlat = r_km * angle.cos() / 111.32;
    let dlon = r_km * angle.sin() / (111.32 * lat.to_radians().cos());
    (
        ((lat + dlat) * 10_000.0).round() / 10_000.0,
        ((lon + dlon) * 10_000.0).round() / 10_000.0,
    )
}

/// How a phone number is written by a person or a clerk: as E.164, spaced, with `00`, or in
/// national form (which does not match the E.164 form until resolved, as in real data).
pub fn written_phone(
    rng: &mut impl rand::Rng,
    country: C,
    e164: &str,
    national_ok: bool,
) -> String {
    let dial = COUNTRIES[country as usize].dial;
    let rest = &e164[1 + dial.len()..];
    match rng.random_range(0..10) {
        0..=4 => e164.to_string(),
        5 | 6 => {
            let (a, b) = rest.split_at(3.min(rest.len()));
            let (b, c) = b.split_at(3.min(b.len()));
            format!("+{dial} {a} {b} {c}")
        }
        7 | 8 => format!("00{dial}{rest}"),
        _ if national_ok => format!("0{rest}"),
        _ => e164.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn numbers_are_unique_per_country() {
        for (i, c) in COUNTRIES.iter().enumerate() {
            let mut seen = HashSet::new();
            for s in 0..20_000 {
                let n = msisdn(i as C, s);
                assert!(n.starts_with(&format!("+{}", c.dial)));
                assert!(seen.insert(n));
                assert_eq!(imsi(i as C, s).len(), 15);
            }
        }
    }

    #[test]
    fn cell_sites_stand_near_their_towns() {
        assert_eq!(CELL_AREAS.len(), CELL_AREA_CENTRES.len());
        for (a, &(lat, lon)) in CELL_AREA_CENTRES.iter().enumerate() {
            let mut seen = HashSet::new();
            for ci in 0..60 {
                let (y, x) = cell_site(a, ci);
                let km = ((y - lat) * 111.32).hypot((x - lon) * 111.32 * lat.to_radians().cos());
                assert!(km <= 2.6, "cell {ci} of area {a} is {km:.2} km out");
                assert!(y <= lat + 1e-4, "south of the centre, away from the sea");
                assert!(
                    seen.insert(format!("{y},{x}")),
                    "cell {ci} of area {a} shares a site"
                );
            }
        }
    }

    #[test]
    fn imeis_pass_luhn_and_are_unique() {
        let mut seen = HashSet::new();
        for s in (0..3_000_000).step_by(97) {
            let i = imei(s as usize, s);
            assert_eq!(i.len(), 15);
            assert_eq!(luhn(&i[..14]), (i.as_bytes()[14] - b'0') as u32);
            assert!(seen.insert(i));
        }
        assert_eq!(luhn("49015420323751"), 8);
    }
}
