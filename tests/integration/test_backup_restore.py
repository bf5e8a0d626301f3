"""`shopdesk backup` while `shopdesk serve` runs and mail keeps arriving over HTTP, then
`shopdesk restore` into a fresh database: everything acknowledged before the backup
began comes back (conversations, messages, raw sources, attachment bytes), nothing
half-written does; a non-empty target is refused; a truncated backup is refused with a
clear message and leaves the target untouched. Runs on SQLite and on PostgreSQL."""
import base64
import os
import shutil
import subprocess
import threading
import time

from harness import BACKEND, Shopdesk, binary, mail, on_cleanup, run_tests


def attachment_mail(i, payload, filename="写真.jpg"):
    from email.header import Header
    return ("From: =?UTF-8?B?5bGx55Sw?= <yamada%d@example.jp>\r\nTo: support@sakura.example\r\n"
            "Subject: %s\r\nMessage-ID: <att%d@example.jp>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            "破損していました。写真 %d を添付します。\r\n--b\r\nContent-Type: image/jpeg\r\n"
            "Content-Disposition: attachment; filename=\"%s\"\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n"
            % (i, Header("破損 %d" % i, "utf-8").encode(), i, i, Header(filename, "utf-8").encode())).encode() + \
        base64.encodebytes(payload).replace(b"\n", b"\r\n") + b"--b--\r\n"


def shopdesk(*args):
    result = subprocess.run([binary(), *args], capture_output=True, timeout=600)
    return result.returncode, result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace")


def shop_view(node, token):
    """{conversation id: (subject, status, tags, [message])}, each message
    (id, direction, text, raw bytes or None, [(filename, content_type, bytes)])."""
    out = {}
    cursor = None
    while True:
        status, page, _ = node.api("GET", "/api/v1/conversations?limit=100" + ("&cursor=" + cursor if cursor else ""), token)
        assert status == 200, page
        for c in page["items"]:
            status, detail, _ = node.api("GET", "/api/v1/conversations/%d" % c["id"], token)
            assert status == 200, detail
            messages = []
            for m in detail["messages"]:
                raw = None
                if m["direction"] == "inbound":
                    status, raw, _ = node.api("GET", "/api/v1/messages/%d/raw" % m["id"], token)
                    assert status == 200, raw
                files = []
                for a in m["attachments"]:
                    status, data, _ = node.api("GET", "/api/v1/attachments/%d" % a["id"], token)
                    assert status == 200, data
                    files.append((a["filename"], a["content_type"], data))
                messages.append((m["id"], m["direction"], m["text"], raw, files))
            out[c["id"]] = (c["subject"], c["status"], sorted(c["tags"]), messages)
        cursor = page.get("next_cursor")
        if not cursor:
            return out


def fresh_target(tmp, name):
    """A Shopdesk on a new, empty database of this run's backend."""
    target = Shopdesk(tmp)
    if BACKEND != "postgresql":
        target.db = "sqlite:" + tmp.join(name)
    return target


def test_backup_during_live_ingest_restores_what_was_acknowledged(tmp):
    source = Shopdesk(tmp)
    token = source.setup_shop()
    photos = {}
    for i in range(6):
        photos[i] = os.urandom(200 * 1024)
        source.run("ingest", "--shop", "sakura", "--channel", "support", stdin=attachment_mail(i, photos[i]))
    for i in range(4):
        source.run("ingest", "--shop", "sakura", "--channel", "support",
                   stdin=mail("質問 %d" % i, "本文 %d ①㈱～髙" % i, "q%d@example.jp" % i, sender="c%d@example.jp" % i))
    source.serve("--no-workers")
    on_cleanup(source.kill)
    status, body, _ = source.api("PUT", "/api/v1/conversations/1/tags", token, {"tags": ["vip", "返品"]})
    assert status == 200, body
    status, body, _ = source.api("POST", "/api/v1/conversations/2/notes", token, {"body": "倉庫に確認中"})
    assert status == 201, body

    # Mail keeps arriving over HTTP, before, during and after the backup.
    acked = []  # (message id, time of the acknowledgement)
    failures = []
    stop = threading.Event()

    def ingest_over_http():
        n = 0
        while not stop.is_set() and n < 2000:
            raw = attachment_mail(1000 + n, os.urandom(8 * 1024), filename="live-%d.bin" % n)
            status, body, _ = source.api("POST", "/api/v1/channels/1/messages", token, raw=raw,
                                         headers={"Content-Type": "message/rfc822"})
            if status != 201:
                failures.append((status, body))
            else:
                acked.append((body["message_id"], time.time()))
            n += 1

    writer = threading.Thread(target=ingest_over_http)
    writer.start()
    try:
        deadline = time.time() + 30
        while len(acked) < 5 and time.time() < deadline and not failures:
            time.sleep(0.05)
        backup_began = time.time()
        acked_before = [mid for mid, at in acked if at < backup_began]
        backup = tmp.join("backups", "shopdesk.backup")
        code, out, err = shopdesk("backup", "--db", source.db, "--to", backup)
        backup_ended = time.time()
        time.sleep(0.5)  # a little more mail after the backup, which must not come back
    finally:
        stop.set()
        writer.join(60)
    assert code == 0, err
    assert not failures, "ingest over HTTP failed during the backup: %r" % failures[:3]
    assert len(acked_before) >= 5, acked
    acked_after = [mid for mid, at in acked if at > backup_ended]
    assert acked_after, "no mail arrived after the backup; the test proves nothing"
    assert "written to" in out and os.path.exists(backup + ".manifest"), out
    manifest = open(backup + ".manifest").read()
    assert ("format: %s" % ("pg_dump" if BACKEND == "postgresql" else "sqlite")) in manifest, manifest
    assert sorted(os.listdir(tmp.join("backups"))) == ["shopdesk.backup", "shopdesk.backup.manifest"]

    everything_now = shop_view(source, token)  # the source went on; the backup is a past state
    source.kill()

    target = fresh_target(tmp, "restored.db")
    code, out, err = shopdesk("restore", "--from", backup, "--db", target.db)
    assert code == 0, err
    assert "restored" in out and "checked against its manifest" in out, out
    target.serve("--no-workers")
    on_cleanup(target.kill)
    restored = shop_view(target, token)

    restored_ids = {m[0] for conv in restored.values() for m in conv[3]}
    missing = [mid for mid in acked_before if mid not in restored_ids]
    assert not missing, "acknowledged before the backup but not restored: %r" % missing
    assert not [mid for mid in acked_after if mid in restored_ids], "mail from after the backup came back"
    for conv_id, conv in restored.items():
        assert conv_id in everything_now, "a conversation the source never had: %r" % (conv,)
        subject, status, tags, messages = everything_now[conv_id]
        assert conv[:3] == (subject, status, tags), (conv[:3], (subject, status, tags))
        # The same messages, byte for byte, as far as the backup reached.
        assert conv[3] == [m for m in messages if m[0] in restored_ids], subject
    # The data set up before serving came back whole: attachments and notes included.
    files = [f for conv in restored.values() for m in conv[3] for f in m[4]]
    for i, photo in photos.items():
        assert ("写真.jpg", "image/jpeg", photo) in files, "photo %d" % i
    assert restored[1][2] == ["vip", "返品"]
    assert any(m[1] == "note" and m[2] == "倉庫に確認中" for m in restored[2][3])

    # Restoring into the (now non-empty) database is refused, and changes nothing.
    status, body, _ = target.api("POST", "/api/v1/conversations/3/notes", token, {"body": "復元後のメモ"})
    assert status == 201, body
    changed = shop_view(target, token)
    code, out, err = shopdesk("restore", "--from", backup, "--db", target.db)
    assert code == 1 and "not empty" in err and "--force" in err, err
    assert shop_view(target, token) == changed

    # --force replaces everything (its servers stopped first): nothing is merged, so the
    # note written after the restore is gone again.
    target.kill()
    code, out, err = shopdesk("restore", "--from", backup, "--db", target.db, "--force")
    assert code == 0, err
    target.serve("--no-workers")
    assert shop_view(target, token) == restored


