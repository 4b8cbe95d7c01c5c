#!/usr/bin/env bash
# Money benchmark: a 6-hop trace and the full typology scan over 10M generated payments, with a
# DuckDB recursive-CTE version of the same trace in the same run. Makes its own Python venv with
# duckdb (not part of CI). Usage: scripts/bench-money.sh [extra `kingpin bench money` options]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet duckdb
fi
cargo build --release -p kingpin
./target/release/kingpin bench money --duckdb "$venv/bin/python" "$@"
