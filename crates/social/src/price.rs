//! The price an advert asks: a number next to a currency word or sign.

use crate::lexicon::{FEATURES, Hit, Lexicon};
use crate::text::Folded;
use serde::Serialize;

/// A price found in a post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Price {
    /// The amount, in the currency's units (thousands and "k" expanded).
    pub amount: f64,
    /// ISO 4217 code (`EUR`, `USD`, `GBP`, `IRR`, `VND`, `ALL`, `ERN`, `AFN`).
    pub currency: &'static str,
    /// The words, as written.
    pub text: String,
}

/// The currency a folded currency term names.
fn code(term: &str) -> &'static str {
    let has = |xs: &[&str]| xs.iter().any(|x| term.contains(x));
    if has(&[
        "£",
        "pound",
        "paund",
        "پوند",
        "پاوەند",
        "باوند",
        "جنيه",
        "sterlin",
        "bang anh",
        "gbp",
        "grand",
        "ፓውንድ",
        "پونډ",
    ]) {
        "GBP"
    } else if has(&[
        "$",
        "dollar",
        "dolar",
        "dola",
        "do la",
        " do",
        "دولار",
        "دلار",
        "ډالر",
        "دۆلار",
        "ዶላر",
        "usd",
        "ورقه",
        "دفتر",
        "وەرەقە",
        "دەفتەر",
        "wara2a",
        "daftar",
    ]) {
        "USD"
    } else if has(&["تومان"]) {
        "IRR"
    } else if has(&["trieu"]) {
        "VND"
    } else if has(&["lek"]) {
        "ALL"
    } else if has(&["ናቕፋ"]) {
        "ERN"
    } else if has(&["افغان"]) {
        "AFN"
    } else {
        "EUR"
    }
}

/// Parses an amount written with thousands separators, decimals or a `k`.
fn amount(s: &str) -> Option<f64> {
    let (s, mult) = match s.strip_suffix('k') {
        Some(r) => (r, 1000.0),
        None => (s, 1.0),
    };
    let mut groups: Vec<&str> = s.split([',', '.', ' ']).collect();
    let decimals = if groups.len() > 1 && groups.last().is_some_and(|g| g.len() != 3) {
        groups.pop()
    } else {
        None
    };
    let whole: String = groups.concat();
    let mut v: f64 = whole.parse().ok()?;
    if let Some(d) = decimals {
        v += format!("0.{d}").parse::<f64>().ok()?;
    }
    Some(v * mult)
}

/// A number ending at `end` (going left) or starting at `start` (going right) of folded text,
/// within a few bytes of the currency term.
fn number_near(t: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let is_num = |c: char| c.is_ascii_digit() || matches!(c, ',' | '.');
    // Left: "2500€", "2500 euro", "2,500 $".
    let left = t[..start].trim_end_matches([' ', '\u{a0}']);
    let left = left.strip_suffix('k').map_or(left, |l| l);
    if left.ends_with(|c: char| c.is_ascii_digit()) && start - left.len() <= 2 {
        let s = left.rfind(|c: char| !is_num(c)).map_or(0, |i| i + 1);
        let s = s + left[s..].find(|c: char| c.is_ascii_digit()).unwrap_or(0);
        let full_end = t[..start].trim_end_matches([' ', '\u{a0}']).len();
        return Some((s, full_end));
    }
    // Right: "€2500", "$ 3k", "یورو 2000".
    let rest = &t[end..];
    let skip = rest.len() - rest.trim_start_matches([' ', '\u{a0}', ':']).len();
    let r = &rest[skip..];
    if skip <= 2 && r.starts_with(|c: char| c.is_ascii_digit()) {
        let mut n = r.find(|c: char| !is_num(c)).unwrap_or(r.len());
        if r[n..].starts_with('k') && !r[n + 1..].starts_with(|c: char| c.is_alphanumeric()) {
            n += 1;
        }
        let n = r[..n].trim_end_matches([',', '.']).len().max(1);
        return Some((end + skip, end + skip + n));
    }
    None
}

/// The first currency term with a number beside it.
pub fn find(f: &Folded, hits: &[Hit], lex: &Lexicon, original: &str) -> Option<Price> {
    let price = FEATURES.iter().position(|x| *x == "price").expect("listed");
    for h in hits {
        let term = &lex.terms[h.term];
        if term.feature != price || term.category != "currency" {
            continue;
        }
        let Some((ns, ne)) = number_near(&f.text, h.start, h.end) else {
            continue;
        };
        let num = f.text[ns..ne].trim_end_matches([',', '.']);
        let Some(mut amount) = amount(num) else {
            continue;
        };
        let currency = code(&term.folded);
        if currency == "VND" {
            amount *= 1_000_000.0;
        }
        let (s, e) = f.original(ns.min(h.start), ne.max(h.end));
        return Some(Price {
            amount,
            currency,
            text: original[s..e].to_string(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::DEFAULT;
    use crate::text::fold;

    fn price(text: &str) -> Option<(f64, &'static str, String)> {
        let lex = Lexicon::parse(DEFAULT).unwrap();
        let f = fold(text);
        let mut hits = Vec::new();
        lex.hits(&f.text, &mut hits);
        find(&f, &hits, &lex, text).map(|p| (p.amount, p.currency, p.text))
    }

    #[test]
    fn amounts_and_currencies() {
        assert_eq!(
            price("only 2500€ per person"),
            Some((2500.0, "EUR", "2500€".into()))
        );
        assert_eq!(
            price("price £3,000 each"),
            Some((3000.0, "GBP", "£3,000".into()))
        );
        assert_eq!(price("$4.5k"), Some((4500.0, "USD", "$4.5k".into())));
        assert_eq!(
            price("نرخ ٢٥٠٠ دۆلار"),
            Some((2500.0, "USD", "٢٥٠٠ دۆلار".into()))
        );
        assert_eq!(
            price("giá 200 triệu"),
            Some((200_000_000.0, "VND", "200 triệu".into()))
        );
        assert_eq!(
            price("3.500 euro"),
            Some((3500.0, "EUR", "3.500 euro".into()))
        );
        assert_eq!(price("euro"), None);
    }
}
