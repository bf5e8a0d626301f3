"""Roles on the routes (a viewer cannot reply; only owners and admins manage channels,
agents, teams and settings; only owners read the audit log), teams, removing an agent,
a password reset by an admin, the audit log, and data-subject requests (export and
erasure of one customer) by API and by command line."""
import json
import subprocess

from harness import Shopdesk, binary, mail, on_cleanup, run_tests

PASSWORD = "桜の季節のパスワード"


def add_agent(sd, owner, email, role):
    status, body, _ = sd.api("POST", "/api/v1/agents", owner, {"email": email, "role": role})
    assert status == 201, body
    return body["agent"], body["api_token"]


def login(sd, email, password):
    return sd.api("POST", "/api/v1/session", body={"email": email, "password": password})


def test_roles_are_enforced_on_every_kind_of_route(tmp):
    sd = Shopdesk(tmp)
    owner = sd.setup_shop()
    sd.run("ingest", "--shop", "sakura", "--channel", "support", stdin=mail("質問", "本文", "q1@example.jp"))
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    _, viewer = add_agent(sd, owner, "viewer@sakura.example", "viewer")
    agent_row, agent = add_agent(sd, owner, "agent@sakura.example", "agent")
    admin_row, admin = add_agent(sd, owner, "admin@sakura.example", "admin")
    status, page, _ = sd.api("GET", "/api/v1/conversations", viewer)
    assert status == 200 and len(page["items"]) == 1
    conversation = page["items"][0]["id"]
    status, channels, _ = sd.api("GET", "/api/v1/channels", viewer)
    channel = channels["items"][0]["id"]

    writes = [("POST", "/api/v1/conversations/%d/replies" % conversation, {"body": "はい、承知しました。"}),
              ("POST", "/api/v1/conversations/%d/status" % conversation, {"status": "pending"})]
    manages = [("PATCH", "/api/v1/settings", {"name": "乗っ取り"}),
               ("POST", "/api/v1/channels", {"name": "x", "address": "x@sakura.example"}),
               ("PATCH", "/api/v1/channels/%d" % channel, {"display_name": "x"}),
               ("POST", "/api/v1/agents", {"email": "new@sakura.example", "role": "agent"}),
               ("PATCH", "/api/v1/agents/%d" % agent_row["id"], {"role": "admin"}),
               ("POST", "/api/v1/teams", {"name": "x"}),
               ("GET", "/api/v1/customers/1/export", None)]
    for method, path, body in writes + manages + [("GET", "/api/v1/audit", None)]:
        status, answer, _ = sd.api(method, path, viewer, body)
        assert status == 403 and answer["error"]["code"] == "permission_denied", (method, path, status, answer)
    for method, path, body in writes:
        status, answer, _ = sd.api(method, path, agent, body)
        assert status in (200, 201), (method, path, answer)
    for method, path, body in manages + [("GET", "/api/v1/audit", None)]:
        status, answer, _ = sd.api(method, path, agent, body)
        assert status == 403, (method, path, status, answer)
    # An admin manages, but grants no owner role and reads no audit log.
    status, answer, _ = sd.api("PATCH", "/api/v1/agents/%d" % agent_row["id"], admin, {"role": "owner"})
    assert status == 403 and "only an owner" in answer["error"]["message"], answer
    status, answer, _ = sd.api("PATCH", "/api/v1/settings", admin, {"time_zone": "Asia/Tokio"})
    assert status == 400 and "Asia/Tokio" in answer["error"]["message"], answer
    status, answer, _ = sd.api("PATCH", "/api/v1/settings", admin, {"name": "さくら雑貨店 本店"})
    assert status == 200 and answer["name"] == "さくら雑貨店 本店", answer
    status, answer, _ = sd.api("GET", "/api/v1/audit", admin)
    assert status == 403, answer
    # The one owner cannot stop being one.
    status, agents, _ = sd.api("GET", "/api/v1/agents", owner)
    owner_row = [a for a in agents["items"] if a["role"] == "owner"][0]
    status, answer, _ = sd.api("PATCH", "/api/v1/agents/%d" % owner_row["id"], owner, {"active": False})
    assert status == 409 and "at least one owner" in answer["error"]["message"], answer

    # Teams: created by a manager, conversations routed to them, listed by team.
    status, team, _ = sd.api("POST", "/api/v1/teams", admin, {"name": "返品担当"})
    assert status == 201, team
    status, answer, _ = sd.api("POST", "/api/v1/teams", admin, {"name": "返品担当"})
    assert status == 409, answer
    status, team, _ = sd.api("PUT", "/api/v1/teams/%d/members" % team["id"], admin,
                             {"agent_ids": [agent_row["id"], admin_row["id"]]})
    assert status == 200 and team["member_ids"] == sorted([agent_row["id"], admin_row["id"]]), team
    status, answer, _ = sd.api("POST", "/api/v1/conversations/%d/assign" % conversation, agent,
                               {"team_id": team["id"]})
    assert status == 200 and answer["team_id"] == team["id"] and answer["assignee_id"] is None, answer
    status, page, _ = sd.api("GET", "/api/v1/conversations?team=%d" % team["id"], viewer)
    assert [c["id"] for c in page["items"]] == [conversation], page

    # A removed agent's token stops working at once and they cannot be assigned.
    status, answer, _ = sd.api("PATCH", "/api/v1/agents/%d" % agent_row["id"], admin, {"active": False})
    assert status == 200 and answer["active"] is False, answer
    status, answer, _ = sd.api("GET", "/api/v1/conversations", agent)
    assert status == 401, answer
    status, answer, _ = sd.api("POST", "/api/v1/conversations/%d/assign" % conversation, admin,
                               {"agent_id": agent_row["id"]})
    assert status == 409 and "removed" in answer["error"]["message"], answer


