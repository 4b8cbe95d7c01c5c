//! Ground truth: who everyone really is, and which records, numbers and accounts are theirs.
//! Importers never read these files; evaluations and tests do.

use crate::dates::iso;
use crate::geo::COUNTRIES;
use crate::world::{NONE, World};
use crate::writer::create;
use anyhow::Result;
use serde::Serialize;
use serde_json::json;
use std::io::Write;
use std::path::Path;

/// Kinds of source records a person can be behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rec {
    /// A row of `persons.csv`.
    PersonRecord,
    /// A row of `documents.csv` (the presenter).
    DocumentCheck,
    /// A row of `accounts.csv` (the owner).
    Account,
}

/// Truth gathered while the sources are written, for `truth.json`.
#[derive(Default)]
pub struct TruthLog {
    items: Vec<(u32, Rec, String)>,
    subscriptions: Vec<(u32, u32)>,
    documents: Vec<(String, u32, u32, &'static str)>,
    noise_adverts: Vec<String>,
    accounts: Vec<(String, u32)>,
}

impl TruthLog {
    /// Records that `person` is behind source record `id`.
    pub fn add(&mut self, person: u32, kind: Rec, id: &str) {
        self.items.push((person, kind, id.to_string()));
    }
    /// Records who a subscriber row names ([`NONE`] for a false name).
    pub fn subscription(&mut self, phone: u32, named: u32) {
        self.subscriptions.push((phone, named));
    }
    /// Records a document check: presenter, real holder, forgery kind ("" when genuine).
    pub fn document(&mut self, check: &str, presenter: u32, holder: u32, forgery: &'static str) {
        self.documents
            .push((check.to_string(), presenter, holder, forgery));
    }
    /// Records an advert that no smuggler posted.
    pub fn noise_advert(&mut self, post: &str) {
        self.noise_adverts.push(post.to_string());
    }
    /// Records an account (`platform/handle`) and its owner.
    pub fn account(&mut self, key: &str, owner: u32) {
        self.accounts.push((key.to_string(), owner));
    }
}

/// The truth id of a person.
pub fn pid(p: u32) -> String {
    format!("T{p:07}")
}

fn opt_pid(p: u32) -> Option<String> {
    (p != NONE).then(|| pid(p))
}

#[derive(Serialize)]
struct PersonOut<'a> {
    id: String,
    name: String,
    name_arabic: String,
    aliases: Vec<String>,
    role: &'a str,
    tier: Option<u8>,
    network: Option<u32>,
    cell: Option<u32>,
    nationality: &'a str,
    residence: &'a str,
    birth_date: String,
    kin: Option<String>,
    crossing: Option<String>,
    phones: Vec<String>,
    imsis: Vec<String>,
    imeis: Vec<String>,
    accounts: Vec<&'a str>,
    person_records: Vec<&'a str>,
    document_checks: Vec<&'a str>,
}

