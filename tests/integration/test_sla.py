"""The 24-hour promise over HTTP and the command line, on the real binary: response
clocks start on customer mail, the inbox sorts the most urgent first with its urgency,
the sweep records breaches, a late reply says how late, notes and status changes follow
the rules, and business hours changes move running deadlines."""
import email.utils
import time

from harness import Shopdesk, mail, on_cleanup, run_tests


def date_header(hours_ago):
    return "Date: %s\r\n" % email.utils.formatdate(time.time() - hours_ago * 3600)


def test_clock_inbox_order_breach_and_late_reply(tmp):
    sd = Shopdesk(tmp)
    owner = sd.setup_shop()
    # Written 30 hours ago (the poll was late): overdue by six hours on arrival.
    sd.run("ingest", "--shop", "sakura", "--channel", "support",
           stdin=mail("届きません", "注文した商品が届きません", "late@example.jp",
                      extra=date_header(30)))
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
    status, sla, _ = sd.api("GET", "/api/v1/conversations/%d/sla" % late["id"], owner)
    clock = sla["clocks"][0]
    assert clock["state"] == "fulfilled" and clock["fulfilled_by"] is not None, clock
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
    sd = Shopdesk(tmp)
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

    sd.run("ingest", "--shop", "sakura", "--channel", "support",
           stdin=mail("営業時間内の問い合わせ", "質問です", "biz@example.jp"))
    status, page, _ = sd.api("GET", "/api/v1/conversations", owner)
    before = page["items"][0]["due_at"]
    assert before is not None, page

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
    assert conv["due_at"] != before, (before, conv)
    assert 7 * 3600 < conv["remaining_seconds"] <= 8 * 3600 or conv["remaining_seconds"] < 0, conv

    status, audit, _ = sd.api("GET", "/api/v1/audit", owner)
    actions = [e["action"] for e in audit["items"]]
    assert "sla_policy.changed" in actions and "business_hours.changed" in actions, actions


if __name__ == "__main__":
    run_tests(globals())
