//! kingpin-graph (being built).
