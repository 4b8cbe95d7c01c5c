//! The analysts' web UI: the front end built from `web/` (Vite) is served from a directory at
//! `/` and `/assets/`. Nothing is fetched from elsewhere: the content security policy allows
//! this origin only, so a page that tried to load a CDN script would be refused by the browser.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::path::{Component, PathBuf};
use std::sync::Arc;

/// Sent with every page and asset: this origin only (images also as data:/blob: URLs, which
/// the chart's PNG export makes; inline styles, which the graph library sets on its canvas).
const CSP: &str = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; \
                   connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
                   form-action 'self'";

/// Where the built front end is looked for when none is given: `web/dist` under the working
/// directory or any of its parents, then beside the executable's ancestors (a cargo build in a
/// checkout runs from `target/<profile>/`).
pub fn find_dist() -> Option<PathBuf> {
    let mut starts = Vec::new();
    if let Ok(d) = std::env::current_dir() {
        starts.push(d);
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(d) = exe.parent()
    {
        starts.push(d.to_path_buf());
    }
    starts.iter().find_map(|s| {
        s.ancestors()
            .map(|a| a.join("web").join("dist"))
            .find(|d| d.join("index.html").is_file())
    })
}

/// Routes serving the UI from `dist` (or, when it is missing, a page saying how to build it).
pub fn routes(dist: Option<PathBuf>) -> Router {
    let dist = Arc::new(dist);
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/assets/{*file}", get(asset))
        .with_state(dist)
}

fn secured(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

async fn index(State(dist): State<Arc<Option<PathBuf>>>) -> Response {
    let page = match dist.as_ref() {
        Some(d) => read(d.join("index.html")).await,
        None => None,
    };
    let r = match page {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            bytes,
        )
            .into_response(),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><title>Kingpin</title><h1>The web UI is not built</h1>\
             <p>Build it once with <code>npm --prefix web ci &amp;&amp; npm --prefix web run build</code> \
             in the Kingpin checkout, or give <code>kingpin serve --web DIR</code>. \
             The JSON API is at <a href=\"/openapi.json\">/openapi.json</a>.</p>",
        )
            .into_response(),
    };
    secured(r)
}

async fn asset(State(dist): State<Arc<Option<PathBuf>>>, Path(file): Path<String>) -> Response {
    let rel = std::path::Path::new(&file);
    // Only plain names below assets/: no `..`, no absolute paths, no drive prefixes.
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let body = match dist.as_ref() {
        Some(d) if plain => read(d.join("assets").join(rel)).await,
        _ => None,
    };
    let Some(bytes) = body else {
        return secured(StatusCode::NOT_FOUND.into_response());
    };
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    let r = (
        [
            (header::CONTENT_TYPE, content_type(ext)),
            // File names carry a content hash, so they never change.
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response();
    secured(r)
}

async fn read(path: PathBuf) -> Option<Vec<u8>> {
    tokio::task::spawn_blocking(move || std::fs::read(path).ok())
        .await
        .ok()
        .flatten()
}

fn content_type(ext: &str) -> &'static str {
    match ext {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" | "map" => "application/json",
        "woff2" => "font/woff2",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(content_type("js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("exe"), "application/octet-stream");
    }
}
