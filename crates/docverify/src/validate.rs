//! The checks, in zone order: structure, header, name, number, dates, sex,
//! optional data, composite.

use crate::checkdigit::{self, Check, Summer};
use crate::codes::{self, CodeKind};
use crate::dates::{self, Date, DateProblem};
use crate::finding::{Code, Detail, Field, Finding, Findings};
use crate::input::{Input, MAX_WIDTH};
use crate::layout::{DocType, Layout, Span};
use crate::names;
use crate::text::{Text, is_blank, trim_fillers};
use crate::verdict::{DateField, Mode, Options, ParsedMrz, Verdict};

/// Collects findings; spans are 0-based, findings 1-based inclusive.
#[derive(Default)]
pub struct Report {
    findings: Findings,
}

impl Report {
    /// Records a finding at `span`.
    pub fn push(&mut self, code: Code, field: Field, span: Span, detail: Detail) {
        self.findings.push(Finding {
            code,
            field,
            line: span.line + 1,
            start: span.start + 1,
            end: span.end.max(span.start + 1),
            detail,
        });
    }

    /// Records a finding about the input as a whole (line 0).
    fn push_whole(&mut self, code: Code, detail: Detail) {
        self.findings.push(Finding {
            code,
            field: Field::Lines,
            line: 0,
            start: 0,
            end: 0,
            detail,
        });
    }
}

/// The zone's lines, each padded to 44 bytes, so every layout span is in bounds.
struct Rows<'a>([&'a [u8; MAX_WIDTH]; 3]);

impl<'a> Rows<'a> {
    fn get(&self, s: Span) -> &'a [u8] {
        &self.0[s.line as usize][s.start as usize..s.end as usize]
    }
}

/// Visa and passport share line lengths. A V code is read as TD2/TD3 only when line 2
/// ends like one: optional data all fillers and the TD check digits verifying. A genuine
/// visa has no reason to end that way, while one with optional data that happens to
/// verify (1 in 100) must not be misread.
fn two_line_type(line1: &[u8; MAX_WIDTH], line2: &[u8; MAX_WIDTH], wide: bool) -> DocType {
    let (td, mrv) = if wide {
        (DocType::Td3, DocType::MrvA)
    } else {
        (DocType::Td2, DocType::MrvB)
    };
    if line1[0] != b'V' {
        return td;
    }
    let l = td.layout();
    let Some((cd, spans)) = l.composite else {
        return mrv;
    };
    let at = |s: Span| &line2[s.start as usize..s.end as usize];
    let mut sum = Summer::default();
    for &sp in spans {
        sum.add(at(sp));
    }
    let empty_optional = at(l.optional).iter().all(|&b| b == b'<');
    let optional_check_ok = l
        .optional_check
        .is_none_or(|oc| checkdigit::verify(at(oc)[0], 0, true) == Check::Ok);
    let composite_ok = checkdigit::verify(at(cd)[0], sum.digit(), false) == Check::Ok;
    if empty_optional && optional_check_ok && composite_ok {
        td
    } else {
        mrv
    }
}

