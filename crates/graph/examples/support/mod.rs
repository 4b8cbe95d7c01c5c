//! Helpers shared by the graph crate's examples and benchmarks.

pub mod cpu;
