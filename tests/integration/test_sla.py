"""The 24-hour promise over HTTP and the command line, on the real binary: response
clocks start on customer mail, the inbox sorts the most urgent first with its urgency,
the sweep records breaches, a late reply says how late, notes and status changes follow
the rules, business hours changes move running deadlines, and away mode answers once
per customer over real SMTP without ever answering a machine.

Every shopdesk process runs on the test clock (harness.py); mail dates are written from
it (sd.date_header), and the test that depends on the hour of the day sets its own."""
import time

from harness import Shopdesk, SmtpSink, mail, on_cleanup, run_tests, wait_for


def test_clock_inbox_order_breach_and_late_reply(tmp):
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    sd = Shopdesk(tmp)
    owner = sd.setup_shop(smtp_url=sink.url)
    # Written 30 hours ago (the poll was late): overdue by six hours on arrival.
    sd.run("ingest", "--shop", "sakura", "--channel", "support",
           stdin=mail("届きません", "注文した商品が届きません", "late@example.jp",
                      extra=sd.date_header(30)))
    sd.run("ingest", "--shop", "sakura", "--channel", "support",
           stdin=mail("在庫について", "在庫はありますか", "fresh@example.jp",
                      sender="佐藤 花子 <hanako@example.jp>"))
    sd.run("ingest", "--shop", "sakura", "--channel", "support",
           stdin=mail("Out of office", "I am away", "ooo@example.jp",
                      sender="robot@example.jp", extra="Auto-Submitted: auto-replied\r\n"))
    sd.serve("--no-workers")
    on_cleanup(sd.kill)

    status, page, _ = sd.api("GET", "/api/v1/conversations?sort=due", owner)
    assert status == 200, page
    subjects = [c["subject"] for c in page["items"]]
    assert subjects[:2] == ["届きません", "在庫について"], subjects
    late, fresh, auto = page["items"]
    assert late["urgency"] == "overdue" and late["remaining_seconds"] < -5 * 3600, late
    assert fresh["urgency"] == "later" and 23 * 3600 < fresh["remaining_seconds"] <= 24 * 3600, fresh
    assert auto["due_at"] is None and auto["urgency"] == "none", auto  # an auto-reply owes nothing

    out = sd.run("sla-sweep").stdout.decode()
    assert "1 breaches" in out, out
    status, sla, _ = sd.api("GET", "/api/v1/conversations/%d/sla" % late["id"], owner)
    assert status == 200, sla
    assert [e["kind"] for e in sla["events"]] == ["started", "breached"], sla
    clock = sla["clocks"][0]
    assert clock["target"] == "first_response" and clock["state"] == "running", clock
    assert clock["late_seconds"] >= 6 * 3600 - 60, clock

    # A note is not an answer; the public reply that also sets pending is.
    status, _, _ = sd.api("POST", "/api/v1/conversations/%d/notes" % late["id"], owner,
                          {"body": "倉庫に確認中"})
    assert status == 201
    status, detail, _ = sd.api("GET", "/api/v1/conversations/%d" % late["id"], owner)
    assert detail["conversation"]["urgency"] == "overdue", detail
    status, sent, _ = sd.api("POST", "/api/v1/conversations/%d/replies" % late["id"], owner,
                             {"body": "山田 太郎様、遅くなり申し訳ございません。本日発送いたしました。",
                              "status": "pending"})
    assert status == 201, sent
    # Queued is not answered: the clock runs, awaiting the reply, until the mail server
    # accepts it.
    status, sla, _ = sd.api("GET", "/api/v1/conversations/%d/sla" % late["id"], owner)
    clock = sla["clocks"][0]
    assert clock["state"] == "running" and clock["awaiting_delivery"], clock
    assert clock["answer_message_id"] == sent["id"], clock
    status, detail, _ = sd.api("GET", "/api/v1/conversations/%d" % late["id"], owner)
    assert detail["conversation"]["urgency"] == "overdue", detail
    out = sd.run("send").stdout.decode()
    assert sink.wait_for(1), out
    status, sla, _ = sd.api("GET", "/api/v1/conversations/%d/sla" % late["id"], owner)
    clock = sla["clocks"][0]
    assert clock["state"] == "fulfilled" and clock["fulfilled_by"] is not None, clock
    assert clock["answer_message_id"] == sent["id"] and not clock["awaiting_delivery"], clock
    assert 6 * 3600 - 60 <= clock["late_seconds"] <= 6 * 3600 + 120, clock
    assert [e["kind"] for e in sla["events"]] == ["started", "breached", "fulfilled"], sla
    status, detail, _ = sd.api("GET", "/api/v1/conversations/%d" % late["id"], owner)
    conv = detail["conversation"]
    assert conv["due_at"] is None and conv["status"] == "pending", conv

    # Pending without an answer pauses; resolving stops.
    status, _, _ = sd.api("POST", "/api/v1/conversations/%d/status" % fresh["id"], owner,
                          {"status": "on_hold"})
    assert status == 200
    status, sla, _ = sd.api("GET", "/api/v1/conversations/%d/sla" % fresh["id"], owner)
    assert sla["clocks"][0]["state"] == "paused" and sla["clocks"][0]["left_seconds"] > 23 * 3600, sla
    status, _, _ = sd.api("POST", "/api/v1/conversations/%d/status" % fresh["id"], owner,
                          {"status": "resolved"})
    status, sla, _ = sd.api("GET", "/api/v1/conversations/%d/sla" % fresh["id"], owner)
    assert [e["kind"] for e in sla["events"]] == ["started", "paused", "stopped"], sla


