"""`shopdesk migrate --from sqlite:PATH --to URL`: a shop moves from an embedded SQLite
file into this run's database (PostgreSQL, or another SQLite file) with every row,
attachment and raw source; a target that already serves another shop keeps it; the
copy verifies itself and can be run again."""
import base64
import subprocess

from harness import Shopdesk, binary, mail, on_cleanup, run_tests

PHOTO = bytes(range(256)) * 40  # 10 KiB of every byte value


def photo_mail(subject, message_id):
    return ("From: =?UTF-8?B?5bGx55Sw?= <yamada@example.jp>\r\nTo: support@sakura.example\r\n"
            "Subject: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            "破損していました。写真を添付します。\r\n--b\r\nContent-Type: image/jpeg\r\n"
            "Content-Disposition: attachment; filename=\"photo.jpg\"\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n" % (subject, message_id)).encode() + \
        base64.encodebytes(PHOTO).replace(b"\n", b"\r\n") + b"--b--\r\n"


def migrate(source, target, *extra):
    result = subprocess.run([binary(), "migrate", "--from", source, "--to", target, *extra],
                            capture_output=True, timeout=300)
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def everything(node, token):
    """The shop as the API shows it, without ids."""
    out = []
    status, page, _ = node.api("GET", "/api/v1/conversations?limit=200", token)
    assert status == 200, page
    for c in sorted(page["items"], key=lambda c: c["subject"]):
        status, detail, _ = node.api("GET", "/api/v1/conversations/%d" % c["id"], token)
        assert status == 200, detail
        for m in detail["messages"]:
            raw = None
            if m["direction"] == "inbound":  # notes and replies have no raw source
                status, raw, _ = node.api("GET", "/api/v1/messages/%d/raw" % m["id"], token)
                assert status == 200, raw
            files = []
            for a in m["attachments"]:
                status, data, _ = node.api("GET", "/api/v1/attachments/%d" % a["id"], token)
                files.append((a["filename"], data))
            out.append((c["subject"], c["status"], c["tags"], m["direction"], m["text"],
                        m["delivery"], raw, files))
    return out


def test_a_shop_moves_with_everything_and_a_rerun_is_safe(tmp):
    source = Shopdesk(tmp)
    source.db = "sqlite:" + tmp.join("source.db")
    token = source.setup_shop()
    for i in range(5):
        source.run("ingest", "--shop", "sakura", "--channel", "support",
                   stdin=mail("質問 %d" % i, "本文 %d" % i, "q%d@example.jp" % i, sender="c%d@example.jp" % i))
    source.run("ingest", "--shop", "sakura", "--channel", "support", stdin=photo_mail("破損", "photo@example.jp"))
    source.serve("--no-workers")
    on_cleanup(source.kill)
    status, body, _ = source.api("PUT", "/api/v1/conversations/1/tags", token, {"tags": ["vip", "返品"]})
    assert status == 200, body
    status, body, _ = source.api("POST", "/api/v1/conversations/2/notes", token, {"body": "倉庫に確認中"})
    assert status == 201, body
    before = everything(source, token)
    assert any(files and files[0][1] == PHOTO for *_, files in before)
    source.kill()

    target = Shopdesk(tmp)  # this run's backend, already serving a shop of its own
    other_token = target.setup_shop(slug="other", channel="other-support")
    target.run("ingest", "--shop", "other", "--channel", "other-support",
               stdin=mail("他店の問い合わせ", "別の店です", "other@example.jp"))

    code, out, err = migrate(source.db, target.db)
    assert code == 0, err
    assert "first copy" in out and "verified" in out, out
    assert "messages" in err, "progress goes to stderr: " + err

    target.serve("--no-workers")
    on_cleanup(target.kill)
    assert everything(target, token) == before, "the copy differs from the source"
    status, page, _ = target.api("GET", "/api/v1/conversations", other_token)
    assert [c["subject"] for c in page["items"]] == ["他店の問い合わせ"], page

    code, out, err = migrate(source.db, target.db)
    assert code == 0, err
    assert "copied again" in out, out
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[0] in ("conversations", "messages", "blobs", "attachments"):
            assert parts[2] == "0" and parts[3] == "0", line  # nothing new, nothing rewritten
    assert everything(target, token) == before


def test_clear_errors_for_bad_arguments_and_taken_slugs(tmp):
    source = Shopdesk(tmp)
    source.db = "sqlite:" + tmp.join("source.db")
    source.setup_shop()
    target = Shopdesk(tmp)
    target.setup_shop()  # its own "sakura", not a copy
    code, out, err = migrate(source.db, target.db)
    assert code == 1 and "sakura" in err and "not copied from this source" in err, err
    code, out, err = migrate(source.db, target.db, "--shop", "nosuch")
    assert code == 1 and "nosuch" in err, err
    result = subprocess.run([binary(), "migrate", "--from", source.db], capture_output=True)
    assert result.returncode != 0 and b"--to" in result.stderr, result.stderr


if __name__ == "__main__":
    run_tests(globals())
