//! Writing an MRZ from its fields, every check digit computed: for tests,
//! benchmarks, fuzz seeds and synthetic documents.

use crate::checkdigit::{Summer, compute};
use crate::layout::{DocType, Span};

/// The fields to write; text is taken as given (upper-case A-Z, 0-9), spaces become fillers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Layout.
    pub doc_type: DocType,
    /// Document code, e.g. `P`, `ID`, `V`.
    pub document_code: String,
    /// Issuing state, e.g. `UTO`, `D`.
    pub issuing_state: String,
    /// Surname (primary identifier).
    pub surname: String,
    /// Given names (secondary identifier), space-separated.
    pub given_names: String,
    /// Document number; over nine characters continues into the optional data (TD1, TD2).
    pub document_number: String,
    /// Nationality.
    pub nationality: String,
    /// YYMMDD.
    pub birth_date: String,
    /// `M`, `F` or `<`.
    pub sex: char,
    /// YYMMDD.
    pub expiry_date: String,
    /// Optional data (TD3: personal number).
    pub optional_data: String,
    /// TD1 line-2 optional data.
    pub optional_data_2: String,
}

/// `s` with spaces as fillers, cut or padded with fillers to `width`.
fn fit(s: &str, width: usize) -> Vec<u8> {
    let mut v: Vec<u8> = s
        .bytes()
        .map(|b| if b == b' ' { b'<' } else { b })
        .take(width)
        .collect();
    v.resize(width, b'<');
    v
}

fn put(line: &mut [u8], span: Span, bytes: &[u8]) {
    let (start, end) = (span.start as usize, span.end as usize);
    line[start..end].copy_from_slice(&fit(&String::from_utf8_lossy(bytes), end - start));
}

fn digit(d: u8) -> Vec<u8> {
    vec![b'0' + d]
}

/// Writes the MRZ lines for `spec`.
pub fn compose(spec: &Spec) -> Vec<String> {
    let lay = spec.doc_type.layout();
    let w = lay.width as usize;
    let mut lines = vec![vec![b'<'; w]; lay.lines as usize];
    let mut set = |span: Span, bytes: &[u8]| put(&mut lines[span.line as usize], span, bytes);

    set(lay.doc_code, spec.document_code.as_bytes());
    set(lay.issuing_state, spec.issuing_state.as_bytes());
    let name = format!("{}<<{}", spec.surname, spec.given_names);
    set(lay.name, name.as_bytes());

    let number = spec.document_number.as_bytes();
    let mut optional = spec.optional_data.clone().into_bytes();
    if lay.long_number && number.len() > 9 {
        set(lay.number, &number[..9]);
        set(lay.number_check, b"<");
        let mut cont = number[9..].to_vec();
        cont.push(b'0' + compute(number));
        cont.push(b'<');
        cont.extend_from_slice(&optional);
        optional = cont;
    } else {
        set(lay.number, number);
        set(
            lay.number_check,
            &digit(compute(&fit(&spec.document_number, 9))),
        );
    }
    set(lay.optional, &optional);
    set(lay.nationality, spec.nationality.as_bytes());
    set(lay.birth, spec.birth_date.as_bytes());
    set(lay.birth_check, &digit(compute(spec.birth_date.as_bytes())));
    set(lay.sex, &[spec.sex as u8]);
    set(lay.expiry, spec.expiry_date.as_bytes());
    set(
        lay.expiry_check,
        &digit(compute(spec.expiry_date.as_bytes())),
    );
    if let Some(s) = lay.optional2 {
        set(s, spec.optional_data_2.as_bytes());
    }
    if let Some(oc) = lay.optional_check {
        let width = (lay.optional.end - lay.optional.start) as usize;
        set(oc, &digit(compute(&fit(&spec.optional_data, width))));
    }
    if let Some((cd, spans)) = lay.composite {
        let mut s = Summer::default();
        for sp in spans {
            s.add(&lines[sp.line as usize][sp.start as usize..sp.end as usize]);
        }
        let d = digit(s.digit());
        put(&mut lines[cd.line as usize], cd, &d);
    }
    lines
        .into_iter()
        .map(|l| String::from_utf8_lossy(&l).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_td3_specimen() {
        let spec = Spec {
            doc_type: DocType::Td3,
            document_code: "P".into(),
            issuing_state: "UTO".into(),
            surname: "ERIKSSON".into(),
            given_names: "ANNA MARIA".into(),
            document_number: "L898902C3".into(),
            nationality: "UTO".into(),
            birth_date: "740812".into(),
            sex: 'F',
            expiry_date: "120415".into(),
            optional_data: "ZE184226B".into(),
            optional_data_2: String::new(),
        };
        assert_eq!(
            compose(&spec),
            [
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
            ]
        );
    }

    #[test]
    fn writes_a_td1_long_number() {
        let spec = Spec {
            doc_type: DocType::Td1,
            document_code: "I".into(),
            issuing_state: "UTO".into(),
            surname: "STEVENSON".into(),
            given_names: "PETER JOHN".into(),
            document_number: "D23145890734".into(),
            nationality: "UTO".into(),
            birth_date: "340712".into(),
            sex: 'M',
            expiry_date: "950712".into(),
            optional_data: String::new(),
            optional_data_2: String::new(),
        };
        assert_eq!(
            compose(&spec),
            [
                "I<UTOD23145890<7349<<<<<<<<<<<",
                "3407127M9507122UTO<<<<<<<<<<<2",
                "STEVENSON<<PETER<JOHN<<<<<<<<<"
            ]
        );
    }
}
