//! Person records from one or two CSV files, with columns mapped to fields: the CSV mode of
//! `kingpin resolve csv` (dedupe one file, or link two).

use crate::record::RawPerson;
use std::collections::HashMap;
use std::path::Path;

/// Which columns feed which field. Each field takes one or more columns; the columns of one
/// `name` entry are joined with spaces (`given_name+surname`), several `name` entries give
/// several names.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// Column holding the record id (row number when absent).
    pub id: Option<String>,
    /// Name entries, each a list of columns joined with spaces.
    pub names: Vec<Vec<String>>,
    /// Columns holding dates of birth.
    pub birth_dates: Vec<String>,
    /// Columns holding phone numbers.
    pub phones: Vec<String>,
    /// Columns holding document numbers.
    pub documents: Vec<String>,
    /// Columns holding nationalities.
    pub nationalities: Vec<String>,
    /// Columns holding countries (default phone regions).
    pub countries: Vec<String>,
    /// Columns holding gender.
    pub genders: Vec<String>,
    /// Street-address entries, each a list of columns joined with spaces.
    pub addresses: Vec<Vec<String>>,
    /// Columns holding towns or suburbs.
    pub localities: Vec<String>,
    /// Columns holding postcodes.
    pub postcodes: Vec<String>,
    /// Columns holding given names, compared apart from family names.
    pub given: Vec<String>,
    /// Columns holding family names (surnames).
    pub family: Vec<String>,
    /// Column naming the true identity, for evaluation only.
    pub truth: Option<String>,
}

impl Mapping {
    /// Parses `field=col[+col…]` entries (fields: id, name, given, family, dob, phone,
    /// document, nationality, country, gender, address, town, postcode, truth). Without a
    /// `name`, given and family names make the whole name.
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        let mut m = Mapping::default();
        for e in entries {
            let (field, cols) = e
                .split_once('=')
                .ok_or_else(|| format!("mapping {e:?} is not field=column"))?;
            let cols: Vec<String> = cols.split('+').map(|c| c.trim().to_string()).collect();
            let one = || cols.join("+");
            match field.trim() {
                "id" => m.id = Some(one()),
                "name" => m.names.push(cols),
                "dob" | "birth_date" => m.birth_dates.extend(cols),
                "phone" => m.phones.extend(cols),
                "document" | "passport" => m.documents.extend(cols),
                "nationality" => m.nationalities.extend(cols),
                "country" => m.countries.extend(cols),
                "gender" | "sex" => m.genders.extend(cols),
                "address" => m.addresses.push(cols),
                "town" | "city" | "suburb" | "locality" => m.localities.extend(cols),
                "postcode" | "zip" => m.postcodes.extend(cols),
                "given" | "given_name" | "first_name" => m.given.extend(cols),
                "family" | "surname" | "last_name" => m.family.extend(cols),
                "truth" => m.truth = Some(one()),
                other => return Err(format!("unknown field {other:?} in mapping {e:?}")),
            }
        }
        if m.names.is_empty() && !m.given.is_empty() && !m.family.is_empty() {
            m.names
                .push(m.given.iter().chain(&m.family).cloned().collect());
        }
        if m.names.is_empty() {
            return Err(
                "the mapping needs at least one name=COLUMN (or given=COLUMN and family=COLUMN)"
                    .into(),
            );
        }
        Ok(m)
    }
}

