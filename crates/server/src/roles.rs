//! Roles and what each may do. Roles decide which *kinds* of action a user may take; which
//! *facts* they see is decided separately by their agency and investigations (the view).

use serde::{Deserialize, Serialize};

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads, searches and analyses the network.
    Analyst,
    /// An analyst who also imports sources and records resolution decisions.
    Investigator,
    /// Examines travel documents and records examinations.
    DocumentExaminer,
    /// Refers social-media accounts for takedown: reads, searches and moves referrals on.
    ReferralOfficer,
    /// Leads an agency's work: everything an investigator does, plus the audit log of their
    /// agency, deconfliction alerts and investigation membership.
    Supervisor,
    /// Runs the system: investigations, the whole audit log; reads no intelligence.
    Admin,
}

/// A kind of action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Entities, statements, search, neighbours, counts, sources.
    Read,
    /// Paths and rankings over the network projection.
    Analyse,
    /// Bulk export.
    Export,
    /// Import sources.
    Import,
    /// Record entity-resolution decisions.
    Decide,
    /// Check travel documents.
    ExamineDocuments,
    /// Read the audit log (own agency; admins: all).
    ReadAudit,
    /// See deconfliction alerts for the agency's investigations.
    Deconflict,
    /// Create investigations and manage their members.
    ManageInvestigations,
    /// Move takedown referrals on and send batches to platforms.
    Refer,
    /// Record the work of investigations they are members of: targets, requirements, tasks,
    /// decisions, notes, exhibits and their custody.
    CaseWork,
    /// Set the weights of the investigations' priority board.
    Prioritise,
}

/// Every role, for listings and the access-matrix test.
pub const ROLES: [Role; 6] = [
    Role::Analyst,
    Role::Investigator,
    Role::DocumentExaminer,
    Role::ReferralOfficer,
    Role::Supervisor,
    Role::Admin,
];

impl Role {
    /// The role's name as stored and typed.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::Investigator => "investigator",
            Role::DocumentExaminer => "document_examiner",
            Role::ReferralOfficer => "referral_officer",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    /// Whether this role may take this kind of action.
    pub fn permits(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Analyst => matches!(p, Read | Analyse | Export | CaseWork),
            Role::Investigator => {
                matches!(p, Read | Analyse | Export | Import | Decide | CaseWork)
            }
            Role::DocumentExaminer => matches!(p, Read | ExamineDocuments),
            Role::ReferralOfficer => matches!(p, Read | Refer),
            Role::Supervisor => !matches!(p, ExamineDocuments),
            Role::Admin => matches!(p, ReadAudit | ManageInvestigations),
        }
    }

    /// The permissions of this role.
    pub fn permissions(self) -> Vec<Permission> {
        use Permission::*;
        [
            Read,
            Analyse,
            Export,
            Import,
            Decide,
            ExamineDocuments,
            ReadAudit,
            Deconflict,
            ManageInvestigations,
            Refer,
            CaseWork,
            Prioritise,
        ]
        .into_iter()
        .filter(|p| self.permits(*p))
        .collect()
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_lowercase().replace(['-', ' '], "_");
        ROLES
            .into_iter()
            .find(|r| r.as_str() == norm)
            .ok_or_else(|| {
                let names: Vec<&str> = ROLES.iter().map(|r| r.as_str()).collect();
                format!("unknown role {s:?}; one of {}", names.join(", "))
            })
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_admin_reads_nothing() {
        for r in ROLES {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert_eq!(
            "Document Examiner".parse::<Role>().unwrap(),
            Role::DocumentExaminer
        );
        assert!("chief".parse::<Role>().is_err());
        assert!(!Role::Admin.permits(Permission::Read));
        assert!(Role::Supervisor.permits(Permission::ReadAudit));
        assert!(!Role::Analyst.permits(Permission::Import));
        assert!(Role::Analyst.permits(Permission::CaseWork));
        assert!(!Role::Investigator.permits(Permission::Prioritise));
        assert!(Role::Supervisor.permits(Permission::Prioritise));
        assert!(!Role::Admin.permits(Permission::CaseWork));
    }
}
