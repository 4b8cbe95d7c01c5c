//! The one pass over the store: entities become numbered items, records become edges between
//! items, and usage links become unions (person level) or `Uses` edges (entity level).

use std::sync::Arc;

use kingpin_model::{Grading, Model, PropType};
use kingpin_store::{FragmentRow, SqliteStore};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::project::dates::parse_epoch;
use crate::project::ids::IdIndex;
use crate::project::roles::{Role, Roles};
use crate::project::{Level, ProjectOptions, ProjectStats};
use crate::types::{EdgeType, NO_TIME, NodeKind};

/// Items (store entities that can be nodes) and the edges between them, before collapsing.
pub struct Raw {
    pub ids: Vec<Arc<str>>,
    pub kind: Vec<NodeKind>,
    pub identifier: Vec<bool>,
    pub event: Vec<bool>,
    pub caption: Vec<Option<Box<str>>>,
    /// Union-find parent (person level); `parent[i] == i` at entity level throughout.
    pub parent: Vec<u32>,
    pub src: Vec<u32>,
    pub dst: Vec<u32>,
    pub etype: Vec<EdgeType>,
    pub weight: Vec<f32>,
    pub time: Vec<i64>,
}

impl Raw {
    /// Root of item `i`'s cluster, halving paths on the way.
    pub fn find(&mut self, mut i: u32) -> u32 {
        while self.parent[i as usize] != i {
            let p = self.parent[i as usize];
            self.parent[i as usize] = self.parent[p as usize];
            i = p;
        }
        i
    }

    /// Joins the clusters of `a` and `b`; false when they were one already.
    pub fn union(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The lower item (seen first in the store) stays root: deterministic clusters.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi as usize] = lo;
        }
        ra != rb
    }
}

/// An edge record whose ends are split over several fragments.
#[derive(Default)]
struct Partial {
    src: Option<u32>,
    dst: Option<u32>,
    etype: Option<EdgeType>,
    weight: f32,
    time: i64,
}

struct Pass<'a> {
    opts: &'a ProjectOptions,
    roles: &'a Roles,
    model: &'a Model,
    index: IdIndex,
    raw: Raw,
    /// Derived `Uses` edges already drawn (entity level), so 10M calls draw each phone–SIM tie once.
    drawn: FxHashSet<(u32, u32)>,
    partial: FxHashMap<i64, Partial>,
    last_edge: i64,
    grading_cache: Option<(String, bool)>,
    /// Per edge schema and property: whether it can name an identifier.
    ident_props: FxHashMap<Box<str>, FxHashMap<Box<str>, bool>>,
    stats: ProjectStats,
}

