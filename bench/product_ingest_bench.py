#!/usr/bin/env python3
"""Ingest as a user runs it, on mail shaped like a Japanese shop's (bench/shop_mail.h).

Writes BENCH_MAILS (default 20,000) .eml files to a temporary directory, then times:
  1. Python's `email` package reading and parsing them (the anchor; parse only);
  2. `shopdesk ingest --shop S --channel C FILE...` over all files (big argument lists,
     as xargs would pass them) on SQLite, then `shopdesk export` of the resulting shop;
  3. the same on a throw-away PostgreSQL cluster (fsync on, PostgreSQL's defaults);
  4. `shopdesk poll` draining a private Dovecot whose INBOX holds all the files;
  5. `POST /api/v1/channels/{id}/messages` of every file once, under wrk, against
     `shopdesk serve` on SQLite.
For each: mails/s, the shopdesk process's peak RSS (getrusage of the child, or VmHWM of
the server), the ratio to the anchor, and PASS/MISS against the targets of issue 13.
A missed target is reported, not fatal; any command that fails (or a mail that is not
stored) makes the script exit 1.

Usage: product_ingest_bench.py [COUNT]   (or BENCH_MAILS=N; SHOPDESK_BINARY, BUILD_DIR)
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import harness  # noqa: E402  (Dovecot, free_port)
from postgres_cluster import PostgresCluster  # noqa: E402

PYTHON = "/usr/bin/python3"
BUILD = os.environ.get("BUILD_DIR", os.path.join(ROOT, "build", "release"))
SHOPDESK = os.environ.get("SHOPDESK_BINARY", os.path.join(BUILD, "shopdesk"))
SHOP, CHANNEL = "bench", "support"
CHUNK = 5000  # files per `shopdesk ingest` process (xargs-sized argument lists)

TARGETS = {"sqlite": 3000, "postgresql": 1500, "anchor_ratio": 2.0, "rss_mb": 150}


class BenchError(Exception):
    pass


def run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, **kwargs)
    if result.returncode != 0:
        raise BenchError("%s failed (%d): %s" % (" ".join(args[:3]), result.returncode,
                                                 result.stderr.decode(errors="replace")[-2000:]))
    return result.stdout.decode(errors="replace")


def timed(args):
    """Runs args; returns (stdout, stderr, wall seconds, CPU seconds, peak RSS in MB) of
    the child, from wait4's rusage."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=out, stderr=err)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise BenchError("%s failed (%d): %s" % (" ".join(args[:2]), process.returncode,
                                                 (stderr or stdout)[-2000:]))
    return stdout, stderr, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def setup_shop(db, imap_url=""):
    run([SHOPDESK, "shop", "add", SHOP, "--name", "ベンチ雑貨店", "--db", db])
    args = [SHOPDESK, "channel", "add", "--shop", SHOP, "--name", CHANNEL, "--address",
            "support@sakura.example", "--db", db]
    if imap_url:
        args += ["--imap-url", imap_url, "--imap-user", harness.Dovecot.USER,
                 "--imap-password", harness.Dovecot.PASSWORD]
    run(args)
    return run([SHOPDESK, "user", "add", "--shop", SHOP, "--email", "bench@sakura.example",
                "--role", "owner", "--db", db]).strip()


def cli_ingest(db, files):
    """`shopdesk ingest` over `files` in chunks; every file must be stored."""
    setup_shop(db)
    wall = cpu = rss = 0.0
    stored = duplicates = 0
    for at in range(0, len(files), CHUNK):
        out, _, w, c, r = timed([SHOPDESK, "ingest", "--db", db, "--shop", SHOP, "--channel",
                                 CHANNEL, *files[at:at + CHUNK]])
        wall, cpu, rss = wall + w, cpu + c, max(rss, r)
        stored += out.count(": stored message ")
        duplicates += out.count(": duplicate of message ")
    if stored + duplicates != len(files):
        raise BenchError("ingest stored %d and found %d duplicates of %d files"
                         % (stored, duplicates, len(files)))
    return {"mails": len(files), "stored": stored, "duplicates": duplicates,
            "seconds": wall, "cpu_seconds": cpu, "peak_rss_mb": rss,
            "mails_per_second": len(files) / wall}


def export(db):
    path = db.replace("sqlite:", "") + ".export.jsonl" if db.startswith("sqlite:") else None
    out_path = path or os.path.join(tempfile.gettempdir(), "shopdesk-bench-export.jsonl")
    _, err, wall, cpu, rss = timed([SHOPDESK, "export", "--db", db, "--shop", SHOP,
                                    "--out", out_path])
    conversations = attachments = 0
    with open(out_path, encoding="utf-8") as f:
        for line in f:
            conversations += 1
            attachments += line.count('"sha256"') - line.count('"raw_sha256"')
    os.unlink(out_path)
    return {"conversations": conversations, "attachments": attachments, "seconds": wall,
            "cpu_seconds": cpu, "peak_rss_mb": rss}