/// Writes `truth.json` (streamed person by person) and `truth_roles.csv`.
pub fn write(w: &World, log: &mut TruthLog, header: serde_json::Value, dir: &Path) -> Result<()> {
    log.items.sort_by_key(|i| (i.0, i.1));
    log.accounts.sort_by_key(|a| a.1);
    let mut f = create(&dir.join("truth.json"))?;
    let mut roles = crate::writer::csv(&dir.join("truth_roles.csv"))?;
    roles.write_record(["person_id", "role", "tier", "network", "cell"])?;
    writeln!(f, "{{\"scenario\":{header},")?;
    let organisers: Vec<String> = w
        .networks
        .iter()
        .flat_map(|n| n.organisers.iter().map(|&p| pid(p)))
        .collect();
    writeln!(f, "\"organisers\":{},", serde_json::to_string(&organisers)?)?;
    let nets: Vec<_> = w
        .networks
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let cells: Vec<_> = n
                .cells
                .iter()
                .map(|&c| {
                    let cell = &w.cells[c as usize];
                    json!({
                        "id": c,
                        "lieutenant": pid(cell.lieutenant),
                        "area": crate::geo::CELL_AREAS[cell.area as usize],
                        "recruiters": cell.recruiters.iter().map(|&p| pid(p)).collect::<Vec<_>>(),
                        "drivers": cell.drivers.iter().map(|&p| pid(p)).collect::<Vec<_>>(),
                        "pilots": cell.pilots.iter().map(|&p| pid(p)).collect::<Vec<_>>(),
                        "collectors": cell.collectors.iter().map(|&p| pid(p)).collect::<Vec<_>>(),
                        "migrants": cell.migrants.1 - cell.migrants.0,
                        "work_phone": w.phones[cell.work_phone as usize].number(),
                    })
                })
                .collect();
            json!({
                "id": i,
                "organisers": n.organisers.iter().map(|&p| pid(p)).collect::<Vec<_>>(),
                "lieutenants": n.lieutenants.iter().map(|&p| pid(p)).collect::<Vec<_>>(),
                "hawaladars": n.hawaladars.iter().map(|&p| pid(p)).collect::<Vec<_>>(),
                "cells": cells,
            })
        })
        .collect();
    writeln!(f, "\"networks\":{},", serde_json::to_string(&nets)?)?;
    writeln!(f, "\"people\":[")?;
    let (mut it, mut ia) = (0usize, 0usize);
    for (i, p) in w.people.iter().enumerate() {
        let i32_ = i as u32;
        let mut person_records = Vec::new();
        let mut document_checks = Vec::new();
        while it < log.items.len() && log.items[it].0 == i32_ {
            match log.items[it].1 {
                Rec::PersonRecord => person_records.push(log.items[it].2.as_str()),
                Rec::DocumentCheck => document_checks.push(log.items[it].2.as_str()),
                Rec::Account => {}
            }
            it += 1;
        }
        let mut accounts = Vec::new();
        while ia < log.accounts.len() && log.accounts[ia].1 == i32_ {
            accounts.push(log.accounts[ia].0.as_str());
            ia += 1;
        }
        let phones = w.phones_of(i32_);
        let tier = p.role.tier();
        let aliases = if tier.is_some() {
            vec![w.alias(i32_)]
        } else {
            Vec::new()
        };
        let out = PersonOut {
            id: pid(i32_),
            name: p.name.canonical(),
            name_arabic: p.name.arabic(),
            aliases,
            role: p.role.as_str(),
            tier,
            network: (p.network != NONE).then_some(p.network),
            cell: (p.cell != NONE).then_some(p.cell),
            nationality: COUNTRIES[p.nationality as usize].iso2,
            residence: COUNTRIES[p.residence as usize].iso2,
            birth_date: iso(p.birth),
            kin: opt_pid(p.kin),
            crossing: (p.crossing != NONE).then(|| crate::maritime::crossing_id(p.crossing)),
            phones: phones
                .iter()
                .map(|&ph| w.phones[ph as usize].number())
                .collect(),
            imsis: phones
                .iter()
                .map(|&ph| w.phones[ph as usize].imsi())
                .collect(),
            imeis: (p.device_first..p.device_first + p.devices as u32)
                .map(|d| w.imei(d))
                .collect(),
            accounts,
            person_records,
            document_checks,
        };
        if i > 0 {
            f.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut f, &out)?;
        let tier_s = tier.map(|t| t.to_string()).unwrap_or_default();
        let net = if p.network == NONE {
            String::new()
        } else {
            p.network.to_string()
        };
        let cell = if p.cell == NONE {
            String::new()
        } else {
            p.cell.to_string()
        };
        roles.write_record([out.id.as_str(), out.role, &tier_s, &net, &cell])?;
    }
    writeln!(f, "\n],")?;
    writeln!(f, "\"crossings\":[")?;
    for (i, c) in w.crossings.iter().enumerate() {
        if i > 0 {
            f.write_all(b",\n")?;
        }
        let v = json!({
            "id": crate::maritime::crossing_id(i as u32),
            "cell": c.cell,
            "date": iso(c.day),
            "pilot": pid(c.pilot),
            "passengers": (c.passengers.0..c.passengers.1).map(pid).collect::<Vec<_>>(),
            "outcome": c.outcome,
        });
        serde_json::to_writer(&mut f, &v)?;
    }
    writeln!(f, "\n],")?;
    writeln!(f, "\"documents\":[")?;
    for (i, (check, presenter, holder, forgery)) in log.documents.iter().enumerate() {
        if i > 0 {
            f.write_all(b",\n")?;
        }
        let v = json!({"check_id": check, "presenter": pid(*presenter), "holder": pid(*holder),
            "genuine": forgery.is_empty(), "forgery": forgery});
        serde_json::to_writer(&mut f, &v)?;
    }
    writeln!(f, "\n],")?;
    writeln!(f, "\"subscriptions\":[")?;
    for (i, (phone, named)) in log.subscriptions.iter().enumerate() {
        if i > 0 {
            f.write_all(b",\n")?;
        }
        let ph = &w.phones[*phone as usize];
        let v = json!({"msisdn": ph.number(), "user": pid(ph.owner), "registered_to": opt_pid(*named),
            "false_name": *named == NONE, "in_users_name": *named == ph.owner});
        serde_json::to_writer(&mut f, &v)?;
    }
    writeln!(f, "\n],")?;
    writeln!(
        f,
        "\"accounts\":{},",
        serde_json::to_string(
            &log.accounts
                .iter()
                .map(|(k, o)| json!({"account": k, "owner": pid(*o)}))
                .collect::<Vec<_>>()
        )?
    )?;
    writeln!(
        f,
        "\"noise_adverts\":{}",
        serde_json::to_string(&log.noise_adverts)?
    )?;
    writeln!(f, "}}")?;
    f.flush()?;
    roles.flush()?;
    Ok(())
}
