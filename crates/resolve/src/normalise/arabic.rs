//! Arabic script (Arabic, Persian, Kurdish Sorani) to Latin letters.
//!
//! Short vowels are not written in Arabic script, so the output of `محمد` is `mhmd`, not
//! `muhammad`: matching against Latin spellings goes through consonant skeletons
//! ([`super::names::skeleton`]), which drop vowels on both sides.

/// Whether a character is in the Arabic blocks (letters, marks, Arabic-Indic digits).
pub fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether a string contains any Arabic-script letter.
pub fn has_arabic(s: &str) -> bool {
    s.chars().any(is_arabic)
}

/// Arabic-Indic (U+0660..) and Persian (U+06F0..) digits to ASCII; anything else unchanged.
pub fn ascii_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

/// Latin for one Arabic-script letter, `None` for letters that carry no consonant (hamza
/// seats, ain, harakat, tatweel). Vowel letters give a vowel, which skeletons drop.
fn letter(c: char, word_start: bool) -> Option<&'static str> {
    Some(match c {
        'ا' | 'آ' | 'أ' | 'ٱ' | 'ى' => "a",
        'إ' => "i",
        'ب' => "b",
        'پ' => "p",
        'ت' => "t",
        // Persian and Kurdish read these as s and z; Arabic spellings vary (Thamer/Samer).
        'ث' | 'ص' | 'س' => "s",
        'ج' => "j",
        'چ' => "ch",
        'ح' | 'ه' | 'ھ' | 'ہ' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' | 'ز' | 'ض' | 'ظ' => "z",
        'ر' | 'ڕ' => "r",
        'ژ' => "zh",
        'ش' => "sh",
        'ط' => "t",
        'غ' => "gh",
        'ف' => "f",
        'ڤ' => "v",
        'ق' => "q",
        'ک' | 'ك' => "k",
        'گ' => "g",
        'ل' | 'ڵ' => "l",
        'م' => "m",
        'ن' => "n",
        'و' | 'ؤ' if word_start => "w",
        'و' | 'ؤ' => "u",
        'ۆ' => "o",
        'ۇ' => "u",
        'ي' | 'ی' | 'ې' if word_start => "y",
        'ي' | 'ی' | 'ې' => "i",
        'ێ' | 'ە' => "e",
        'ة' => "a",
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => return None,
        _ => return None,
    })
}

/// Transliterates Arabic-script letters to lower-case Latin; other characters pass through
/// (digits become ASCII). The article `ال` stays as `al`, to be handled by name rules.
pub fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    let mut word_start = true;
    for c in s.chars() {
        let d = ascii_digit(c);
        if d != c {
            out.push(d);
            word_start = false;
        } else if is_arabic(c) {
            if let Some(l) = letter(c, word_start) {
                out.push_str(l);
                word_start = false;
            }
        } else if c == '\u{200c}' {
            // Zero-width non-joiner separates parts of one Persian word.
        } else {
            out.push(c);
            word_start = !c.is_alphanumeric();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consonants_survive_short_vowels_do_not() {
        assert_eq!(transliterate("محمد"), "mhmd");
        assert_eq!(transliterate("ڕێبوار"), "rebuar");
        assert_eq!(transliterate("رضایی"), "rzaii");
        assert_eq!(transliterate("ئەحمەد"), "ehmed");
        assert_eq!(transliterate("خالد"), "khald");
        assert_eq!(transliterate("عبدالرحمن"), "bdalrhmn");
        assert_eq!(transliterate("يوسف"), "yusf");
    }

    #[test]
    fn digits_become_ascii() {
        assert_eq!(transliterate("٠٧٥٠ ۱۲۳"), "0750 123");
        assert!(has_arabic("Karim كريم"));
        assert!(!has_arabic("Karim 123"));
    }
}
