//! A reader that refuses over-long lines, so a 2 GB line is an error, not an allocation.

use std::io::{self, Read};

/// Default longest line: 16 MiB, far above any genuine record.
pub const DEFAULT_MAX_LINE_BYTES: usize = 16 << 20;

/// Wraps a reader, counting lines and failing once a line exceeds `max` bytes.
pub struct LineLimit<R> {
    inner: R,
    max: usize,
    current: usize,
    line: u64,
    consumed: u64,
}

/// The message of the I/O error raised for an over-long line; importers turn it into a
/// located error.
#[derive(Debug)]
pub struct LineTooLong {
    /// 1-based line number.
    pub line: u64,
    /// The limit.
    pub max: usize,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} is longer than {} bytes (raise the limit with --max-line-bytes if it is genuine)",
            self.line, self.max
        )
    }
}

impl std::error::Error for LineTooLong {}

impl<R: Read> LineLimit<R> {
    /// Wraps `inner` with a line limit of `max` bytes.
    pub fn new(inner: R, max: usize) -> Self {
        LineLimit {
            inner,
            max,
            current: 0,
            line: 1,
            consumed: 0,
        }
    }

    /// Bytes read so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if b == b'\n' {
                self.line += 1;
                self.current = 0;
            } else {
                self.current += 1;
                if self.current > self.max {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        LineTooLong {
                            line: self.line,
                            max: self.max,
                        },
                    ));
                }
            }
        }
        self.consumed += n as u64;
        Ok(n)
    }
}

/// Finds a [`LineTooLong`] inside an I/O error.
pub fn too_long(e: &io::Error) -> Option<&LineTooLong> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<LineTooLong>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_long_line() {
        let data = b"short\nthis line is long\nok\n";
        let mut r = LineLimit::new(&data[..], 10);
        let mut out = Vec::new();
        let err = r.read_to_end(&mut out).unwrap_err();
        assert_eq!(too_long(&err).unwrap().line, 2);
        let mut ok = LineLimit::new(&data[..], 100);
        ok.read_to_end(&mut out).unwrap();
        assert_eq!(ok.consumed(), data.len() as u64);
    }
}
