//! Exhibits and their chain of custody: what was seized or produced, by whom, when and where;
//! every handover after; the digital copies, hashed, and a check that finds any copy altered
//! since it was stored.

use crate::vault::{Vault, hash_file};
use crate::{Actor, CaseError, Result, audited, need_investigation, text, time};
use kingpin_sql::{Conn, Row, params};
use serde::Serialize;
use std::path::Path;

/// Kinds of exhibit.
pub const EXHIBIT_KINDS: [&str; 9] = [
    "phone",
    "sim",
    "computer",
    "document",
    "ledger",
    "extract",
    "cash",
    "equipment",
    "other",
];

/// An exhibit to record.
#[derive(Debug, Clone)]
pub struct NewExhibit<'a> {
    /// The exhibit reference (e.g. the seizing officer's initials and a number: `JB/1`).
    pub reference: &'a str,
    /// One of [`EXHIBIT_KINDS`].
    pub kind: &'a str,
    /// What it is.
    pub description: &'a str,
    /// Who seized or produced it (they hold it first).
    pub seized_by: &'a str,
    /// When (UTC).
    pub seized_at: &'a str,
    /// Where.
    pub seized_where: &'a str,
    /// Where it is kept after seizure (store, locker, bag number).
    pub location: &'a str,
}

/// An exhibit as recorded, with its current holder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Exhibit {
    /// Number.
    pub id: i64,
    /// The investigation.
    pub investigation: String,
    /// Reference.
    pub reference: String,
    /// Kind.
    pub kind: String,
    /// Description.
    pub description: String,
    /// Who seized it.
    pub seized_by: String,
    /// When.
    pub seized_at: String,
    /// Where.
    pub seized_where: String,
    /// Who holds it now.
    pub holder: String,
    /// Where it is now.
    pub location: String,
    /// Who recorded it.
    pub created_by: String,
    /// When.
    pub created_at: String,
}

/// One link of the chain of custody.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Custody {
    /// When it changed hands.
    pub at: String,
    /// From whom (none at seizure).
    pub from_holder: Option<String>,
    /// To whom.
    pub to_holder: String,
    /// Where it went.
    pub location: String,
    /// Why.
    pub reason: String,
    /// Who recorded it, and when.
    pub recorded_by: String,
    /// When recorded.
    pub recorded_at: String,
}

/// A digital copy of an exhibit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExhibitFile {
    /// SHA-256 of the content when stored.
    pub sha256: String,
    /// The file's original name.
    pub name: String,
    /// Bytes.
    pub size: i64,
    /// Who added it.
    pub added_by: String,
    /// When.
    pub added_at: String,
}

/// An exhibit with its chain of custody and copies.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExhibitRecord {
    /// The exhibit.
    #[serde(flatten)]
    pub exhibit: Exhibit,
    /// Every movement, oldest first.
    pub custody: Vec<Custody>,
    /// Digital copies.
    pub files: Vec<ExhibitFile>,
}

fn kind(value: &str) -> Result<String> {
    let v = value.trim().to_lowercase();
    if EXHIBIT_KINDS.contains(&v.as_str()) {
        Ok(v)
    } else {
        Err(CaseError::Invalid(format!(
            "kind: {value:?} is not one of {}",
            EXHIBIT_KINDS.join(", ")
        )))
    }
}

/// Records a seized or produced exhibit; its chain of custody starts with the seizure.
pub fn add(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    new: &NewExhibit<'_>,
) -> Result<Exhibit> {
    need_investigation(conn, investigation)?;
    let reference = text("reference", new.reference, 100)?;
    let kind = kind(new.kind)?;
    let description = text("description", new.description, 2000)?;
    let seized_by = text("seized by", new.seized_by, 200)?;
    let seized_at = time::datetime("seized at", new.seized_at)?;
    let seized_where = text("seized where", new.seized_where, 500)?;
    let location = text("location", new.location, 500)?;
    audited(conn, who, "case.exhibit.add", |conn| {
        let now = time::now();
        let id: Option<i64> = conn
            .query_opt(
                "INSERT INTO case_exhibit(investigation, reference, kind, description,
                     seized_by, seized_at, seized_where, holder, location, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?5, ?8, ?9, ?10)
                 ON CONFLICT DO NOTHING RETURNING id",
                params![
                    investigation,
                    &reference,
                    &kind,
                    &description,
                    &seized_by,
                    &seized_at,
                    &seized_where,
                    &location,
                    &who.actor,
                    &now
                ],
            )?
            .map(|r| r.get(0))
            .transpose()?;
        let Some(id) = id else {
            return Err(CaseError::Conflict(format!(
                "reference: exhibit {reference:?} is already recorded in {investigation:?}"
            )));
        };
        conn.execute(
            "INSERT INTO case_custody(exhibit, at, from_holder, to_holder, location, reason,
                 recorded_by, recorded_at) VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                &seized_at,
                &seized_by,
                &location,
                &format!("seized at {seized_where}"),
                &who.actor,
                &now
            ],
        )?;
        let e = exhibit(conn, investigation, &reference)?;
        let detail = serde_json::json!({"reference": e.reference, "kind": e.kind,
            "seized_by": e.seized_by, "seized_at": e.seized_at, "seized_where": e.seized_where});
        Ok((e, format!("{investigation}/{reference}"), detail))
    })
}