impl Pass<'_> {
    fn item(&self, id: &str) -> Option<u32> {
        self.index.get(id)
    }

    fn graded_ok(&mut self, code: &str) -> bool {
        let Some(min) = self.opts.min_grading else {
            return true;
        };
        if let Some((c, ok)) = &self.grading_cache
            && c == code
        {
            return *ok;
        }
        // Unparseable gradings never pass a minimum: they vouch for nothing.
        let ok = code.parse::<Grading>().is_ok_and(|g| g.at_least(&min));
        self.grading_cache = Some((code.to_string(), ok));
        ok
    }

    fn in_window(&self, t: i64) -> bool {
        t == NO_TIME
            || (self.opts.since.is_none_or(|s| t >= s) && self.opts.until.is_none_or(|u| t < u))
    }

    fn push_edge(&mut self, s: u32, d: u32, etype: EdgeType, w: f32, t: i64) {
        if !self.opts.edge_types.contains(etype) {
            self.stats.skipped_type += 1;
            return;
        }
        if !self.in_window(t) {
            self.stats.skipped_window += 1;
            return;
        }
        let r = &mut self.raw;
        r.src.push(s);
        r.dst.push(d);
        r.etype.push(etype);
        r.weight.push(w);
        r.time.push(t);
    }

    /// `user` uses `thing`: one cluster at person level, a `Uses` edge at entity level.
    fn usage(&mut self, user: u32, thing: u32) {
        if user == thing {
            return;
        }
        match self.opts.level {
            Level::Person => {
                let (ku, kt) = (
                    self.raw.identifier[user as usize],
                    self.raw.identifier[thing as usize],
                );
                let person_like =
                    |k: NodeKind| matches!(k, NodeKind::Person | NodeKind::Organisation);
                // Only identifiers collapse, onto people, organisations or other identifiers.
                let fits_user = ku || person_like(self.raw.kind[user as usize]);
                let fits_thing = kt || person_like(self.raw.kind[thing as usize]);
                if (kt || ku) && fits_user && fits_thing {
                    self.raw.union(user, thing);
                    self.stats.usage_links += 1;
                }
            }
            Level::Entity => {
                if self.drawn.insert((user, thing)) {
                    self.push_edge(user, thing, EdgeType::Uses, 1.0, NO_TIME);
                    self.stats.usage_links += 1;
                }
            }
        }
    }

    /// Whether property `prop` of edge schema `schema` can name an identifier (a SIM, handset,
    /// account), from its range: a call's cell site cannot, so it is never looked up.
    fn may_be_identifier(&mut self, schema: &str, prop: &str) -> bool {
        if let Some(&known) = self.ident_props.get(schema).and_then(|m| m.get(prop)) {
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
        self.ident_props
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

    fn row(&mut self, r: &FragmentRow<'_>) {
        self.stats.fragments += 1;
        if !self.graded_ok(r.grading) {
            self.stats.skipped_grading += 1;
            return;
        }
        let props: Vec<(&str, &str)> = r.statements().collect();
        let roles = self.roles;
        match roles.get(r.schema) {
            Role::Node { .. } => self.thing(r, &props),
            Role::Edge {
                source,
                target,
                etype,
            } => self.edge(r, &props, source, target, *etype),
            Role::Usage { user, thing } => {
                let get = |k: &str| props.iter().find(|(p, _)| *p == k).map(|(_, v)| *v);
                if let (Some(u), Some(t)) = (
                    get(user).and_then(|v| self.item(v)),
                    get(thing).and_then(|v| self.item(v)),
                ) {
                    self.usage(u, t);
                }
            }
            Role::Event => self.event(r, &props),
            Role::Skip => {}
        }
    }

    /// Captions, and the usage ties a thing carries itself (a SIM's number, an account's holder,
    /// a person's phone number).
    fn thing(&mut self, r: &FragmentRow<'_>, props: &[(&str, &str)]) {
        let Some(me) = self.item(r.id) else { return };
        let Ok(schema) = self.model.get(r.schema) else {
            return;
        };
        if self.raw.caption[me as usize].is_none() {
            let cap = schema
                .caption
                .iter()
                .find_map(|c| props.iter().find(|(p, _)| p == c).map(|(_, v)| *v));
            self.raw.caption[me as usize] = cap.map(Into::into);
        }
        for &(p, v) in props {
            let Some(prop) = schema.property(p) else {
                continue;
            };
            match prop.kind {
                PropType::Entity => {
                    let Some(other) = self.item(v) else { continue };
                    match (p, self.raw.kind[me as usize]) {
                        ("holder" | "owner", NodeKind::Account) => self.usage(other, me),
                        ("phone", NodeKind::Phone) => self.usage(me, other),
                        ("holder", NodeKind::Document) if self.opts.level == Level::Entity => {
                            self.usage(other, me)
                        }
                        _ => {}
                    }
                }
                PropType::Phone => {
                    // A phone number written on a person's record: the importer keys phones by
                    // number, so the record points at that phone if the store has it.
                    let key = format!("phone-{v}");
                    if let Some(ph) = self.item(&key) {
                        self.usage(me, ph);
                    }
                }
                _ => {}
            }
        }
    }

    fn edge(
        &mut self,
        r: &FragmentRow<'_>,
        props: &[(&str, &str)],
        source: &str,
        target: &str,
        etype: EdgeType,
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
                if !self.may_be_identifier(r.schema, p) {
                    continue;
                }
                let Some(x) = self.item(v) else { continue };
                if self.raw.identifier[x as usize] {
                    match (from_source, end_s, end_d) {
                        (true, Some(e), _) | (false, _, Some(e)) => self.usage(e, x),
                        (true, None, _) => s = s.or(Some(x)),
                        (false, _, None) => d = d.or(Some(x)),
                    }
                }
            } else if p == "item" {
                // What a purchase bought: links the buyer to the boat a crossing report names.
                if let (Some(b), Some(x)) = (end_s, self.item(v)) {
                    self.push_edge(b, x, EdgeType::Ownership, 1.0, t);
                }
            }
        }
        if etype == EdgeType::Payment && w <= 0.0 {
            w = 1.0;
        }
        match (s, d) {
            (Some(s), Some(d)) => {
                if r.eid != self.last_edge {
                    self.last_edge = r.eid;
                    self.push_edge(s, d, etype, w, t);
                    self.stats.records += 1;
                }
            }
            _ => {
                let e = self.partial.entry(r.eid).or_insert_with(|| Partial {
                    time: NO_TIME,
                    weight: 1.0,
                    ..Partial::default()
                });
                e.src = e.src.or(s);
                e.dst = e.dst.or(d);
                e.etype = Some(etype);
                if t != NO_TIME {
                    e.time = t;
                }
                if w != 1.0 {
                    e.weight = w;
                }
            }
        }
    }

    fn event(&mut self, r: &FragmentRow<'_>, props: &[(&str, &str)]) {
        let Some(ev) = self.item(r.id) else { return };
        if self.raw.caption[ev as usize].is_none() {
            let date = props
                .iter()
                .find(|(p, _)| matches!(*p, "startDate" | "date"))
                .map_or("", |(_, v)| *v);
            self.raw.caption[ev as usize] = Some(format!("{} {}", r.schema, date).into());
        }
        let t = Self::record_time(props);
        if r.schema == "Advert" && self.opts.level == Level::Person {
            // An advert names the account and the phone to call: both are the recruiter's.
            let get = |k: &str| props.iter().find(|(p, _)| *p == k).map(|(_, v)| *v);
            if let (Some(a), Some(c)) = (
                get("account").and_then(|v| self.item(v)),
                get("contact").and_then(|v| self.item(v)),
            ) {
                self.usage(a, c);
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
                self.push_edge(x, ev, etype, 1.0, t);
            }
        }
        self.stats.records += 1;
    }
}

