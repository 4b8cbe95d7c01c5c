//! Deconfliction: when an identifier (phone number, IMEI, passport or document number, bank
//! account, social-media handle) held in one investigation also appears in another, both
//! investigations' agencies are alerted, with whom to contact, and neither sees the other's
//! data: each side is told only its own entity and the other side's contact.

use crate::investigations;
use kingpin_model::{PropType, model};
use rusqlite::{Connection, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// What kind of identifier a property holds, if it is one worth deconflicting.
fn kind_of(schema: &str, prop: &str) -> Option<&'static str> {
    let p = model().get(schema).ok()?.property(prop)?;
    match p.kind {
        PropType::Phone => Some("phone"),
        PropType::Identifier => Some(match prop {
            "imei" => "imei",
            "imsi" => "imsi",
            "passportNumber" => "passport",
            "iban" | "accountNumber" => "bank_account",
            "username" => "handle",
            "number" => "document",
            _ => "identifier",
        }),
        _ => None,
    }
}

fn fingerprint(kind: &str, value: &str) -> String {
    let norm: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    Sha256::digest(format!("{kind}\u{1f}{norm}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Recomputes overlaps between investigations and records new ones; returns how many pairs
/// of (investigation, identifier) were new.
pub fn refresh(conn: &Connection) -> rusqlite::Result<usize> {
    crate::tables::ensure(conn)?;
    let mut q = conn.prepare("SELECT id, compartment FROM source WHERE compartment IS NOT NULL")?;
    let compartment: HashMap<i64, String> = q
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let distinct: std::collections::HashSet<&String> = compartment.values().collect();
    if distinct.len() < 2 {
        return Ok(0);
    }
    // fingerprint -> (kind, compartment -> first entity id seen there)
    let mut seen: HashMap<String, (&'static str, BTreeMap<String, String>)> = HashMap::new();
    let mut q = conn.prepare(
        "SELECT f.source, e.id, e.schema, f.props FROM fragment f CROSS JOIN entity e ON e.eid = f.eid",
    )?;
    let mut rows = q.query([])?;
    while let Some(r) = rows.next()? {
        let Some(c) = compartment.get(&r.get::<_, i64>(0)?) else {
            continue;
        };
        let (id, schema, props): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
        for (prop, value) in kingpin_store::unpack_props(&props) {
            if let Some(kind) = kind_of(&schema, prop) {
                let e = seen
                    .entry(fingerprint(kind, value))
                    .or_insert_with(|| (kind, BTreeMap::new()));
                e.1.entry(c.clone()).or_insert_with(|| id.clone());
            }
        }
    }
    let at = crate::tables::timestamp();
    let mut insert = conn.prepare(
        "INSERT OR IGNORE INTO deconfliction_overlap(a, b, kind, fingerprint, a_entity, b_entity, first_seen)
         VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut new = 0;
    for (fp, (kind, by)) in &seen {
        let list: Vec<(&String, &String)> = by.iter().collect();
        for i in 0..list.len() {
            for j in i + 1..list.len() {
                let (a, ae) = list[i];
                let (b, be) = list[j];
                new += insert.execute(params![a, b, kind, fp, ae, be, at])?;
            }
        }
    }
    Ok(new)
}

/// An alert for one of the caller's investigations.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Alert {
    /// The caller's agency's investigation.
    pub investigation: String,
    /// The agency leading the other investigation.
    pub other_agency: String,
    /// Whom to contact there.
    pub contact: String,
    /// How many identifiers the two share.
    pub shared_identifiers: usize,
    /// Kinds of identifier shared (phone, imei, passport…).
    pub kinds: Vec<String>,
    /// The caller's own entities holding them.
    pub own_entities: Vec<String>,
    /// When the overlap was first seen.
    pub first_seen: String,
}

/// Alerts for the investigations led by `agency`.
pub fn alerts_for(conn: &Connection, agency: &str) -> rusqlite::Result<Vec<Alert>> {
    crate::tables::ensure(conn)?;
    let invs = investigations::list(&mut conn.into()).map_err(|e| match e {
        kingpin_sql::Error::Sqlite { cause, .. } => cause,
        e => rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
    })?;
    let by_name: HashMap<&str, &investigations::Investigation> =
        invs.iter().map(|i| (i.name.as_str(), i)).collect();
    let mut q = conn.prepare(
        "SELECT a, b, kind, a_entity, b_entity, first_seen FROM deconfliction_overlap ORDER BY first_seen",
    )?;
    let rows: Vec<(String, String, String, String, String, String)> = q
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: BTreeMap<(String, String), Alert> = BTreeMap::new();
    for (a, b, kind, ae, be, at) in rows {
        for (own, other, own_entity) in [(&a, &b, &ae), (&b, &a, &be)] {
            let (Some(mine), Some(theirs)) =
                (by_name.get(own.as_str()), by_name.get(other.as_str()))
            else {
                continue;
            };
            if mine.agency != agency {
                continue;
            }
            let alert = out
                .entry((own.clone(), other.clone()))
                .or_insert_with(|| Alert {
                    investigation: own.clone(),
                    other_agency: theirs.agency.clone(),
                    contact: theirs.contact.clone(),
                    shared_identifiers: 0,
                    kinds: Vec::new(),
                    own_entities: Vec::new(),
                    first_seen: at.clone(),
                });
            alert.shared_identifiers += 1;
            if !alert.kinds.contains(&kind) {
                alert.kinds.push(kind.clone());
            }
            if !alert.own_entities.contains(own_entity) {
                alert.own_entities.push(own_entity.clone());
            }
        }
    }
    Ok(out.into_values().collect())
}
