//! Search text: values folded to lower-case words without diacritics, so `Ahmed`, `AHMED` and
//! `Áhmed` match alike and punctuation in a phone number (`+964 750-111`) only separates words.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-case alphanumeric words separated by single spaces, diacritics removed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// A `to_tsquery('simple', …)` argument: every folded word must match, as a prefix. Folding
/// leaves only alphanumerics, so user input can never be read as query syntax.
pub fn tsquery(text: &str) -> String {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| format!("{w}:*"))
        .collect::<Vec<_>>()
        .join(" & ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(fold("Áhmed  KARWAN"), "ahmed karwan");
        assert_eq!(fold("+964 750-111"), "964 750 111");
        assert_eq!(fold("--"), "");
        assert_eq!(tsquery("Karwan A"), "karwan:* & a:*");
        assert_eq!(tsquery("'&|!():*"), "");
    }
}
