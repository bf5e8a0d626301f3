"""IMAP polling against a real Dovecot: mail is stored, then marked seen, never lost."""
import time

from harness import Dovecot, Shopdesk, mail, on_cleanup, run_tests, wait_for

ISO2022JP_MAIL = (b"From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>\r\n"
                  b"To: support@sakura.example\r\n"
                  b"Subject: =?ISO-2022-JP?B?GyRCLSEbKEI=?= 250-1234567-7654321\r\n"
                  b"Message-ID: <iso@example.jp>\r\nMIME-Version: 1.0\r\n"
                  b"Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n"
                  b"\x1b$B-!-j\x1b(B\r\n")


def test_poll_stores_then_marks_seen(tmp):
    dovecot = Dovecot(tmp)
    on_cleanup(dovecot.stop)
    sd = Shopdesk(tmp)
    token = sd.setup_shop(imap_url=dovecot.url)
    dovecot.append(ISO2022JP_MAIL)
    dovecot.append(mail("添付あり", "写真を添付します", "att@example.jp"))
    dovecot.append(mail("同じID", "重複", "iso@example.jp"))  # same Message-ID as the first
    assert len(dovecot.uids("UNSEEN")) == 3
    out = sd.run("poll").stdout.decode()
    assert "2 stored, 1 duplicates, 0 errors" in out, out
    assert dovecot.uids("UNSEEN") == []
    assert "0 stored, 0 duplicates" in sd.run("poll").stdout.decode()
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    _, page, _ = sd.api("GET", "/api/v1/conversations", token)
    subjects = {c["subject"] for c in page["items"]}
    assert "① 250-1234567-7654321" in subjects, subjects  # NEC row 13 via CP932
    iso = [c for c in page["items"] if c["order_id"] == "250-1234567-7654321"]
    assert iso, page
    _, detail, _ = sd.api("GET", "/api/v1/conversations/%d" % iso[0]["id"], token)
    assert detail["messages"][0]["text"].strip() == "①㈱"
    assert detail["customer"]["name"] == "山田"


def test_serve_polls_continuously(tmp):
    dovecot = Dovecot(tmp)
    on_cleanup(dovecot.stop)
    sd = Shopdesk(tmp)
    token = sd.setup_shop(imap_url=dovecot.url)
    sd.serve("--poll-seconds", "0.3")
    on_cleanup(sd.kill)
    dovecot.append(mail("新着", "届きましたか", "live@example.jp"))

    def arrived():
        _, page, _ = sd.api("GET", "/api/v1/conversations", token)
        return page["items"]
    items = wait_for(arrived, what="the polled message in the API")
    assert items[0]["subject"] == "新着"
    wait_for(lambda: dovecot.uids("UNSEEN") == [], what="the mail to be marked seen")


def test_unreachable_or_refusing_mailbox_is_reported_on_the_channel(tmp):
    dovecot = Dovecot(tmp)
    on_cleanup(dovecot.stop)
    sd = Shopdesk(tmp)
    sd.setup_shop()
    sd.run("channel", "add", "--shop", "sakura", "--name", "wrongpass", "--address", "w@sakura.example",
           "--imap-url", dovecot.url, "--imap-user", "shop", "--imap-password", "nope")
    sd.run("channel", "add", "--shop", "sakura", "--name", "down", "--address", "d@sakura.example",
           "--imap-url", "imap://127.0.0.1:1/INBOX")
    dovecot.append(mail("待機", "まだ取り込まれない", "wait@example.jp"))
    result = sd.run("poll", check=False)
    assert result.returncode == 1 and "2 errors" in result.stdout.decode(), result.stdout
    channels = sd.run("channel", "list", "--shop", "sakura").stdout.decode()
    assert "password" in channels and "127.0.0.1:1" in channels, channels
    assert len(dovecot.uids("UNSEEN")) == 1  # nothing taken from the mailbox


if __name__ == "__main__":
    run_tests(globals())
