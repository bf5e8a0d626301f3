#!/bin/sh
# The web UI bench (bench/web_bench.mjs): starts `shopdesk serve` on a temporary SQLite
# database (SHOPDESK_TEST_BACKEND=postgresql: a throw-away PostgreSQL cluster), seeds
# 10,000 open conversations, measures the UI in Chromium and prints a table with targets.
# Options go to web_bench.mjs: --conversations N --concurrency N --loads N --opens N.
# Needs: the shopdesk binary (build/release, or $SHOPDESK_BINARY), web/dist (cd web && npm
# run build), web/node_modules/playwright-core and /usr/bin/chromium.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
export SHOPDESK_BINARY="${SHOPDESK_BINARY:-$here/build/release/shopdesk}"
export SHOPDESK_TEST_BACKEND="${SHOPDESK_TEST_BACKEND:-sqlite}"
for need in "$SHOPDESK_BINARY" "$here/web/dist/index.html" "$here/web/node_modules/playwright-core/package.json" /usr/bin/chromium; do
  [ -e "$need" ] || { echo "web_bench: $need is missing" >&2; exit 2; }
done
exec /usr/bin/node "$here/bench/web_bench.mjs" "$@"
