//! The parallel half of the projection pass: each fragment is read into a few [`Op`]s (ids looked
//! up, properties picked out), with no shared state written, so several threads can parse
//! batches at once. The ops are applied in storage order by [`super::apply::Applier`], which
//! keeps the result identical to a one-thread pass.

use kingpin_model::{Grading, Model, PropType};
use kingpin_store::FragmentRow;
use rustc_hash::FxHashMap;

use crate::project::dates::parse_epoch;
use crate::project::ids::IdIndex;
use crate::project::roles::{Role, Roles};
use crate::project::{Level, ProjectOptions};
use crate::types::{EdgeType, NO_TIME, NodeKind};

/// What one fragment asks of the graph being built.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// A tie drawn as is (a purchase's item, an event's participant).
    Edge {
        s: u32,
        d: u32,
        etype: EdgeType,
        w: f32,
        t: i64,
    },
    /// An edge record with both ends in this fragment; drawn once per record.
    Record {
        eid: i64,
        s: u32,
        d: u32,
        etype: EdgeType,
        w: f32,
        t: i64,
    },
    /// Part of an edge record whose ends are spread over several fragments.
    Partial {
        eid: i64,
        s: Option<u32>,
        d: Option<u32>,
        etype: EdgeType,
        w: f32,
        t: i64,
    },
    /// `user` uses `thing`.
    Usage(u32, u32),
    /// A caption for an item, kept if it has none yet.
    Caption(u32, Box<str>),
    /// An event record was read.
    Event,
}

/// Ops of one batch of fragments, with the counts that need no ordering.
#[derive(Default)]
pub(crate) struct Parsed {
    pub ops: Vec<Op>,
    pub fragments: usize,
    pub skipped_grading: usize,
}

/// Read-only context shared by every parsing thread.
pub(crate) struct Parser<'a> {
    pub opts: &'a ProjectOptions,
    pub roles: &'a Roles,
    pub model: &'a Model,
    pub index: &'a IdIndex,
    pub kind: &'a [NodeKind],
    pub identifier: &'a [bool],
}

/// One thread's memo of answers that repeat from fragment to fragment.
#[derive(Default)]
pub(crate) struct Memo {
    grading: Option<(String, bool)>,
    /// Per edge schema and property: whether it can name an identifier.
    ident_props: FxHashMap<Box<str>, FxHashMap<Box<str>, bool>>,
}

