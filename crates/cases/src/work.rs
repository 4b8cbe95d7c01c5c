//! The work of an investigation: intelligence requirements and hypotheses, and tasks with an
//! owner, a due date and a status. Every record belongs to one investigation and is only
//! found through it, so an id from another investigation is simply not found.

use crate::{Actor, CaseError, Result, audited, investigation, need_investigation, text, time};
use kingpin_sql::{Conn, Row, params};
use serde::Serialize;

/// Whether a requirement asks a question or states a hypothesis to test.
pub const REQUIREMENT_KINDS: [&str; 2] = ["requirement", "hypothesis"];
/// States of a requirement or hypothesis.
pub const REQUIREMENT_STATUSES: [&str; 5] =
    ["open", "answered", "supported", "refuted", "withdrawn"];
/// States of a task.
pub const TASK_STATUSES: [&str; 5] = ["open", "in_progress", "blocked", "done", "cancelled"];

fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<String> {
    let v = value.trim().to_lowercase().replace(['-', ' '], "_");
    if allowed.contains(&v.as_str()) {
        Ok(v)
    } else {
        Err(CaseError::Invalid(format!(
            "{field}: {value:?} is not one of {}",
            allowed.join(", ")
        )))
    }
}

/// An intelligence requirement or a hypothesis.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Requirement {
    /// Number.
    pub id: i64,
    /// The investigation.
    pub investigation: String,
    /// `requirement` or `hypothesis`.
    pub kind: String,
    /// The question or the claim.
    pub text: String,
    /// One of [`REQUIREMENT_STATUSES`].
    pub status: String,
    /// Who raised it.
    pub created_by: String,
    /// When.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

/// Raises a requirement or hypothesis.
pub fn add_requirement(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    kind: &str,
    body: &str,
) -> Result<Requirement> {
    need_investigation(conn, investigation)?;
    let kind = one_of("kind", kind, &REQUIREMENT_KINDS)?;
    let body = text("text", body, 4000)?;
    audited(conn, who, "case.requirement.add", |conn| {
        let at = time::now();
        let id: i64 = conn.query_value(
            "INSERT INTO case_requirement(investigation, kind, text, status, created_by,
                 created_at, updated_at) VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?5) RETURNING id",
            params![investigation, &kind, &body, &who.actor, &at],
        )?;
        let r = requirement(conn, investigation, id)?;
        let detail = serde_json::json!({"id": id, "kind": r.kind, "text": r.text});
        Ok((r, investigation.to_string(), detail))
    })
}

/// Changes a requirement's status (answered, supported, refuted…), with the reason.
pub fn set_requirement_status(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    id: i64,
    status: &str,
    reason: &str,
) -> Result<Requirement> {
    let status = one_of("status", status, &REQUIREMENT_STATUSES)?;
    let reason = text("reason", reason, 2000)?;
    audited(conn, who, "case.requirement.status", |conn| {
        let before = requirement(conn, investigation, id)?;
        conn.execute(
            "UPDATE case_requirement SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, &status, &time::now()],
        )?;
        let detail =
            serde_json::json!({"id": id, "from": before.status, "to": status, "reason": reason});
        Ok((
            requirement(conn, investigation, id)?,
            investigation.to_string(),
            detail,
        ))
    })
}

const REQ_COLS: &str = "id, investigation, kind, text, status, created_by, created_at, updated_at";

fn req_row(r: &Row) -> kingpin_sql::Result<Requirement> {
    Ok(Requirement {
        id: r.get(0)?,
        investigation: r.get(1)?,
        kind: r.get(2)?,
        text: r.get(3)?,
        status: r.get(4)?,
        created_by: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
    })
}

/// One requirement of an investigation.
pub fn requirement(conn: &mut Conn<'_>, investigation: &str, id: i64) -> Result<Requirement> {
    need_investigation(conn, investigation)?;
    conn.query_opt(
        &format!("SELECT {REQ_COLS} FROM case_requirement WHERE id = ?1 AND investigation = ?2"),
        params![id, investigation],
    )?
    .map(|r| req_row(&r))
    .transpose()?
    .ok_or_else(|| CaseError::NotFound(format!("no requirement {id} in {investigation:?}")))
}

