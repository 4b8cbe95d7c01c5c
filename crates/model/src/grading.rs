//! The UK 3x5x2 intelligence grading: source evaluation (1-3), intelligence assessment (A-E)
//! and handling code (P or C).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Source evaluation: how reliable the source has proved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceEval {
    /// 1: reliable.
    Reliable = 1,
    /// 2: untested.
    Untested = 2,
    /// 3: not reliable.
    NotReliable = 3,
}

/// Intelligence assessment: how the source knows what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntelAssessment {
    /// A: known directly to the source.
    KnownDirectly,
    /// B: known indirectly, but corroborated.
    Corroborated,
    /// C: known indirectly.
    KnownIndirectly,
    /// D: not known.
    NotKnown,
    /// E: suspected to be false.
    SuspectedFalse,
}

/// Handling code: whether the intelligence may be shared lawfully as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Handling {
    /// P: lawful sharing permitted.
    Permitted,
    /// C: lawful sharing permitted with conditions (need-to-know).
    Conditions,
}

/// A full 3x5x2 grading, written compactly as e.g. `1AP` or `2B C`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grading {
    /// Source evaluation (1-3).
    pub source: SourceEval,
    /// Intelligence assessment (A-E).
    pub intel: IntelAssessment,
    /// Handling code (P/C).
    pub handling: Handling,
}

/// A grading string that is not of the form `[123][A-E][PC]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid 3x5x2 grading {0:?}: expected source 1-3, intelligence A-E and handling P or C, e.g. \"2B P\""
)]
pub struct GradingError(pub String);

impl Default for Grading {
    /// Untested source, indirectly known, shareable: the grading of an ungraded bulk import.
    fn default() -> Self {
        Grading {
            source: SourceEval::Untested,
            intel: IntelAssessment::KnownIndirectly,
            handling: Handling::Permitted,
        }
    }
}

impl Grading {
    /// The compact three-character code, e.g. `2CP`.
    pub fn code(&self) -> [u8; 3] {
        let s = b"123"[self.source as usize - 1];
        let i = b"ABCDE"[self.intel as usize];
        let h = match self.handling {
            Handling::Permitted => b'P',
            Handling::Conditions => b'C',
        };
        [s, i, h]
    }

    /// True when this grading is at least as good as `min` on source and intelligence
    /// (lower numbers and earlier letters are better).
    pub fn at_least(&self, min: &Grading) -> bool {
        self.source <= min.source && self.intel <= min.intel
    }

    /// The better of two gradings for one fact asserted twice: `other` when it is at least
    /// as good as this one, else this one.
    pub fn better(self, other: Grading) -> Grading {
        if other.at_least(&self) { other } else { self }
    }
}

impl fmt::Display for Grading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.code();
        write!(f, "{}{}{}", c[0] as char, c[1] as char, c[2] as char)
    }
}

impl FromStr for Grading {
    type Err = GradingError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let chars: Vec<char> = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '/' && *c != ',')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let err = || GradingError(s.to_string());
        if chars.len() != 3 {
            return Err(err());
        }
        let source = match chars[0] {
            '1' => SourceEval::Reliable,
            '2' => SourceEval::Untested,
            '3' => SourceEval::NotReliable,
            _ => return Err(err()),
        };
        let intel = match chars[1] {
            'A' => IntelAssessment::KnownDirectly,
            'B' => IntelAssessment::Corroborated,
            'C' => IntelAssessment::KnownIndirectly,
            'D' => IntelAssessment::NotKnown,
            'E' => IntelAssessment::SuspectedFalse,
            _ => return Err(err()),
        };
        let handling = match chars[2] {
            'P' => Handling::Permitted,
            'C' => Handling::Conditions,
            _ => return Err(err()),
        };
        Ok(Grading {
            source,
            intel,
            handling,
        })
    }
}

impl Serialize for Grading {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Grading {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_spellings() {
        for s in ["1AP", "1 A P", "1-A-P", "1/a/p"] {
            let g: Grading = s.parse().unwrap();
            assert_eq!(g.to_string(), "1AP");
        }
        assert_eq!(
            "3EC".parse::<Grading>().unwrap().handling,
            Handling::Conditions
        );
        for bad in ["", "4AP", "1FP", "1AX", "1APP", "AP1"] {
            assert!(bad.parse::<Grading>().is_err(), "{bad}");
        }
    }

    #[test]
    fn at_least_orders_by_reliability() {
        let good: Grading = "1AP".parse().unwrap();
        let weak: Grading = "3DP".parse().unwrap();
        assert!(good.at_least(&weak));
        assert!(!weak.at_least(&good));
    }

    #[test]
    fn every_grading_round_trips() {
        for s in ['1', '2', '3'] {
            for i in ['A', 'B', 'C', 'D', 'E'] {
                for h in ['P', 'C'] {
                    let code = format!("{s}{i}{h}");
                    assert_eq!(code.parse::<Grading>().unwrap().to_string(), code);
                }
            }
        }
    }
}
