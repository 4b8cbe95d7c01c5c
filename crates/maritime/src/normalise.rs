//! Engine makes, models and serial numbers as clerks and officers write them, brought to one
//! form: `YAMAHA`, `yamah`, `Ymh` → `Yamaha`; `F40 40HP` → `F40`; `S/N 6BG-1234567`,
//! `6bg 1234567`, `6BG-I234567` → `6BG1234567`.

/// Outboard makes and the spellings and abbreviations seen for them.
const MAKES: &[(&str, &[&str])] = &[
    (
        "Yamaha",
        &["yamaha", "yamah", "yamha", "yamaah", "ymh", "yam"],
    ),
    (
        "Mercury",
        &[
            "mercury",
            "merc",
            "mercur",
            "mercuri",
            "mercruiser",
            "mariner",
        ],
    ),
    ("Suzuki", &["suzuki", "suzki", "suzuky", "szk"]),
    ("Tohatsu", &["tohatsu", "tohats", "tohatzu", "thatsu"]),
    ("Honda", &["honda", "hond"]),
    ("Evinrude", &["evinrude", "evinrud", "johnson"]),
    ("Parsun", &["parsun", "parsan"]),
    ("Hidea", &["hidea", "hydea"]),
    ("Selva", &["selva"]),
];

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + (ca != *cb) as usize)
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The canonical make, or the input trimmed when it is none Kingpin knows.
pub fn make(raw: &str) -> String {
    let w: String = raw
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    if w.is_empty() {
        return String::new();
    }
    for (canon, forms) in MAKES {
        if forms.contains(&w.as_str()) {
            return canon.to_string();
        }
    }
    // One typing slip in a name of six letters or more ("yamahs", "suzuko").
    for (canon, forms) in MAKES {
        if w.len() >= 5 && edit_distance(&w, forms[0]) <= 1 {
            return canon.to_string();
        }
    }
    raw.trim().to_string()
}

/// The model without its power and noise: upper case, no spaces, `40HP`/`40 PS` dropped
/// unless it is all there is.
pub fn model(raw: &str) -> String {
    let up = raw.trim().to_uppercase();
    let kept: Vec<&str> = up
        .split_whitespace()
        .filter(|t| !(t.ends_with("HP") || t.ends_with("PS") || t.ends_with("CV")) || t.len() > 6)
        .filter(|t| !matches!(*t, "HP" | "PS" | "CV"))
        .collect();
    let s = if kept.is_empty() {
        up.split_whitespace().collect::<Vec<_>>().join("")
    } else {
        kept.join("")
    };
    s.replace(['-', '.', '/'], "")
}

/// The power in horsepower, from a model or power field ("F40 40HP", "40 hp", "29.4 kW").
pub fn power_hp(raw: &str) -> Option<f64> {
    let up = raw.to_uppercase();
    let toks: Vec<&str> = up.split_whitespace().collect();
    for (i, t) in toks.iter().enumerate() {
        let (num, unit) = match t.find(|c: char| c.is_ascii_alphabetic()) {
            Some(p) => (&t[..p], &t[p..]),
            None => (*t, toks.get(i + 1).copied().unwrap_or("")),
        };
        let Ok(v) = num.replace(',', ".").parse::<f64>() else {
            continue;
        };
        match unit {
            "HP" | "PS" | "CV" => return Some(v),
            "KW" => return Some((v * 1.341 * 10.0).round() / 10.0),
            _ => {}
        }
    }
    raw.trim().parse().ok()
}

/// A serial number in comparable form: upper case; no spaces, dashes, dots or slashes;
/// `S/N`, `SN`, `SERIAL`, `NO` and a repeated make prefix dropped; in the digit part, `O`
/// read as 0 and `I`/`L` as 1 (the typing slips of hand-copied plates).
pub fn serial(raw: &str) -> String {
    let mut s: String = raw
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    for p in ["SERIALNO", "SERIAL", "SNO", "SN", "NO"] {
        if let Some(r) = s.strip_prefix(p)
            && r.len() >= 5
        {
            s = r.to_string();
            break;
        }
    }
    for (canon, _) in MAKES {
        let up = canon.to_uppercase();
        if let Some(r) = s.strip_prefix(&up)
            && r.len() >= 5
        {
            s = r.to_string();
        }
    }
    // The trailing run is the serial's number: fix letter-for-digit slips there only, so
    // model codes such as 6BG keep their letters.
    let chars: Vec<char> = s.chars().collect();
    let mut cut = chars.len();
    while cut > 0 && (chars[cut - 1].is_ascii_digit() || matches!(chars[cut - 1], 'O' | 'I' | 'L'))
    {
        cut -= 1;
    }
    // Only a run that is mostly digits is a number ("FOIL" is not).
    let tail = &chars[cut..];
    let digits = tail.iter().filter(|c| c.is_ascii_digit()).count();
    if tail.len() >= 4 && digits * 2 > tail.len() {
        let mut out: String = chars[..cut].iter().collect();
        out.extend(tail.iter().map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            d => *d,
        }));
        out
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes() {
        for raw in ["YAMAHA", "yamah", "Ymh", "Yamahs ", "yamaha"] {
            assert_eq!(make(raw), "Yamaha", "{raw}");
        }
        assert_eq!(make("Merc"), "Mercury");
        assert_eq!(make("Suzki"), "Suzuki");
        assert_eq!(make("Tohatzu"), "Tohatsu");
        assert_eq!(make("Generic"), "Generic");
        assert_eq!(make(""), "");
    }

    #[test]
    fn models_and_power() {
        assert_eq!(model("F40 40HP"), "F40");
        assert_eq!(model("f40"), "F40");
        assert_eq!(model("DF-60A"), "DF60A");
        assert_eq!(model("40 ELPTO"), "40ELPTO");
        assert_eq!(power_hp("F40 40HP"), Some(40.0));
        assert_eq!(power_hp("60 hp"), Some(60.0));
        assert_eq!(power_hp("29.4 kW"), Some(39.4));
        assert_eq!(power_hp("40"), Some(40.0));
        assert_eq!(power_hp("DF60A"), None);
    }

    #[test]
    fn serials() {
        let want = "6BG1234567";
        for raw in [
            "6BG-1234567",
            "6bg 1234567",
            "S/N 6BG-1234567",
            "SN: 6BG.1234567",
            "6BG-I234567",
            "Yamaha 6BG1234567",
        ] {
            assert_eq!(serial(raw), want, "{raw}");
        }
        assert_eq!(serial("6BG-12345O7"), "6BG1234507");
        assert_eq!(serial("HIN-0012345"), "HIN0012345");
        assert_eq!(serial("LOT-000123"), "LOT000123");
    }
}