/// A handover of an exhibit.
#[derive(Debug, Clone)]
pub struct Handover<'a> {
    /// Who hands it over: must be the current holder.
    pub from: &'a str,
    /// Who receives it.
    pub to: &'a str,
    /// When (UTC); not before the last recorded movement.
    pub at: &'a str,
    /// Where it goes.
    pub location: &'a str,
    /// Why (to the lab, to court, returned…).
    pub reason: &'a str,
}

/// Records a handover. The chain must be unbroken: it is refused unless `from` holds the
/// exhibit now and the time is not before the last movement.
pub fn handover(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    reference: &str,
    h: &Handover<'_>,
) -> Result<Custody> {
    let from = text("from", h.from, 200)?;
    let to = text("to", h.to, 200)?;
    let at = time::datetime("at", h.at)?;
    let location = text("location", h.location, 500)?;
    let reason = text("reason", h.reason, 2000)?;
    audited(conn, who, "case.exhibit.handover", |conn| {
        let e = exhibit(conn, investigation, reference)?;
        if e.holder != from {
            return Err(CaseError::Conflict(format!(
                "from: exhibit {reference} is held by {:?}, not {from:?}: record the missing handover first",
                e.holder
            )));
        }
        let last: String = conn.query_value(
            "SELECT at FROM case_custody WHERE exhibit = ?1 ORDER BY id DESC LIMIT 1",
            params![e.id],
        )?;
        if at < last {
            return Err(CaseError::Conflict(format!(
                "at: {at} is before the last movement of exhibit {reference} ({last})"
            )));
        }
        let now = time::now();
        conn.execute(
            "INSERT INTO case_custody(exhibit, at, from_holder, to_holder, location, reason,
                 recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![e.id, &at, &from, &to, &location, &reason, &who.actor, &now],
        )?;
        conn.execute(
            "UPDATE case_exhibit SET holder = ?2, location = ?3 WHERE id = ?1",
            params![e.id, &to, &location],
        )?;
        let c = Custody {
            at,
            from_holder: Some(from),
            to_holder: to,
            location,
            reason,
            recorded_by: who.actor.clone(),
            recorded_at: now,
        };
        let detail = serde_json::to_value(&c).unwrap_or_default();
        Ok((c, format!("{investigation}/{reference}"), detail))
    })
}

/// Stores a digital copy of an exhibit in the vault and records its hash.
pub fn attach(
    conn: &mut Conn<'_>,
    vault: &Vault,
    who: &Actor,
    investigation: &str,
    reference: &str,
    file: &Path,
) -> Result<ExhibitFile> {
    let e = exhibit(conn, investigation, reference)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    // Copied before the transaction: hashing a large extraction must not hold the write lock.
    let (sha256, size) = vault.put(file)?;
    audited(conn, who, "case.exhibit.attach", |conn| {
        let f = ExhibitFile {
            sha256,
            name,
            size: size as i64,
            added_by: who.actor.clone(),
            added_at: time::now(),
        };
        let n = conn.execute(
            "INSERT INTO case_exhibit_file(exhibit, sha256, name, size, added_by, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            params![e.id, &f.sha256, &f.name, f.size, &f.added_by, &f.added_at],
        )?;
        if n == 0 {
            return Err(CaseError::Conflict(format!(
                "file: {} (SHA-256 {}) is already attached to exhibit {reference}",
                f.name, f.sha256
            )));
        }
        let detail = serde_json::json!({"sha256": f.sha256, "name": f.name, "size": f.size});
        Ok((f, format!("{investigation}/{reference}"), detail))
    })
}

const COLS: &str = "id, investigation, reference, kind, description, seized_by, seized_at, \
                    seized_where, holder, location, created_by, created_at";

