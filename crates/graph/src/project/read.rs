//! The one pass over the store: entities become numbered items, records become edges between
//! items, and usage links become unions (person level) or `Uses` edges (entity level).
//!
//! The pass is a pipeline, because one thread left most of a 2-core machine idle: the calling
//! thread steps SQLite and copies rows into batches, worker threads parse batches into ops (id
//! look-ups are most of the cost), and one thread applies the ops in storage order. Batches go
//! to workers round-robin and are collected round-robin, so no reordering buffer is needed.

use std::ops::Range;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use kingpin_store::{FragmentRow, Scan};

use crate::project::apply::{self, Applier, Drawn};
use crate::project::ids::IdIndex;
use crate::project::parse::{Memo, Parsed, Parser};
use crate::project::roles::{Role, Roles};
use crate::project::{ProjectOptions, ProjectStats};
use crate::types::NodeKind;

/// Items (store entities that can be nodes) and the edges between them, before collapsing.
pub struct Raw {
    pub ids: Vec<Arc<str>>,
    pub kind: Vec<NodeKind>,
    pub identifier: Vec<bool>,
    pub drawn: Drawn,
}

impl Raw {
    /// Root of item `i`'s cluster, halving paths on the way.
    pub fn find(&mut self, i: u32) -> u32 {
        apply::find(&mut self.drawn.parent, i)
    }

    /// Joins the clusters of `a` and `b`; false when they were one already.
    pub fn union(&mut self, a: u32, b: u32) -> bool {
        apply::union(&mut self.drawn.parent, a, b)
    }
}

/// Rows per batch: large enough that channel traffic is noise, small enough to stay in cache.
const BATCH_ROWS: usize = 4096;
/// Batches queued per worker, bounding memory whatever the store's size.
const QUEUE: usize = 4;

/// One fragment copied out of SQLite, as ranges into its batch's text.
struct RowSpan {
    eid: i64,
    id: Range<usize>,
    schema: Range<usize>,
    grading: Range<usize>,
    props: Range<usize>,
}

/// Fragments copied out of SQLite for a worker.
#[derive(Default)]
struct Batch {
    text: String,
    rows: Vec<RowSpan>,
}

impl Batch {
    fn put(&mut self, s: &str) -> Range<usize> {
        let start = self.text.len();
        self.text.push_str(s);
        start..self.text.len()
    }

    fn push(&mut self, r: &FragmentRow<'_>) {
        let row = RowSpan {
            eid: r.eid,
            id: self.put(r.id),
            schema: self.put(r.schema),
            grading: self.put(r.grading),
            props: self.put(r.props),
        };
        self.rows.push(row);
    }

    fn parse(&self, parser: &Parser<'_>, memo: &mut Memo) -> Parsed {
        let mut out = Parsed {
            ops: Vec::with_capacity(self.rows.len() * 2),
            ..Parsed::default()
        };
        let t = &self.text;
        for r in &self.rows {
            let row = FragmentRow {
                eid: r.eid,
                id: &t[r.id.clone()],
                schema: &t[r.schema.clone()],
                grading: &t[r.grading.clone()],
                recorded: None,
                props: &t[r.props.clone()],
            };
            parser.row(memo, &row, &mut out);
        }
        out
    }
}

/// How the pass is split over threads.
#[derive(Clone, Copy)]
struct Pipeline {
    workers: usize,
    batch_rows: usize,
}

impl Default for Pipeline {
    /// Parser threads: one per core (at most 8), the scan and the applier sharing the cores.
    fn default() -> Self {
        Self {
            workers: std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8)),
            batch_rows: BATCH_ROWS,
        }
    }
}

/// Reads the store into items and raw edges.
pub fn read(
    store: &dyn Scan,
    opts: &ProjectOptions,
    stats: &mut ProjectStats,
) -> kingpin_store::Result<Raw> {
    read_with(store, opts, stats, Pipeline::default())
}

fn read_with(
    store: &dyn Scan,
    opts: &ProjectOptions,
    stats: &mut ProjectStats,
    pipeline: Pipeline,
) -> kingpin_store::Result<Raw> {
    let model = kingpin_model::model();
    let roles = Roles::new(model);
    let (mut ids, mut kind, mut identifier) = (Vec::new(), Vec::new(), Vec::new());
    let mut index = IdIndex::new();
    let node_schemata = roles.node_schemata();
    store.scan_entities(Some(&node_schemata), &mut |e| {
        let (k, is_identifier) = match roles.get(e.schema) {
            Role::Node { kind, identifier } => (*kind, *identifier),
            _ => (NodeKind::Event, false),
        };
        index.insert(e.id, ids.len() as u32);
        ids.push(Arc::<str>::from(e.id));
        kind.push(k);
        identifier.push(is_identifier);
        Ok(())
    })?;
    let parser = Parser {
        opts,
        roles: &roles,
        model,
        index: &index,
        kind: &kind,
        identifier: &identifier,
    };
    let workers = pipeline.workers.max(1);
    let mut applier = std::thread::scope(|scope| -> kingpin_store::Result<Applier<'_>> {
        let mut to_workers: Vec<SyncSender<Batch>> = Vec::new();
        let mut from_workers: Vec<Receiver<Parsed>> = Vec::new();
        for _ in 0..workers {
            let (tx, rx) = sync_channel::<Batch>(QUEUE);
            let (out_tx, out_rx) = sync_channel::<Parsed>(QUEUE);
            let parser = &parser;
            scope.spawn(move || {
                let mut memo = Memo::default();
                for batch in rx {
                    if out_tx.send(batch.parse(parser, &mut memo)).is_err() {
                        return;
                    }
                }
            });
            to_workers.push(tx);
            from_workers.push(out_rx);
        }
        let (kind, identifier) = (&kind, &identifier);
        let applying = scope.spawn(move || {
            let mut applier = Applier::new(opts, kind, identifier);
            for i in 0.. {
                match from_workers[i % from_workers.len()].recv() {
                    Ok(parsed) => applier.apply(parsed),
                    // Batch i was never sent: every batch before it has been applied.
                    Err(_) => break,
                }
            }
            applier
        });
        let (mut batch, mut sent) = (Batch::default(), 0usize);
        let scanned = store.scan_fragments(None, &mut |r| {
            batch.push(r);
            if batch.rows.len() >= pipeline.batch_rows {
                let full = std::mem::take(&mut batch);
                if to_workers[sent % workers].send(full).is_err() {
                    return Err(kingpin_store::StoreError::Callback(
                        "a projection worker stopped".into(),
                    ));
                }
                sent += 1;
            }
            Ok(())
        });
        if scanned.is_ok() && !batch.rows.is_empty() {
            // A worker only stops early by panicking, which the scope re-raises below.
            let _ = to_workers[sent % workers].send(batch);
        }
        drop(to_workers);
        let applier = applying.join().expect("the projection's applier panicked");
        scanned.map(|()| applier)
    })?;
    applier.finish();
    *stats = std::mem::take(&mut applier.stats);
    let drawn = applier.drawn;
    Ok(Raw {
        ids,
        kind,
        identifier,
        drawn,
    })
}

