#!/usr/bin/env bash
# Runs the foundation's benchmarks on this machine and prints every figure with its
# anchor measured in the same run. Usage: bench/run.sh [COUNT]   (default 100000: the inbox
# list's conversations); BENCH_MAILS=N (default 20000) mails for the ingest benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
bin=build/release
work=$(mktemp -d /tmp/shopdesk-bench.XXXXXX)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mails=${BENCH_MAILS:-20000}
echo "== ingest as users run it: $mails generated shop mails through shopdesk ingest (SQLite,"
echo "   PostgreSQL), shopdesk poll (Dovecot) and the HTTP upload (wrk), beside Python's email package"
/usr/bin/python3 bench/product_ingest_bench.py "$mails" | sed 's/^/   /'

echo "== inbox list at $count conversations"
"$bin/bench/ingest_bench" --corpus "$work/list-corpus.bin" --write "$count" --reply-share 0
"$bin/bench/ingest_bench" --corpus "$work/list-corpus.bin" --db "sqlite:$work/list.db" --batch 1000 >/dev/null
echo "   in-process (server-side) 50 newest open: $("$bin/bench/list_bench" --db "sqlite:$work/list.db" --shop bench)"
token=$("$bin/shopdesk" user add --db "sqlite:$work/list.db" --shop bench --email bench@sakura.example --role agent 2>/dev/null)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin/shopdesk" serve --db "sqlite:$work/list.db" --listen "127.0.0.1:$port" --no-workers >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/api/v1/conversations?status=open&limit=50"
curl -sf -H "Authorization: Bearer $token" "$url" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print("   one page:", len(d["items"]), "conversations,", len(json.dumps(d)), "bytes")'
echo "== wrk: 2 threads, 32 connections, 15 s, keep-alive, on loopback (server and wrk share the 2 cores)"
wrk -t2 -c32 -d15s --latency -H "Authorization: Bearer $token" "$url" | sed 's/^/   /'
echo "== anchor: GET /healthz (no database, no JSON body) in the same server"
wrk -t2 -c32 -d5s "http://127.0.0.1:$port/healthz" | grep -E "Requests/sec|Latency" | sed 's/^/   /'
curl -s "http://127.0.0.1:$port/metrics" | grep -E "^http_requests_total" | sed 's/^/   /' || true

echo "== mixed load (40% list, 30% read, 15% reply, 15% ingest), 8 client threads, 15 s each, loopback"
SHOPDESK_BINARY="$bin/shopdesk" /usr/bin/python3 bench/multinode_bench.py 15 | sed 's/^/   /'

echo "== saved-reply rendering: a 474-byte Japanese reply with 12 names, an item list and two sections, one core"
render=$("$bin/bench/render_bench" --renders 2000000)
/usr/bin/python3 - "$render" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"   {r['renders_per_second']:.0f} renders/s plain text, {r['html_renders_per_second']:.0f} with HTML "
      f"escaping (target >= 200000); anchor: the same text by hand-written appends "
      f"{r['anchor_per_second']:.0f}/s; ratio {r['renders_per_second'] / r['anchor_per_second']:.2f}x")
PY

sla_count=${SLA_CONVERSATIONS:-1000000}
echo "== the 24-hour promise at $sla_count conversations, 3 messages and 2 response clocks each (10% open)"
sla_report() {
  /usr/bin/python3 - "$1" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"   {r['backend']}: seeded in {r['seed_seconds']:.0f} s")
print(f"   recompute {r['recomputed']} running business deadlines: {r['recompute_ms']:.0f} ms (target <= 5000); "
      f"anchor: one UPDATE touching the same rows {r['recompute_anchor_touch_ms']:.0f} ms; "
      f"ratio {r['recompute_ms'] / max(r['recompute_anchor_touch_ms'], 1):.1f}x")
u, n = r["urgent50"], r["newest50_anchor"]
print(f"   most urgent 50: p50 {u['p50_ms']:.3f} ms, p99 {u['p99_ms']:.3f} ms (target <= 5); "
      f"anchor: newest 50 open p99 {n['p99_ms']:.3f} ms")
for name, rep in r["reports"].items():
    print(f"   report {name}: median {rep['median_ms']:.1f} ms, max {rep['max_ms']:.1f} ms (target <= 300); "
          f"anchor COUNT(*) of the shop's conversations {r['count_anchor_ms']:.1f} ms; "
          f"ratio {rep['max_ms'] / max(r['count_anchor_ms'], 0.1):.1f}x")
PY
}
sla_report "$("$bin/bench/sla_bench" --db "sqlite:$work/sla.db" --conversations "$sla_count" 2>/dev/null)"
read -r pg_url pg_dir < <(/usr/bin/python3 tests/integration/postgres_cluster.py start)
sla_pg=$("$bin/bench/sla_bench" --db "$pg_url" --conversations "$sla_count" 2>/dev/null)
/usr/bin/python3 tests/integration/postgres_cluster.py stop "$pg_dir"
sla_report "$sla_pg"

echo "== the agent web UI in Chromium: 10,000 open conversations (bench/web_bench.sh)"
bench/web_bench.sh --conversations "${WEB_CONVERSATIONS:-10000}"
