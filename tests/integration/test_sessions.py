"""Logging in with e-mail and password: the session cookie (HttpOnly, SameSite=Lax),
CSRF on every change, the shop chosen per request for a person in several shops,
lockout after wrong passwords, logout, and sessions shared by every node."""
import json
import subprocess
import urllib.error
import urllib.request

from harness import Shopdesk, binary, mail, on_cleanup, run_tests

PASSWORD = "桜の季節のパスワード"


def set_password(node, email, password=PASSWORD):
    r = subprocess.run([binary(), "user", "password", *node.common_args(), "--email", email],
                       input=(password + "\n").encode(), capture_output=True, timeout=60)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def call(node, method, path, body=None, cookie=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (node.port, path), data=data, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if cookie:
        req.add_header("Cookie", cookie)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            payload = r.read()
            return r.status, json.loads(payload) if payload else None, r.headers
    except urllib.error.HTTPError as e:
        payload = e.read()
        return e.code, json.loads(payload) if payload else None, e.headers


def login(node, email="owner@sakura.example", password=PASSWORD):
    status, body, headers = call(node, "POST", "/api/v1/session", {"email": email, "password": password})
    cookie = headers.get("Set-Cookie", "")
    return status, body, cookie.split(";")[0] if cookie else None, cookie


def test_login_cookie_csrf_and_logout(tmp):
    sd = Shopdesk(tmp)
    token = sd.setup_shop()
    sd.run("ingest", "--shop", "sakura", "--channel", "support", stdin=mail("質問", "本文", "q@example.jp"))
    code, out, err = set_password(sd, "owner@sakura.example")
    assert code == 0, err
    code, out, err = set_password(sd, "owner@sakura.example", "short")
    assert code == 1 and "at least 10" in err, err
    sd.serve("--no-workers")
    on_cleanup(sd.kill)

    status, session, cookie, raw_cookie = login(sd)
    assert status == 200, session
    assert "HttpOnly" in raw_cookie and "SameSite=Lax" in raw_cookie and "Secure" not in raw_cookie, raw_cookie
    assert [s["role"] for s in session["shops"]] == ["owner"]
    csrf = session["csrf_token"]

    status, page, _ = call(sd, "GET", "/api/v1/conversations", cookie=cookie)
    assert status == 200 and page["items"][0]["subject"] == "質問", page
    cid = page["items"][0]["id"]
    # A change without the CSRF token is refused; with it, it goes through.
    status, body, _ = call(sd, "POST", "/api/v1/conversations/%d/notes" % cid, {"body": "メモ"}, cookie=cookie)
    assert status == 403 and "X-CSRF-Token" in body["error"]["message"], body
    status, body, _ = call(sd, "POST", "/api/v1/conversations/%d/notes" % cid, {"body": "メモ"}, cookie=cookie,
                           headers={"X-CSRF-Token": "0" * len(csrf)})
    assert status == 403, body
    status, body, _ = call(sd, "POST", "/api/v1/conversations/%d/notes" % cid, {"body": "メモ"}, cookie=cookie,
                           headers={"X-CSRF-Token": csrf})
    assert status == 201, body
    # Bearer tokens need no CSRF token (not sent by browsers on their own).
    status, body, _ = sd.api("POST", "/api/v1/conversations/%d/notes" % cid, token, {"body": "API"})
    assert status == 201, body

    status, body, headers = call(sd, "DELETE", "/api/v1/session", cookie=cookie, headers={"X-CSRF-Token": csrf})
    assert status == 204 and "Max-Age=0" in headers.get("Set-Cookie", ""), headers
    status, body, _ = call(sd, "GET", "/api/v1/conversations", cookie=cookie)
    assert status == 401, body


def test_wrong_passwords_lock_the_account(tmp):
    sd = Shopdesk(tmp)
    sd.setup_shop()
    set_password(sd, "owner@sakura.example")
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    status, unknown, _, _ = login(sd, email="nobody@example.jp")
    for i in range(5):
        status, body, _, _ = login(sd, password="wrong password %d" % i)
        assert status == 401 and body["error"]["message"] == unknown["error"]["message"], body
    status, body, cookie, _ = login(sd)
    assert status == 429 and "try again after" in body["error"]["message"], body
    assert cookie is None


def test_a_person_in_two_shops_names_the_shop_and_sees_only_it(tmp):
    sd = Shopdesk(tmp)
    sd.setup_shop()
    sd.setup_shop(slug="kaede", channel="kaede-support")
    sd.run("user", "add", "--shop", "kaede", "--email", "owner@sakura.example", "--role", "viewer")
    sd.run("ingest", "--shop", "sakura", "--channel", "support", stdin=mail("さくらへ", "本文", "s@example.jp"))
    sd.run("ingest", "--shop", "kaede", "--channel", "kaede-support", stdin=mail("かえでへ", "本文", "k@example.jp"))
    set_password(sd, "owner@sakura.example")
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    status, session, cookie, _ = login(sd)
    assert status == 200
    shops = {s["slug"]: s for s in session["shops"]}
    assert shops["sakura"]["role"] == "owner" and shops["kaede"]["role"] == "viewer", shops
    status, body, _ = call(sd, "GET", "/api/v1/conversations", cookie=cookie)
    assert status == 400 and "X-Shop-Id" in body["error"]["message"], body
    for slug, subject in (("sakura", "さくらへ"), ("kaede", "かえでへ")):
        status, page, _ = call(sd, "GET", "/api/v1/conversations", cookie=cookie,
                               headers={"X-Shop-Id": str(shops[slug]["id"])})
        assert status == 200 and [c["subject"] for c in page["items"]] == [subject], page
    status, body, _ = call(sd, "GET", "/api/v1/conversations", cookie=cookie, headers={"X-Shop-Id": "999"})
    assert status == 404, body
    # The viewer role holds in the second shop.
    kaede_conversation = call(sd, "GET", "/api/v1/conversations", cookie=cookie,
                              headers={"X-Shop-Id": str(shops["kaede"]["id"])})[1]["items"][0]["id"]
    status, body, _ = call(sd, "POST", "/api/v1/conversations/%d/notes" % kaede_conversation, {"body": "x"},
                           cookie=cookie, headers={"X-Shop-Id": str(shops["kaede"]["id"]),
                                                   "X-CSRF-Token": session["csrf_token"]})
    assert status == 403, body


def test_a_session_works_on_every_node(tmp):
    first = Shopdesk(tmp)
    first.setup_shop()
    set_password(first, "owner@sakura.example")
    second = Shopdesk(tmp)
    second.db = first.db
    for node in (first, second):
        node.serve("--no-workers")
        on_cleanup(node.kill)
    status, session, cookie, _ = login(first)
    assert status == 200
    status, body, _ = call(second, "GET", "/api/v1/session", cookie=cookie)
    assert status == 200 and body["account"]["email"] == "owner@sakura.example", body
    status, _, _ = call(second, "DELETE", "/api/v1/session", cookie=cookie,
                        headers={"X-CSRF-Token": session["csrf_token"]})
    assert status == 204
    status, body, _ = call(first, "GET", "/api/v1/session", cookie=cookie)
    assert status == 401, body


if __name__ == "__main__":
    run_tests(globals())
