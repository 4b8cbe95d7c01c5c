//! Findings: what is wrong (or worth a look) in an MRZ, where, and how bad.

use crate::dates::{Date, DateProblem};
use crate::layout::DocType;
use serde::ser::SerializeStruct;
use std::fmt::Write;

/// How a finding weighs on the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Makes the MRZ invalid.
    Error,
    /// Reported, but the MRZ stays valid.
    Warning,
}

/// The MRZ element a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The zone as a whole: line count, lengths, characters.
    Lines,
    /// Document code (P, I, A, C, V and the second letter).
    DocumentCode,
    /// Issuing state or organization.
    IssuingState,
    /// Name of the holder.
    Name,
    /// Document number, with its check digit.
    DocumentNumber,
    /// Nationality.
    Nationality,
    /// Date of birth, with its check digit.
    BirthDate,
    /// Sex.
    Sex,
    /// Date of expiry, with its check digit.
    ExpiryDate,
    /// Optional data (personal number in TD3), with its check digit where there is one.
    OptionalData,
    /// TD1's second optional-data element (line 2).
    OptionalData2,
    /// The composite check digit.
    Composite,
}

macro_rules! codes {
    ($($variant:ident => $name:literal, $sev:ident, $doc:literal;)*) => {
        /// Stable finding codes; the string form never changes once published.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $(#[doc = $doc] $variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable string form, e.g. `CHECK_DIGIT_DOCUMENT_NUMBER`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// Error or warning.
            pub const fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// One-line description for documentation tables.
            pub const fn describe(self) -> &'static str {
                match self { $(Code::$variant => $doc,)* }
            }
        }
    };
}

