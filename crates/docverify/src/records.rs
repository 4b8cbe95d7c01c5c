//! Batches of MRZs as text: records separated by blank lines, one-line records
//! with `|` or `\n` separators, or JSON Lines with a `"lines"` array.

use std::fmt;

/// One MRZ of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// 1-based line of the batch where the record starts.
    pub at_line: usize,
    /// The MRZ's lines.
    pub lines: Vec<String>,
}

/// A batch that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// 1-based line of the batch.
    pub at_line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.at_line, self.message)
    }
}

impl std::error::Error for RecordError {}

/// Splits one string into MRZ lines at newlines, `|`, or a literal backslash-n
/// (as typed in a shell argument).
pub fn split_lines(s: &str) -> Vec<String> {
    s.replace("\\n", "\n")
        .split(['\n', '|'])
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

fn is_one_line_record(l: &str) -> bool {
    l.contains('|') || l.contains("\\n")
}

/// Reads a batch. JSON Lines if the first non-blank line starts with `{`;
/// otherwise blank lines separate records, `#` starts a comment line, and a line
/// holding `|` or `\n` separators is a whole record by itself.
pub fn parse_batch(text: &str) -> Result<Vec<Record>, RecordError> {
    let first = text.lines().find(|l| !l.trim().is_empty());
    if first.is_some_and(|l| l.trim_start().starts_with('{')) {
        return parse_jsonl(text);
    }
    let mut out = Vec::new();
    let mut current: Option<Record> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim_start().starts_with('#') {
            continue;
        }
        if line.trim().is_empty() || is_one_line_record(line) {
            out.extend(current.take());
            if is_one_line_record(line) {
                out.push(Record {
                    at_line: i + 1,
                    lines: split_lines(line),
                });
            }
            continue;
        }
        current
            .get_or_insert_with(|| Record {
                at_line: i + 1,
                lines: Vec::new(),
            })
            .lines
            .push(line.to_string());
    }
    out.extend(current);
    Ok(out)
}

fn parse_jsonl(text: &str) -> Result<Vec<Record>, RecordError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| RecordError {
            at_line: i + 1,
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| err(format!("not JSON: {e}")))?;
        let lines = value
            .get("lines")
            .and_then(|l| l.as_array())
            .ok_or_else(|| err("no \"lines\" array".to_string()))?
            .iter()
            .map(|l| l.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| err("\"lines\" holds a non-string".to_string()))?;
        out.push(Record {
            at_line: i + 1,
            lines,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_separated_and_one_line_records() {
        let b = parse_batch("# c\nA\nB\n\n\nC|D\nE\\nF\nG\nH\nI\n").unwrap();
        let lines: Vec<_> = b.iter().map(|r| (r.at_line, r.lines.join("/"))).collect();
        assert_eq!(
            lines,
            [
                (2, "A/B".to_string()),
                (6, "C/D".to_string()),
                (7, "E/F".to_string()),
                (8, "G/H/I".to_string())
            ]
        );
    }

    #[test]
    fn jsonl() {
        let b =
            parse_batch("{\"lines\": [\"A\", \"B\"], \"x\": 1}\n\n{\"lines\": [\"C\"]}\n").unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].at_line, 3);
        assert!(parse_batch("{\"lines\": 3}").is_err());
        assert!(parse_batch("{\"lines\": [\"A\"]}\nnot json").is_err());
    }
}