def test_policies_and_business_hours(tmp):
    # Wednesday 2 December 2026, 15:00 in Tokyo (06:00 UTC), an ordinary business day:
    # eight business hours (09:00-18:00) end on Thursday at 14:00, eight clock hours on
    # Wednesday at 23:00. (Early in a business day the two are the same instant, so the
    # test chooses its hour rather than taking the machine's.)
    sd = Shopdesk(tmp, now="2026-12-02T15:00:00+09:00")
    owner = sd.setup_shop()
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    status, policies, _ = sd.api("GET", "/api/v1/sla-policies", owner)
    assert status == 200 and len(policies["items"]) == 1, policies
    default = policies["items"][0]
    assert default["first_response_minutes"] == 1440 and default["counting"] == "calendar", default
    assert default["warn_minutes"] == [240, 60] and default["customized"] is False, default
    channel = default["channel_id"]

    for body, expected in [
            ({"first_response_minutes": 0, "next_response_minutes": 60, "counting": "business"},
             "first_response_minutes"),
            ({"first_response_minutes": 60, "next_response_minutes": 60, "counting": "weekdays"},
             "calendar or business"),
            ({"first_response_minutes": 60, "next_response_minutes": 60, "counting": "business",
              "warn_minutes": [90]}, "shorter than the shortest target")]:
        status, answer, _ = sd.api("PUT", "/api/v1/channels/%d/sla-policy" % channel, owner, body)
        assert status == 400 and expected in answer["error"]["message"], (body, answer)
    status, saved, _ = sd.api("PUT", "/api/v1/channels/%d/sla-policy" % channel, owner,
                              {"first_response_minutes": 480, "next_response_minutes": 480,
                               "counting": "business", "warn_minutes": [60, 120]})
    assert status == 200 and saved["customized"] and saved["warn_minutes"] == [120, 60], saved

    status, hours, _ = sd.api("GET", "/api/v1/business-hours", owner)
    assert hours["time_zone"] == "Asia/Tokyo" and hours["weekly"]["mon"] == ["09:00-18:00"], hours
    assert hours["weekly"]["sun"] == [] and hours["closed_on_national_holidays"] is True, hours

    # Written at 15:00:00 sharp: the clock starts at the Date header.
    sd.run("ingest", "--shop", "sakura", "--channel", "support",
           stdin=mail("営業時間内の問い合わせ", "質問です", "biz@example.jp",
                      extra="Date: Wed, 02 Dec 2026 15:00:00 +0900\r\n"))
    status, page, _ = sd.api("GET", "/api/v1/conversations", owner)
    before = page["items"][0]["due_at"]
    assert before == "2026-12-03T05:00:00.000Z", page  # Thursday 14:00 in Tokyo

    for body, expected in [
            ({"weekly": {"mon": ["09:00-12:00", "11:00-13:00"]}}, "Monday 09:00-12:00 overlaps 11:00-13:00"),
            ({"weekly": {"mon": ["9-18"]}}, "not HH:MM-HH:MM"),
            ({"weekly": {"monday": ["09:00-18:00"]}}, "unknown day 'monday'"),
            ({"weekly": {"mon": ["18:00-09:00"]}}, "Monday 18:00-09:00"),
            ({"weekly": {}}, "at least one opening"),
            ({"weekly": {"mon": ["09:00-18:00"]}, "closed_days": ["2026-02-30"]}, "2026-02-30")]:
        status, answer, _ = sd.api("PUT", "/api/v1/business-hours", owner, body)
        assert status == 400 and expected in answer["error"]["message"], (body, answer)
    status, hours, _ = sd.api("GET", "/api/v1/business-hours", owner)
    assert hours["weekly"]["mon"] == ["09:00-18:00"], hours  # nothing saved half-way

    # Open around the clock: the 8 business hours become 8 hours from the mail.
    every_day = {day: ["00:00-24:00"] for day in ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]}
    status, saved, _ = sd.api("PUT", "/api/v1/business-hours", owner,
                              {"weekly": every_day, "closed_on_national_holidays": False,
                               "closed_days": ["2026-12-31", "2027-01-01"]})
    assert status == 200 and saved["deadlines_recomputed"] == 1, saved
    assert saved["closed_days"] == ["2026-12-31", "2027-01-01"], saved
    status, page, _ = sd.api("GET", "/api/v1/conversations", owner)
    conv = page["items"][0]
    assert conv["due_at"] == "2026-12-02T14:00:00.000Z", (before, conv)  # Wednesday 23:00
    assert 7 * 3600 < conv["remaining_seconds"] <= 8 * 3600, conv

    # Back to the shop's hours with Thursday 3 December closed (a closed day of its own):
    # the eight hours are Wednesday 15:00-18:00 and Friday 09:00-14:00.
    weekdays = {day: ["09:00-18:00"] for day in ["mon", "tue", "wed", "thu", "fri"]}
    status, saved, _ = sd.api("PUT", "/api/v1/business-hours", owner,
                              {"weekly": weekdays, "closed_days": ["2026-12-03"]})
    assert status == 200 and saved["deadlines_recomputed"] == 1, saved
    status, page, _ = sd.api("GET", "/api/v1/conversations", owner)
    assert page["items"][0]["due_at"] == "2026-12-04T05:00:00.000Z", page

    status, audit, _ = sd.api("GET", "/api/v1/audit", owner)
    actions = [e["action"] for e in audit["items"]]
    assert "sla_policy.changed" in actions and "business_hours.changed" in actions, actions


