//! Property tests for the normalisers: no input panics them, and they are stable under the
//! variations real records carry (case, spacing, digit scripts, phone punctuation).

use kingpin_resolve::normalise::dates::PartialDate;
use kingpin_resolve::normalise::documents::normalise_document;
use kingpin_resolve::normalise::fold;
use kingpin_resolve::normalise::names::{normalise_name, skeleton};
use kingpin_resolve::normalise::phone::normalise_phone;
use proptest::prelude::*;

fn to_arabic_indic(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

proptest! {
    #[test]
    fn fold_is_idempotent(s in "\\PC{0,40}") {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn names_never_panic_and_skeletons_are_ascii(s in "\\PC{0,60}") {
        let n = normalise_name(&s);
        prop_assert_eq!(n.tokens.len(), n.skeletons.len());
        for k in &n.skeletons {
            prop_assert!(k.is_ascii());
        }
    }

    #[test]
    fn names_ignore_case_spacing_and_order(a in "[A-Za-z]{2,10}", b in "[A-Za-z]{2,10}") {
        let x = normalise_name(&format!("{a} {b}"));
        let y = normalise_name(&format!("  {},   {}  ", b.to_uppercase(), a.to_lowercase()));
        prop_assert_eq!(x.sorted, y.sorted);
    }

    #[test]
    fn skeleton_is_stable(s in "[a-z]{0,12}") {
        let k = skeleton(&s);
        prop_assert!(k.len() <= s.len());
        prop_assert!(!k.contains(['a', 'e', 'i', 'o', 'u', 'w', 'y']));
    }

    #[test]
    fn phones_ignore_punctuation_and_digit_script(d in "[1-9][0-9]{8,11}") {
        let plain = normalise_phone(&format!("+{d}"), &[]);
        let spaced = normalise_phone(&format!("00 {} {}", &d[..3], &d[3..]), &[]);
        let arabic = normalise_phone(&to_arabic_indic(&format!("+{d}")), &[]);
        prop_assert_eq!(&plain, &spaced);
        prop_assert_eq!(&plain, &arabic);
    }

    #[test]
    fn dates_parse_in_any_digit_script(y in 1900u16..2030, m in 1u8..13, day in 1u8..29) {
        let iso = format!("{y:04}-{m:02}-{day:02}");
        let d = PartialDate::parse(&iso).unwrap();
        prop_assert_eq!(Some(d), PartialDate::parse(&to_arabic_indic(&iso)));
        prop_assert_eq!((d.year, d.month, d.day), (y, Some(m), Some(day)));
    }

    #[test]
    fn documents_never_panic(s in "\\PC{0,30}") {
        if let Some(d) = normalise_document(&s) {
            prop_assert!(d.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        }
    }
}
