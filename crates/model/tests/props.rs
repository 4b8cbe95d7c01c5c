//! Property tests for the parsers of outside input in the model: value cleaning and gradings.

use kingpin_model::{Grading, PropType, clean_value};
use proptest::prelude::*;

const TYPES: [PropType; 11] = [
    PropType::String,
    PropType::Name,
    PropType::Text,
    PropType::Date,
    PropType::Number,
    PropType::Country,
    PropType::Phone,
    PropType::Identifier,
    PropType::Email,
    PropType::Url,
    PropType::Entity,
];

proptest! {
    #[test]
    fn cleaning_never_panics_and_is_idempotent(raw in "\\PC*|[0-9 +()\\-]{0,20}|[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2})?") {
        for t in TYPES {
            if let Ok(Some(clean)) = clean_value(t, &raw) {
                prop_assert!(!clean.is_empty());
                prop_assert!(!clean.contains(['\x1e', '\x1f']), "separator in {:?}", clean);
                prop_assert_eq!(clean_value(t, &clean), Ok(Some(clean.clone())), "{:?} not idempotent", t);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let raw = String::from_utf8_lossy(&bytes);
        for t in TYPES {
            let _ = clean_value(t, &raw);
        }
        let _ = raw.parse::<Grading>();
    }

    #[test]
    fn gradings_round_trip(s in 1u8..=3, i in 0u8..5, h in proptest::bool::ANY) {
        let code = format!("{s}{}{}", (b'A' + i) as char, if h { 'P' } else { 'C' });
        let g: Grading = code.parse().unwrap();
        prop_assert_eq!(g.to_string(), code);
    }
}
