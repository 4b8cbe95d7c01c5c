//! Login, logout and who am I.

use super::{AuditActor, Auth, COOKIE, Shared, noted};
use crate::api::error::{ApiError, ErrorBody};
use crate::identity::{self, NewSession, User};
use crate::roles::Permission;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use kingpin_store::View;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// User name.
    pub user: String,
    /// Password.
    pub password: String,
}

/// Log in: answers a bearer token and sets it as an HttpOnly cookie. Repeated failures lock
/// the account for a while (423).
#[utoipa::path(post, path = "/api/login", request_body = LoginRequest, tag = "session",
    responses((status = 200, body = NewSession), (status = 401, body = ErrorBody),
              (status = 423, body = ErrorBody)))]
pub async fn login(State(state): State<Shared>, Json(req): Json<LoginRequest>) -> Response {
    let name = req.user.clone();
    let policy = state.policy;
    let result = state
        .db
        .run_any(View::sources(Vec::new()), move |store| {
            Ok(identity::login(
                &mut store.sql(),
                &req.user,
                &req.password,
                &policy,
            )?)
        })
        .await;
    let mut response = match result {
        Ok(s) => {
            let secure = if state.secure_cookie { "; Secure" } else { "" };
            let cookie = format!(
                "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}",
                s.token, state.policy.session_secs
            );
            let mut r = Json(s).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            noted(r, serde_json::json!({ "login": "ok" }))
        }
        Err(e) => {
            let why = e.code;
            noted(e.into_response(), serde_json::json!({ "login": why }))
        }
    };
    response.extensions_mut().insert(AuditActor { name });
    response
}

/// Log out: ends the session and clears the cookie.
#[utoipa::path(post, path = "/api/logout", tag = "session",
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(
    State(state): State<Shared>,
    auth: Auth,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let _ = auth;
    let token = super::token_of(&headers).unwrap_or_default();
    state
        .db
        .run_any(View::sources(Vec::new()), move |store| {
            Ok(identity::logout(&mut store.sql(), &token)?)
        })
        .await?;
    let mut r = axum::http::StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("kingpin_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    Ok(r)
}

/// The caller: user, role, permissions and investigations.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// The user.
    pub user: User,
    /// What the role allows.
    pub permissions: Vec<Permission>,
    /// Investigations the user is a member of.
    pub investigations: Vec<String>,
}

/// Who am I.
#[utoipa::path(get, path = "/api/me", tag = "session",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(auth: Auth) -> Json<Me> {
    let p = auth.0;
    Json(Me {
        permissions: p.user.role.permissions(),
        investigations: p.compartments,
        user: p.user,
    })
}
