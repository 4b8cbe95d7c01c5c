//! The packed form of a fragment's statements: `prop US value RS prop US value RS ...`.
//!
//! Values are cleaned before they get here and cleaning removes control characters, so the
//! two separators (ASCII unit and record separators) cannot occur inside a value.

/// Separates a property from its value.
pub const UNIT: char = '\u{1f}';
/// Ends one statement.
pub const RECORD: char = '\u{1e}';

/// Appends one statement to a packed buffer.
pub fn push(buf: &mut String, prop: &str, value: &str) {
    buf.push_str(prop);
    buf.push(UNIT);
    buf.push_str(value);
    buf.push(RECORD);
}

/// Iterates the (prop, value) pairs of a packed buffer; malformed pieces are skipped.
pub fn iter(packed: &str) -> impl Iterator<Item = (&str, &str)> {
    packed
        .split(RECORD)
        .filter_map(|piece| piece.split_once(UNIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut b = String::new();
        push(&mut b, "name", "Karwan Ahmed");
        push(&mut b, "alias", "");
        push(&mut b, "notes", "line one\nline two");
        let v: Vec<_> = iter(&b).collect();
        assert_eq!(
            v,
            vec![
                ("name", "Karwan Ahmed"),
                ("alias", ""),
                ("notes", "line one\nline two")
            ]
        );
        assert_eq!(iter("").count(), 0);
    }
}