#[cfg(test)]
mod tests {
    use super::{Pipeline, Raw, read_with};
    use crate::project::{Level, ProjectOptions, ProjectStats};
    use kingpin_model::{Fragment, Grading, model};
    use kingpin_store::{NewSource, SqliteStore, Store};

    /// Schema, id and statements of one fragment.
    type Frag<'a> = (&'a str, String, Vec<(&'a str, String)>);

    fn put(store: &mut SqliteStore, source: &str, frags: &[Frag<'_>]) {
        let g: Grading = "2BP".parse().unwrap();
        let mut w = store
            .begin(NewSource {
                name: source.into(),
                kind: "test".into(),
                path: None,
                grading: g,
            })
            .unwrap();
        for (schema, id, props) in frags {
            let mut f = Fragment::new(model(), schema, id).unwrap();
            f.grading = g;
            for (p, v) in props {
                f.add(p, v).unwrap();
            }
            w.put(&f).unwrap();
        }
        w.commit(frags.len() as u64).unwrap();
    }

    /// Six people with a phone each, forty calls, and ten calls whose receiver only a second
    /// source names (records split over fragments, so over batches too).
    fn store() -> SqliteStore {
        let mut s = SqliteStore::in_memory().unwrap();
        let phone = |i: usize| format!("phone-+4477009000{i:02}");
        let mut frags = Vec::new();
        for i in 0..6 {
            frags.push((
                "Person",
                format!("p{i}"),
                vec![("name", format!("Person {i}"))],
            ));
            frags.push((
                "Phone",
                phone(i),
                vec![("number", phone(i)[6..].to_string())],
            ));
            frags.push((
                "UsesPhone",
                format!("u{i}"),
                vec![("user", format!("p{i}")), ("phone", phone(i))],
            ));
        }
        for c in 0..40 {
            frags.push((
                "Call",
                format!("c{c}"),
                vec![
                    ("caller", phone(c % 6)),
                    ("receiver", phone((c * 5 + 1) % 6)),
                    ("startDate", format!("2025-01-{:02}T10:00:00", c % 28 + 1)),
                ],
            ));
        }
        for c in 0..10 {
            frags.push(("Call", format!("s{c}"), vec![("caller", phone(c % 6))]));
        }
        put(&mut s, "calls", &frags);
        let second: Vec<_> = (0..10)
            .map(|c| {
                (
                    "Call",
                    format!("s{c}"),
                    vec![("receiver", phone((c + 2) % 6))],
                )
            })
            .collect();
        put(&mut s, "receivers", &second);
        s
    }

    fn summary(raw: &Raw) -> impl PartialEq + std::fmt::Debug {
        let d = &raw.drawn;
        (
            d.caption.clone(),
            d.parent.clone(),
            d.src.clone(),
            d.dst.clone(),
            d.etype.clone(),
            d.time.clone(),
        )
    }

    #[test]
    fn any_split_over_threads_and_batches_gives_the_one_thread_result() {
        let s = store();
        for level in [Level::Person, Level::Entity] {
            let opts = ProjectOptions {
                level,
                ..ProjectOptions::default()
            };
            let one = Pipeline {
                workers: 1,
                batch_rows: 1 << 20,
            };
            let (mut st1, mut st2) = (ProjectStats::default(), ProjectStats::default());
            let a = read_with(&s, &opts, &mut st1, one).unwrap();
            assert_eq!(st1.records, 50, "{level:?}");
            assert_eq!(st1.incomplete, 0);
            for (workers, batch_rows) in [(2, 1), (3, 2), (4, 7)] {
                let split = Pipeline {
                    workers,
                    batch_rows,
                };
                let b = read_with(&s, &opts, &mut st2, split).unwrap();
                assert_eq!(summary(&a), summary(&b), "{level:?} {workers} {batch_rows}");
                assert_eq!(
                    serde_json::to_string(&st1).unwrap(),
                    serde_json::to_string(&st2).unwrap()
                );
            }
        }
    }
}
