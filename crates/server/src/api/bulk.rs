//! Bulk in and out: imports by upload (owned by the uploader's agency) and exports of what the
//! caller can see.

use super::{Auth, Shared, noted};
use crate::api::error::{ApiError, ErrorBody};
use crate::roles::Permission;
use axum::Json;
use axum::extract::{Multipart, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kingpin_ingest::{ImportOptions, Mapping, csv_import::import_csv, ftm::import_ftm};
use kingpin_store::{AuditEntry, Handling};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Largest export answered, in bytes; beyond, use the command line on the server.
pub const MAX_EXPORT_BYTES: usize = 512 << 20;

/// Export parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `ftm` (FollowTheMoney JSON lines, the default) or `statements` (CSV).
    pub format: Option<String>,
}

/// Everything the caller can see, as FtM JSON lines or statements CSV.
#[utoipa::path(get, path = "/api/export", tag = "bulk", params(ExportQuery),
    responses((status = 200, description = "the export", content_type = "application/x-ndjson"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
pub async fn export(
    State(state): State<Shared>,
    auth: Auth,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Export)?;
    let format = q.format.unwrap_or_else(|| "ftm".into());
    let csv = match format.as_str() {
        "ftm" => false,
        "statements" => true,
        other => {
            return Err(ApiError::bad_request(format!(
                "format {other:?}: ftm or statements"
            )));
        }
    };
    let (bytes, n) = state
        .db
        .run_any(p.view, move |store| {
            let mut out = Vec::new();
            let n = if csv {
                kingpin_ingest::statements::export_statements(store, &mut out)
            } else {
                kingpin_ingest::ftm::export_ftm(store, &mut out, false)
            }
            .map_err(|e| ApiError::internal(format!("export: {e}")))?;
            if out.len() > MAX_EXPORT_BYTES {
                return Err(ApiError::bad_request(
                    "the export is too large for the API; ask an administrator",
                ));
            }
            Ok((out, n))
        })
        .await?;
    let ctype = if csv {
        "text/csv"
    } else {
        "application/x-ndjson"
    };
    let r = ([(header::CONTENT_TYPE, ctype)], bytes).into_response();
    Ok(noted(
        r,
        serde_json::json!({ "format": format, "records": n }),
    ))
}

/// What an upload imported.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportOut {
    /// Source number.
    pub source_id: i64,
    /// Source name.
    pub source: String,
    /// Rows read.
    pub rows: u64,
    /// Statements added.
    pub statements: u64,
    /// Owner agency (the uploader's).
    pub agency: String,
    /// Released to.
    pub releasable_to: Vec<String>,
    /// Investigation.
    pub investigation: Option<String>,
    /// Investigations of other agencies now sharing identifiers with this one (see
    /// `/api/deconfliction`).
    pub deconfliction_alerts: usize,
}

/// Upload form (multipart).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ImportForm {
    /// The file: CSV (with `mapping`) or FtM JSON lines.
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: Vec<u8>,
    /// `csv` or `ftm` (default: from the file name).
    format: Option<String>,
    /// The CSV mapping (TOML text).
    mapping: Option<String>,
    /// Source name.
    source: Option<String>,
    /// Agencies to release to besides yours, comma-separated (`*`: all).
    releasable_to: Option<String>,
    /// Investigation (you must be a member).
    investigation: Option<String>,
}

#[derive(Default)]
struct Upload {
    file: Option<(String, Vec<u8>)>,
    format: Option<String>,
    mapping: Option<String>,
    source: Option<String>,
    releasable_to: Option<String>,
    investigation: Option<String>,
}

async fn read_form(mut m: Multipart) -> Result<Upload, ApiError> {
    let mut u = Upload::default();
    let bad = |e: axum::extract::multipart::MultipartError| ApiError::bad_request(e.body_text());
    while let Some(field) = m.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                let fname = field.file_name().unwrap_or("upload").to_string();
                u.file = Some((fname, field.bytes().await.map_err(bad)?.to_vec()));
            }
            "format" | "mapping" | "source" | "releasable_to" | "investigation" => {
                let text = field.text().await.map_err(bad)?;
                let slot = match name.as_str() {
                    "format" => &mut u.format,
                    "mapping" => &mut u.mapping,
                    "source" => &mut u.source,
                    "releasable_to" => &mut u.releasable_to,
                    _ => &mut u.investigation,
                };
                *slot = Some(text).filter(|t| !t.trim().is_empty());
            }
            other => return Err(ApiError::bad_request(format!("unknown field {other:?}"))),
        }
    }
    Ok(u)
}

