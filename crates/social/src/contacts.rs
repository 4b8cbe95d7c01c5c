//! Contacts in a post: phone numbers however written (any digit system, spaces, dashes, dots,
//! `00` or `+`, national form, spelled out in words, inside wa.me links) normalised to E.164,
//! and Telegram/WhatsApp/Instagram/TikTok links and handles.
//!
//! Numbers are validated by the `phonenumber` crate through `kingpin-resolve`'s normaliser, so
//! a run of digits only becomes a contact if it is a valid number for some region: prices,
//! dates and ids fail that test.

use crate::numwords;
use crate::text::{Folded, is_word};
use kingpin_resolve::normalise::phone::{PhoneCache, normalise_phone_cached};
use serde::Serialize;

/// How a phone number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Written {
    /// In digits (any digit system), possibly with separators.
    Digits,
    /// Partly or wholly spelled out in words.
    Words,
    /// In a wa.me or api.whatsapp.com link.
    Link,
}

/// A phone number found in a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhoneHit {
    /// The number in E.164.
    pub e164: String,
    /// Byte range in the post's text (`start..end`); for a number from the post's links, both 0.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// How it was written.
    pub written: Written,
}

/// A messaging or social-media handle found in a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handle {
    /// Platform when the post says (`telegram`, `whatsapp`, `instagram`, `tiktok`, `facebook`,
    /// `snapchat`).
    pub platform: Option<&'static str>,
    /// The handle, lower case, without `@`.
    pub handle: String,
    /// Byte range in the post's text (both 0 for a handle from the post's links).
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// Everything a post gives to contact its author.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Contacts {
    /// Phone numbers, each once, in order of appearance.
    pub phones: Vec<PhoneHit>,
    /// Handles, each once.
    pub handles: Vec<Handle>,
}

/// Link prefixes (folded) and what they point at.
const LINKS: &[(&str, Option<&str>, bool)] = &[
    // (prefix, platform, the rest is a phone number)
    ("wa.me/", Some("whatsapp"), true),
    ("api.whatsapp.com/send?phone=", Some("whatsapp"), true),
    ("whatsapp.com/send?phone=", Some("whatsapp"), true),
    ("whatsapp.com/send/?phone=", Some("whatsapp"), true),
    ("chat.whatsapp.com/", Some("whatsapp"), false),
    ("t.me/", Some("telegram"), false),
    ("telegram.me/", Some("telegram"), false),
    ("instagram.com/", Some("instagram"), false),
    ("tiktok.com/@", Some("tiktok"), false),
    ("facebook.com/", Some("facebook"), false),
    ("fb.com/", Some("facebook"), false),
    ("snapchat.com/add/", Some("snapchat"), false),
];

/// Words (folded) naming a platform, to attribute a handle written after them.
const PLATFORM_WORDS: &[(&str, &str)] = &[
    ("telegram", "telegram"),
    ("tele", "telegram"),
    ("tg", "telegram"),
    ("تلگرام", "telegram"),
    ("تلغرام", "telegram"),
    ("تيليگرام", "telegram"),
    ("تێليگرام", "telegram"),
    ("تێلێگرام", "telegram"),
    ("تليجرام", "telegram"),
    ("ټيليگرام", "telegram"),
    ("ቴሌግራም", "telegram"),
    ("whatsapp", "whatsapp"),
    ("insta", "instagram"),
    ("instagram", "instagram"),
    ("ig", "instagram"),
    ("انستا", "instagram"),
    ("snap", "snapchat"),
    ("snapchat", "snapchat"),
    ("سناب", "snapchat"),
    ("tiktok", "tiktok"),
    ("facebook", "facebook"),
    ("fb", "facebook"),
];

/// One automaton over [`PLATFORM_WORDS`]: a single pass instead of a search per word.
fn platform_words() -> &'static aho_corasick::AhoCorasick {
    static AC: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::new(PLATFORM_WORDS.iter().map(|(w, _)| *w))
            .expect("valid patterns")
    })
}

