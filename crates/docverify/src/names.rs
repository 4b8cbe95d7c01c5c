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

/// Copies a name part, fillers becoming spaces. `clean` parts (no leading filler,
/// no double filler) need only that; others have each run of fillers collapsed.
fn spaced(bytes: &[u8], clean: bool) -> Text<NAME_LEN> {
    let mut t;
    if clean {
        t = Text::from_bytes(bytes);
        t.replace(b'<', b' ');
        return t;
    }
    t = Text::default();
    let mut gap = false;
    for &b in trim_fillers(bytes) {
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
    // One pass for the end of the name and the digits in it.
    let (mut end, mut first_digit, mut last_digit) = (0, None, 0);
    for (i, &b) in field.iter().enumerate() {
        if !is_blank(b) {
            end = i + 1;
        }
        if b.is_ascii_digit() {
            first_digit.get_or_insert((i, b));
            last_digit = i;
        }
    }
    let used = &field[..end];
    if used.is_empty() {
        r.push(Code::NameEmpty, Field::Name, span, Detail::None);
        return Name::default();
    }
    if let Some((first, c)) = first_digit {
        let at = Span {
            line: span.line,
            start: span.start + first as u8,
            end: span.start + last_digit as u8 + 1,
        };
        r.push(Code::NameInvalidCharacter, Field::Name, at, Detail::Char(c));
    }

    // A single name written as "<<NAME" is a secondary identifier with no primary.
    if used[0] == b'<' {
        let secondary_only = used.len() > 2 && used[1] == b'<' && used[2] != b'<';
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

    let (primary, secondary) = match find_double(used) {
        Some(p) => (&used[..p], &used[p + 2..]),
        None => (used, &used[used.len()..]),
    };
    let malformed = secondary.first() == Some(&b'<') || find_double(secondary).is_some();
    if malformed {
        r.push(Code::NameFormat, Field::Name, span, Detail::None);
    }

    if end == field.len() {
        let last = Span {
            start: span.end - 1,
            ..span
        };
        r.push(Code::NameTruncated, Field::Name, last, Detail::None);
    }

    Name {
        // The primary part holds no double filler (it ends at the first one).
        primary: spaced(primary, primary.first() != Some(&b'<')),
        secondary: spaced(secondary, !malformed),
    }
}
