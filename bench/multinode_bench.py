#!/usr/bin/env python3
"""A bounded mixed load (list, read, reply, ingest) on loopback against:
one node on SQLite, one node on PostgreSQL, and two nodes on one PostgreSQL.
Checks that nothing failed, every ingested message is stored exactly once, and every
queued reply reached the SMTP peer exactly once. Prints one line per setup.

Usage: bench/multinode_bench.py [SECONDS]   (default 15 per setup)
"""
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
from harness import SmtpSink, TempDir, binary, free_port, mail, wait_for  # noqa: E402
from postgres_cluster import PostgresCluster  # noqa: E402
from websocket_client import WebSocket  # noqa: E402

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 15.0
CLIENT_THREADS = 8


def cli(db, *args, stdin=None):
    r = subprocess.run([binary(), *args, "--db", db], input=stdin, capture_output=True, timeout=300)
    if r.returncode:
        raise RuntimeError(r.stderr.decode())
    return r.stdout.decode().strip()


def serve(db, tmp, n):
    port = free_port()
    log = open(tmp.join("node%d.log" % n), "wb")
    p = subprocess.Popen([binary(), "serve", "--db", db, "--listen", "127.0.0.1:%d" % port,
                          "--send-seconds", "0.2", "--poll-seconds", "3600"], stdout=log, stderr=subprocess.STDOUT)
    def up():
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/healthz")
            return c.getresponse().status == 200
        except OSError:
            return False
    wait_for(up, what="node %d" % n)
    return p, port


def load(ports, token, deadline, stats, lock, ingested):
    conns = [http.client.HTTPConnection("127.0.0.1", p, timeout=30) for p in ports]
    rng = random.Random(threading.get_ident())
    headers = {"Authorization": "Bearer " + token}
    while time.time() < deadline:
        c = rng.choice(conns)  # a load balancer spreading requests over the nodes
        op = rng.random()
        try:
            if op < 0.4:
                c.request("GET", "/api/v1/conversations?status=open&limit=50", headers=headers)
                kind, ok = "list", (200,)
            elif op < 0.7:
                c.request("GET", "/api/v1/conversations/%d" % rng.randint(1, 200), headers=headers)
                kind, ok = "read", (200,)
            elif op < 0.85:
                body = json.dumps({"body": "ご連絡ありがとうございます。確認いたします。"})
                c.request("POST", "/api/v1/conversations/%d/replies" % rng.randint(1, 200), body=body,
                          headers={**headers, "Content-Type": "application/json"})
                kind, ok = "reply", (201,)
            else:
                with lock:
                    # one ingest in five repeats an earlier message: it must be a duplicate
                    if ingested and rng.random() < 0.2:
                        n = rng.choice(sorted(ingested))
                    else:
                        n = stats["next_mail"]
                        stats["next_mail"] += 1
                        ingested.add(n)
                raw = mail("負荷試験 %d" % n, "本文 %d" % n, "load%d@example.jp" % n, sender="l%d@example.jp" % (n % 50))
                sent_at = time.monotonic()
                c.request("POST", "/api/v1/channels/1/messages", body=raw, headers=headers)
                kind, ok = "ingest", (200, 201)
            r = c.getresponse()
            payload = r.read()
            if kind == "ingest" and r.status == 201:
                with lock:
                    stats.setdefault("stored_at", {})[json.loads(payload)["message_id"]] = sent_at
            with lock:
                stats[kind] = stats.get(kind, 0) + 1
                if r.status not in ok:
                    stats["errors"] = stats.get("errors", 0) + 1
                    stats.setdefault("error_samples", []).append("%s %d" % (kind, r.status))
        except OSError as e:
            with lock:
                stats["errors"] = stats.get("errors", 0) + 1
                stats.setdefault("error_samples", []).append("%s" % e)
            c.close()


def watch(port, token, stop, events):
    """A live-event client on one node: the inbound messages it is told about, with when."""
    ws = WebSocket(port, "/api/v1/events", token)
    assert ws.recv_json()["type"] == "hello"
    events.append(("ready", None, time.monotonic()))
    while not stop.is_set():
        try:
            e = ws.recv_json(timeout=0.2)
        except OSError:
            continue
        if e is None:
            break
        if e["type"] == "message.created" and e["data"]["direction"] == "inbound":
            events.append(("inbound", e["message_id"], time.monotonic()))
    ws.close()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100.0 * len(values)))] if values else float("nan")


