//! `kingpin serve`: the multi-agency HTTP API on the same database file.

use super::common::DbArgs;
use kingpin_server::{Config, identity::Policy};
use std::net::SocketAddr;
use std::process::ExitCode;

/// Options of `kingpin serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: DbArgs,
    /// A PostgreSQL database to serve instead of the --db file: `postgres://user@host/db`
    /// (add `?options=-csearch_path%3Dname` for a schema of its own).
    #[arg(long, env = "KINGPIN_DATABASE")]
    database: Option<String>,
    /// Address to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Database connections used at once.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Longest a request's database work may run, in seconds; past it the query is stopped
    /// and answered 503 `timeout`.
    #[arg(long, default_value_t = 60.0)]
    query_timeout_secs: f64,
    /// Session lifetime in seconds.
    #[arg(long, default_value_t = 8 * 3600)]
    session_secs: i64,
    /// Failed logins in a row that lock an account.
    #[arg(long, default_value_t = 5)]
    max_failures: i64,
    /// How long a lock-out lasts, in seconds.
    #[arg(long, default_value_t = 900)]
    lockout_secs: i64,
    /// Mark the session cookie Secure (when served behind TLS).
    #[arg(long)]
    secure_cookie: bool,
    /// Largest upload (import) accepted, in MiB.
    #[arg(long, default_value_t = 256)]
    max_upload_mib: usize,
    /// The built web UI to serve at / (default: `web/dist` found from the working directory
    /// or the executable's location).
    #[arg(long, env = "KINGPIN_WEB")]
    web: Option<std::path::PathBuf>,
    /// Directory keeping exhibits' digital copies (default: `<db file>.exhibits` beside a
    /// SQLite database; a PostgreSQL database needs one for uploads and integrity checks).
    #[arg(long, env = "KINGPIN_VAULT")]
    vault: Option<std::path::PathBuf>,
}

/// Runs the server until Ctrl-C or SIGTERM.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let config = Config {
        db: match a.database {
            Some(url) if !kingpin_store::is_postgres_url(&url) => {
                anyhow::bail!("--database takes a postgres:// URL; give a file with --db")
            }
            Some(url) => url.into(),
            None => a.db.db.clone(),
        },
        listen: a.listen,
        policy: Policy {
            max_failures: a.max_failures,
            lockout_secs: a.lockout_secs,
            session_secs: a.session_secs,
        },
        connections: a.connections,
        query_timeout: std::time::Duration::try_from_secs_f64(a.query_timeout_secs)
            .ok()
            .filter(|d| !d.is_zero())
            .ok_or_else(|| anyhow::anyhow!("--query-timeout-secs must be a positive number"))?,
        secure_cookie: a.secure_cookie,
        max_upload: a.max_upload_mib << 20,
        web: a.web.or_else(kingpin_server::web::find_dist),
        vault: a.vault,
    };
    kingpin_server::serve(config, |addr| {
        // Scripts and tests read this line to find the port.
        println!("listening on http://{addr}");
    })?;
    Ok(ExitCode::SUCCESS)
}
