//! `kingpin demo --serve`: the demo's database with need-to-know handling, demo accounts and
//! an investigation, then the server with the web UI, so a new user sees the scenario at once.

use kingpin_server::roles::Role;
use kingpin_server::{Config, identity, identity::Policy, investigations, tables};
use kingpin_store::{Handling, SqliteStore};
use std::net::SocketAddr;
use std::path::Path;

/// The demo accounts' password (printed at start; the demo is for a laptop, not for service).
pub const DEMO_PASSWORD: &str = "kingpin-demo";

/// The demo's investigation.
pub const DEMO_INVESTIGATION: &str = "op-kestrel";

/// Demo accounts: (name, agency, role).
pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("nca.investigator", "NCA", Role::Investigator),
    ("nca.examiner", "NCA", Role::DocumentExaminer),
    ("krg.analyst", "KRG", Role::Analyst),
];

/// Sources the demo keeps UK-only (NCA); the rest are released to the KRG partner.
const UK_ONLY: &[&str] = &["transfers"];

/// The handling the demo gives a source: owned by the NCA, released to the KRG unless UK-only.
pub fn demo_handling(source: &str) -> Handling {
    Handling {
        agency: "NCA".into(),
        releasable_to: if UK_ONLY.contains(&source) {
            Vec::new()
        } else {
            vec!["KRG".into()]
        },
        compartment: None,
    }
}

/// Adds the demo accounts and investigation to a fresh demo database.
pub fn add_accounts(db: &Path) -> anyhow::Result<()> {
    let store = SqliteStore::open(db)?;
    tables::ensure(store.connection())?;
    let conn = &mut kingpin_sql::Conn::from(store.connection());
    investigations::add(conn, DEMO_INVESTIGATION, "NCA", "kestrel.lead@nca")?;
    for (name, agency, role) in DEMO_USERS {
        identity::add_user(conn, name, agency, *role, DEMO_PASSWORD, "")?;
        if *agency == "NCA" {
            investigations::set_member(conn, DEMO_INVESTIGATION, name, false)?;
        }
    }
    Ok(())
}

/// Serves the demo database with the web UI until Ctrl-C.
pub fn serve(db: &Path, listen: SocketAddr) -> anyhow::Result<()> {
    add_accounts(db)?;
    let config = Config {
        db: db.to_path_buf(),
        listen,
        policy: Policy {
            max_failures: 5,
            lockout_secs: 900,
            session_secs: 8 * 3600,
        },
        connections: 8,
        query_timeout: kingpin_server::DEFAULT_QUERY_TIMEOUT,
        secure_cookie: false,
        max_upload: 256 << 20,
        web: kingpin_server::web::find_dist(),
        vault: None,
    };
    let built = config.web.is_some();
    kingpin_server::serve(config, |addr| {
        println!("\n5. the web UI: http://{addr}/  (Ctrl-C to stop)");
        for (name, agency, role) in DEMO_USERS {
            println!("   sign in as {name:<17} ({agency} {role}), password {DEMO_PASSWORD}");
        }
        println!(
            "   the KRG analyst does not see the UK-only source ({})",
            UK_ONLY.join(", ")
        );
        if !built {
            println!(
                "   (the web UI is not built yet: npm --prefix web ci && npm --prefix web run build)"
            );
        }
        println!("listening on http://{addr}");
    })
}
