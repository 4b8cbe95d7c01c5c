//! Investigations as the server created them (compartments with members), and the role each
//! member plays in one: who leads, who keeps the exhibits, who handles disclosure.

use crate::{Actor, CaseError, Result, audited};
use kingpin_sql::{Conn, params};
use serde::{Deserialize, Serialize};

/// The part a member plays in one investigation (their system role is separate: it decides
/// what kinds of action they may take anywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CaseRole {
    /// Senior investigating officer: leads, decides.
    Lead,
    /// Deputises for the lead.
    Deputy,
    /// Investigator.
    Investigator,
    /// Intelligence analyst.
    Analyst,
    /// Keeps the exhibits and their chain of custody.
    ExhibitsOfficer,
    /// Reviews material for disclosure.
    DisclosureOfficer,
    /// Any other member.
    Member,
}

/// Every case role.
pub const CASE_ROLES: [CaseRole; 7] = [
    CaseRole::Lead,
    CaseRole::Deputy,
    CaseRole::Investigator,
    CaseRole::Analyst,
    CaseRole::ExhibitsOfficer,
    CaseRole::DisclosureOfficer,
    CaseRole::Member,
];

impl CaseRole {
    /// The role's name as stored and typed.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseRole::Lead => "lead",
            CaseRole::Deputy => "deputy",
            CaseRole::Investigator => "investigator",
            CaseRole::Analyst => "analyst",
            CaseRole::ExhibitsOfficer => "exhibits_officer",
            CaseRole::DisclosureOfficer => "disclosure_officer",
            CaseRole::Member => "member",
        }
    }
}

impl std::str::FromStr for CaseRole {
    type Err = CaseError;

    fn from_str(s: &str) -> Result<Self> {
        let norm = s.trim().to_lowercase().replace(['-', ' '], "_");
        CASE_ROLES
            .into_iter()
            .find(|r| r.as_str() == norm)
            .ok_or_else(|| {
                let names: Vec<&str> = CASE_ROLES.iter().map(|r| r.as_str()).collect();
                CaseError::Invalid(format!(
                    "role: unknown case role {s:?}; one of {}",
                    names.join(", ")
                ))
            })
    }
}

/// A member of an investigation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// User name.
    pub user: String,
    /// Their part in the investigation.
    pub role: CaseRole,
}

/// Whether an investigation of this name exists.
pub fn exists(conn: &mut Conn<'_>, name: &str) -> Result<bool> {
    crate::schema::ensure(conn)?;
    Ok(conn
        .query_opt("SELECT 1 FROM investigation WHERE name = ?1", params![name])?
        .is_some())
}

/// Whether a user is a member of an investigation.
pub fn is_member(conn: &mut Conn<'_>, name: &str, user: &str) -> Result<bool> {
    crate::schema::ensure(conn)?;
    Ok(conn
        .query_opt(
            "SELECT 1 FROM investigation_member WHERE investigation = ?1 AND \"user\" = ?2",
            params![name, user],
        )?
        .is_some())
}

/// The members of an investigation and their roles, by user name.
pub fn members(conn: &mut Conn<'_>, name: &str) -> Result<Vec<Member>> {
    crate::need_investigation(conn, name)?;
    let rows = conn.query(
        "SELECT \"user\", role FROM investigation_member WHERE investigation = ?1
         ORDER BY \"user\"",
        params![name],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let role: String = r.get(1)?;
        out.push(Member {
            user: r.get(0)?,
            role: role.parse().unwrap_or(CaseRole::Member),
        });
    }
    Ok(out)
}

/// Gives a member a role in the investigation (they must already be a member: membership is
/// access control, granted through the server's investigation commands).
pub fn set_role(
    conn: &mut Conn<'_>,
    who: &Actor,
    name: &str,
    user: &str,
    role: CaseRole,
) -> Result<()> {
    audited(conn, who, "case.member.role", |conn| {
        crate::need_investigation(conn, name)?;
        let n = conn.execute(
            "UPDATE investigation_member SET role = ?3 WHERE investigation = ?1 AND \"user\" = ?2",
            params![name, user, role.as_str()],
        )?;
        if n == 0 {
            return Err(CaseError::NotFound(format!(
                "user: {user:?} is not a member of investigation {name:?}"
            )));
        }
        Ok((
            (),
            name.to_string(),
            serde_json::json!({"user": user, "role": role.as_str()}),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{audited, each_backend, who};

    #[test]
    fn roles_are_set_only_for_members_and_audited() {
        each_backend(|s| {
            let conn = &mut s.sql();
            set_role(
                conn,
                &who(),
                "op-a",
                "ben",
                "exhibits officer".parse().unwrap(),
            )
            .unwrap();
            let m = members(conn, "op-a").unwrap();
            assert_eq!(m[1].role, CaseRole::ExhibitsOfficer);
            assert_eq!(m[0].role, CaseRole::Member);
            assert!(matches!(
                set_role(conn, &who(), "op-a", "cy", CaseRole::Lead),
                Err(CaseError::NotFound(_))
            ));
            assert!(matches!(members(conn, "op-x"), Err(CaseError::NotFound(_))));
            assert!("chief".parse::<CaseRole>().is_err());
            assert_eq!(audited(conn, "case.member.role"), 1);
            assert!(is_member(conn, "op-b", "cy").unwrap());
            assert!(!is_member(conn, "op-b", "ana").unwrap());
        });
    }
}
