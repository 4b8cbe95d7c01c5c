//! Export from the entity store: calls, payments and their cell sites streamed out of SQLite
//! into Parquet, and the person map computed by the graph crate's person-level projection.
//!
//! A record's ends are chosen as the projection chooses them (the named phone or party if the
//! store has it, else the SIM, handset or account that end used), and records split over
//! several fragments are joined the same way, so DataFusion's person edges over the export
//! equal the projection's call and payment edges.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use kingpin_graph::project::roles::{Role, Roles};
use kingpin_graph::project::{parse_epoch, project};
use kingpin_graph::{Level, ProjectOptions};
use kingpin_store::{FragmentRow, Scan};
use serde::Serialize;

use crate::tables::{CALLS, CELLS, PAYMENTS, PERSON_MAP};
use crate::write::{Output, TableWriter, Value};

/// What an export wrote.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ExportReport {
    pub calls: u64,
    pub payments: u64,
    pub cells: u64,
    /// Ids in the person map (every store entity that can be a node).
    pub mapped: u64,
    /// Records left out because one end names nothing the store holds.
    pub incomplete: u64,
    /// Amounts or durations that were not numbers (written as null).
    pub unreadable: u64,
}

/// The items of a projection: id → (item number, whether it is an identifier).
struct Items {
    index: HashMap<String, (u32, bool)>,
}

impl Items {
    fn get(&self, id: &str) -> Option<(u32, bool)> {
        self.index.get(id).copied()
    }
}

/// One call or payment, its fields gathered from one or more fragments.
#[derive(Default, Clone)]
struct Record {
    id: String,
    payment: bool,
    src: Option<String>,
    dst: Option<String>,
    time: Option<i64>,
    props: HashMap<String, String>,
    grading: String,
}

impl Record {
    fn first(&self, p: &str) -> Option<&str> {
        self.props.get(p).map(String::as_str)
    }
}

/// Reads one fragment of a call or payment as the projection's `edge` does.
fn read_fragment(
    items: &Items,
    r: &FragmentRow<'_>,
    (source, target): (&str, &str),
) -> (
    Option<String>,
    Option<String>,
    Option<i64>,
    HashMap<String, String>,
) {
    let props: Vec<(&str, &str)> = r.statements().collect();
    let item = |v: &str| items.get(v).map(|_| v.to_string());
    let (mut s, mut d) = (None, None);
    for &(p, v) in &props {
        if p == source {
            s = s.or_else(|| item(v));
        } else if p == target {
            d = d.or_else(|| item(v));
        }
    }
    // Without the named end, the identifier that end used (callerSim, payerAccount) stands in.
    for &(p, v) in &props {
        if p == source || p == target {
            continue;
        }
        let from_source = p.starts_with(source);
        if (from_source || p.starts_with(target)) && items.get(v).is_some_and(|(_, ident)| ident) {
            let end = if from_source { &mut s } else { &mut d };
            if end.is_none() {
                *end = Some(v.to_string());
            }
        }
    }
    let time = ["startDate", "date"]
        .iter()
        .find_map(|k| props.iter().find(|(p, _)| p == k))
        .and_then(|(_, v)| parse_epoch(v));
    let mut first = HashMap::new();
    for &(p, v) in &props {
        first.entry(p.to_string()).or_insert_with(|| v.to_string());
    }
    (s, d, time, first)
}

struct Writers {
    calls: TableWriter,
    payments: TableWriter,
    cells: TableWriter,
    report: ExportReport,
}

impl Writers {
    fn number(&mut self, v: Option<&str>) -> Option<f64> {
        let v = v?;
        match v.trim().parse::<f64>() {
            Ok(x) => Some(x),
            Err(_) => {
                self.report.unreadable += 1;
                None
            }
        }
    }

    fn write(&mut self, r: &Record) -> anyhow::Result<()> {
        let (Some(s), Some(d)) = (r.src.as_deref(), r.dst.as_deref()) else {
            self.report.incomplete += 1;
            return Ok(());
        };
        let grading = Some(r.grading.as_str()).filter(|g| !g.is_empty());
        if r.payment {
            let amount = self.number(r.first("amount"));
            self.payments.push(
                r.time,
                &[
                    Value::Str(Some(&r.id)),
                    Value::Str(Some(s)),
                    Value::Str(Some(d)),
                    Value::Str(r.first("payerAccount")),
                    Value::Str(r.first("beneficiaryAccount")),
                    Value::Float(amount),
                    Value::Str(r.first("currency")),
                    Value::Int(r.time),
                    Value::Str(r.first("channel")),
                    Value::Str(r.first("agent")),
                    Value::Str(None),
                    Value::Str(grading),
                ],
            )?;
            self.report.payments += 1;
            return Ok(());
        }
        let duration = self.number(r.first("duration")).map(|x| x as i64);
        let (cc, rc) = (r.first("callerCell"), r.first("receiverCell"));
        self.calls.push(
            r.time,
            &[
                Value::Str(Some(&r.id)),
                Value::Str(Some(s)),
                Value::Str(Some(d)),
                Value::Int(r.time),
                Value::Int(duration),
                Value::Str(cc),
                Value::Str(rc),
                Value::Str(r.first("callType")),
                Value::Str(None),
                Value::Str(grading),
            ],
        )?;
        self.report.calls += 1;
        for (phone, cell) in [(s, cc), (d, rc)] {
            if let Some(cell) = cell {
                self.cells.push(
                    r.time,
                    &[
                        Value::Str(Some(phone)),
                        Value::Str(Some(cell)),
                        Value::Int(r.time),
                        Value::Str(Some(&r.id)),
                    ],
                )?;
                self.report.cells += 1;
            }
        }
        Ok(())
    }
}

