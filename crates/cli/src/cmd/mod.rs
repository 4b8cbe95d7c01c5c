//! One module per subcommand; each has `Args` (or `Command`) and `run`.

pub mod demo;
pub mod doc;
pub mod graph;
pub mod scenario;
