//! One person record with every field normalised once, before any pair is looked at.

use crate::handsets::Handsets;
use crate::normalise::dates::PartialDate;
use crate::normalise::documents::{normalise_document, normalise_postcode};
use crate::normalise::names::{NormName, normalise_name};
use crate::normalise::phone::{NormPhone, PhoneCache, normalise_phone_cached};
use kingpin_model::Entity;
use kingpin_store::Store;
use std::collections::HashMap;

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
    /// Gender as written (`M`, `F`, `male`, `female`…); anything else is ignored.
    pub genders: Vec<String>,
    /// Street addresses (number, street, building).
    pub addresses: Vec<String>,
    /// Towns, suburbs or cities.
    pub localities: Vec<String>,
    /// Postcodes.
    pub postcodes: Vec<String>,
    /// Given names, when the source keeps them apart from the family name (compared on
    /// their own, see [`crate::compare`]).
    pub given: Vec<String>,
    /// Family names (surnames), when kept apart.
    pub family: Vec<String>,
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
            genders: own(&["gender"]),
            addresses: own(&["address"]),
            localities: Vec::new(),
            postcodes: own(&["postalCode"]),
            // The store's names are whole names (aliases, Arabic script, ledger spellings);
            // first and last names are folded into `names` above.
            given: Vec::new(),
            family: Vec::new(),
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
    /// Gender: `Some(true)` female, `Some(false)` male, as written or inferred from the
    /// given name (see [`infer_genders`]).
    pub female: Option<bool>,
    /// Whether `female` was inferred from the given name rather than written.
    pub gender_inferred: bool,
    /// Street addresses, folded (lower case, ASCII, single spaces).
    pub addresses: Vec<String>,
    /// Towns or suburbs, folded.
    pub localities: Vec<String>,
    /// Postcodes, upper-case alphanumerics.
    pub postcodes: Vec<String>,
    /// Given names, normalised ([`NamePart`]); empty when the source has whole names only.
    pub given: Vec<NamePart>,
    /// Family names, normalised.
    pub family: Vec<NamePart>,
    /// Handset groups of the record's phones ([`crate::handsets`]), sorted.
    pub handsets: Vec<u32>,
    /// Whether every phone of the record has a handset group.
    pub handsets_complete: bool,
}

impl Record {
    /// Normalises every field of a raw record.
    pub fn new(raw: &RawPerson) -> Self {
        Self::with_cache(raw, None)
    }

    /// [`Record::new`], parsing phones through a shared cache.
    pub fn with_cache(raw: &RawPerson, cache: Option<&PhoneCache>) -> Self {
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
            if let Some(np) = normalise_phone_cached(p, &regions, cache)
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
        let mut female = None;
        for g in &raw.genders {
            let g = match g.trim().to_ascii_lowercase().as_str() {
                "f" | "female" | "woman" | "w" => Some(true),
                "m" | "male" | "man" => Some(false),
                _ => None,
            };
            if g.is_some() {
                // Two genders on one record: treat as unknown.
                female = if female.is_none() || female == g {
                    g
                } else {
                    None
                };
            }
        }
        Record {
            id: raw.id.clone(),
            names,
            birth_dates,
            phones,
            documents,
            nationalities,
            female,
            gender_inferred: false,
            addresses: folded(&raw.addresses),
            localities: folded(&raw.localities),
            postcodes: {
                let mut v: Vec<String> = raw
                    .postcodes
                    .iter()
                    .filter_map(|p| normalise_postcode(p))
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            },
            given: parts(&raw.given),
            family: parts(&raw.family),
            handsets: Vec::new(),
            handsets_complete: false,
        }
    }

    /// Whether the record keeps given and family names apart (at least one of them).
    pub fn has_parts(&self) -> bool {
        !self.given.is_empty() || !self.family.is_empty()
    }

    /// Looks the record's phones up in the handset groups.
    pub fn set_handsets(&mut self, handsets: &Handsets) {
        let groups: Vec<Option<u32>> = self
            .phones
            .iter()
            .map(|p| p.e164.as_deref().and_then(|e| handsets.group(e)))
            .collect();
        self.handsets_complete = !groups.is_empty() && groups.iter().all(Option::is_some);
        self.handsets = groups.into_iter().flatten().collect();
        self.handsets.sort_unstable();
        self.handsets.dedup();
    }
}

/// One part of a name (a given name or a family name) normalised as names are: canonical
/// tokens joined by spaces, and their consonant skeletons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamePart {
    /// Canonical tokens in written order, joined by single spaces.
    pub text: String,
    /// Consonant skeletons of the tokens, joined by single spaces.
    pub skel: String,
}

