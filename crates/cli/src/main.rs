//! The `kingpin` command line.
fn main() {}
