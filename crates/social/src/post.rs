//! Posts as platforms' data returns and capture tools export them: one JSON object a line.
//!
//! Field names differ between tools, so each field accepts a few aliases (`text`, `content`,
//! `body`, `message`...). Unknown fields are ignored. A bad line is an error naming the file,
//! the line and the field.

use serde::Serialize;
use serde_json::{Map, Value};
use std::io::BufRead;
use std::path::Path;

/// One post and the account that made it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Post {
    /// Platform (`facebook`, `tiktok`, `telegram`...), lower case.
    pub platform: String,
    /// The platform's account id, when the export has one.
    pub account_id: String,
    /// The account's handle (username), without `@`.
    pub handle: String,
    /// The account's display name.
    pub display_name: String,
    /// The platform's post id (required).
    pub post_id: String,
    /// When it was posted, as given (ISO 8601 expected).
    pub time: String,
    /// The post's text.
    pub text: String,
    /// Links attached to the post.
    pub links: Vec<String>,
    /// Hashes of attached images and videos (perceptual or cryptographic, as the tool gives).
    pub media_hashes: Vec<String>,
    /// The post's URL.
    pub url: String,
    /// The account's profile URL.
    pub account_url: String,
}

/// A line that is not a post.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {field}: {message}")]
pub struct PostError {
    /// The file read.
    pub file: String,
    /// Line number, from 1.
    pub line: u64,
    /// The field at fault (`-` for the line as a whole).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

const ALIASES: &[(&str, &[&str])] = &[
    ("platform", &["platform", "service", "network", "source"]),
    (
        "account_id",
        &["account_id", "author_id", "user_id", "owner_id"],
    ),
    (
        "handle",
        &[
            "handle",
            "username",
            "account",
            "author",
            "user",
            "screen_name",
        ],
    ),
    (
        "display_name",
        &["display_name", "name", "author_name", "full_name"],
    ),
    ("post_id", &["post_id", "id", "message_id", "video_id"]),
    (
        "time",
        &["time", "posted_at", "created_at", "timestamp", "date"],
    ),
    (
        "text",
        &[
            "text",
            "content",
            "body",
            "message",
            "caption",
            "description",
        ],
    ),
    ("links", &["links", "urls", "outlinks"]),
    (
        "media_hashes",
        &["media_hashes", "media", "image_hashes", "phash"],
    ),
    ("url", &["url", "post_url", "permalink", "link"]),
    ("account_url", &["account_url", "profile_url", "author_url"]),
];

fn field<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<(&'static str, &'a Value)> {
    let (_, aliases) = ALIASES.iter().find(|(n, _)| *n == name)?;
    aliases
        .iter()
        .find_map(|a| obj.get(*a).filter(|v| !v.is_null()).map(|v| (*a, v)))
}

/// A scalar as text: strings as they are, numbers (ids, epoch times) in decimal.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Parses one line. `Ok(None)` for a blank line.
pub fn parse_line(line: &str, file: &str, n: u64) -> Result<Option<Post>, PostError> {
    let err = |field: &str, message: String| PostError {
        file: file.to_string(),
        line: n,
        field: field.to_string(),
        message,
    };
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    let v: Value = serde_json::from_str(line).map_err(|e| err("-", format!("not JSON: {e}")))?;
    let Value::Object(obj) = v else {
        return Err(err("-", "expected a JSON object".into()));
    };
    let mut p = Post::default();
    for name in [
        "platform",
        "account_id",
        "handle",
        "display_name",
        "post_id",
        "time",
        "text",
        "url",
        "account_url",
    ] {
        let Some((alias, v)) = field(&obj, name) else {
            continue;
        };
        // An author given as an object ({"id":…, "username":…}) is common in exports.
        if let (Value::Object(o), "handle") = (v, name) {
            if let Some(h) = o
                .get("username")
                .or_else(|| o.get("handle"))
                .and_then(scalar)
            {
                p.handle = h;
            }
            if let Some(i) = o.get("id").and_then(scalar) {
                p.account_id = i;
            }
            if let Some(d) = o
                .get("name")
                .or_else(|| o.get("display_name"))
                .and_then(scalar)
            {
                p.display_name = d;
            }
            continue;
        }
        let s = scalar(v).ok_or_else(|| err(alias, "expected a string or number".into()))?;
        let slot = match name {
            "platform" => &mut p.platform,
            "account_id" => &mut p.account_id,
            "handle" => &mut p.handle,
            "display_name" => &mut p.display_name,
            "post_id" => &mut p.post_id,
            "time" => &mut p.time,
            "text" => &mut p.text,
            "url" => &mut p.url,
            _ => &mut p.account_url,
        };
        *slot = s;
    }
    for name in ["links", "media_hashes"] {
        let Some((alias, v)) = field(&obj, name) else {
            continue;
        };
        let list = match v {
            Value::Array(a) => a
                .iter()
                .map(|x| match x {
                    // Media objects ({"hash": …, "url": …}) give their hash or URL.
                    Value::Object(o) => o
                        .get("hash")
                        .or_else(|| o.get("phash"))
                        .or_else(|| o.get("url"))
                        .and_then(scalar),
                    other => scalar(other),
                })
                .collect::<Option<Vec<String>>>()
                .ok_or_else(|| err(alias, "expected an array of strings".into()))?,
            other => vec![
                scalar(other).ok_or_else(|| err(alias, "expected an array of strings".into()))?,
            ],
        };
        if name == "links" {
            p.links = list;
        } else {
            p.media_hashes = list;
        }
    }
    p.platform = p.platform.trim().to_lowercase();
    p.handle = p.handle.trim().trim_start_matches('@').to_string();
    if p.post_id.trim().is_empty() {
        return Err(err(
            "post_id",
            "missing: every post needs an id (post_id or id)".into(),
        ));
    }
    Ok(Some(p))
}

/// Reads every post of a JSON-lines file, or the first error.
pub fn read_posts(path: &Path) -> Result<Vec<Post>, PostError> {
    let mut out = Vec::new();
    for_each_post(path, &mut |p| {
        out.push(p);
        Ok(())
    })?;
    Ok(out)
}

/// Streams the posts of a JSON-lines file to `f`, stopping at the first error.
pub fn for_each_post(
    path: &Path,
    f: &mut dyn FnMut(Post) -> Result<(), PostError>,
) -> Result<(), PostError> {
    let file = path.display().to_string();
    let io = |e: std::io::Error, line| PostError {
        file: file.clone(),
        line,
        field: "-".into(),
        message: e.to_string(),
    };
    let r = std::fs::File::open(path).map_err(|e| io(e, 0))?;
    let mut r = std::io::BufReader::new(r);
    let mut buf = String::new();
    let mut n = 0;
    loop {
        buf.clear();
        n += 1;
        if r.read_line(&mut buf).map_err(|e| io(e, n))? == 0 {
            return Ok(());
        }
        if let Some(p) = parse_line(&buf, &file, n)? {
            f(p)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn aliases_and_nested_authors() {
        let p = parse_line(
            r#"{"id": 17, "author": {"id": "u9", "username": "@safar_uk", "name": "Safar"}, "content": "hi", "media": [{"hash": "ab12"}], "urls": ["https://wa.me/447700900123"], "service": "TikTok"}"#,
            "f",
            1,
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.post_id, "17");
        assert_eq!(p.handle, "safar_uk");
        assert_eq!(p.account_id, "u9");
        assert_eq!(p.display_name, "Safar");
        assert_eq!(p.text, "hi");
        assert_eq!(p.platform, "tiktok");
        assert_eq!(p.media_hashes, ["ab12"]);
        assert_eq!(p.links, ["https://wa.me/447700900123"]);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = parse_line(r#"{"post_id": "1", "text": [1]}"#, "posts.jsonl", 7).unwrap_err();
        assert_eq!(
            e.to_string(),
            "posts.jsonl:7: text: expected a string or number"
        );
        let e = parse_line(r#"{"text": "x"}"#, "p", 2).unwrap_err();
        assert_eq!(e.field, "post_id");
        let e = parse_line("{nope", "p", 3).unwrap_err();
        assert!(e.to_string().starts_with("p:3: -: not JSON"));
        assert!(parse_line("  \n", "p", 4).unwrap().is_none());
        let e = parse_line(r#"{"id": "1", "links": [{"x": 1}]}"#, "p", 5).unwrap_err();
        assert_eq!(e.field, "links");
    }

    proptest! {
        #[test]
        fn never_panics_on_any_line(s in "\\PC{0,200}") {
            let _ = parse_line(&s, "p", 1);
        }

        #[test]
        fn never_panics_on_json_shaped_lines(
            keys in proptest::collection::vec("(id|post_id|text|links|media|author|time|handle)", 0..6),
            vals in proptest::collection::vec(prop_oneof![
                Just("1".to_string()), Just("\"x\"".to_string()), Just("[]".to_string()),
                Just("[1,\"a\"]".to_string()), Just("{}".to_string()), Just("null".to_string()),
                Just("{\"username\":5}".to_string()), "\"\\PC{0,20}\"".prop_map(|s| serde_json::to_string(&s).unwrap()),
            ], 0..6),
        ) {
            let body: Vec<String> = keys.iter().zip(&vals).map(|(k, v)| format!("\"{k}\":{v}")).collect();
            let _ = parse_line(&format!("{{{}}}", body.join(",")), "p", 1);
        }

        #[test]
        fn round_trips_written_posts(id in "[a-z0-9]{1,12}", text in "\\PC{0,80}", handle in "[a-z_]{1,15}",
                                     links in proptest::collection::vec("[a-z:/.]{1,20}", 0..3)) {
            let line = serde_json::json!({"post_id": id, "text": text, "handle": handle, "links": links}).to_string();
            let p = parse_line(&line, "p", 1).unwrap().unwrap();
            prop_assert_eq!(p.post_id, id);
            prop_assert_eq!(p.text, text);
            prop_assert_eq!(p.handle, handle);
            prop_assert_eq!(p.links, links);
        }
    }
}
