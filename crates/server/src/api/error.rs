//! Errors as JSON: `{"error": {"code": ..., "message": ...}}` with a fitting status.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answered to the client.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: &'static str,
    /// Human-readable message.
    pub message: String,
}

/// The body of every error response.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Code and message of an error.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable code, e.g. `not_found`, `forbidden`, `bad_request`.
    pub code: String,
    /// What went wrong.
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400: the request is malformed or out of bounds.
    pub fn bad_request(m: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", m)
    }

    /// 401: not logged in, or the session ended.
    pub fn unauthorized(m: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", m)
    }

    /// 403: logged in, but the role does not allow it.
    pub fn forbidden(m: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", m)
    }

    /// 404: nothing there (or nothing this user may see: the two are indistinguishable).
    pub fn not_found(m: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", m)
    }

    /// 409: conflicts with what exists.
    pub fn conflict(m: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", m)
    }

    /// 423: the account is locked.
    pub fn locked(m: impl Into<String>) -> Self {
        Self::new(StatusCode::LOCKED, "locked", m)
    }

    /// 503: the server cannot take the request now.
    pub fn unavailable(m: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", m)
    }

    /// 500: our fault; the message is generic, the detail goes to the log.
    pub fn internal(m: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", m)
    }

    /// 413: the request body is larger than the endpoint accepts.
    pub fn too_large(m: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", m)
    }

    /// 503: the query ran past its time limit and was stopped.
    pub fn timeout(m: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "timeout", m)
    }

    /// 501: the feature asked for runs on SQLite databases only so far (README, PostgreSQL).
    pub fn not_on_postgres() -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            "not_on_postgres",
            "not available on PostgreSQL yet: this part of Kingpin runs on SQLite databases \
             only so far (see the README's PostgreSQL section for what is served)",
        )
    }
}

/// Stable code of an error status that did not come from an [`ApiError`].
fn code_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        413 => "too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable",
        s if s >= 500 => "internal",
        _ => "bad_request",
    }
}

/// Rewrites error responses that are not JSON yet (the framework's own rejections: malformed
/// JSON or query strings, a body over the limit, a wrong method) into the `ErrorBody` shape,
/// so every error a client sees has a code and a message.
pub async fn json_errors(r: Response) -> Response {
    let status = r.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return r;
    }
    let is_json = r
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return r;
    }
    let (parts, body) = r.into_parts();
    let text = axum::body::to_bytes(body, 8 << 10)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    let mut out = ApiError::new(status, code_of(status), message).into_response();
    // Keep what the framework said besides the body (e.g. `Allow` on 405).
    for (k, v) in parts.headers.iter() {
        if k != axum::http::header::CONTENT_TYPE && k != axum::http::header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out.extensions_mut().extend(parts.extensions);
    out
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
            },
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<kingpin_store::StoreError> for ApiError {
    fn from(e: kingpin_store::StoreError) -> Self {
        if let kingpin_store::StoreError::Postgres(p) = &e
            && p.code() == Some(&postgres::error::SqlState::QUERY_CANCELED)
        {
            return ApiError::timeout(e.to_string());
        }
        tracing::error!("store: {e}");
        ApiError::internal(format!("store: {e}"))
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!("database: {e}");
        ApiError::internal(format!("database: {e}"))
    }
}

impl From<kingpin_sql::Error> for ApiError {
    fn from(e: kingpin_sql::Error) -> Self {
        if e.is_cancelled() {
            return ApiError::timeout(e.to_string());
        }
        tracing::error!("database: {e}");
        ApiError::internal(format!("database: {e}"))
    }
}

impl From<crate::identity::IdentityError> for ApiError {
    fn from(e: crate::identity::IdentityError) -> Self {
        use crate::identity::IdentityError as E;
        match e {
            E::BadCredentials | E::Disabled => ApiError::unauthorized(e.to_string()),
            E::Locked(_) => ApiError::locked(e.to_string()),
            E::Invalid(m) => ApiError::bad_request(m),
            E::Sql(s) => s.into(),
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::bad_request(format!("{e:#}"))
    }
}
