"""Live events over the /api/v1/events WebSocket: authenticated, per shop, every change
(new conversation and message, status, reply, delivery), resumable with ?after=, and
delivered across nodes on one database (SQLite file or PostgreSQL). Presence (who views
or types where) between browser sessions of one shop, chosen with ?shop=."""
import json
import subprocess
import time

from harness import Shopdesk, SmtpSink, binary, mail, on_cleanup, run_tests
from websocket_client import HandshakeRefused, WebSocket


def connect(node, token, path="/api/v1/events"):
    ws = WebSocket(node.port, path, token)
    on_cleanup(ws.close)
    hello = ws.recv_json()
    assert hello["type"] == "hello", hello
    return ws, hello


def post_mail(node, token, subject, message_id, channel=1):
    status, body, _ = node.api("POST", "/api/v1/channels/%d/messages" % channel, token,
                               raw=mail(subject, "本文です", message_id))
    assert status == 201, body
    return body


def test_the_stream_is_refused_without_a_valid_token_or_upgrade(tmp):
    sd = Shopdesk(tmp)
    sd.setup_shop()
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    for token in (None, "not-a-real-token"):
        try:
            WebSocket(sd.port, "/api/v1/events", token)
            raise AssertionError("accepted without a valid token")
        except HandshakeRefused as e:
            assert e.status == 401 and "token" in e.body.lower(), (e.status, e.body)
    try:
        WebSocket(sd.port, "/api/v1/elsewhere", None)
        raise AssertionError("accepted an unknown path")
    except HandshakeRefused as e:
        assert e.status == 404, e.status
    status, body, headers = sd.api("GET", "/api/v1/events")
    assert status == 426 and body["error"]["code"] == "upgrade_required", (status, body)


def test_every_change_arrives_in_order_for_the_shop_only(tmp):
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    sd = Shopdesk(tmp)
    token = sd.setup_shop(smtp_url=sink.url)
    other_token = sd.setup_shop(slug="other", channel="other-support")
    sd.serve("--send-seconds", "0.1", "--poll-seconds", "3600")
    on_cleanup(sd.kill)
    ws, hello = connect(sd, token)
    other, _ = connect(sd, other_token)
    assert hello["shop_id"] == 1

    stored = post_mail(sd, token, "注文について", "live1@example.jp")
    events = ws.collect(lambda e: e["type"] == "message.created")
    assert [e["type"] for e in events] == ["conversation.created", "message.created"], events
    created, message = events
    assert created["conversation_id"] == stored["conversation_id"]
    assert created["data"]["subject"] == "注文について" and created["data"]["status"] == "open"
    assert message["message_id"] == stored["message_id"]
    assert message["data"]["direction"] == "inbound"
    assert created["id"] < message["id"]

    cid = stored["conversation_id"]
    status, reply, _ = sd.api("POST", "/api/v1/conversations/%d/replies" % cid, token,
                              {"body": "お問い合わせありがとうございます。", "status": "pending"})
    assert status == 201, reply
    events = ws.collect(lambda e: e["type"] == "message.updated")
    outbound = [e for e in events if e["type"] == "message.created"]
    assert outbound and outbound[0]["data"]["direction"] == "outbound", events
    assert outbound[0]["data"]["conversation"]["status"] == "pending"
    assert events[-1]["message_id"] == reply["id"] and events[-1]["data"]["delivery"] == "sent", events
    sink.wait_for(1)

    status, body, _ = sd.api("POST", "/api/v1/conversations/%d/status" % cid, token, {"status": "resolved"})
    assert status == 200, body
    events = ws.collect(lambda e: e["type"] == "conversation.updated")
    assert events[-1]["data"]["status"] == "resolved" and events[-1]["conversation_id"] == cid

    assert other.quiet(0.5) == [], "another shop's client saw shop 1's events"


