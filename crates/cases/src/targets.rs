//! Targets: the people and organisations an investigation pursues, as entities of the store.

use crate::{Actor, CaseError, Result, audited, need_investigation, text, time};
use kingpin_sql::{Conn, Row, params};
use kingpin_store::{AnyStore, Store};
use serde::Serialize;

/// One target of an investigation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Target {
    /// The investigation.
    pub investigation: String,
    /// Entity id in the store.
    pub entity: String,
    /// The entity's schema when added (Person, Organization…).
    pub schema: String,
    /// Its caption when added.
    pub caption: String,
    /// The part it plays (principal, lieutenant, facilitator…).
    pub label: String,
    /// Why it is a target.
    pub reason: String,
    /// Who added it.
    pub added_by: String,
    /// When.
    pub added_at: String,
}

/// Adds an entity as a target. The entity is looked up through the store's view, so a user
/// can only target what they may see; its schema and caption are kept for listings.
pub fn add(
    store: &mut AnyStore,
    who: &Actor,
    investigation: &str,
    entity: &str,
    label: &str,
    reason: &str,
) -> Result<Target> {
    need_investigation(&mut store.sql(), investigation)?;
    let found = store
        .entity(entity)?
        .ok_or_else(|| CaseError::NotFound(format!("entity: no entity {entity:?}")))?;
    let label = text("label", label, 100)?;
    let reason = text("reason", reason, 2000)?;
    audited(&mut store.sql(), who, "case.target.add", |conn| {
        let target = Target {
            investigation: investigation.into(),
            entity: found.id.clone(),
            schema: found.schema.clone(),
            caption: found.caption(kingpin_model::model()),
            label,
            reason,
            added_by: who.actor.clone(),
            added_at: time::now(),
        };
        let n = conn.execute(
            "INSERT INTO case_target(investigation, entity, schema, caption, label, reason,
                 added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT DO NOTHING",
            params![
                &target.investigation,
                &target.entity,
                &target.schema,
                &target.caption,
                &target.label,
                &target.reason,
                &target.added_by,
                &target.added_at
            ],
        )?;
        if n == 0 {
            return Err(CaseError::Conflict(format!(
                "entity {entity:?} is already a target of {investigation:?}"
            )));
        }
        let detail =
            serde_json::json!({"entity": entity, "label": target.label, "reason": target.reason});
        Ok((target, investigation.to_string(), detail))
    })
}

/// Removes a target, with the reason.
pub fn remove(
    conn: &mut Conn<'_>,
    who: &Actor,
    investigation: &str,
    entity: &str,
    reason: &str,
) -> Result<()> {
    need_investigation(conn, investigation)?;
    let reason = text("reason", reason, 2000)?;
    audited(conn, who, "case.target.remove", |conn| {
        let n = conn.execute(
            "DELETE FROM case_target WHERE investigation = ?1 AND entity = ?2",
            params![investigation, entity],
        )?;
        if n == 0 {
            return Err(CaseError::NotFound(format!(
                "entity: {entity:?} is not a target of {investigation:?}"
            )));
        }
        Ok((
            (),
            investigation.to_string(),
            serde_json::json!({"entity": entity, "reason": reason}),
        ))
    })
}

/// One target of an investigation; an entity that is not one is not found.
pub fn get(conn: &mut Conn<'_>, investigation: &str, entity: &str) -> Result<Target> {
    list(conn, investigation)?
        .into_iter()
        .find(|t| t.entity == entity)
        .ok_or_else(|| {
            CaseError::NotFound(format!(
                "target: {entity:?} is not a target of {investigation:?}"
            ))
        })
}

fn row(r: &Row) -> kingpin_sql::Result<Target> {
    Ok(Target {
        investigation: r.get(0)?,
        entity: r.get(1)?,
        schema: r.get(2)?,
        caption: r.get(3)?,
        label: r.get(4)?,
        reason: r.get(5)?,
        added_by: r.get(6)?,
        added_at: r.get(7)?,
    })
}

/// The targets of an investigation, in the order they were added.
pub fn list(conn: &mut Conn<'_>, investigation: &str) -> Result<Vec<Target>> {
    need_investigation(conn, investigation)?;
    let rows = conn.query(
        "SELECT investigation, entity, schema, caption, label, reason, added_by, added_at
         FROM case_target WHERE investigation = ?1 ORDER BY added_at, entity",
        params![investigation],
    )?;
    Ok(rows.iter().map(row).collect::<kingpin_sql::Result<_>>()?)
}

/// Every investigation's targets as (investigation, entity): for deconfliction.
pub fn all(conn: &mut Conn<'_>) -> Result<Vec<(String, String)>> {
    crate::schema::ensure(conn)?;
    let rows = conn.query("SELECT investigation, entity FROM case_target", params![])?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.get(0)?, r.get(1)?)))
        .collect::<kingpin_sql::Result<_>>()?)
}
