//! Kingpin's analytics core: a compact CSR graph (u32 ids, typed directed edges with weights and
//! timestamps), linear-time kernels (centralities, k-core, components, Leiden, paths), the
//! leader ranking with explanations, and its evaluation on published criminal networks.

pub mod builder;
pub mod centrality;
pub mod community;
pub mod components;
pub mod csr;
pub mod eval;
pub mod kcore;
pub mod networks;
pub mod paths;
pub mod project;
pub mod rank;
pub mod rng;
pub mod types;
pub mod view;

pub use builder::GraphBuilder;
pub use centrality::betweenness::Weighting;
pub use csr::{Adj, EdgeRef, Graph};
pub use project::{Level, ProjectOptions, Projection, project};
pub use types::{EdgeType, EdgeTypeSet, NodeKind};
pub use view::EdgeFilter;