/// Link path segments that are pages, not accounts.
const NOT_HANDLES: &[&str] = &[
    "share",
    "joinchat",
    "p",
    "reel",
    "reels",
    "watch",
    "profile.php",
    "groups",
    "video",
    "s",
    "stories",
    "events",
    "pages",
    "permalink.php",
    "story.php",
    "photo",
    "photos",
    "explore",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Digits,
    Plus,
    Sep,
    Word,
    Break,
}

/// One group of a number: digits from one token.
#[derive(Debug, Clone)]
struct Group {
    digits: String,
    plus: bool,
    word: bool,
    start: usize,
    end: usize,
}

/// Byte ranges of URLs in folded text: their digits are ids, not phone numbers.
fn url_spans(t: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for pat in [
        "http://", "https://", "www.", ".com/", ".me/", ".org/", ".net/",
    ] {
        let mut from = 0;
        while let Some(i) = t[from..].find(pat) {
            let at = from + i;
            // Back to the start of the URL-looking token, forward to its end.
            let s = t[..at]
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |p| p + 1);
            let e = t[at..]
                .find(|c: char| c.is_whitespace())
                .map_or(t.len(), |p| at + p);
            spans.push((s, e));
            from = e.max(at + pat.len());
        }
    }
    spans
}

fn tokens(t: &str, urls: &[(usize, usize)]) -> Vec<(Tok, usize, usize)> {
    let b = t.as_bytes();
    let mut out: Vec<(Tok, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if let Some(&(_, e)) = urls.iter().find(|(s, e)| *s <= i && i < *e) {
            out.push((Tok::Break, i, e));
            i = e;
            continue;
        }
        let c = t[i..].chars().next().expect("in bounds");
        let len = c.len_utf8();
        if c.is_ascii_digit() {
            let e = i + t[i..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(t.len() - i);
            // Digits glued to letters ("tel07501112222", "07501112222واتساب") split off them;
            // digits inside a word ("wa7ed", "3arabi") stay part of it.
            let next_word = t[e..].chars().next().is_some_and(is_word);
            if next_word && e - i < 6 {
                let we = word_end(t, e);
                out.push((Tok::Word, i, we));
                i = we;
            } else {
                out.push((Tok::Digits, i, e));
                i = e;
            }
        } else if c == '+' {
            out.push((Tok::Plus, i, i + 1));
            i += 1;
        } else if matches!(
            c,
            ' ' | '\t' | '-' | '.' | '(' | ')' | '‐' | '–' | '—' | '_'
        ) {
            let e = i + t[i..]
                .find(|c: char| {
                    !matches!(
                        c,
                        ' ' | '\t' | '-' | '.' | '(' | ')' | '‐' | '–' | '—' | '_'
                    )
                })
                .unwrap_or(t.len() - i);
            out.push((Tok::Sep, i, e));
            i = e;
        } else if is_word(c) {
            // Letters, then maybe digits: a word, unless a long digit run follows the letters.
            let mut e = i;
            for (k, ch) in t[i..].char_indices() {
                if !is_word(ch) || ch == '_' {
                    break;
                }
                if ch.is_ascii_digit() {
                    let de = i
                        + k
                        + t[i + k..]
                            .find(|c: char| !c.is_ascii_digit())
                            .unwrap_or(t.len() - i - k);
                    if de - (i + k) >= 6 {
                        break;
                    }
                }
                e = i + k + ch.len_utf8();
            }
            out.push((Tok::Word, i, e));
            i = e;
        } else {
            out.push((Tok::Break, i, i + len));
            i += len;
        }
    }
    out
}

fn word_end(t: &str, from: usize) -> usize {
    from + t[from..]
        .find(|c: char| !is_word(c) || c == '_')
        .unwrap_or(t.len() - from)
}

/// Splits tokens into runs of number groups joined only by separators.
fn runs(t: &str, toks: &[(Tok, usize, usize)]) -> Vec<Vec<Group>> {
    let mut runs = Vec::new();
    let mut cur: Vec<Group> = Vec::new();
    let mut plus = false;
    let mut repeat = 1;
    let flush = |cur: &mut Vec<Group>, runs: &mut Vec<Vec<Group>>| {
        if !cur.is_empty() {
            runs.push(std::mem::take(cur));
        }
    };
    for &(k, s, e) in toks {
        match k {
            Tok::Digits => {
                cur.push(Group {
                    digits: t[s..e].to_string(),
                    plus,
                    word: false,
                    start: s,
                    end: e,
                });
                plus = false;
                repeat = 1;
            }
            Tok::Plus => {
                plus = true;
            }
            Tok::Sep => {}
            Tok::Word => {
                let w = &t[s..e];
                if let Some(d) = numwords::digit(w) {
                    cur.push(Group {
                        digits: std::iter::repeat_n(char::from(b'0' + d), repeat).collect(),
                        plus,
                        word: true,
                        start: s,
                        end: e,
                    });
                    plus = false;
                    repeat = 1;
                } else if let Some(n) = numwords::repeat(w) {
                    repeat = n;
                } else {
                    flush(&mut cur, &mut runs);
                    plus = false;
                    repeat = 1;
                }
            }
            Tok::Break => {
                flush(&mut cur, &mut runs);
                plus = false;
                repeat = 1;
            }
        }
    }
    flush(&mut cur, &mut runs);
    // Number words count only where several come together: a lone "car" (Kurmanji four) or
    // "ba" (Vietnamese three) beside a number is a word, not a digit.
    let mut out = Vec::new();
    for run in runs {
        let words = run.iter().filter(|g| g.word).count();
        if words == 0 || words >= 4 {
            out.push(run);
        } else {
            let mut part = Vec::new();
            for g in run {
                if g.word {
                    if !part.is_empty() {
                        out.push(std::mem::take(&mut part));
                    }
                } else {
                    part.push(g);
                }
            }
            if !part.is_empty() {
                out.push(part);
            }
        }
    }
    out
}

/// E.164 for a digit string as written, or `None`.
fn parse(digits: &str, plus: bool, regions: &[&str], cache: &PhoneCache) -> Option<String> {
    let n = digits.len();
    if plus || digits.starts_with("00") {
        if !(8..=17).contains(&n) {
            return None;
        }
        let raw = if plus {
            format!("+{digits}")
        } else {
            digits.to_string()
        };
        normalise_phone_cached(&raw, &[], Some(cache))?.e164
    } else if digits.starts_with('0') {
        if !(9..=12).contains(&n) {
            return None;
        }
        normalise_phone_cached(digits, regions, Some(cache))?.e164
    } else if (11..=15).contains(&n) {
        // International form without its `+`.
        normalise_phone_cached(&format!("+{digits}"), &[], Some(cache))?.e164
    } else if (9..=10).contains(&n) {
        // National form without its trunk zero (Iraqi "750 111 2222"): only the most likely
        // regions, as any 9-10 digits would be valid somewhere.
        normalise_phone_cached(digits, &regions[..regions.len().min(2)], Some(cache))?.e164
    } else {
        None
    }
}

fn push_phone(out: &mut Contacts, p: PhoneHit) {
    if !out.phones.iter().any(|q| q.e164 == p.e164) {
        out.phones.push(p);
    }
}

fn push_handle(out: &mut Contacts, h: Handle) {
    if let Some(q) = out.handles.iter_mut().find(|q| q.handle == h.handle) {
        if q.platform.is_none() {
            q.platform = h.platform;
        }
    } else {
        out.handles.push(h);
    }
}

fn handle_chars(s: &str) -> usize {
    s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(s.len())
}

/// Contacts in links (from the post's text or its link list), as folded text.
fn links_in(t: &str, f: Option<&Folded>, regions: &[&str], cache: &PhoneCache, out: &mut Contacts) {
    for &(prefix, platform, phone) in LINKS {
        let mut from = 0;
        while let Some(i) = t[from..].find(prefix) {
            let s = from + i + prefix.len();
            from = s;
            let (os, oe) = f.map_or((0, 0), |f| {
                f.original(from - prefix.len(), s + handle_chars(&t[s..]))
            });
            if phone {
                let n = t[s..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(t.len() - s);
                if let Some(e164) = parse(&t[s..s + n], true, regions, cache) {
                    push_phone(
                        out,
                        PhoneHit {
                            e164,
                            start: os,
                            end: oe,
                            written: Written::Link,
                        },
                    );
                }
            } else {
                let n = handle_chars(&t[s..]);
                let h = t[s..s + n].trim_end_matches('.');
                if h.len() >= 3 && !NOT_HANDLES.contains(&h) {
                    push_handle(
                        out,
                        Handle {
                            platform,
                            handle: h.to_string(),
                            start: os,
                            end: oe,
                        },
                    );
                }
            }
        }
    }
}

/// The platform named just before byte `at` of folded text, if any.
fn platform_before(t: &str, at: usize) -> Option<&'static str> {
    let mut s = at.saturating_sub(28);
    while !t.is_char_boundary(s) {
        s += 1;
    }
    let before = &t[s..at];
    PLATFORM_WORDS
        .iter()
        .filter_map(|(w, p)| before.rfind(w).map(|i| (i, *p)))
        .max_by_key(|(i, _)| *i)
        .map(|(_, p)| p)
}

/// Extracts every contact from a post's folded text and its links. `regions` (ISO 3166
/// alpha-2, most likely first) read numbers written in national form.
pub fn extract(f: &Folded, links: &[String], regions: &[&str], cache: &PhoneCache) -> Contacts {
    let t = f.text.as_str();
    let mut out = Contacts::default();
    // Links and URLs need a slash or "www."; most posts have neither.
    let urlish = t.contains('/') || t.contains("www.");
    if urlish {
        links_in(t, Some(f), regions, cache, &mut out);
    }
    for l in links {
        links_in(&crate::text::fold_plain(l), None, regions, cache, &mut out);
    }
    let urls = if urlish { url_spans(t) } else { Vec::new() };
    for run in runs(t, &tokens(t, &urls)) {
        let mut i = 0;
        while i < run.len() {
            let mut found = None;
            let top = run.len().min(i + 16);
            for j in (i + 1..=top).rev() {
                let digits: String = run[i..j].iter().map(|g| g.digits.as_str()).collect();
                if digits.len() < 8 || digits.len() > 17 {
                    continue;
                }
                if let Some(e) = parse(&digits, run[i].plus, regions, cache) {
                    found = Some((j, e));
                    break;
                }
            }
            match found {
                Some((j, e164)) => {
                    let (s, e) = f.original(run[i].start, run[j - 1].end);
                    let words = run[i..j].iter().any(|g| g.word);
                    push_phone(
                        &mut out,
                        PhoneHit {
                            e164,
                            start: s,
                            end: e,
                            written: if words {
                                Written::Words
                            } else {
                                Written::Digits
                            },
                        },
                    );
                    i = j;
                }
                None => {
                    // A number starts a run or a group written as a start ("+", "00", a trunk
                    // zero): trying every group inside a failed run would parse each
                    // candidate in several regions for nothing.
                    i += 1;
                    while i < run.len() && !run[i].plus && !run[i].digits.starts_with('0') {
                        i += 1;
                    }
                }
            }
        }
    }
    // @handles, not e-mail addresses.
    let mut from = 0;
    while let Some(k) = t[from..].find('@') {
        let at = from + k;
        from = at + 1;
        if t[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        if urls.iter().any(|(s, e)| *s <= at && at < *e) {
            continue;
        }
        let n = handle_chars(&t[at + 1..]);
        let h = t[at + 1..at + 1 + n].trim_end_matches('.');
        if h.len() >= 3 && h.len() <= 32 && !h.bytes().all(|b| b.is_ascii_digit()) {
            let (s, e) = f.original(at, at + 1 + h.len());
            push_handle(
                &mut out,
                Handle {
                    platform: platform_before(t, at),
                    handle: h.to_string(),
                    start: s,
                    end: e,
                },
            );
        }
    }
    // "Telegram: uk_trips_24": a handle-like token right after a platform's name.
    for m in platform_words().find_overlapping_iter(t) {
        let (_, p) = PLATFORM_WORDS[m.pattern().as_usize()];
        if p == "whatsapp" {
            continue;
        }
        {
            let at = m.start();
            let from = m.end();
            let starts_word = t[..at].chars().next_back().is_none_or(|c| !is_word(c));
            let ends_word = t[from..].chars().next().is_none_or(|c| !is_word(c));
            if !starts_word || !ends_word {
                continue;
            }
            let rest = &t[from..];
            let skip = rest.len()
                - rest
                    .trim_start_matches([' ', ':', '-', '=', '\u{a0}'])
                    .len();
            let s = from + skip;
            if t[s..].starts_with('@') {
                continue;
            }
            let n = handle_chars(&t[s..]);
            let h = t[s..s + n].trim_end_matches('.');
            let handle_like = h.len() >= 5
                && h.len() <= 32
                && h.bytes()
                    .any(|b| b == b'_' || b.is_ascii_digit() || b == b'.')
                && !h.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && h.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
            if handle_like {
                let (os, oe) = f.original(s, s + h.len());
                push_handle(
                    &mut out,
                    Handle {
                        platform: Some(p),
                        handle: h.to_string(),
                        start: os,
                        end: oe,
                    },
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn phones(text: &str, regions: &[&str]) -> Vec<String> {
        let cache = PhoneCache::new();
        extract(&fold(text), &[], regions, &cache)
            .phones
            .into_iter()
            .map(|p| p.e164)
            .collect()
    }

    const IQ: &str = "+9647501112222";

    #[test]
    fn ascii_digits_with_plus_00_and_separators() {
        assert_eq!(phones("call +9647501112222 now", &[]), [IQ]);
        assert_eq!(phones("call 009647501112222", &[]), [IQ]);
        assert_eq!(phones("call +964 750 111 2222", &[]), [IQ]);
        assert_eq!(phones("call +964-750-111-2222", &[]), [IQ]);
        assert_eq!(phones("call +964.750.111.2222", &[]), [IQ]);
        assert_eq!(phones("call (+964) 750 111 22 22", &[]), [IQ]);
        assert_eq!(phones("call 964 750 111 2222", &[]), [IQ]);
    }

    #[test]
    fn national_forms_use_the_regions() {
        assert_eq!(phones("0750 111 2222", &["IQ"]), [IQ]);
        assert_eq!(phones("750 111 2222", &["IQ"]), [IQ]);
        assert_eq!(phones("07911 123456", &["GB"]), ["+447911123456"]);
        assert_eq!(phones("0912 345 6789", &["IR"]), ["+989123456789"]);
    }

    #[test]
    fn arabic_indic_persian_and_mixed_digits() {
        assert_eq!(phones("واتساب ٠٠٩٦٤٧٥٠١١١٢٢٢٢", &[]), [IQ]);
        assert_eq!(phones("تماس +۹۶۴ ۷۵۰ ۱۱۱ ۲۲۲۲", &[]), [IQ]);
        assert_eq!(phones("تماس ۰۰۹۶۴750۱۱۱2222", &[]), [IQ]);
        assert_eq!(phones("پەیوەندی ٠٧٥٠-١١١-٢٢٢٢", &["IQ"]), [IQ]);
    }

    #[test]
    fn numbers_glued_to_words() {
        assert_eq!(phones("whatsapp:+9647501112222", &[]), [IQ]);
        assert_eq!(phones("tel009647501112222", &[]), [IQ]);
        assert_eq!(phones("٠٧٥٠١١١٢٢٢٢واتساب", &["IQ"]), [IQ]);
    }

    #[test]
    fn spelled_out_in_every_language() {
        let cases = [
            (
                "zero zero nine six four seven five zero one one one two two two two",
                "en",
            ),
            (
                "double oh nine six four seven five zero triple one two two two two",
                "en",
            ),
            (
                "صفر صفر تسعة ستة أربعة سبعة خمسة صفر واحد واحد واحد اثنين اثنين اثنين اثنين",
                "ar",
            ),
            (
                "sifr sifr tis3a sitta arba3a sab3a khamsa sifr wa7ed wa7ed wa7ed etnen etnen etnen etnen",
                "ar-latn",
            ),
            ("صفر صفر نه شش چهار هفت پنج صفر یک یک یک دو دو دو دو", "fa"),
            (
                "صفر صفر نۆ شەش چوار حەوت پێنج سیفر یەک یەک یەک دوو دوو دوو دوو",
                "ckb",
            ),
            (
                "sifir sifir neh şeş çar heft pênc sifir yek yek yek du du du du",
                "kmr",
            ),
            (
                "صفر صفر نهه شپږ څلور اووه پنځه صفر یو یو یو دوه دوه دوه دوه",
                "ps",
            ),
            (
                "không không chín sáu bốn bảy năm không một một một hai hai hai hai",
                "vi",
            ),
            (
                "zero zero nëntë gjashtë katër shtatë pesë zero një një një dy dy dy dy",
                "sq",
            ),
            (
                "ዜሮ ዜሮ ትሽዓተ ሽዱሽተ ኣርባዕተ ሸውዓተ ሓሙሽተ ዜሮ ሓደ ሓደ ሓደ ክልተ ክልተ ክልተ ክልተ",
                "ti",
            ),
        ];
        for (text, lang) in cases {
            assert_eq!(phones(text, &[]), [IQ], "{lang}: {text}");
        }
        // Words and digits mixed.
        assert_eq!(
            phones("+964 seven five zero 111 two two two two", &[]),
            [IQ]
        );
    }

    #[test]
    fn links_and_handles() {
        let cache = PhoneCache::new();
        let text =
            "Book now https://wa.me/9647501112222 or Telegram @UK_Boat_Trips, insta: safar.uk_24";
        let c = extract(
            &fold(text),
            &["https://t.me/kurdish_way".to_string()],
            &[],
            &cache,
        );
        assert_eq!(c.phones.len(), 1);
        assert_eq!(c.phones[0].e164, IQ);
        assert_eq!(c.phones[0].written, Written::Link);
        assert_eq!(
            &text[c.phones[0].start..c.phones[0].end],
            "wa.me/9647501112222"
        );
        let hs: Vec<(Option<&str>, &str)> = c
            .handles
            .iter()
            .map(|h| (h.platform, h.handle.as_str()))
            .collect();
        assert!(hs.contains(&(Some("telegram"), "uk_boat_trips")), "{hs:?}");
        assert!(hs.contains(&(Some("instagram"), "safar.uk_24")), "{hs:?}");
        assert!(hs.contains(&(Some("telegram"), "kurdish_way")), "{hs:?}");
        let c = extract(
            &fold("api.whatsapp.com/send?phone=447911123456"),
            &[],
            &[],
            &cache,
        );
        assert_eq!(c.phones[0].e164, "+447911123456");
    }

    #[test]
    fn not_phones() {
        assert!(phones("price 3500 euro, 2024-05-03, 10/05/2024", &["IQ", "GB"]).is_empty());
        assert!(phones("seats 4 car 2 people", &["IQ"]).is_empty());
        assert!(phones("see facebook.com/profile.php?id=100012345678", &[]).is_empty());
        assert!(phones("mail me at karwan@example.com", &[]).is_empty());
        let cache = PhoneCache::new();
        assert!(
            extract(&fold("mail karwan@example.com"), &[], &[], &cache)
                .handles
                .is_empty()
        );
    }

    #[test]
    fn two_numbers_in_a_row_stay_two() {
        assert_eq!(
            phones("+964 750 111 2222 0770 333 4444", &["IQ"]),
            [IQ, "+9647703334444"]
        );
        assert_eq!(
            phones("+9647501112222 / +447911123456", &[]),
            [IQ, "+447911123456"]
        );
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let text = "تماس: ۰۰۹۶۴ ۷۵۰ ۱۱۱ ۲۲۲۲ لطفا";
        let cache = PhoneCache::new();
        let c = extract(&fold(text), &[], &[], &cache);
        assert_eq!(
            &text[c.phones[0].start..c.phones[0].end],
            "۰۰۹۶۴ ۷۵۰ ۱۱۱ ۲۲۲۲"
        );
    }
}
