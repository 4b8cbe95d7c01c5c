//! Document checks at a forensic lab or border post (`documents.csv`): passports with a
//! TD3 machine-readable zone whose check digits are right on genuine documents and broken on
//! most forgeries.

use crate::dates::{civil_from_days, days_from_civil, iso};
use crate::geo::{self, COUNTRIES, scatter};
use crate::truth::{Rec, TruthLog};
use crate::world::{Role, World};
use crate::writer::{Progress, csv};
use anyhow::Result;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::path::Path;

/// The passport number a person's genuine passport carries (stable per person).
pub fn passport_number(w: &World, p: u32) -> String {
    let nat = w.people[p as usize].nationality;
    let n = scatter(p as u64 + 50_021, 100_000_000);
    match nat {
        geo::IQ => format!("A{n:08}"),
        geo::IR => format!("K{n:08}"),
        geo::AF => format!("P{:07}", n % 10_000_000),
        geo::VN => format!("C{:07}", n % 10_000_000),
        geo::AL => format!("BA{:07}", n % 10_000_000),
        geo::ER => format!("P{:07}", n % 10_000_000),
        geo::SY => format!("N{n:08}"),
        geo::TR => format!("U{n:08}"),
        _ => format!("{:09}", n * 7 % 1_000_000_000),
    }
}

/// ICAO 9303 check digit: weights 7, 3, 1; digits as themselves, A-Z as 10-35, `<` as 0.
pub fn check_digit(field: &str) -> char {
    let sum: u32 = field
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let v = match b {
                b'0'..=b'9' => (b - b'0') as u32,
                b'A'..=b'Z' => (b - b'A') as u32 + 10,
                _ => 0,
            };
            v * [7, 3, 1][i % 3]
        })
        .sum();
    char::from(b'0' + (sum % 10) as u8)
}

/// Name text as the MRZ writes it: upper-case A-Z, diacritics folded, separators as `<`.
pub fn mrz_text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'ä' | 'á' | 'à' | 'â' | 'ạ' | 'ả' | 'ã' | 'ă' | 'ấ' | 'ầ' | 'ậ' => 'A',
            'ë' | 'é' | 'è' | 'ê' | 'ế' | 'ệ' | 'ề' => 'E',
            'ï' | 'í' | 'ì' | 'î' | 'ı' | 'ị' => 'I',
            'ö' | 'ó' | 'ò' | 'ô' | 'ồ' | 'ố' | 'ộ' | 'ọ' | 'ỗ' | 'ơ' => 'O',
            'ü' | 'ú' | 'ù' | 'û' | 'ũ' | 'ư' | 'ụ' => 'U',
            'ç' => 'C',
            'ş' | 'š' => 'S',
            'ğ' => 'G',
            'đ' | 'Đ' => 'D',
            ' ' | '-' | ',' => '<',
            '\'' => continue,
            c if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
            _ => continue,
        };
        out.push(c);
    }
    out
}

fn pad(s: &str, n: usize) -> String {
    let mut v: String = s.chars().take(n).collect();
    while v.len() < n {
        v.push('<');
    }
    v
}

fn yymmdd(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{:02}{m:02}{d:02}", y.rem_euclid(100))
}

/// The two 44-character lines of a TD3 (passport) MRZ with correct check digits.
#[allow(clippy::too_many_arguments)]
pub fn td3(
    state: &str,
    surname: &str,
    given: &str,
    number: &str,
    nationality: &str,
    birth: i32,
    sex: char,
    expiry: i32,
) -> [String; 2] {
    let name = pad(&format!("{}<<{}", mrz_text(surname), mrz_text(given)), 39);
    let line1 = format!("P<{}{}", pad(state, 3), name);
    let num = pad(number, 9);
    let birth = yymmdd(birth);
    let expiry = yymmdd(expiry);
    let personal = pad("", 14);
    let mut line2 = format!(
        "{num}{}{}{birth}{}{sex}{expiry}{}{personal}{}",
        check_digit(&num),
        pad(nationality, 3),
        check_digit(&birth),
        check_digit(&expiry),
        check_digit(&personal),
    );
    let composite = format!("{}{}{}", &line2[0..10], &line2[13..20], &line2[21..43]);
    line2.push(check_digit(&composite));
    [line1, line2]
}

/// Checks every check digit of a TD3 line 2 (what the lab's reader does first).
pub fn td3_digits_ok(line2: &str) -> bool {
    let b = line2.as_bytes();
    if b.len() != 44 || !line2.is_ascii() {
        return false;
    }
    let composite = format!("{}{}{}", &line2[0..10], &line2[13..20], &line2[21..43]);
    [
        (&line2[0..9], b[9]),
        (&line2[13..19], b[19]),
        (&line2[21..27], b[27]),
        (&line2[28..42], b[42]),
        (composite.as_str(), b[43]),
    ]
    .iter()
    .all(|(f, c)| check_digit(f) as u8 == *c)
}

const LOCATIONS: &[&str] = &[
    "Coquelles border post",
    "Port of Dover",
    "Calais ferry terminal",
    "Brussels-Midi",
    "Heathrow forensic lab",
];
const EU_FORGED: &[(&str, &str)] = &[("ITA", "YA"), ("BGR", "38"), ("GRC", "AN"), ("FRA", "19")];

