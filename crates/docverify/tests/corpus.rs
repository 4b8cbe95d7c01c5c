//! Every case of the shared MRZ corpus: verdict, layout, fields and the failing checks named.

use kingpin_docverify::{Code, Date, DocType, Options, Verdict, validate_lines};
use serde_json::Value;

const CORPUS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/mrz/corpus.jsonl"
));

/// The corpus names checks in its own words; these are the codes that answer to each.
fn codes_for(check: &str) -> &'static [Code] {
    match check {
        "birth_date_check_digit" => &[Code::CheckDigitBirthDate],
        "birth_date_format" => &[Code::BirthDateFormat],
        "charset" => &[Code::Charset],
        "composite_check_digit" => &[Code::CheckDigitComposite],
        "document_code" => &[Code::DocumentCode],
        "document_number_check_digit" => &[Code::CheckDigitDocumentNumber],
        "expiry_date_check_digit" => &[Code::CheckDigitExpiryDate],
        "expiry_date_format" => &[Code::ExpiryDateFormat],
        "issuing_state_code" => &[Code::IssuingStateCode, Code::IssuingStateNationalityOnly],
        "line_length" => &[Code::LineLength],
        "name_field" => &[
            Code::NameInvalidCharacter,
            Code::NameLeadingFiller,
            Code::NameFormat,
            Code::NameEmpty,
        ],
        "nationality_code" => &[Code::NationalityCode],
        "optional_data_check_digit" => &[Code::CheckDigitOptionalData],
        "sex" => &[Code::SexInvalid],
        other => panic!("corpus names a check this test does not map: {other}"),
    }
}

struct Case {
    n: usize,
    raw: Value,
    lines: Vec<String>,
}

fn cases() -> Vec<Case> {
    CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            let raw: Value = serde_json::from_str(l).expect("corpus line is JSON");
            let lines = raw["lines"]
                .as_array()
                .expect("lines")
                .iter()
                .map(|v| v.as_str().expect("line is a string").to_string())
                .collect();
            Case {
                n: i + 1,
                raw,
                lines,
            }
        })
        .collect()
}

fn opts() -> Options {
    Options::strict().with_today(Date::new(2025, 6, 1).unwrap())
}

fn describe(c: &Case, v: &Verdict) -> String {
    let found: Vec<String> = v
        .findings()
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}-{} {}",
                f.code.as_str(),
                f.line,
                f.start,
                f.end,
                f.message()
            )
        })
        .collect();
    format!("case {} {:?}\n  findings: {:#?}", c.n, c.lines, found)
}

#[test]
fn corpus_is_there() {
    assert!(cases().len() >= 60, "corpus has {} cases", cases().len());
}

#[test]
fn strict_verdicts() {
    for c in cases() {
        let v = validate_lines(&c.lines, &opts());
        let expect = c.raw["expect_valid"].as_bool().expect("expect_valid");
        assert_eq!(v.valid, expect, "{}", describe(&c, &v));
    }
}

#[test]
fn lenient_verdicts() {
    let lenient = Options {
        mode: kingpin_docverify::Mode::Lenient,
        ..opts()
    };
    for c in cases() {
        let v = validate_lines(&c.lines, &lenient);
        let expect = c.raw["expect_valid"].as_bool().unwrap();
        let quirk = c.raw["lenient_valid"].as_bool().unwrap_or(false);
        // Lenient accepts documented quirks only: every other verdict stays as strict.
        assert_eq!(v.valid, expect || quirk, "{}", describe(&c, &v));
        if quirk && !expect {
            assert!(
                v.findings()
                    .iter()
                    .any(|f| f.code.as_str().starts_with("QUIRK_")),
                "quirk not reported: {}",
                describe(&c, &v)
            );
        }
    }
}

#[test]
fn layouts() {
    for c in cases() {
        let v = validate_lines(&c.lines, &opts());
        let want = DocType::from_name(c.raw["type"].as_str().unwrap());
        assert_eq!(v.doc_type, want, "{}", describe(&c, &v));
    }
}

#[test]
fn expected_fields() {
    let mut compared = 0;
    for c in cases() {
        let Some(exp) = c.raw["expected_fields"].as_object() else {
            continue;
        };
        let v = validate_lines(&c.lines, &opts());
        let f = v.fields.expect("fields");
        for (key, want) in exp {
            let got = match key.as_str() {
                "document_number" => f.document_number.to_string(),
                "surname" => f.surname.to_string(),
                "given_names" => f.given_names.to_string(),
                "nationality" => f.nationality.to_string(),
                "issuing_state" => f.issuing_state.to_string(),
                "birth_date" => f.birth_date.raw.to_string(),
                "expiry_date" => f.expiry_date.raw.to_string(),
                "sex" => f.sex.to_string(),
                "optional_data" => f.optional_data.to_string(),
                other => panic!("unmapped expected field {other}"),
            };
            assert_eq!(got, want.as_str().unwrap(), "{key}: {}", describe(&c, &v));
            compared += 1;
        }
    }
    assert!(compared >= 260, "only {compared} fields compared");
}

#[test]
fn failing_checks_are_reported() {
    let mut named = 0;
    for c in cases() {
        let v = validate_lines(&c.lines, &opts());
        for check in c.raw["failing_checks"].as_array().unwrap() {
            let codes = codes_for(check.as_str().unwrap());
            assert!(
                v.findings().iter().any(|f| codes.contains(&f.code)),
                "{check} not reported: {}",
                describe(&c, &v)
            );
            named += 1;
        }
        // A valid case names no failing check, and an invalid one has an error to show for it.
        assert_eq!(v.errors().next().is_none(), v.valid);
    }
    assert!(named > 50, "only {named} failing checks named");
}

#[test]
fn specimens_are_flagged() {
    for c in cases() {
        let v = validate_lines(&c.lines, &opts());
        let uto = c.lines.iter().any(|l| l.contains("UTO"));
        if v.specimen {
            assert!(uto);
            assert!(
                v.findings.contains(Code::SpecimenState),
                "{}",
                describe(&c, &v)
            );
        }
        if c.raw["expect_valid"].as_bool().unwrap()
            && c.raw["expected_fields"]["issuing_state"] == "UTO"
        {
            assert!(v.specimen, "{}", describe(&c, &v));
        }
    }
}
