//! A trace as people read it: flows between parties by hop, final holders (or origins), a
//! Sankey diagram's nodes and links, and CSV rows.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::ledger::{Ledger, day};
use crate::trace::{Direction, Trace};

/// Most payment references listed on one flow.
const REFS: usize = 5;

/// Traced money from one party to another at one hop.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct Flow {
    /// Hop (1 = the starting payments).
    pub hop: u8,
    /// Paying party's id and name.
    pub from: String,
    /// Paying party's name.
    pub from_name: String,
    /// Receiving party's id.
    pub to: String,
    /// Receiving party's name.
    pub to_name: String,
    /// Traced amount.
    pub amount: f64,
    /// Payments that carried it.
    pub payments: usize,
    /// First and last payment dates.
    pub first: String,
    /// Last payment date.
    pub last: String,
    /// Up to five payment references, as evidence.
    pub refs: Vec<String>,
}

/// Where traced money ended up (forward) or came from (backward).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct Holder {
    /// Party id.
    pub id: String,
    /// Party name.
    pub name: String,
    /// Traced money held (forward) or originating there (backward).
    pub amount: f64,
    /// Traced money that reached it in all.
    pub received: f64,
    /// Traced money it passed on.
    pub passed_on: f64,
}

/// A trace summarised for output.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Who or what the trace started from.
    pub start: String,
    /// Forward or backward.
    pub direction: Direction,
    /// FIFO or proportional.
    pub method: crate::flow::Method,
    /// Hop limit.
    pub hops: u8,
    /// Reporting currency (`null`: mixed, no rates imported).
    pub currency: Option<String>,
    /// Money the trace started with.
    pub total: f64,
    /// Flows by hop, largest first within a hop.
    pub flows: Vec<Flow>,
    /// Final holders (forward) or origins (backward), largest first.
    pub holders: Vec<Holder>,
}

/// Summarises a trace.
pub fn report(l: &Ledger, tr: &Trace, start: &str) -> Report {
    struct Acc {
        amount: f64,
        payments: usize,
        first: i64,
        last: i64,
        refs: Vec<String>,
    }
    let mut by: FxHashMap<(u8, u32, u32), Acc> = FxHashMap::default();
    for c in &tr.carried {
        let t = l.tx(c.tx);
        let a = by.entry((c.hop, t.src, t.dst)).or_insert(Acc {
            amount: 0.0,
            payments: 0,
            first: i64::MAX,
            last: i64::MIN,
            refs: Vec::new(),
        });
        a.amount += c.amount;
        a.payments += 1;
        a.first = a.first.min(t.time);
        a.last = a.last.max(t.time);
        if a.refs.len() < REFS {
            a.refs.push(l.reference(c.tx));
        }
    }
    let mut flows: Vec<Flow> = by
        .into_iter()
        .map(|((hop, s, d), a)| Flow {
            hop,
            from: l.parties[s as usize].id.clone(),
            from_name: l.name(s).to_string(),
            to: l.parties[d as usize].id.clone(),
            to_name: l.name(d).to_string(),
            amount: a.amount,
            payments: a.payments,
            first: day(a.first),
            last: day(a.last),
            refs: a.refs,
        })
        .collect();
    flows.sort_by(|a, b| {
        a.hop
            .cmp(&b.hop)
            .then(b.amount.total_cmp(&a.amount))
            .then(a.from.cmp(&b.from))
            .then(a.to.cmp(&b.to))
    });
    let mut holders: Vec<Holder> = tr
        .balances(l)
        .into_iter()
        .filter_map(|(v, (received, passed_on))| {
            let amount = match tr.direction {
                Direction::Forward if Some(v) != tr.origin => received - passed_on,
                Direction::Backward if Some(v) != tr.origin => passed_on - received,
                _ => return None,
            };
            // Rounding crumbs of proportional splits are not holdings.
            (amount > 1e-6 * tr.total().max(1.0)).then(|| Holder {
                id: l.parties[v as usize].id.clone(),
                name: l.name(v).to_string(),
                amount,
                received,
                passed_on,
            })
        })
        .collect();
    holders.sort_by(|a, b| b.amount.total_cmp(&a.amount).then(a.id.cmp(&b.id)));
    Report {
        start: start.to_string(),
        direction: tr.direction,
        method: tr.method,
        hops: tr.hops,
        currency: l.currency.clone(),
        total: tr.total(),
        flows,
        holders,
    }
}