def test_truncated_backup_is_refused_and_the_target_untouched(tmp):
    source = Shopdesk(tmp)
    source.setup_shop()
    for i in range(3):
        source.run("ingest", "--shop", "sakura", "--channel", "support", stdin=attachment_mail(i, os.urandom(64 * 1024)))
    backup = tmp.join("full.backup")
    code, out, err = shopdesk("backup", "--db", source.db, "--to", backup)
    assert code == 0, err
    truncated = tmp.join("truncated.backup")
    shutil.copy(backup, truncated)
    shutil.copy(backup + ".manifest", truncated + ".manifest")
    os.truncate(truncated, os.path.getsize(backup) // 2)

    target = fresh_target(tmp, "target.db")
    code, out, err = shopdesk("restore", "--from", truncated, "--db", target.db)
    assert code == 1, (out, err)
    assert "truncated" in err and "manifest" in err, err
    # Without its manifest the file is still checked before anything is committed.
    os.remove(truncated + ".manifest")
    code, out, err = shopdesk("restore", "--from", truncated, "--db", target.db)
    assert code == 1, (out, err)
    assert err.startswith("shopdesk: ") and len(err) < 2000, err
    # Untouched: still empty, so the good backup restores without --force.
    if BACKEND != "postgresql":
        assert not os.path.exists(target.db[len("sqlite:"):])
    code, out, err = shopdesk("restore", "--from", backup, "--db", target.db)
    assert code == 0, err

    # Backups are not overwritten by accident, and the format must fit the target.
    code, out, err = shopdesk("backup", "--db", source.db, "--to", backup)
    assert code == 1 and "exists" in err and "--force" in err, err
    code, out, err = shopdesk("backup", "--db", source.db, "--to", backup, "--force")
    assert code == 0, err
    other = "postgresql://nobody@127.0.0.1:1/x" if BACKEND != "postgresql" else "sqlite:" + tmp.join("x.db")
    code, out, err = shopdesk("restore", "--from", backup, "--db", other)
    assert code == 1 and "can only be restored into" in err, err


def test_pg_dump_missing_or_too_old_is_explained(tmp):
    if BACKEND != "postgresql":
        print("(PostgreSQL only: pg_dump)")
        return
    source = Shopdesk(tmp)
    source.setup_shop()
    empty = tmp.join("empty-bin")
    os.makedirs(empty)
    code, out, err = shopdesk("backup", "--db", source.db, "--to", tmp.join("a.backup"), "--pg-bindir", empty)
    assert code == 1 and "pg_dump was not found" in err and "postgresql-client-" in err, err
    old = tmp.join("old-bin")
    os.makedirs(old)
    with open(os.path.join(old, "pg_dump"), "w") as f:
        f.write("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    os.chmod(os.path.join(old, "pg_dump"), 0o755)
    code, out, err = shopdesk("backup", "--db", source.db, "--to", tmp.join("a.backup"), "--pg-bindir", old)
    assert code == 1 and "older than the PostgreSQL" in err and "9.6" in err, err
    assert not os.path.exists(tmp.join("a.backup"))
    assert [f for f in os.listdir(tmp.path) if ".tmp-" in f] == []


if __name__ == "__main__":
    run_tests(globals())
