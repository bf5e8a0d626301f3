#!/usr/bin/env bash
# A bounded soak on loopback: wrk drives a mixed read/write workload (bench/soak_mix.lua:
# list, read, JSON reply, raw mail upload) against one `shopdesk serve` on SQLite, whose
# replies go to a local SMTP sink, at a fixed concurrency for SOAK_SECONDS.
# Prints requests/s, p50/p99 latency, responses by status class, and the server's RSS
# (VmRSS) after a warm-up and at the end. Exits 1 on any 5xx or RSS growth over 10%.
#
# Usage: bench/soak.sh   (env: SOAK_SECONDS=300, SOAK_CONNECTIONS=16, SOAK_THREADS=2,
#                         SOAK_WARMUP_SECONDS=60, SOAK_CONVERSATIONS=500,
#                         SOAK_MESSAGES_PER_CONVERSATION=40)
#
# The database starts bigger than the server's caches, as a shop's does after a few weeks:
# each conversation has SOAK_MESSAGES_PER_CONVERSATION messages (interleaved, as mail
# arrives). Each pooled SQLite connection keeps a page cache of up to 16 MB
# (cache_size); on a small database those caches keep filling as the soak's replies and
# uploads grow it, which looks like growth but is a bounded cache (measured with 1
# message per conversation: 28 MB after 20 s, 44 MB after 80 s, then 44-46 MB for the 4
# minutes after). With the caches full by the end of the warm-up, growth from there is
# what a leak would show; the samples every 30 s are printed so a slow climb is visible.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SOAK_SECONDS:-300}
connections=${SOAK_CONNECTIONS:-16}
threads=${SOAK_THREADS:-2}
warmup=${SOAK_WARMUP_SECONDS:-60}
conversations=${SOAK_CONVERSATIONS:-500}
per_conversation=${SOAK_MESSAGES_PER_CONVERSATION:-40}
bin=build/release/shopdesk
work=$(mktemp -d /tmp/shopdesk-soak.XXXXXX)
db="sqlite:$work/soak.db"
server_pid="" sink_pid="" sampler_pid=""
cleanup() {
  for pid in $sampler_pid $server_pid $sink_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }

echo "== a shop with $conversations generated conversations on SQLite; replies go to a local SMTP sink"
smtp_port=$(free_port)
mkdir -p "$work/sink"
/usr/bin/python3 tests/integration/smtp_sink.py "$smtp_port" "$work/sink" >/dev/null 2>&1 &
sink_pid=$!
for _ in $(seq 100); do [ -e "$work/sink/ready" ] && break; sleep 0.1; done
"$bin" shop add sakura --name さくら雑貨店 --db "$db" >/dev/null
"$bin" channel add --shop sakura --name support --address support@sakura.example \
  --smtp-url "smtp://127.0.0.1:$smtp_port" --db "$db" >/dev/null
token=$("$bin" user add --shop sakura --email owner@sakura.example --role owner --db "$db" 2>/dev/null)
echo "   seeding $conversations conversations x $per_conversation messages"
/usr/bin/python3 - "$work/seed" "$conversations" "$per_conversation" <<'PY'
import os, sys
sys.path.insert(0, "tests/integration")
from harness import mail
os.makedirs(sys.argv[1])
subjects = ["配送について", "返品したい", "商品が破損していました", "領収書の発行", "在庫の確認"]
conversations, per = int(sys.argv[2]), int(sys.argv[3])
for k in range(per):  # round by round: a conversation's messages spread over the file
    for i in range(conversations):
        first = "seed%d@customer.example" % i
        extra = "" if k == 0 else "In-Reply-To: <%s>\r\n" % first
        subject = ("" if k == 0 else "Re: ") + "%s %d" % (subjects[i % 5], i)
        with open(os.path.join(sys.argv[1], "%03d-%05d.eml" % (k, i)), "wb") as f:
            f.write(mail(subject, "注文番号 250-1234567-%07d の件です。(%d)" % (i, k),
                         first if k == 0 else "seed%d-%d@customer.example" % (i, k),
                         sender="お客様 %d <c%d@customer.example>" % (i, i), extra=extra))
PY
"$bin" ingest --shop sakura --channel support --db "$db" "$work"/seed/*.eml >/dev/null

port=$(free_port)
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --poll-seconds 3600 >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port"
wrk_args=(-t"$threads" -c"$connections" --latency -s bench/soak_mix.lua "$url" -- "$token" "$conversations" 1)

echo "== warm-up: ${warmup}s of the same load"
wrk -d"${warmup}s" "${wrk_args[@]}" >"$work/warmup.txt"
rss_start=$(rss_kb)
echo "   RSS after warm-up: $((rss_start / 1024)) MB"

echo "== soak: ${seconds}s, $threads wrk threads, $connections connections, keep-alive, loopback" \
     "(server, wrk and the SMTP sink share $(nproc) cores)"
( while sleep 30; do echo "   $(date +%T) RSS $(( $(rss_kb) / 1024 )) MB"; done ) &
sampler_pid=$!
wrk -d"${seconds}s" "${wrk_args[@]}" >"$work/soak.txt"
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""
kill -0 "$server_pid" 2>/dev/null || { echo "the server died:"; tail -20 "$work/serve.log"; exit 1; }
rss_end=$(rss_kb)
sed -n '/Latency Distribution/,/Requests\/sec/p' "$work/soak.txt" | sed 's/^/   /'
sent=$(find "$work/sink" -name '*.eml' | wc -l)

result=$(grep '^soak-result ' "$work/soak.txt") || { cat "$work/soak.txt"; exit 1; }
/usr/bin/python3 - "$result" "$rss_start" "$rss_end" "$sent" <<'PY'
import sys
r = dict(kv.split("=") for kv in sys.argv[1].split()[1:])
r = {k: int(v) for k, v in r.items()}
start, end, sent = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
growth = (end - start) * 100.0 / start
rate = r["requests"] / (r["duration_us"] / 1e6)
errors = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]
print("   %.0f requests/s (%d requests); latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.0f ms"
      % (rate, r["requests"], r["p50_us"] / 1e3, r["p90_us"] / 1e3, r["p99_us"] / 1e3, r["max_us"] / 1e3))
print("   responses: 2xx %d, 3xx %d, 4xx %d, 5xx %d; socket errors %d (timeouts %d); replies at the SMTP sink %d"
      % (r["c2xx"], r["c3xx"], r["c4xx"], r["c5xx"], errors, r["timeouts"], sent))
print("   RSS %.1f MB after warm-up, %.1f MB at the end: %+.1f%% (limit +10%%)" % (start / 1024, end / 1024, growth))
failed = []
if r["c5xx"]:
    failed.append("%d responses were 5xx" % r["c5xx"])
if growth > 10:
    failed.append("RSS grew %.1f%%" % growth)
if r["c4xx"] or errors:
    print("   warning: %d 4xx answers and %d socket errors (not the server's fault only if the load was wrong)"
          % (r["c4xx"], errors))
print("   soak " + ("FAILED: " + "; ".join(failed) if failed else "OK: no 5xx, RSS within 10%"))
sys.exit(1 if failed else 0)
PY