/// A Sankey diagram (the shape d3-sankey and most chart libraries read): a party appears once
/// per hop layer, so the diagram has no cycles even when the money goes round.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct Sankey {
    /// Nodes: `{id, name, layer}`.
    pub nodes: Vec<SankeyNode>,
    /// Links by node index, with the traced amount as value.
    pub links: Vec<SankeyLink>,
    /// Reporting currency.
    pub currency: Option<String>,
}

/// One Sankey node: a party at one layer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct SankeyNode {
    /// `party-id@layer`.
    pub id: String,
    /// Party name.
    pub name: String,
    /// Column, left to right in the direction money moved.
    pub layer: u8,
}

/// One Sankey link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize)]
pub struct SankeyLink {
    /// Source node index.
    pub source: usize,
    /// Target node index.
    pub target: usize,
    /// Traced amount.
    pub value: f64,
}

/// The Sankey diagram of a report.
pub fn sankey(r: &Report) -> Sankey {
    let mut nodes: Vec<SankeyNode> = Vec::new();
    let mut index: FxHashMap<(String, u8), usize> = FxHashMap::default();
    let mut node = |id: &str, name: &str, layer: u8| -> usize {
        *index.entry((id.to_string(), layer)).or_insert_with(|| {
            nodes.push(SankeyNode {
                id: format!("{id}@{layer}"),
                name: name.to_string(),
                layer,
            });
            nodes.len() - 1
        })
    };
    let mut links = Vec::new();
    for f in &r.flows {
        // Money always runs left to right: forward from hop 0; backward, the furthest origin
        // is the leftmost column.
        let (ls, lt) = match r.direction {
            Direction::Forward => (f.hop - 1, f.hop),
            Direction::Backward => (r.hops - f.hop, r.hops - f.hop + 1),
        };
        let s = node(&f.from, &f.from_name, ls);
        let t = node(&f.to, &f.to_name, lt);
        links.push(SankeyLink {
            source: s,
            target: t,
            value: f.amount,
        });
    }
    Sankey {
        nodes,
        links,
        currency: r.currency.clone(),
    }
}

/// Writes the flows as CSV (one row per hop, payer and payee).
pub fn write_csv(r: &Report, out: impl std::io::Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "hop",
        "from_id",
        "from_name",
        "to_id",
        "to_name",
        "amount",
        "currency",
        "payments",
        "first_date",
        "last_date",
        "refs",
    ])?;
    let cur = r.currency.clone().unwrap_or_default();
    for f in &r.flows {
        w.write_record([
            f.hop.to_string(),
            f.from.clone(),
            f.from_name.clone(),
            f.to.clone(),
            f.to_name.clone(),
            format!("{:.2}", f.amount),
            cur.clone(),
            f.payments.to_string(),
            f.first.clone(),
            f.last.clone(),
            f.refs.join(";"),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// An alert for output: parties and payments spelled out.
#[derive(Clone, Debug, Serialize)]
pub struct AlertView<'a> {
    /// Typology name.
    pub typology: &'a str,
    /// What was seen.
    pub summary: &'a str,
    /// Money involved.
    pub amount: f64,
    /// First payment date.
    pub first: String,
    /// Last payment date.
    pub last: String,
    /// The parties the pattern is about.
    pub subjects: Vec<&'a crate::ledger::Party>,
    /// Every party involved.
    pub members: Vec<&'a crate::ledger::Party>,
    /// The payments.
    pub payments: Vec<PaymentView<'a>>,
}

/// A payment of an alert's evidence.
#[derive(Clone, Debug, Serialize)]
pub struct PaymentView<'a> {
    /// Transaction number or id.
    pub reference: String,
    /// Payment date.
    pub date: String,
    /// Payer id.
    pub from: &'a str,
    /// Payee id.
    pub to: &'a str,
    /// Money involved.
    pub amount: f64,
}

/// The output form of an alert.
pub fn alert_view<'a>(l: &'a Ledger, a: &'a crate::typology::Alert) -> AlertView<'a> {
    let (first, last) = a.dates(l);
    AlertView {
        typology: a.typology.as_str(),
        summary: &a.summary,
        amount: a.amount,
        first,
        last,
        subjects: a.subjects.iter().map(|&v| &l.parties[v as usize]).collect(),
        members: a.members.iter().map(|&v| &l.parties[v as usize]).collect(),
        payments: a
            .payments
            .iter()
            .map(|&i| {
                let t = l.tx(i);
                PaymentView {
                    reference: l.reference(i),
                    date: crate::ledger::day(t.time),
                    from: &l.parties[t.src as usize].id,
                    to: &l.parties[t.dst as usize].id,
                    amount: t.amount,
                }
            })
            .collect(),
    }
}