/// Writes `documents.csv`; returns the row count.
pub fn write_documents(
    w: &World,
    rng: &mut ChaCha8Rng,
    path: &Path,
    truth: &mut TruthLog,
    pr: &Progress,
) -> Result<u64> {
    let mut out = csv(path)?;
    out.write_record([
        "check_id",
        "checked_at",
        "location",
        "document_type",
        "number",
        "issuing_state",
        "nationality",
        "surname",
        "given_names",
        "holder_name",
        "birth_date",
        "sex",
        "expiry_date",
        "mrz",
    ])?;
    let mut rows = 0u64;
    for (i, p) in w.people.iter().enumerate() {
        let chance = match p.role {
            Role::Migrant => 0.15,
            Role::Organiser | Role::Lieutenant | Role::Hawaladar => 0.1,
            Role::Other => 0.01,
            _ => 0.08,
        };
        if !rng.random_bool(chance) {
            continue;
        }
        let pid = i as u32;
        // A holder other than the presenter: impostors carry a lookalike's genuine passport.
        let forgery = if rng.random_bool(0.25) {
            [
                "altered_birth_date",
                "altered_number",
                "counterfeit_eu",
                "impostor",
            ][rng.random_range(0..4)]
        } else {
            ""
        };
        let holder = if forgery == "impostor" {
            rng.random_range(0..w.people.len() as u32)
        } else {
            pid
        };
        let h = &w.people[holder as usize];
        let (surname, given) = h.name.surname_given();
        let c = &COUNTRIES[h.nationality as usize];
        let (mut state, mut number) = (c.iso3.to_string(), passport_number(w, holder));
        let nationality = if forgery == "counterfeit_eu" {
            let (st, pre) = EU_FORGED[rng.random_range(0..EU_FORGED.len())];
            state = st.to_string();
            number = format!("{pre}{:07}", scatter(holder as u64 + 7, 10_000_000));
            st.to_string()
        } else {
            c.iso3.to_string()
        };
        let (by, _, _) = civil_from_days(w.start);
        let issue = days_from_civil(
            by - rng.random_range(0..9),
            rng.random_range(1..=12),
            rng.random_range(1..=28),
        );
        let (iy, im, id) = civil_from_days(issue);
        let expiry = days_from_civil(iy + 10, im, id.min(28));
        let sex = if h.name.female { 'F' } else { 'M' };
        let [l1, mut l2] = td3(
            &state,
            &surname,
            &given,
            &number,
            &nationality,
            h.birth,
            sex,
            expiry,
        );
        let mut birth = h.birth;
        match forgery {
            "altered_birth_date" => {
                // Made older or younger by a few years, check digit left as it was.
                let (y, m, d) = civil_from_days(h.birth);
                let shifted =
                    days_from_civil(y + [-3, -2, 2, 3][rng.random_range(0..4)], m, d.min(28));
                let new = yymmdd(shifted);
                if check_digit(&new) != check_digit(&l2[13..19]) {
                    birth = shifted;
                    l2.replace_range(13..19, &new);
                } else {
                    l2.replace_range(19..20, &(((l2.as_bytes()[19] - b'0' + 1) % 10).to_string()));
                }
            }
            "altered_number" => {
                let at = l2[0..9].rfind(|c: char| c.is_ascii_digit()).unwrap_or(0);
                let digit = l2.as_bytes()[at];
                let new = if digit == b'9' {
                    '0'
                } else {
                    char::from(digit + 1)
                };
                l2.replace_range(at..at + 1, &new.to_string());
                number = l2[0..9].trim_end_matches('<').to_string();
            }
            "counterfeit_eu" => {
                let bad = ((l2.as_bytes()[43] - b'0' + 3) % 10).to_string();
                l2.replace_range(43..44, &bad);
            }
            _ => {}
        }
        let (year, _, _) = civil_from_days(w.start);
        let checked = days_from_civil(year, 1, 1) + rng.random_range(0..w.days);
        let check_id = format!("DC{:06}", rows + 1);
        truth.add(pid, Rec::DocumentCheck, &check_id);
        truth.document(&check_id, pid, holder, forgery);
        out.write_record([
            check_id.as_str(),
            &iso(checked),
            LOCATIONS[rng.random_range(0..LOCATIONS.len())],
            "passport",
            &number,
            &state,
            &nationality,
            &surname,
            &given,
            &format!("{given} {surname}"),
            &iso(birth),
            &sex.to_string(),
            &iso(expiry),
            &format!("{l1}\n{l2}"),
        ])?;
        rows += 1;
        pr.tick();
    }
    out.flush()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_specimen_check_digits() {
        // ICAO 9303 part 4 specimen: L898902C3, 740812, 120415, composite 0.
        assert_eq!(check_digit("L898902C3"), '6');
        assert_eq!(check_digit("740812"), '2');
        assert_eq!(check_digit("120415"), '9');
        let line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
        assert!(td3_digits_ok(line2));
    }

    #[test]
    fn generated_mrz_is_well_formed() {
        let b = days_from_civil(1990, 3, 7);
        let e = days_from_civil(2031, 5, 1);
        let [l1, l2] = td3("IRQ", "Hama", "Karwan Ahmed", "A12345678", "IRQ", b, 'M', e);
        assert_eq!(l1.len(), 44);
        assert!(l1.starts_with("P<IRQHAMA<<KARWAN<AHMED<"));
        assert!(td3_digits_ok(&l2), "{l2}");
        assert_eq!(mrz_text("Gëzim Çela"), "GEZIM<CELA");
    }
}
