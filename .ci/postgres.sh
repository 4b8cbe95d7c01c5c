#!/usr/bin/env bash
# Runs a command (default: the store's conformance suite on PostgreSQL) against a throwaway
# PostgreSQL cluster: installs PostgreSQL from Debian's packages if missing, initdb's a cluster
# in a temporary directory, starts it on 127.0.0.1 on a free port (as the `postgres` user when
# run as root: the server refuses root), creates a database owned by an ordinary role, exports
# KINGPIN_TEST_PG and runs the command, then stops the server and deletes the cluster, whatever
# happened.
#   bash .ci/postgres.sh                      # cargo test -p kingpin-store --features postgres
#   bash .ci/postgres.sh cargo test -p kingpin-store --features postgres conformance
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian keeps the server's programs out of PATH, one directory per major version.
find_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$d" ] && command -v initdb >/dev/null; then d=$(dirname "$(command -v initdb)"); fi
  echo "$d"
}
PGBIN=$(find_bin)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql) >/dev/null
  PGBIN=$(find_bin)
fi

dir=$(mktemp -d /tmp/kingpin-pg.XXXXXX)
run_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$dir"
  run_pg() { runuser -u postgres -- "$@"; }
fi
cleanup() {
  run_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_pg "$PGBIN/initdb" -D "$dir/data" -U kingpin --auth=trust -E UTF8 --no-locale >/dev/null
run_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off" start >/dev/null
# The tests connect as an ordinary role owning the database, as a deployed server would: row-level
# security (FORCE) then filters the store's own sessions too, so every case runs under it.
"$PGBIN/createuser" -h 127.0.0.1 -p "$port" -U kingpin --createrole kingpin_app
"$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U kingpin -O kingpin_app kingpin_test
export KINGPIN_TEST_PG="postgres://kingpin_app@127.0.0.1:$port/kingpin_test"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

if [ $# -eq 0 ]; then
  set -- cargo test -p kingpin-store --features postgres
fi
"$@"
