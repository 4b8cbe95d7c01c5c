//! Properties: generated MRZs of every layout read back to their fields, any
//! single-character corruption of a check-digit-protected position is caught,
//! and no input makes the validator panic.

use kingpin_docverify::checkdigit::char_value;
use kingpin_docverify::compose::{Spec, compose};
use kingpin_docverify::{Date, DocType, MAX_FINDINGS, Mode, Options, validate, validate_lines};
use proptest::prelude::*;

fn opts(mode: Mode) -> Options {
    Options {
        mode,
        as_of: None,
        today: Date::new(2025, 6, 1).unwrap(),
    }
}

const STATES: &[&str] = &[
    "UTO", "GBR", "IRQ", "D", "FRA", "NLD", "EUE", "UNO", "XPO", "GBD",
];
const NATIONALITIES: &[&str] = &["UTO", "IRQ", "SYR", "D", "XXA", "XXB", "XXX", "AFG", "ERI"];

fn alnum(min: usize, max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Z0-9]{{{min},{max}}}")).unwrap()
}

fn name_parts(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Z]{1,8}", min..=max).prop_map(|v| v.join(" "))
}

fn doc_code(t: DocType) -> BoxedStrategy<String> {
    let first = match t {
        DocType::Td3 => "P",
        DocType::MrvA | DocType::MrvB => "V",
        DocType::Td1 | DocType::Td2 => "[ACI]",
    };
    let second = match t {
        DocType::Td1 | DocType::Td2 => "[A-UW-Z<]",
        _ => "[A-Z<]",
    };
    proptest::string::string_regex(&format!("{first}{second}"))
        .unwrap()
        .boxed()
}

/// (birth, expiry) as YYMMDD that read back unambiguously against 2025-06-01.
fn dates() -> impl Strategy<Value = (String, String)> {
    (
        1930u16..=2024,
        1u8..=12,
        1u8..=28,
        1u16..=100,
        1u8..=12,
        1u8..=31,
    )
        .prop_filter_map("real dates", |(by, bm, bd, span, em, ed)| {
            let ey = (by + span).clamp(1976, 2075);
            let birth = Date::new(by, bm, bd)?;
            let expiry = Date::new(ey, em, ed)?;
            (birth < expiry).then(|| {
                let yymmdd = |d: Date| format!("{:02}{:02}{:02}", d.year % 100, d.month, d.day);
                (yymmdd(birth), yymmdd(expiry))
            })
        })
}

fn spec() -> impl Strategy<Value = Spec> {
    prop::sample::select(DocType::ALL.to_vec()).prop_flat_map(|t| {
        let name_width = match t {
            DocType::Td1 => 30,
            DocType::Td2 | DocType::MrvB => 31,
            DocType::Td3 | DocType::MrvA => 39,
        };
        // Long numbers only where Doc 9303 has them; their continuation shares the optional data.
        let (number_max, optional_width) = match t {
            DocType::Td1 => (20, 15),
            DocType::Td2 => (15, 7),
            DocType::Td3 => (9, 14),
            DocType::MrvA => (9, 16),
            DocType::MrvB => (9, 8),
        };
        (
            doc_code(t),
            prop::sample::select(STATES),
            prop::sample::select(NATIONALITIES),
            (name_parts(1, 3), name_parts(0, 3)).prop_filter("name fits", move |(s, g)| {
                s.len() + 2 + g.len() <= name_width
            }),
            alnum(1, number_max),
            dates(),
            prop::sample::select(vec!['M', 'F', '<']),
            alnum(0, optional_width),
            alnum(0, 11),
        )
            .prop_map(
                move |(code, st, nat, (sur, giv), num, (b, e), sex, opt, opt2)| {
                    // Room left in the optional data after a long number's continuation.
                    let room = if num.len() > 9 {
                        optional_width.saturating_sub(num.len() - 9 + 2)
                    } else {
                        optional_width
                    };
                    Spec {
                        doc_type: t,
                        document_code: code,
                        issuing_state: st.to_string(),
                        surname: sur,
                        given_names: giv,
                        document_number: num,
                        nationality: nat.to_string(),
                        birth_date: b,
                        sex,
                        expiry_date: e,
                        optional_data: opt.chars().take(room).collect(),
                        optional_data_2: if t == DocType::Td1 {
                            opt2
                        } else {
                            String::new()
                        },
                    }
                },
            )
    })
}

/// (line, column) of every position a check digit protects, check digits included.
fn protected(t: DocType) -> Vec<(usize, usize)> {
    let span = |line: usize, r: std::ops::Range<usize>| r.map(move |c| (line, c));
    match t {
        DocType::Td1 => span(0, 5..30)
            .chain(span(1, 0..7))
            .chain(span(1, 8..15))
            .chain(span(1, 18..30))
            .collect(),
        DocType::Td2 => span(1, 0..10)
            .chain(span(1, 13..36))
            .filter(|&(_, c)| c != 20)
            .collect(),
        DocType::Td3 => span(1, 0..10)
            .chain(span(1, 13..44))
            .filter(|&(_, c)| c != 20)
            .collect(),
        DocType::MrvA | DocType::MrvB => span(1, 0..10)
            .chain(span(1, 13..28))
            .filter(|&(_, c)| c != 20)
            .collect(),
    }
}

