//! Labelled posts of a generated scenario (`kingpin scenario`): `posts.jsonl` holds the posts
//! as a capture tool exports them, `truth_posts.jsonl` the labels importers never read.

use crate::evaluate::Labelled;
use crate::post::{PostError, read_posts};
use std::collections::HashMap;
use std::path::Path;

/// Reads a scenario directory's posts and joins them with their labels.
pub fn load(dir: &Path) -> Result<Vec<Labelled>, PostError> {
    let posts = read_posts(&dir.join("posts.jsonl"))?;
    let truth_path = dir.join("truth_posts.jsonl");
    let file = truth_path.display().to_string();
    let text = std::fs::read_to_string(&truth_path).map_err(|e| PostError {
        file: file.clone(),
        line: 0,
        field: "-".into(),
        message: e.to_string(),
    })?;
    let mut labels: HashMap<String, (String, bool, Vec<String>, String)> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let err = |field: &str, message: String| PostError {
            file: file.clone(),
            line: i as u64 + 1,
            field: field.into(),
            message,
        };
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| err("-", e.to_string()))?;
        let id = v["post_id"]
            .as_str()
            .ok_or_else(|| err("post_id", "missing".into()))?;
        let lang = v["lang"]
            .as_str()
            .ok_or_else(|| err("lang", "missing".into()))?;
        let adv = v["is_advert"]
            .as_bool()
            .ok_or_else(|| err("is_advert", "missing".into()))?;
        let phones = v["phones"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let cat = v["category"].as_str().unwrap_or("other").to_string();
        labels.insert(id.to_string(), (lang.to_string(), adv, phones, cat));
    }
    Ok(posts
        .into_iter()
        .filter_map(|post| {
            let (lang, is_advert, phones, category) = labels.remove(&post.post_id)?;
            Some(Labelled {
                post,
                lang,
                is_advert,
                phones,
                category,
            })
        })
        .collect())
}
