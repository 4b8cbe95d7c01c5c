//! A small inline ASCII string, so parsed fields need no allocation.

use std::fmt;

/// Up to `N` printable ASCII characters stored inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Text<const N: usize> {
    buf: [u8; N],
    len: u8,
}

impl<const N: usize> Default for Text<N> {
    fn default() -> Self {
        Text {
            buf: [0; N],
            len: 0,
        }
    }
}

impl<const N: usize> Text<N> {
    /// Copies `bytes`, cut to `N`; anything but printable ASCII becomes `?`.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let mut t = Self::default();
        let n = bytes.len().min(N).min(u8::MAX as usize);
        t.buf[..n].copy_from_slice(&bytes[..n]);
        for b in &mut t.buf[..n] {
            *b = printable(*b);
        }
        t.len = n as u8;
        t
    }

    /// Appends one byte if there is room (non-printable bytes become `?`).
    pub fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len as usize) {
            *slot = printable(b);
            self.len += 1;
        }
    }

    /// Replaces every `from` byte with `to` (printable ASCII).
    pub fn replace(&mut self, from: u8, to: u8) {
        for b in &mut self.buf[..self.len as usize] {
            if *b == from {
                *b = printable(to);
            }
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or("")
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<const N: usize> fmt::Display for Text<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<const N: usize> fmt::Debug for Text<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> PartialEq<str> for Text<N> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<const N: usize> PartialEq<&str> for Text<N> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<const N: usize> serde::Serialize for Text<N> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

fn printable(b: u8) -> u8 {
    if b.is_ascii_graphic() || b == b' ' {
        b
    } else {
        b'?'
    }
}

/// Whether a byte is the filler, or padding past a short line's end.
pub fn is_blank(b: u8) -> bool {
    b == b'<' || b == 0
}

/// `bytes` without trailing fillers.
pub fn trim_fillers(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|&b| !is_blank(b))
        .map_or(0, |i| i + 1);
    &bytes[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text() {
        let t = Text::<3>::from_bytes(b"ABCD");
        assert_eq!(t, "ABC");
        assert_eq!(Text::<4>::from_bytes(b"A\0\xff"), "A??");
        assert_eq!(trim_fillers(b"AB<C<<\0"), b"AB<C");
        assert_eq!(trim_fillers(b"<<<"), b"");
    }
}