codes! {
    LineCount => "LINE_COUNT", Error, "Not 2 or 3 lines (TD1 has 3, the others 2).";
    LineLength => "LINE_LENGTH", Error, "A line is not 30 (TD1), 36 (TD2, MRV-B) or 44 (TD3, MRV-A) characters.";
    LinesJoined => "LINES_JOINED", Warning, "One line of 90, 88 or 72 characters was split into the MRZ's lines.";
    TrailingWhitespace => "TRAILING_WHITESPACE", Warning, "Whitespace after the end of a line was ignored.";
    Charset => "CHARSET", Error, "A character outside A-Z, 0-9 and the filler '<'.";
    DocumentCode => "DOCUMENT_CODE", Error, "Document code not allowed for this layout (P for TD3; A, C, I for TD1/TD2, second letter not V; V for visas).";
    IssuingStateCode => "ISSUING_STATE_CODE", Error, "Issuing state is not a Doc 9303 / ISO 3166 code.";
    IssuingStateNationalityOnly => "ISSUING_STATE_NATIONALITY_ONLY", Error, "Issuing state is XXA, XXB, XXC or XXX, which are for nationality only.";
    NationalityCode => "NATIONALITY_CODE", Error, "Nationality is not a Doc 9303 / ISO 3166 code.";
    SpecimenState => "SPECIMEN_STATE", Warning, "UTO (Utopia), ICAO's fictitious specimen state: a specimen, not a genuine document.";
    CodeDeprecated => "CODE_DEPRECATED", Warning, "A code withdrawn from ISO 3166 (ANT, NTZ), kept only for old documents.";
    CodeUserAssigned => "CODE_USER_ASSIGNED", Warning, "A user-assigned code (XKX) that Doc 9303 does not list.";
    CodeDeuForGermany => "CODE_DEU_FOR_GERMANY", Warning, "DEU: Germany writes its code as D<< in the MRZ.";
    NameInvalidCharacter => "NAME_INVALID_CHARACTER", Error, "A digit in the name field (names are letters and fillers only).";
    NameLeadingFiller => "NAME_LEADING_FILLER", Error, "The name field starts with a filler: the primary identifier is missing.";
    NameFormat => "NAME_FORMAT", Error, "Malformed separators: three fillers inside the name, or a second '<<'.";
    NameEmpty => "NAME_EMPTY", Error, "The name field is all fillers.";
    NameTruncated => "NAME_TRUNCATED", Warning, "The name runs to the last position: it may have been truncated.";
    DocumentNumberEmpty => "DOCUMENT_NUMBER_EMPTY", Error, "The document number is all fillers.";
    DocumentNumberFormat => "DOCUMENT_NUMBER_FORMAT", Error, "Document number starts with a filler, or its long-number continuation is malformed.";
    CheckDigitDocumentNumber => "CHECK_DIGIT_DOCUMENT_NUMBER", Error, "The document number's check digit does not verify.";
    BirthDateFormat => "BIRTH_DATE_FORMAT", Error, "The birth date is not YYMMDD digits or is not a real date.";
    BirthDateUnknownParts => "BIRTH_DATE_UNKNOWN_PARTS", Warning, "Parts of the birth date are fillers: Doc 9303's way to write an unknown part.";
    CheckDigitBirthDate => "CHECK_DIGIT_BIRTH_DATE", Error, "The birth date's check digit does not verify.";
    SexInvalid => "SEX_INVALID", Error, "Sex is not M, F or '<' ('X' is for the visual zone only).";
    ExpiryDateFormat => "EXPIRY_DATE_FORMAT", Error, "The expiry date is not YYMMDD digits or is not a real date.";
    CheckDigitExpiryDate => "CHECK_DIGIT_EXPIRY_DATE", Error, "The expiry date's check digit does not verify.";
    BirthAfterExpiry => "BIRTH_AFTER_EXPIRY", Error, "The holder is born on or after the document's expiry.";
    ValidityImplausible => "VALIDITY_IMPLAUSIBLE", Warning, "Expiry implausibly far from birth or from the reference date.";
    Expired => "EXPIRED", Error, "Expired before the `as_of` date (only reported when `as_of` is given).";
    CheckDigitOptionalData => "CHECK_DIGIT_OPTIONAL_DATA", Error, "The personal number's (TD3 optional data) check digit does not verify.";
    CheckDigitComposite => "CHECK_DIGIT_COMPOSITE", Error, "The composite check digit (TD1, TD2, TD3) does not verify.";
    QuirkLongNumberCheckIncludesFiller => "QUIRK_LONG_NUMBER_CHECK_INCLUDES_FILLER", Warning, "Lenient: a long document number whose check digit also counts the filler (Belgian cards).";
    QuirkEmptyPrimaryIdentifier => "QUIRK_EMPTY_PRIMARY_IDENTIFIER", Warning, "Lenient: a single name written as secondary identifier after '<<'.";
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Facts a finding's message needs, kept small and `Copy` so findings never allocate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Nothing beyond the code.
    None,
    /// Counted lines.
    Lines(u16),
    /// Line length expected and found.
    Length { expected: u8, found: u16 },
    /// Length of the single line that was split.
    Joined(u16),
    /// The first offending character and how many there are.
    Chars { first: char, count: u8 },
    /// A document code read under a layout.
    DocCode { code: [u8; 2], doc_type: DocType },
    /// A three-letter state code as printed.
    State([u8; 3]),
    /// A printed check character and the computed digit.
    CheckDigit { found: u8, expected: u8 },
    /// A date field and what is wrong with it.
    Date { raw: [u8; 6], problem: DateProblem },
    /// A raw date field.
    RawDate([u8; 6]),
    /// A single character (sex, name digit).
    Char(u8),
    /// Two dates (birth/expiry, expiry/as-of).
    Dates(Date, Date),
    /// Expiry more than this many years after the reference date.
    YearsAhead { years: i32, reference: Date },
}

/// One finding: code, field, 1-based inclusive positions, and the facts for its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Stable code.
    pub code: Code,
    /// The element concerned.
    pub field: Field,
    /// Line, 1-based; 0 for the input as a whole.
    pub line: u8,
    /// First column, 1-based.
    pub start: u8,
    /// Last column, 1-based, inclusive.
    pub end: u8,
    /// Facts for the message.
    pub detail: Detail,
}

fn show(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                b as char
            } else {
                '?'
            }
        })
        .collect()
}

fn show_char(b: u8) -> String {
    if b == 0 {
        "nothing (line too short)".to_string()
    } else {
        format!("'{}'", show(&[b]))
    }
}

