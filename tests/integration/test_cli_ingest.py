"""`shopdesk ingest`, `shopdesk export` and the admin commands, end to end on SQLite."""
import json
import subprocess

from harness import Shopdesk, binary, mail, run_tests


def test_ingest_files_and_stdin_with_exit_codes(tmp):
    sd = Shopdesk(tmp)
    sd.setup_shop()
    path = tmp.join("m1.eml")
    with open(path, "wb") as f:
        f.write(mail("配送について", "まだ届きません。注文番号 250-1234567-1234567", "m1@example.jp"))
    first = sd.run("ingest", "--shop", "sakura", "--channel", "support", path)
    assert b"stored message 1 in new conversation 1" in first.stdout, first.stdout
    again = sd.run("ingest", "--shop", "sakura", "--channel", "support", "-", stdin=open(path, "rb").read())
    assert again.returncode == 0 and b"duplicate of message 1" in again.stdout, again.stdout
    reply = mail("Re: 配送について", "追伸です", "m2@example.jp", extra="In-Reply-To: <m1@example.jp>\r\n")
    threaded = sd.run("ingest", "--shop", "sakura", "--channel", "support", stdin=reply)
    assert b"in existing conversation 1" in threaded.stdout, threaded.stdout


def test_ingest_reports_what_could_not_be_stored(tmp):
    sd = Shopdesk(tmp)
    sd.setup_shop()
    empty = sd.run("ingest", "--shop", "sakura", "--channel", "support", stdin=b"", check=False)
    assert empty.returncode == 1 and b"empty" in empty.stderr, empty.stderr
    missing = sd.run("ingest", "--shop", "nosuch", "--channel", "support", stdin=b"x", check=False)
    assert missing.returncode == 1 and b"shop add nosuch" in missing.stderr, missing.stderr
    nofile = sd.run("ingest", "--shop", "sakura", "--channel", "support", tmp.join("absent.eml"), check=False)
    assert nofile.returncode == 1 and b"not found" in nofile.stderr, nofile.stderr
    # Garbage is still stored (never dropped), with a note.
    garbage = sd.run("ingest", "--shop", "sakura", "--channel", "support", stdin=b"\x00\xff\xfe garbage \x1b$B")
    assert b"stored message" in garbage.stdout


def test_admin_commands_validate_input(tmp):
    sd = Shopdesk(tmp)
    bad_slug = sd.run("shop", "add", "Bad Slug", "--name", "x", check=False)
    assert bad_slug.returncode == 1 and b"invalid" in bad_slug.stderr
    sd.run("shop", "add", "sakura", "--name", "さくら")
    dup = sd.run("shop", "add", "sakura", "--name", "さくら", check=False)
    assert dup.returncode == 1 and b"already exists" in dup.stderr
    bad_url = sd.run("channel", "add", "--shop", "sakura", "--name", "s", "--address", "s@x.example",
                     "--smtp-url", "http://x", check=False)
    assert bad_url.returncode == 1 and b"smtp://" in bad_url.stderr
    bad_role = sd.run("user", "add", "--shop", "sakura", "--email", "a@x.example", "--role", "boss", check=False)
    assert bad_role.returncode == 1 and b"owner, admin, agent, viewer" in bad_role.stderr
    usage = sd.run("shop", "add", check=False)
    assert usage.returncode == 2


def test_export_writes_one_conversation_per_line(tmp):
    sd = Shopdesk(tmp)
    sd.setup_shop()
    for i in range(3):
        sd.run("ingest", "--shop", "sakura", "--channel", "support",
               stdin=mail("質問 %d" % i, "本文 %d" % i, "e%d@example.jp" % i, sender="客%d <c%d@example.jp>" % (i, i)))
    out = tmp.join("export.jsonl")
    sd.run("export", "--shop", "sakura", "--out", out)
    lines = [json.loads(l) for l in open(out, encoding="utf-8")]
    assert len(lines) == 3
    for line in lines:
        for key in ("id", "subject", "status", "order_id", "customer", "messages"):
            assert key in line, key
        assert set(line["customer"]) >= {"name", "email"}
        m = line["messages"][0]
        for key in ("message_id", "direction", "subject", "text", "from", "created_at", "attachments", "flags"):
            assert key in m, key
    assert {l["subject"] for l in lines} == {"質問 0", "質問 1", "質問 2"}


def test_concurrent_ingest_stores_each_message_once(tmp):
    import random
    import subprocess
    from harness import binary
    sd = Shopdesk(tmp)
    sd.setup_shop()
    paths = []
    for i in range(30):
        path = tmp.join("c%d.eml" % i)
        with open(path, "wb") as f:
            f.write(mail("同時 %d" % i, "本文", "c%d@example.jp" % i, sender="c%d@example.jp" % (i % 7)))
        paths.append(path)
    workers = []
    for w in range(4):  # four pipelines delivering the same mail in different orders
        order = paths[:]
        random.Random(w).shuffle(order)
        workers.append(subprocess.Popen([binary(), "ingest", *sd.common_args(), "--shop", "sakura",
                                         "--channel", "support", *order],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    outputs = [(p.wait(120), p.stdout.read(), p.stderr.read()) for p in workers]
    for code, out, err in outputs:
        assert code == 0, err
    stored = sum(out.count(b"stored message") for _, out, _ in outputs)
    duplicates = sum(out.count(b"duplicate of message") for _, out, _ in outputs)
    assert stored == 30 and duplicates == 90, (stored, duplicates)
    lines = sd.run("export", "--shop", "sakura").stdout.decode().splitlines()
    assert sum(len(json.loads(l)["messages"]) for l in lines) == 30


def test_calendar_holidays():
    run = lambda *args: subprocess.run([binary(), "calendar", "holidays", *args], capture_output=True, timeout=30)
    out = run("2027").stdout.decode().splitlines()
    assert out[0] == "2027-01-01 元日" and "2027-03-22 春分の日 振替休日" in out, out
    assert all(len(line.split(" ", 1)[0]) == 10 for line in out), out
    refused = run("1999")
    assert refused.returncode == 1 and "2000 to 2099" in refused.stderr.decode(), refused.stderr


if __name__ == "__main__":
    run_tests(globals())
