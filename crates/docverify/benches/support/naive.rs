//! Baseline for the benchmark: the same core checks written the way many MRZ
//! libraries are, with a `String` per line, per field and per finding.

use std::collections::HashSet;

/// Codes from the embedded list, loaded once (not per validation).
pub fn load_codes() -> HashSet<String> {
    include_str!("../../data/icao-codes.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split('\t').next().map(str::to_string))
        .collect()
}

fn value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        'A'..='Z' => Some(c as u32 - 'A' as u32 + 10),
        '<' => Some(0),
        _ => None,
    }
}

fn check_digit(s: &str) -> u32 {
    let weights = [7, 3, 1];
    s.chars()
        .enumerate()
        .map(|(i, c)| value(c).unwrap_or(0) * weights[i % 3])
        .sum::<u32>()
        % 10
}

fn field(line: &str, start: usize, len: usize) -> String {
    line.chars().skip(start).take(len).collect()
}

fn date_ok(s: &str) -> bool {
    if s.len() != 6 || !s.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let m: u32 = s[2..4].parse().unwrap_or(0);
    let d: u32 = s[4..6].parse().unwrap_or(0);
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// Validates; returns the verdict and the error messages.
pub fn validate(text: &str, codes: &HashSet<String>) -> (bool, Vec<String>) {
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let mut errors = Vec::new();
    let width = lines.first().map_or(0, |l| l.chars().count());
    if !(lines.len() == 3 && width == 30 || lines.len() == 2 && (width == 36 || width == 44)) {
        errors.push(format!("bad shape: {} lines of {width}", lines.len()));
        return (false, errors);
    }
    for (i, l) in lines.iter().enumerate() {
        if l.chars().count() != width {
            errors.push(format!("line {} has the wrong length", i + 1));
        }
        if !l
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<')
        {
            errors.push(format!("line {} has bad characters", i + 1));
        }
    }
    let td1 = lines.len() == 3;
    let visa = lines[0].starts_with('V');
    let (data, name_line, name_start) = if td1 {
        let joined = format!("{}{}", lines[0], lines[1]);
        (joined, lines[2].clone(), 0)
    } else {
        (lines[1].clone(), lines[0].clone(), 5)
    };
    let state = field(&lines[0], 2, 3).replace('<', "");
    if !codes.contains(&state) {
        errors.push(format!("unknown issuing state {state}"));
    }
    let name = field(&name_line, name_start, 44);
    let parts: Vec<String> = name
        .splitn(2, "<<")
        .map(|p| p.replace('<', " ").trim().to_string())
        .collect();
    if parts.iter().any(|p| p.chars().any(|c| c.is_ascii_digit())) {
        errors.push("digits in the name".to_string());
    }
    // (number, its check), (birth, check), (expiry, check), nationality, sex.
    let (num, ncd, nat, birth, bcd, sex, exp, ecd) = if td1 {
        (
            field(&data, 5, 9),
            field(&data, 14, 1),
            field(&data, 45, 3),
            field(&data, 30, 6),
            field(&data, 36, 1),
            field(&data, 37, 1),
            field(&data, 38, 6),
            field(&data, 44, 1),
        )
    } else {
        (
            field(&data, 0, 9),
            field(&data, 9, 1),
            field(&data, 10, 3),
            field(&data, 13, 6),
            field(&data, 19, 1),
            field(&data, 20, 1),
            field(&data, 21, 6),
            field(&data, 27, 1),
        )
    };
    for (what, f, cd) in [
        ("number", &num, &ncd),
        ("birth", &birth, &bcd),
        ("expiry", &exp, &ecd),
    ] {
        if check_digit(f).to_string() != *cd {
            errors.push(format!(
                "{what} check digit {cd} should be {}",
                check_digit(f)
            ));
        }
    }
    for (what, d) in [("birth", &birth), ("expiry", &exp)] {
        if !date_ok(d) {
            errors.push(format!("{what} date {d} is not a date"));
        }
    }
    if !codes.contains(&nat.replace('<', "")) {
        errors.push(format!("unknown nationality {nat}"));
    }
    if !["M", "F", "<"].contains(&sex.as_str()) {
        errors.push(format!("bad sex {sex}"));
    }
    if !visa {
        let composite: String = if td1 {
            format!(
                "{}{}{}{}",
                field(&data, 5, 25),
                field(&data, 30, 7),
                field(&data, 38, 7),
                field(&data, 48, 11)
            )
        } else {
            let w = width;
            format!(
                "{}{}{}",
                field(&data, 0, 10),
                field(&data, 13, 7),
                field(&data, 21, w - 22)
            )
        };
        let cd = if td1 {
            field(&data, 59, 1)
        } else {
            field(&data, width - 1, 1)
        };
        if check_digit(&composite).to_string() != cd {
            errors.push(format!(
                "composite {cd} should be {}",
                check_digit(&composite)
            ));
        }
    }
    (errors.is_empty(), errors)
}
