//! Normalisers: every value is brought to one comparable form before blocking and comparison.

pub mod arabic;
pub mod dates;
pub mod documents;
pub mod names;
pub mod phone;
pub mod phone_meta;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// NFKC, lower case, diacritics removed and Latin letters folded to ASCII; Arabic script is
/// kept (see [`arabic::transliterate`]), other scripts go through `deunicode`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // NFKC first so compatibility forms (ligatures, full-width letters, Arabic presentation
    // forms) become ordinary letters; decomposition afterwards exposes the accents to drop.
    for c in s.nfkc() {
        match c {
            // Kurdish and Turkish ş and ç are the sh and ch of English spellings.
            'ş' | 'Ş' => out.push_str("sh"),
            'ç' | 'Ç' => out.push_str("ch"),
            'ı' | 'İ' => out.push('i'),
            'đ' | 'Đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'æ' | 'Æ' => out.push_str("ae"),
            '’' | '‘' | 'ʿ' | 'ʾ' | '`' | '´' => out.push('\''),
            '\u{200c}' => out.push(c),
            _ if arabic::is_arabic(c) => out.push(arabic::ascii_digit(c)),
            _ if c.is_whitespace() => out.push(' '),
            _ => decompose_canonical(c, |d| {
                if is_combining_mark(d) {
                } else if d.is_ascii() {
                    push_ascii(&mut out, d);
                } else {
                    for a in deunicode::deunicode_char(d).unwrap_or("").chars() {
                        push_ascii(&mut out, a);
                    }
                }
            }),
        }
    }
    out
}

/// Lower case, with the backtick read as the apostrophe it stands for, so folding twice
/// changes nothing.
fn push_ascii(out: &mut String, c: char) {
    match c {
        '`' => out.push('\''),
        _ if c.is_whitespace() => out.push(' '),
        _ => out.push(c.to_ascii_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_compatibility_forms() {
        assert_eq!(fold("Silêman"), "sileman");
        assert_eq!(fold("Şêx"), "shex");
        assert_eq!(fold("Dilşad Çinar"), "dilshad chinar");
        assert_eq!(fold("Yıldız"), "yildiz");
        assert_eq!(fold("Hoàng Thị Đào"), "hoang thi dao");
        assert_eq!(fold("ＡＢＣ"), "abc");
        assert_eq!(fold("محمد"), "محمد");
        assert_eq!(fold("١٢٣۴"), "1234");
    }
}
