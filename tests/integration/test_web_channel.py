"""The `web` channel, end to end: the shop's own site (a real HTTP server here) pushes its
customers' messages, signed, to /hooks/{shop}/channels/{id}; agents answer in the desk;
replies leave as signed POSTs to the site. The channel is one folder under
src/channels/ and one registry entry: everything else here is the product's own seams."""
import hashlib
import hmac
import http.server
import json
import re
import threading

from harness import Shopdesk, free_port, on_cleanup, run_tests, wait_for

KEY = "sakura-site-push-key-0123456789"


class Site:
    """The shop's site: takes replies on /replies, checks their signature, answers as told."""

    def __init__(self):
        self.received = []
        self.bad_signatures = 0
        self.answer = 200
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                signed = hmac.new(KEY.encode(), body, hashlib.sha256).hexdigest()
                if not hmac.compare_digest(signed, self.headers.get("X-Shopdesk-Signature", "")):
                    site.bad_signatures += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                status = site.answer
                if status == 200:
                    site.received.append(json.loads(body))
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                self.wfile.write("受け付けました" .encode() if status == 200 else b"order is closed")

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self):
        return "http://127.0.0.1:%d/replies" % self.port

    def stop(self):
        self.server.shutdown()


def signed(body, key=KEY):
    raw = json.dumps(body, ensure_ascii=False).encode() if not isinstance(body, bytes) else body
    return raw, {"X-Shopdesk-Signature": hmac.new(key.encode(), raw, hashlib.sha256).hexdigest(),
                 "Content-Type": "application/json"}


PUSH = {"id": "contact-1042", "from": {"name": "山田 太郎", "email": "Taro@Example.jp"},
        "subject": "サイズ交換について", "text": "Mサイズに交換できますか？",
        "sent_at": "2026-12-04T10:15:00+09:00"}


