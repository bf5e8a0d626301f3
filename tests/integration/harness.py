"""Real peers and the real shopdesk binary for integration tests (stdlib only).

Every server binds a free loopback port inside a temporary directory and is stopped
when the test ends, so tests run in any order and in parallel.
"""
import email
import email.policy
import glob
import imaplib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"  # Debian's, which has aiosmtpd


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=15.0, interval=0.05, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out after %.0fs waiting for %s" % (timeout, what))


def wait_port(port, timeout=15.0):
    def ok():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            return False
    wait_for(ok, timeout, what="port %d" % port)


class TempDir:
    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="shopdesk-it-")
        os.chmod(self.path, 0o755)

    def join(self, *parts):
        return os.path.join(self.path, *parts)

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


class Dovecot:
    """A private Dovecot IMAP server with one user 'shop' / 'secret'."""

    USER, PASSWORD = "shop", "secret"

    def __init__(self, tmp):
        self.root = tmp.join("dovecot")
        for d in ("run", "state", "mail"):
            os.makedirs(os.path.join(self.root, d), exist_ok=True)
        self.port = free_port()
        with open(os.path.join(self.root, "passwd"), "w") as f:
            f.write("%s:{PLAIN}%s\n" % (self.USER, self.PASSWORD))
        conf = os.path.join(self.root, "dovecot.conf")
        with open(conf, "w") as f:
            f.write("""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = nobody
default_internal_user = nobody
default_internal_group = nogroup
first_valid_uid = 0
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
}}
service anvil {{
  chroot =
}}
""".format(root=self.root, port=self.port))
        subprocess.run(["chown", "-R", "nobody:nogroup", os.path.join(self.root, "mail")], check=True)
        self.process = subprocess.Popen(["/usr/sbin/dovecot", "-F", "-c", conf],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port)
        self.url = "imap://127.0.0.1:%d/INBOX" % self.port

    def _client(self):
        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login(self.USER, self.PASSWORD)
        client.select("INBOX")
        return client

    def append(self, raw):
        client = self._client()
        status, _ = client.append("INBOX", None, None, raw)
        client.logout()
        assert status == "OK", status

    def uids(self, criterion):
        client = self._client()
        _, data = client.uid("SEARCH", criterion)
        client.logout()
        return data[0].split()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class SmtpSink:
    """An aiosmtpd server that keeps every message it accepts."""

    def __init__(self, tmp, port=None):
        self.dir = tmp.join("smtp-%d" % time.time_ns())
        os.makedirs(self.dir)
        self.port = port or free_port()
        self.process = subprocess.Popen([PYTHON, os.path.join(HERE, "smtp_sink.py"), str(self.port), self.dir],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: os.path.exists(os.path.join(self.dir, "ready")), what="SMTP sink")
        self.url = "smtp://127.0.0.1:%d" % self.port

    def messages(self):
        out = []
        for path in sorted(glob.glob(os.path.join(self.dir, "*.eml"))):
            with open(path, "rb") as f:
                raw = f.read()
            with open(path[:-4] + ".json") as f:
                envelope = json.load(f)
            out.append((envelope, email.message_from_bytes(raw, policy=email.policy.default), raw))
        return out

    def wait_for(self, n, timeout=20):
        return wait_for(lambda: len(self.messages()) >= n and self.messages(), timeout,
                        what="%d message(s) at the SMTP sink" % n)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def binary():
    path = os.environ.get("SHOPDESK_BINARY") or os.path.join(HERE, "..", "..", "build", "release", "shopdesk")
    assert os.path.exists(path), "shopdesk binary not found at %s (run make build)" % path
    return path


# SHOPDESK_TEST_BACKEND=postgresql runs a test file against a throw-away PostgreSQL
# cluster (one per file, a fresh database per test) instead of SQLite.
BACKEND = os.environ.get("SHOPDESK_TEST_BACKEND", "sqlite")
_cluster = None


def _database_url(tmp):
    global _cluster
    if BACKEND != "postgresql":
        return "sqlite:" + tmp.join("shopdesk.db")
    if _cluster is None:
        from postgres_cluster import PostgresCluster
        _cluster = PostgresCluster()
    return _cluster.create_database()


