"""Group commit on the product's inbound paths, end to end: `shopdesk ingest` of many
files and of an mbox, with bad mail in the same batch, and the HTTP upload from many
clients at once. Every item is stored once or reported; nothing is lost."""
import json
import subprocess
import threading

from harness import Shopdesk, mail, run_tests


def _export(sd, tmp):
    out = tmp.join("export.jsonl")
    sd.run("export", "--shop", "sakura", "--out", out)
    with open(out, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _messages(conversations):
    return [m for c in conversations for m in c["messages"]]


def test_one_ingest_of_many_files_with_bad_ones_among_them(tmp):
    sd = Shopdesk(tmp)
    sd.setup_shop()
    files = []
    for i in range(300):
        path = tmp.join("m%03d.eml" % i)
        with open(path, "wb") as f:
            f.write(mail("在庫の確認 %d" % i, "商品 %d の在庫はありますか" % i, "many%d@example.jp" % i,
                         sender="客%d <c%d@example.jp>" % (i, i)))
        files.append(path)
    # A 30 MB mail (a big attachment, base64), a mail with NUL bytes, an empty file and
    # a missing one, in the middle of the batch.
    big = tmp.join("big.eml")
    with open(big, "wb") as f:
        f.write(b"From: big@example.jp\r\nSubject: big\r\nMessage-ID: <big@example.jp>\r\n"
                b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                b"Content-Type: text/plain\r\n\r\nphotos attached\r\n--b\r\n"
                b"Content-Type: image/jpeg; name=p.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n")
        line = b"QUJD" * 19 + b"\r\n"
        f.write(line * (30 * 1024 * 1024 // len(line)))
        f.write(b"--b--\r\n")
    nul = tmp.join("nul.eml")
    with open(nul, "wb") as f:
        f.write(b"From: nul@example.jp\r\nSubject: nul\r\nMessage-ID: <nul@example.jp>\r\n\r\nbefore\x00after\r\n")
    empty = tmp.join("empty.eml")
    open(empty, "wb").close()
    args = files[:150] + [big, nul, empty, tmp.join("absent.eml")] + files[150:]
    result = sd.run("ingest", "--shop", "sakura", "--channel", "support", *args, check=False)
    assert result.returncode == 1, result.stderr  # two could not be stored, and say so
    err = result.stderr.decode()
    assert "empty.eml: not stored" in err and "absent.eml: not stored" in err, err
    out = result.stdout.decode()
    assert out.count("stored message") == 302, out[-2000:]
    # Reported in input order, after the commit that holds each.
    assert out.index("m149.eml:") < out.index("big.eml:") < out.index("nul.eml:") < out.index("m150.eml:")
    assert "302 stored, 0 duplicates, 2 failed" in err, err
    conversations = _export(sd, tmp)
    ids = {m["message_id"] for m in _messages(conversations)}
    assert len(ids) == 302 and "big@example.jp" in ids and "nul@example.jp" in ids
    # Run again: everything is a duplicate, nothing is stored twice.
    again = sd.run("ingest", "--shop", "sakura", "--channel", "support", *files, big, nul)
    assert again.stdout.decode().count("duplicate of message") == 302
    assert len(_messages(_export(sd, tmp))) == 302


def test_an_mbox_on_stdin_is_split_into_its_mails(tmp):
    sd = Shopdesk(tmp)
    sd.setup_shop()
    parts = []
    for i in range(5):
        body = mail("件名 %d" % i, "本文 %d\r\n\r\nFrom the shop's point of view, thanks" % i, "mbox%d@example.jp" % i,
                    sender="c%d@example.jp" % i)
        parts.append(b"From c%d@example.jp Mon Nov 24 09:00:00 2025\n" % i + body.replace(b"\r\nFrom ", b"\r\n>From ") + b"\n")
    result = sd.run("ingest", "--shop", "sakura", "--channel", "support", "--mbox", "-", stdin=b"".join(parts))
    out = result.stdout.decode()
    assert out.count("stored message") == 5, out
    assert "stdin#5: stored" in out
    texts = [m["text"] for m in _messages(_export(sd, tmp))]
    assert any("From the shop's point of view" in t for t in texts), texts


def test_uploads_from_many_clients_are_each_answered_after_their_commit(tmp):
    sd = Shopdesk(tmp)
    token = sd.setup_shop()
    sd.serve("--no-workers")
    status, channels, _ = sd.api("GET", "/api/v1/channels", token)
    channel = channels["items"][0]["id"]
    answers = []
    lock = threading.Lock()

    def upload(worker):
        for i in range(25):
            raw = mail("質問 %d-%d" % (worker, i), "本文", "up%d-%d@example.jp" % (worker, i),
                       sender="u%d@example.jp" % worker)
            code, body, _ = sd.api("POST", "/api/v1/channels/%d/messages" % channel, token, raw=raw,
                                   headers={"Content-Type": "message/rfc822"})
            with lock:
                answers.append((code, body))

    threads = [threading.Thread(target=upload, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 200
    assert all(code == 201 for code, _ in answers), [a for a in answers if a[0] != 201][:3]
    # Each answer names its own stored message; a second upload is a duplicate.
    assert len({body["message_id"] for _, body in answers}) == 200
    for _, body in answers[:5]:
        code, conv, _ = sd.api("GET", "/api/v1/conversations/%d" % body["conversation_id"], token)
        assert code == 200 and any(m["id"] == body["message_id"] for m in conv["messages"])
    code, body, _ = sd.api("POST", "/api/v1/channels/%d/messages" % channel, token,
                           raw=mail("質問 0-0", "本文", "up0-0@example.jp", sender="u0@example.jp"),
                           headers={"Content-Type": "message/rfc822"})
    assert code == 200 and body["duplicate"] is True


if __name__ == "__main__":
    run_tests(globals())
