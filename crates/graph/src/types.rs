//! Node kinds and edge types of the analysis graph.

use serde::{Deserialize, Serialize};

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum NodeKind {
    Person,
    Phone,
    Account,
    Organisation,
    Event,
    Vehicle,
    Location,
    Document,
    Other,
}

/// What an edge stands for; directed from initiator (caller, payer, owner) to the other side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum EdgeType {
    /// A tie of unknown nature (co-offending, "knows"); what the published networks mostly have.
    Contact,
    Call,
    Message,
    Payment,
    Purchase,
    Meeting,
    Ownership,
    Uses,
    Membership,
    Travel,
    Other,
}

impl EdgeType {
    /// Every edge type, in discriminant order.
    pub const ALL: [EdgeType; 11] = [
        EdgeType::Contact,
        EdgeType::Call,
        EdgeType::Message,
        EdgeType::Payment,
        EdgeType::Purchase,
        EdgeType::Meeting,
        EdgeType::Ownership,
        EdgeType::Uses,
        EdgeType::Membership,
        EdgeType::Travel,
        EdgeType::Other,
    ];

    /// Communication between people: the ties a leader uses to give orders.
    pub fn is_communication(self) -> bool {
        matches!(
            self,
            EdgeType::Contact | EdgeType::Call | EdgeType::Message | EdgeType::Meeting
        )
    }
}

/// A set of edge types as a bit mask, for cheap filtering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct EdgeTypeSet(u32);

impl EdgeTypeSet {
    /// The set holding every edge type.
    pub fn all() -> Self {
        Self((1u32 << EdgeType::ALL.len()) - 1)
    }
    /// The set of the given types.
    pub fn of(types: &[EdgeType]) -> Self {
        Self(types.iter().fold(0, |m, &t| m | (1 << t as u32)))
    }
    /// Whether `t` is in the set.
    pub fn contains(self, t: EdgeType) -> bool {
        self.0 & (1 << t as u32) != 0
    }
}

/// Marks an edge without a timestamp (kept as a sentinel so the time column stays a flat `i64` array).
pub const NO_TIME: i64 = i64::MIN;
