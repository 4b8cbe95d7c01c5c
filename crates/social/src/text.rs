//! Text folded for matching, with a map back to the original for evidence spans.
//!
//! Posts write one word many ways: with or without Latin diacritics (Kurmanji `ê`, Albanian
//! `ë`, Vietnamese tones often dropped on phones), with Arabic letter variants (`ي`/`ی`,
//! `ك`/`ک`, hamza seats, `ة`), harakat and tatweel, and digits in Arabic-Indic or Persian
//! form. Lexicon terms and post text go through the same folding, so a term written once
//! matches every spelling.

use unicode_normalization::char::decompose_canonical;

/// Folded text and, for each of its bytes, the byte offset of the original character it came
/// from (plus one entry for the end), so a match in `text` maps back to the post.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// Original byte offset of each folded byte; `map[text.len()]` is the original length.
    pub map: Vec<u32>,
}

impl Folded {
    /// The original byte range of folded range `start..end`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.map[start] as usize, self.map[end] as usize)
    }
}

/// Folds one character into `out` (zero, one or more characters).
fn fold_char(c: char, out: &mut String) {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        '\0'..='\x7f' => out.push(c),
        // Arabic-Indic and Persian digits.
        '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        // Fullwidth digits, as some keyboards write them.
        '\u{FF10}'..='\u{FF19}' => out.push(char::from(b'0' + (c as u32 - 0xFF10) as u8)),
        '\u{066A}' => out.push('%'),
        '\u{066B}' | '\u{066C}' | '\u{060C}' => out.push(','),
        // Harakat, superscript alef, tatweel, zero-width joiners: dropped.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200B}'..='\u{200F}' => {}
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ى' | 'ی' | 'ې' | 'ۍ' => out.push('ي'),
        'ك' => out.push('ک'),
        'ة' | 'ۀ' | 'ھ' | 'ہ' => out.push('ه'),
        'ؤ' => out.push('و'),
        'ګ' => out.push('گ'),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{3000}' => out.push(' '),
        'đ' | 'Đ' => out.push('d'),
        'ı' => out.push('i'),
        'ß' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        '\u{0080}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
            // Latin with diacritics: the base letter, lower case.
            let mut any = false;
            decompose_canonical(c, |d| {
                if !('\u{0300}'..='\u{036F}').contains(&d) {
                    for l in d.to_lowercase() {
                        out.push(l);
                    }
                    any = true;
                }
            });
            if !any {
                out.push(c);
            }
        }
        '\u{0300}'..='\u{036F}' => {}
        _ => {
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
}

/// Folds a whole text, keeping the offset map.
pub fn fold(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    for (i, c) in s.char_indices() {
        let before = text.len();
        fold_char(c, &mut text);
        map.resize(map.len() + (text.len() - before), i as u32);
    }
    map.push(s.len() as u32);
    Folded { text, map }
}

/// Folds a text without the map (lexicon terms).
pub fn fold_plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Whether a character continues a word (letters of any script, digits, combining marks).
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || ('\u{064B}'..='\u{065F}').contains(&c)
}

/// Whether a character is Latin-script (ASCII letters and Latin extensions).
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{00C0}'..='\u{024F}').contains(&c)
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_digits_letters_and_diacritics() {
        assert_eq!(fold_plain("٠٧٥٠ ۱۲۳"), "0750 123");
        assert_eq!(fold_plain("Brîtanyayê"), "britanyaye");
        assert_eq!(fold_plain("Đảm bảo"), "dam bao");
        assert_eq!(fold_plain("gomonë"), "gomone");
        assert_eq!(fold_plain("إيطاليا"), "ايطاليا");
        assert_eq!(fold_plain("كاليه"), fold_plain("کالیه"));
        assert_eq!(fold_plain("مُحَمَّد"), "محمد");
        assert_eq!(fold_plain("ጃልባ"), "ጃልባ");
    }

    #[test]
    fn map_points_back_to_the_original() {
        let s = "Rêya BRÎTANYA ١٠٠٪";
        let f = fold(s);
        let start = f.text.find("britanya").unwrap();
        let (a, b) = f.original(start, start + "britanya".len());
        assert_eq!(&s[a..b], "BRÎTANYA");
        let p = f.text.find("100%").unwrap();
        let (a, b) = f.original(p, p + 4);
        assert_eq!(&s[a..b], "١٠٠٪");
    }
}
