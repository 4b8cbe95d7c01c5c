#!/usr/bin/env bash
# The web UI in CI: build the front end from npm (lock file), then run the browser tests
# against the kingpin binary the cargo test build left in target/debug. Installs Debian's
# Chromium only when it is missing; nothing downloads a browser.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

# npm ci is skipped when node_modules was installed from this very lock file.
stamp=node_modules/.kingpin-lock.sha256
if ! sha256sum --status -c "$stamp" 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json > "$stamp"
fi
npm run --silent build

bin="${KINGPIN_BIN:-../target/debug/kingpin}"
if [ ! -x "$bin" ]; then
  (cd .. && cargo build -p kingpin)
fi
KINGPIN_BIN="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" \
  node --test --test-concurrency=1 --test-reporter=spec tests/
