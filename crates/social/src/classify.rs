//! Is a post a smuggler's advert? Lexicon features plus extracted contacts, a logistic score,
//! and the evidence spans behind it, so an officer sees why.

use crate::contacts::{self, Contacts, Handle, PhoneHit};
use crate::lang;
use crate::lexicon::{CONTACT, FEATURES, Hit, LANGUAGES, Lexicon, LexiconError};
use crate::post::Post;
use crate::price::{self, Price};
use crate::text::{Folded, fold};
use kingpin_resolve::normalise::phone::PhoneCache;
use serde::Serialize;

/// One piece of evidence: a feature, the words that show it and where they are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Feature (`route`, `vehicle`, `price`, `guarantee`, `departure`, `contact`, ... and the
    /// negatives `sale`, `travel`, `visa`, `news`, `warning`, `personal`).
    pub feature: &'static str,
    /// Category within the feature (`uk`, `boat`, `currency`...).
    pub category: String,
    /// Byte range in the post's text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// The words, as written.
    pub text: String,
}

/// What the classifier says about one post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    /// The post's id.
    pub id: String,
    /// Whether the score reaches the lexicon's threshold.
    pub is_advert: bool,
    /// Logistic score in 0..1.
    pub score: f64,
    /// Language guessed from script and vocabulary.
    pub language: &'static str,
    /// Features present, each once.
    pub features: Vec<&'static str>,
    /// The spans behind each feature.
    pub evidence: Vec<Evidence>,
    /// Phone numbers in E.164.
    pub contacts: Vec<String>,
    /// Phone numbers with where and how they were written.
    pub phones: Vec<PhoneHit>,
    /// Handles and links to accounts.
    pub handles: Vec<Handle>,
    /// The price asked, when a number stands by a currency.
    pub price: Option<Price>,
    /// Destinations and crossing points named (`uk`, `italy`, `channel`...).
    pub route: Vec<String>,
    /// Vehicles named (`boat`, `lorry`, `car`).
    pub vehicle: Vec<String>,
}

/// A classifier: the compiled lexicon and a cache of parsed phone numbers.
pub struct Classifier {
    lex: Lexicon,
    phones: PhoneCache,
}

/// Reusable buffers for one thread.
#[derive(Default)]
pub struct Scratch {
    hits: Vec<Hit>,
}

impl Classifier {
    /// The classifier with Kingpin's shipped lexicon.
    pub fn new() -> Classifier {
        Classifier::with_lexicon(crate::lexicon::DEFAULT).expect("the shipped lexicon compiles")
    }

    /// A classifier with another lexicon (same layout as `lexicon.toml`).
    pub fn with_lexicon(text: &str) -> Result<Classifier, LexiconError> {
        Ok(Classifier {
            lex: Lexicon::parse(text)?,
            phones: PhoneCache::new(),
        })
    }

    /// The compiled lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Classifies one post.
    pub fn classify(&self, post: &Post) -> Classification {
        self.classify_with(post, &mut Scratch::default())
    }

    /// Classifies one post reusing a thread's buffers.
    pub fn classify_with(&self, post: &Post, scratch: &mut Scratch) -> Classification {
        let f = fold(&post.text);
        self.lex.hits(&f.text, &mut scratch.hits);
        let mut per_lang = [0u32; LANGUAGES.len()];
        for h in &scratch.hits {
            per_lang[self.lex.terms[h.term].lang] += 1;
        }
        let language = lang::guess(&post.text, &per_lang);
        let regions = lang::regions(language);
        let contacts = contacts::extract(&f, &post.links, regions, &self.phones);
        self.finish(post, &f, &scratch.hits, contacts, language)
    }