impl Finding {
    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// A plain-language sentence for an examiner.
    pub fn message(&self) -> String {
        let mut m = String::new();
        let what = match self.field {
            Field::DocumentNumber => "document number",
            Field::BirthDate => "birth date",
            Field::ExpiryDate => "expiry date",
            Field::OptionalData => "personal number (optional data)",
            Field::Composite => "composite",
            _ => "field",
        };
        let _ = match (self.code, self.detail) {
            (Code::LineCount, Detail::Lines(n)) => write!(
                m,
                "{n} non-empty line(s); an MRZ has 3 lines (TD1) or 2 lines (TD2, TD3, MRV-A, MRV-B)"
            ),
            (Code::LineLength, Detail::Length { expected, found }) => write!(
                m,
                "line {} has {found} characters; this layout needs {expected}",
                self.line
            ),
            (Code::LinesJoined, Detail::Joined(n)) => write!(
                m,
                "one line of {n} characters was read as the MRZ's lines run together"
            ),
            (Code::TrailingWhitespace, _) => write!(
                m,
                "whitespace after the end of line {} was ignored",
                self.line
            ),
            (Code::Charset, Detail::Chars { first, count }) => write!(
                m,
                "{count} character(s) outside the MRZ set A-Z 0-9 '<' on line {}, first {first:?}",
                self.line
            ),
            (Code::DocumentCode, Detail::DocCode { code, doc_type }) => {
                let rule = match doc_type {
                    DocType::Td3 => "a passport (TD3) code starts with P",
                    DocType::MrvA | DocType::MrvB => "a visa code starts with V",
                    DocType::Td1 | DocType::Td2 => {
                        "a TD1/TD2 code starts with A, C or I, and its second letter is not V"
                    }
                };
                write!(
                    m,
                    "document code '{}' is not allowed in a {}: {rule}",
                    show(&code),
                    doc_type.as_str()
                )
            }
            (Code::IssuingStateCode, Detail::State(c)) => write!(
                m,
                "issuing state '{}' is not an ICAO Doc 9303 / ISO 3166-1 code",
                show(&c)
            ),
            (Code::IssuingStateNationalityOnly, Detail::State(c)) => write!(
                m,
                "'{}' may stand only as a nationality (stateless, refugee, unspecified), never as the issuing state",
                show(&c)
            ),
            (Code::NationalityCode, Detail::State(c)) => write!(
                m,
                "nationality '{}' is not an ICAO Doc 9303 / ISO 3166-1 code",
                show(&c)
            ),
            (Code::SpecimenState, _) => write!(
                m,
                "UTO is Utopia, ICAO's fictitious state: this is a specimen, not a genuine document"
            ),
            (Code::CodeDeprecated, Detail::State(c)) => write!(
                m,
                "'{}' was withdrawn from ISO 3166; only documents issued before then carry it",
                show(&c)
            ),
            (Code::CodeUserAssigned, Detail::State(c)) => write!(
                m,
                "'{}' is a user-assigned code in practical use, not listed in Doc 9303",
                show(&c)
            ),
            (Code::CodeDeuForGermany, _) => write!(
                m,
                "DEU is Germany's ISO code, but German documents write 'D<<' in the MRZ"
            ),
            (Code::NameInvalidCharacter, Detail::Char(c)) => write!(
                m,
                "the name contains {}; names are written with letters and fillers only",
                show_char(c)
            ),
            (Code::NameLeadingFiller, _) => write!(
                m,
                "the name field starts with a filler, so the primary identifier (surname) is missing"
            ),
            (Code::NameFormat, _) => write!(
                m,
                "the name's separators are malformed: name parts take one '<', surname and given names are split by exactly one '<<'"
            ),
            (Code::NameEmpty, _) => write!(m, "the name field is empty (all fillers)"),
            (Code::NameTruncated, _) => write!(
                m,
                "the name fills the field to its last position and may have been truncated"
            ),
            (Code::DocumentNumberEmpty, _) => write!(m, "the document number is empty"),
            (Code::DocumentNumberFormat, _) => write!(
                m,
                "the document number starts with a filler or its long-number continuation in the optional data is malformed"
            ),
            (Code::CheckDigitDocumentNumber, Detail::CheckDigit { found, expected })
            | (Code::CheckDigitBirthDate, Detail::CheckDigit { found, expected })
            | (Code::CheckDigitExpiryDate, Detail::CheckDigit { found, expected })
            | (Code::CheckDigitOptionalData, Detail::CheckDigit { found, expected })
            | (Code::CheckDigitComposite, Detail::CheckDigit { found, expected }) => write!(
                m,
                "{what} check digit is {}, but the data computes to {expected}",
                show_char(found)
            ),
            (Code::BirthDateFormat | Code::ExpiryDateFormat, Detail::Date { raw, problem }) => {
                let why = match problem {
                    DateProblem::NotDigits => "is not six digits (YYMMDD)".to_string(),
                    DateProblem::Month(mo) => format!("has month {mo:02}"),
                    DateProblem::Day(d) => {
                        format!("has day {d:02}, which that month does not have")
                    }
                };
                write!(m, "{what} '{}' {why}", show(&raw))
            }
            (Code::BirthDateUnknownParts, Detail::RawDate(raw)) => write!(
                m,
                "birth date '{}' has unknown parts written as fillers, as Doc 9303 allows",
                show(&raw)
            ),
            (Code::SexInvalid, Detail::Char(c)) => write!(
                m,
                "sex is {}; the MRZ allows only M, F or '<' (unspecified)",
                show_char(c)
            ),
            (Code::BirthAfterExpiry, Detail::Dates(b, e)) => write!(
                m,
                "the holder is born {b}, on or after the document expires ({e})"
            ),
            (Code::ValidityImplausible, Detail::Dates(b, e)) => write!(
                m,
                "the document expires {e}, {} years after the holder's birth ({b})",
                b.years_until(&e)
            ),
            (Code::ValidityImplausible, Detail::YearsAhead { years, reference }) => write!(
                m,
                "the document expires more than {years} years after {reference}; no MRTD is issued for that long"
            ),
            (Code::Expired, Detail::Dates(e, asof)) => {
                write!(m, "the document expired {e}, before {asof}")
            }
            (Code::QuirkLongNumberCheckIncludesFiller, _) => write!(
                m,
                "the long document number's check digit counts the filler at position 15 too (a Belgian quirk); accepted in lenient mode"
            ),
            (Code::QuirkEmptyPrimaryIdentifier, _) => write!(
                m,
                "the name starts with '<<' (an empty primary identifier, a national practice for single names); accepted in lenient mode"
            ),
            (code, _) => write!(m, "{}", code.describe()),
        };
        m
    }
}

