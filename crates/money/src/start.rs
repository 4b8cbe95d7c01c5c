//! Where a trace starts, from what a user typed: a payment's reference, a party's id or name,
//! or an account or phone folded into its holder or user.

use crate::ledger::{Ledger, day};
use crate::trace::Start;

/// Why a starting point was not found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartError {
    /// Nothing matches.
    NotFound(String),
    /// Several parties match; the message lists some of them.
    Ambiguous(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::NotFound(m) | StartError::Ambiguous(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for StartError {}

/// The start named by `q` and a label saying what it is.
pub fn find_start(l: &Ledger, q: &str) -> Result<(Start, String), StartError> {
    let q = q.trim();
    if q.is_empty() {
        return Err(StartError::NotFound(
            "name a person, account or payment to trace from".into(),
        ));
    }
    if let Some(i) = l.refs.iter().position(|r| &**r == q) {
        let t = l.tx(i as u32);
        return Ok((
            Start::Payment(i as u32),
            format!(
                "payment {q} ({} → {}, {:.2} on {})",
                l.name(t.src),
                l.name(t.dst),
                t.amount,
                day(t.time)
            ),
        ));
    }
    match l.lookup(q).as_slice() {
        [] => Err(StartError::NotFound(format!(
            "no party or payment matches {q:?} (try an entity id from search)"
        ))),
        [v] => Ok((
            Start::Party(*v),
            format!("{} [{}]", l.name(*v), l.parties[*v as usize].id),
        )),
        many => {
            let list: Vec<String> = many
                .iter()
                .take(10)
                .map(|&v| format!("  {} [{}]", l.name(v), l.parties[v as usize].id))
                .collect();
            Err(StartError::Ambiguous(format!(
                "{q:?} matches {} parties; give an id:\n{}",
                many.len(),
                list.join("\n")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::tests::ledger;

    #[test]
    fn finds_payments_parties_and_accounts() {
        let mut l = ledger(3, &[(0, 1, 1, 10.0), (1, 2, 2, 5.0)]);
        l.aliases.insert("acct-1".into(), 1);
        assert_eq!(find_start(&l, "t1").unwrap().0, Start::Payment(1));
        assert_eq!(find_start(&l, "p2").unwrap().0, Start::Party(2));
        assert_eq!(find_start(&l, " acct-1 ").unwrap().0, Start::Party(1));
        assert!(matches!(find_start(&l, "P"), Err(StartError::Ambiguous(_))));
        assert!(matches!(
            find_start(&l, "nobody"),
            Err(StartError::NotFound(_))
        ));
        assert!(matches!(find_start(&l, ""), Err(StartError::NotFound(_))));
    }
}
