//! i2 Analyst's Notebook exchange XML (ANX), out and in.
//!
//! Out ([`export_anx`]): a `Chart` whose `ChartItemCollection` holds one `ChartItem/End/Entity`
//! per node, with an icon by schema, and one `ChartItem/Link` (with its `LinkStyle`: type,
//! arrow, strength from the grading) per link of the store's chart ([`crate::chart`]). Each
//! item's attributes carry its Kingpin id, schema and merged property values for the analyst;
//! its cards carry provenance, one card per source, 3x5x2 grading and recorded date, listing
//! that source's values (`prop=value` a line): grades are indices into the chart's `GradeOne`
//! (source evaluation 1-3), `GradeTwo` (intelligence A-E) and `GradeThree` (handling P/C)
//! string lists, the three parts of 3x5x2.
//!
//! In ([`import_anx`]): charts written by Kingpin come back with their ids, schemata, values,
//! gradings and recorded dates; charts drawn in Analyst's Notebook come in by icon and link
//! type (unknown icons as `LegalEntity`, unknown links as `Associate`), labels as names, and
//! attributes named after properties as values. The whole chart is parsed and checked before
//! anything is written, then written in one transaction: bad input names the line and element
//! and leaves the store untouched.

mod read;
mod write;

pub use read::import_anx;
pub use write::export_anx;

use kingpin_model::{Grading, Handling, IntelAssessment, SourceEval};

/// Attribute class holding an item's Kingpin id.
pub(crate) const ATTR_ID: &str = "kingpin:id";
/// Attribute class holding an item's schema.
pub(crate) const ATTR_SCHEMA: &str = "kingpin:schema";
/// Attribute class marking a link that is a node's entity-typed property.
pub(crate) const ATTR_PROPERTY: &str = "kingpin:property";
/// `SourceType` of the cards Kingpin writes.
pub(crate) const CARD_SOURCE_TYPE: &str = "Kingpin";

/// Icon (entity type) per schema; the reverse is used on import. Schemata not listed use
/// their own name.
pub(crate) const ICONS: &[(&str, &str)] = &[
    ("Person", "Person"),
    ("Organization", "Organisation"),
    ("Company", "Company"),
    ("LegalEntity", "Legal Entity"),
    ("Phone", "Phone"),
    ("Device", "Handset"),
    ("Sim", "SIM Card"),
    ("SocialAccount", "Web Account"),
    ("BankAccount", "Bank Account"),
    ("Vessel", "Boat"),
    ("Equipment", "Equipment"),
    ("Document", "Document"),
    ("Address", "Address"),
    ("Place", "Location"),
    ("Crossing", "Crossing"),
    ("Seizure", "Seizure"),
    ("Advert", "Advert"),
    ("Post", "Post"),
];

/// The icon of a schema.
pub(crate) fn icon_of(schema: &str) -> &str {
    ICONS
        .iter()
        .find(|(s, _)| *s == schema)
        .map_or(schema, |(_, i)| i)
}

/// The schema of an icon (or of a schema's own name), case-insensitively.
pub(crate) fn schema_of_icon(icon: &str) -> Option<&'static str> {
    let icon = icon.trim();
    ICONS
        .iter()
        .find(|(s, i)| i.eq_ignore_ascii_case(icon) || s.eq_ignore_ascii_case(icon))
        .map(|(s, _)| *s)
        .or_else(|| {
            let m = kingpin_model::model();
            let name = m.names().find(|n| n.eq_ignore_ascii_case(icon))?;
            m.concrete(name).ok().map(|s| s.name.as_str())
        })
}

/// `GradeOne`: source evaluation.
pub(crate) const GRADE_ONE: [&str; 3] = ["1 Reliable", "2 Untested", "3 Not reliable"];
/// `GradeTwo`: intelligence assessment.
pub(crate) const GRADE_TWO: [&str; 5] = [
    "A Known directly",
    "B Known indirectly, corroborated",
    "C Known indirectly",
    "D Not known",
    "E Suspected to be false",
];
/// `GradeThree`: handling code.
pub(crate) const GRADE_THREE: [&str; 2] = ["P Lawful sharing permitted", "C Conditions apply"];