/// Exports the calls, payments and cell sites that `store` (either backend) lets its view see,
/// and its person map, to `out` (replacing it only if `replace`). `progress` is told the number of fragments read so far.
pub fn export(
    store: &dyn Scan,
    out: &Path,
    replace: bool,
    progress: &dyn Fn(u64),
) -> anyhow::Result<ExportReport> {
    let output = Output::create(out, replace)?;
    let model = kingpin_model::model();
    let roles = Roles::new(model);
    let p = project(
        store,
        &ProjectOptions {
            level: Level::Person,
            ..ProjectOptions::default()
        },
    )
    .context("projecting the store to find who uses which phone and account")?;
    let mut map = output.table(PERSON_MAP)?;
    let mut index = HashMap::with_capacity(p.entity_ids.len());
    let mut n = 0usize;
    let schemata = roles.node_schemata();
    store.scan_entities(Some(&schemata), &mut |e| {
        // The projection numbered its items in this same scan.
        let node = p.entity_node[n];
        let ident = matches!(
            roles.get(e.schema),
            Role::Node {
                identifier: true,
                ..
            }
        );
        index.insert(e.id.to_string(), (n as u32, ident));
        n += 1;
        map.push(
            None,
            &[
                Value::Str(Some(e.id)),
                Value::Str(Some(p.graph.label(node))),
                Value::Str(Some(p.caption(node))),
                Value::Str(Some(e.schema)),
            ],
        )
        .map_err(|x| kingpin_store::StoreError::Callback(x.into()))?;
        Ok(())
    })?;
    anyhow::ensure!(
        n == p.entity_ids.len(),
        "the store changed while it was exported ({n} entities, {} projected)",
        p.entity_ids.len()
    );
    let items = Items { index };
    drop(p);
    let mut w = Writers {
        calls: output.table(CALLS)?,
        payments: output.table(PAYMENTS)?,
        cells: output.table(CELLS)?,
        report: ExportReport {
            mapped: n as u64,
            ..ExportReport::default()
        },
    };
    // Records whose ends are split over fragments wait here, as in the projection.
    let mut partial: HashMap<i64, Record> = HashMap::new();
    let (mut last, mut read) = (i64::MIN, 0u64);
    let mut failed: Option<anyhow::Error> = None;
    store
        .scan_fragments(Some(&["Call", "Payment"]), &mut |r| {
            read += 1;
            if read.is_multiple_of(10_000) {
                progress(read);
            }
            let payment = r.schema == "Payment";
            let ends = if payment {
                ("payer", "beneficiary")
            } else {
                ("caller", "receiver")
            };
            let (s, d, time, props) = read_fragment(&items, r, ends);
            if s.is_some() && d.is_some() {
                if r.eid != last {
                    last = r.eid;
                    let rec = Record {
                        id: r.id.to_string(),
                        payment,
                        src: s,
                        dst: d,
                        time,
                        props,
                        grading: r.grading.to_string(),
                    };
                    if let Err(e) = w.write(&rec) {
                        failed = Some(e);
                        return Err(kingpin_store::StoreError::Callback("export failed".into()));
                    }
                }
                return Ok(());
            }
            let e = partial.entry(r.eid).or_insert_with(|| Record {
                id: r.id.to_string(),
                payment,
                grading: r.grading.to_string(),
                ..Record::default()
            });
            e.src = e.src.take().or(s);
            e.dst = e.dst.take().or(d);
            if time.is_some() {
                e.time = time;
            }
            for (k, v) in props {
                e.props.entry(k).or_insert(v);
            }
            Ok(())
        })
        .map_err(|e| failed.take().unwrap_or_else(|| e.into()))?;
    let mut rest: Vec<(i64, Record)> = partial.into_iter().collect();
    rest.sort_unstable_by_key(|r| r.0);
    for (_, r) in rest {
        w.write(&r)?;
    }
    progress(read);
    output.finish(vec![map, w.calls, w.payments, w.cells])?;
    Ok(w.report)
}
