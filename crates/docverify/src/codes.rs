//! Issuing-state and nationality codes (ISO 3166-1 alpha-3 plus Doc 9303's own),
//! embedded from `data/icao-codes.txt` and indexed at compile time.

const SOURCE: &str = include_str!("../data/icao-codes.txt");

/// What Doc 9303 lets a three-letter code stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    /// Not in the list.
    Unknown,
    /// ISO 3166-1 alpha-3, or a Doc 9303 Part 3 code usable as issuer and nationality.
    State,
    /// Doc 9303 Part E (XXA, XXB, XXC, XXX): nationality only, never an issuer.
    NationalityOnly,
    /// Doc 9303 Part F: withdrawn from ISO 3166, kept for documents still in circulation.
    Deprecated,
    /// User-assigned (XKX), in practical use but not in Doc 9303.
    UserAssigned,
    /// UTO, the fictitious state of the Doc 9303 specimens.
    Specimen,
}

const SLOTS: usize = 27 * 27 * 27;

/// `<` is 0 and A-Z are 1-26, so 'D<<' and 'DEU' index distinct slots.
const fn letter(b: u8) -> Option<usize> {
    match b {
        b'<' => Some(0),
        b'A'..=b'Z' => Some((b - b'A') as usize + 1),
        _ => None,
    }
}

const fn index(code: &[u8]) -> Option<usize> {
    if code.len() != 3 {
        return None;
    }
    match (letter(code[0]), letter(code[1]), letter(code[2])) {
        (Some(a), Some(b), Some(c)) => Some(a * 729 + b * 27 + c),
        _ => None,
    }
}

const fn starts_with(hay: &[u8], at: usize, needle: &[u8]) -> bool {
    if at + needle.len() > hay.len() {
        return false;
    }
    let mut i = 0;
    while i < needle.len() {
        if hay[at + i] != needle[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn kind_of(cat: &[u8], at: usize) -> u8 {
    if starts_with(cat, at, b"ICAO-E") {
        2
    } else if starts_with(cat, at, b"ICAO-F") {
        3
    } else if starts_with(cat, at, b"USER") {
        4
    } else if starts_with(cat, at, b"SPECIMEN") {
        5
    } else if starts_with(cat, at, b"ISO") || starts_with(cat, at, b"ICAO-") {
        1
    } else {
        0
    }
}

/// Parses `CODE<TAB>NAME<TAB>CATEGORY` lines at compile time; comment lines start with '#'.
const fn build() -> [u8; SLOTS] {
    let src = SOURCE.as_bytes();
    let mut table = [0u8; SLOTS];
    let mut i = 0;
    while i < src.len() {
        let start = i;
        while i < src.len() && src[i] != b'\n' {
            i += 1;
        }
        let end = i;
        i += 1;
        if end == start || src[start] == b'#' {
            continue;
        }
        // Code: up to the first tab, padded with fillers to three characters.
        let mut code = [b'<'; 3];
        let mut j = start;
        let mut n = 0;
        while j < end && src[j] != b'\t' {
            if n < 3 {
                code[n] = src[j];
            }
            n += 1;
            j += 1;
        }
        // Skip the name to reach the category.
        j += 1;
        while j < end && src[j] != b'\t' {
            j += 1;
        }
        j += 1;
        if n == 0 || n > 3 || j >= end {
            continue;
        }
        let kind = kind_of(src, j);
        if let Some(slot) = index(&code) {
            table[slot] = kind;
        }
    }
    table
}

static TABLE: [u8; SLOTS] = build();

/// Looks up a three-character MRZ code field (e.g. `UTO`, `D<<`).
pub fn lookup(field: &[u8]) -> CodeKind {
    match index(field).map(|i| TABLE[i]) {
        Some(1) => CodeKind::State,
        Some(2) => CodeKind::NationalityOnly,
        Some(3) => CodeKind::Deprecated,
        Some(4) => CodeKind::UserAssigned,
        Some(5) => CodeKind::Specimen,
        _ => CodeKind::Unknown,
    }
}

/// The English name of a code (fillers trimmed, e.g. `D`), for display.
pub fn name(code: &str) -> Option<&'static str> {
    SOURCE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let mut parts = l.split('\t');
            (parts.next()? == code).then(|| parts.next()).flatten()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(lookup(b"UTO"), CodeKind::Specimen);
        assert_eq!(lookup(b"D<<"), CodeKind::State);
        assert_eq!(lookup(b"DEU"), CodeKind::State);
        assert_eq!(lookup(b"XXX"), CodeKind::NationalityOnly);
        assert_eq!(lookup(b"ANT"), CodeKind::Deprecated);
        assert_eq!(lookup(b"XKX"), CodeKind::UserAssigned);
        assert_eq!(lookup(b"EUE"), CodeKind::State);
        for bad in [
            &b"GER"[..],
            b"XYZ",
            b"IAO",
            b"WSA",
            b"ZZZ",
            b"D<",
            b"d<<",
            b"<<<",
            b"GB<",
        ] {
            assert_eq!(lookup(bad), CodeKind::Unknown, "{:?}", bad);
        }
    }

    #[test]
    fn every_listed_code_is_indexed() {
        let listed = SOURCE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .count();
        let indexed = TABLE.iter().filter(|&&k| k != 0).count();
        assert_eq!(listed, indexed);
        assert!(listed >= 279, "{listed}");
    }

    #[test]
    fn names() {
        assert_eq!(name("UTO").map(|n| n.starts_with("Utopia")), Some(true));
        assert_eq!(name("IRQ"), Some("Iraq"));
        assert_eq!(name("QQQ"), None);
    }
}
