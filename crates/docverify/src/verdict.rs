//! What validation returns: the verdict, the fields read, and the findings.

use crate::dates::Date;
use crate::finding::{Finding, Findings, Severity};
use crate::layout::DocType;
use crate::names::NAME_LEN;
use crate::text::Text;
use serde::Serialize;

/// Strict Doc 9303, or strict plus known national quirks (each still reported).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Doc 9303 to the letter.
    #[default]
    Strict,
    /// Accept documented quirks of genuine documents, with a warning each.
    Lenient,
}

/// How to validate.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Strict or lenient.
    pub mode: Mode,
    /// If set, an expiry before this date is an `EXPIRED` error.
    pub as_of: Option<Date>,
    /// Reference for two-digit years and plausibility (`as_of` wins when set).
    pub today: Date,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Strict,
            as_of: None,
            today: Date::today(),
        }
    }
}

impl Options {
    /// Strict mode, today's date from the system clock.
    pub fn strict() -> Self {
        Options::default()
    }

    /// Lenient mode, today's date from the system clock.
    pub fn lenient() -> Self {
        Options {
            mode: Mode::Lenient,
            ..Options::default()
        }
    }

    /// Adds an as-of date for the expiry check.
    pub fn with_as_of(self, as_of: Option<Date>) -> Self {
        Options { as_of, ..self }
    }

    /// Fixes "today" (for reproducible century inference).
    pub fn with_today(self, today: Date) -> Self {
        Options { today, ..self }
    }

    /// The date two-digit years are read against.
    pub fn reference(&self) -> Date {
        self.as_of.unwrap_or(self.today)
    }
}

/// A date field: the six characters printed and, when they are a full real date, the date.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct DateField {
    /// YYMMDD as printed.
    pub raw: Text<6>,
    /// The date with its inferred century.
    pub iso: Option<Date>,
}

/// The fields of an MRZ as printed (fillers trimmed, name fillers as spaces).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ParsedMrz {
    /// Document code without trailing filler (e.g. `P`, `ID`, `I`).
    pub document_code: Text<2>,
    /// Issuing state or organization (e.g. `UTO`, `D`).
    pub issuing_state: Text<3>,
    /// Full document number, including a TD1/TD2 long number's continuation.
    pub document_number: Text<24>,
    /// Whether the number continued into the optional data (TD1, TD2).
    pub long_document_number: bool,
    /// Primary identifier.
    pub surname: Text<NAME_LEN>,
    /// Secondary identifier, parts separated by spaces.
    pub given_names: Text<NAME_LEN>,
    /// Nationality code.
    pub nationality: Text<3>,
    /// Date of birth.
    pub birth_date: DateField,
    /// `M`, `F` or `<`.
    pub sex: Text<1>,
    /// Date of expiry.
    pub expiry_date: DateField,
    /// Optional data (TD3: personal number; TD1: line 1 after any long number).
    pub optional_data: Text<16>,
    /// TD1's line-2 optional data.
    pub optional_data_2: Text<11>,
}

/// The outcome of validating one MRZ.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Verdict {
    /// No error-severity finding.
    pub valid: bool,
    /// The mode it was judged in.
    pub mode: Mode,
    /// The layout, once the line count allowed one to be chosen.
    #[serde(rename = "type")]
    pub doc_type: Option<DocType>,
    /// Issued by or for UTO, ICAO's specimen state.
    pub specimen: bool,
    /// The fields, once a layout was chosen.
    pub fields: Option<ParsedMrz>,
    /// Everything found, in check order.
    pub findings: Findings,
}

impl Verdict {
    /// The findings as a slice.
    pub fn findings(&self) -> &[Finding] {
        self.findings.as_slice()
    }

    /// Findings that make the MRZ invalid.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings()
            .iter()
            .filter(|f| f.severity() == Severity::Error)
    }

    /// Findings reported without affecting validity.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings()
            .iter()
            .filter(|f| f.severity() == Severity::Warning)
    }

    /// The verdict as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// One JSON line for a checked record: its number, where it starts in a batch,
/// the lines as given, and the verdict (fields in declaration order).
pub fn record_json<S: AsRef<str>>(
    record: usize,
    at_line: Option<usize>,
    lines: &[S],
    verdict: &Verdict,
) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        record: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        at_line: Option<usize>,
        lines: Vec<&'a str>,
        verdict: &'a Verdict,
    }
    let out = Out {
        record,
        at_line,
        lines: lines.iter().map(|l| l.as_ref()).collect(),
        verdict,
    };
    serde_json::to_string(&out).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}