impl Parser<'_> {
    fn item(&self, id: &str) -> Option<u32> {
        self.index.get(id)
    }

    fn graded_ok(&self, memo: &mut Memo, code: &str) -> bool {
        let Some(min) = self.opts.min_grading else {
            return true;
        };
        if let Some((c, ok)) = &memo.grading
            && c == code
        {
            return *ok;
        }
        // Unparseable gradings never pass a minimum: they vouch for nothing.
        let ok = code.parse::<Grading>().is_ok_and(|g| g.at_least(&min));
        memo.grading = Some((code.to_string(), ok));
        ok
    }

    /// Whether property `prop` of edge schema `schema` can name an identifier (a SIM, handset,
    /// account), from its range: a call's cell site cannot, so it is never looked up.
    fn may_be_identifier(&self, memo: &mut Memo, schema: &str, prop: &str) -> bool {
        if let Some(&known) = memo.ident_props.get(schema).and_then(|m| m.get(prop)) {
            return known;
        }
        let range = self
            .model
            .get(schema)
            .ok()
            .and_then(|s| s.property(prop))
            .and_then(|p| p.range.clone());
        // Unknown range: look it up. Else: only if some identifier schema is (a kind of) it.
        let may = range.is_none_or(|r| {
            self.model.names().any(|n| {
                matches!(
                    self.roles.get(n),
                    Role::Node {
                        identifier: true,
                        ..
                    }
                ) && self.model.get(n).is_ok_and(|s| s.is_a(&r))
            })
        });
        memo.ident_props
            .entry(schema.into())
            .or_default()
            .insert(prop.into(), may);
        may
    }

    fn record_time(props: &[(&str, &str)]) -> i64 {
        ["startDate", "date"]
            .iter()
            .find_map(|k| props.iter().find(|(p, _)| p == k))
            .and_then(|(_, v)| parse_epoch(v))
            .unwrap_or(NO_TIME)
    }

    /// Reads one fragment into `out`.
    pub(crate) fn row(&self, memo: &mut Memo, r: &FragmentRow<'_>, out: &mut Parsed) {
        out.fragments += 1;
        if !self.graded_ok(memo, r.grading) {
            out.skipped_grading += 1;
            return;
        }
        let props: Vec<(&str, &str)> = r.statements().collect();
        match self.roles.get(r.schema) {
            Role::Node { .. } => self.thing(r, &props, &mut out.ops),
            Role::Edge {
                source,
                target,
                etype,
            } => self.edge(memo, r, &props, (source, target, *etype), &mut out.ops),
            Role::Usage { user, thing } => {
                let get = |k: &str| props.iter().find(|(p, _)| *p == k).map(|(_, v)| *v);
                if let (Some(u), Some(t)) = (
                    get(user).and_then(|v| self.item(v)),
                    get(thing).and_then(|v| self.item(v)),
                ) {
                    out.ops.push(Op::Usage(u, t));
                }
            }
            Role::Event => self.event(r, &props, &mut out.ops),
            Role::Skip => {}
        }
    }

    /// Captions, and the usage ties a thing carries itself (a SIM's number, an account's holder,
    /// a person's phone number).
    fn thing(&self, r: &FragmentRow<'_>, props: &[(&str, &str)], ops: &mut Vec<Op>) {
        let Some(me) = self.item(r.id) else { return };
        let Ok(schema) = self.model.get(r.schema) else {
            return;
        };
        let cap = schema
            .caption
            .iter()
            .find_map(|c| props.iter().find(|(p, _)| p == c).map(|(_, v)| *v));
        if let Some(cap) = cap {
            ops.push(Op::Caption(me, cap.into()));
        }
        for &(p, v) in props {
            let Some(prop) = schema.property(p) else {
                continue;
            };
            match prop.kind {
                PropType::Entity => {
                    let Some(other) = self.item(v) else { continue };
                    match (p, self.kind[me as usize]) {
                        ("holder" | "owner", NodeKind::Account) => ops.push(Op::Usage(other, me)),
                        ("phone", NodeKind::Phone) => ops.push(Op::Usage(me, other)),
                        ("holder", NodeKind::Document) if self.opts.level == Level::Entity => {
                            ops.push(Op::Usage(other, me))
                        }
                        _ => {}
                    }
                }
                PropType::Phone => {
                    // A phone number written on a person's record: the importer keys phones by
                    // number, so the record points at that phone if the store has it.
                    let key = format!("phone-{v}");
                    if let Some(ph) = self.item(&key) {
                        ops.push(Op::Usage(me, ph));
                    }
                }
                _ => {}
            }
        }
    }

    fn edge(
        &self,
        memo: &mut Memo,
        r: &FragmentRow<'_>,
        props: &[(&str, &str)],
        (source, target, etype): (&str, &str, EdgeType),
        ops: &mut Vec<Op>,
    ) {
        let t = Self::record_time(props);
        let mut w = 1.0f32;
        // The two ends first, so that the identifiers each end used attach to it without a
        // second look-up; then only the properties that can matter are looked up at all.
        let (mut s, mut d) = (None, None);
        for &(p, v) in props {
            if p == source {
                s = s.or_else(|| self.item(v));
            } else if p == target {
                d = d.or_else(|| self.item(v));
            }
        }
        let (end_s, end_d) = (s, d);
        for &(p, v) in props {
            if p == "amount" {
                w = v.parse().unwrap_or(1.0);
                continue;
            }
            if p == source || p == target {
                continue;
            }
            let from_source = p.starts_with(source);
            if from_source || p.starts_with(target) {
                // callerSim, receiverDevice, payerAccount: the identifier that end used.
                if !self.may_be_identifier(memo, r.schema, p) {
                    continue;
                }
                let Some(x) = self.item(v) else { continue };
                if self.identifier[x as usize] {
                    match (from_source, end_s, end_d) {
                        (true, Some(e), _) | (false, _, Some(e)) => ops.push(Op::Usage(e, x)),
                        (true, None, _) => s = s.or(Some(x)),
                        (false, _, None) => d = d.or(Some(x)),
                    }
                }
            } else if p == "item" {
                // What a purchase bought: links the buyer to the boat a crossing report names.
                if let (Some(b), Some(x)) = (end_s, self.item(v)) {
                    ops.push(Op::Edge {
                        s: b,
                        d: x,
                        etype: EdgeType::Ownership,
                        w: 1.0,
                        t,
                    });
                }
            }
        }
        if etype == EdgeType::Payment && w <= 0.0 {
            w = 1.0;
        }
        ops.push(match (s, d) {
            (Some(s), Some(d)) => Op::Record {
                eid: r.eid,
                s,
                d,
                etype,
                w,
                t,
            },
            _ => Op::Partial {
                eid: r.eid,
                s,
                d,
                etype,
                w,
                t,
            },
        });
    }

    fn event(&self, r: &FragmentRow<'_>, props: &[(&str, &str)], ops: &mut Vec<Op>) {
        let Some(ev) = self.item(r.id) else { return };
        let date = props
            .iter()
            .find(|(p, _)| matches!(*p, "startDate" | "date"))
            .map_or("", |(_, v)| *v);
        ops.push(Op::Caption(ev, format!("{} {}", r.schema, date).into()));
        let t = Self::record_time(props);
        if r.schema == "Advert" && self.opts.level == Level::Person {
            // An advert names the account and the phone to call: both are the recruiter's.
            let get = |k: &str| props.iter().find(|(p, _)| *p == k).map(|(_, v)| *v);
            if let (Some(a), Some(c)) = (
                get("account").and_then(|v| self.item(v)),
                get("contact").and_then(|v| self.item(v)),
            ) {
                ops.push(Op::Usage(a, c));
            }
            return;
        }
        let etype = if r.schema == "Meeting" {
            EdgeType::Meeting
        } else {
            EdgeType::Other
        };
        for &(p, v) in props {
            if p == "callerCell" {
                continue;
            }
            if let Some(x) = self.item(v)
                && x != ev
            {
                ops.push(Op::Edge {
                    s: x,
                    d: ev,
                    etype,
                    w: 1.0,
                    t,
                });
            }
        }
        ops.push(Op::Event);
    }
}
