//! Personal names: tokens in a canonical spelling, consonant skeletons, kunya.
//!
//! Two spellings of one name agree on the canonical token when the variant table knows them
//! (Mohammed/Muhammad/Mihemed), and on the skeleton when they differ only in vowels and in
//! the usual consonant spellings (kh/x, sh/ş, q/k, v/w) — which is also how Arabic script,
//! written without short vowels, meets Latin.

use super::arabic::{has_arabic, transliterate};
use super::fold;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A name brought to comparable form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NormName {
    /// Canonical tokens in written order (titles, particles and kunya removed).
    pub tokens: Vec<String>,
    /// Consonant skeleton of each token.
    pub skeletons: Vec<String>,
    /// `abu <name>` / `umm <name>`: a teknonym names the child, not the person.
    pub kunya: Option<String>,
    /// Whether the name was written in Arabic script.
    pub arabic: bool,
    /// Tokens sorted and joined: equal for any order of the same parts.
    pub sorted: String,
    /// Skeletons sorted and joined.
    pub sorted_skel: String,
    /// Share of records bearing this name (parts in any order); 0 until
    /// [`crate::record::set_term_frequencies`] has run.
    pub tf_sorted: f32,
    /// Share of records bearing a name with these skeletons; 0 until set.
    pub tf_skel: f32,
}

fn sorted_join(parts: &[String]) -> String {
    let mut t: Vec<&str> = parts.iter().map(String::as_str).collect();
    t.sort_unstable();
    t.join(" ")
}

impl NormName {
    /// Whether nothing is left to compare.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// Honorifics and kinship titles, dropped: "Kak Dilan" is Dilan.
const TITLES: &[&str] = &[
    "kak", "kaka", "mam", "mamo", "haji", "hajji", "hajj", "hadji", "mr", "mrs", "ms", "miss",
    "dr", "sayed", "sayyid", "seyed", "mulla", "mullah",
];
/// Nasab connectors ("son of"), dropped with the name kept.
const NASAB: &[&str] = &["bin", "ibn", "bint", "binti", "walad"];
/// The Arabic article written apart.
const ARTICLES: &[&str] = &["al", "el", "ul"];
/// Kunya openers: the following token is the child's name.
const KUNYA: &[&str] = &["abu", "abou", "abo", "umm", "um", "om"];
/// `abd` compounds in the spellings seen, longest first; `bd` is `عبد` without its ain.
const ABD: &[&str] = &[
    "abdul", "abdel", "abdal", "abdol", "abdur", "abdoul", "ebdul", "ebdel", "abdu", "abd", "ebd",
];
const ABD_ARABIC: &[&str] = &["bdal", "bdul", "bd"];

/// Common variant spellings to one canonical spelling. Unknown tokens stay as written; the
/// skeleton covers the rest.
const VARIANTS: &[(&str, &[&str])] = &[
    (
        "muhammad",
        &[
            "mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "mihemed", "mehmet",
            "muhamad", "mohamud", "mohammud", "mhmd", "mouhamed", "mahomed",
        ],
    ),
    ("ahmad", &["ahmed", "ehmed", "ahmet", "ahmd", "amed"]),
    (
        "hussein",
        &[
            "husain", "hussain", "husein", "hossein", "hosein", "hisen", "husen", "hussen", "hsin",
            "huseyin",
        ],
    ),
    ("hassan", &["hasan", "hesen", "hassen", "hasen", "hsn"]),
    (
        "yusuf",
        &[
            "yousef", "youssef", "yusif", "yousif", "yosef", "yousuf", "yusf", "yusef",
        ],
    ),
    ("omar", &["umar", "omer", "umer"]),
    ("ali", &["aly", "eli"]),
    (
        "mustafa",
        &[
            "mostafa", "mistefa", "moustafa", "mustapha", "mustefa", "mstfa",
        ],
    ),
    (
        "ibrahim",
        &[
            "ebrahim", "brahim", "ibraheem", "birahim", "ibrahem", "abrahim",
        ],
    ),
    ("khalid", &["khaled", "xalid", "xaled", "khald"]),
    ("karim", &["kareem", "kerim", "karem", "krim"]),
    ("jamal", &["gamal", "cemal", "jemal", "jamaal", "jmal"]),
    ("rashid", &["rasheed", "reshid", "rashed", "rshid"]),
    ("saeed", &["said", "saed", "saeid", "sayid", "seid", "sid"]),
    ("osman", &["othman", "usman", "uthman", "thman", "osmane"]),
    (
        "abdullah",
        &[
            "abdulla", "abdallah", "abdolah", "abdollah", "ebdulla", "abdullh",
        ],
    ),
    ("abdulrahman", &["abdulrhmn", "abdurahman", "abdolrahman"]),
    ("rasul", &["rasool", "resul", "rsul"]),
    (
        "sulaiman",
        &[
            "suleiman", "suleyman", "sleman", "sileman", "suliman", "sulayman", "silemani",
        ],
    ),
    ("mahmud", &["mahmood", "mahmoud", "mehmud", "mhmud"]),
    ("aziz", &["eziz", "azeez", "ziz"]),
    ("qadir", &["kadir", "qader", "kader", "qadr", "qadir"]),
    ("jafar", &["jaafar", "cafer", "jefer"]),
    ("mahdi", &["mehdi"]),
    ("ghulam", &["gholam", "golam"]),
    ("sharif", &["sherif", "shareef"]),
    ("fatima", &["fatemeh", "fatma", "fatimah", "fatime"]),
    ("zainab", &["zeynab", "zaynab", "zenab"]),
    ("maryam", &["mariam", "meryem", "miriam"]),
    ("nasrin", &["nesrin", "nasreen"]),
    ("reza", &["riza", "rida", "ridha"]),
    ("rezaei", &["rezaie", "rezai", "rezayi", "rzaii"]),
    ("hosseini", &["husseini", "hoseini", "husaini"]),
    ("khalil", &["xelil", "khelil", "halil", "xalil"]),
    ("sheikh", &["shex", "shaikh", "shekh", "sheykh"]),
    ("bakhtiyar", &["bakhtiar", "bextiyar", "baxtiyar"]),
    ("dilshad", &["dlshad", "dilshat"]),
    ("rebwar", &["ribwar", "rebuar"]),
    ("kawa", &["kaveh", "kawe"]),
    ("zhila", &["jila"]),
    ("kazhal", &["kajal"]),
];

fn variants() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = HashMap::new();
        for (canon, vs) in VARIANTS {
            m.insert(*canon, *canon);
            for v in *vs {
                m.insert(*v, *canon);
            }
        }
        m
    })
}