fn row(r: &Row) -> kingpin_sql::Result<Exhibit> {
    Ok(Exhibit {
        id: r.get(0)?,
        investigation: r.get(1)?,
        reference: r.get(2)?,
        kind: r.get(3)?,
        description: r.get(4)?,
        seized_by: r.get(5)?,
        seized_at: r.get(6)?,
        seized_where: r.get(7)?,
        holder: r.get(8)?,
        location: r.get(9)?,
        created_by: r.get(10)?,
        created_at: r.get(11)?,
    })
}

/// One exhibit of an investigation.
pub fn exhibit(conn: &mut Conn<'_>, investigation: &str, reference: &str) -> Result<Exhibit> {
    need_investigation(conn, investigation)?;
    conn.query_opt(
        &format!("SELECT {COLS} FROM case_exhibit WHERE investigation = ?1 AND reference = ?2"),
        params![investigation, reference],
    )?
    .map(|r| row(&r))
    .transpose()?
    .ok_or_else(|| CaseError::NotFound(format!("no exhibit {reference:?} in {investigation:?}")))
}

/// The exhibits of an investigation, in the order recorded.
pub fn list(conn: &mut Conn<'_>, investigation: &str) -> Result<Vec<Exhibit>> {
    need_investigation(conn, investigation)?;
    let rows = conn.query(
        &format!("SELECT {COLS} FROM case_exhibit WHERE investigation = ?1 ORDER BY id"),
        params![investigation],
    )?;
    Ok(rows.iter().map(row).collect::<kingpin_sql::Result<_>>()?)
}

/// An exhibit with its full chain of custody and its copies.
pub fn record(conn: &mut Conn<'_>, investigation: &str, reference: &str) -> Result<ExhibitRecord> {
    let exhibit = exhibit(conn, investigation, reference)?;
    let custody = conn
        .query(
            "SELECT at, from_holder, to_holder, location, reason, recorded_by, recorded_at
             FROM case_custody WHERE exhibit = ?1 ORDER BY id",
            params![exhibit.id],
        )?
        .iter()
        .map(|r| {
            Ok(Custody {
                at: r.get(0)?,
                from_holder: r.get(1)?,
                to_holder: r.get(2)?,
                location: r.get(3)?,
                reason: r.get(4)?,
                recorded_by: r.get(5)?,
                recorded_at: r.get(6)?,
            })
        })
        .collect::<kingpin_sql::Result<_>>()?;
    let files = files(conn, exhibit.id)?;
    Ok(ExhibitRecord {
        exhibit,
        custody,
        files,
    })
}

fn files(conn: &mut Conn<'_>, exhibit: i64) -> Result<Vec<ExhibitFile>> {
    let rows = conn.query(
        "SELECT sha256, name, size, added_by, added_at FROM case_exhibit_file
         WHERE exhibit = ?1 ORDER BY added_at, name",
        params![exhibit],
    )?;
    let file = |r: &Row| {
        Ok(ExhibitFile {
            sha256: r.get(0)?,
            name: r.get(1)?,
            size: r.get(2)?,
            added_by: r.get(3)?,
            added_at: r.get(4)?,
        })
    };
    Ok(rows.iter().map(file).collect::<kingpin_sql::Result<_>>()?)
}

/// What the integrity check found for one copy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FileState {
    /// The content still has its recorded hash.
    Intact,
    /// The content changed: its hash now.
    Altered {
        /// SHA-256 of the file as found.
        found: String,
    },
    /// The file is gone from the vault.
    Missing,
}

/// One line of the integrity report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileCheck {
    /// Exhibit reference.
    pub reference: String,
    /// The copy's original name.
    pub name: String,
    /// Its recorded SHA-256.
    pub sha256: String,
    /// Where it is kept.
    pub path: String,
    /// What was found.
    #[serde(flatten)]
    pub state: FileState,
}

