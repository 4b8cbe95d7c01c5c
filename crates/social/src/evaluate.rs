//! How well adverts are found and contacts extracted, on labelled posts: precision, recall and
//! F1 per language for adverts; precision and recall of exact E.164 matches for contacts.
//!
//! Labelled posts are posts (any format [`crate::post`] reads) with `lang`, `is_advert`,
//! `phones` (E.164) and optionally `category` (`advert`, `travel`, `visa`, `sale`, `news`,
//! `warning`, `migrant`, `other`).

use crate::classify::Classifier;
use crate::lexicon::LANGUAGES;
use crate::post::{Post, PostError, parse_line};
use kingpin_resolve::normalise::phone::normalise_phone;
use serde::Serialize;
use std::collections::BTreeMap;

/// The hand-written set used while writing the lexicon (tuned on).
pub const HAND_DEV: &str = include_str!("../data/labelled-dev.jsonl");
/// The hand-written held-out set, written before tuning and not tuned on.
pub const HAND_TEST: &str = include_str!("../data/labelled-test.jsonl");

/// A post with its labels.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// The post.
    pub post: Post,
    /// Its language.
    pub lang: String,
    /// Whether it is a smuggler's advert.
    pub is_advert: bool,
    /// Phone numbers it gives, in E.164.
    pub phones: Vec<String>,
    /// What kind of post it is.
    pub category: String,
}

/// Parses labelled posts from JSON-lines text.
pub fn parse_labelled(text: &str, file: &str) -> Result<Vec<Labelled>, PostError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        let Some(post) = parse_line(line, file, n)? else {
            continue;
        };
        let err = |field: &str, message: &str| PostError {
            file: file.into(),
            line: n,
            field: field.into(),
            message: message.into(),
        };
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| err("-", &e.to_string()))?;
        let lang = v["lang"]
            .as_str()
            .ok_or_else(|| err("lang", "missing"))?
            .to_string();
        let is_advert = v["is_advert"]
            .as_bool()
            .ok_or_else(|| err("is_advert", "expected true or false"))?;
        let phones = match &v["phones"] {
            serde_json::Value::Null => Vec::new(),
            serde_json::Value::Array(a) => a
                .iter()
                .map(|p| p.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| err("phones", "expected an array of E.164 strings"))?,
            _ => return Err(err("phones", "expected an array of E.164 strings")),
        };
        let category = v["category"]
            .as_str()
            .unwrap_or(if is_advert { "advert" } else { "other" })
            .to_string();
        out.push(Labelled {
            post,
            lang,
            is_advert,
            phones,
            category,
        });
    }
    Ok(out)
}

/// Confusion counts.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    /// True positives.
    pub tp: u64,
    /// False positives.
    pub fp: u64,
    /// False negatives.
    pub fn_: u64,
    /// True negatives (adverts only).
    pub tn: u64,
}

impl Counts {
    /// tp / (tp + fp); 1 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    /// tp / (tp + fn); 1 when there was nothing to find.
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: &Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.tn += o.tn;
    }
}

/// One language's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Language (or `all`).
    pub lang: String,
    /// Posts.
    pub posts: u64,
    /// Posts labelled adverts.
    pub adverts: u64,
    /// Advert detection counts.
    pub advert: Counts,
    /// Contact extraction counts (exact E.164, per post).
    pub contact: Counts,
}

/// A post the classifier got wrong, or whose contacts differ from the labels.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Post id.
    pub id: String,
    /// Language.
    pub lang: String,
    /// Labelled category.
    pub category: String,
    /// What was wrong (`false positive`, `false negative`, `contacts`).
    pub what: String,
    /// Score given.
    pub score: f64,
    /// Features found.
    pub features: Vec<&'static str>,
    /// Contacts labelled but not found.
    pub missed_contacts: Vec<String>,
    /// Contacts found but not labelled.
    pub wrong_contacts: Vec<String>,
}

/// The evaluation of one labelled set.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Which set.
    pub name: String,
    /// Per language, in the order of [`LANGUAGES`], then any others.
    pub rows: Vec<Row>,
    /// All languages together.
    pub overall: Row,
    /// Every error.
    pub misses: Vec<Miss>,
    /// Labelled numbers left out because they are not valid numbers for any region (the
    /// `phonenumber` metadata says no such number exists), so no extractor can match them.
    pub invalid_labels: u64,
}

