//! Phones used in one handset. Call records name the handset (IMEI) each call was made from;
//! SIMs that were in the same handset are almost always one user's, which is how analysts
//! follow a person across rotated numbers. Resolution uses it as a phone comparison level
//! ("used in one handset"), and its absence, when both numbers are seen in handsets, as
//! evidence against.

use kingpin_store::Scan;
use std::collections::HashMap;

/// A phone seen in more handsets than this is a shared phone (a cell's work phone, a family
/// phone) and joins nothing; two allows one user's SIM moved to a new handset.
const MAX_HANDSETS_PER_PHONE: usize = 2;
/// A handset with more numbers than this is a shop's or a shared one and joins nothing
/// (an organiser rotating SIMs through one handset reaches seven in the scenarios).
const MAX_PHONES_PER_HANDSET: usize = 16;

/// Handset groups of phone numbers (E.164): numbers with one group id were used in one
/// handset, directly or through a chain of handsets and SIMs.
#[derive(Debug, Clone, Default)]
pub struct Handsets {
    group: HashMap<String, u32>,
}

impl Handsets {
    /// Groups from (phone E.164, handset id) observations.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut phone_ix: HashMap<&str, u32> = HashMap::new();
        let mut handset_ix: HashMap<&str, u32> = HashMap::new();
        let mut edges: Vec<(u32, u32)> = Vec::new();
        for (phone, handset) in pairs {
            let n = phone_ix.len() as u32;
            let p = *phone_ix.entry(phone).or_insert(n);
            let n = handset_ix.len() as u32;
            let h = *handset_ix.entry(handset).or_insert(n);
            edges.push((p, h));
        }
        edges.sort_unstable();
        edges.dedup();
        let mut per_phone = vec![0usize; phone_ix.len()];
        let mut per_handset = vec![0usize; handset_ix.len()];
        for &(p, h) in &edges {
            per_phone[p as usize] += 1;
            per_handset[h as usize] += 1;
        }
        // Union-find over phones and handsets (handsets after the phones).
        let np = phone_ix.len() as u32;
        let mut parent: Vec<u32> = (0..np + handset_ix.len() as u32).collect();
        fn find(p: &mut [u32], mut x: u32) -> u32 {
            while p[x as usize] != x {
                p[x as usize] = p[p[x as usize] as usize];
                x = p[x as usize];
            }
            x
        }
        for &(p, h) in &edges {
            if per_phone[p as usize] > MAX_HANDSETS_PER_PHONE
                || per_handset[h as usize] > MAX_PHONES_PER_HANDSET
            {
                continue;
            }
            let (a, b) = (find(&mut parent, p), find(&mut parent, np + h));
            if a != b {
                parent[a.max(b) as usize] = a.min(b);
            }
        }
        let group = phone_ix
            .into_iter()
            .filter(|&(_, p)| per_phone[p as usize] <= MAX_HANDSETS_PER_PHONE)
            .map(|(phone, p)| (phone.to_string(), find(&mut parent, p)))
            .collect();
        Handsets { group }
    }

    /// The handset group of a number in E.164, if it was seen in a handset (and is not shared).
    pub fn group(&self, e164: &str) -> Option<u32> {
        self.group.get(e164).copied()
    }

    /// Numbers with a group.
    pub fn len(&self) -> usize {
        self.group.len()
    }

    /// Whether no number has a group.
    pub fn is_empty(&self) -> bool {
        self.group.is_empty()
    }
}

/// Reads the calls of a store (caller phone and caller handset) into handset groups.
pub fn load_handsets(store: &dyn Scan) -> kingpin_store::Result<Handsets> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    store.scan_fragments(Some(&["Call"]), &mut |row| {
        let (mut phone, mut device) = (None, None);
        for (p, v) in row.statements() {
            match p {
                "caller" => phone = v.strip_prefix("phone-"),
                "callerDevice" => device = Some(v),
                _ => {}
            }
        }
        if let (Some(p), Some(d)) = (phone, device) {
            pairs.push((p.to_string(), d.to_string()));
        }
        Ok(())
    })?;
    pairs.sort_unstable();
    pairs.dedup();
    Ok(Handsets::from_pairs(
        pairs.iter().map(|(p, d)| (p.as_str(), d.as_str())),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_one_handset_share_a_group() {
        let mut obs = vec![
            ("+1", "h1"),
            ("+2", "h1"),
            ("+2", "h2"),
            ("+3", "h2"), // +1, +2, +3 chain through h1 and h2
            ("+4", "h3"),
        ];
        // A work phone in three members' handsets joins nobody.
        for h in ["h4", "h5", "h6"] {
            obs.push(("+9", h));
        }
        obs.push(("+5", "h4"));
        obs.push(("+6", "h5"));
        let g = Handsets::from_pairs(obs);
        assert_eq!(g.group("+1"), g.group("+3"));
        assert!(g.group("+1").is_some());
        assert_ne!(g.group("+1"), g.group("+4"));
        assert_eq!(g.group("+9"), None);
        assert_ne!(g.group("+5"), g.group("+6"));
        assert_eq!(g.group("+7"), None);
    }
}