/// Reads the store into items and raw edges.
pub fn read(
    store: &SqliteStore,
    opts: &ProjectOptions,
    stats: &mut ProjectStats,
) -> kingpin_store::Result<Raw> {
    let model = kingpin_model::model();
    let roles = Roles::new(model);
    let mut raw = Raw {
        ids: Vec::new(),
        kind: Vec::new(),
        identifier: Vec::new(),
        event: Vec::new(),
        caption: Vec::new(),
        parent: Vec::new(),
        src: Vec::new(),
        dst: Vec::new(),
        etype: Vec::new(),
        weight: Vec::new(),
        time: Vec::new(),
    };
    let mut index = IdIndex::new();
    let node_schemata = roles.node_schemata();
    store.scan_entities(Some(&node_schemata), |e| {
        let (kind, identifier, event) = match roles.get(e.schema) {
            Role::Node { kind, identifier } => (*kind, *identifier, false),
            _ => (NodeKind::Event, false, true),
        };
        let id: Arc<str> = e.id.into();
        let i = raw.ids.len() as u32;
        index.insert(e.id, i);
        raw.ids.push(id);
        raw.kind.push(kind);
        raw.identifier.push(identifier);
        raw.event.push(event);
        raw.caption.push(None);
        raw.parent.push(i);
        Ok(())
    })?;
    let mut pass = Pass {
        opts,
        roles: &roles,
        model,
        index,
        raw,
        drawn: FxHashSet::default(),
        partial: FxHashMap::default(),
        last_edge: i64::MIN,
        grading_cache: None,
        ident_props: FxHashMap::default(),
        stats: ProjectStats::default(),
    };
    store.scan_fragments(None, |r| {
        pass.row(r);
        Ok(())
    })?;
    let mut partial: Vec<(i64, Partial)> = std::mem::take(&mut pass.partial).into_iter().collect();
    partial.sort_unstable_by_key(|p| p.0);
    for (_, p) in partial {
        if let (Some(s), Some(d), Some(et)) = (p.src, p.dst, p.etype) {
            pass.push_edge(s, d, et, p.weight, p.time);
            pass.stats.records += 1;
        } else {
            pass.stats.incomplete += 1;
        }
    }
    *stats = pass.stats;
    Ok(pass.raw)
}
