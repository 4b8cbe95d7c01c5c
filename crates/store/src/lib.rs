//! kingpin-store (being built).