/// Validates already-read input.
pub fn check(input: &Input, opts: &Options) -> Verdict {
    let mut r = Report::default();
    if let Some(n) = input.joined {
        r.push_whole(Code::LinesJoined, Detail::Joined(n));
    }
    let doc_type = match input.count {
        3 => DocType::Td1,
        2 => {
            let longest = input.lines[0].trimmed_len.max(input.lines[1].trimmed_len);
            two_line_type(&input.lines[0].bytes, &input.lines[1].bytes, longest >= 40)
        }
        n => {
            r.push_whole(
                Code::LineCount,
                Detail::Lines(n.min(u16::MAX as usize) as u16),
            );
            return Verdict {
                valid: false,
                mode: opts.mode,
                doc_type: None,
                specimen: false,
                fields: None,
                findings: r.findings,
            };
        }
    };
    let lay = doc_type.layout();
    structure(input, lay, &mut r);

    let rows = Rows([
        &input.lines[0].bytes,
        &input.lines[1].bytes,
        &input.lines[2].bytes,
    ]);
    let get = |s: Span| rows.get(s);
    let lenient = opts.mode == Mode::Lenient;

    let doc_code = get(lay.doc_code);
    document_code(doc_code, doc_type, lay.doc_code, &mut r);
    let issuer = get(lay.issuing_state);
    let nationality = get(lay.nationality);
    let specimen_issuer = state(issuer, lay.issuing_state, Field::IssuingState, &mut r);
    let specimen_nat = state(nationality, lay.nationality, Field::Nationality, &mut r);
    let name = names::check(get(lay.name), lay.name, lenient, &mut r);
    let number = document_number(lay, &rows, lenient, &mut r);

    let reference = opts.reference();
    let birth = date_field(get(lay.birth), lay.birth, true, reference, &mut r);
    check_digit(
        &rows,
        lay.birth,
        lay.birth_check,
        Field::BirthDate,
        Code::CheckDigitBirthDate,
        &mut r,
    );
    let sex = get(lay.sex)[0];
    if !matches!(sex, b'M' | b'F' | b'<') {
        r.push(Code::SexInvalid, Field::Sex, lay.sex, Detail::Char(sex));
    }
    let expiry = date_field(get(lay.expiry), lay.expiry, false, reference, &mut r);
    check_digit(
        &rows,
        lay.expiry,
        lay.expiry_check,
        Field::ExpiryDate,
        Code::CheckDigitExpiryDate,
        &mut r,
    );
    let (birth, expiry) = date_consistency(birth, expiry, lay, opts, &mut r);

    if let Some(oc) = lay.optional_check {
        check_digit(
            &rows,
            lay.optional,
            oc,
            Field::OptionalData,
            Code::CheckDigitOptionalData,
            &mut r,
        );
    }
    if let Some((cd, spans)) = lay.composite {
        let mut s = Summer::default();
        for &sp in spans {
            s.add(get(sp));
        }
        if let Check::Mismatch { found, expected } =
            checkdigit::verify(get(cd)[0], s.digit(), false)
        {
            r.push(
                Code::CheckDigitComposite,
                Field::Composite,
                cd,
                Detail::CheckDigit { found, expected },
            );
        }
    }

    let fields = ParsedMrz {
        document_code: Text::from_bytes(trim_fillers(doc_code)),
        issuing_state: Text::from_bytes(trim_fillers(issuer)),
        document_number: number.value,
        long_document_number: number.long,
        surname: name.primary,
        given_names: name.secondary,
        nationality: Text::from_bytes(trim_fillers(nationality)),
        birth_date: DateField {
            raw: Text::from_bytes(get(lay.birth)),
            iso: birth,
        },
        sex: Text::from_bytes(&[sex]),
        expiry_date: DateField {
            raw: Text::from_bytes(get(lay.expiry)),
            iso: expiry,
        },
        optional_data: Text::from_bytes(trim_fillers(number.optional)),
        optional_data_2: lay
            .optional2
            .map(|s| Text::from_bytes(trim_fillers(get(s))))
            .unwrap_or_default(),
    };
    Verdict {
        valid: !r.findings.has_errors(),
        mode: opts.mode,
        doc_type: Some(doc_type),
        specimen: specimen_issuer || specimen_nat,
        fields: Some(fields),
        findings: r.findings,
    }
}

/// Line lengths (ignoring whitespace past the end) and the character set.
fn structure(input: &Input, lay: &Layout, r: &mut Report) {
    let width = lay.width as u16;
    for (i, line) in input.lines.iter().take(lay.lines as usize).enumerate() {
        let i = i as u8;
        let whole = Span {
            line: i,
            start: 0,
            end: lay.width,
        };
        let len = if line.len > width && line.trimmed_len <= width {
            r.push(Code::TrailingWhitespace, Field::Lines, whole, Detail::None);
            width
        } else {
            line.len
        };
        if len != width {
            r.push(
                Code::LineLength,
                Field::Lines,
                whole,
                Detail::Length {
                    expected: lay.width,
                    found: len,
                },
            );
        }
        let bad = line.bad & ((1u64 << width) - 1);
        if bad != 0 {
            let span = Span {
                line: i,
                start: bad.trailing_zeros() as u8,
                end: (64 - bad.leading_zeros()) as u8,
            };
            let detail = Detail::Chars {
                first: line.first_bad,
                count: bad.count_ones() as u8,
            };
            r.push(Code::Charset, Field::Lines, span, detail);
        }
    }
}