def run(name, db, nodes, tmp):
    sink = SmtpSink(tmp)
    cli(db, "shop", "add", "bench", "--name", "ベンチ店")
    cli(db, "channel", "add", "--shop", "bench", "--name", "support", "--address", "support@bench.example",
        "--smtp-url", sink.url)
    token = cli(db, "user", "add", "--shop", "bench", "--email", "a@bench.example", "--role", "agent")
    # 200 conversations to read and answer, through one ingest call
    paths = []
    for i in range(200):
        path = tmp.join("seed%d.eml" % i)
        with open(path, "wb") as f:
            f.write(mail("初期 %d" % i, "本文", "seed%d@example.jp" % i, sender="s%d@example.jp" % i))
        paths.append(path)
    cli(db, "ingest", "--shop", "bench", "--channel", "support", *paths)
    servers = [serve(db, tmp, n) for n in range(nodes)]
    stop_watch, events = threading.Event(), []
    watcher = threading.Thread(target=watch, args=(servers[-1][1], token, stop_watch, events))
    watcher.start()
    wait_for(lambda: events, what="the live-event client")
    stats, lock, ingested = {"next_mail": 0}, threading.Lock(), set()
    started = time.time()
    deadline = started + SECONDS
    threads = [threading.Thread(target=load, args=([p for _, p in servers], token, deadline, stats, lock, ingested))
               for _ in range(CLIENT_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    replies = stats.get("reply", 0)
    try:
        wait_for(lambda: len(os.listdir(sink.dir)) >= 2 * replies + 1, timeout=120, interval=0.2,
                 what="every reply at the SMTP peer")
    except AssertionError:
        pass
    time.sleep(1.0)  # anything sent twice would arrive now (and the last live events)
    stop_watch.set()
    watcher.join()
    stored_at = stats.get("stored_at", {})
    seen = [(mid, at) for kind, mid, at in events if kind == "inbound"]
    seen_ids = [mid for mid, _ in seen]
    latencies = [(at - stored_at[mid]) * 1000 for mid, at in seen if mid in stored_at]
    events_ok = sorted(seen_ids) == sorted(stored_at) and len(set(seen_ids)) == len(seen_ids)
    sent = sink.messages()
    ids = [str(m["Message-ID"]) for _, m, _ in sent]
    for p, _ in servers:
        p.terminate()
        p.wait(10)
    sink.stop()
    export = cli(db, "export", "--shop", "bench").splitlines()
    inbound = sum(1 for l in export for m in json.loads(l)["messages"] if m["direction"] == "inbound")
    outbound = sum(1 for l in export for m in json.loads(l)["messages"] if m["direction"] == "outbound")
    total = sum(stats.get(k, 0) for k in ("list", "read", "reply", "ingest"))
    ok = (stats.get("errors", 0) == 0 and inbound == 200 + len(ingested) and outbound == replies
          and len(sent) == replies and len(set(ids)) == len(ids) and events_ok)
    print("%-26s %6.0f req/s  (%d requests: %d list, %d read, %d reply, %d ingest; errors %d)  "
          "stored inbound %d of %d expected, replies queued %d, sent %d, distinct at peer %d  %s" % (
              name, total / elapsed, total, stats.get("list", 0), stats.get("read", 0), replies,
              stats.get("ingest", 0), stats.get("errors", 0), inbound, 200 + len(ingested), outbound,
              len(sent), len(set(ids)), "OK" if ok else "FAILED " + str(stats.get("error_samples", [])[:5])),
          flush=True)
    print("%-26s live events at a client of node %d: %d of %d new messages, each once (%s); "
          "from POST to event p50 %.0f ms, p99 %.0f ms" % (
              "", nodes, len(seen_ids), len(stored_at), "OK" if events_ok else "FAILED",
              percentile(latencies, 50), percentile(latencies, 99)), flush=True)
    return ok


def main():
    results = []
    tmp = TempDir()
    try:
        results.append(run("1 node, SQLite", "sqlite:" + tmp.join("one.db"), 1, tmp))
        cluster = PostgresCluster(durable=True)
        try:
            results.append(run("1 node, PostgreSQL", cluster.create_database("one"), 1, tmp))
            results.append(run("2 nodes, one PostgreSQL", cluster.create_database("two"), 2, tmp))
        finally:
            cluster.stop()
    finally:
        tmp.cleanup()
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
