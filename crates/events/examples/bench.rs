//! The events benchmark without the rest of the CLI, so that a release build compiles only
//! this crate's dependencies: `cargo run --release -p kingpin-events --example bench --
//! --calls 100000000 --baseline-calls 10000000 --dir /tmp/ev-bench`.

use std::path::PathBuf;

use kingpin_events::bench::{BenchConfig, run};

fn main() -> anyhow::Result<()> {
    let mut cfg = BenchConfig {
        calls: 10_000_000,
        baseline_calls: 1_000_000,
        dir: PathBuf::new(),
        memory_mb: 4096,
        keep: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| anyhow::anyhow!("{a} needs a value"))
        };
        match a.as_str() {
            "--calls" => cfg.calls = value()?.parse()?,
            "--baseline-calls" => cfg.baseline_calls = value()?.parse()?,
            "--dir" => cfg.dir = value()?.into(),
            "--memory-mb" => cfg.memory_mb = value()?.parse()?,
            "--keep" => cfg.keep = true,
            _ => anyhow::bail!(
                "unknown option {a}: --calls N --baseline-calls N --dir D [--memory-mb N] [--keep]"
            ),
        }
    }
    anyhow::ensure!(!cfg.dir.as_os_str().is_empty(), "give --dir");
    run(&cfg)
}