fn document_code(code: &[u8], doc_type: DocType, span: Span, r: &mut Report) {
    let (first, second) = (code[0], code[1]);
    let second_ok = second == b'<' || second.is_ascii_uppercase();
    let ok = match doc_type {
        DocType::Td3 => first == b'P' && second_ok,
        DocType::MrvA | DocType::MrvB => first == b'V' && second_ok,
        DocType::Td1 | DocType::Td2 => {
            matches!(first, b'A' | b'C' | b'I') && second_ok && second != b'V'
        }
    };
    if !ok {
        let detail = Detail::DocCode {
            code: [first, second],
            doc_type,
        };
        r.push(Code::DocumentCode, Field::DocumentCode, span, detail);
    }
}

/// Checks an issuing-state or nationality code; returns whether it is the specimen state.
fn state(code: &[u8], span: Span, field: Field, r: &mut Report) -> bool {
    let raw = [code[0], code[1], code[2]];
    let detail = Detail::State(raw);
    let kind = codes::lookup(code);
    let finding = match kind {
        CodeKind::Unknown if field == Field::IssuingState => Some(Code::IssuingStateCode),
        CodeKind::Unknown => Some(Code::NationalityCode),
        CodeKind::NationalityOnly if field == Field::IssuingState => {
            Some(Code::IssuingStateNationalityOnly)
        }
        CodeKind::Specimen => Some(Code::SpecimenState),
        CodeKind::Deprecated => Some(Code::CodeDeprecated),
        CodeKind::UserAssigned => Some(Code::CodeUserAssigned),
        CodeKind::State if raw == *b"DEU" => Some(Code::CodeDeuForGermany),
        _ => None,
    };
    if let Some(c) = finding {
        r.push(c, field, span, detail);
    }
    kind == CodeKind::Specimen
}

/// Compares the check digit at `cd` with the one computed over `data`; a
/// mismatch is reported over the field and its digit, since either may be wrong.
fn check_digit(rows: &Rows, data: Span, cd: Span, field: Field, code: Code, r: &mut Report) {
    let bytes = rows.get(data);
    let filler_ok = bytes.iter().all(|&b| b == b'<');
    if let Check::Mismatch { found, expected } =
        checkdigit::verify(rows.get(cd)[0], checkdigit::compute(bytes), filler_ok)
    {
        let span = Span {
            end: cd.end,
            ..data
        };
        r.push(code, field, span, Detail::CheckDigit { found, expected });
    }
}

struct Number<'a> {
    value: Text<24>,
    long: bool,
    /// The optional data left once a long number's continuation is taken out.
    optional: &'a [u8],
}

/// The document number and its check digit, following a TD1/TD2 long number
/// (`<` in the check position) into the optional data.
fn document_number<'a>(lay: &Layout, rows: &Rows<'a>, lenient: bool, r: &mut Report) -> Number<'a> {
    let num = rows.get(lay.number);
    let printed = rows.get(lay.number_check)[0];
    let optional = rows.get(lay.optional);
    let principal = trim_fillers(num);
    let fd = Field::DocumentNumber;

    if principal.is_empty() {
        r.push(Code::DocumentNumberEmpty, fd, lay.number, Detail::None);
    } else if num[0] == b'<' {
        r.push(Code::DocumentNumberFormat, fd, lay.number, Detail::None);
    }

    if !(lay.long_number && printed == b'<' && !principal.is_empty()) {
        check_digit(
            rows,
            lay.number,
            lay.number_check,
            fd,
            Code::CheckDigitDocumentNumber,
            r,
        );
        return Number {
            value: Text::from_bytes(principal),
            long: false,
            optional,
        };
    }

    // Long number: the rest follows in the optional data, then its check digit, then a filler.
    let run = optional
        .iter()
        .position(|&b| is_blank(b))
        .unwrap_or(optional.len());
    let at = |start: usize, end: usize| Span {
        line: lay.optional.line,
        start: lay.optional.start + start as u8,
        end: lay.optional.start + end as u8,
    };
    if run < 2 || principal.len() < num.len() {
        r.push(
            Code::DocumentNumberFormat,
            fd,
            at(0, run.max(1)),
            Detail::None,
        );
        let mut value = Text::from_bytes(principal);
        for &b in &optional[..run] {
            value.push(b);
        }
        return Number {
            value,
            long: true,
            optional: &optional[run..],
        };
    }
    let (rest, cd) = (&optional[..run - 1], optional[run - 1]);
    // The number and its check digit, from its first character to the digit in the optional data.
    let whole_number = Span {
        end: at(run - 1, run).end,
        ..lay.number
    };
    let expected = Summer::default().add(num).add(rest).digit();
    if let Check::Mismatch { found, expected } = checkdigit::verify(cd, expected, false) {
        let quirk = Summer::default().add(num).add(b"<").add(rest).digit();
        if lenient && checkdigit::verify(cd, quirk, false) == Check::Ok {
            r.push(
                Code::QuirkLongNumberCheckIncludesFiller,
                fd,
                whole_number,
                Detail::None,
            );
        } else {
            r.push(
                Code::CheckDigitDocumentNumber,
                fd,
                whole_number,
                Detail::CheckDigit { found, expected },
            );
        }
    }
    let mut value = Text::from_bytes(num);
    for &b in rest {
        value.push(b);
    }
    Number {
        value,
        long: true,
        // The filler that ends the continuation is not optional data.
        optional: &optional[(run + 1).min(optional.len())..],
    }
}

