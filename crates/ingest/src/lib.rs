//! kingpin-ingest (being built).