/// The three grade indices of a 3x5x2 grading.
pub(crate) fn grade_indices(g: &Grading) -> [usize; 3] {
    let c = g.code();
    [
        (c[0] - b'1') as usize,
        (c[1] - b'A') as usize,
        usize::from(c[2] == b'C'),
    ]
}

/// Each grade list's entries as parts of a 3x5x2 grading: an entry counts when its first
/// letter is one (`"1 Reliable"`, `"B …"`, `"P …"`); anything else is `None`.
pub(crate) fn grade_part(list: usize, text: &str) -> Option<char> {
    let c = text.trim().chars().next()?.to_ascii_uppercase();
    let ok = match list {
        0 => matches!(c, '1'..='3'),
        1 => matches!(c, 'A'..='E'),
        _ => matches!(c, 'P' | 'C'),
    };
    ok.then_some(c)
}

/// A grading from its three parts.
pub(crate) fn grading_from(parts: [char; 3]) -> Grading {
    let source = match parts[0] {
        '1' => SourceEval::Reliable,
        '3' => SourceEval::NotReliable,
        _ => SourceEval::Untested,
    };
    let intel = match parts[1] {
        'A' => IntelAssessment::KnownDirectly,
        'B' => IntelAssessment::Corroborated,
        'D' => IntelAssessment::NotKnown,
        'E' => IntelAssessment::SuspectedFalse,
        _ => IntelAssessment::KnownIndirectly,
    };
    let handling = if parts[2] == 'C' {
        Handling::Conditions
    } else {
        Handling::Permitted
    };
    Grading {
        source,
        intel,
        handling,
    }
}

/// A link's strength in the chart from its grading: corroborated or direct knowledge is
/// confirmed, indirect unconfirmed, the rest tentative.
pub(crate) fn strength_of(g: &Grading) -> &'static str {
    match g.intel {
        IntelAssessment::KnownDirectly | IntelAssessment::Corroborated => "Confirmed",
        IntelAssessment::KnownIndirectly => "Unconfirmed",
        _ => "Tentative",
    }
}

/// A value in a card's text: backslashes and line breaks escaped so one value is one line.
pub(crate) fn card_escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// The reverse of [`card_escape`].
pub(crate) fn card_unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradings_survive_the_grade_lists() {
        for code in ["1AP", "2CP", "3EC", "2BC", "1DP"] {
            let g: Grading = code.parse().unwrap();
            let idx = grade_indices(&g);
            let parts = [
                grade_part(0, GRADE_ONE[idx[0]]).unwrap(),
                grade_part(1, GRADE_TWO[idx[1]]).unwrap(),
                grade_part(2, GRADE_THREE[idx[2]]).unwrap(),
            ];
            assert_eq!(grading_from(parts), g, "{code}");
        }
        assert_eq!(grade_part(0, "Usually reliable"), None);
    }

    #[test]
    fn icons_map_back_to_schemata() {
        assert_eq!(icon_of("Organization"), "Organisation");
        assert_eq!(schema_of_icon("organisation"), Some("Organization"));
        assert_eq!(schema_of_icon("Vessel"), Some("Vessel"));
        assert_eq!(schema_of_icon("Payment"), Some("Payment"));
        assert_eq!(
            schema_of_icon("Thing"),
            None,
            "abstract schemata are not icons"
        );
        assert_eq!(schema_of_icon("Dragon"), None);
    }

    #[test]
    fn card_values_escape_round_trip() {
        for v in ["plain", "two\nlines", "back\\slash\\n", "cr\r\n"] {
            assert_eq!(card_unescape(&card_escape(v)), v);
        }
    }
}
