//! Posts into the store: each account a `SocialAccount`, each advert an `Advert` (other posts a
//! `Post`) linked to its account and to the `Phone` entities of its contacts, so adverts join
//! the graph and the leader ranking. One import is one transaction, with its audit record.

use crate::classify::{Classifier, Scratch};
use crate::post::{PostError, for_each_post};
use kingpin_model::{Fragment, Grading, make_id, model};
use kingpin_store::{AuditEntry, NewSource, SourceInfo, Store};
use std::path::Path;

/// What an import wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportSummary {
    /// The source recorded.
    pub source: SourceInfo,
    /// Posts read.
    pub posts: u64,
    /// Of which adverts.
    pub adverts: u64,
    /// Distinct phone numbers linked.
    pub phones: u64,
}

/// Why an import failed (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A bad line in the input.
    #[error(transparent)]
    Post(#[from] PostError),
    /// The store refused.
    #[error("store: {0}")]
    Store(#[from] kingpin_store::StoreError),
    /// A value the model refused (names the post).
    #[error("{file}: post {post}: {message}")]
    Value {
        /// The file.
        file: String,
        /// The post id.
        post: String,
        /// What is wrong.
        message: String,
    },
}

/// The id of an account, as the scenario's and the CSV mappings' ids.
pub fn account_id(platform: &str, handle: &str) -> String {
    make_id("socialaccount", &[platform, &handle.to_lowercase()]).unwrap_or_default()
}

/// The id of a post.
pub fn post_id(platform: &str, post: &str) -> String {
    make_id("post", &[platform, post]).unwrap_or_default()
}

/// Imports a JSON-lines file of posts, classifying each.
pub fn import(
    store: &mut dyn Store,
    path: &Path,
    grading: Grading,
    audit: Option<AuditEntry>,
) -> Result<ImportSummary, ImportError> {
    let m = model();
    let file = path.display().to_string();
    let c = Classifier::new();
    let mut scratch = Scratch::default();
    let mut w = store.begin(NewSource {
        name: format!(
            "social:{}",
            path.file_name()
                .map_or(file.clone(), |f| f.to_string_lossy().into())
        ),
        kind: "social".into(),
        path: Some(file.clone()),
        grading,
    })?;
    let (mut posts, mut adverts) = (0u64, 0u64);
    let mut phones = std::collections::HashSet::new();
    let mut failure: Option<ImportError> = None;
    let res = for_each_post(path, &mut |p| {
        if failure.is_some() {
            return Ok(());
        }
        let r = c.classify_with(&p, &mut scratch);
        posts += 1;
        let bad = |e: &dyn std::fmt::Display| ImportError::Value {
            file: file.clone(),
            post: p.post_id.clone(),
            message: e.to_string(),
        };
        let mut run = || -> Result<(), ImportError> {
            let platform = if p.platform.is_empty() {
                "unknown"
            } else {
                &p.platform
            };
            let acc = (!p.handle.is_empty() || !p.account_id.is_empty()).then(|| {
                account_id(
                    platform,
                    if p.handle.is_empty() {
                        &p.account_id
                    } else {
                        &p.handle
                    },
                )
            });
            if let Some(acc) = &acc {
                let mut f = Fragment::new(m, "SocialAccount", acc.clone()).map_err(|e| bad(&e))?;
                f.grading = grading;
                for (prop, v) in [
                    ("service", platform),
                    ("username", p.handle.as_str()),
                    ("name", p.display_name.as_str()),
                    ("url", p.account_url.as_str()),
                    ("recordId", p.account_id.as_str()),
                ] {
                    f.add(prop, v).map_err(|e| bad(&e))?;
                }
                w.put(&f)?;
            }
            let schema = if r.is_advert { "Advert" } else { "Post" };
            let mut f =
                Fragment::new(m, schema, post_id(platform, &p.post_id)).map_err(|e| bad(&e))?;
            f.grading = grading;
            if let Some(acc) = &acc {
                f.add("account", acc).map_err(|e| bad(&e))?;
            }
            f.add("bodyText", &p.text).map_err(|e| bad(&e))?;
            f.add("url", &p.url).map_err(|e| bad(&e))?;
            f.add("recordId", &p.post_id).map_err(|e| bad(&e))?;
            f.add("language", r.language).map_err(|e| bad(&e))?;
            f.add("score", &r.score.to_string()).map_err(|e| bad(&e))?;
            // A time the model cannot read is kept out rather than failing the import.
            if f.add("date", &p.time).is_err() {
                f.add("notes", &format!("posted at {}", p.time))
                    .map_err(|e| bad(&e))?;
            }
            for h in &p.media_hashes {
                f.add("mediaHash", h).map_err(|e| bad(&e))?;
            }
            for h in &r.handles {
                f.add("handleMentioned", &h.handle).map_err(|e| bad(&e))?;
            }
            if r.is_advert {
                for x in r.route.iter().chain(&r.vehicle) {
                    f.add("keywords", x).map_err(|e| bad(&e))?;
                }
                for e164 in &r.contacts {
                    f.add("phoneMentioned", e164).map_err(|e| bad(&e))?;
                    f.add("contact", &format!("phone-{e164}"))
                        .map_err(|e| bad(&e))?;
                }
            }
            w.put(&f)?;
            if r.is_advert {
                adverts += 1;
                for e164 in &r.contacts {
                    let mut ph =
                        Fragment::new(m, "Phone", format!("phone-{e164}")).map_err(|e| bad(&e))?;
                    ph.grading = grading;
                    ph.add("number", e164).map_err(|e| bad(&e))?;
                    w.put(&ph)?;
                    phones.insert(e164.clone());
                }
            }
            Ok(())
        };
        if let Err(e) = run() {
            failure = Some(e);
        }
        Ok(())
    });
    res?;
    if let Some(e) = failure {
        return Err(e);
    }
    let source = match audit {
        Some(a) => w.commit_audited(posts, &a)?,
        None => w.commit(posts)?,
    };
    Ok(ImportSummary {
        source,
        posts,
        adverts,
        phones: phones.len() as u64,
    })
}
