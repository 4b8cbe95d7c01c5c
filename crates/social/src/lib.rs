//! Kingpin's social-media work: smugglers' adverts found in the languages they are written
//! in, their contacts extracted and normalised, and the referral of the accounts to the
//! platforms for takedown, followed until they come back.
//!
//! - [`post`]: posts from JSON lines (platform exports, capture tools).
//! - [`classify`]: advert detection with evidence spans, over [`lexicon`] (`lexicon.toml`).
//! - [`contacts`]: phone numbers (any digit system, words, links) to E.164, and handles.
//! - [`ingest`]: posts into the store (SocialAccount, Advert/Post, Phone).
//! - [`referral`]: the takedown lifecycle; [`metrics`]: its figures.
//! - [`evaluate`]: precision/recall per language on labelled posts.

pub mod classify;
pub mod contacts;
pub mod evaluate;
pub mod ingest;
pub mod lang;
pub mod lexicon;
pub mod metrics;
pub mod numwords;
pub mod post;
pub mod price;
pub mod referral;
pub mod scenario;
pub mod text;

pub use classify::{Classification, Classifier, Evidence};
pub use post::{Post, PostError, parse_line, read_posts};