/// The canonical spelling of one folded token.
pub fn canonical(token: &str) -> String {
    variants()
        .get(token)
        .map_or_else(|| token.to_string(), |c| c.to_string())
}

/// Normalises a raw name: fold, Arabic to Latin, `FAMILY, Given` turned round, articles,
/// titles and nasab particles dropped, `abd al-X` compounds joined, kunya set apart,
/// variants mapped to one spelling, and skeletons computed.
pub fn normalise_name(raw: &str) -> NormName {
    let folded = fold(raw);
    let arabic = has_arabic(&folded);
    let latin = if arabic {
        transliterate(&folded)
    } else {
        folded
    };
    // "FAMILY, Given Father" as registers write it.
    let ordered = match latin.split_once(',') {
        Some((family, given)) if !given.trim().is_empty() => format!("{given} {family}"),
        _ => latin,
    };
    let mut parts: Vec<String> = ordered
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',' || c == '.' || c == '_')
        .map(|t| {
            t.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
        .filter(|t| !ARTICLES.contains(&t.as_str()))
        .collect();
    if arabic {
        // The article is written onto the word in Arabic script: الرحمن.
        for t in parts.iter_mut() {
            if t.len() >= 5 && t.starts_with("al") && !t.starts_with("bdal") {
                t.drain(..2);
            }
        }
    }
    let mut tokens = Vec::with_capacity(parts.len());
    let mut kunya = None;
    let mut i = 0;
    while i < parts.len() {
        let t = parts[i].as_str();
        if TITLES.contains(&t) && parts.len() > 1 || NASAB.contains(&t) {
            i += 1;
            continue;
        }
        if KUNYA.contains(&t) && i + 1 < parts.len() {
            kunya = Some(format!("abu {}", canonical(&parts[i + 1])));
            i += 2;
            continue;
        }
        let prefixes = if arabic { ABD_ARABIC } else { ABD };
        if let Some(p) = prefixes.iter().find(|p| t.starts_with(**p)) {
            let rest = &t[p.len()..];
            if rest.is_empty() && i + 1 < parts.len() {
                tokens.push(canonical(&format!("abdul{}", parts[i + 1])));
                i += 2;
                continue;
            }
            if rest.len() >= 3 {
                tokens.push(canonical(&format!("abdul{rest}")));
                i += 1;
                continue;
            }
        }
        tokens.push(canonical(t));
        i += 1;
    }
    let skeletons: Vec<String> = tokens.iter().map(|t| skeleton(t)).collect();
    NormName {
        sorted: sorted_join(&tokens),
        sorted_skel: sorted_join(&skeletons),
        tokens,
        skeletons,
        kunya,
        arabic,
        tf_sorted: 0.0,
        tf_skel: 0.0,
    }
}

/// Consonant skeleton of a folded token: vowels, w, y and a final h dropped, doubled letters
/// merged, and consonant spellings unified (kh/x, gh/g, sh/s, zh/j, th/t, dh/d, ph/f, q/k,
/// c/j, v/w).
pub fn skeleton(token: &str) -> String {
    const VOWEL: u8 = b'_';
    let b = token.as_bytes();
    let mut mapped: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let next = b.get(i + 1).copied();
        let (c, step) = match (b[i], next) {
            (b'k', Some(b'h')) => (b'x', 2),
            (b'g', Some(b'h')) => (b'g', 2),
            (b's', Some(b'h')) => (b's', 2),
            (b'c', Some(b'h')) => (b'c', 2),
            (b'z', Some(b'h')) => (b'j', 2),
            (b't', Some(b'h')) => (b't', 2),
            (b'd', Some(b'h')) => (b'd', 2),
            (b'p', Some(b'h')) => (b'f', 2),
            (b'q', _) => (b'k', 1),
            (b'c', _) => (b'j', 1),
            (b'v' | b'w' | b'y' | b'a' | b'e' | b'i' | b'o' | b'u', _) => (VOWEL, 1),
            (b'h', None) => (VOWEL, 1),
            (c, _) => (c, 1),
        };
        if mapped.last() != Some(&c) {
            mapped.push(c);
        }
        i += step;
    }
    mapped.retain(|&c| c != VOWEL);
    String::from_utf8(mapped).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        normalise_name(s).tokens
    }

    fn skel(s: &str) -> String {
        normalise_name(s).sorted_skel
    }

    #[test]
    fn variants_share_a_canonical_token() {
        for v in ["Mohammed", "Muhammad", "Mihemed", "Mohamad", "MOHAMED"] {
            assert_eq!(toks(v), vec!["muhammad"], "{v}");
        }
        assert_eq!(toks("محمد"), vec!["muhammad"]);
        assert_eq!(toks("Yusuf Xalid Ahmed"), toks("Youssef Khaled Ehmed"));
    }

    #[test]
    fn arabic_script_meets_latin_by_skeleton() {
        assert_eq!(skel("محمد رسول بەرواری"), skel("Mihemed Rasool Barwari"));
        assert_eq!(skel("ڕێبوار"), skel("Ribwar"));
        assert_eq!(skel("رضایی"), skel("Rezaei"));
        assert_eq!(skel("ڕۆژهات دژوار شێخ"), skel("Rojhat Dijwar Şêx"));
        assert_eq!(skel("سەرهەد سعيد زاخۆیی"), skel("Serhad Saeed Zaxoyî"));
        assert_eq!(skel("کاوە"), skel("Kaveh"));
        assert_eq!(skel("ژیلا"), skel("Jila"));
    }

    #[test]
    fn abd_compounds_join() {
        let want = toks("Abdulrahman Popal");
        assert_eq!(toks("Abdul Rahman Popal"), want);
        assert_eq!(toks("Abd al-Rahman Popal"), want);
        assert_eq!(toks("Abdel Rahman Popal"), want);
        assert_eq!(skel("عبدالرحمن"), skel("Abdurrahman"));
        assert_eq!(toks("Abdallah"), toks("Abdullah"));
        assert_eq!(skel("عبدالله"), skel("Ebdulla"));
        assert_eq!(toks("Abdi"), vec!["abdi"]);
    }

    #[test]
    fn order_titles_particles_and_kunya() {
        let a = normalise_name("Ehmed, Rashid Hussein");
        let b = normalise_name("Rashid Hussein Ehmed");
        assert_eq!(a.tokens, b.tokens);
        assert_eq!(
            normalise_name("Tran Van Long").sorted,
            normalise_name("Long Van Tran").sorted
        );
        assert_eq!(toks("Kak Dilan"), vec!["dilan"]);
        assert_eq!(toks("Mam Osman"), vec!["osman"]);
        assert_eq!(toks("Omar bin Khalid"), vec!["omar", "khalid"]);
        let k = normalise_name("Abu Yusuf");
        assert!(k.tokens.is_empty());
        assert_eq!(k.kunya.as_deref(), Some("abu yusuf"));
        // A surname that is also a title stays when it is all there is.
        assert_eq!(toks("Sheikh"), vec!["sheikh"]);
    }

    #[test]
    fn skeleton_rules() {
        assert_eq!(skeleton("mohammed"), "mhmd");
        assert_eq!(skeleton("hussein"), "hsn");
        assert_eq!(skeleton("abdullah"), "bdl");
        assert_eq!(skeleton("khalid"), skeleton("xalid"));
        assert_eq!(skeleton("qadir"), skeleton("kadir"));
        assert_eq!(skeleton("cemal"), skeleton("jamal"));
        assert_eq!(skeleton(""), "");
    }
}
