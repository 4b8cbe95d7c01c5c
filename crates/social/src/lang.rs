//! Which language a post is in, from its script and the lexicon's hits, and which regions its
//! national-form phone numbers most likely belong to.

use crate::lexicon::LANGUAGES;

fn idx(l: &str) -> usize {
    LANGUAGES
        .iter()
        .position(|x| *x == l)
        .expect("listed language")
}

/// Guesses the language: distinctive letters first (Pashto ځ څ ډ ړ ښ, Sorani ە ێ ۆ ڕ ڵ, Persian
/// پ چ ژ گ ی, Ethiopic script, Vietnamese tone letters, Albanian ë, Kurmanji ş ê î û), then
/// the language with most lexicon hits within the script.
pub fn guess(text: &str, hits: &[u32]) -> &'static str {
    let (mut arabic, mut ps, mut ckb, mut fa, mut ethiopic, mut latin) = (0, 0, 0, 0, 0, 0);
    let (mut vi, mut sq, mut kmr, mut arabizi) = (0, 0, 0, 0);
    let mut prev_alpha = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            'ځ' | 'څ' | 'ډ' | 'ړ' | 'ږ' | 'ښ' | 'ګ' | 'ڼ' | 'ۍ' | 'ې' | 'ټ' => ps += 1,
            'ە' | 'ێ' | 'ۆ' | 'ڕ' | 'ڵ' | 'ڤ' => ckb += 1,
            'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک' => fa += 1,
            '\u{0600}'..='\u{06FF}' => arabic += 1,
            '\u{1200}'..='\u{137F}' => ethiopic += 1,
            'ë' | 'Ë' => sq += 1,
            'ş' | 'Ş' | 'ê' | 'î' | 'û' | 'Ê' | 'Î' | 'Û' => kmr += 1,
            'ơ' | 'ư' | 'ă' | 'đ' | 'Ơ' | 'Ư' | 'Ă' | 'Đ' | '\u{1EA0}'..='\u{1EF9}' => {
                vi += 1
            }
            _ => {}
        }
        if c.is_alphabetic() && c.is_ascii() {
            latin += 1;
        }
        // Arabizi: 2, 3, 5, 7 or 9 inside a Latin word ("wa7ed", "3arabi", "ba3d").
        if matches!(c, '2' | '3' | '5' | '7' | '9')
            && (prev_alpha || chars.peek().is_some_and(|n| n.is_ascii_alphabetic()))
        {
            arabizi += 1;
        }
        prev_alpha = c.is_ascii_alphabetic();
    }
    let arabic_total = arabic + ps + ckb + fa;
    if ethiopic > 0 && ethiopic >= arabic_total && ethiopic * 2 >= latin {
        return "ti";
    }
    if arabic_total > 0 && arabic_total * 2 >= latin {
        if ps > 0 && ps >= ckb {
            return "ps";
        }
        if ckb > 0 {
            return "ckb";
        }
        // Persian letters also appear in Sorani and Pashto, which have their own above.
        let by_hits = ["fa", "ar", "ckb", "ps"]
            .into_iter()
            .max_by_key(|l| hits[idx(l)])
            .expect("non-empty");
        if fa > 0 && by_hits != "ar" {
            return "fa";
        }
        if fa > 2 {
            return "fa";
        }
        return if hits[idx(by_hits)] > 0 {
            by_hits
        } else {
            "ar"
        };
    }
    if vi >= 2 {
        return "vi";
    }
    let score = |l: &str, bonus: u32| hits[idx(l)] * 2 + bonus;
    let cands = [
        ("vi", score("vi", vi * 3)),
        ("sq", score("sq", sq * 3)),
        ("kmr", score("kmr", kmr * 3)),
        ("ar-latn", score("ar-latn", arabizi * 3)),
        ("en", score("en", 1)),
    ];
    cands
        .into_iter()
        .max_by_key(|(_, s)| *s)
        .map(|(l, _)| l)
        .expect("non-empty")
}

/// Regions (ISO 3166 alpha-2) to read a national-form number in, most likely first: the
/// language's home countries, then the transit and destination countries of the routes.
pub fn regions(lang: &str) -> &'static [&'static str] {
    match lang {
        "ckb" => &["IQ", "IR", "TR", "GB", "DE", "FR", "BE", "NL"],
        "kmr" => &["TR", "IQ", "SY", "DE", "GB", "FR", "BE", "NL"],
        "ar" | "ar-latn" => &["IQ", "SY", "LY", "EG", "TR", "GB", "DE", "FR"],
        "fa" => &["IR", "AF", "TR", "GB", "DE", "FR"],
        "ps" => &["AF", "PK", "IR", "TR", "GB", "DE", "FR"],
        "vi" => &["VN", "GB", "FR", "DE", "CZ"],
        "sq" => &["AL", "XK", "GR", "IT", "GB", "BE", "FR"],
        "ti" => &["ER", "ET", "SD", "LY", "IT", "GB", "FR"],
        _ => &["GB", "FR", "BE", "DE", "NL", "IT", "GR", "TR", "IQ"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str) -> &'static str {
        guess(text, &[0; 10])
    }

    #[test]
    fn scripts_and_letters() {
        assert_eq!(g("گەشتی بەریتانیا بە بەلەم"), "ckb");
        assert_eq!(g("د انګلستان لپاره کښتۍ"), "ps");
        assert_eq!(g("سفر به انگلیس با قایق"), "fa");
        assert_eq!(g("السفر إلى بريطانيا بالقارب"), "ar");
        assert_eq!(g("ጉዕዞ ናብ እንግሊዝ"), "ti");
        assert_eq!(g("Đi Anh bằng xe tải, đảm bảo"), "vi");
        assert_eq!(g("Rêya Brîtanyayê bi qeyikê"), "kmr");
        assert_eq!(g("Nisje këtë javë për në Angli"), "sq");
        assert_eq!(g("ri7la la britanya, el daf3 ba3d el wusul"), "ar-latn");
        assert_eq!(g("Trip to the UK"), "en");
    }
}