def test_a_site_pushes_and_takes_replies(tmp):
    site = Site()
    on_cleanup(site.stop)
    sd = Shopdesk(tmp)
    owner = sd.setup_shop()
    sd.run("shop", "add", "kaede", "--name", "かえで商店")

    # Mail settings are no web channel's; a short key is refused; nothing is added.
    refused = sd.run("channel", "add", "--shop", "sakura", "--kind", "web", "--name", "site",
                     "--address", "support@sakura.example", "--imap-url", "imap://x", check=False)
    assert refused.returncode != 0 and b"a web channel has no setting 'imap_url'" in refused.stderr, refused
    refused = sd.run("channel", "add", "--shop", "sakura", "--kind", "web", "--name", "site",
                     "--address", "support@sakura.example", "--reply-url", site.url(),
                     "--push-key", "short", check=False)
    assert refused.returncode != 0 and b"at least 16 bytes" in refused.stderr, refused
    unknown = sd.run("channel", "add", "--shop", "sakura", "--kind", "fax", "--name", "fax",
                     "--address", "support@sakura.example", check=False)
    assert unknown.returncode != 0 and b"kinds: amazon, ebay, email, etsy, web" in unknown.stderr, unknown

    added = sd.run("channel", "add", "--shop", "sakura", "--kind", "web", "--name", "site",
                   "--address", "Support@Sakura.example", "--display-name", "さくら雑貨店",
                   "--reply-url", site.url(), "--push-key", KEY).stdout.decode()
    channel = int(re.search(r"\(id (\d+)\)", added).group(1))
    assert "added web channel site" in added, added

    sd.serve("--send-seconds", "0.2")
    on_cleanup(sd.kill)

    # Admins see how it is set up, never the key.
    status, channels, _ = sd.api("GET", "/api/v1/channels", owner)
    web = [c for c in channels["items"] if c["id"] == channel][0]
    assert web["kind"] == "web" and web["address"] == "support@sakura.example", web
    assert web["reply_url"] == site.url() and web["reply_configured"] is True and web["push_key_set"] is True, web
    assert KEY not in json.dumps(channels) and "imap_url" not in web, web

    # Unsigned, wrongly signed, or signed for another shop's path: refused, nothing stored.
    hook = "/hooks/sakura/channels/%d" % channel
    raw, headers = signed(PUSH)
    status, answer, _ = sd.api("POST", hook, raw=raw, headers={"Content-Type": "application/json"})
    assert status == 401 and answer["error"]["reason"] == "webhook.bad_signature", answer
    status, answer, _ = sd.api("POST", hook, raw=raw, headers=signed(PUSH, "another-key-of-16-bytes")[1])
    assert status == 401, answer
    status, answer, _ = sd.api("POST", "/hooks/kaede/channels/%d" % channel, raw=raw, headers=headers)
    assert status == 404, answer
    status, answer, _ = sd.api("POST", "/hooks/nosuchshop/channels/%d" % channel, raw=raw, headers=headers)
    assert status == 404, answer
    status, page, _ = sd.api("GET", "/api/v1/conversations", owner)
    assert page["items"] == [], page

    # Signed: stored as the customer's message; the same id again is stored once.
    status, stored, _ = sd.api("POST", hook, raw=raw, headers=headers)
    assert status == 201 and stored["new_conversation"] and stored["decode_note"] == "", stored
    status, again, _ = sd.api("POST", hook, raw=raw, headers=headers)
    assert status == 200 and again["duplicate"] and again["message_id"] == stored["message_id"], again
    status, detail, _ = sd.api("GET", "/api/v1/conversations/%d" % stored["conversation_id"], owner)
    assert detail["conversation"]["subject"] == "サイズ交換について", detail
    assert detail["customer"]["email"] == "taro@example.jp" and detail["customer"]["name"] == "山田 太郎", detail
    assert detail["messages"][0]["text"] == "Mサイズに交換できますか？", detail

    # The site's own customer id keeps one customer when their address changes.
    for n, address in enumerate(["hanako@example.jp", "hanako@new.example"]):
        raw_id, headers_id = signed({"id": "contact-2%d" % n, "text": "在庫はありますか？",
                                     "from": {"name": "佐藤 花子", "email": address, "id": "user-78"}})
        status, pushed, _ = sd.api("POST", hook, raw=raw_id, headers=headers_id)
        assert status == 201, pushed
        _, d, _ = sd.api("GET", "/api/v1/conversations/%d" % pushed["conversation_id"], owner)
        if n == 0:
            hanako = d["customer"]["id"]
        assert d["customer"]["id"] == hanako and d["customer"]["email"] == "hanako@example.jp", d
    status, export, _ = sd.api("GET", "/api/v1/customers/%d/export" % hanako, owner)
    assert status == 200, export
    assert export["customer"]["identities"] == [{"kind": "email", "value": "hanako@example.jp"},
                                                {"kind": "web", "value": "user-78"}], export["customer"]

    # A push that cannot be read whole is kept, with a note saying why.
    raw_bad, headers_bad = signed(b'{"id": "contact-1043", "text": 42}')
    status, kept, _ = sd.api("POST", hook, raw=raw_bad, headers=headers_bad)
    assert status == 201 and "'text' is not a string" in kept["decode_note"], kept
    status, source, _ = sd.api("GET", "/api/v1/messages/%d/raw" % kept["message_id"], owner)
    assert status == 200 and source == json.loads(raw_bad), source

    # The agent's reply reaches the site, signed, in reply to the site's own id.
    status, reply, _ = sd.api("POST", "/api/v1/conversations/%d/replies" % stored["conversation_id"], owner,
                              {"body": "山田様、交換を承りました。"})
    assert status == 201 and reply["delivery"] == "queued", reply
    wait_for(lambda: site.received, what="the reply at the site")
    got = site.received[0]
    assert got["to"]["email"] == "taro@example.jp" and got["in_reply_to"] == "contact-1042", got
    assert got["text"] == "山田様、交換を承りました。" and got["subject"] == "Re: サイズ交換について", got
    assert got["from"]["email"] == "support@sakura.example", got

    def delivery(message_id):
        _, d, _ = sd.api("GET", "/api/v1/conversations/%d" % stored["conversation_id"], owner)
        return [m for m in d["messages"] if m["id"] == message_id][0]
    wait_for(lambda: delivery(reply["id"])["delivery"] == "sent", what="the reply recorded as sent")

    # A site that refuses a reply: failed at once, with the site's answer, never resent.
    site.answer = 422
    status, refused_reply, _ = sd.api("POST", "/api/v1/conversations/%d/replies" % stored["conversation_id"],
                                      owner, {"body": "追加のご連絡です。"})
    failed = wait_for(lambda: delivery(refused_reply["id"])["delivery"] == "failed" and delivery(refused_reply["id"]),
                      what="the refused reply failed")
    assert failed["last_error_reason"] == "delivery.site_refused" and "422" in failed["last_error"], failed
    assert failed["attempts"] == 1 and len(site.received) == 1 and site.bad_signatures == 0, failed


def test_channel_settings_through_the_api(tmp):
    sd = Shopdesk(tmp)
    owner = sd.setup_shop()
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    status, web, _ = sd.api("POST", "/api/v1/channels", owner,
                            {"kind": "web", "name": "site", "address": "support@sakura.example"})
    assert status == 201 and web["reply_configured"] is False and web["push_key_set"] is False, web
    status, answer, _ = sd.api("PATCH", "/api/v1/channels/%d" % web["id"], owner, {"smtp_url": "smtp://x"})
    assert status == 400 and answer["error"]["reason"] == "channel.unknown_setting", answer
    status, answer, _ = sd.api("PATCH", "/api/v1/channels/%d" % web["id"], owner,
                               {"reply_url": "https://sakura.example/replies"})
    assert status == 400 and answer["error"]["reason"] == "channel.short_push_key", answer
    status, web, _ = sd.api("PATCH", "/api/v1/channels/%d" % web["id"], owner,
                            {"reply_url": "https://sakura.example/replies", "push_key": KEY})
    assert status == 200 and web["reply_configured"] and web["push_key_set"], web
    assert KEY not in json.dumps(web), web
    status, answer, _ = sd.api("POST", "/api/v1/channels", owner,
                               {"kind": "fax", "name": "fax", "address": "support@sakura.example"})
    assert status == 400 and answer["error"]["reason"] == "channel.unknown_kind", answer
    # The audit names what changed, never the key.
    status, audit, _ = sd.api("GET", "/api/v1/audit?action=channel.", owner)
    assert status == 200 and KEY not in json.dumps(audit), audit
    changed = [e for e in audit["items"] if e["action"] == "channel.changed"][0]
    assert changed["detail"]["changed"] == ["push_key", "reply_url"], changed


run_tests(globals())