/// Re-hashes every copy of the investigation's exhibits and reports each one's state; the
/// check and its outcome are audited.
pub fn check(
    conn: &mut Conn<'_>,
    vault: &Vault,
    who: &Actor,
    investigation: &str,
) -> Result<Vec<FileCheck>> {
    let mut out = Vec::new();
    for e in list(conn, investigation)? {
        for f in files(conn, e.id)? {
            let path = vault.path(&f.sha256);
            let state = if !path.exists() {
                FileState::Missing
            } else {
                let (found, _) = hash_file(&path)?;
                if found == f.sha256 {
                    FileState::Intact
                } else {
                    FileState::Altered { found }
                }
            };
            out.push(FileCheck {
                reference: e.reference.clone(),
                name: f.name,
                sha256: f.sha256,
                path: path.display().to_string(),
                state,
            });
        }
    }
    let bad: Vec<&FileCheck> = out
        .iter()
        .filter(|c| c.state != FileState::Intact)
        .collect();
    let detail = serde_json::json!({"files": out.len(), "not_intact": bad});
    audited(conn, who, "case.exhibit.check", |_| {
        Ok(((), investigation.to_string(), detail))
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{audited, each_backend, who};

    fn phone() -> NewExhibit<'static> {
        NewExhibit {
            reference: "JB/1",
            kind: "phone",
            description: "Samsung A12, black, cracked screen",
            seized_by: "DC Jones",
            seized_at: "2026-03-01 06:10",
            seized_where: "12 Dock Road, Dover",
            location: "bag M0001234",
        }
    }

    #[test]
    fn custody_chain_is_unbroken_and_in_time_order() {
        each_backend(|s| custody_chain(&mut s.sql()));
    }

    fn custody_chain(conn: &mut Conn<'_>) {
        let e = add(conn, &who(), "op-a", &phone()).unwrap();
        assert_eq!(e.holder, "DC Jones");
        assert!(matches!(
            add(conn, &who(), "op-a", &phone()),
            Err(CaseError::Conflict(_))
        ));
        // The same reference in another investigation is its own exhibit.
        add(conn, &who(), "op-b", &phone()).unwrap();
        let h = |from, at| Handover {
            from,
            to: "lab: DF unit",
            at,
            location: "lab store",
            reason: "extraction",
        };
        let err = handover(
            conn,
            &who(),
            "op-a",
            "JB/1",
            &h("DC Smith", "2026-03-02 09:00"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("held by \"DC Jones\""), "{err}");
        let err = handover(
            conn,
            &who(),
            "op-a",
            "JB/1",
            &h("DC Jones", "2026-02-28 09:00"),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("at: "), "{err}");
        handover(
            conn,
            &who(),
            "op-a",
            "JB/1",
            &h("DC Jones", "2026-03-02 09:00"),
        )
        .unwrap();
        let r = record(conn, "op-a", "JB/1").unwrap();
        assert_eq!(r.custody.len(), 2);
        assert_eq!(r.exhibit.holder, "lab: DF unit");
        assert_eq!(r.custody[0].from_holder, None);
        assert!(conn.execute("DELETE FROM case_custody", params![]).is_err());
        let e = conn.execute("UPDATE case_custody SET reason = 'x'", params![]);
        let e = e.unwrap_err().to_string();
        assert!(e.contains("never edited"), "{e}");
        assert!(matches!(
            record(conn, "op-x", "JB/1"),
            Err(CaseError::NotFound(_))
        ));
        assert_eq!(audited(conn, "case.exhibit.handover"), 1);
        let bad = NewExhibit {
            kind: "boat",
            ..phone()
        };
        assert!(
            add(conn, &who(), "op-a", &bad)
                .unwrap_err()
                .to_string()
                .starts_with("kind: ")
        );
    }

    #[test]
    fn integrity_check_finds_altered_and_missing_copies() {
        each_backend(|s| integrity(&mut s.sql()));
    }

    fn integrity(conn: &mut Conn<'_>) {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().join("vault"));
        add(conn, &who(), "op-a", &phone()).unwrap();
        let a = dir.path().join("extract.csv");
        let b = dir.path().join("photos.txt");
        std::fs::write(&a, "time,from,to\n").unwrap();
        std::fs::write(&b, "img1\n").unwrap();
        let fa = attach(conn, &vault, &who(), "op-a", "JB/1", &a).unwrap();
        let fb = attach(conn, &vault, &who(), "op-a", "JB/1", &b).unwrap();
        assert!(
            check(conn, &vault, &who(), "op-a")
                .unwrap()
                .iter()
                .all(|c| c.state == FileState::Intact)
        );
        // Someone edits one stored copy and deletes the other.
        let p = vault.path(&fa.sha256);
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perm.set_readonly(false);
        std::fs::set_permissions(&p, perm).unwrap();
        std::fs::write(&p, "time,from,to\n1,2,3\n").unwrap();
        std::fs::remove_file(vault.path(&fb.sha256)).unwrap();
        let report = check(conn, &vault, &who(), "op-a").unwrap();
        assert!(matches!(&report[0].state, FileState::Altered { found } if *found != fa.sha256));
        assert_eq!(report[1].state, FileState::Missing);
        assert_eq!(audited(conn, "case.exhibit.check"), 2);
        // The other investigation's check sees none of these files.
        assert!(check(conn, &vault, &who(), "op-b").unwrap().is_empty());
    }
}