const MRZ_CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_mrzs_read_back(spec in spec()) {
        let lines = compose(&spec);
        for mode in [Mode::Strict, Mode::Lenient] {
            let v = validate_lines(&lines, &opts(mode));
            prop_assert!(v.valid, "{:?}\n{:#?}", lines, v.findings());
            prop_assert_eq!(v.doc_type, Some(spec.doc_type));
            let f = v.fields.unwrap();
            prop_assert_eq!(f.document_code.as_str(), spec.document_code.trim_end_matches('<'));
            prop_assert_eq!(f.issuing_state.as_str(), spec.issuing_state.as_str());
            prop_assert_eq!(f.surname.as_str(), spec.surname.as_str());
            prop_assert_eq!(f.given_names.as_str(), spec.given_names.as_str());
            prop_assert_eq!(f.document_number.as_str(), spec.document_number.as_str());
            prop_assert_eq!(f.long_document_number, spec.document_number.len() > 9);
            prop_assert_eq!(f.nationality.as_str(), spec.nationality.as_str());
            prop_assert_eq!(f.birth_date.raw.as_str(), spec.birth_date.as_str());
            prop_assert_eq!(f.expiry_date.raw.as_str(), spec.expiry_date.as_str());
            prop_assert!(f.birth_date.iso.is_some() && f.expiry_date.iso.is_some());
            prop_assert!(f.birth_date.iso < f.expiry_date.iso);
            prop_assert_eq!(f.sex.as_str(), spec.sex.to_string());
            prop_assert_eq!(f.optional_data.as_str(), spec.optional_data.as_str());
            prop_assert_eq!(f.optional_data_2.as_str(), spec.optional_data_2.as_str());
            prop_assert_eq!(v.specimen, spec.issuing_state == "UTO" || spec.nationality == "UTO");
        }
    }

    #[test]
    fn single_corruptions_are_caught(
        spec in spec(),
        pick in any::<prop::sample::Index>(),
        with in any::<prop::sample::Index>(),
        foreign in any::<bool>(),
    ) {
        let lines = compose(&spec);
        let positions = protected(spec.doc_type);
        let (line, col) = positions[pick.index(positions.len())];
        let old = lines[line].as_bytes()[col];
        let new = if foreign {
            // Outside the MRZ set: lower case, space, punctuation.
            b"az .-/"[with.index(6)]
        } else {
            // Inside the set, skipping characters equal mod 10 (Doc 9303's blind spot: < 0 A K U).
            let unequal: Vec<u8> = MRZ_CHARS
                .iter()
                .copied()
                .filter(|&c| char_value(c).unwrap() % 10 != char_value(old).unwrap() % 10)
                .collect();
            unequal[with.index(unequal.len())]
        };
        let mut bad = lines.clone();
        let mut bytes = bad[line].clone().into_bytes();
        bytes[col] = new;
        bad[line] = String::from_utf8(bytes).unwrap();
        for mode in [Mode::Strict, Mode::Lenient] {
            let v = validate_lines(&bad, &opts(mode));
            prop_assert!(
                !v.valid,
                "{:?} line {} col {} {:?}->{:?} not caught in {:?}\n{:#?}",
                bad, line + 1, col + 1, old as char, new as char, mode, v.findings()
            );
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>(), lenient in any::<bool>()) {
        let o = opts(if lenient { Mode::Lenient } else { Mode::Strict });
        let v = validate(&s, &o);
        prop_assert!(v.findings().len() < MAX_FINDINGS);
        let _ = v.to_json();
    }

    #[test]
    fn arbitrary_lines_never_panic(
        lines in prop::collection::vec("[A-Z0-9<]{0,50}|\\PC{0,50}|[ \\r\\t<A-Z]{28,46}", 0..5),
    ) {
        let v = validate_lines(&lines, &opts(Mode::Strict));
        prop_assert!(v.findings().len() < MAX_FINDINGS);
        for f in v.findings() {
            prop_assert!(!f.message().is_empty());
            prop_assert!(f.end >= f.start);
        }
    }

    #[test]
    fn edited_mrzs_never_panic(
        spec in spec(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<char>(), 0u8..3), 1..6),
    ) {
        let mut text: Vec<char> = compose(&spec).join("\n").chars().collect();
        for (at, c, op) in edits {
            let i = at.index(text.len() + 1);
            match op {
                0 => text.insert(i, c),
                1 if i < text.len() => { text.remove(i); }
                _ if i < text.len() => text[i] = c,
                _ => {}
            }
        }
        let s: String = text.into_iter().collect();
        for mode in [Mode::Strict, Mode::Lenient] {
            let v = validate(&s, &opts(mode));
            prop_assert!(v.findings().len() < MAX_FINDINGS);
            let _ = v.to_json();
        }
    }
}
