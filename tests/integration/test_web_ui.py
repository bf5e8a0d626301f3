"""The agent web UI served by `shopdesk serve --web-dir`: files from memory with the
right types and cache headers, index.html for client-side routes, gzip, ETag/304, the
UI's security headers; the API keeps its own answers; without a built UI, / answers 503
and the API still works."""
import gzip
import os
import urllib.error
import urllib.request

from harness import Shopdesk, on_cleanup, run_tests

INDEX = b"<!doctype html><html lang=ja><title>shopdesk</title><script type=module src=/assets/index-3f9a1c.js></script>"
SCRIPT = b"".join(b"export const label%d = '\xe5\x8f\x97\xe4\xbf\xa1\xe7\xae\xb1';\n" % i for i in range(300))


def fetch(node, path, method="GET", headers=None):
    request = urllib.request.Request("http://127.0.0.1:%d%s" % (node.port, path), method=method,
                                     headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def build_dist(tmp):
    dist = tmp.join("dist")
    os.makedirs(os.path.join(dist, "assets"))
    for name, data in (("index.html", INDEX), ("assets/index-3f9a1c.js", SCRIPT),
                       ("assets/index-77ab02.css", b"body{margin:0}"), ("favicon.ico", b"\0\0\1\0")):
        with open(os.path.join(dist, name), "wb") as f:
            f.write(data)
    return dist


def log_of(node):
    node.log.flush()
    with open(node.log.name, encoding="utf-8", errors="replace") as f:
        return f.read()


def test_the_built_ui_is_served_beside_the_api(tmp):
    sd = Shopdesk(tmp)
    token = sd.setup_shop()
    dist = build_dist(tmp)
    sd.serve("--no-workers", "--web-dir", dist)
    on_cleanup(sd.kill)
    assert "web UI: serving 4 files" in log_of(sd) and dist in log_of(sd), log_of(sd)

    for path in ("/", "/inbox", "/conversations/12", "/settings/channels"):
        status, body, headers = fetch(sd, path)
        assert status == 200 and body == INDEX, (path, status, body[:100])
        assert headers["Content-Type"] == "text/html; charset=utf-8", headers
        assert headers["Cache-Control"] == "no-cache", headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, csp
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"

    status, body, headers = fetch(sd, "/assets/index-3f9a1c.js")
    assert status == 200 and body == SCRIPT and "Content-Encoding" not in headers
    assert headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Vary"] == "Accept-Encoding"
    status, body, gz_headers = fetch(sd, "/assets/index-3f9a1c.js", headers={"Accept-Encoding": "gzip, br"})
    assert status == 200 and gz_headers["Content-Encoding"] == "gzip", gz_headers
    assert int(gz_headers["Content-Length"]) == len(body) < len(SCRIPT) // 2
    assert gzip.decompress(body) == SCRIPT
    status, body, _ = fetch(sd, "/assets/index-3f9a1c.js", headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b"", status
    status, body, head = fetch(sd, "/", method="HEAD")
    assert status == 200 and body == b"" and int(head["Content-Length"]) == len(INDEX), head

    for path in ("/assets/missing.js", "/assets/../index.html", "/%2e%2e/etc/passwd"):
        status, body, _ = fetch(sd, path)
        assert status == 404 and b"<!doctype" not in body, (path, status, body[:100])

    # The API keeps its own answers: JSON 404/405, its strict CSP, and routes win.
    status, body, headers = fetch(sd, "/api/v1/nowhere")
    assert status == 404 and b'"not_found"' in body, body
    assert "default-src 'none'" in headers["Content-Security-Policy"], headers
    status, body, _ = fetch(sd, "/inbox", method="POST")
    assert status == 404 and b'"not_found"' in body, body
    status, body, _ = sd.api("GET", "/healthz")
    assert status == 200 and body["status"] == "ok", body
    status, body, _ = sd.api("GET", "/api/v1/conversations", token)
    assert status == 200 and "items" in body, body


def test_without_a_built_ui_the_root_says_so_and_the_api_works(tmp):
    sd = Shopdesk(tmp)
    token = sd.setup_shop()
    missing = tmp.join("no-such-dist")
    sd.serve("--no-workers", "--web-dir", missing)
    on_cleanup(sd.kill)
    assert missing in log_of(sd) and "make build" in log_of(sd), log_of(sd)
    status, body, headers = fetch(sd, "/", headers={"Accept": "text/html"})
    assert status == 503, status
    text = body.decode()
    assert "make build" in text and "ビルドされていません" in text and "not built" in text, text
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, body, _ = fetch(sd, "/inbox")
    assert status == 503 and "make build" in body.decode(), body
    status, body, _ = sd.api("GET", "/api/v1/conversations", token)
    assert status == 200, body


if __name__ == "__main__":
    run_tests(globals())
