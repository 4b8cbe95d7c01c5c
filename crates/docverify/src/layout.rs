//! Where each field sits in each Doc 9303 layout (0-based line, column range).

/// The five machine-readable-zone layouts of Doc 9303.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum DocType {
    /// ID-1 card size, 3 lines of 30 (Part 5).
    #[serde(rename = "TD1")]
    Td1,
    /// ID-2 size, 2 lines of 36 (Part 6).
    #[serde(rename = "TD2")]
    Td2,
    /// Passport booklet, 2 lines of 44 (Part 4).
    #[serde(rename = "TD3")]
    Td3,
    /// Full-page visa, 2 lines of 44 (Part 7).
    #[serde(rename = "MRV-A")]
    MrvA,
    /// Smaller visa, 2 lines of 36 (Part 7).
    #[serde(rename = "MRV-B")]
    MrvB,
}

impl DocType {
    /// Every layout.
    pub const ALL: [DocType; 5] = [
        DocType::Td1,
        DocType::Td2,
        DocType::Td3,
        DocType::MrvA,
        DocType::MrvB,
    ];

    /// Name as Doc 9303 writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            DocType::Td1 => "TD1",
            DocType::Td2 => "TD2",
            DocType::Td3 => "TD3",
            DocType::MrvA => "MRV-A",
            DocType::MrvB => "MRV-B",
        }
    }

    /// Parses the name as written by `as_str`.
    pub fn from_name(s: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The field map of this layout.
    pub const fn layout(self) -> &'static Layout {
        match self {
            DocType::Td1 => &TD1,
            DocType::Td2 => &TD2,
            DocType::Td3 => &TD3,
            DocType::MrvA => &MRV_A,
            DocType::MrvB => &MRV_B,
        }
    }
}

/// A run of characters on one line: 0-based line, 0-based start, exclusive end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Line index.
    pub line: u8,
    /// First column.
    pub start: u8,
    /// One past the last column.
    pub end: u8,
}

const fn sp(line: u8, start: u8, end: u8) -> Span {
    Span { line, start, end }
}

/// One character position.
const fn at(line: u8, col: u8) -> Span {
    sp(line, col, col + 1)
}

/// Field positions of one layout.
#[derive(Debug)]
pub struct Layout {
    /// Lines in the zone.
    pub lines: u8,
    /// Characters per line.
    pub width: u8,
    /// Document code (2).
    pub doc_code: Span,
    /// Issuing state (3).
    pub issuing_state: Span,
    /// Name of the holder.
    pub name: Span,
    /// Document number, first nine characters.
    pub number: Span,
    /// Document number check digit, or `<` marking a long number (TD1, TD2).
    pub number_check: Span,
    /// Nationality (3).
    pub nationality: Span,
    /// Birth date YYMMDD.
    pub birth: Span,
    /// Birth date check digit.
    pub birth_check: Span,
    /// Sex.
    pub sex: Span,
    /// Expiry date YYMMDD.
    pub expiry: Span,
    /// Expiry check digit.
    pub expiry_check: Span,
    /// Optional data (TD1 line 1; personal number in TD3).
    pub optional: Span,
    /// Check digit of the optional data (TD3 only).
    pub optional_check: Option<Span>,
    /// TD1's optional data on line 2.
    pub optional2: Option<Span>,
    /// Where long document numbers continue (TD1, TD2).
    pub long_number: bool,
    /// The composite check digit and the spans it covers.
    pub composite: Option<(Span, &'static [Span])>,
}

const TD1: Layout = Layout {
    lines: 3,
    width: 30,
    doc_code: sp(0, 0, 2),
    issuing_state: sp(0, 2, 5),
    number: sp(0, 5, 14),
    number_check: at(0, 14),
    optional: sp(0, 15, 30),
    birth: sp(1, 0, 6),
    birth_check: at(1, 6),
    sex: at(1, 7),
    expiry: sp(1, 8, 14),
    expiry_check: at(1, 14),
    nationality: sp(1, 15, 18),
    optional2: Some(sp(1, 18, 29)),
    optional_check: None,
    long_number: true,
    composite: Some((
        at(1, 29),
        &[sp(0, 5, 30), sp(1, 0, 7), sp(1, 8, 15), sp(1, 18, 29)],
    )),
    name: sp(2, 0, 30),
};

/// Line 2 of TD2, TD3 and the visas share the first 28 positions.
macro_rules! two_line {
    ($width:expr, $optional_end:expr, $optional_check:expr, $composite:expr, $long:expr) => {
        Layout {
            lines: 2,
            width: $width,
            doc_code: sp(0, 0, 2),
            issuing_state: sp(0, 2, 5),
            name: sp(0, 5, $width),
            number: sp(1, 0, 9),
            number_check: at(1, 9),
            nationality: sp(1, 10, 13),
            birth: sp(1, 13, 19),
            birth_check: at(1, 19),
            sex: at(1, 20),
            expiry: sp(1, 21, 27),
            expiry_check: at(1, 27),
            optional: sp(1, 28, $optional_end),
            optional_check: $optional_check,
            optional2: None,
            long_number: $long,
            composite: $composite,
        }
    };
}

const TD2: Layout = two_line!(
    36,
    35,
    None,
    Some((at(1, 35), &[sp(1, 0, 10), sp(1, 13, 20), sp(1, 21, 35)])),
    true
);
const TD3: Layout = two_line!(
    44,
    42,
    Some(at(1, 42)),
    Some((at(1, 43), &[sp(1, 0, 10), sp(1, 13, 20), sp(1, 21, 43)])),
    false
);
const MRV_A: Layout = two_line!(44, 44, None, None, false);
const MRV_B: Layout = two_line!(36, 36, None, None, false);
