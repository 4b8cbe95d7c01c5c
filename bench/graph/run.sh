#!/usr/bin/env bash
# Kingpin graph kernels vs python-igraph and NetworKit, same graphs, same machine, one process per run.
# Usage: bash bench/graph/run.sh            (from the repository root; ~5-10 minutes on 2 cores)
# Env: VENV (default target/bench-venv), OUT (default target/bench-graph).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-target/bench-venv}
OUT=${OUT:-target/bench-graph}
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q igraph networkit
cargo bench -q -p kingpin-graph --bench compare --no-run
drv() { cargo bench -q -p kingpin-graph --bench compare -- "$@"; }
big="$OUT/sbm_100k_1m.txt"; small="$OUT/sbm_10k_50k.txt"
[ -f "$big" ] || drv gen "$big" 100000 1000000 100 42
[ -f "$small" ] || drv gen "$small" 10000 50000 100 7
results="$OUT/results.jsonl"; : > "$results"
for algo in pagerank betweenness_sampled community; do
  drv run "$algo" "$big" | tee -a "$results"
  for tool in igraph networkit; do "$VENV/bin/python" bench/graph/bench.py "$tool" "$algo" "$big" | tee -a "$results"; done
done
"$VENV/bin/python" bench/graph/bench.py networkit_leiden community "$big" | tee -a "$results"
drv run betweenness_exact "$small" | tee -a "$results"
for tool in igraph networkit; do "$VENV/bin/python" bench/graph/bench.py "$tool" betweenness_exact "$small" | tee -a "$results"; done
echo
echo "graphs: $big (100k nodes, 1M edges, blocks of 100), $small (10k nodes, 50k edges); threads: $(nproc)"
"$VENV/bin/python" bench/graph/table.py < "$results"