/// Reads a YYMMDD field and infers its century; reports format problems.
fn date_field(
    raw: &[u8],
    span: Span,
    birth: bool,
    reference: Date,
    r: &mut Report,
) -> Option<Date> {
    let (field, code) = if birth {
        (Field::BirthDate, Code::BirthDateFormat)
    } else {
        (Field::ExpiryDate, Code::ExpiryDateFormat)
    };
    let raw6 = [raw[0], raw[1], raw[2], raw[3], raw[4], raw[5]];
    let bad = |problem: DateProblem, r: &mut Report| {
        r.push(code, field, span, Detail::Date { raw: raw6, problem });
    };
    let parts = match dates::read(raw, birth) {
        Ok(p) => p,
        Err(p) => {
            bad(p, r);
            return None;
        }
    };
    if parts.has_unknown() {
        r.push(
            Code::BirthDateUnknownParts,
            field,
            span,
            Detail::RawDate(raw6),
        );
    }
    let yy = parts.yy?;
    let year = if birth {
        dates::birth_year(yy, parts.mm, parts.dd, reference)
    } else {
        dates::expiry_year(yy, reference)
    };
    match dates::complete(year, &parts) {
        Ok(d) => d,
        Err(p) => {
            bad(p, r);
            None
        }
    }
}

/// Oldest holder a document is plausibly still valid for.
const MAX_AGE_AT_EXPIRY: i32 = 120;
/// Longest plausible time from the reference date to expiry.
const MAX_YEARS_AHEAD: i32 = 15;

/// Birth before expiry (re-reading the birth century if that resolves it),
/// plausibility, and expiry against `as_of`.
fn date_consistency(
    birth: Option<Date>,
    expiry: Option<Date>,
    lay: &Layout,
    opts: &Options,
    r: &mut Report,
) -> (Option<Date>, Option<Date>) {
    let mut b = birth;
    let e = expiry;
    let span = Span {
        line: lay.birth.line,
        start: lay.birth.start.min(lay.expiry.start),
        end: lay.birth.end.max(lay.expiry.end),
    };
    if let (Some(bd), Some(ed)) = (b, e) {
        let earlier = Date::new(bd.year.saturating_sub(100), bd.month, bd.day);
        if bd >= ed {
            match earlier {
                Some(alt)
                    if bd.year >= 2000 && alt < ed && alt.years_until(&ed) <= MAX_AGE_AT_EXPIRY =>
                {
                    b = Some(alt);
                }
                _ => r.push(
                    Code::BirthAfterExpiry,
                    Field::BirthDate,
                    span,
                    Detail::Dates(bd, ed),
                ),
            }
        }
    }
    if let (Some(bd), Some(ed)) = (b, e)
        && bd < ed
        && bd.years_until(&ed) > MAX_AGE_AT_EXPIRY
    {
        r.push(
            Code::ValidityImplausible,
            Field::ExpiryDate,
            span,
            Detail::Dates(bd, ed),
        );
    }
    if let Some(ed) = e {
        let reference = opts.reference();
        if reference.years_until(&ed) > MAX_YEARS_AHEAD {
            r.push(
                Code::ValidityImplausible,
                Field::ExpiryDate,
                lay.expiry,
                Detail::YearsAhead {
                    years: MAX_YEARS_AHEAD,
                    reference,
                },
            );
        }
        if let Some(asof) = opts.as_of
            && ed < asof
        {
            r.push(
                Code::Expired,
                Field::ExpiryDate,
                lay.expiry,
                Detail::Dates(ed, asof),
            );
        }
    }
    (b, e)
}
