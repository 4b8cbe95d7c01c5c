//! What each schema of the model becomes in the analysis graph.

use kingpin_model::{Model, PropType, Schema};
use rustc_hash::FxHashMap;

use crate::types::{EdgeType, NodeKind};

/// The part a schema plays in a projection.
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    /// A thing that becomes a node; `identifier` things (phones, SIMs, handsets, accounts) are
    /// collapsed onto their users at person level.
    Node { kind: NodeKind, identifier: bool },
    /// A record that links two nodes (a call, a payment).
    Edge {
        source: String,
        target: String,
        etype: EdgeType,
    },
    /// A record that says who uses an identifier (user phone, device SIM): collapsed at person
    /// level, a `Uses` edge at entity level.
    Usage { user: String, thing: String },
    /// An occurrence with participants (crossing, meeting, advert): an event node.
    Event,
    /// Nothing to draw (abstract intervals and the like).
    Skip,
}

fn node_kind(s: &Schema) -> (NodeKind, bool) {
    let is = |n: &str| s.is_a(n);
    if is("Person") {
        (NodeKind::Person, false)
    } else if is("LegalEntity") {
        (NodeKind::Organisation, false)
    } else if is("Phone") || is("Sim") || is("Device") {
        (NodeKind::Phone, true)
    } else if is("SocialAccount") || is("BankAccount") {
        (NodeKind::Account, true)
    } else if is("Vessel") || is("Equipment") {
        (NodeKind::Vehicle, false)
    } else if is("Place") || is("Address") {
        (NodeKind::Location, false)
    } else if is("Document") {
        (NodeKind::Document, false)
    } else {
        (NodeKind::Other, false)
    }
}

fn edge_type(s: &Schema) -> EdgeType {
    match s.name.as_str() {
        "Call" => EdgeType::Call,
        "Message" => EdgeType::Message,
        "Payment" => EdgeType::Payment,
        "Purchase" => EdgeType::Purchase,
        "Ownership" => EdgeType::Ownership,
        "Membership" => EdgeType::Membership,
        "Associate" => EdgeType::Contact,
        _ => EdgeType::Other,
    }
}

/// The role of a schema.
pub fn role_of(s: &Schema) -> Role {
    if let Some(e) = &s.edge {
        if matches!(s.name.as_str(), "UsesPhone" | "UsesAccount" | "DeviceSim") {
            return Role::Usage {
                user: e.source.clone(),
                thing: e.target.clone(),
            };
        }
        return Role::Edge {
            source: e.source.clone(),
            target: e.target.clone(),
            etype: edge_type(s),
        };
    }
    if s.is_a("Interval") {
        let has_refs = s.properties.values().any(|p| p.kind == PropType::Entity);
        return if has_refs && !s.is_abstract {
            Role::Event
        } else {
            Role::Skip
        };
    }
    let (kind, identifier) = node_kind(s);
    Role::Node { kind, identifier }
}

/// Roles of every schema by name, looked up once per distinct name.
pub struct Roles {
    by_name: FxHashMap<String, Role>,
}

impl Roles {
    /// Roles of every schema of `m`.
    pub fn new(m: &Model) -> Self {
        let by_name = m
            .names()
            .filter_map(|n| m.get(n).ok().map(|s| (n.to_string(), role_of(s))))
            .collect();
        Self { by_name }
    }
    /// The role of a schema name (unknown names are skipped).
    pub fn get(&self, name: &str) -> &Role {
        self.by_name.get(name).unwrap_or(&Role::Skip)
    }
    /// Schema names whose entities become nodes (things and events).
    pub fn node_schemata(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .by_name
            .iter()
            .filter(|(_, r)| matches!(r, Role::Node { .. } | Role::Event))
            .map(|(n, _)| n.as_str())
            .collect();
        v.sort_unstable();
        v
    }
}
