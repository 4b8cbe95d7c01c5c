//! Investigations: compartments whose sources only their members see.

use crate::tables;
use kingpin_sql::{Conn, params};
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
pub fn add(conn: &mut Conn<'_>, name: &str, agency: &str, contact: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        !name.trim().is_empty() && name.len() <= 100,
        "investigation names must have 1-100 characters"
    );
    let at = tables::timestamp();
    let n = conn.execute(
        "INSERT INTO investigation(name, agency, contact, created_at)
         VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        params![name, agency, contact, &at],
    )?;
    anyhow::ensure!(n == 1, "investigation {name:?} already exists");
    Ok(())
}

/// Adds (or with `remove`, removes) a member.
pub fn set_member(conn: &mut Conn<'_>, name: &str, user: &str, remove: bool) -> anyhow::Result<()> {
    anyhow::ensure!(get(conn, name)?.is_some(), "no investigation {name:?}");
    anyhow::ensure!(
        crate::identity::user(conn, user)?.is_some(),
        "no user {user:?}"
    );
    if remove {
        conn.execute(
            "DELETE FROM investigation_member WHERE investigation = ?1 AND \"user\" = ?2",
            params![name, user],
        )?;
    } else {
        conn.execute(
            "INSERT INTO investigation_member(investigation, \"user\") VALUES(?1, ?2)
             ON CONFLICT DO NOTHING",
            params![name, user],
        )?;
    }
    Ok(())
}

/// One investigation by name.
pub fn get(conn: &mut Conn<'_>, name: &str) -> kingpin_sql::Result<Option<Investigation>> {
    Ok(list(conn)?.into_iter().find(|i| i.name == name))
}

/// Every investigation, by name.
pub fn list(conn: &mut Conn<'_>) -> kingpin_sql::Result<Vec<Investigation>> {
    let rows = conn.query(
        "SELECT i.name, i.agency, i.contact, m.\"user\" FROM investigation i
         LEFT JOIN investigation_member m ON m.investigation = i.name
         ORDER BY i.name, m.\"user\"",
        params![],
    )?;
    let mut out: Vec<Investigation> = Vec::new();
    for r in rows {
        let name: String = r.get(0)?;
        if out.last().is_none_or(|i| i.name != name) {
            out.push(Investigation {
                name,
                agency: r.get(1)?,
                contact: r.get(2)?,
                members: Vec::new(),
            });
        }
        if let (Some(i), Some(m)) = (out.last_mut(), r.get::<Option<String>>(3)?) {
            i.members.push(m);
        }
    }
    Ok(out)
}

/// The investigations a user is a member of.
pub fn memberships(conn: &mut Conn<'_>, user: &str) -> kingpin_sql::Result<Vec<String>> {
    conn.query(
        "SELECT investigation FROM investigation_member WHERE \"user\" = ?1
         ORDER BY investigation",
        params![user],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity;
    use crate::roles::Role;

    #[test]
    fn members_and_memberships() {
        tables::each_backend(|c| {
            add(c, "op-alpha", "NCA", "lead@nca").unwrap();
            assert!(add(c, "op-alpha", "NCA", "").is_err(), "names are unique");
            add(c, "op-beta", "KRG", "beta@krg").unwrap();
            identity::add_user(c, "ana", "NCA", Role::Analyst, "correct horse", "").unwrap();
            assert!(set_member(c, "op-alpha", "nobody", false).is_err());
            assert!(set_member(c, "op-gamma", "ana", false).is_err());
            for inv in ["op-beta", "op-alpha", "op-alpha"] {
                set_member(c, inv, "ana", false).unwrap();
            }
            assert_eq!(memberships(c, "ana").unwrap(), ["op-alpha", "op-beta"]);
            let alpha = get(c, "op-alpha").unwrap().unwrap();
            assert_eq!((alpha.agency.as_str(), alpha.members.len()), ("NCA", 1));
            set_member(c, "op-beta", "ana", true).unwrap();
            assert_eq!(memberships(c, "ana").unwrap(), ["op-alpha"]);
            assert_eq!(list(c).unwrap().len(), 2);
            assert!(get(c, "op-gamma").unwrap().is_none());
        });
    }
}
