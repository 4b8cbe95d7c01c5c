//! Evaluation of the leader score against classic centralities on networks with known leaders.

pub mod measures;
pub mod metrics;
pub mod scenario;
pub mod table;

pub use measures::{Measure, compute_measures};
pub use metrics::{MeasureResult, NetworkReport, evaluate, evaluate_scores};
