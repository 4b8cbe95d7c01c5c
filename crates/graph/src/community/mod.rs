//! Community detection (Leiden) and partition quality (modularity).

pub mod leiden;
pub mod modularity;

pub use leiden::{LeidenConfig, Partition, leiden};
pub use modularity::modularity;