impl serde::Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Finding", 7)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("severity", &self.severity())?;
        st.serialize_field("field", &self.field)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.serialize_field("message", &self.message())?;
        st.end()
    }
}

/// Room for every finding one MRZ can raise. Each check reports at most once per
/// field, which bounds the count at 30: joined 1, three lines x (whitespace, length,
/// charset) 9, document code 1, states 2, name 4, number 2, birth 2, sex 1, expiry 2,
/// date consistency 4, optional and composite check digits 2.
pub const MAX_FINDINGS: usize = 32;

const BLANK: Finding = Finding {
    code: Code::LineCount,
    field: Field::Lines,
    line: 0,
    start: 0,
    end: 0,
    detail: Detail::None,
};

/// An inline list of findings, so validation never touches the heap.
#[derive(Clone, Copy, Debug)]
pub struct Findings {
    items: [Finding; MAX_FINDINGS],
    len: usize,
}

impl Default for Findings {
    fn default() -> Self {
        Findings {
            items: [BLANK; MAX_FINDINGS],
            len: 0,
        }
    }
}

impl Findings {
    /// Adds a finding; past capacity it is dropped (cannot happen: see `MAX_FINDINGS`).
    pub fn push(&mut self, f: Finding) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = f;
            self.len += 1;
        }
    }

    /// The findings, in the order the checks ran.
    pub fn as_slice(&self) -> &[Finding] {
        &self.items[..self.len]
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.as_slice()
            .iter()
            .any(|f| f.severity() == Severity::Error)
    }

    /// Whether a finding with `code` is present.
    pub fn contains(&self, code: Code) -> bool {
        self.as_slice().iter().any(|f| f.code == code)
    }
}

impl serde::Serialize for Findings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.as_slice())
    }
}
