//! SQLite-style placeholders (`?1`, `?2`, bare `?`) rewritten as PostgreSQL's `$1`, `$2`,
//! skipping string literals, quoted identifiers and comments. Results are cached per statement
//! text: the application's SQL is a fixed set of strings.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// `sql` with every placeholder outside quotes and comments written `$N`. A bare `?` takes the
/// number after the largest seen so far, as SQLite numbers it.
pub fn to_postgres(sql: &str) -> String {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 8);
    let mut i = 0;
    let mut start = 0; // first byte not yet copied
    let mut max = 0u32;
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"') => i = skip_quoted(b, i, q),
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p + 1)
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2)
            }
            b'?' => {
                out.push_str(&sql[start..i]);
                let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                let n = if digits == 0 {
                    max + 1
                } else {
                    sql[i + 1..i + 1 + digits].parse().unwrap_or(u32::MAX)
                };
                max = max.max(n);
                out.push('$');
                out.push_str(&n.to_string());
                i += 1 + digits;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[start..]);
    out
}

/// The index just past the literal or identifier opened by quote `q` at `i` (a doubled quote
/// inside is an escaped one); the end of the text if it is never closed.
fn skip_quoted(b: &[u8], mut i: usize, q: u8) -> usize {
    i += 1;
    while i < b.len() {
        if b[i] == q {
            if b.get(i + 1) == Some(&q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

/// [`to_postgres`], remembered per distinct statement text.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub fn cached(sql: &str) -> Arc<str> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<str>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(t) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(sql) {
        return t.clone();
    }
    let t: Arc<str> = to_postgres(sql).into();
    let mut map = cache.lock().unwrap_or_else(|p| p.into_inner());
    // Statements built with format! could grow the cache without bound; a full cache is
    // dropped whole, since the fixed statements come straight back.
    if map.len() >= 4096 {
        map.clear();
    }
    map.insert(sql.to_string(), t.clone());
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbered_bare_and_quoted() {
        assert_eq!(
            to_postgres("SELECT a FROM t WHERE a = ?1 AND b = ?2 OR c = ?1"),
            "SELECT a FROM t WHERE a = $1 AND b = $2 OR c = $1"
        );
        assert_eq!(to_postgres("VALUES (?, ?, ?)"), "VALUES ($1, $2, $3)");
        assert_eq!(to_postgres("VALUES (?2, ?)"), "VALUES ($2, $3)");
        assert_eq!(
            to_postgres("SELECT '?1', 'it''s ?', \"a?\" FROM t WHERE x = ?1"),
            "SELECT '?1', 'it''s ?', \"a?\" FROM t WHERE x = $1"
        );
        assert_eq!(
            to_postgres("SELECT 1 -- what? ?1\n, ?1 /* ? */ , ?2"),
            "SELECT 1 -- what? ?1\n, $1 /* ? */ , $2"
        );
        assert_eq!(to_postgres("SELECT 'open ?1"), "SELECT 'open ?1");
        assert_eq!(to_postgres("naïve = ?1 -- é"), "naïve = $1 -- é");
    }

    /// A piece of SQL text: plain words, literals, comments, or a placeholder.
    #[derive(Debug, Clone)]
    enum Piece {
        Text(String),
        Literal(String),
        Ident(String),
        Line(String),
        Block(String),
        Param(u32),
    }

    fn piece() -> impl Strategy<Value = Piece> {
        prop_oneof![
            "[a-z0-9 =,()$*é]{0,8}".prop_map(Piece::Text),
            "[a-z?'$ ]{0,6}".prop_map(Piece::Literal),
            "[a-z?\" ]{0,6}".prop_map(Piece::Ident),
            "[a-z?'\" ]{0,6}".prop_map(Piece::Line),
            "[a-z?'\" ]{0,6}".prop_map(|s| Piece::Block(s.replace('*', ""))),
            (1u32..20).prop_map(Piece::Param),
        ]
    }

    proptest! {
        /// Placeholders become `$N` with the same number; everything inside quotes and
        /// comments is left exactly as it was.
        #[test]
        fn translation_rewrites_only_placeholders(pieces in prop::collection::vec(piece(), 0..12)) {
            let (mut sqlite, mut pg) = (String::new(), String::new());
            for p in &pieces {
                let (a, b) = match p {
                    Piece::Text(s) => (s.clone(), s.clone()),
                    Piece::Literal(s) => {
                        let q = format!("'{}'", s.replace('\'', "''"));
                        (q.clone(), q)
                    }
                    Piece::Ident(s) => {
                        let q = format!("\"{}\"", s.replace('"', "\"\""));
                        (q.clone(), q)
                    }
                    Piece::Line(s) => {
                        let c = format!("--{s}\n");
                        (c.clone(), c)
                    }
                    Piece::Block(s) => {
                        let c = format!("/*{s}*/");
                        (c.clone(), c)
                    }
                    // A space after keeps a following digit from joining the number.
                    Piece::Param(n) => (format!("?{n} "), format!("${n} ")),
                };
                sqlite.push_str(&a);
                pg.push_str(&b);
            }
            prop_assert_eq!(to_postgres(&sqlite), pg.clone());
            prop_assert_eq!(&*cached(&sqlite), pg.as_str());
        }
    }
}