/// Classifies every labelled post and compares.
pub fn evaluate(c: &Classifier, name: &str, set: &[Labelled]) -> Report {
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut invalid_labels = 0;
    for l in set {
        let r = c.classify(&l.post);
        let gold: Vec<&String> = l
            .phones
            .iter()
            .filter(|p| {
                let ok =
                    normalise_phone(p, &[]).and_then(|n| n.e164).as_deref() == Some(p.as_str());
                invalid_labels += (!ok) as u64;
                ok
            })
            .collect();
        let row = rows.entry(l.lang.clone()).or_insert_with(|| Row {
            lang: l.lang.clone(),
            posts: 0,
            adverts: 0,
            advert: Counts::default(),
            contact: Counts::default(),
        });
        row.posts += 1;
        row.adverts += l.is_advert as u64;
        match (l.is_advert, r.is_advert) {
            (true, true) => row.advert.tp += 1,
            (false, true) => row.advert.fp += 1,
            (true, false) => row.advert.fn_ += 1,
            (false, false) => row.advert.tn += 1,
        }
        let missed: Vec<String> = gold
            .iter()
            .filter(|p| !r.contacts.contains(p))
            .map(|p| p.to_string())
            .collect();
        let wrong: Vec<String> = r
            .contacts
            .iter()
            .filter(|p| !gold.contains(p))
            .cloned()
            .collect();
        row.contact.tp += (r.contacts.len() - wrong.len()) as u64;
        row.contact.fp += wrong.len() as u64;
        row.contact.fn_ += missed.len() as u64;
        let what = match (l.is_advert, r.is_advert) {
            (true, false) => Some("false negative"),
            (false, true) => Some("false positive"),
            _ if !missed.is_empty() || !wrong.is_empty() => Some("contacts"),
            _ => None,
        };
        if let Some(what) = what {
            misses.push(Miss {
                id: l.post.post_id.clone(),
                lang: l.lang.clone(),
                category: l.category.clone(),
                what: what.into(),
                score: r.score,
                features: r.features.clone(),
                missed_contacts: missed,
                wrong_contacts: wrong,
            });
        }
    }
    let mut ordered: Vec<Row> = Vec::new();
    for lang in LANGUAGES {
        if let Some(r) = rows.remove(*lang) {
            ordered.push(r);
        }
    }
    ordered.extend(rows.into_values());
    let mut overall = Row {
        lang: "all".into(),
        posts: 0,
        adverts: 0,
        advert: Counts::default(),
        contact: Counts::default(),
    };
    for r in &ordered {
        overall.posts += r.posts;
        overall.adverts += r.adverts;
        overall.advert.add(&r.advert);
        overall.contact.add(&r.contact);
    }
    Report {
        name: name.into(),
        rows: ordered,
        overall,
        misses,
        invalid_labels,
    }
}

impl Report {
    /// The report as a plain-text table.
    pub fn table(&self) -> String {
        let mut title = self.name.clone();
        if self.invalid_labels > 0 {
            title.push_str(&format!(
                " ({} labelled numbers not valid for any region left out)",
                self.invalid_labels
            ));
        }
        let mut s = format!(
            "{}\n{:<8} {:>5} {:>7} {:>9} {:>7} {:>6} {:>10} {:>9}\n",
            title,
            "lang",
            "posts",
            "adverts",
            "precision",
            "recall",
            "F1",
            "contact P",
            "contact R"
        );
        for r in self.rows.iter().chain(std::iter::once(&self.overall)) {
            s.push_str(&format!(
                "{:<8} {:>5} {:>7} {:>9.3} {:>7.3} {:>6.3} {:>10.3} {:>9.3}\n",
                r.lang,
                r.posts,
                r.adverts,
                r.advert.precision(),
                r.advert.recall(),
                r.advert.f1(),
                r.contact.precision(),
                r.contact.recall()
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_sets_parse_and_cover_every_language() {
        for (name, text) in [("dev", HAND_DEV), ("test", HAND_TEST)] {
            let set = parse_labelled(text, name).unwrap();
            for lang in LANGUAGES {
                let n = set.iter().filter(|l| l.lang == *lang).count();
                let neg = set
                    .iter()
                    .filter(|l| l.lang == *lang && !l.is_advert)
                    .count();
                assert!(
                    n >= 8 && neg >= 4,
                    "{name}: {lang} has {n} posts, {neg} negatives"
                );
            }
            // Labels are valid E.164 numbers: a wrong label would make a right answer a miss.
            let mut bad = Vec::new();
            for l in &set {
                for p in &l.phones {
                    let n = kingpin_resolve::normalise::phone::normalise_phone(p, &[]);
                    if n.and_then(|n| n.e164).as_deref() != Some(p.as_str()) {
                        bad.push(format!("{} {p}", l.post.post_id));
                    }
                }
            }
            assert!(bad.is_empty(), "{name}: invalid labels {bad:?}");
        }
    }

    #[test]
    fn counts_and_errors_are_reported() {
        let set = parse_labelled(
            r#"{"id":"1","text":"UK by boat this week, guaranteed, WhatsApp +9647501112222","lang":"en","is_advert":true,"phones":["+9647501112222"]}
{"id":"2","text":"Car for sale, call +447911123456","lang":"en","is_advert":true,"phones":[]}"#,
            "t",
        )
        .unwrap();
        let r = evaluate(&Classifier::new(), "t", &set);
        assert_eq!(r.overall.advert.tp, 1);
        assert_eq!(r.overall.advert.fn_, 1);
        assert_eq!(r.overall.contact.tp, 1);
        assert_eq!(r.overall.contact.fp, 1);
        assert_eq!(r.misses.len(), 1);
        assert!(parse_labelled(r#"{"id":"1","text":"x","lang":"en"}"#, "t").is_err());
    }
}