/// The requirements and hypotheses of an investigation.
pub fn requirements(conn: &mut Conn<'_>, investigation: &str) -> Result<Vec<Requirement>> {
    need_investigation(conn, investigation)?;
    let rows = conn.query(
        &format!("SELECT {REQ_COLS} FROM case_requirement WHERE investigation = ?1 ORDER BY id"),
        params![investigation],
    )?;
    Ok(rows
        .iter()
        .map(req_row)
        .collect::<kingpin_sql::Result<_>>()?)
}

/// A task.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    /// Number.
    pub id: i64,
    /// The investigation.
    pub investigation: String,
    /// What is to be done.
    pub title: String,
    /// The member who does it.
    pub owner: String,
    /// Due date (YYYY-MM-DD).
    pub due: Option<String>,
    /// One of [`TASK_STATUSES`].
    pub status: String,
    /// Who set it.
    pub created_by: String,
    /// When.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

fn need_owner(conn: &mut Conn<'_>, investigation: &str, owner: &str) -> Result<()> {
    if investigation::is_member(conn, investigation, owner)? {
        Ok(())
    } else {
        Err(CaseError::Invalid(format!(
            "owner: {owner:?} is not a member of investigation {investigation:?}"
        )))
    }
}

/// Sets a task for a member.
pub fn add_task(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    title: &str,
    owner: &str,
    due: Option<&str>,
) -> Result<Task> {
    need_investigation(conn, investigation)?;
    let title = text("title", title, 500)?;
    need_owner(conn, investigation, owner)?;
    let due = due.map(|d| time::date("due", d)).transpose()?;
    audited(conn, who, "case.task.add", |conn| {
        let at = time::now();
        let id: i64 = conn.query_value(
            "INSERT INTO case_task(investigation, title, owner, due, status, created_by,
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, ?6)
             RETURNING id",
            params![
                investigation,
                &title,
                owner,
                due.as_deref(),
                &who.actor,
                &at
            ],
        )?;
        let t = task(conn, investigation, id)?;
        let detail =
            serde_json::json!({"id": t.id, "title": t.title, "owner": t.owner, "due": t.due});
        Ok((t, investigation.to_string(), detail))
    })
}

/// Changes to a task; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TaskChange<'a> {
    /// New status.
    pub status: Option<&'a str>,
    /// New owner (a member).
    pub owner: Option<&'a str>,
    /// New due date.
    pub due: Option<&'a str>,
}

/// Updates a task's status, owner or due date; the audit record keeps before and after.
pub fn update_task(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    id: i64,
    change: &TaskChange<'_>,
) -> Result<Task> {
    let status = change
        .status
        .map(|s| one_of("status", s, &TASK_STATUSES))
        .transpose()?;
    let due = change.due.map(|d| time::date("due", d)).transpose()?;
    audited(conn, who, "case.task.update", |conn| {
        let before = task(conn, investigation, id)?;
        if let Some(o) = change.owner {
            need_owner(conn, investigation, o)?;
        }
        conn.execute(
            "UPDATE case_task SET status = COALESCE(?2, status), owner = COALESCE(?3, owner),
                 due = COALESCE(?4, due), updated_at = ?5 WHERE id = ?1",
            params![
                id,
                status.as_deref(),
                change.owner,
                due.as_deref(),
                &time::now()
            ],
        )?;
        let after = task(conn, investigation, id)?;
        let detail = serde_json::json!({"id": id, "before": before, "after": after});
        Ok((after, investigation.to_string(), detail))
    })
}

const TASK_COLS: &str =
    "id, investigation, title, owner, due, status, created_by, created_at, updated_at";

fn task_row(r: &Row) -> kingpin_sql::Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        investigation: r.get(1)?,
        title: r.get(2)?,
        owner: r.get(3)?,
        due: r.get(4)?,
        status: r.get(5)?,
        created_by: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

/// One task of an investigation.
pub fn task(conn: &mut Conn<'_>, investigation: &str, id: i64) -> Result<Task> {
    need_investigation(conn, investigation)?;
    conn.query_opt(
        &format!("SELECT {TASK_COLS} FROM case_task WHERE id = ?1 AND investigation = ?2"),
        params![id, investigation],
    )?
    .map(|r| task_row(&r))
    .transpose()?
    .ok_or_else(|| CaseError::NotFound(format!("no task {id} in {investigation:?}")))
}

