"""`shopdesk serve`: the REST API, and replies delivered to a real SMTP peer."""
import base64
import os
import time

from harness import Shopdesk, SmtpSink, mail, on_cleanup, run_tests, wait_for


def ingest(sd, raw):
    sd.run("ingest", "--shop", "sakura", "--channel", "support", stdin=raw)


def test_reply_is_delivered_over_smtp_with_thread_headers(tmp):
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    sd = Shopdesk(tmp)
    token = sd.setup_shop(smtp_url=sink.url)
    ingest(sd, mail("商品が破損していました", "割れていました", "in1@example.jp"))
    sd.serve("--send-seconds", "0.2", "--poll-seconds", "3600")
    on_cleanup(sd.kill)
    status, reply, _ = sd.api("POST", "/api/v1/conversations/1/replies", token,
                              {"body": "山田様\n大変申し訳ございません。すぐに交換品をお送りします。"})
    assert status == 201 and reply["delivery"] == "queued", reply
    (envelope, msg, raw), = sink.wait_for(1)
    assert envelope["rcpt_tos"] == ["taro@example.jp"]
    assert str(msg["Subject"]) == "Re: 商品が破損していました"
    assert msg["In-Reply-To"] == "<in1@example.jp>"
    assert "<in1@example.jp>" in msg["References"]
    assert msg["Message-ID"] == "<%s>" % reply["message_id"]
    assert msg["From"].addresses[0].addr_spec == "support@sakura.example"
    assert "交換品" in msg.get_content()
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))

    def sent():
        _, detail, _ = sd.api("GET", "/api/v1/conversations/1", token)
        return detail["messages"][-1]["delivery"] == "sent" and detail
    detail = wait_for(sent, what="delivery state 'sent'")
    assert detail["conversation"]["due_at"] is None  # answered
    time.sleep(1)
    assert len(sink.messages()) == 1  # exactly once


def test_copies_reach_their_recipients_and_blind_copies_stay_out_of_the_mail(tmp):
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    sd = Shopdesk(tmp)
    token = sd.setup_shop(smtp_url=sink.url)
    ingest(sd, mail("返品の手続き", "返品したいです。", "cc1@example.jp"))
    sd.serve("--send-seconds", "0.2", "--poll-seconds", "3600")
    on_cleanup(sd.kill)
    for bad, reason in [({"cc": ["not an address"]}, "reply.copy_address"),
                        ({"bcc": ["a@x.jp>, b@x.jp"]}, "reply.copy_address"),
                        ({"cc": ["c%d@x.jp" % i for i in range(21)]}, "reply.too_many_copies")]:
        status, answer, _ = sd.api("POST", "/api/v1/conversations/1/replies", token,
                                   dict(body="山田様\n承知しました。", **bad))
        assert status == 400 and answer["error"]["reason"] == reason, (bad, answer)
    status, reply, _ = sd.api("POST", "/api/v1/conversations/1/replies", token,
                              {"body": "山田様\n返品を承りました。", "cc": ["warehouse@sakura.example"],
                               "bcc": ["manager@sakura.example"]})
    assert status == 201 and reply["cc"] == ["warehouse@sakura.example"], reply
    assert reply["bcc"] == ["manager@sakura.example"], reply
    (envelope, msg, raw), = sink.wait_for(1)
    assert sorted(envelope["rcpt_tos"]) == ["manager@sakura.example", "taro@example.jp",
                                            "warehouse@sakura.example"], envelope
    assert msg["Cc"].addresses[0].addr_spec == "warehouse@sakura.example"
    assert b"manager@" not in raw and b"Bcc" not in raw, raw[:400]
    _, detail, _ = sd.api("GET", "/api/v1/conversations/1", token)
    assert detail["messages"][-1]["cc"] == ["warehouse@sakura.example"], detail["messages"][-1]


