//! Kingpin's maritime equipment work: who buys the boats, outboard engines, life jackets and
//! fuel that crossings use.
//!
//! - [`import`]: dealers' sales, customs records and seizure reports (CSV, through
//!   `kingpin-ingest` with the mappings in `mappings/`).
//! - [`normalise`]: engine makes, models and serial numbers to one form.
//! - [`analysis`]: suspicious purchasing flags with evidence, and the trace of a serial back to
//!   its purchase and buyer and forward to its crossings.
//! - [`evaluate`]: the flags' precision and recall against a scenario's truth.

pub mod analysis;
pub mod evaluate;
pub mod import;
pub mod normalise;
