#!/usr/bin/env bash
# Evaluation and benchmark of `kingpin resolve` on generated scenarios: wall time, peak memory,
# pair and cluster F1 against ground truth. Usage: crates/resolve/bench.sh [OUT_DIR] [SIZES...]
# (sizes as `small:SEED`, default small:1 small:2 small:3 medium:1).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-/tmp/kingpin-resolve-bench}
shift || true
runs=("${@:-small:1 small:2 small:3 medium:1}")
cargo build --release -q -p kingpin --manifest-path "$root/Cargo.toml"
bin="$root/target/release/kingpin"
mkdir -p "$out"
printf '%-10s %8s %8s %9s %7s %8s %8s %8s %8s\n' scenario records pairs time_s rss_mb pair_p pair_r pair_f1 clus_f1
for run in ${runs[@]}; do
  size=${run%%:*}; seed=${run##*:}
  dir="$out/$size-$seed"
  [ -f "$dir/kingpin.db" ] || "$bin" demo --size "$size" --seed "$seed" --out "$dir" > /dev/null
  /usr/bin/time -f '%e %M' -o "$dir/time.txt" \
    "$bin" resolve --db "$dir/kingpin.db" --evaluate "$dir/truth.json" --json --no-write > "$dir/resolve.json"
  read -r secs kb < "$dir/time.txt"
  python3 - "$dir/resolve.json" "$size:$seed" "$secs" "$kb" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); e = r["evaluation"]
print(f'{sys.argv[2]:<10} {r["records"]:>8} {r["pairs"]:>8} {float(sys.argv[3]):>9.2f} {int(sys.argv[4])/1024:>7.0f} '
      f'{e["pairs"]["precision"]:>8.4f} {e["pairs"]["recall"]:>8.4f} {e["pairs"]["f1"]:>8.4f} {e["clusters"]["f1"]:>8.4f}')
PY
done
