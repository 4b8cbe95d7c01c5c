//! One person record with every field normalised once, before any pair is looked at.

use crate::normalise::dates::PartialDate;
use crate::normalise::documents::normalise_document;
use crate::normalise::names::{NormName, normalise_name};
use crate::normalise::phone::{NormPhone, normalise_phone};
use kingpin_model::Entity;
use kingpin_store::Store;

/// At most this many names per record take part in comparisons; more only cost time.
const MAX_NAMES: usize = 6;

/// The raw fields of a person record, from the store or a CSV file.
#[derive(Debug, Clone, Default)]
pub struct RawPerson {
    /// Stable id (the store's entity id, or a CSV row id).
    pub id: String,
    /// Names in any script and order (name, aliases, Arabic-script name, first + last).
    pub names: Vec<String>,
    /// Dates of birth as written.
    pub birth_dates: Vec<String>,
    /// Phone numbers as written.
    pub phones: Vec<String>,
    /// Passport and identity document numbers.
    pub documents: Vec<String>,
    /// Nationalities (ISO alpha-2).
    pub nationalities: Vec<String>,
    /// Countries the record places the person in (residence, transfer country), used as
    /// default regions for national-form phone numbers.
    pub countries: Vec<String>,
}

impl RawPerson {
    /// The person fields of a store entity.
    pub fn from_entity(e: &Entity) -> Self {
        let own = |props: &[&str]| -> Vec<String> {
            props
                .iter()
                .flat_map(|p| e.values(p))
                .map(str::to_string)
                .collect()
        };
        let mut names = own(&["name", "alias", "nameArabic", "weakAlias"]);
        let first = e.first("firstName");
        let last = e.first("lastName");
        if let (Some(f), Some(l)) = (first, last) {
            names.push(format!("{f} {l}"));
        }
        names.dedup();
        RawPerson {
            id: e.id.clone(),
            names,
            birth_dates: own(&["birthDate"]),
            phones: own(&["phone"]),
            documents: own(&["passportNumber", "idNumber"]),
            nationalities: own(&["nationality"]),
            countries: own(&["country", "mainCountry"]),
        }
    }
}

/// A person record ready for blocking and comparison.
#[derive(Debug, Clone)]
pub struct Record {
    /// Stable id.
    pub id: String,
    /// Normalised names (empty ones dropped).
    pub names: Vec<NormName>,
    /// Dates of birth.
    pub birth_dates: Vec<PartialDate>,
    /// Phone numbers.
    pub phones: Vec<NormPhone>,
    /// Document numbers.
    pub documents: Vec<String>,
    /// Nationalities, lower case.
    pub nationalities: Vec<String>,
}

impl Record {
    /// Normalises every field of a raw record.
    pub fn new(raw: &RawPerson) -> Self {
        let mut names: Vec<NormName> = Vec::new();
        for n in &raw.names {
            let nn = normalise_name(n);
            if !nn.is_empty() && !names.iter().any(|m| m.tokens == nn.tokens) {
                names.push(nn);
            }
        }
        names.truncate(MAX_NAMES);
        let regions: Vec<&str> = raw
            .countries
            .iter()
            .chain(raw.nationalities.iter())
            .map(String::as_str)
            .collect();
        let mut phones: Vec<NormPhone> = Vec::new();
        for p in &raw.phones {
            if let Some(np) = normalise_phone(p, &regions)
                && !phones.contains(&np)
            {
                phones.push(np);
            }
        }
        let mut birth_dates: Vec<PartialDate> = raw
            .birth_dates
            .iter()
            .filter_map(|d| PartialDate::parse(d))
            .collect();
        birth_dates.dedup();
        let mut documents: Vec<String> = raw
            .documents
            .iter()
            .filter_map(|d| normalise_document(d))
            .collect();
        documents.sort_unstable();
        documents.dedup();
        let mut nationalities: Vec<String> = raw
            .nationalities
            .iter()
            .map(|n| n.to_ascii_lowercase())
            .collect();
        nationalities.sort_unstable();
        nationalities.dedup();
        Record {
            id: raw.id.clone(),
            names,
            birth_dates,
            phones,
            documents,
            nationalities,
        }
    }
}

/// Reads every Person entity of a store, in storage order.
pub fn load_persons(store: &dyn Store) -> kingpin_store::Result<Vec<RawPerson>> {
    let mut out = Vec::new();
    store.for_each_entity(Some("Person"), &mut |e| {
        out.push(RawPerson::from_entity(&e));
        Ok(())
    })?;
    Ok(out)
}