    fn finish(
        &self,
        post: &Post,
        f: &Folded,
        hits: &[Hit],
        contacts: Contacts,
        language: &'static str,
    ) -> Classification {
        let mut present = [false; FEATURES.len()];
        let mut evidence = Vec::with_capacity(hits.len() + 2);
        let mut route: Vec<String> = Vec::new();
        let mut vehicle: Vec<String> = Vec::new();
        for h in hits {
            let term = &self.lex.terms[h.term];
            present[term.feature] = true;
            let (s, e) = f.original(h.start, h.end);
            let feature = FEATURES[term.feature];
            let list = match feature {
                "route" => Some(&mut route),
                "vehicle" => Some(&mut vehicle),
                _ => None,
            };
            if let Some(list) = list
                && !list.contains(&term.category)
            {
                list.push(term.category.clone());
            }
            evidence.push(Evidence {
                feature,
                category: term.category.clone(),
                start: s,
                end: e,
                text: post.text[s..e].to_string(),
            });
        }
        for p in &contacts.phones {
            if p.end > p.start {
                evidence.push(Evidence {
                    feature: "contact",
                    category: "phone".into(),
                    start: p.start,
                    end: p.end,
                    text: post.text[p.start..p.end].to_string(),
                });
            }
        }
        for h in &contacts.handles {
            if h.end > h.start {
                evidence.push(Evidence {
                    feature: "contact",
                    category: h.platform.unwrap_or("handle").into(),
                    start: h.start,
                    end: h.end,
                    text: post.text[h.start..h.end].to_string(),
                });
            }
        }
        evidence.sort_by_key(|e| (e.start, e.end));
        present[CONTACT] = !contacts.phones.is_empty() || !contacts.handles.is_empty();
        let contact_word = FEATURES
            .iter()
            .position(|f| *f == "contact_word")
            .expect("listed");
        let mut z = self.lex.bias;
        for (i, on) in present.iter().enumerate() {
            // A contact word adds nothing once a contact itself was found.
            if *on && !(i == contact_word && present[CONTACT]) {
                z += self.lex.weights[i];
            }
        }
        let score = 1.0 / (1.0 + (-z).exp());
        let price = price::find(f, hits, &self.lex, &post.text);
        Classification {
            id: post.post_id.clone(),
            is_advert: score >= self.lex.threshold,
            score: (score * 1000.0).round() / 1000.0,
            language,
            features: FEATURES
                .iter()
                .zip(present)
                .filter_map(|(f, on)| on.then_some(*f))
                .collect(),
            evidence,
            contacts: contacts.phones.iter().map(|p| p.e164.clone()).collect(),
            phones: contacts.phones,
            handles: contacts.handles,
            price,
            route,
            vehicle,
        }
    }
}

impl Default for Classifier {
    fn default() -> Self {
        Classifier::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(text: &str) -> Post {
        Post {
            post_id: "p1".into(),
            text: text.into(),
            ..Post::default()
        }
    }

    #[test]
    fn an_advert_and_its_evidence() {
        let c = Classifier::new();
        let text = "UK by boat this week, guaranteed. 2500€ per person. WhatsApp +964 750 111 2222";
        let r = c.classify(&post(text));
        assert!(r.is_advert, "{r:?}");
        assert_eq!(r.contacts, ["+9647501112222"]);
        assert_eq!(r.route, ["uk"]);
        assert_eq!(r.vehicle, ["boat"]);
        assert_eq!(r.price.as_ref().map(|p| p.amount), Some(2500.0));
        for e in &r.evidence {
            assert_eq!(&text[e.start..e.end], e.text);
        }
        assert!(
            r.evidence
                .iter()
                .any(|e| e.feature == "guarantee" && e.text == "guaranteed")
        );
    }

    #[test]
    fn hard_negatives() {
        let c = Classifier::new();
        for text in [
            "Yamaha 40hp outboard engine for sale, used boat too, good condition. Call 07700 900123",
            "Cheap flights Erbil to London, hotel booking and tickets. Call +9647501112222",
            "Police arrested 12 people smugglers in Calais after boat deaths, court says",
            "Warning: do not trust smugglers offering boats to the UK, your life is not worth it",
            "We arrived in the UK, thank god. Pray for those still in Calais",
            "UK study visa and work permit applications, legal consultancy. Call +447911123456",
        ] {
            let r = c.classify(&post(text));
            assert!(!r.is_advert, "{text}: {r:?}");
        }
    }
}
