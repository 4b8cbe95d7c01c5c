//! Benchmark driver (no harness): generates the shared synthetic graphs and times one Kingpin
//! kernel per process so that peak memory is per algorithm. `bench/graph/run.sh` runs it next to
//! python-igraph and NetworKit on the same edge lists.
//!
//!   compare gen OUT NODES EDGES BLOCK SEED   planted-partition graph as "u v" lines
//!   compare run ALGO EDGES                   ALGO: pagerank | betweenness_sampled | community | betweenness_exact

use std::io::{BufRead, BufWriter, Write};
use std::time::Instant;

use kingpin_graph::centrality::betweenness::{betweenness, betweenness_sampled};
use kingpin_graph::centrality::pagerank::{PageRankConfig, pagerank};
use kingpin_graph::community::{LeidenConfig, leiden};
use kingpin_graph::rng::Rng;
use kingpin_graph::{Adj, EdgeType, GraphBuilder, NodeKind, Weighting};

/// Peak resident memory of this process, from /proc (MiB).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

#[path = "../examples/support/cpu.rs"]
mod cpu;
use cpu::cpu_seconds;

/// Planted partition: blocks of `block` nodes; 80% of edges inside a block, the rest uniform.
fn generate(out: &str, n: usize, m: usize, block: usize, seed: u64) {
    let mut rng = Rng::new(seed);
    let mut w = BufWriter::new(std::fs::File::create(out).expect("create edge list"));
    let mut written = 0;
    while written < m {
        let u = rng.below(n);
        let v = if rng.unit() < 0.8 {
            (u / block) * block + rng.below(block.min(n - (u / block) * block))
        } else {
            rng.below(n)
        };
        if u != v {
            writeln!(w, "{u} {v}").unwrap();
            written += 1;
        }
    }
}

fn load(path: &str) -> Adj {
    let f = std::io::BufReader::new(std::fs::File::open(path).expect("open edge list"));
    let mut edges = Vec::new();
    let mut n = 0u32;
    for line in f.lines() {
        let line = line.unwrap();
        let mut it = line.split_whitespace().map(|x| x.parse::<u32>().unwrap());
        let (a, b) = (it.next().unwrap(), it.next().unwrap());
        n = n.max(a + 1).max(b + 1);
        edges.push((a, b));
    }
    let mut g = GraphBuilder::new(false);
    g.reserve_edges(edges.len());
    for _ in 0..n {
        g.add_node(NodeKind::Person, String::new());
    }
    for (a, b) in edges {
        g.add_edge(a, b, EdgeType::Contact, 1.0, None);
    }
    g.build().undirected()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("gen") => {
            let num = |i: usize| args[i].parse::<usize>().expect("number");
            generate(&args[1], num(2), num(3), num(4), num(5) as u64);
        }
        Some("run") => {
            let adj = load(&args[2]);
            let (t, c) = (Instant::now(), cpu_seconds());
            let extra = match args[1].as_str() {
                "pagerank" => {
                    // Tight tolerance: networkx's default (L1 < n * 1e-6) stops after one sweep on near-regular graphs.
                    let cfg = PageRankConfig {
                        tolerance: 1e-10,
                        max_iterations: 1000,
                        ..PageRankConfig::default()
                    };
                    let pr = pagerank(&adj, &adj, &cfg);
                    format!(", \"check\": {}", pr.iter().sum::<f64>())
                }
                "betweenness_sampled" => {
                    let b = betweenness_sampled(&adj, Weighting::Unweighted, false, 100, 1);
                    format!(
                        ", \"check\": {}",
                        b.values.iter().cloned().fold(0.0, f64::max)
                    )
                }
                "community" => {
                    let p = leiden(&adj, &LeidenConfig::default());
                    format!(
                        ", \"modularity\": {:.4}, \"communities\": {}",
                        p.modularity, p.count
                    )
                }
                "betweenness_exact" => {
                    let b = betweenness(&adj, Weighting::Unweighted, false, false);
                    format!(", \"check\": {}", b.iter().cloned().fold(0.0, f64::max))
                }
                a => panic!("unknown algorithm {a}"),
            };
            let secs = t.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - c;
            println!(
                "{{\"tool\": \"kingpin\", \"algo\": \"{}\", \"seconds\": {secs:.4}, \"cpu_seconds\": {cpu:.2}, \"peak_mib\": {:.1}{extra}}}",
                args[1],
                peak_mib()
            );
        }
        _ => {
            // `cargo bench` without arguments: a quick self-contained smoke run.
            let path = std::env::temp_dir().join("kingpin-bench-smoke.txt");
            let p = path.to_str().unwrap();
            generate(p, 10_000, 50_000, 100, 1);
            let adj = load(p);
            let t = Instant::now();
            let q = leiden(&adj, &LeidenConfig::default()).modularity;
            println!(
                "smoke: Leiden on 10k nodes / 50k edges: Q = {q:.3} in {:?}; see bench/graph/run.sh",
                t.elapsed()
            );
        }
    }
}