def test_attached_files_reach_the_customer_as_sent_and_the_limits_are_named(tmp):
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    sd = Shopdesk(tmp)
    token = sd.setup_shop(smtp_url=sink.url)
    ingest(sd, mail("破損の件", "割れていました。", "att1@example.jp"))
    sd.serve("--send-seconds", "0.2", "--poll-seconds", "3600")
    on_cleanup(sd.kill)
    _, shops, _ = sd.api("GET", "/api/v1/shops", token)
    limits = shops["items"][0]["reply_limits"]
    assert limits == {"attachments": 10, "attachment_bytes": 10 * 1024 * 1024}, limits
    photo = bytes(range(256)) * 40 + b"\x89PNG"
    label = "集荷伝票（ヤマト運輸・着払い）2026年12月3日発行分の控え.pdf"
    files = [{"filename": "破損箇所.png", "content_type": "image/png",
              "data": base64.b64encode(photo).decode()},
             {"filename": label, "content_type": "application/pdf",
              "data": base64.b64encode(b"%PDF-1.4\n\xe2\xe3").decode()}]

    def refused(files, want_status, want_reason):
        status, answer, _ = sd.api("POST", "/api/v1/conversations/1/replies", token,
                                   {"body": "山田様\n写真をお送りします。", "attachments": files})
        assert status == want_status and answer["error"]["reason"] == want_reason, answer
    big = base64.b64encode(b"x" * (limits["attachment_bytes"] + 1)).decode()
    refused([{"filename": "big.bin", "data": big}], 413, "reply.attachments_too_large")
    refused([{"filename": "a.txt", "data": "YQ"}], 400, "reply.attachment_unreadable")
    refused([{"filename": "a.txt", "data": "YQ=="}] * 11, 400, "reply.too_many_attachments")
    assert sink.messages() == []

    status, reply, _ = sd.api("POST", "/api/v1/conversations/1/replies", token,
                              {"body": "山田様\n写真と伝票をお送りします。", "attachments": files})
    assert status == 201, reply
    assert [a["filename"] for a in reply["attachments"]] == ["破損箇所.png", label], reply
    (envelope, msg, raw), = sink.wait_for(1)
    # Python's own mail parser reads what shopdesk composed.
    assert msg.get_content_type() == "multipart/mixed"
    assert "写真と伝票" in msg.get_body(("plain",)).get_content()
    got = [(part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
           for part in msg.iter_attachments()]
    assert got == [("破損箇所.png", "image/png", photo),
                   (label, "application/pdf", b"%PDF-1.4\n\xe2\xe3")], got
    assert all(len(line) <= 78 for line in raw.split(b"\r\n")[:200])
    # The agent downloads the same bytes from the thread.
    _, detail, _ = sd.api("GET", "/api/v1/conversations/1", token)
    sent = detail["messages"][-1]["attachments"][0]
    status, content, _ = sd.api("GET", "/api/v1/attachments/%d" % sent["id"], token)
    assert status == 200 and content == photo


def test_permanent_rejection_fails_visibly_and_can_be_retried(tmp):
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    sd = Shopdesk(tmp)
    token = sd.setup_shop(smtp_url=sink.url)
    ingest(sd, mail("質問", "本文", "in2@example.jp", sender="fail5xx@example.jp"))
    sd.serve("--send-seconds", "0.2")
    on_cleanup(sd.kill)
    status, reply, _ = sd.api("POST", "/api/v1/conversations/1/replies", token, {"body": "お問い合わせありがとうございます。"})
    assert status == 201

    def failed():
        _, detail, _ = sd.api("GET", "/api/v1/conversations/1", token)
        m = detail["messages"][-1]
        return m["delivery"] == "failed" and m
    message = wait_for(failed, what="delivery state 'failed'")
    assert "550" in message["last_error"], message
    assert message["attempts"] == 1
    status, retried, _ = sd.api("POST", "/api/v1/messages/%d/retry" % message["id"], token)
    assert status == 200 and retried["delivery"] == "queued"
    # Only a failed message can be retried. (Not the one just retried: the sender may
    # already have tried it again and failed, which makes a second retry legitimate.)
    status, body, _ = sd.api("POST", "/api/v1/messages/1/retry", token)  # the inbound mail
    assert status == 409 and "only a failed message" in body["error"]["message"], body


def test_reply_queued_before_a_crash_is_sent_once_after_restart(tmp):
    sd = Shopdesk(tmp)
    sink_port = __import__("harness").free_port()
    token = sd.setup_shop(smtp_url="smtp://127.0.0.1:%d" % sink_port)
    ingest(sd, mail("返品について", "返品したいです", "in3@example.jp"))
    sd.serve("--no-workers")
    status, reply, _ = sd.api("POST", "/api/v1/conversations/1/replies", token, {"body": "承知しました。"})
    assert status == 201
    sd.kill(hard=True)  # SIGKILL: the queued reply exists only in the database
    sink = SmtpSink(tmp, port=sink_port)
    on_cleanup(sink.stop)
    sd.serve("--send-seconds", "0.2")
    on_cleanup(sd.kill)
    (envelope, msg, _), = sink.wait_for(1)
    assert msg["Message-ID"] == "<%s>" % reply["message_id"]
    sd.kill(hard=False)
    sd.serve("--send-seconds", "0.2")  # a second restart sends nothing again
    time.sleep(1.5)
    assert len(sink.messages()) == 1


def test_reply_is_recorded_as_sent_when_the_peer_accepts_it_not_after_its_goodbye(tmp):
    """The peer takes responsibility for a message with its reply to DATA; QUIT after it
    is a courtesy. A node killed while a slow peer holds back its reply to QUIT has
    already recorded the reply as sent, so it is not sent again after the restart
    (it was, when the node recorded only after the goodbye)."""
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    sink.delay_quit(30)
    sd = Shopdesk(tmp)
    token = sd.setup_shop(smtp_url=sink.url)
    ingest(sd, mail("配送について", "まだ届きません", "in4@example.jp"))
    args = ("--send-seconds", "0.1", "--poll-seconds", "3600", "--send-lease-seconds", "1")
    sd.serve(*args)
    on_cleanup(sd.kill)
    status, reply, _ = sd.api("POST", "/api/v1/conversations/1/replies", token, {"body": "確認いたします。"})
    assert status == 201, reply

    def delivery():
        _, conversation, _ = sd.api("GET", "/api/v1/conversations/1", token)
        return [m["delivery"] for m in conversation["messages"] if m["id"] == reply["id"]][0]
    sink.wait_for(1)
    wait_for(lambda: delivery() == "sent", timeout=10, what="the reply recorded as sent before QUIT's reply")
    sd.kill(hard=True)  # SIGKILL while the peer still holds back its reply to QUIT
    sink.delay_quit(0)
    sd.serve(*args)
    time.sleep(2.5)  # past the 1 s lease: a job left behind would have been sent again
    assert len(sink.messages()) == 1 and delivery() == "sent"


def test_api_errors_are_json_with_the_right_status(tmp):
    sd = Shopdesk(tmp)
    token = sd.setup_shop()
    other = sd.setup_shop(slug="other")
    ingest(sd, mail("件名", "本文", "in4@example.jp"))
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    status, body, headers = sd.api("GET", "/api/v1/conversations")
    assert status == 401 and body["error"]["code"] == "unauthenticated"
    status, body, _ = sd.api("GET", "/api/v1/conversations", "sd_wrong")
    assert status == 401
    status, body, _ = sd.api("GET", "/api/v1/conversations/1", other)
    assert status == 404 and body["error"]["code"] == "not_found", body
    status, body, _ = sd.api("GET", "/api/v1/conversations", other)
    assert status == 200 and body["items"] == []
    status, body, _ = sd.api("POST", "/api/v1/conversations/1/notes", token, raw=b"{not json")
    assert status == 400 and "JSON" in body["error"]["message"]
    status, body, _ = sd.api("POST", "/api/v1/conversations/1/notes", token, {"body": 5})
    assert status == 400 and "'body'" in body["error"]["message"]
    status, body, _ = sd.api("POST", "/api/v1/conversations/1/notes", token, {"body": "x", "extra": 1})
    assert status == 400 and "extra" in body["error"]["message"]
    status, body, _ = sd.api("POST", "/api/v1/conversations/1/notes", token, raw=b'{"body":"\xff\xfe"}')
    assert status == 400
    status, body, _ = sd.api("POST", "/api/v1/conversations/1/notes", token, raw=b"{" + b" " * (2 * 1024 * 1024) + b"}")
    assert status == 413 and body["error"]["code"] == "too_large"
    status, body, headers = sd.api("DELETE", "/api/v1/conversations/1", token)
    assert status == 405 and "GET" in headers.get("Allow", "")
    status, body, _ = sd.api("GET", "/api/v1/conversations/abc", token)
    assert status == 400
    status, body, _ = sd.api("GET", "/api/v1/conversations?status=weird", token)
    assert status == 400
    status, body, _ = sd.api("POST", "/api/v1/conversations/1/status", token, {"status": "resolved"})
    assert status == 200 and body["status"] == "resolved"
    status, body, _ = sd.api("POST", "/api/v1/conversations/1/status", token, {"status": "pending"})
    assert status == 409 and body["error"]["code"] == "conflict"
    viewer = sd.run("user", "add", "--shop", "sakura", "--email", "v@sakura.example", "--role", "viewer").stdout.decode().strip()
    status, body, _ = sd.api("POST", "/api/v1/conversations/1/notes", viewer, {"body": "x"})
    assert status == 403
    status, body, _ = sd.api("GET", "/api/v1/conversations/1", viewer)
    assert status == 200


def test_list_filters_paginates_and_serves_attachments_safely(tmp):
    sd = Shopdesk(tmp)
    token = sd.setup_shop()
    for i in range(7):
        ingest(sd, mail("問い合わせ %d" % i, "本文", "p%d@example.jp" % i, sender="c%d@example.jp" % i))
    attachment = (b"From: a@example.jp\r\nSubject: =?UTF-8?B?5re75LuY?=\r\nMessage-ID: <att@example.jp>\r\n"
                  b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                  b"Content-Type: text/plain; charset=utf-8\r\n\r\n\xe6\xb7\xbb\xe4\xbb\x98\r\n--b\r\n"
                  b"Content-Type: text/html; name=x.html\r\nContent-Disposition: attachment; "
                  b"filename*=UTF-8''%E8%A6%8B%E7%A9%8D%E6%9B%B8.html\r\n\r\n<script>alert(1)</script>\r\n--b--\r\n")
    ingest(sd, attachment)
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    seen, cursor = [], None
    while True:
        path = "/api/v1/conversations?status=open&limit=3" + ("&cursor=" + cursor if cursor else "")
        status, page, _ = sd.api("GET", path, token)
        assert status == 200, page
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == list(range(1, 9)) and len(seen) == len(set(seen))
    status, page, _ = sd.api("GET", "/api/v1/conversations?sort=due&limit=50", token)
    dues = [c["due_at"] for c in page["items"]]
    assert dues == sorted(dues)
    status, detail, _ = sd.api("GET", "/api/v1/conversations/8", token)
    att = detail["messages"][0]["attachments"][0]
    assert att["filename"] == "見積書.html"
    status, content, headers = sd.api("GET", "/api/v1/attachments/%d" % att["id"], token)
    assert status == 200
    assert headers["Content-Type"] == "application/octet-stream"  # never rendered as HTML
    assert headers["Content-Disposition"].startswith("attachment;")
    assert "%E8%A6%8B" in headers["Content-Disposition"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, raw, headers = sd.api("GET", "/api/v1/messages/%d/raw" % detail["messages"][0]["id"], token)
    assert status == 200 and raw == attachment
    status, metrics, _ = sd.api("GET", "/metrics")
    assert b"http_requests_total" in metrics


if __name__ == "__main__":
    run_tests(globals())
