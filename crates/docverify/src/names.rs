//! The name field: primary identifier, `<<`, secondary identifier, name parts split by `<`.

use crate::finding::{Code, Detail, Field};
use crate::layout::Span;
use crate::text::{Text, is_blank, trim_fillers};
use crate::validate::Report;

/// Longest name field (TD3, MRV-A).
pub const NAME_LEN: usize = 39;

/// The holder's name as read, fillers turned into spaces.
#[derive(Clone, Copy, Debug, Default)]
pub struct Name {
    /// Primary identifier (surname).
    pub primary: Text<NAME_LEN>,
    /// Secondary identifier (given names).
    pub secondary: Text<NAME_LEN>,
}

/// Copies `bytes`, each run of fillers becoming one space, outer fillers dropped.
fn spaced(bytes: &[u8]) -> Text<NAME_LEN> {
    let bytes = trim_fillers(bytes);
    let start = bytes
        .iter()
        .position(|&b| !is_blank(b))
        .unwrap_or(bytes.len());
    let bytes = &bytes[start..];
    if find_double(bytes).is_none() {
        // Well-formed parts: single fillers only, so a plain copy does.
        let mut t = Text::from_bytes(bytes);
        t.replace(b'<', b' ');
        return t;
    }
    let mut t = Text::default();
    let mut gap = false;
    for &b in bytes {
        if is_blank(b) {
            gap = !t.is_empty();
        } else {
            if gap {
                t.push(b' ');
                gap = false;
            }
            t.push(b);
        }
    }
    t
}

fn find_double(bytes: &[u8]) -> Option<usize> {
    bytes.windows(2).position(|w| w == b"<<")
}

/// Reads and checks the name field.
pub fn check(field: &[u8], span: Span, lenient: bool, r: &mut Report) -> Name {
    let used = trim_fillers(field);
    if used.is_empty() {
        r.push(Code::NameEmpty, Field::Name, span, Detail::None);
        return Name::default();
    }

    let digits = || field.iter().enumerate().filter(|(_, b)| b.is_ascii_digit());
    if let (Some((first, &c)), Some((last, _))) = (digits().next(), digits().next_back()) {
        let at = Span {
            line: span.line,
            start: span.start + first as u8,
            end: span.start + last as u8 + 1,
        };
        r.push(Code::NameInvalidCharacter, Field::Name, at, Detail::Char(c));
    }

    // A single name written as "<<NAME" is a secondary identifier with no primary.
    let body = used;
    if body[0] == b'<' {
        let secondary_only = body.len() > 2 && body[1] == b'<' && body[2] != b'<';
        let head = Span {
            end: span.start + 1,
            ..span
        };
        if secondary_only && lenient {
            r.push(
                Code::QuirkEmptyPrimaryIdentifier,
                Field::Name,
                head,
                Detail::None,
            );
        } else {
            r.push(Code::NameLeadingFiller, Field::Name, head, Detail::None);
        }
    }

    let (primary, secondary) = match find_double(body) {
        Some(p) => (&body[..p], &body[p + 2..]),
        None => (body, &body[body.len()..]),
    };
    if secondary.first() == Some(&b'<') || find_double(secondary).is_some() {
        r.push(Code::NameFormat, Field::Name, span, Detail::None);
    }

    if field.last().is_some_and(|&b| !is_blank(b)) {
        let last = Span {
            start: span.end - 1,
            ..span
        };
        r.push(Code::NameTruncated, Field::Name, last, Detail::None);
    }

    Name {
        primary: spaced(primary),
        secondary: spaced(secondary),
    }
}
