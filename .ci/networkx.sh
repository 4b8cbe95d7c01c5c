#!/usr/bin/env bash
# Prints the path of a Python interpreter that has networkx (for the GEXF read-back test),
# installing networkx into a cached venv when missing. Needs python3; exits 1 without it.
set -euo pipefail
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/kingpin/networkx-venv"
PY="$VENV/bin/python"
if ! "$PY" -c 'import networkx' >/dev/null 2>&1; then
  command -v python3 >/dev/null || { echo "python3 is not installed" >&2; exit 1; }
  echo "installing networkx into $VENV" >&2
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q "networkx>=3,<4" >&2
fi
echo "$PY"