def test_a_client_resuming_with_after_misses_nothing(tmp):
    sd = Shopdesk(tmp)
    token = sd.setup_shop()
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    ws, _ = connect(sd, token)
    post_mail(sd, token, "一通目", "r1@example.jp")
    first = ws.collect(lambda e: e["type"] == "message.created")
    last_seen = first[-1]["id"]
    ws.close()
    for i in range(3):  # while the client is away
        post_mail(sd, token, "留守中 %d" % i, "away%d@example.jp" % i)
    resumed, _ = connect(sd, token, "/api/v1/events?after=%d" % last_seen)
    got = []
    while len([e for e in got if e["type"] == "message.created"]) < 3:
        event = resumed.recv_json()
        assert event is not None
        got.append(event)
    assert all(e["id"] > last_seen for e in got), got
    assert len(got) == 6 and len({e["id"] for e in got}) == 6, got  # 3 conversations + 3 messages
    post_mail(sd, token, "再接続後", "after@example.jp")
    live = resumed.collect(lambda e: e["type"] == "message.created")
    assert live[-1]["id"] > got[-1]["id"]
    try:
        WebSocket(sd.port, "/api/v1/events?after=abc", token)
        raise AssertionError("accepted after=abc")
    except HandshakeRefused as e:
        assert e.status == 400 and "after" in e.body, e.body


def test_events_reach_clients_of_another_node(tmp):
    first = Shopdesk(tmp)
    token = first.setup_shop()
    second = Shopdesk(tmp)
    second.db = first.db
    for node in (first, second):
        node.serve("--no-workers")
        on_cleanup(node.kill)
    ws, _ = connect(second, token)
    started = time.monotonic()
    stored = post_mail(first, token, "別ノードから", "node@example.jp")
    events = ws.collect(lambda e: e["type"] == "message.created")
    assert events[-1]["message_id"] == stored["message_id"], events
    print("   an event committed on node 1 reached node 2's client in %.0f ms"
          % ((time.monotonic() - started) * 1000))



PASSWORD = "桜の季節のパスワード"


