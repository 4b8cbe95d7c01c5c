//! Classic centralities on an [`crate::Adj`].

pub mod betweenness;
mod brandes_bfs;
pub mod closeness;
pub mod degree;
pub mod eigenvector;
pub mod pagerank;
pub mod structural_holes;