/// Records of one CSV file, with the true identity of each when the mapping names a truth
/// column. Ids are prefixed with `tag` so two files never share one.
pub fn read_csv(
    path: &Path,
    mapping: &Mapping,
    tag: &str,
) -> Result<(Vec<RawPerson>, Vec<Option<String>>), csv::Error> {
    let mut rd = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let header: HashMap<String, usize> = rd
        .headers()?
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_string(), i))
        .collect();
    let missing: Vec<&String> = mapping
        .names
        .iter()
        .flatten()
        .chain(&mapping.birth_dates)
        .chain(&mapping.phones)
        .chain(&mapping.documents)
        .chain(&mapping.nationalities)
        .chain(&mapping.countries)
        .chain(&mapping.genders)
        .chain(mapping.addresses.iter().flatten())
        .chain(&mapping.localities)
        .chain(&mapping.postcodes)
        .chain(&mapping.given)
        .chain(&mapping.family)
        .chain(mapping.id.iter())
        .chain(mapping.truth.iter())
        .filter(|c| !header.contains_key(c.as_str()))
        .collect();
    if let Some(c) = missing.first() {
        return Err(csv::Error::from(std::io::Error::other(format!(
            "{}: no column {c:?}",
            path.display()
        ))));
    }
    let mut out = Vec::new();
    let mut truth = Vec::new();
    for (row, rec) in rd.records().enumerate() {
        let rec = rec?;
        let get = |c: &str| rec.get(header[c]).unwrap_or("").trim().to_string();
        // One column may hold several values separated by `;` (as `kingpin resolve
        // --export-csv` writes them).
        let many = |cols: &[String]| -> Vec<String> {
            cols.iter()
                .flat_map(|c| {
                    get(c)
                        .split(';')
                        .map(|v| v.trim().to_string())
                        .collect::<Vec<_>>()
                })
                .filter(|v| !v.is_empty())
                .collect()
        };
        let joined = |entries: &[Vec<String>]| -> Vec<String> {
            entries
                .iter()
                .flat_map(|cols| {
                    if let [one] = cols.as_slice() {
                        many(std::slice::from_ref(one))
                    } else {
                        vec![
                            cols.iter()
                                .map(|c| get(c))
                                .filter(|v| !v.is_empty())
                                .collect::<Vec<_>>()
                                .join(" "),
                        ]
                    }
                })
                .filter(|n| !n.is_empty())
                .collect()
        };
        let names = joined(&mapping.names);
        let id = mapping
            .id
            .as_deref()
            .map_or_else(|| (row + 1).to_string(), get);
        out.push(RawPerson {
            id: format!("{tag}{id}"),
            names,
            birth_dates: many(&mapping.birth_dates),
            phones: many(&mapping.phones),
            documents: many(&mapping.documents),
            nationalities: many(&mapping.nationalities),
            countries: many(&mapping.countries),
            genders: many(&mapping.genders),
            addresses: joined(&mapping.addresses),
            localities: many(&mapping.localities),
            postcodes: many(&mapping.postcodes),
            given: many(&mapping.given),
            family: many(&mapping.family),
        });
        truth.push(mapping.truth.as_deref().map(get).filter(|t| !t.is_empty()));
    }
    Ok((out, truth))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_columns_to_fields() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        std::fs::write(
            &p,
            "rid,given,family,born,tel,who\n1,Mihemed,Barwari,1988-02-20,+9647501112222,p1\n2,Mohammed,BERWARI,,,p1\n",
        )
        .unwrap();
        let m = Mapping::parse(&[
            "id=rid".into(),
            "name=given+family".into(),
            "dob=born".into(),
            "phone=tel".into(),
            "truth=who".into(),
        ])
        .unwrap();
        let (recs, truth) = read_csv(&p, &m, "a:").unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].id, "a:1");
        assert_eq!(recs[0].names, vec!["Mihemed Barwari".to_string()]);
        assert!(recs[1].birth_dates.is_empty());
        assert_eq!(truth, vec![Some("p1".into()), Some("p1".into())]);
        assert!(Mapping::parse(&["dob=born".into()]).is_err());
        let split = Mapping::parse(&["given=given".into(), "family=family".into()]).unwrap();
        let (recs, _) = read_csv(&p, &split, "").unwrap();
        assert_eq!(recs[1].names, vec!["Mohammed BERWARI".to_string()]);
        assert_eq!(
            (recs[1].given.clone(), recs[1].family.clone()),
            (vec!["Mohammed".into()], vec!["BERWARI".into()])
        );
        let bad = Mapping::parse(&["name=nope".into()]).unwrap();
        assert!(read_csv(&p, &bad, "").is_err());
    }
}
