//! The advert lexicon (`lexicon.toml`): terms per feature, category and language, compiled
//! into one Aho-Corasick automaton over folded text.

use crate::text::{fold_plain, is_latin, is_word};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The lexicon shipped with Kingpin.
pub const DEFAULT: &str = include_str!("../lexicon.toml");

/// The features, in a fixed order (their index is the feature id).
pub const FEATURES: &[&str] = &[
    "route",
    "vehicle",
    "price",
    "guarantee",
    "departure",
    "contact",
    "contact_word",
    "jargon",
    "sale",
    "travel",
    "visa",
    "news",
    "warning",
    "personal",
];

/// Index of the `contact` feature (set from extracted contacts, not from terms).
pub const CONTACT: usize = 5;

/// The languages a lexicon may list, in the order reports show them.
pub const LANGUAGES: &[&str] = &[
    "ckb", "kmr", "ar", "ar-latn", "fa", "ps", "vi", "sq", "ti", "en",
];

#[derive(Deserialize)]
struct Raw {
    threshold: f64,
    weights: BTreeMap<String, f64>,
    features: BTreeMap<String, BTreeMap<String, BTreeMap<String, Vec<String>>>>,
}

/// What one pattern of the automaton stands for.
#[derive(Debug, Clone)]
pub struct Term {
    /// Feature id (index into [`FEATURES`]).
    pub feature: usize,
    /// Category within the feature (`uk`, `boat`, `currency`, `any`...).
    pub category: String,
    /// Language id (index into [`LANGUAGES`]).
    pub lang: usize,
    /// The folded term.
    pub folded: String,
    check_left: bool,
    check_right: bool,
    prefix: bool,
}

/// A term found in folded text.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    /// Index of the term.
    pub term: usize,
    /// Folded byte range.
    pub start: usize,
    /// End of the folded byte range.
    pub end: usize,
}

/// A compiled lexicon.
pub struct Lexicon {
    /// Weight per feature (by id).
    pub weights: Vec<f64>,
    /// The bias added to every score.
    pub bias: f64,
    /// Score at or above which a post is an advert.
    pub threshold: f64,
    /// Every term.
    pub terms: Vec<Term>,
    ac: AhoCorasick,
}

/// A lexicon that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// Not valid TOML for the layout.
    #[error("lexicon: {0}")]
    Toml(#[from] toml::de::Error),
    /// Names a feature or language that does not exist, or lacks a weight.
    #[error("lexicon: {0}")]
    Invalid(String),
    /// The automaton could not be built.
    #[error("lexicon: {0}")]
    Build(#[from] aho_corasick::BuildError),
}

impl Lexicon {
    /// Compiles a lexicon from its TOML text.
    pub fn parse(text: &str) -> Result<Lexicon, LexiconError> {
        let raw: Raw = toml::from_str(text)?;
        let mut weights = vec![0.0; FEATURES.len()];
        for (i, f) in FEATURES.iter().enumerate() {
            weights[i] = *raw
                .weights
                .get(*f)
                .ok_or_else(|| LexiconError::Invalid(format!("no weight for feature {f}")))?;
        }
        let bias = *raw
            .weights
            .get("bias")
            .ok_or_else(|| LexiconError::Invalid("no bias weight".into()))?;
        let mut terms = Vec::new();
        for (feature, cats) in &raw.features {
            let fid = FEATURES
                .iter()
                .position(|f| f == feature)
                .ok_or_else(|| LexiconError::Invalid(format!("unknown feature {feature}")))?;
            for (cat, langs) in cats {
                for (lang, list) in langs {
                    let lid = LANGUAGES.iter().position(|l| l == lang).ok_or_else(|| {
                        LexiconError::Invalid(format!("unknown language {lang} in {feature}.{cat}"))
                    })?;
                    for t in list {
                        let (t, prefix) = match t.strip_suffix('*') {
                            Some(t) => (t, true),
                            None => (t.as_str(), false),
                        };
                        let folded = fold_plain(t);
                        if folded.is_empty() {
                            continue;
                        }
                        let first = folded.chars().next().expect("non-empty");
                        let last = folded.chars().next_back().expect("non-empty");
                        let latinish = |c: char| is_latin(c) || c.is_ascii_digit();
                        terms.push(Term {
                            feature: fid,
                            category: cat.clone(),
                            lang: lid,
                            check_left: latinish(first),
                            check_right: latinish(last) && !prefix,
                            prefix,
                            folded,
                        });
                    }
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(terms.iter().map(|t| t.folded.as_str()))?;
        Ok(Lexicon {
            weights,
            bias,
            threshold: raw.threshold,
            terms,
            ac,
        })
    }

    /// Every term in folded text, overlapping, whole words where the term asks for them.
    pub fn hits(&self, t: &str, out: &mut Vec<Hit>) {
        out.clear();
        for m in self.ac.find_overlapping_iter(t) {
            let term = &self.terms[m.pattern().as_usize()];
            if term.check_left && t[..m.start()].chars().next_back().is_some_and(is_word) {
                continue;
            }
            if term.check_right && t[m.end()..].chars().next().is_some_and(is_word) {
                continue;
            }
            // A prefix term's evidence is the whole word it starts ("guaranteed").
            let end = if term.prefix {
                m.end()
                    + t[m.end()..]
                        .find(|c: char| !is_word(c))
                        .unwrap_or(t.len() - m.end())
            } else {
                m.end()
            };
            out.push(Hit {
                term: m.pattern().as_usize(),
                start: m.start(),
                end,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lexicon_compiles_and_covers_every_language() {
        let lex = Lexicon::parse(DEFAULT).unwrap();
        for (l, lang) in LANGUAGES.iter().enumerate() {
            for (f, feature) in FEATURES.iter().enumerate() {
                if f == CONTACT {
                    continue;
                }
                assert!(
                    lex.terms.iter().any(|t| t.lang == l && t.feature == f),
                    "{lang} has no {feature} terms"
                );
            }
        }
    }

    #[test]
    fn latin_terms_match_whole_words_and_prefixes() {
        let lex = Lexicon::parse(DEFAULT).unwrap();
        let mut hits = Vec::new();
        let found = |lex: &Lexicon, t: &str, hits: &mut Vec<Hit>| -> Vec<String> {
            lex.hits(t, hits);
            hits.iter()
                .map(|h| lex.terms[h.term].folded.clone())
                .collect()
        };
        assert!(found(&lex, "to the uk by boat", &mut hits).contains(&"uk".to_string()));
        assert!(!found(&lex, "bukhara", &mut hits).contains(&"uk".to_string()));
        assert!(found(&lex, "guaranteed", &mut hits).contains(&"guarant".to_string()));
        assert!(
            found(&lex, "بە بەلەمی", &mut hits)
                .iter()
                .any(|t| t == "بەلەم")
        );
    }

    #[test]
    fn bad_lexicons_are_refused() {
        assert!(Lexicon::parse("threshold = 0.5\n[weights]\nbias = 1\n[features]").is_err());
        let mut text = DEFAULT.to_string();
        text.push_str("\n[features.nope.any]\nen = [\"x\"]\n");
        assert!(matches!(
            Lexicon::parse(&text),
            Err(LexiconError::Invalid(_))
        ));
    }
}
