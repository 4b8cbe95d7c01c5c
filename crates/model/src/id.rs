//! Stable entity ids derived from key values, as FollowTheMoney's `make_entity_id`.

/// Builds a stable id: `prefix` then the SHA-1 of the key parts (each part followed by a
/// separator, so `["ab","c"]` and `["a","bc"]` differ). Returns `None` when every part is empty,
/// because an id keyed on nothing would merge unrelated rows.
pub fn make_id(prefix: &str, parts: &[&str]) -> Option<String> {
    if parts.iter().all(|p| p.trim().is_empty()) {
        return None;
    }
    let mut h = sha1_smol::Sha1::new();
    for p in parts {
        h.update(p.trim().as_bytes());
        h.update(&[0x1f]);
    }
    let hex = h.digest().to_string();
    Some(if prefix.is_empty() {
        hex
    } else {
        format!("{prefix}-{hex}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_separated() {
        let a = make_id("call", &["ab", "c"]).unwrap();
        let b = make_id("call", &["a", "bc"]).unwrap();
        assert_ne!(a, b);
        assert_eq!(a, make_id("call", &["ab", "c"]).unwrap());
        assert!(a.starts_with("call-"));
        assert_eq!(a.len(), "call-".len() + 40);
        assert_eq!(make_id("x", &["", " "]), None);
    }
}
