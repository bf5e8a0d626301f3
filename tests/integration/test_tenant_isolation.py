"""Tenant isolation, route by route: every route `shopdesk serve` answers (listed by
`shopdesk routes`, the router's own table) is called as an owner of another shop, with
ids that exist in the first shop, by API token and by the session cookie of a person
who works in both shops but chose the other one (X-Shop-Id). Every route with an id
answers 404 or 403, exactly as it answers for an id that exists nowhere (no difference
tells that the id exists); every other route answers without a trace of the first
shop's data. Afterwards the first shop's data is as it was.

A route added to the router without a line in CALLS below fails this test on purpose:
say how to call it, and what it must not reveal."""
import base64
import json
import re
import subprocess

from harness import Shopdesk, binary, mail, on_cleanup, run_tests
from websocket_client import WebSocket

PASSWORD = "桜の季節のパスワード"
MISSING_ID = 987654321

# Strings only shop A's data contains (both shops are named さくら雑貨店 by the harness;
# the slug tells them apart). A person who works in both shops may see A's slug in
# their own session (GET /api/v1/session lists their shops), nothing else of A.
SECRETS = ["taro@example.jp", "山田", "返品の件", "領収書", "千代田区", "返品担当", "A-owner",
           "250-7777777-7777777", "返品のご案内", "返品の共有ビュー"]
SHOP_A_IDENTITY = ["sakura", "owner@sakura.example"]

RAW_MAIL = (b"From: buyer@other.example\r\nTo: support@other.example\r\nSubject: isolation\r\n"
            b"Message-ID: <iso-%d@other.example>\r\n\r\nbody\r\n")

