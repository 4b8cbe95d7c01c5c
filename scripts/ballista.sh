#!/usr/bin/env bash
# Starts an Apache Ballista cluster on the loopback — one scheduler and two executors, each its
# own `kingpin cluster` process on free ports — waits until both executors have reached the
# scheduler, runs a command with KINGPIN_CLUSTER set to the scheduler's address, then stops
# the processes and deletes their work directories, whatever happened.
#   bash scripts/ballista.sh kingpin events project --dir D      # the command sees KINGPIN_CLUSTER
#   KINGPIN=target/release/kingpin EXECUTORS=3 bash scripts/ballista.sh <command>
set -euo pipefail
cd "$(dirname "$0")/.."
KINGPIN=${KINGPIN:-target/debug/kingpin}
EXECUTORS=${EXECUTORS:-2}
[ -x "$KINGPIN" ] || { echo "no $KINGPIN: build it first (cargo build)" >&2; exit 2; }

dir=$(mktemp -d /tmp/kingpin-ballista.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

# Free loopback ports: one for the scheduler, two consecutive ones per executor (Flight, gRPC).
ports=$(python3 - "$EXECUTORS" <<'PY'
import socket, sys
def free(n):
    while True:
        s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
        try:
            for k in range(1, n):
                t = socket.socket(); t.bind(("127.0.0.1", p + k)); t.close()
            return p
        except OSError:
            pass
print(free(1), *[free(2) for _ in range(int(sys.argv[1]))])
PY
)
read -r sport eports <<<"$ports"
"$KINGPIN" cluster scheduler --listen "127.0.0.1:$sport" >"$dir/scheduler.log" 2>&1 &
pids+=($!)
i=0
for p in $eports; do
  "$KINGPIN" cluster executor --scheduler "127.0.0.1:$sport" --listen "127.0.0.1:$p" \
    --work-dir "$dir/executor-$i" --cores 1 >"$dir/executor-$i.log" 2>&1 &
  pids+=($!)
  i=$((i + 1))
done
for ((k = 0; k < EXECUTORS; k++)); do
  for _ in $(seq 600); do
    grep -q "executor ready" "$dir/executor-$k.log" 2>/dev/null && break
    kill -0 "${pids[$((k + 1))]}" 2>/dev/null || { cat "$dir/executor-$k.log" >&2; exit 1; }
    sleep 0.1
  done
  grep -q "executor ready" "$dir/executor-$k.log" || { echo "executor $k not ready" >&2; cat "$dir"/*.log >&2; exit 1; }
done
export KINGPIN_CLUSTER="127.0.0.1:$sport"
echo "Ballista: scheduler 127.0.0.1:$sport, $EXECUTORS executors (logs in $dir)" >&2
"$@"
