//! Kingpin's data model, in the spirit of FollowTheMoney.
//!
//! Schemata are data (`schemata.toml`), loaded once into a [`Model`]; entities have a stable
//! id, a schema and multi-valued properties; every value is a [`Statement`] carrying its
//! provenance (source, when recorded, and the UK 3x5x2 [`Grading`]).

pub mod calendar;
mod entity;
mod grading;
mod id;
mod schema;
mod types;

pub use entity::{Entity, Fragment, FragmentError, Provenance, Statement};
pub use grading::{Grading, GradingError, Handling, IntelAssessment, SourceEval};
pub use id::make_id;
pub use schema::{Edge, Model, ModelError, PropType, Property, Schema, model};
pub use types::{ValueError, clean_value};