# How to call each route: the kind of shop-A id in its path (None: no id) and a valid
# body, so the request gets past validation to the lookup.
CALLS = {
    ("GET", "/healthz"): (None, None),
    ("GET", "/metrics"): (None, None),
    ("GET", "/api/v1/events"): (None, None),
    ("POST", "/api/v1/session"): (None, {"email": "nobody@other.example", "password": "x" * 12}),
    ("GET", "/api/v1/session"): (None, None),
    ("DELETE", "/api/v1/session"): ("skip", None),  # would end the cookie test's own session
    ("POST", "/api/v1/session/password"): (None, {"current_password": "wrong" * 3,
                                                  "new_password": "y" * 12}),
    ("GET", "/api/v1/conversations"): (None, None),
    ("GET", "/api/v1/conversations/{id}"): ("conversation", None),
    ("POST", "/api/v1/conversations/{id}/replies"): ("conversation", {"body": "横取り"}),
    ("POST", "/api/v1/conversations/{id}/notes"): ("conversation", {"body": "横取り"}),
    ("POST", "/api/v1/conversations/{id}/status"): ("conversation", {"status": "resolved"}),
    ("POST", "/api/v1/conversations/{id}/read"): ("conversation", None),
    ("GET", "/api/v1/views"): (None, None),
    ("POST", "/api/v1/views"): (None, {"name": "ビュー%d", "query": "view=mine"}),
    ("DELETE", "/api/v1/views/{id}"): ("view", None),
    ("DELETE", "/api/v1/conversations/{id}/read"): ("conversation", None),
    ("POST", "/api/v1/conversations/{id}/assign"): ("conversation", {"agent_id": None}),
    ("PUT", "/api/v1/conversations/{id}/tags"): ("conversation", {"tags": ["hijacked"]}),
    ("PUT", "/api/v1/conversations/{id}/intent"): ("conversation", {"intent": "hijacked"}),
    ("POST", "/api/v1/conversations/{id}/flags"): ("conversation", {"spam": True}),
    ("GET", "/api/v1/shops"): (None, None),
    ("GET", "/api/v1/channels"): (None, None),
    ("POST", "/api/v1/channels"): (None, {"name": "iso-%d", "address": "iso@other.example"}),
    ("PATCH", "/api/v1/channels/{id}"): ("channel", {"display_name": "hijacked"}),
    # Unsigned and under shop B's slug ({shop}): shop A's channel is no more found than none.
    ("POST", "/hooks/{shop}/channels/{id}"): ("channel", {"id": "iso-%d", "text": "横取り"}),
    # Shop B's own settings tried against a closed port; shop A's channel_id is tried below.
    ("POST", "/api/v1/channels/test"): (None, {"smtp_url": "smtp://127.0.0.1:9"}),
    ("POST", "/api/v1/channels/{id}/messages"): ("channel", "raw"),
    ("GET", "/api/v1/agents"): (None, None),
    ("POST", "/api/v1/agents"): (None, {"email": "iso-%d@other.example", "role": "viewer"}),
    ("PATCH", "/api/v1/agents/{id}"): ("agent", {"name": "hijacked"}),
    ("POST", "/api/v1/agents/{id}/password"): ("agent", {"password": "hijacked-password-1"}),
    ("POST", "/api/v1/agents/{id}/invitation"): ("agent", {"desk_url": "http://127.0.0.1"}),
    # Public; a made-up token finds no shop's invitation.
    ("GET", "/api/v1/invitations/{token}"): (None, None),
    # Public pages, asked for shop B's slug: they show B's addresses, never A's.
    ("GET", "/s/{shop}/"): (None, None),
    ("GET", "/s/{shop}"): (None, None),
    ("POST", "/api/v1/invitations/{token}"): (None, {"password": "hijacked-password-%d"}),
    ("POST", "/api/v1/agents/{id}/tokens"): ("agent", None),
    ("GET", "/api/v1/customers"): (None, None),
    ("GET", "/api/v1/customers/{id}"): ("customer", None),
    ("PATCH", "/api/v1/customers/{id}"): ("customer", {"family_name": "hijacked"}),
    ("GET", "/api/v1/customers/{id}/export"): ("customer", None),
    ("POST", "/api/v1/customers/{id}/erase"): ("customer", {"confirm": True}),
    ("GET", "/api/v1/messages/{id}/raw"): ("message", None),
    ("POST", "/api/v1/messages/{id}/retry"): ("message", None),
    ("POST", "/api/v1/messages/{id}/mark-sent"): ("message", None),
    ("GET", "/api/v1/attachments/{id}"): ("attachment", None),
    ("GET", "/api/v1/settings"): (None, None),
    ("PATCH", "/api/v1/settings"): (None, {"time_zone": "Asia/Tokyo"}),
    ("GET", "/api/v1/teams"): (None, None),
    ("POST", "/api/v1/teams"): (None, {"name": "iso-%d"}),
    ("PUT", "/api/v1/teams/{id}/members"): ("team", {"agent_ids": []}),
    ("DELETE", "/api/v1/teams/{id}"): ("team", None),
    ("GET", "/api/v1/audit"): (None, None),
    ("POST", "/api/v1/conversations/{id}/replies/preview"): ("conversation", {"body": "{{customer.name}}"}),
    ("GET", "/api/v1/saved-replies"): (None, None),
    ("POST", "/api/v1/saved-replies"): (None, {"title": "iso-%d", "body": "x"}),
    ("GET", "/api/v1/saved-replies/{id}"): ("saved_reply", None),
    ("PATCH", "/api/v1/saved-replies/{id}"): ("saved_reply", {"title": "hijacked"}),
    ("DELETE", "/api/v1/saved-replies/{id}"): ("saved_reply", None),
    ("GET", "/api/v1/sla-policies"): (None, None),
    ("PUT", "/api/v1/channels/{id}/sla-policy"): ("channel", {"first_response_minutes": 60,
                                                              "next_response_minutes": 60,
                                                              "counting": "business"}),
    ("GET", "/api/v1/business-hours"): (None, None),
    ("PUT", "/api/v1/business-hours"): (None, {"weekly": {"mon": ["10:00-11:00"]}}),
    ("GET", "/api/v1/conversations/{id}/sla"): ("conversation", None),
    ("GET", "/api/v1/away"): (None, None),
    ("PUT", "/api/v1/away"): (None, {"enabled": False}),
    ("GET", "/api/v1/reports/{name}"): (None, None),  # every report, see REPORTS
}


