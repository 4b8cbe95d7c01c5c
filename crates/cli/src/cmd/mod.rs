//! One module per subcommand; each has `Args` (or `Command`) and `run`.

pub mod audit;
pub mod bench;
pub mod bench_money;
pub mod bench_project;
pub mod case;
pub mod case_board;
pub mod case_report;
#[cfg(feature = "cluster")]
pub mod cluster;
pub mod common;
pub mod demo;
pub mod demo_serve;
pub mod doc;
pub mod export;
pub mod graph;
pub mod import;
pub mod lab;
pub mod maritime;
pub mod money;
pub mod query;
pub mod resolve;
pub mod scenario;
pub mod serve;
pub mod social;
pub mod user;