def test_away_mode_answers_once_and_never_a_machine(tmp):
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    sd = Shopdesk(tmp)
    owner = sd.setup_shop(smtp_url=sink.url)
    sd.serve("--send-seconds", "0.2", "--poll-seconds", "3600")
    on_cleanup(sd.kill)

    def upload(raw):
        status, body, _ = sd.api("POST", "/api/v1/channels/1/messages", owner, raw=raw,
                                 headers={"Content-Type": "message/rfc822"})
        assert status in (200, 201), body
        return body

    status, away, _ = sd.api("GET", "/api/v1/away", owner)
    assert away["enabled"] is False and away["away_now"] is False, away
    assert "{{reply_by}}" in away["message"], away
    assert not upload(mail("営業中の問い合わせ", "質問です", "before@example.jp"))["auto_replied"]

    for body, expected in [({"enabled": True, "message": "{{order.number}}"}, "unknown variable 'order.number'"),
                           ({"enabled": True, "message": "{{reply_by"}, "line 1"),
                           ({"enabled": True, "from": "tomorrow"}, "not an ISO 8601 time"),
                           ({"enabled": True, "from": "2026-08-17T00:00:00+09:00",
                             "until": "2026-08-10T00:00:00+09:00"}, "must be before until"),
                           ({"enabled": True, "period_hours": 0}, "period_hours")]:
        status, answer, _ = sd.api("PUT", "/api/v1/away", owner, body)
        assert status == 400 and expected in answer["error"]["message"], (body, answer)
    status, away, _ = sd.api("PUT", "/api/v1/away", owner, {"enabled": True})
    assert status == 200 and away["away_now"] is True, away
    assert "お客様" in away["preview"] and "までにご返信いたします" in away["preview"], away
    # The switch is 臨時休業, and the answer says so rather than 営業時間外.
    assert away["away_reason"] == "temporarily_closed" and away["reply_by"], away
    assert "ただいま臨時休業中のため" in away["preview"], away["preview"]

    first = upload(mail("配送について", "いつ届きますか", "away1@example.jp"))
    assert first["auto_replied"], first
    (envelope, msg, raw), = sink.wait_for(1)
    assert envelope["rcpt_tos"] == ["taro@example.jp"], envelope
    assert msg["Auto-Submitted"] == "auto-replied", raw[:400]
    assert msg["In-Reply-To"] == "<away1@example.jp>", raw[:400]
    text = msg.get_content()
    assert text.startswith("山田 太郎様"), text
    assert "までにご返信いたします" in text and "さくら雑貨店" in text, text
    assert any(c in text for c in "月火水木金土日") and "時" in text, text

    # The same customer again within the period, machines, and no-reply senders: no answer.
    for raw in [mail("追加の質問", "もう一つ", "away2@example.jp"),
                mail("Out of office", "away", "ooo@example.jp", sender="ooo@example.jp",
                     extra="Auto-Submitted: auto-replied\r\n"),
                mail("News", "sale", "news@example.jp", sender="shop-news@example.jp",
                     extra="List-Id: <news.example.jp>\r\nPrecedence: bulk\r\n"),
                mail("Delivery", "x", "dsn@example.jp", sender="MAILER-DAEMON@mx.example.jp"),
                mail("注文確定", "x", "amz@example.jp", sender="donotreply@amazon.co.jp")]:
        assert not upload(raw)["auto_replied"], raw[:200]
    # A second customer gets their own answer; the same mail uploaded twice is answered once.
    second = mail("返品", "返品したい", "away3@example.jp", sender="佐藤 花子 <hanako@example.jp>")
    assert upload(second)["auto_replied"]
    assert upload(second)["duplicate"]
    sink.wait_for(2)
    time.sleep(1)
    assert len(sink.messages()) == 2, [m.envelope for m in sink.messages()]

    # The automatic answer is not a response: the first conversation still owes one.
    status, sla, _ = sd.api("GET", "/api/v1/conversations/%d/sla" % first["conversation_id"], owner)
    assert sla["clocks"][0]["state"] == "running", sla
    status, detail, _ = sd.api("GET", "/api/v1/conversations/%d" % first["conversation_id"], owner)
    assert detail["conversation"]["due_at"] is not None, detail
    automatic = [m for m in detail["messages"] if m["direction"] == "outbound"]
    assert len(automatic) == 1 and "auto_submitted" in automatic[0]["flags"], automatic
    wait_for(lambda: sd.api("GET", "/api/v1/conversations/%d" % first["conversation_id"], owner)[1]
             ["messages"][-1]["delivery"] == "sent", what="the away answer marked sent")