/// A file name safe to create in a fresh directory.
pub(crate) fn safe_name(name: &str) -> String {
    let base: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("upload")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if base.trim_matches('.').is_empty() {
        "upload".into()
    } else {
        base
    }
}

/// Import a file as a new source owned by the caller's agency; all or nothing.
#[utoipa::path(post, path = "/api/imports", tag = "bulk",
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses((status = 200, body = ImportOut), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 413, description = "upload too large")))]
pub async fn import(
    State(state): State<Shared>,
    auth: Auth,
    form: Multipart,
) -> Result<Response, ApiError> {
    let p = auth.require(Permission::Import)?;
    let u = read_form(form).await?;
    let (fname, data) = u
        .file
        .ok_or_else(|| ApiError::bad_request("the form has no file field"))?;
    let fname = safe_name(&fname);
    let csv = match u.format.as_deref() {
        Some("csv") => true,
        Some("ftm") => false,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "format {other:?}: csv or ftm"
            )));
        }
        None => fname.ends_with(".csv") || fname.ends_with(".tsv"),
    };
    if let Some(inv) = &u.investigation
        && !p.compartments.contains(inv)
    {
        return Err(ApiError::forbidden(format!(
            "you are not a member of investigation {inv:?}"
        )));
    }
    let handling = Handling {
        agency: p.user.agency.clone(),
        releasable_to: Handling::parse_releasable(u.releasable_to.as_deref().unwrap_or("")),
        compartment: u.investigation.clone(),
    };
    let who = kingpin_audit::Actor {
        actor: p.user.name.clone(),
        agency: p.user.agency.clone(),
        origin: "api".into(),
    };
    let mapping_text = u.mapping;
    let source = u.source;
    let h = handling.clone();
    let out = state
        .db
        .run(p.view, move |store| {
            let dir = tempfile::tempdir().map_err(|e| ApiError::internal(e.to_string()))?;
            let path = dir.path().join(&fname);
            std::fs::write(&path, &data).map_err(|e| ApiError::internal(e.to_string()))?;
            let opts = ImportOptions {
                source_name: source.or_else(|| Some(fname.clone())),
                audit: Some(AuditEntry {
                    who,
                    action: "import".into(),
                    target: fname.clone(),
                    detail: serde_json::json!({ "file": fname, "agency": h.agency,
                        "releasable_to": h.releasable_to, "investigation": h.compartment }),
                }),
                ..ImportOptions::default()
            };
            store.set_handling(h.clone());
            let report = if csv {
                let text = mapping_text
                    .ok_or_else(|| ApiError::bad_request("a CSV upload needs a mapping field"))?;
                let mapping = Mapping::parse(&text, std::path::Path::new("mapping.toml"))
                    .map_err(|e| ApiError::bad_request(e.to_string()))?;
                import_csv(store, &path, &mapping, &opts, &mut |_| {})
            } else {
                import_ftm(store, &path, &opts, &mut |_| {})
            };
            store.set_handling(Handling::default());
            let report = report.map_err(|e| {
                ApiError::bad_request(format!("{e}; nothing from {fname} was imported"))
            })?;
            let alerts = if h.compartment.is_some() {
                crate::deconflict::refresh(store.connection())?
            } else {
                0
            };
            Ok(ImportOut {
                source_id: report.source.id,
                source: report.source.name,
                rows: report.source.rows,
                statements: report.source.statements,
                agency: h.agency,
                releasable_to: h.releasable_to,
                investigation: h.compartment,
                deconfliction_alerts: alerts,
            })
        })
        .await?;
    let detail = serde_json::json!({ "source_id": out.source_id, "rows": out.rows });
    Ok(noted(Json(out).into_response(), detail))
}
