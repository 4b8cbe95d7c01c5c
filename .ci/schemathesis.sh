#!/usr/bin/env bash
# Property-based API test: schemathesis (pip) generates requests from /openapi.json against a
# running `kingpin serve` on loopback, as a logged-in supervisor, and fails on any server error
# (5xx). Installs schemathesis into a cached venv only when missing. Bounded: a few examples
# per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/kingpin/schemathesis-venv"
ST="$VENV/bin/schemathesis"
if ! "$ST" --version >/dev/null 2>&1; then
  echo "installing schemathesis into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis>=4,<5"
fi

cargo build -q -p kingpin
BIN=target/debug/kingpin
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
DB="$WORK/k.db"
export KINGPIN_ACTOR=ci KINGPIN_PASSWORD='schemathesis-password'
"$BIN" scenario --out "$WORK/scn" --size tiny --seed 7 >/dev/null
"$BIN" investigation add op-ci --agency NCA --contact ci@nca --db "$DB" >/dev/null
for m in "$WORK"/scn/*.mapping.toml; do
  "$BIN" import "${m%.mapping.toml}.csv" --agency NCA --releasable-to KRG --db "$DB" >/dev/null
done
"$BIN" user add sup --agency NCA --role supervisor --db "$DB" >/dev/null
"$BIN" investigation member op-ci sup --db "$DB" >/dev/null

"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --max-failures 1000000 >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 100); do
  grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break
  sleep 0.1
done
BASE=$(sed -n 's/^listening on //p' "$WORK/serve.out")
[ -n "$BASE" ] || { cat "$WORK/serve.err"; exit 1; }
TOKEN=$(curl -sf -X POST "$BASE/api/login" -H 'content-type: application/json' \
  -d '{"user":"sup","password":"schemathesis-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# Logging out would end the session the run uses: leave that operation out. Run from the
# scratch directory: schemathesis keeps a cache in the working directory.
cd "$WORK"
"$ST" run "$BASE/openapi.json" \
  -H "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error \
  --exclude-path /api/logout \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-25}" \
  --seed 1 \
  --no-color
echo "schemathesis: no server errors"