def test_password_reset_and_the_audit_log(tmp):
    sd = Shopdesk(tmp)
    owner = sd.setup_shop()
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    agent_row, _ = add_agent(sd, owner, "agent@sakura.example", "agent")
    status, answer, _ = sd.api("POST", "/api/v1/agents/%d/password" % agent_row["id"], owner, {"password": "short"})
    assert status == 400, answer
    status, answer, _ = sd.api("POST", "/api/v1/agents/%d/password" % agent_row["id"], owner, {"password": PASSWORD})
    assert status == 204, answer
    status, answer, _ = login(sd, "agent@sakura.example", "wrong password here")
    assert status == 401, answer
    status, session, _ = login(sd, "agent@sakura.example", PASSWORD)
    assert status == 200, session
    status, answer, _ = sd.api("PATCH", "/api/v1/agents/%d" % agent_row["id"], owner, {"role": "viewer"})
    assert status == 200, answer
    status, answer, _ = sd.api("PATCH", "/api/v1/settings", owner, {"time_zone": "UTC"})
    assert status == 200, answer

    status, audit, _ = sd.api("GET", "/api/v1/audit", owner)
    assert status == 200, audit
    actions = [e["action"] for e in audit["items"]]
    for expected in ["agent.added", "password.reset", "login_failed", "login", "agent.role_changed",
                     "settings.changed"]:
        assert expected in actions, (expected, actions)
    role = [e for e in audit["items"] if e["action"] == "agent.role_changed"][0]
    assert role["actor"] == "owner@sakura.example" and role["remote_address"] == "127.0.0.1", role
    assert role["detail"] == {"email": "agent@sakura.example", "from": "agent", "to": "viewer"}, role
    # `shopdesk channel add` (setup_shop) is the settings page's audited use case, by the
    # command line.
    added = [e for e in audit["items"] if e["action"] == "channel.added"]
    assert len(added) == 1 and added[0]["actor"].startswith("cli:"), added
    assert added[0]["detail"] == {"name": "support", "address": "support@sakura.example"}, added
    # So is `shopdesk user add` (the shop's first owner, whom no agent could add): the
    # agents page's use case, by the command line; the API's additions name their agent.
    by_agent = {e["actor"] for e in audit["items"] if e["action"] == "agent.added"}
    by_cli = [e for e in audit["items"] if e["action"] == "agent.added" and e["actor"].startswith("cli:")]
    assert [e["detail"] for e in by_cli] == [{"email": "owner@sakura.example", "role": "owner"}], by_cli
    assert by_agent - {by_cli[0]["actor"]} == {"owner@sakura.example"}, by_agent
    failed = [e for e in audit["items"] if e["action"] == "login_failed"][0]
    assert failed["actor"] == "agent@sakura.example" and failed["detail"]["reason"] == "wrong_password", failed
    status, logins, _ = sd.api("GET", "/api/v1/audit?action=login", owner)
    assert {e["action"] for e in logins["items"]} == {"login", "login_failed"}, logins
    status, page, _ = sd.api("GET", "/api/v1/audit?limit=2", owner)
    assert len(page["items"]) == 2 and page["next_before"] == page["items"][1]["id"], page
    status, rest, _ = sd.api("GET", "/api/v1/audit?before=%d" % page["next_before"], owner)
    assert [e["id"] for e in rest["items"]] == [e["id"] for e in audit["items"][2:]], rest


