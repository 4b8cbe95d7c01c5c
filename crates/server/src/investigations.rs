//! Investigations: compartments whose sources only their members see.

use crate::tables;
use rusqlite::{Connection, params};
use serde::Serialize;

/// One investigation and its members.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Investigation {
    /// Name (the compartment named by imports).
    pub name: String,
    /// Agency leading it.
    pub agency: String,
    /// Whom other agencies should contact about it.
    pub contact: String,
    /// Members (user names).
    pub members: Vec<String>,
}

/// Creates an investigation.
pub fn add(conn: &Connection, name: &str, agency: &str, contact: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        !name.trim().is_empty() && name.len() <= 100,
        "investigation names must have 1-100 characters"
    );
    let at = tables::timestamp(conn)?;
    let n = conn.execute(
        "INSERT OR IGNORE INTO investigation(name, agency, contact, created_at)
         VALUES(?1, ?2, ?3, ?4)",
        params![name, agency, contact, at],
    )?;
    anyhow::ensure!(n == 1, "investigation {name:?} already exists");
    Ok(())
}

/// Adds (or with `remove`, removes) a member.
pub fn set_member(conn: &Connection, name: &str, user: &str, remove: bool) -> anyhow::Result<()> {
    anyhow::ensure!(get(conn, name)?.is_some(), "no investigation {name:?}");
    anyhow::ensure!(
        crate::identity::user(conn, user)?.is_some(),
        "no user {user:?}"
    );
    if remove {
        conn.execute(
            "DELETE FROM investigation_member WHERE investigation = ?1 AND user = ?2",
            params![name, user],
        )?;
    } else {
        conn.execute(
            "INSERT OR IGNORE INTO investigation_member(investigation, user) VALUES(?1, ?2)",
            params![name, user],
        )?;
    }
    Ok(())
}

/// One investigation by name.
pub fn get(conn: &Connection, name: &str) -> rusqlite::Result<Option<Investigation>> {
    Ok(list(conn)?.into_iter().find(|i| i.name == name))
}

/// Every investigation, by name.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Investigation>> {
    let mut q = conn.prepare_cached(
        "SELECT i.name, i.agency, i.contact, m.user FROM investigation i
         LEFT JOIN investigation_member m ON m.investigation = i.name ORDER BY i.name, m.user",
    )?;
    let mut rows = q.query([])?;
    let mut out: Vec<Investigation> = Vec::new();
    while let Some(r) = rows.next()? {
        let name: String = r.get(0)?;
        if out.last().is_none_or(|i| i.name != name) {
            out.push(Investigation {
                name,
                agency: r.get(1)?,
                contact: r.get(2)?,
                members: Vec::new(),
            });
        }
        if let (Some(i), Some(m)) = (out.last_mut(), r.get::<_, Option<String>>(3)?) {
            i.members.push(m);
        }
    }
    Ok(out)
}

/// The investigations a user is a member of.
pub fn memberships(conn: &Connection, user: &str) -> rusqlite::Result<Vec<String>> {
    let mut q = conn.prepare_cached(
        "SELECT investigation FROM investigation_member WHERE user = ?1 ORDER BY investigation",
    )?;
    let rows = q.query_map(params![user], |r| r.get(0))?;
    rows.collect()
}
