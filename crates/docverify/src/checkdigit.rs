//! The Doc 9303 check digit: weights 7, 3, 1 repeating, sum modulo 10.

/// Value of an MRZ character for the check digit, or `None` outside `0-9 A-Z <`.
pub const fn char_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'Z' => Some(b - b'A' + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// Character values by byte; characters outside the MRZ set count as 0 here
/// (the character-set check reports them).
const VALUES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        if let Some(v) = char_value(b as u8) {
            t[b] = v;
        }
        b += 1;
    }
    t
};

/// 7, 3, 1 repeated over a whole line from any starting phase, so the inner loop
/// needs no modulo and no branch.
const WEIGHTS: [u32; 48] = {
    let mut w = [0u32; 48];
    let mut i = 0;
    while i < 48 {
        w[i] = [7, 3, 1][i % 3];
        i += 1;
    }
    w
};

/// Running 7-3-1 sum over several ranges, so a composite needs no concatenated copy.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summer {
    sum: u32,
    /// Position modulo 3.
    phase: usize,
}

impl Summer {
    /// Adds the characters of `bytes`.
    pub fn add(&mut self, bytes: &[u8]) -> &mut Self {
        // Lines are at most 44 characters; longer runs go through in slices.
        for chunk in bytes.chunks(45) {
            let weights = &WEIGHTS[self.phase..self.phase + chunk.len()];
            self.sum += chunk
                .iter()
                .zip(weights)
                .map(|(&b, &w)| VALUES[b as usize] as u32 * w)
                .sum::<u32>();
            self.phase = (self.phase + chunk.len()) % 3;
        }
        self
    }

    /// The check digit of everything added so far.
    pub fn digit(&self) -> u8 {
        (self.sum % 10) as u8
    }
}

/// Check digit of one run of characters.
pub fn compute(bytes: &[u8]) -> u8 {
    Summer::default().add(bytes).digit()
}

/// Outcome of comparing a printed check digit with the computed one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The printed digit matches.
    Ok,
    /// The printed character is not the computed digit (or not a digit at all).
    Mismatch { found: u8, expected: u8 },
}

/// Compares `printed` with `expected`; a filler passes only where `filler_ok`
/// (Doc 9303 allows it for an all-filler field such as an unused personal number).
pub fn verify(printed: u8, expected: u8, filler_ok: bool) -> Check {
    let ok = match printed {
        b'0'..=b'9' => printed - b'0' == expected,
        b'<' => filler_ok && expected == 0,
        _ => false,
    };
    if ok {
        Check::Ok
    } else {
        Check::Mismatch {
            found: printed,
            expected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specimen_digits() {
        assert_eq!(compute(b"L898902C3"), 6);
        assert_eq!(compute(b"740812"), 2);
        assert_eq!(compute(b"120415"), 9);
        assert_eq!(compute(b"ZE184226B<<<<<"), 1);
        let mut s = Summer::default();
        s.add(b"L898902C36")
            .add(b"7408122")
            .add(b"1204159ZE184226B<<<<<1");
        assert_eq!(s.digit(), 0);
    }

    #[test]
    fn filler_only_where_allowed() {
        assert_eq!(verify(b'<', 0, true), Check::Ok);
        assert_ne!(verify(b'<', 0, false), Check::Ok);
        assert_ne!(verify(b'<', 3, true), Check::Ok);
        assert_ne!(verify(b'A', 0, true), Check::Ok);
    }
}