class Shopdesk:
    """The shopdesk binary on a private database (SQLite, or PostgreSQL; see BACKEND)."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.db = _database_url(tmp)
        self.server = None
        self.port = None
        self.log = None

    def run(self, *args, stdin=None, check=True):
        result = subprocess.run([binary(), *args, "--db", self.db], input=stdin, capture_output=True,
                                timeout=120)
        if check and result.returncode != 0:
            raise AssertionError("shopdesk %s failed (%d): %s" % (" ".join(args), result.returncode,
                                                                 result.stderr.decode(errors="replace")))
        return result

    def setup_shop(self, slug="sakura", smtp_url="", imap_url="", channel="support"):
        self.run("shop", "add", slug, "--name", "さくら雑貨店")
        args = ["channel", "add", "--shop", slug, "--name", channel, "--address", "support@%s.example" % slug,
                "--display-name", "さくら雑貨店 サポート"]
        if smtp_url:
            args += ["--smtp-url", smtp_url]
        if imap_url:
            args += ["--imap-url", imap_url, "--imap-user", Dovecot.USER, "--imap-password", Dovecot.PASSWORD]
        self.run(*args)
        token = self.run("user", "add", "--shop", slug, "--email", "owner@%s.example" % slug,
                         "--role", "owner").stdout.decode().strip()
        return token

    def serve(self, *extra):
        self.port = free_port()
        self.log = open(self.tmp.join("serve-%d.log" % self.port), "wb")
        self.server = subprocess.Popen([binary(), "serve", "--db", self.db, "--listen", "127.0.0.1:%d" % self.port,
                                        *extra], stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(lambda: self.server.poll() is not None or self._healthy(), what="shopdesk serve")
        assert self.server.poll() is None, "shopdesk serve exited: " + open(self.log.name).read()

    def _healthy(self):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % self.port, timeout=1) as r:
                return r.status == 200
        except (urllib.error.URLError, ConnectionError, OSError):
            return False

    def kill(self, hard=True):
        if self.server:
            if hard:
                self.server.kill()
            else:
                self.server.terminate()
            self.server.wait(10)
            self.server = None

    def api(self, method, path, token=None, body=None, raw=None, headers=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), data=data, method=method)
        if token:
            request.add_header("Authorization", "Bearer " + token)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            request.add_header(k, v)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                payload = response.read()
                return response.status, _json_or_bytes(payload), dict(response.headers)
        except urllib.error.HTTPError as e:
            payload = e.read()
            return e.code, _json_or_bytes(payload), dict(e.headers)


def _json_or_bytes(payload):
    try:
        return json.loads(payload)
    except ValueError:
        return payload


def mail(subject, body, message_id, sender="山田 太郎 <taro@example.jp>", extra=""):
    """A UTF-8 mail with an RFC 2047 subject, as bytes."""
    from email.header import Header
    from email.utils import formataddr, parseaddr
    name, address = parseaddr(sender)
    from_header = formataddr((str(Header(name, "utf-8")), address)) if name else address
    headers = ("From: %s\r\nTo: support@sakura.example\r\nSubject: %s\r\n" % (from_header, Header(subject, "utf-8").encode()))
    if message_id:
        headers += "Message-ID: <%s>\r\n" % message_id
    headers += extra + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    return headers.encode() + body.encode("utf-8") + b"\r\n"


def run_tests(namespace):
    """Runs every test_* function in `namespace` with a fresh TempDir and prints the
    closing line 'N passed, N failed'. Exits non-zero when any failed."""
    tests = [(name, fn) for name, fn in namespace.items() if name.startswith("test_") and callable(fn)]
    passed = failed = 0
    for name, fn in tests:
        tmp = TempDir()
        started = time.time()
        try:
            fn(tmp)
            passed += 1
            print("PASS %s (%.1fs)" % (name, time.time() - started), flush=True)
        except Exception:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print("FAIL %s\n%s" % (name, traceback.format_exc()), flush=True)
        finally:
            for stopper in list(_cleanups):
                try:
                    stopper()
                except Exception:  # noqa: BLE001
                    pass
            _cleanups.clear()
            tmp.cleanup()
    if _cluster is not None:
        _cluster.stop()
    print("%s: %d passed, %d failed" % (BACKEND, passed, failed))
    sys.exit(1 if failed else 0)


_cleanups = []


def on_cleanup(fn):
    """Registers a stop function for the current test (servers, peers)."""
    _cleanups.append(fn)
    return fn