def browser_login(node, email):
    """A person logged in with e-mail and password: (session cookie, session)."""
    r = subprocess.run([binary(), "user", "password", *node.common_args(), "--email", email],
                       input=(PASSWORD + "\n").encode(), capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    status, session, headers = node.api("POST", "/api/v1/session", body={"email": email, "password": PASSWORD})
    assert status == 200, session
    return headers["Set-Cookie"].split(";")[0], session


def browser_socket(node, cookie, query, origin=None):
    """The event stream as a browser opens it: cookie, Origin, the shop in the query."""
    headers = {"Cookie": cookie, "Origin": origin or "http://127.0.0.1:%d" % node.port}
    ws = WebSocket(node.port, "/api/v1/events" + query, headers=headers)
    on_cleanup(ws.close)
    hello = ws.recv_json()
    assert hello["type"] == "hello", hello
    return ws, hello


def presence(conversation_id, state):
    return {"type": "presence", "conversation_id": conversation_id, "state": state}


def test_presence_reaches_the_other_browsers_of_the_shop_only(tmp):
    sd = Shopdesk(tmp)
    sd.setup_shop()
    sd.setup_shop(slug="other", channel="other-support")
    sd.run("user", "add", "--shop", "sakura", "--email", "sato@sakura.example", "--name", "佐藤",
           "--role", "agent")
    sd.run("user", "add", "--shop", "sakura", "--email", "suzuki@sakura.example", "--name", "鈴木",
           "--role", "viewer")
    # Works in both shops, so names one in each request.
    sd.run("user", "add", "--shop", "other", "--email", "sato@sakura.example", "--name", "佐藤",
           "--role", "agent")
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    sato_cookie, sato_session = browser_login(sd, "sato@sakura.example")
    suzuki_cookie, _ = browser_login(sd, "suzuki@sakura.example")
    other_cookie, other_session = browser_login(sd, "owner@other.example")
    shops = {s["slug"]: s["id"] for s in sato_session["shops"]}
    sakura, other = shops["sakura"], shops["other"]

    # The shop is chosen by ?shop= (a browser cannot send X-Shop-Id on a WebSocket).
    for query, expected in (("", 400), ("?shop=999", 404)):
        try:
            browser_socket(sd, sato_cookie, query)
            raise AssertionError("accepted " + query)
        except HandshakeRefused as e:
            assert e.status == expected, (query, e.status, e.body)
    try:
        browser_socket(sd, other_cookie, "?shop=%d" % sakura)
        raise AssertionError("a member of another shop followed sakura")
    except HandshakeRefused as e:
        assert e.status == 404, e.status
    try:
        browser_socket(sd, sato_cookie, "?shop=%d" % sakura, origin="https://evil.example")
        raise AssertionError("accepted a WebSocket from another site")
    except HandshakeRefused as e:
        assert e.status == 403, e.status
    # ?shop= is for the WebSocket and other reads without the header; with the header the
    # conversation list still refuses unknown query parameters.
    status, body, _ = sd.api("GET", "/api/v1/conversations?bogus=1", headers={
        "Cookie": sato_cookie, "X-Shop-Id": str(sakura)})
    assert status == 400 and "bogus" in body["error"]["message"], body
    status, body, _ = sd.api("GET", "/api/v1/conversations?shop=%d" % sakura, headers={
        "Cookie": sato_cookie, "X-Shop-Id": str(sakura)})
    assert status == 400 and "shop" in body["error"]["message"], body
    status, body, _ = sd.api("GET", "/api/v1/session?shop=%d" % sakura, headers={"Cookie": sato_cookie})
    assert status == 200, body

    sato, hello = browser_socket(sd, sato_cookie, "?shop=%d" % sakura)
    assert hello["shop_id"] == sakura, hello
    sato_id = hello["agent_id"]
    suzuki, hello = browser_socket(sd, suzuki_cookie, "?shop=%d" % sakura)
    suzuki_id = hello["agent_id"]
    stranger, hello = browser_socket(sd, other_cookie, "?shop=%d" % other)
    assert hello["shop_id"] == other
    sato_elsewhere, hello = browser_socket(sd, sato_cookie, "?shop=%d" % other)  # same person, other shop
    assert hello["shop_id"] == other

    sato.send_json(presence(12, "viewing"))
    got = suzuki.collect(lambda m: m["type"] == "presence")
    seen = got[-1]
    assert seen["conversation_id"] == 12 and seen["state"] == "viewing", seen
    assert seen["agent_id"] == sato_id and seen["agent_name"] == "佐藤", seen
    assert seen["at"].endswith("Z") and "T" in seen["at"], seen

    # A viewer may send presence too; the sender never gets its own back.
    suzuki.send_json(presence(12, "typing"))
    seen = sato.collect(lambda m: m["type"] == "presence")[-1]
    assert (seen["agent_id"], seen["agent_name"], seen["state"]) == (suzuki_id, "鈴木", "typing"), seen

    # Nonsense is ignored and the connection stays open.
    for junk in ("not json", json.dumps({"type": "chat", "conversation_id": 12}),
                 json.dumps(presence(-1, "viewing")), json.dumps(presence("12", "viewing")),
                 json.dumps(presence(12, "sleeping")), json.dumps(dict(presence(12, "viewing"), pad="x" * 2000))):
        sato.send_text(junk)
    sato.send_json(presence(13, "typing"))
    seen = suzuki.collect(lambda m: m["type"] == "presence")
    assert [(m["conversation_id"], m["state"]) for m in seen] == [(13, "typing")], seen

    # Closing: the others get "left" for every conversation it was in.
    sato.close()
    left = []
    while len(left) < 2:
        left += [m for m in suzuki.collect(lambda m: m["type"] == "presence") if m["type"] == "presence"]
    assert sorted((m["conversation_id"], m["state"], m["agent_id"]) for m in left) == \
        [(12, "left", sato_id), (13, "left", sato_id)], left
    assert suzuki.quiet(0.5) == [], "more than the two lefts"

    # Another shop saw none of it, though the same person is connected there.
    assert stranger.quiet(0.3) == [], "another shop's client saw presence"
    assert sato_elsewhere.quiet(0.3) == [], "the other shop's connection saw presence"
    stranger.send_json(presence(12, "viewing"))
    assert sato_elsewhere.collect(lambda m: m["type"] == "presence")[-1]["conversation_id"] == 12
    assert suzuki.quiet(0.5) == [], "presence crossed shops"

if __name__ == "__main__":
    run_tests(globals())