def test_reports_json_csv_and_command(tmp):
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    sd = Shopdesk(tmp)
    owner = sd.setup_shop(smtp_url=sink.url)
    # Three customers who wrote 2, 5 and 30 hours ago, and one who wrote 26 hours ago
    # and is never answered.
    for hours, who in [(2, "a"), (5, "b"), (30, "c"), (26, "d")]:
        sd.run("ingest", "--shop", "sakura", "--channel", "support",
               stdin=mail("質問 %s" % who, "本文", "%s@example.jp" % who,
                          sender="%s <%s@example.jp>" % (who, who), extra=sd.date_header(hours)))
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    status, page, _ = sd.api("GET", "/api/v1/conversations?limit=50", owner)
    by_subject = {c["subject"]: c["id"] for c in page["items"]}
    for who in ["a", "b", "c"]:
        conv = by_subject["質問 %s" % who]
        status, _, _ = sd.api("POST", "/api/v1/conversations/%d/replies" % conv, owner,
                              {"body": "%s様、お問い合わせありがとうございます。" % who, "status": "resolved"})
        assert status == 201
    sd.run("send")  # delivered: only now are they answers
    sink.wait_for(3)
    status, _, _ = sd.api("PUT", "/api/v1/conversations/%d/tags" % by_subject["質問 a"], owner,
                          {"tags": ["返品"]})

    status, volume, _ = sd.api("GET", "/api/v1/reports/volume", owner)
    assert status == 200 and volume["total"] == 4, volume
    assert volume["by_channel"][0]["count"] == 4 and volume["by_tag"] == [{"tag": "返品", "count": 1}], volume
    assert sum(d["count"] for d in volume["by_day"]) == 4 and volume["by_week"], volume

    status, first, _ = sd.api("GET", "/api/v1/reports/first-response", owner)
    assert first["count"] == 3, first
    assert 5 * 3600 - 120 <= first["median_seconds"] <= 5 * 3600 + 120, first
    assert 30 * 3600 - 120 <= first["p90_seconds"] <= 30 * 3600 + 120, first
    # Answered within 24 h: a and b of a, b, c, plus d unanswered for 26 h: 2 of 4.
    assert first["within_24h_share"] == 0.5 and first["within_target_share"] == 0.5, first
    assert first["by_agent"][0]["count"] == 3 and first["by_channel"][0]["name"] == "support", first

    status, late, _ = sd.api("GET", "/api/v1/reports/late-responses", owner)
    assert late["count"] == 1, late  # c (d is found by the sweep, not yet run)
    assert 6 * 3600 - 120 <= late["table"][0]["late_seconds"] <= 6 * 3600 + 120, late

    status, resolution, _ = sd.api("GET", "/api/v1/reports/resolution", owner)
    assert resolution["count"] == 3, resolution
    status, backlog, _ = sd.api("GET", "/api/v1/reports/backlog", owner)
    assert backlog["total"] == 1 and backlog["by_age"][0] == {"age": "under_1d", "count": 1}, backlog

    status, health, _ = sd.api("GET", "/api/v1/reports/health", owner)
    assert health["unanswered_over_24h"] == 1, health
    assert health["oldest_unanswered"][0]["conversation_id"] == by_subject["質問 d"], health
    assert "unanswered_over_24h" in health["flags"] and "late_responses" in health["flags"], health

    status, csv, headers = sd.api("GET", "/api/v1/reports/first-response?format=csv", owner)
    assert status == 200 and headers["Content-Type"].startswith("text/csv"), headers
    lines = csv.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "scope,id,name,count,median_seconds,p90_seconds,within_24h_share,within_target_share", lines
    assert lines[1].startswith("channel,") and lines[2].startswith("agent,"), lines

    for bad, expected in [("/api/v1/reports/nothing", 404), ("/api/v1/reports/volume?from=yesterday", 400),
                          ("/api/v1/reports/volume?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z", 400),
                          ("/api/v1/reports/volume?format=xml", 400)]:
        status, answer, _ = sd.api("GET", bad, owner)
        assert status == expected, (bad, answer)

    out = sd.run("report", "health", "--shop", "sakura").stdout.decode()
    assert '"unanswered_over_24h": 1' in out, out
    out = sd.run("report", "volume", "--shop", "sakura", "--csv").stdout.decode("utf-8-sig")
    assert out.startswith("date,channel_id,channel,conversations"), out
    bad = sd.run("report", "weekly", "--shop", "sakura", check=False)
    assert bad.returncode == 1 and b"reports: volume" in bad.stderr, bad.stderr


if __name__ == "__main__":
    run_tests(globals())
