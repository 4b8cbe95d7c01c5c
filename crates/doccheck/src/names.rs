//! Name comparison as a document examiner does it: MRZ names are upper-case Latin with
//! fillers, visual zones and records have accents, hyphens and any order of parts.

use unicode_normalization::UnicodeNormalization;

/// Upper-case Latin letters and spaces only: accents removed, `<`, hyphens and apostrophes
/// become spaces, as ICAO 9303 transliteration does for the MRZ.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.nfkd() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_uppercase());
        } else if c == '<' || c == '-' || c == '\'' || c.is_whitespace() || c == ',' {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The parts of a folded name, sorted, so that order does not matter.
fn parts(name: &str) -> Vec<String> {
    let mut p: Vec<String> = fold(name)
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    p.sort();
    p
}

/// True when two names have the same parts in any order, ignoring case, accents and
/// punctuation. An empty name matches nothing.
pub fn same_name(a: &str, b: &str) -> bool {
    let (pa, pb) = (parts(a), parts(b));
    !pa.is_empty() && pa == pb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_like_the_mrz() {
        assert_eq!(fold("Rêbaz  Hêmin-Ali"), "REBAZ HEMIN ALI");
        assert_eq!(fold("ERIKSSON<<ANNA<MARIA"), "ERIKSSON ANNA MARIA");
        assert!(same_name("Anna Maria Eriksson", "ERIKSSON ANNA MARIA"));
        assert!(!same_name("Anna Eriksson", "ERIKSSON ANNA MARIA"));
        assert!(!same_name("", ""));
    }
}
