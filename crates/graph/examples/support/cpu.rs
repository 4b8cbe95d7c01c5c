//! CPU time for the graph crate's benchmarks and examples, shown beside wall time because the
//! machine may be busy with other work.

/// CPU time (user + system, all threads) this process has used, from /proc (seconds; 0 off
/// Linux).
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    // Clock ticks are 100 per second on Linux (sysconf(_SC_CLK_TCK)).
    f.iter().sum::<f64>() / 100.0
}