/// Normalised name parts, empty ones and duplicates dropped.
fn parts(values: &[String]) -> Vec<NamePart> {
    let mut out: Vec<NamePart> = Vec::new();
    for v in values {
        let n = normalise_name(v);
        if n.is_empty() {
            continue;
        }
        let p = NamePart {
            text: n.tokens.join(" "),
            skel: n.skeletons.join(" "),
        };
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// Folded, space-normalised, non-empty values without duplicates.
fn folded(values: &[String]) -> Vec<String> {
    let mut v: Vec<String> = values
        .iter()
        .map(|a| {
            crate::normalise::fold(a)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|a| !a.is_empty())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Fills in the gender of records that have none from their given names (first token of
/// each name), using the records that state a gender as the table: a given name seen at
/// least three times and with one gender in at least 95% of them decides. No outside list.
pub fn infer_genders(records: &mut [Record]) {
    let mut table: HashMap<&str, (u32, u32)> = HashMap::new();
    for r in records.iter() {
        if let Some(f) = r.female {
            let mut seen: Vec<&str> = Vec::new();
            for n in &r.names {
                if let Some(t) = n.tokens.first()
                    && !seen.contains(&t.as_str())
                {
                    seen.push(t);
                    let e = table.entry(t).or_default();
                    if f { e.0 += 1 } else { e.1 += 1 }
                }
            }
        }
    }
    let decided: HashMap<String, bool> = table
        .into_iter()
        .filter_map(|(t, (f, m))| {
            let n = f + m;
            (n >= 3 && (f.max(m) as f64) >= 0.95 * n as f64).then(|| (t.to_string(), f > m))
        })
        .collect();
    for r in records.iter_mut().filter(|r| r.female.is_none()) {
        let votes: Vec<bool> = r
            .names
            .iter()
            .filter_map(|n| n.tokens.first().and_then(|t| decided.get(t)).copied())
            .collect();
        if let Some(&first) = votes.first()
            && votes.iter().all(|&v| v == first)
        {
            r.female = Some(first);
            r.gender_inferred = true;
        }
    }
}

/// How common each name is among *people*, written into every name as term frequencies
/// (`tf_sorted` for the name's parts in any order, `tf_skel` for its consonant skeletons):
/// a match on a rare name is then stronger evidence than one on `Muhammad Ahmad` (Splink's
/// term-frequency adjustment).
///
/// Splink counts records; here one organiser's nickname in a hundred ledger rows would make
/// a rare name look common and cut his own links. So records are first grouped by
/// `group[i]` (the components of the links that rest on more than a name: a shared phone,
/// document or date of birth), and a name's frequency is the chance that a record of
/// *another* group bears it: (groups with the name − 1, at least ½) / groups.
pub fn set_term_frequencies(records: &mut [Record], group: &[u32]) {
    let groups = {
        let mut g: Vec<u32> = group.to_vec();
        g.sort_unstable();
        g.dedup();
        g.len().max(1) as f64
    };
    let mut seen: HashMap<(&str, u32), ()> = HashMap::new();
    let mut sorted: HashMap<&str, u32> = HashMap::new();
    let mut skel: HashMap<&str, u32> = HashMap::new();
    for (r, &g) in records.iter().zip(group) {
        for n in &r.names {
            if seen.insert((n.sorted.as_str(), g), ()).is_none() {
                *sorted.entry(n.sorted.as_str()).or_default() += 1;
            }
            // Skeleton keys live in the same map: prefix-free thanks to the marker.
            if seen
                .insert((n.sorted_skel.as_str(), g | 1 << 31), ())
                .is_none()
            {
                *skel.entry(n.sorted_skel.as_str()).or_default() += 1;
            }
        }
    }
    let tf = |c: Option<&u32>| (c.map_or(0.0, |&c| (c as f64 - 1.0).max(0.5)) / groups) as f32;
    let values: Vec<Vec<(f32, f32)>> = records
        .iter()
        .map(|r| {
            r.names
                .iter()
                .map(|n| {
                    (
                        tf(sorted.get(n.sorted.as_str())),
                        tf(skel.get(n.sorted_skel.as_str())),
                    )
                })
                .collect()
        })
        .collect();
    for (r, v) in records.iter_mut().zip(values) {
        for (n, (a, b)) in r.names.iter_mut().zip(v) {
            n.tf_sorted = a;
            n.tf_skel = b;
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
