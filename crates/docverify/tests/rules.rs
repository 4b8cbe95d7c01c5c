//! Rules the corpus does not pin down: quirks, dates, positions, input forms.

use kingpin_docverify::{
    Code, Date, DocType, Mode, Options, Severity, Verdict, validate, validate_lines,
};

const TD3: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];

/// The genuine Belgian card behind the corpus's BEL-BO-03003 case (birth check digit restored).
const BEL: [&str; 3] = [
    "IDBEL000590240<6013<<<<<<<<<<<",
    "8512017F1311048BEL851201002007",
    "REINARTZ<<ULRIKE<KATIA<E<<<<<<",
];

fn today() -> Date {
    Date::new(2025, 6, 1).unwrap()
}

fn strict() -> Options {
    Options::strict().with_today(today())
}

fn lenient() -> Options {
    Options::lenient().with_today(today())
}

fn codes(v: &Verdict) -> Vec<&'static str> {
    v.findings().iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn belgian_long_number_is_a_lenient_quirk() {
    let s = validate_lines(&BEL, &strict());
    assert!(!s.valid);
    assert_eq!(codes(&s), ["CHECK_DIGIT_DOCUMENT_NUMBER"]);
    let f = s.findings()[0];
    // The whole long number and its check digit: cols 6-14, the filler, then 601 and 3.
    assert_eq!((f.line, f.start, f.end), (1, 6, 19));

    let l = validate_lines(&BEL, &lenient());
    assert!(l.valid, "{:?}", codes(&l));
    assert_eq!(codes(&l), ["QUIRK_LONG_NUMBER_CHECK_INCLUDES_FILLER"]);
    assert_eq!(l.findings()[0].severity(), Severity::Warning);
    let fields = l.fields.unwrap();
    assert_eq!(fields.document_number, "000590240601");
    assert!(fields.long_document_number);
    assert_eq!(fields.given_names, "ULRIKE KATIA E");
}