/// The tasks of an investigation: open ones first by due date, then the rest.
pub fn tasks(conn: &mut Conn<'_>, investigation: &str) -> Result<Vec<Task>> {
    need_investigation(conn, investigation)?;
    let rows = conn.query(
        &format!(
            "SELECT {TASK_COLS} FROM case_task WHERE investigation = ?1
             ORDER BY status IN ('done', 'cancelled'), due IS NULL, due, id"
        ),
        params![investigation],
    )?;
    Ok(rows
        .iter()
        .map(task_row)
        .collect::<kingpin_sql::Result<_>>()?)
}

/// An entry of the decision log or a note.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    /// Number.
    pub id: i64,
    /// The investigation.
    pub investigation: String,
    /// `decision` or `note`.
    pub kind: String,
    /// Who decided or wrote.
    pub author: String,
    /// When.
    pub at: String,
    /// What was decided, or the note.
    pub text: String,
    /// Why (decisions; empty for notes).
    pub rationale: String,
    /// An entity, target or exhibit reference it is about.
    pub about: Option<String>,
}

/// Records a decision: who decided what and why. Decisions are never edited; a later decision
/// supersedes an earlier one.
pub fn decide(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    decision: &str,
    rationale: &str,
    about: Option<&str>,
) -> Result<Entry> {
    let rationale = text("rationale", rationale, 8000)?;
    add_entry(
        conn,
        who,
        investigation,
        "decision",
        decision,
        &rationale,
        about,
    )
}

/// Adds a note.
pub fn note(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    body: &str,
    about: Option<&str>,
) -> Result<Entry> {
    add_entry(conn, who, investigation, "note", body, "", about)
}

fn add_entry(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    kind: &str,
    body: &str,
    rationale: &str,
    about: Option<&str>,
) -> Result<Entry> {
    need_investigation(conn, investigation)?;
    let body = text(
        if kind == "decision" {
            "decision"
        } else {
            "text"
        },
        body,
        8000,
    )?;
    let about = about.map(|a| text("about", a, 200)).transpose()?;
    audited(conn, who, &format!("case.{kind}"), |conn| {
        let id: i64 = conn.query_value(
            "INSERT INTO case_entry(investigation, kind, author, at, text, rationale, about)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            params![
                investigation,
                kind,
                &who.actor,
                &time::now(),
                &body,
                rationale,
                about.as_deref()
            ],
        )?;
        let e = entries(conn, investigation, kind)?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| CaseError::NotFound(format!("{kind} {id}")))?;
        let detail = serde_json::json!({"id": id, "text": e.text, "rationale": e.rationale, "about": e.about});
        Ok((e, investigation.to_string(), detail))
    })
}

