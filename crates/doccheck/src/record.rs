//! Recording an examination: the document, its holder as presented, and the examination
//! itself become entities, written in one transaction as a lab source.

use crate::crosscheck::{Examination, Outcome};
use crate::{Error, Result};
use kingpin_model::{Fragment, Grading, make_id, model};
use kingpin_store::{NewSource, Store};
use serde::Serialize;

/// Ids of what was written.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    /// The Examination entity.
    pub examination: String,
    /// The Document entity (one per number, state and holder: a reused number makes two).
    pub document: Option<String>,
    /// The holder as presented.
    pub holder: Option<String>,
}

fn add(f: &mut Fragment<'_>, prop: &str, value: &str) -> Result<()> {
    f.add(prop, value).map_err(|e| Error::Model(e.to_string()))
}

fn frag<'m>(schema: &str, id: &str, grading: Grading) -> Result<Fragment<'m>>
where
    'static: 'm,
{
    let mut f = Fragment::new(model(), schema, id).map_err(|e| Error::Model(e.to_string()))?;
    f.grading = grading;
    Ok(f)
}

/// Writes an examination made by `examiner` at `lab` at time `at` (ISO 8601).
pub fn record(
    store: &mut dyn Store,
    exam: &Examination,
    lab: &str,
    examiner: &str,
    at: &str,
    grading: Grading,
) -> Result<Recorded> {
    let mrz_text = exam.lines.join("\n");
    let exam_id = make_id("examination", &[lab, examiner, at, &mrz_text]).unwrap_or_default();
    let mut fragments = Vec::new();
    let mut out = Recorded {
        examination: exam_id.clone(),
        document: None,
        holder: None,
    };
    let mut e = frag("Examination", &exam_id, grading)?;
    add(&mut e, "date", at)?;
    add(&mut e, "lab", lab)?;
    add(&mut e, "examiner", examiner)?;
    add(&mut e, "mrz", &mrz_text)?;
    let verdict = match exam.outcome {
        Outcome::Clear => "clear",
        Outcome::Suspect => "suspect",
        Outcome::Invalid => "invalid",
    };
    add(&mut e, "verdict", verdict)?;
    for code in exam.codes() {
        add(&mut e, "finding", &code)?;
    }
    if let Some(used) = &exam.used_on {
        add(&mut e, "usedOn", used)?;
    }
    if let Some(f) = &exam.mrz.fields {
        let (state, number) = (f.issuing_state.as_str(), f.document_number.as_str());
        let (surname, given) = (f.surname.as_str(), f.given_names.as_str());
        let birth = f.birth_date.iso.map(|d| d.to_string()).unwrap_or_default();
        let key = [state, number, surname, given, birth.as_str()];
        let holder_id = make_id("document-holder", &key);
        let doc_id = make_id("examined-document", &key);
        add(&mut e, "documentNumber", number)?;
        add(&mut e, "issuingState", state)?;
        if let Some(h) = &holder_id {
            let mut p = frag("Person", h, grading)?;
            add(&mut p, "name", &format!("{given} {surname}"))?;
            add(&mut p, "firstName", given)?;
            add(&mut p, "lastName", surname)?;
            add(&mut p, "birthDate", &birth)?;
            add(&mut p, "gender", f.sex.as_str())?;
            add(&mut p, "passportNumber", number)?;
            fragments.push(p);
            add(&mut e, "holder", h)?;
        }
        if let Some(d) = &doc_id {
            let mut doc = frag("Document", d, grading)?;
            add(&mut doc, "number", number)?;
            add(&mut doc, "issuingState", state)?;
            add(&mut doc, "nationality", f.nationality.as_str())?;
            add(&mut doc, "documentType", f.document_code.as_str())?;
            add(&mut doc, "surname", surname)?;
            add(&mut doc, "givenName", given)?;
            add(&mut doc, "birthDate", &birth)?;
            add(&mut doc, "gender", f.sex.as_str())?;
            if let Some(x) = f.expiry_date.iso {
                add(&mut doc, "expiryDate", &x.to_string())?;
            }
            add(&mut doc, "mrz", &mrz_text)?;
            if let Some(h) = &holder_id {
                add(&mut doc, "holder", h)?;
            }
            fragments.push(doc);
            add(&mut e, "document", d)?;
        }
        out.document = doc_id;
        out.holder = holder_id;
    }
    fragments.push(e);
    let mut w = store.begin(NewSource {
        name: format!("lab:{lab}"),
        kind: "examination".into(),
        path: None,
        grading,
    })?;
    for f in &fragments {
        w.put(f)?;
    }
    w.commit(1)?;
    Ok(out)
}