#[test]
fn single_name_after_double_filler_is_a_lenient_quirk() {
    let lines = [
        "P<UTO<<SUKARNO<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];
    assert!(
        validate_lines(&lines, &strict())
            .findings
            .contains(Code::NameLeadingFiller)
    );
    let l = validate_lines(&lines, &lenient());
    assert!(l.valid, "{:?}", codes(&l));
    assert!(l.findings.contains(Code::QuirkEmptyPrimaryIdentifier));
    let f = l.fields.unwrap();
    assert_eq!(
        (f.surname.as_str(), f.given_names.as_str()),
        ("", "SUKARNO")
    );
}

#[test]
fn specimen_is_valid_with_a_warning_per_field() {
    let v = validate_lines(&TD3, &strict());
    assert!(v.valid && v.specimen);
    let specimen: Vec<_> = v
        .findings()
        .iter()
        .filter(|f| f.code == Code::SpecimenState)
        .map(|f| (f.line, f.start, f.end))
        .collect();
    assert_eq!(specimen, [(1, 3, 5), (2, 11, 13)]);
    let f = v.fields.unwrap();
    assert_eq!(f.birth_date.iso, Date::new(1974, 8, 12));
    assert_eq!(f.expiry_date.iso, Date::new(2012, 4, 15));
}

#[test]
fn positions_point_at_the_bad_characters() {
    let v = validate_lines(
        &[TD3[0], "L898902C36UTO7408122F1204159ZE184226B<<<<<15"],
        &strict(),
    );
    let f = v
        .findings()
        .iter()
        .find(|f| f.code == Code::CheckDigitComposite)
        .unwrap();
    assert_eq!((f.line, f.start, f.end), (2, 44, 44));
    assert_eq!(
        f.message(),
        "composite check digit is '5', but the data computes to 0"
    );

    let v = validate_lines(
        &["P<UTOERIKSS0N<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3[1]],
        &strict(),
    );
    let f = v
        .findings()
        .iter()
        .find(|f| f.code == Code::NameInvalidCharacter)
        .unwrap();
    assert_eq!((f.line, f.start, f.end), (1, 12, 12));

    let v = validate_lines(
        &[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<1é",
        ],
        &strict(),
    );
    let f = v
        .findings()
        .iter()
        .find(|f| f.code == Code::Charset)
        .unwrap();
    assert_eq!((f.line, f.start, f.end), (2, 44, 44));
    assert!(f.message().contains("'é'"), "{}", f.message());
}

#[test]
fn as_of_adds_expired() {
    let without = validate_lines(&TD3, &strict());
    assert!(without.valid && !without.findings.contains(Code::Expired));
    let asof = strict().with_as_of(Date::new(2013, 1, 1));
    let v = validate_lines(&TD3, &asof);
    assert!(!v.valid);
    assert!(v.findings.contains(Code::Expired));
    let on_the_day = strict().with_as_of(Date::new(2012, 4, 15));
    assert!(validate_lines(&TD3, &on_the_day).valid);
}

#[test]
fn birth_after_expiry_is_an_error() {
    // Birth 1999-12-31, expiry 1998-01-01 (two-digit 98 is read as 1998 against 2025).
    let spec = kingpin_docverify::compose::Spec {
        doc_type: DocType::Td3,
        document_code: "P".into(),
        issuing_state: "IRQ".into(),
        surname: "X".into(),
        given_names: "Y".into(),
        document_number: "A1234567".into(),
        nationality: "IRQ".into(),
        birth_date: "991231".into(),
        sex: 'M',
        expiry_date: "980101".into(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    };
    let lines = kingpin_docverify::compose::compose(&spec);
    let v = validate_lines(&lines, &strict());
    assert_eq!(codes(&v), ["BIRTH_AFTER_EXPIRY"]);

    // Birth "15" with expiry "12": a holder born 1915, not 2015, so no error.
    let spec = kingpin_docverify::compose::Spec {
        birth_date: "150101".into(),
        expiry_date: "120101".into(),
        ..spec
    };
    let v = validate_lines(&kingpin_docverify::compose::compose(&spec), &strict());
    assert!(v.valid, "{:?}", codes(&v));
    assert_eq!(v.fields.unwrap().birth_date.iso, Date::new(1915, 1, 1));
}

#[test]
fn unknown_birth_date_parts_are_allowed_with_a_warning() {
    let spec = kingpin_docverify::compose::Spec {
        doc_type: DocType::Td3,
        document_code: "P".into(),
        issuing_state: "IRQ".into(),
        surname: "X".into(),
        given_names: "Y".into(),
        document_number: "A1234567".into(),
        nationality: "IRQ".into(),
        birth_date: "74<<<<".into(),
        sex: 'M',
        expiry_date: "300101".into(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    };
    let lines = kingpin_docverify::compose::compose(&spec);
    assert_eq!(&lines[1][13..20], "74<<<<1");
    let v = validate_lines(&lines, &strict());
    assert!(v.valid, "{:?}", codes(&v));
    assert!(v.findings.contains(Code::BirthDateUnknownParts));
    assert_eq!(v.fields.unwrap().birth_date.iso, None);
    // Unknown parts are for birth dates only.
    let lines = [TD3[0], "L898902C36UTO7408122F12<<<<0ZE184226B<<<<<10"];
    assert!(
        validate_lines(&lines, &strict())
            .findings
            .contains(Code::ExpiryDateFormat)
    );
}

#[test]
fn state_codes() {
    let issuer = |code: &str| {
        let l1 = format!("P<{code}ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
        validate_lines(&[l1.as_str(), TD3[1]], &strict())
    };
    assert!(
        issuer("XXA")
            .findings
            .contains(Code::IssuingStateNationalityOnly)
    );
    assert!(issuer("GER").findings.contains(Code::IssuingStateCode));
    let deu = issuer("DEU");
    assert!(deu.valid && deu.findings.contains(Code::CodeDeuForGermany));
    let ant = issuer("ANT");
    assert!(ant.valid && ant.findings.contains(Code::CodeDeprecated));
    assert!(issuer("D<<").valid);
}

#[test]
fn input_forms() {
    let joined = TD3.concat();
    let v = validate(&joined, &strict());
    assert!(v.valid);
    assert_eq!(v.findings()[0].code, Code::LinesJoined);

    let crlf = format!("\r\n{}  \r\n{}\t\r\n\r\n", TD3[0], TD3[1]);
    let v = validate(&crlf, &strict());
    assert!(v.valid, "{:?}", codes(&v));
    assert_eq!(
        v.findings()
            .iter()
            .filter(|f| f.code == Code::TrailingWhitespace)
            .count(),
        2
    );

    for bad in [
        "",
        "\n\n",
        TD3[0],
        &format!("{}\n{}\n{}\n{}", TD3[0], TD3[1], TD3[0], TD3[1]),
    ] {
        let v = validate(bad, &strict());
        assert!(!v.valid && v.fields.is_none());
        assert_eq!(codes(&v), ["LINE_COUNT"]);
    }
}

#[test]
fn td2_long_document_number() {
    let spec = kingpin_docverify::compose::Spec {
        doc_type: DocType::Td2,
        document_code: "I".into(),
        issuing_state: "UTO".into(),
        surname: "ERIKSSON".into(),
        given_names: "ANNA MARIA".into(),
        document_number: "D231458907123".into(),
        nationality: "UTO".into(),
        birth_date: "740812".into(),
        sex: 'F',
        expiry_date: "120415".into(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    };
    let lines = kingpin_docverify::compose::compose(&spec);
    assert_eq!(&lines[1][..13], "D23145890<UTO");
    assert_eq!(&lines[1][28..33], "71232");
    let v = validate_lines(&lines, &strict());
    assert!(v.valid, "{:?}", codes(&v));
    assert_eq!(v.fields.unwrap().document_number, "D231458907123");
    // TD3 has no long numbers: a filler in the check position is an error there.
    let v = validate_lines(
        &[TD3[0], "L898902C3<UTO7408122F1204159ZE184226B<<<<<18"],
        &strict(),
    );
    assert!(v.findings.contains(Code::CheckDigitDocumentNumber));
}

#[test]
fn visa_code_on_two_lines_of_36_is_a_visa() {
    let mrvb = [
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "L898902C<3UTO6908061F9406236ZE184226",
    ];
    let v = validate_lines(&mrvb, &strict());
    assert_eq!(v.doc_type, Some(DocType::MrvB));
    assert!(v.valid);
    let lenient_v = validate_lines(
        &mrvb,
        &Options {
            mode: Mode::Lenient,
            ..strict()
        },
    );
    assert!(lenient_v.valid);
}

#[test]
fn every_code_has_a_distinct_name_and_message() {
    let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), Code::ALL.len());
    assert!(Code::ALL.iter().all(|c| !c.describe().is_empty()));
}

#[test]
fn json_output() {
    let v = validate_lines(&TD3, &strict());
    let j: serde_json::Value = serde_json::from_str(&v.to_json()).unwrap();
    assert_eq!(j["valid"], true);
    assert_eq!(j["type"], "TD3");
    assert_eq!(j["fields"]["given_names"], "ANNA MARIA");
    assert_eq!(j["fields"]["birth_date"]["iso"], "1974-08-12");
    assert_eq!(j["findings"][0]["code"], "SPECIMEN_STATE");
    assert_eq!(j["findings"][0]["severity"], "warning");
}

#[test]
fn readme_lists_every_code() {
    let readme = include_str!("../README.md");
    for code in Code::ALL {
        assert!(
            readme.contains(&format!(
                "| `{}` | {} |",
                code.as_str(),
                match code.severity() {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                }
            )),
            "README's table lacks {}",
            code.as_str()
        );
    }
}
