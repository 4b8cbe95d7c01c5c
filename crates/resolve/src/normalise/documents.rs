//! Document numbers (passports, identity cards).

use super::fold;

/// Upper-case letters and digits only; `None` when fewer than 5 remain. Fillers (`<`),
/// spaces and dashes are spellings, not content.
pub fn normalise_document(raw: &str) -> Option<String> {
    code(raw, 5)
}

/// Postcodes: upper-case letters and digits only; `None` when fewer than 3 remain (postcodes
/// of Australia, Denmark or Switzerland have four digits, some have three).
pub fn normalise_postcode(raw: &str) -> Option<String> {
    code(raw, 3)
}

fn code(raw: &str, min_len: usize) -> Option<String> {
    let s: String = fold(raw)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (s.len() >= min_len).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_number() {
        assert_eq!(
            normalise_document(" n-300 918 83"),
            Some("N30091883".into())
        );
        assert_eq!(normalise_document("N30091883<<"), Some("N30091883".into()));
        assert_eq!(normalise_document("١٢٣٤٥٦"), Some("123456".into()));
        assert_eq!(normalise_document("12"), None);
        assert_eq!(normalise_document("2119"), None);
        assert_eq!(normalise_postcode("2119"), Some("2119".into()));
        assert_eq!(normalise_postcode("sw1a 1aa"), Some("SW1A1AA".into()));
        assert_eq!(normalise_postcode("21"), None);
    }
}