/// The decision log (`decision`) or the notes (`note`) of an investigation, oldest first.
pub fn entries(conn: &mut Conn<'_>, investigation: &str, kind: &str) -> Result<Vec<Entry>> {
    need_investigation(conn, investigation)?;
    let rows = conn.query(
        "SELECT id, investigation, kind, author, at, text, rationale, about FROM case_entry
         WHERE investigation = ?1 AND kind = ?2 ORDER BY id",
        params![investigation, kind],
    )?;
    let entry = |r: &Row| {
        Ok(Entry {
            id: r.get(0)?,
            investigation: r.get(1)?,
            kind: r.get(2)?,
            author: r.get(3)?,
            at: r.get(4)?,
            text: r.get(5)?,
            rationale: r.get(6)?,
            about: r.get(7)?,
        })
    };
    Ok(rows.iter().map(entry).collect::<kingpin_sql::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{audited, each_backend, who};

    fn status(s: &'static str) -> TaskChange<'static> {
        TaskChange {
            status: Some(s),
            ..Default::default()
        }
    }

    #[test]
    fn tasks_belong_to_their_investigation_and_owners_are_members() {
        each_backend(|s| {
            let conn = &mut s.sql();
            let t = add_task(
                conn,
                &who(),
                "op-a",
                "Subscriber check on +447700900123",
                "ben",
                Some("2026-12-01"),
            )
            .unwrap();
            assert_eq!(t.status, "open");
            // Another investigation's member cannot own it; another investigation cannot see it.
            let e = add_task(conn, &who(), "op-a", "x", "cy", None).unwrap_err();
            assert!(e.to_string().starts_with("owner: "), "{e}");
            assert!(matches!(
                task(conn, "op-b", t.id),
                Err(CaseError::NotFound(_))
            ));
            assert!(update_task(conn, &who(), "op-b", t.id, &status("done")).is_err());
            let t2 = update_task(conn, &who(), "op-a", t.id, &status("in progress")).unwrap();
            assert_eq!(t2.status, "in_progress");
            assert_eq!(t2.due.as_deref(), Some("2026-12-01"));
            assert!(update_task(conn, &who(), "op-a", t.id, &status("finished")).is_err());
            assert!(add_task(conn, &who(), "op-a", "y", "ben", Some("2026-02-30")).is_err());
            assert_eq!(audited(conn, "case.task.add"), 1);
            assert_eq!(audited(conn, "case.task.update"), 1);
            assert!(tasks(conn, "op-b").unwrap().is_empty());
            // Open tasks first by due date (none last), then done ones.
            let later = add_task(conn, &who(), "op-a", "later", "ana", Some("2027-01-01")).unwrap();
            let undated = add_task(conn, &who(), "op-a", "undated", "ana", None).unwrap();
            let done = add_task(conn, &who(), "op-a", "done", "ana", Some("2026-01-01")).unwrap();
            update_task(conn, &who(), "op-a", done.id, &status("done")).unwrap();
            let order: Vec<i64> = tasks(conn, "op-a").unwrap().iter().map(|t| t.id).collect();
            assert_eq!(order, [t.id, later.id, undated.id, done.id]);
        });
    }

    #[test]
    fn decisions_are_kept_as_recorded() {
        each_backend(|s| {
            let conn = &mut s.sql();
            let d = decide(
                conn,
                &who(),
                "op-a",
                "Arrest ALPHA on arrival",
                "Two sources graded B2 put him on the ferry",
                Some("ALPHA"),
            )
            .unwrap();
            assert!(decide(conn, &who(), "op-a", "x", " ", None).is_err());
            note(conn, &who(), "op-a", "Informant meeting moved", None).unwrap();
            assert_eq!(entries(conn, "op-a", "decision").unwrap(), vec![d.clone()]);
            assert_eq!(entries(conn, "op-a", "note").unwrap().len(), 1);
            let e = conn.execute("UPDATE case_entry SET text = 'y'", params![]);
            let e = e.unwrap_err().to_string();
            assert!(e.contains("never edited"), "{e}");
            let e = conn.execute("DELETE FROM case_entry", params![]);
            assert!(e.unwrap_err().to_string().contains("never deleted"));
            assert_eq!(audited(conn, "case.decision"), 1);
        });
    }

    #[test]
    fn requirements_move_through_statuses() {
        each_backend(|s| {
            let conn = &mut s.sql();
            let r = add_requirement(
                conn,
                &who(),
                "op-a",
                "hypothesis",
                "ALPHA pays the pilots in cash",
            )
            .unwrap();
            let r = set_requirement_status(conn, &who(), "op-a", r.id, "supported", "ledger p. 4")
                .unwrap();
            assert_eq!(r.status, "supported");
            assert!(add_requirement(conn, &who(), "op-a", "guess", "x").is_err());
            assert!(set_requirement_status(conn, &who(), "op-b", r.id, "refuted", "x").is_err());
            assert_eq!(requirements(conn, "op-a").unwrap().len(), 1);
        });
    }

    #[test]
    fn a_failed_change_leaves_nothing() {
        let store = kingpin_store::SqliteStore::in_memory().unwrap();
        let db = store.connection();
        crate::testing::seed(&mut Conn::from(db));
        // The audit log refuses the record (the head was broken): the task is not kept either.
        kingpin_audit::ensure_tables(db).unwrap();
        db.execute_batch(
            "DROP TRIGGER audit_in_order; INSERT INTO audit VALUES (5,'','','','','','','','','')",
        )
        .unwrap();
        db.execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'no'); END",
        )
        .unwrap();
        let conn = &mut Conn::from(db);
        assert!(add_task(conn, &who(), "op-a", "t", "ana", None).is_err());
        assert!(tasks(conn, "op-a").unwrap().is_empty());
    }
}