def fill_maildir(dovecot, files):
    """Puts every file into INBOX/new (as an MTA delivering to a Maildir would) and
    lets Dovecot index them before the clock starts."""
    owner = harness._system_user("nobody")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(dovecot.maildir, sub), exist_ok=True)
    for root, _, _ in os.walk(dovecot.maildir):
        shutil.chown(root, owner.pw_uid, owner.pw_gid)
    base = int(time.time())
    for i, path in enumerate(files):
        target = os.path.join(dovecot.maildir, "new", "%d.M%dP1.bench" % (base, i))
        shutil.copyfile(path, target)
        os.chown(target, owner.pw_uid, owner.pw_gid)
    dovecot.doveadm("mailbox", "status", "-u", dovecot.USER, "messages unseen", "INBOX")


def poll(db, files, tmp):
    dovecot = harness.Dovecot(tmp)
    try:
        fill_maildir(dovecot, files)
        setup_shop(db, dovecot.url)
        out, _, wall, cpu, rss = timed([SHOPDESK, "poll", "--db", db])
        found = re.search(r"(\d+) stored, (\d+) duplicates, (\d+) errors", out)
        if not found or int(found.group(1)) + int(found.group(2)) != len(files) \
                or int(found.group(3)) != 0:
            raise BenchError("poll did not store every mail: " + out.strip())
        left = dovecot.unseen_count()
        if left:
            raise BenchError("%d mails are still unseen in the mailbox after the poll" % left)
        return {"mails": len(files), "stored": int(found.group(1)), "seconds": wall,
                "cpu_seconds": cpu, "peak_rss_mb": rss, "mails_per_second": len(files) / wall}
    finally:
        dovecot.stop()


def metric(port, name):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=10) as r:
        for line in r.read().decode().splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                return float(line.split()[-1])
    return 0.0


