//! The ledger read from the store is the same on both backends: one generated set of payments
//! and rates imported into SQLite and into PostgreSQL (`KINGPIN_TEST_PG`, `.ci/postgres.sh`;
//! skipped without it) gives the same parties, payments, conversions and counts.

use kingpin_model::{Fragment, model};
use kingpin_money::load::{LoadOptions, load};
use kingpin_store::{NewSource, ScratchSchema, SqliteStore, Store};

/// (schema, id, properties, grading).
type Frag = (
    &'static str,
    String,
    Vec<(&'static str, String)>,
    &'static str,
);

fn import(s: &mut dyn Store, name: &str, frags: &[Frag]) {
    let mut w = s
        .begin(NewSource {
            name: name.into(),
            kind: "test".into(),
            path: None,
            grading: "2BP".parse().unwrap(),
        })
        .unwrap();
    for (schema, id, props, grading) in frags {
        let mut f = Fragment::new(model(), schema, id).unwrap();
        f.grading = grading.parse().unwrap();
        for (p, v) in props {
            f.add(p, v).unwrap();
        }
        w.put(&f).unwrap();
    }
    w.commit(frags.len() as u64).unwrap();
}

/// Twenty people paying each other through accounts and in person, in three currencies
/// (one without a rate), monthly USD rates, payments told half by one source and half by
/// another, and one a later source contradicts.
fn world(s: &mut dyn Store) {
    let mut bank = Vec::new();
    for i in 0..20 {
        bank.push((
            "Person",
            format!("per-{i}"),
            vec![("name", format!("Person {i}"))],
            "2BP",
        ));
        bank.push((
            "BankAccount",
            format!("acct-{i}"),
            vec![
                ("holder", format!("per-{i}")),
                ("accountNumber", format!("GB00KP{i:08}")),
            ],
            "2BP",
        ));
    }
    for m in 1..=12 {
        bank.push((
            "ExchangeRate",
            format!("usd-{m}"),
            vec![
                ("currency", "USD".into()),
                ("baseCurrency", "EUR".into()),
                ("rate", format!("0.9{m}")),
                ("date", format!("2025-{m:02}-01")),
            ],
            "1AP",
        ));
    }
    let mut split = Vec::new();
    for t in 0..400usize {
        let (a, b) = (t * 7 % 20, (t * 13 + 5) % 20);
        let ends = if t % 2 == 0 {
            [("payerAccount", "acct"), ("beneficiaryAccount", "acct")]
        } else {
            [("payer", "per"), ("beneficiary", "per")]
        };
        let currency = ["EUR", "USD", "IQD"][t % 3];
        let mut props = vec![
            ("amount", format!("{}", 50 + t * 3)),
            ("currency", currency.into()),
            ("date", format!("2025-{:02}-{:02}", 1 + t % 12, 2 + t % 27)),
        ];
        let ends = vec![
            (ends[0].0, format!("{}-{a}", ends[0].1)),
            (ends[1].0, format!("{}-{b}", ends[1].1)),
        ];
        if t % 10 == 4 {
            split.push(("Payment", format!("pay-{t}"), ends, "3DP"));
        } else {
            props.extend(ends);
        }
        bank.push(("Payment", format!("pay-{t}"), props, "2BP"));
    }
    import(s, "bank", &bank);
    split.push((
        "Payment",
        "pay-1".into(),
        vec![("amount", "999".into())],
        "3EP",
    ));
    import(s, "informant", &split);
}

/// Everything the ledger holds, and the load's counts.
fn ledger(s: &dyn kingpin_store::Scan) -> Vec<String> {
    let (l, mut stats) = load(s, &LoadOptions::default()).unwrap();
    stats.seconds = 0.0;
    let mut out = vec![
        serde_json::to_string(&stats).unwrap(),
        format!("{:?} {:?}", l.currency, l.refs),
    ];
    out.extend(
        l.parties
            .iter()
            .map(|p| format!("party {} {}", p.id, p.name)),
    );
    out.extend(l.txs.iter().map(|t| format!("tx {t:?}")));
    out
}

#[test]
fn the_ledger_is_the_same_on_sqlite_and_postgres() {
    let Some((_schema, mut pg)) = ScratchSchema::from_env() else {
        return;
    };
    let mut lite = SqliteStore::in_memory().unwrap();
    world(&mut lite);
    world(&mut pg);
    let (a, b) = (ledger(&lite), ledger(&pg));
    assert!(a.len() > 250, "{}", a.len());
    assert!(a[0].contains("\"unconverted\":{\"IQD\""), "{}", a[0]);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "SQLite, then PostgreSQL");
    }
    assert_eq!(a.len(), b.len());
}
