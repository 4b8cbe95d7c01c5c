//! Document numbers (passports, identity cards).

use super::fold;

/// Upper-case letters and digits only; `None` when fewer than 5 remain. Fillers (`<`),
/// spaces and dashes are spellings, not content.
pub fn normalise_document(raw: &str) -> Option<String> {
    let s: String = fold(raw)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (s.len() >= 5).then_some(s)
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
    }
}
