//! Raw text into fixed line buffers: one byte per character, so columns are
//! character positions whatever the input holds.

/// Longest MRZ line (TD3, MRV-A).
pub const MAX_WIDTH: usize = 44;

/// One line as read.
#[derive(Clone, Copy, Debug)]
pub struct Line {
    /// The first 44 characters; non-printable or non-ASCII ones as `?`, 0 past the end.
    pub bytes: [u8; MAX_WIDTH],
    /// Characters in the line (saturating).
    pub len: u16,
    /// Characters up to the last non-whitespace one.
    pub trimmed_len: u16,
    /// Bit `i` set: column `i` holds a character outside `A-Z 0-9 <`.
    pub bad: u64,
    /// The first such character, as it was.
    pub first_bad: char,
}

impl Default for Line {
    fn default() -> Self {
        Line {
            bytes: [0; MAX_WIDTH],
            len: 0,
            trimmed_len: 0,
            bad: 0,
            first_bad: '\0',
        }
    }
}

/// MRZ characters by byte, for the per-line scan.
const MRZ_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_uppercase() || (b as u8).is_ascii_digit() || b == b'<' as usize;
        b += 1;
    }
    t
};

/// Whether `c` is in the MRZ character set.
pub fn is_mrz_char(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<'
}

impl Line {
    fn read(s: &str) -> Line {
        let mut l = Line::default();
        let mut n = 0usize;
        let mut last_solid = 0usize;
        let note = |l: &mut Line, n: usize, c: char| {
            if n < MAX_WIDTH {
                l.bytes[n] = if c.is_ascii_graphic() || c == ' ' {
                    c as u8
                } else {
                    b'?'
                };
                if !is_mrz_char(c) {
                    if l.bad == 0 {
                        l.first_bad = c;
                    }
                    l.bad |= 1 << n;
                }
            }
        };
        if s.is_ascii() {
            // The common case: no UTF-8 decoding, and a clean line needs no per-character note.
            let b = s.as_bytes();
            let head = &b[..b.len().min(MAX_WIDTH)];
            l.bytes[..head.len()].copy_from_slice(head);
            for (i, &c) in head.iter().enumerate() {
                if !MRZ_BYTE[c as usize] {
                    note(&mut l, i, c as char);
                }
            }
            n = b.len();
            last_solid = b
                .iter()
                .rposition(|c| !c.is_ascii_whitespace())
                .map_or(0, |i| i + 1);
        } else {
            for c in s.chars() {
                note(&mut l, n, c);
                n += 1;
                if !c.is_whitespace() {
                    last_solid = n;
                }
            }
        }
        l.len = n.min(u16::MAX as usize) as u16;
        l.trimmed_len = last_solid.min(u16::MAX as usize) as u16;
        l
    }
}

/// Up to three lines, and how many non-blank lines there were in all.
#[derive(Clone, Copy, Debug, Default)]
pub struct Input {
    /// The first three non-blank lines.
    pub lines: [Line; 3],
    /// Non-blank lines seen (may exceed 3).
    pub count: usize,
    /// Length of a single line that was split into the MRZ's lines.
    pub joined: Option<u16>,
}

/// A trailing `\r` is a line ending, not content; whitespace-only lines are not lines.
fn content(l: &str) -> Option<&str> {
    let l = l.trim_end_matches(['\r', '\n']);
    (!l.trim().is_empty()).then_some(l)
}

/// A single line of 90, 88 or 72 characters is an MRZ run together: its lines and length.
fn split_joined(one: &str) -> Option<([&str; 3], usize, u16)> {
    let one = one.trim_end();
    let n = one.chars().count();
    let (parts, width) = match n {
        90 => (3, 30),
        88 => (2, 44),
        72 => (2, 36),
        _ => return None,
    };
    let mut out = [""; 3];
    let mut rest = one;
    for slot in out.iter_mut().take(parts) {
        let cut = rest
            .char_indices()
            .nth(width)
            .map_or(rest.len(), |(i, _)| i);
        let (head, tail) = rest.split_at(cut);
        *slot = head;
        rest = tail;
    }
    Some((out, parts, n as u16))
}

/// The lines as the validator reads them (blank lines dropped, a run-together MRZ
/// split), so a caller can show findings' columns under the right characters.
pub fn lines_as_read<'a>(lines: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let all: Vec<&str> = lines.into_iter().filter_map(content).collect();
    match all.as_slice() {
        [one] => split_joined(one).map_or(all.clone(), |(parts, n, _)| parts[..n].to_vec()),
        _ => all,
    }
}

impl Input {
    /// Reads lines into fixed buffers (see `lines_as_read` for what counts as a line).
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Input {
        let mut raw = [""; 3];
        let mut count = 0;
        for l in lines.into_iter().filter_map(content) {
            if let Some(slot) = raw.get_mut(count) {
                *slot = l;
            }
            count += 1;
        }
        let mut input = Input {
            count,
            ..Input::default()
        };
        if count == 1
            && let Some((parts, n, len)) = split_joined(raw[0])
        {
            raw = parts;
            input.count = n;
            input.joined = Some(len);
        }
        for (line, s) in input.lines.iter_mut().zip(raw).take(input.count) {
            *line = Line::read(s);
        }
        input
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading() {
        let i = Input::from_lines("\r\nAB<\r\n\n  \nCé D  \r\n".split('\n'));
        assert_eq!(i.count, 2);
        assert_eq!(&i.lines[0].bytes[..3], b"AB<");
        assert_eq!(i.lines[0].bad, 0);
        assert_eq!(i.lines[1].len, 6);
        assert_eq!(i.lines[1].trimmed_len, 4);
        assert_eq!(i.lines[1].first_bad, 'é');
        assert_eq!(i.lines[1].bad, 0b110110);
        assert_eq!(&i.lines[1].bytes[..4], b"C? D");
    }

    #[test]
    fn joined_line_is_split() {
        let one = "A".repeat(88);
        let i = Input::from_lines([one.as_str()]);
        assert_eq!((i.count, i.joined), (2, Some(88)));
        assert_eq!(i.lines[1].len, 44);
        assert_eq!(lines_as_read([one.as_str()]), [&one[..44], &one[44..]]);
        assert_eq!(lines_as_read(["\r", "AB\r", "", "C"]), ["AB", "C"]);
    }
}
