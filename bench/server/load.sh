#!/usr/bin/env bash
# Load test of `kingpin serve` on loopback with wrk (Debian package `wrk`): a neighbour query
# and a search on a medium scenario, 64 connections, each run bounded in time. Prints wrk's
# requests/s and latency percentiles (p50, p99). Every request is authenticated, filtered by
# the user's view and recorded in the audit log, as in production.
#
#   bash bench/server/load.sh            # DURATION=10s CONNECTIONS=64 THREADS=2 by default
#
# Besides wrk's figures it prints the server's CPU time per request (user + system, from
# /proc), which is what the machine's load cannot inflate, and the load average.
# BIN=path/to/kingpin uses that binary instead of building one; WORK=dir keeps the scenario.
# Not part of CI (it needs a release build and minutes of CPU).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SIZE=${SIZE:-medium}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 2; }

if [ -z "${BIN:-}" ]; then
  cargo build -q --release -p kingpin
  BIN=target/release/kingpin
fi
WORK=${WORK:-target/load-$SIZE}
DB="$WORK/k.db"
export KINGPIN_ACTOR=bench KINGPIN_PASSWORD='load-test-password'
if [ ! -f "$DB" ]; then
  rm -rf "$WORK" && mkdir -p "$WORK"
  "$BIN" scenario --out "$WORK/scn" --size "$SIZE" --seed 11 >/dev/null
  for m in "$WORK"/scn/*.mapping.toml; do
    "$BIN" import "${m%.mapping.toml}.csv" --agency NCA --releasable-to KRG --db "$DB" >/dev/null
  done
  "$BIN" user add bench --agency KRG --role analyst --db "$DB" >/dev/null
fi
"$BIN" stats --db "$DB" | sed -n 1,3p

"$BIN" serve --db "$DB" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -n 's/^listening on //p' "$WORK/serve.out")
TOKEN=$(curl -sf -X POST "$BASE/api/login" -H 'content-type: application/json' \
  -d '{"user":"bench","password":"load-test-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
auth="Authorization: Bearer $TOKEN"

# A busy phone (the partner user sees it: the scenario was released to KRG) and a common name.
PHONE=$(curl -sf -H "$auth" "$BASE/api/search?q=964&limit=200" | python3 -c 'import json,sys; print(next(i["entity"]["id"] for i in json.load(sys.stdin)["items"] if i["entity"]["schema"] == "Phone"))')
NAME=$(curl -sf -H "$auth" "$BASE/api/search?q=ahmed&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["matched"].split()[0])')
ENC=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$PHONE")
NEIGH="$BASE/api/entities/$ENC/neighbours?limit=50"
SEARCH="$BASE/api/search?q=$NAME&limit=20"
echo "neighbours of $PHONE: $(curl -sf -H "$auth" "$NEIGH" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))') items; search '$NAME'"
curl -sf -H "$auth" "$NEIGH" >/dev/null   # warm the view's caches

# CPU seconds (user + system) the server has used so far.
cpu() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$PID/stat"; }
for what in neighbours search; do
  url=$NEIGH; [ $what = search ] && url=$SEARCH
  echo "== $what: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  before=$(cpu)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$auth" "$url")
  after=$(cpu)
  echo "$out" | grep -E "Requests/sec|^\s+(50|99)%|Non-2xx|Socket errors|requests in"
  n=$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p')
  python3 -c "import sys; b,a,n=float(sys.argv[1]),float(sys.argv[2]),int(sys.argv[3]); print(f'  server CPU: {a-b:.2f} s for {n} requests = {1000*(a-b)/max(n,1):.3f} ms per request')" "$before" "$after" "$n"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Every request above was audited; the chain must still verify (checked while serving too).
"$BIN" audit verify --db "$DB" | sed -n 1p
