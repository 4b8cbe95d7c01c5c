//! The ordered half of the projection pass: parsed [`Op`]s applied in storage order, so the
//! result (edge order, first captions, unions) is the same whatever the number of parsers.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::project::parse::{Op, Parsed};
use crate::project::{Level, ProjectOptions, ProjectStats};
use crate::types::{EdgeType, NO_TIME, NodeKind};

/// An edge record whose ends are split over several fragments.
#[derive(Default)]
pub(crate) struct Partial {
    pub src: Option<u32>,
    pub dst: Option<u32>,
    pub etype: Option<EdgeType>,
    pub weight: f32,
    pub time: i64,
}

/// What the pass writes: captions, unions and edges (columns, one entry per edge).
pub struct Drawn {
    pub caption: Vec<Option<Box<str>>>,
    /// Union-find parent (person level); `parent[i] == i` at entity level throughout.
    pub parent: Vec<u32>,
    pub src: Vec<u32>,
    pub dst: Vec<u32>,
    pub etype: Vec<EdgeType>,
    pub weight: Vec<f32>,
    pub time: Vec<i64>,
}

/// Applies parsed ops to a [`Drawn`].
pub(crate) struct Applier<'a> {
    opts: &'a ProjectOptions,
    kind: &'a [NodeKind],
    identifier: &'a [bool],
    pub drawn: Drawn,
    /// Derived `Uses` edges already drawn (entity level), so 10M calls draw each phone–SIM tie once.
    uses_drawn: FxHashSet<(u32, u32)>,
    partial: FxHashMap<i64, Partial>,
    last_edge: i64,
    pub stats: ProjectStats,
}

/// Root of item `i`'s cluster, halving paths on the way.
pub(crate) fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let p = parent[i as usize];
        parent[i as usize] = parent[p as usize];
        i = p;
    }
    i
}

/// Joins the clusters of `a` and `b`; false when they were one already.
pub(crate) fn union(parent: &mut [u32], a: u32, b: u32) -> bool {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // The lower item (seen first in the store) stays root: deterministic clusters.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi as usize] = lo;
    }
    ra != rb
}

impl<'a> Applier<'a> {
    /// An applier for `kind.len()` items, each its own cluster.
    pub(crate) fn new(
        opts: &'a ProjectOptions,
        kind: &'a [NodeKind],
        identifier: &'a [bool],
    ) -> Self {
        let n = kind.len();
        Self {
            opts,
            kind,
            identifier,
            drawn: Drawn {
                caption: vec![None; n],
                parent: (0..n as u32).collect(),
                src: Vec::new(),
                dst: Vec::new(),
                etype: Vec::new(),
                weight: Vec::new(),
                time: Vec::new(),
            },
            uses_drawn: FxHashSet::default(),
            partial: FxHashMap::default(),
            last_edge: i64::MIN,
            stats: ProjectStats::default(),
        }
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
        let out = &mut self.drawn;
        out.src.push(s);
        out.dst.push(d);
        out.etype.push(etype);
        out.weight.push(w);
        out.time.push(t);
    }

    /// `user` uses `thing`: one cluster at person level, a `Uses` edge at entity level.
    fn usage(&mut self, user: u32, thing: u32) {
        if user == thing {
            return;
        }
        match self.opts.level {
            Level::Person => {
                let (ku, kt) = (
                    self.identifier[user as usize],
                    self.identifier[thing as usize],
                );
                let person_like =
                    |k: NodeKind| matches!(k, NodeKind::Person | NodeKind::Organisation);
                // Only identifiers collapse, onto people, organisations or other identifiers.
                let fits_user = ku || person_like(self.kind[user as usize]);
                let fits_thing = kt || person_like(self.kind[thing as usize]);
                if (kt || ku) && fits_user && fits_thing {
                    union(&mut self.drawn.parent, user, thing);
                    self.stats.usage_links += 1;
                }
            }
            Level::Entity => {
                if self.uses_drawn.insert((user, thing)) {
                    self.push_edge(user, thing, EdgeType::Uses, 1.0, NO_TIME);
                    self.stats.usage_links += 1;
                }
            }
        }
    }

    /// Applies one batch, in order.
    pub(crate) fn apply(&mut self, parsed: Parsed) {
        self.stats.fragments += parsed.fragments;
        self.stats.skipped_grading += parsed.skipped_grading;
        for op in parsed.ops {
            match op {
                Op::Edge { s, d, etype, w, t } => self.push_edge(s, d, etype, w, t),
                Op::Record {
                    eid,
                    s,
                    d,
                    etype,
                    w,
                    t,
                } => {
                    if eid != self.last_edge {
                        self.last_edge = eid;
                        self.push_edge(s, d, etype, w, t);
                        self.stats.records += 1;
                    }
                }
                Op::Partial {
                    eid,
                    s,
                    d,
                    etype,
                    w,
                    t,
                } => {
                    let e = self.partial.entry(eid).or_insert_with(|| Partial {
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
                Op::Usage(u, t) => self.usage(u, t),
                Op::Caption(i, c) => {
                    let slot = &mut self.drawn.caption[i as usize];
                    if slot.is_none() {
                        *slot = Some(c);
                    }
                }
                Op::Event => self.stats.records += 1,
            }
        }
    }

    /// Draws the records whose ends came in separate fragments, in record order.
    pub(crate) fn finish(&mut self) {
        let mut partial: Vec<(i64, Partial)> =
            std::mem::take(&mut self.partial).into_iter().collect();
        partial.sort_unstable_by_key(|p| p.0);
        for (_, p) in partial {
            if let (Some(s), Some(d), Some(et)) = (p.src, p.dst, p.etype) {
                self.push_edge(s, d, et, p.weight, p.time);
                self.stats.records += 1;
            } else {
                self.stats.incomplete += 1;
            }
        }
    }
}