def vm_hwm_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def upload(db, files, tmp):
    token = setup_shop(db)
    port = harness.free_port()
    log = open(os.path.join(tmp, "serve.log"), "wb")
    server = subprocess.Popen([SHOPDESK, "serve", "--db", db, "--listen", "127.0.0.1:%d" % port,
                               "--no-workers"], stdout=log, stderr=subprocess.STDOUT)
    try:
        harness.wait_for(lambda: server.poll() is not None or harness.port_open(port),
                         what="shopdesk serve")
        if server.poll() is not None:
            raise BenchError("shopdesk serve exited: " + open(log.name, errors="replace").read())
        request = urllib.request.Request("http://127.0.0.1:%d/api/v1/channels" % port,
                                         headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(request, timeout=10) as r:
            channel = json.load(r)["items"][0]["id"]
        listing = os.path.join(tmp, "upload-files.txt")
        with open(listing, "w") as f:
            f.write("\n".join(files) + "\n")
        threads = 2
        before = metric(port, "shopdesk_messages_ingested_total")
        start = time.perf_counter()
        wrk = subprocess.Popen(["wrk", "-t%d" % threads, "-c8", "-d3600s", "--timeout", "30s",
                                "-s", os.path.join(HERE, "upload_mail.lua"),
                                "http://127.0.0.1:%d" % port, "--", token, str(channel), listing,
                                str(threads)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        stored, progress_at, last = 0, time.time(), -1
        while True:
            stored = metric(port, "shopdesk_messages_ingested_total") - before
            duplicates = metric(port, "shopdesk_duplicates_total")
            if stored + duplicates >= len(files) or wrk.poll() is not None \
                    or server.poll() is not None:
                break
            if stored + duplicates != last:
                progress_at, last = time.time(), stored + duplicates
            elif time.time() - progress_at > 120:
                break  # stalled: reported below
            time.sleep(0.2)
        wall = time.perf_counter() - start
        rss = vm_hwm_mb(server.pid) if server.poll() is None else 0.0
        if wrk.poll() is None:
            wrk.send_signal(signal.SIGINT)  # wrk prints its summary and exits
        out = wrk.communicate(timeout=60)[0].decode(errors="replace")
        result = re.search(r"upload-result .*", out)
        if not result:
            raise BenchError("wrk did not finish: " + out[-2000:])
        fields = dict(kv.split("=") for kv in result.group(0).split()[1:])
        errors = int(fields["c4xx"]) + int(fields["c5xx"]) + int(fields["socket_errors"])
        if errors or stored + duplicates < len(files):
            raise BenchError("upload: %d of %d stored; %s" % (stored, len(files), result.group(0)))
        return {"mails": len(files), "stored": int(stored), "seconds": wall,
                "peak_rss_mb": rss, "mails_per_second": len(files) / wall}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def verdict(ok):
    return "PASS" if ok else "MISS"


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_MAILS", "20000"))
    tmp = tempfile.mkdtemp(prefix="shopdesk-pbench-")
    os.chmod(tmp, 0o755)  # Dovecot's mail user enters it
    cluster = None
    try:
        mail_dir = os.path.join(tmp, "mail")
        stats = json.loads(run([os.path.join(BUILD, "bench", "mail_corpus"), "--out", mail_dir,
                                "--count", str(count)]))
        files = sorted(os.path.join(mail_dir, n) for n in os.listdir(mail_dir))
        print("== %d generated shop mails, %.1f MB: UTF-8 %d, ISO-2022-JP %d, Shift_JIS (CP932) %d, "
              "EUC-JP %d; with an HTML alternative %d, PNG %d, PDF %d; DSN bounces %d; Amazon relay "
              "%d; replies %d in %d threads (longest %d)"
              % (stats["files"], stats["bytes"] / 1048576, stats["utf8"], stats["iso2022jp"],
                 stats["cp932"], stats["euc_jp"], stats["html_alternative"], stats["png"],
                 stats["pdf"], stats["bounces"], stats["amazon_relay"], stats["replies"],
                 stats["threads"], stats["longest_thread"]))

        anchor = json.loads(run([PYTHON, os.path.join(HERE, "python_email_anchor.py"), mail_dir]))
        a = anchor["messages_per_second"]
        print("== anchor: Python's email package reading and parsing the same files (parse only, "
              "one core): %.0f mails/s" % a)

        results = {}
        print("== shopdesk ingest --shop --channel FILE... (%d files a process), SQLite "
              "(synchronous=FULL)" % CHUNK, flush=True)
        results["sqlite"] = cli_ingest("sqlite:" + os.path.join(tmp, "ingest.db"), files)
        exported = export("sqlite:" + os.path.join(tmp, "ingest.db"))
        print("== shopdesk ingest, PostgreSQL (a throw-away cluster on loopback, fsync on)",
              flush=True)
        cluster = PostgresCluster(durable=True)
        results["postgresql"] = cli_ingest(cluster.create_database("bench"), files)
        cluster.stop()
        cluster = None
        print("== shopdesk poll: one IMAP mailbox (Dovecot on loopback) holding every file, SQLite",
              flush=True)
        results["poll"] = poll("sqlite:" + os.path.join(tmp, "poll.db"), files, tmp)
        print("== POST /api/v1/channels/{id}/messages: wrk, 2 threads, 8 connections, every file "
              "once, against shopdesk serve on SQLite", flush=True)
        results["upload"] = upload("sqlite:" + os.path.join(tmp, "upload.db"), files, tmp)

        names = {"sqlite": "CLI ingest, SQLite", "postgresql": "CLI ingest, PostgreSQL",
                 "poll": "IMAP poll, SQLite", "upload": "HTTP upload, SQLite"}
        print("== results (anchor: Python parse-only %.0f mails/s in the same run)" % a)
        for key, r in results.items():
            target = TARGETS.get(key)
            rate = r["mails_per_second"]
            line = "   %-23s %6.0f mails/s (%5.1f s wall" % (names[key], rate, r["seconds"])
            if "cpu_seconds" in r:
                line += ", %.1f CPU s" % r["cpu_seconds"]
            line += "), %.2fx the anchor" % (rate / a)
            if target:
                line += "; target >= %d: %s" % (target, verdict(rate >= target))
            line += "; peak RSS %.0f MB (target <= %d: %s)" % (
                r["peak_rss_mb"], TARGETS["rss_mb"], verdict(r["peak_rss_mb"] <= TARGETS["rss_mb"]))
            print(line)
        s = results["sqlite"]["mails_per_second"]
        print("   SQLite ingest vs the anchor: %.2fx (target >= %.0fx): %s"
              % (s / a, TARGETS["anchor_ratio"], verdict(s / a >= TARGETS["anchor_ratio"])))
        print("   shopdesk export of that shop (%d conversations, %d attachments): %.2f CPU s, "
              "%.2f s wall, peak RSS %.0f MB"
              % (exported["conversations"], exported["attachments"], exported["cpu_seconds"],
                 exported["seconds"], exported["peak_rss_mb"]))
        print("bench-json " + json.dumps({"anchor": anchor, "corpus": stats, "export": exported,
                                          **results}))
    except BenchError as e:
        print("product ingest bench FAILED: %s" % e, file=sys.stderr)
        return 1
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
