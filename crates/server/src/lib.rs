//! Kingpin's multi-agency server: a JSON API over the store and the analytics, with users and
//! sessions, need-to-know access control (owner agency, releasability, investigations), and an
//! audit record of every request.
//!
//! Invariant: every read goes through the caller's [`kingpin_store::View`]; nothing a user may
//! not see reaches them, whether as a statement, a search hit, a neighbour, a count, a path,
//! a ranking or an export.

pub mod access;
pub mod analysis;
pub mod api;
pub mod audit_sink;
pub mod db;
pub mod deconflict;
pub mod identity;
pub mod investigations;
pub mod openapi;
pub mod roles;
pub mod tables;
pub mod web;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// How long a request's database work may run by default.
pub const DEFAULT_QUERY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database file (the same the command line uses).
    pub db: PathBuf,
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Lock-out and session settings.
    pub policy: identity::Policy,
    /// Database connections (and so blocking queries) at once.
    pub connections: usize,
    /// Longest a request's database work may run before it is stopped (503 `timeout`).
    pub query_timeout: std::time::Duration,
    /// Mark the session cookie `Secure` (serve behind TLS).
    pub secure_cookie: bool,
    /// Largest upload accepted, in bytes.
    pub max_upload: usize,
    /// The built web UI (`web/dist`) served at `/`; `None`: a page saying how to build it.
    pub web: Option<PathBuf>,
    /// The exhibit vault (digital copies of exhibits); `None`: beside a SQLite database file
    /// (`<db>.exhibits`), and none on PostgreSQL, where uploads and the integrity check then
    /// answer 503 saying to configure one.
    pub vault: Option<PathBuf>,
}

/// Builds the application state and router on a database.
pub fn app(config: &Config) -> anyhow::Result<(axum::Router, Arc<api::AppState>)> {
    let db = db::Db::open(config.db.clone(), config.connections, config.query_timeout)?;
    let audit = audit_sink::AuditSink::start(&config.db)?;
    let vault = match &config.vault {
        Some(dir) => Some(kingpin_cases::vault::Vault::new(dir)),
        None if db.is_postgres() => None,
        None => Some(kingpin_cases::vault::Vault::beside(&config.db)),
    };
    let state = Arc::new(api::AppState {
        db,
        audit,
        policy: config.policy,
        views: access::ViewCache::default(),
        secure_cookie: config.secure_cookie,
        analyses: analysis::AnalysisCache::default(),
        max_upload: config.max_upload,
        vault,
    });
    let router = api::router(state.clone()).merge(web::routes(config.web.clone()));
    Ok((router, state))
}

/// Serves until Ctrl-C or SIGTERM; requests in flight are finished (and their writes and audit
/// records committed) before it returns. `ready` is called with the bound address.
pub fn serve(config: Config, ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(config.connections.max(1) * 2 + 4)
        .build()?;
    // Built and dropped outside the runtime: PostgreSQL's sync client runs its own runtime to
    // connect and to close, which must not happen on a thread driving async tasks.
    let (router, state) = app(&config)?;
    let served = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.listen).await?;
        ready(listener.local_addr()?);
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await?;
        anyhow::Ok(())
    });
    drop(state);
    served
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
