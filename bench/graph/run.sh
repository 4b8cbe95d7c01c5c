#!/usr/bin/env bash
# Kingpin graph kernels vs python-igraph and NetworKit, same graphs, same machine, one process per run.
# Usage: bash bench/graph/run.sh            (from the repository root; ~5-10 minutes on 2 cores)
# Env: VENV (default target/bench-venv), OUT (default target/bench-graph), RUNS (default 3: every
# kernel runs RUNS times, interleaved, and the table shows the median of each; the load average is
# printed before and after, since other work on the machine slows every tool).
# ALGOS (default: all four) limits the run, e.g. ALGOS="betweenness_sampled betweenness_exact".
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
RUNS=${RUNS:-3}
ALGOS=${ALGOS:-pagerank betweenness_sampled community betweenness_exact}
results="$OUT/results.jsonl"; : > "$results"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "$RUNS"); do
  for algo in $ALGOS; do
    graph=$big; [ "$algo" = betweenness_exact ] && graph=$small
    drv run "$algo" "$graph" | tee -a "$results"
    for tool in igraph networkit; do "$VENV/bin/python" bench/graph/bench.py "$tool" "$algo" "$graph" | tee -a "$results"; done
    if [ "$algo" = community ]; then
      for tool in igraph_multilevel networkit_leiden; do "$VENV/bin/python" bench/graph/bench.py "$tool" community "$big" | tee -a "$results"; done
    fi
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "graphs: $big (100k nodes, 1M edges, blocks of 100), $small (10k nodes, 50k edges); threads: $(nproc); median of $RUNS runs"
"$VENV/bin/python" bench/graph/table.py < "$results"
