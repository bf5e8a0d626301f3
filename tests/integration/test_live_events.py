"""Live events over the /api/v1/events WebSocket: authenticated, per shop, every change
(new conversation and message, status, reply, delivery), resumable with ?after=, and
delivered across nodes on one database (SQLite file or PostgreSQL)."""
import time

from harness import Shopdesk, SmtpSink, mail, on_cleanup, run_tests
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


if __name__ == "__main__":
    run_tests(globals())