def test_privacy_export_and_erasure(tmp):
    sd = Shopdesk(tmp)
    owner = sd.setup_shop()
    for i, (subject, body) in enumerate([("返品の件", "東京都千代田区1-1 山田太郎"), ("追加の質問", "電話 03-1234-5678")]):
        sd.run("ingest", "--shop", "sakura", "--channel", "support",
               stdin=mail(subject, body, "taro-%d@example.jp" % i))
    sd.run("ingest", "--shop", "sakura", "--channel", "support",
           stdin=mail("別のお客様", "本文", "hanako@example.jp", sender="花子 <hanako@example.jp>"))
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    status, customers, _ = sd.api("GET", "/api/v1/customers?q=taro", owner)
    taro = customers["items"][0]
    status, before, _ = sd.api("GET", "/api/v1/conversations?customer=%d" % taro["id"], owner)
    conversation = before["items"][0]["id"]
    status, detail, _ = sd.api("GET", "/api/v1/conversations/%d" % conversation, owner)
    message = detail["messages"][0]["id"]
    status, raw, _ = sd.api("GET", "/api/v1/messages/%d/raw" % message, owner)
    assert status == 200

    status, export, headers = sd.api("GET", "/api/v1/customers/%d/export" % taro["id"], owner)
    assert status == 200, export
    assert headers["Content-Disposition"].startswith("attachment;"), headers
    assert export["format"] == "shopdesk.privacy-export/1" and export["customer"]["email"] == "taro@example.jp"
    assert len(export["conversations"]) == 2
    texts = json.dumps(export, ensure_ascii=False)
    assert "千代田区" in texts and "03-1234-5678" in texts and "hanako" not in texts, texts

    status, answer, _ = sd.api("POST", "/api/v1/customers/%d/erase" % taro["id"], owner, {"confirm": False})
    assert status == 400 and "cannot be undone" in answer["error"]["message"], answer
    status, counts, _ = sd.api("POST", "/api/v1/customers/%d/erase" % taro["id"], owner, {"confirm": True})
    assert status == 200, counts
    assert counts["conversations"] == 2 and counts["messages"] == 2 and counts["blobs_deleted"] == 2, counts

    status, after, _ = sd.api("GET", "/api/v1/customers/%d/export" % taro["id"], owner)
    text = json.dumps(after, ensure_ascii=False)
    for secret in ["taro@example.jp", "山田", "千代田区", "03-1234-5678", "返品の件"]:
        assert secret not in text, (secret, text)
    assert after["customer"]["erased"] is True and len(after["conversations"]) == 2
    status, answer, _ = sd.api("GET", "/api/v1/messages/%d/raw" % message, owner)
    assert status == 404, answer
    # The counts reports need are still there; the other customer is untouched.
    status, page, _ = sd.api("GET", "/api/v1/conversations", owner)
    assert len(page["items"]) == 3
    assert any(c["customer"]["email"] == "hanako@example.jp" and c["subject"] == "別のお客様" for c in page["items"])
    status, audit, _ = sd.api("GET", "/api/v1/audit?action=privacy.", owner)
    assert [e["action"] for e in audit["items"]] == ["privacy.exported", "privacy.erased", "privacy.exported"]
    assert audit["items"][1]["detail"]["messages"] == 2, audit

    # The same by command line, for the other customer.
    status, customers, _ = sd.api("GET", "/api/v1/customers?q=hanako", owner)
    hanako = customers["items"][0]["id"]
    out = tmp.join("hanako.json")
    sd.run("privacy", "export", "--shop", "sakura", "--customer", str(hanako), "--out", out)
    assert json.load(open(out, encoding="utf-8"))["customer"]["email"] == "hanako@example.jp"
    refused = sd.run("privacy", "erase", "--shop", "sakura", "--customer", str(hanako), check=False)
    assert refused.returncode == 1 and b"--yes" in refused.stderr, refused
    done = sd.run("privacy", "erase", "--shop", "sakura", "--customer", str(hanako), "--yes")
    assert b"messages 1," in done.stdout, done.stdout
    missing = sd.run("privacy", "erase", "--shop", "sakura", "--customer", "999999", "--yes", check=False)
    assert missing.returncode == 1 and b"customer" in missing.stderr, missing.stderr
    lines = [json.loads(l) for l in sd.run("audit", "--shop", "sakura", "--action", "privacy.").stdout.splitlines()]
    assert lines[0]["action"] == "privacy.erased" and lines[0]["actor"].startswith("cli:"), lines
    assert lines[0]["target"] == "customer:%d" % hanako


if __name__ == "__main__":
    run_tests(globals())
