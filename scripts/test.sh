#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this after fmt and clippy): every crate
# with every feature — PostgreSQL, the DataFusion bulk events, the Ballista cluster — in one
# build, with a throwaway PostgreSQL cluster on the loopback (.ci/postgres.sh installs it from
# Debian's packages if missing) so the cases written for both backends run on both. Ballista
# clusters are started by the tests themselves (in process, and by scripts/ballista.sh).
# Extra arguments go to cargo test (a filter, -p CRATE, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash .ci/postgres.sh cargo test --workspace --all-features "$@"
