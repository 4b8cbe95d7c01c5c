//! Digits spelled out in words, as advertisers write numbers to slip past platforms' filters:
//! "zero seven five zero…", "سفر حەوت پێنج…", "không chín ba…". Words are matched after
//! folding (`text::fold_plain`), so diacritics and letter variants do not matter.

use crate::text::fold_plain;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Each language's words for 0–9, in order. Several spellings per digit are separated by `|`.
const WORDS: &[(&str, [&str; 10])] = &[
    (
        "en",
        [
            "zero|oh|nought",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
        ],
    ),
    (
        "ar",
        [
            "صفر",
            "واحد",
            "اثنين|اثنان|اتنين|ثنين",
            "ثلاثه|ثلاث|تلاته",
            "اربعه|اربع",
            "خمسه|خمس",
            "سته|ست",
            "سبعه|سبع",
            "ثمانيه|ثماني|تمانيه",
            "تسعه|تسع",
        ],
    ),
    (
        "ar-latn",
        [
            "sifr|sefr|sfr",
            "wa7ed|wahed|wa7id|wahid",
            "etnen|itnen|ithnain|tnen|ithnayn",
            "tlata|talata|thalatha|tleta",
            "arba3a|arba3|arba|arbaa",
            "khamsa|5amsa|khamse",
            "sitta|setta|sette|sitte",
            "sab3a|saba|sab3|sabaa",
            "tamanya|thamanya|tmanya|tamaniya",
            "tis3a|tesa|tis3|tisaa",
        ],
    ),
    (
        "fa",
        [
            "صفر",
            "یک|يک",
            "دو",
            "سه",
            "چهار",
            "پنج",
            "شش|شیش",
            "هفت",
            "هشت",
            "نه|نُه",
        ],
    ),
    (
        "ckb",
        [
            "سیفر|صفر",
            "یەک|يەک",
            "دوو",
            "سێ",
            "چوار",
            "پێنج",
            "شەش",
            "حەوت",
            "هەشت",
            "نۆ",
        ],
    ),
    (
        "kmr",
        [
            "sifir|sifr",
            "yek",
            "du|didu",
            "se|sisê",
            "car",
            "penc",
            "ses",
            "heft",
            "hest",
            "neh",
        ],
    ),
    (
        "ps",
        [
            "صفر",
            "یو|يو",
            "دوه",
            "درې|دری",
            "څلور",
            "پنځه",
            "شپږ",
            "اووه|اوه",
            "اته",
            "نهه|نه",
        ],
    ),
    (
        "vi",
        [
            "khong", "mot", "hai", "ba", "bon|tu", "nam|lam", "sau", "bay", "tam", "chin",
        ],
    ),
    (
        "sq",
        [
            "zero", "nje", "dy", "tre|tri", "kater", "pese", "gjashte", "shtate", "tete", "nente",
        ],
    ),
    (
        "ti",
        [
            "ዜሮ|ባዶ",
            "ሓደ",
            "ክልተ",
            "ሰለስተ",
            "ኣርባዕተ|ኣርባዕ",
            "ሓሙሽተ",
            "ሽዱሽተ",
            "ሸውዓተ",
            "ሸሞንተ",
            "ትሽዓተ",
        ],
    ),
];

/// Folded number word to its digit. Spellings shared between languages agree on the digit (a
/// test checks it). Sorani `سفر` (zero) is left out: it is also Arabic and Persian for "trip".
pub fn table() -> &'static HashMap<String, u8> {
    static T: OnceLock<HashMap<String, u8>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        for (_, digits) in WORDS {
            for (d, spellings) in digits.iter().enumerate() {
                for w in spellings.split('|') {
                    m.entry(fold_plain(w)).or_insert(d as u8);
                }
            }
        }
        m
    })
}

/// Words that repeat the next digit ("double seven"), with their count.
pub fn repeat(word: &str) -> Option<usize> {
    match word {
        "double" | "dabel" => Some(2),
        "triple" => Some(3),
        _ => None,
    }
}

/// The digit a folded word spells, if any.
pub fn digit(word: &str) -> Option<u8> {
    table().get(word).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_spells_every_digit() {
        for (lang, digits) in WORDS {
            for (d, spellings) in digits.iter().enumerate() {
                let w = fold_plain(spellings.split('|').next().unwrap());
                let got = digit(&w);
                assert_eq!(got, Some(d as u8), "{lang} {w}");
            }
        }
    }
}
