"""Two `shopdesk serve` nodes on one database (SQLite file or PostgreSQL): every reply
is delivered exactly once and every polled mail is stored exactly once."""
import time

from harness import Dovecot, Shopdesk, SmtpSink, mail, on_cleanup, run_tests, wait_for


def two_nodes(tmp, smtp_url="", imap_url=""):
    first = Shopdesk(tmp)
    token = first.setup_shop(smtp_url=smtp_url, imap_url=imap_url)
    for i in range(20):
        first.run("ingest", "--shop", "sakura", "--channel", "support",
                  stdin=mail("質問 %d" % i, "本文", "q%d@example.jp" % i, sender="c%d@example.jp" % i))
    second = Shopdesk(tmp)
    second.db = first.db
    for node in (first, second):
        node.serve("--send-seconds", "0.1", "--poll-seconds", "0.2")
        on_cleanup(node.kill)
    return first, second, token


def test_replies_through_both_nodes_are_sent_once(tmp):
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    first, second, token = two_nodes(tmp, smtp_url=sink.url)
    queued = []
    for i in range(40):
        node = (first, second)[i % 2]
        status, message, _ = node.api("POST", "/api/v1/conversations/%d/replies" % (i % 20 + 1), token,
                                      {"body": "返信 %d" % i})
        assert status == 201, message
        queued.append(message["message_id"])
    sent = sink.wait_for(40, timeout=60)
    time.sleep(1.0)  # a second delivery would arrive now
    ids = [str(m["Message-ID"]).strip("<>") for _, m, _ in sink.messages()]
    assert sorted(ids) == sorted(queued), (len(ids), len(queued))
    assert len(sent) == 40


def test_a_mailbox_polled_by_both_nodes_is_stored_once(tmp):
    dovecot = Dovecot(tmp)
    on_cleanup(dovecot.stop)
    first, second, token = two_nodes(tmp, imap_url=dovecot.url)
    for i in range(15):
        dovecot.append(mail("新着 %d" % i, "本文", "new%d@example.jp" % i, sender="n%d@example.jp" % i))
        time.sleep(0.05)
    wait_for(lambda: dovecot.uids("UNSEEN") == [], timeout=30, what="every mail to be taken")
    time.sleep(0.5)

    def count():
        total, cursor = 0, None
        while True:
            path = "/api/v1/conversations?limit=200" + ("&cursor=" + cursor if cursor else "")
            _, page, _ = first.api("GET", path, token)
            total += sum(c["message_count"] for c in page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                return total
    assert count() == 20 + 15


if __name__ == "__main__":
    run_tests(globals())
