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

impl Input {
    /// Reads lines; blank ones are skipped and a trailing `\r` is a line ending, not content.
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Input {
        let mut raw = [""; 3];
        let mut count = 0;
        for l in lines {
            let l = l.trim_end_matches(['\r', '\n']);
            if l.trim().is_empty() {
                continue;
            }
            if let Some(slot) = raw.get_mut(count) {
                *slot = l;
            }
            count += 1;
        }
        let mut input = Input {
            count,
            ..Input::default()
        };
        if count == 1 {
            let one = raw[0].trim_end();
            let n = one.chars().count();
            let split = match n {
                90 => Some((3, 30)),
                88 => Some((2, 44)),
                72 => Some((2, 36)),
                _ => None,
            };
            if let Some((parts, width)) = split {
                let mut rest = one;
                for slot in raw.iter_mut().take(parts) {
                    let cut = rest
                        .char_indices()
                        .nth(width)
                        .map_or(rest.len(), |(i, _)| i);
                    let (head, tail) = rest.split_at(cut);
                    *slot = head;
                    rest = tail;
                }
                input.count = parts;
                input.joined = Some(n as u16);
            }
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
    }
}