def set_password(node, email):
    r = subprocess.run([binary(), "user", "password", *node.common_args(), "--email", email],
                       input=(PASSWORD + "\n").encode(), capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr


def attachment_mail():
    pdf = base64.encodebytes(b"%PDF-1.4 receipt").replace(b"\n", b"\r\n")
    return ("From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <taro@example.jp>\r\nTo: support@sakura.example\r\n"
            "Subject: =?UTF-8?B?6L+U5ZOB44Gu5Lu2?=\r\nMessage-ID: <a1@example.jp>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").encode() \
        + "東京都千代田区1-1 注文 250-7777777-7777777 の返品です。\r\n".encode() \
        + (b"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
           b"filename*=UTF-8''%E9%A0%98%E5%8F%8E%E6%9B%B8.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n") \
        + pdf + b"--b--\r\n"


def shop_a(sd):
    """Shop A with one of everything; returns (token, ids by kind, snapshot function)."""
    token = sd.setup_shop("sakura")
    sd.run("ingest", "--shop", "sakura", "--channel", "support", stdin=attachment_mail())
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    status, page, _ = sd.api("GET", "/api/v1/conversations", token)
    conversation = page["items"][0]
    status, detail, _ = sd.api("GET", "/api/v1/conversations/%d" % conversation["id"], token)
    message = detail["messages"][0]
    status, team, _ = sd.api("POST", "/api/v1/teams", token, {"name": "返品担当"})
    assert status == 201, team
    status, agents, _ = sd.api("GET", "/api/v1/agents", token)
    owner = agents["items"][0]
    status, _, _ = sd.api("PATCH", "/api/v1/agents/%d" % owner["id"], token, {"name": "A-owner"})
    assert status == 200
    status, _, _ = sd.api("PUT", "/api/v1/teams/%d/members" % team["id"], token, {"agent_ids": [owner["id"]]})
    assert status == 200
    status, saved, _ = sd.api("POST", "/api/v1/saved-replies", token,
                              {"title": "返品のご案内", "shortcut": "return", "body": "{{customer.salutation}}"})
    assert status == 201, saved
    status, view, _ = sd.api("POST", "/api/v1/views", token,
                             {"name": "返品の共有ビュー", "query": "tag=%E8%BF%94%E5%93%81", "shared": True})
    assert status == 201, view
    status, channels, _ = sd.api("GET", "/api/v1/channels", token)
    ids = {"saved_reply": saved["id"], "view": view["id"], "conversation": conversation["id"], "customer": detail["customer"]["id"],
           "message": message["id"], "attachment": message["attachments"][0]["id"],
           "channel": channels["items"][0]["id"], "agent": owner["id"], "team": team["id"]}

    def snapshot():
        state = {}
        for path in ["/api/v1/conversations/%d" % ids["conversation"], "/api/v1/customers/%d" % ids["customer"],
                     "/api/v1/channels", "/api/v1/agents", "/api/v1/teams", "/api/v1/settings",
                     "/api/v1/saved-replies", "/api/v1/views"]:
            status, body, _ = sd.api("GET", path, token)
            assert status == 200, (path, body)
            if isinstance(body, dict):
                body.pop("remaining_seconds", None)
                if "conversation" in body:
                    body["conversation"].pop("remaining_seconds", None)
            state[path] = body
        status, raw, _ = sd.api("GET", "/api/v1/messages/%d/raw" % ids["message"], token)
        state["raw"] = (status, len(raw))
        return state

    return token, ids, snapshot


class Caller:
    """Calls routes as one principal of shop B: a bearer token, or a session cookie
    with X-Shop-Id and X-CSRF-Token."""

    def __init__(self, sd, token=None, cookie=None, csrf=None, shop_id=None):
        self.sd, self.token = sd, token
        self.headers = {}
        if cookie:
            self.headers = {"Cookie": cookie, "X-CSRF-Token": csrf, "X-Shop-Id": str(shop_id)}

    def call(self, method, path, body):
        headers = dict(self.headers)
        if body == "raw":
            headers["Content-Type"] = "message/rfc822"
            return self.sd.api(method, path, self.token, raw=RAW_MAIL % id(path), headers=headers)
        return self.sd.api(method, path, self.token, body, headers=headers)


def text_of(body):
    if isinstance(body, (bytes, bytearray)):
        return body.decode("utf-8", errors="replace")
    return json.dumps(body, ensure_ascii=False)


REPORTS = ["volume", "first-response", "resolution", "backlog", "late-responses", "health"]


def check_every_route(sd, caller, ids, who):
    routes = subprocess.run([binary(), "routes"], capture_output=True, timeout=30, check=True)
    listed = [tuple(line.split(" ", 1)) for line in routes.stdout.decode().splitlines() if line]
    missing = [r for r in listed if r not in CALLS]
    assert not missing, "routes this test does not know how to call: %s" % missing
    counter = [0]
    checked = 0
    for method, pattern in listed:
        kind, body = CALLS[(method, pattern)]
        if kind == "skip":
            continue
        counter[0] += 1
        if isinstance(body, dict):
            body = json.loads(json.dumps(body).replace("%d", str(counter[0] + 1000 * len(who))))
        if kind is None:
            pattern = pattern.replace("{shop}", "other")
            paths = [pattern.replace("{name}", r) for r in REPORTS] if "{name}" in pattern else [pattern]
            for path in paths:
                status, answer, _ = caller.call(method, path, body)
                assert status < 500, (who, method, path, status, answer)
                text = text_of(answer)
                secrets = SECRETS if (method, pattern) == ("GET", "/api/v1/session") else SECRETS + SHOP_A_IDENTITY
                leaked = [s for s in secrets if s in text]
                assert not leaked, (who, method, path, "shows shop A's", leaked, text[:300])
                if path.endswith("/volume"):  # shop A's conversations are not counted for shop B
                    _, own, _ = caller.call("GET", "/api/v1/conversations?limit=200", None)
                    assert status == 200 and answer["total"] == len(own["items"]), (who, answer, own)
            checked += 1
            continue
        pattern = pattern.replace("{shop}", "other")  # the caller's own shop
        path = pattern.replace("{id}", str(ids[kind]))
        status, answer, _ = caller.call(method, path, body)
        assert status in (403, 404), (who, method, path, status, answer)
        text = text_of(answer)
        assert not [s for s in SECRETS + SHOP_A_IDENTITY if s in text], (who, method, path, text)
        # The same answer as for an id that exists in no shop.
        status_missing, answer_missing, _ = caller.call(method, pattern.replace("{id}", str(MISSING_ID)), body)
        same = re.sub(r"\b%d\b" % ids[kind], "ID", text) == re.sub(r"\b%d\b" % MISSING_ID, "ID",
                                                                      text_of(answer_missing))
        assert status == status_missing and same, (who, method, path, text, text_of(answer_missing))
        checked += 1
    return checked


def test_every_route_refuses_another_shops_ids(tmp):
    sd = Shopdesk(tmp)
    token_b = sd.setup_shop("other")
    token_a, ids, snapshot = shop_a(sd)
    # One person, owner of shop B and viewer of shop A, logged in with B chosen.
    sd.run("user", "add", "--shop", "other", "--email", "both@example.jp", "--role", "owner")
    sd.run("user", "add", "--shop", "sakura", "--email", "both@example.jp", "--role", "viewer")
    set_password(sd, "both@example.jp")
    before = snapshot()

    status, shops, _ = sd.api("GET", "/api/v1/shops", token_b)
    shop_b = shops["items"][0]["id"]
    status, session, headers = sd.api("POST", "/api/v1/session", body={"email": "both@example.jp",
                                                                      "password": PASSWORD})
    assert status == 200, session
    cookie = headers["Set-Cookie"].split(";")[0]

    n = check_every_route(sd, Caller(sd, token=token_b), ids, "token")
    m = check_every_route(sd, Caller(sd, cookie=cookie, csrf=session["csrf_token"], shop_id=shop_b), ids,
                          "cookie")
    assert n >= 35 and m >= 35, (n, m)
    # A connection test with shop A's channel (whose stored passwords it would use) is
    # answered as for a channel that exists nowhere.
    for caller in (Caller(sd, token=token_b), Caller(sd, cookie=cookie, csrf=session["csrf_token"], shop_id=shop_b)):
        answers = [caller.call("POST", "/api/v1/channels/test", {"channel_id": cid, "smtp_url": "smtp://127.0.0.1:9"})
                   for cid in (ids["channel"], MISSING_ID)]
        assert answers[0][0] == answers[1][0] == 404, answers
        assert text_of(answers[0][1]).replace(str(ids["channel"]), "ID") == \
            text_of(answers[1][1]).replace(str(MISSING_ID), "ID"), answers

    after = snapshot()
    assert after == before, "shop A changed:\n%s\n%s" % (before, after)
    # Shop A's audit log holds nothing done by shop B (only A's own setup).
    status, audit, _ = sd.api("GET", "/api/v1/audit", token_a)
    assert status == 200
    actors = {e["actor"] for e in audit["items"] if not e["actor"].startswith("cli:")}
    assert actors <= {"owner@sakura.example", "both@example.jp"}, actors
    assert all(e["action"] != "privacy.erased" for e in audit["items"])
    print("  %d routes checked by API token, %d by session cookie" % (n, m))

    # The live event stream of shop B replays and delivers only B's events.
    ws = WebSocket(sd.port, "/api/v1/events?after=0", token_b)
    status, _, _ = sd.api("POST", "/api/v1/channels/%d/messages" % ids["channel"], token_a,
                          raw=mail("返品の件 その2", "千代田区", "a2@example.jp"),
                          headers={"Content-Type": "message/rfc822"})
    assert status == 201
    status, channels_b, _ = sd.api("GET", "/api/v1/channels", token_b)
    status, stored, _ = sd.api("POST", "/api/v1/channels/%d/messages" % channels_b["items"][0]["id"], token_b,
                               raw=mail("B shop question", "hello", "b1@other.example", sender="b@other.example"),
                               headers={"Content-Type": "message/rfc822"})
    assert status == 201, stored
    events = ws.collect(lambda e: e.get("conversation_id") == stored["conversation_id"])
    text = json.dumps(events, ensure_ascii=False)
    assert not [s for s in SECRETS if s in text], text
    assert all(e.get("conversation_id") != ids["conversation"] for e in events), text


if __name__ == "__main__":
    run_tests(globals())
