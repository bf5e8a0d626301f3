"""What a browser gets from shopdesk over HTTP: every response carries the headers
that stop framing, sniffing and referrer leaks; attachments are downloads (Content-
Disposition: attachment with an RFC 6266 filename*, Japanese names intact), never a
type a browser would render or run; a hostile HTML mail is stored sanitized."""
import base64
import urllib.parse

from harness import Shopdesk, on_cleanup, run_tests

# (file name, declared content type, what the download must be served as)
ATTACHMENTS = [
    ("見積書.html", "text/html", "application/octet-stream"),
    ("図面.svg", "image/svg+xml", "application/octet-stream"),
    ("ページ.xhtml", "application/xhtml+xml", "application/octet-stream"),
    ("台本.js", "text/jscript", "application/octet-stream"),
    ("マクロ.vbs", "text/vbscript", "application/octet-stream"),
    ("データ.xml", "text/xml", "application/octet-stream"),
    ("写真.png", "image/png", "image/png"),
    ("納品書.pdf", "application/pdf", "application/pdf"),
    ("メモ.txt", "text/plain", "text/plain"),
]
HOSTILE = b"<html><body onload=alert(1)><script>alert(2)</script><svg onload=alert(3)></svg>" \
          b"<img src=x onerror=alert(4)><a href=\"jav&#x09;ascript:alert(5)\">x</a></body></html>"


def hostile_mail():
    parts = []
    for name, ctype, _ in ATTACHMENTS:
        encoded = urllib.parse.quote(name.encode("utf-8"))
        parts.append(("--b\r\nContent-Type: %s\r\nContent-Disposition: attachment; "
                      "filename*=UTF-8''%s\r\nContent-Transfer-Encoding: base64\r\n\r\n" % (ctype, encoded)).encode()
                     + base64.encodebytes(HOSTILE).replace(b"\n", b"\r\n"))
    return (b"From: attacker@example.jp\r\nTo: support@sakura.example\r\nSubject: =?UTF-8?B?6KaL56mN?=\r\n"
            b"Message-ID: <xss@example.jp>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + HOSTILE + b"\r\n"
            + b"".join(parts) + b"--b--\r\n")


def expect_security_headers(headers, what):
    h = {k.lower(): v for k, v in headers.items()}
    assert h.get("x-content-type-options") == "nosniff", (what, h)
    assert h.get("referrer-policy") == "no-referrer", (what, h)
    csp = h.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp or h.get("x-frame-options") == "DENY", (what, h)
    assert h.get("x-frame-options") == "DENY", (what, h)
    return h, csp


def test_headers_downloads_and_sanitized_html(tmp):
    sd = Shopdesk(tmp)
    token = sd.setup_shop()
    sd.run("ingest", "--shop", "sakura", "--channel", "support", stdin=hostile_mail())
    sd.serve("--no-workers")
    on_cleanup(sd.kill)

    for method, path, auth, expected in [("GET", "/healthz", None, 200),
                                         ("GET", "/api/v1/conversations", token, 200),
                                         ("GET", "/api/v1/conversations", None, 401),
                                         ("GET", "/api/v1/nowhere", token, 404),
                                         ("DELETE", "/api/v1/conversations", token, 405)]:
        status, _, headers = sd.api(method, path, auth)
        assert status == expected, (method, path, status)
        _, csp = expect_security_headers(headers, path)
        assert "default-src 'none'" in csp, (path, csp)

    status, detail, _ = sd.api("GET", "/api/v1/conversations/1", token)
    assert status == 200, detail
    message = detail["messages"][0]
    html = message["html"].lower()
    for bad in ("<script", "onload", "onerror", "<svg", "javascript", "alert(2)"):
        assert bad not in html, (bad, message["html"])
    assert "rel=\"noopener noreferrer\"" in html, html  # the link stays, without its href

    by_name = {a["filename"]: a for a in message["attachments"]}
    assert sorted(by_name) == sorted(name for name, _, _ in ATTACHMENTS), by_name
    for name, declared, served in ATTACHMENTS:
        status, body, headers = sd.api("GET", "/api/v1/attachments/%d" % by_name[name]["id"], token)
        assert status == 200, (name, body)
        h, csp = expect_security_headers(headers, name)
        assert h["content-type"] == served, (name, declared, h["content-type"])
        assert "sandbox" in csp and "default-src 'none'" in csp, (name, csp)
        disposition = h["content-disposition"]
        assert disposition.startswith("attachment; filename=\""), disposition
        assert "filename*=UTF-8''" + urllib.parse.quote(name.encode("utf-8"), safe="") in disposition, \
            (name, disposition)
        assert body == HOSTILE, name  # the bytes as sent, just never rendered

    status, raw, headers = sd.api("GET", "/api/v1/messages/%d/raw" % message["id"], token)
    assert status == 200
    h, _ = expect_security_headers(headers, "raw")
    assert h["content-type"] == "message/rfc822" and h["content-disposition"].startswith("attachment;")


if __name__ == "__main__":
    run_tests(globals())
