//! kingpin-scenario (being built).
