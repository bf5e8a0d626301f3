"""Real peers and the real shopdesk binary for integration tests (stdlib only).

Run test files with /usr/bin/python3 (Debian's, which has aiosmtpd).

- free_port(), wait_for(), wait_port(); TempDir (also a context manager).
- Dovecot(tmp): a private IMAP server (user "shop" / "secret") on a free loopback port.
- SmtpSink(tmp): an aiosmtpd server keeping every message; recipients fail4xx@ /
  fail5xx@ are refused, or every recipient with .reject("451 ...").
- Shopdesk(tmp, now=None): the shopdesk binary on a private database (SQLite or
  PostgreSQL), every process of it on the test clock (below); sd.now() reads that clock.
- built_executable(name): a C++ test executable of the same build as the shopdesk binary.
- run_tests(globals()): runs every test_* function, prints "N passed, N failed" last.

The test clock: the time a test sees never comes from the machine. Every shopdesk
process started through Shopdesk runs with `--test-clock TIME@ANCHOR` (docs/sla.md,
"Tests at any hour"): its clock read TIME at the real instant ANCHOR and advances in real
time. By default every Shopdesk of a test file shares one timeline that starts at
TEST_NOW (an ordinary Wednesday morning in Tokyo; SHOPDESK_TEST_NOW=ISO overrides it
to explore) when the file is imported; Shopdesk(tmp, now="2026-12-02T15:00:00+09:00")
starts a timeline of its own at that instant. Mail dates are written from sd.now(),
never from time.time(), so the suite gives the same answer at any hour, on any day, in
any time zone (scripts/check-any-hour proves it under libfaketime).

Every server binds a free port inside its own temporary directory, so tests run in any
order and in parallel. Servers are stopped by on_cleanup() at the end of each test and,
whatever happens, when the test process exits: at exit, on SIGTERM, and (through the
kernel's parent-death signal) even when the test process is killed outright.
"""
import atexit
import collections
import ctypes
import email
import email.policy
import email.utils
import glob
import imaplib
import inspect
import json
import os
import pwd
import re
import shutil
import signal
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
DOVECOT = "/usr/sbin/dovecot"
DOVEADM = "/usr/bin/doveadm"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=15.0, interval=0.05, what="condition"):
    """Calls predicate until it returns something truthy, and returns that."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out after %.0fs waiting for %s" % (timeout, what))


def port_open(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_port(port, timeout=15.0, process=None):
    """Waits until 127.0.0.1:port accepts; fails early when `process` exited."""
    def ready():
        if process is not None and process.poll() is not None:
            raise AssertionError("the server exited (status %s) before port %d opened"
                                 % (process.returncode, port))
        return port_open(port)
    wait_for(ready, timeout, what="port %d" % port)


class TempDir:
    """A fresh directory (mode 0755, so servers running as other users can enter it).
    `with TempDir() as tmp:` removes it afterwards; otherwise call cleanup()."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="shopdesk-it-")
        os.chmod(self.path, 0o755)

    def join(self, *parts):
        return os.path.join(self.path, *parts)

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False


def _in(tmp, *parts):
    """A path inside `tmp`, a TempDir or a directory path."""
    return os.path.join(tmp if isinstance(tmp, (str, os.PathLike)) else tmp.path, *parts)


# ---------------------------------------------------------------------------------------
# Processes: every server started here is stopped at exit, whatever happens.

_live = {}  # pid -> stop function


def die_with_parent():
    """preexec_fn: the child gets SIGTERM when this test process dies, even by SIGKILL."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def spawn(args, stop=None, **kwargs):
    """subprocess.Popen that dies with this process; `stop(process)` (default: terminate,
    then kill) runs at exit when the process is still alive."""
    process = subprocess.Popen(args, preexec_fn=die_with_parent, **kwargs)
    _live[process.pid] = lambda: (stop or _terminate)(process)
    return process


def _terminate(process, timeout=10):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
    _live.pop(process.pid, None)


def _stop_all():
    for pid, stop in list(_live.items()):
        try:
            stop()
        except Exception:  # noqa: BLE001 - stop as many as possible
            pass
        _live.pop(pid, None)


atexit.register(_stop_all)


def _on_sigterm(signum, frame):
    sys.exit(128 + signum)  # runs the atexit handlers


if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
    signal.signal(signal.SIGTERM, _on_sigterm)


def _descendants(pid):
    """Pids of every process below `pid` (from /proc)."""
    children = collections.defaultdict(list)
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children[int(fields[1])].append(int(stat.split("/")[2]))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# ---------------------------------------------------------------------------------------
# Dovecot


def _system_user(*names):
    for name in names:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise AssertionError("none of the users %s exists" % ", ".join(names))


class Dovecot:
    """A private Dovecot IMAP server: user "shop" / "secret", maildir in the temp dir,
    plain IMAP on 127.0.0.1:<free port>, no TLS. Several can run at once. `tmp` is a
    TempDir or a directory others may enter (mode 0755), as the mail user is not root.

    Dovecot refuses to deliver mail as root, so the mail user is `nobody` (its uid and
    gid are in the passwd-file); login and internal processes run as Debian's
    `dovenull` and `dovecot` users (or `nobody` where those do not exist)."""

    USER, PASSWORD = "shop", "secret"

    def __init__(self, tmp):
        self.root = _in(tmp, "dovecot-%d" % time.time_ns())
        for d in ("run", "state", "mail"):
            os.makedirs(os.path.join(self.root, d))
        os.chmod(self.root, 0o755)
        self.port = free_port()
        mail_user = _system_user("nobody")
        login_user = _system_user("dovenull", "nobody")
        internal_user = _system_user("dovecot", "nobody")
        home = os.path.join(self.root, "mail", self.USER)
        self.maildir = os.path.join(home, "Maildir")
        self.passwd = os.path.join(self.root, "passwd")
        with open(self.passwd, "w") as f:
            # user:password:uid:gid:gecos:home:shell
            f.write("%s:{PLAIN}%s:%d:%d::%s::\n" % (self.USER, self.PASSWORD, mail_user.pw_uid,
                                                   mail_user.pw_gid, home))
        self.conf = os.path.join(self.root, "dovecot.conf")
        self.log_path = os.path.join(self.root, "dovecot.log")
        with open(self.conf, "w") as f:
            f.write("""# written by tests/integration/harness.py
base_dir = {root}/run
state_dir = {root}/state
log_path = {log}
info_log_path = {log}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = {uid}
last_valid_uid = 0
mail_location = maildir:~/Maildir
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {passwd}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  # No growing login delay after a wrong password (tests try one on purpose).
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
""".format(root=self.root, log=self.log_path, port=self.port, passwd=self.passwd,
           login_user=login_user.pw_name, internal_user=internal_user.pw_name,
           internal_group=internal_user.pw_name if internal_user.pw_name != "nobody" else "nogroup",
           uid=min(mail_user.pw_uid, 500)))
        os.makedirs(home)
        shutil.chown(home, mail_user.pw_uid, mail_user.pw_gid)
        self.process = spawn([DOVECOT, "-F", "-c", self.conf], stop=lambda _: self.stop(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_port(self.port, process=self.process)
        except AssertionError as e:
            self.stop()
            raise AssertionError("%s\n--- dovecot.log ---\n%s" % (e, self.log()))
        self.url = "imap://127.0.0.1:%d/INBOX" % self.port

    def log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def client(self):
        """A logged-in imaplib client with INBOX selected; call .logout() when done."""
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        client.login(self.USER, self.PASSWORD)
        client.select("INBOX")
        return client

    _client = client  # old name

    def append(self, raw, flags=None):
        """Puts `raw` (bytes, kept exactly when its lines end in CRLF) into INBOX,
        unseen unless flags say otherwise. Returns its UID (an int)."""
        client = self.client()
        try:
            status, data = client.append("INBOX", flags, None, raw)
        finally:
            client.logout()
        assert status == "OK", (status, data)
        found = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
        return int(found.group(1)) if found else None

    def uids(self, criterion):
        """UIDs (as bytes, e.g. [b'1', b'2']) matching an IMAP SEARCH criterion."""
        client = self.client()
        try:
            _, data = client.uid("SEARCH", criterion)
        finally:
            client.logout()
        return data[0].split()

    def seen_uids(self):
        return [int(u) for u in self.uids("SEEN")]

    def unseen_uids(self):
        return [int(u) for u in self.uids("UNSEEN")]

    def unseen_count(self):
        return len(self.uids("UNSEEN"))

    def fetch(self, uid):
        """The bytes of message `uid` (BODY.PEEK[]: does not mark it seen)."""
        client = self.client()
        try:
            _, data = client.uid("FETCH", str(uid), "(BODY.PEEK[])")
        finally:
            client.logout()
        return data[0][1]

    def doveadm_args(self, *args):
        """The argv of a doveadm command against this instance."""
        return [DOVEADM, "-c", self.conf, *args]

    def doveadm(self, *args):
        result = subprocess.run(self.doveadm_args(*args), capture_output=True, timeout=60)
        assert result.returncode == 0, (args, result.stderr.decode(errors="replace"))
        return result.stdout.decode(errors="replace")

    def kick(self):
        """Disconnects every IMAP session of the user (the server says BYE and closes)."""
        self.doveadm("kick", self.USER)

    def set_uidvalidity(self, value):
        """Gives INBOX a new UIDVALIDITY, as if it had been deleted and recreated."""
        self.doveadm("mailbox", "update", "-u", self.USER, "--uid-validity", str(value), "INBOX")

    def stop(self):
        """Stops the master and every process it started; waits until all are gone."""
        process = getattr(self, "process", None)
        if process is None:
            return
        children = _descendants(process.pid)
        _terminate(process)
        deadline = time.time() + 10
        while any(_alive(pid) for pid in children) and time.time() < deadline:
            time.sleep(0.05)
        for pid in children:
            if _alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        self.process = None


# ---------------------------------------------------------------------------------------
# SMTP

Received = collections.namedtuple("Received", "envelope message raw")


class SmtpSink:
    """An aiosmtpd server (tests/integration/smtp_sink.py, its own process) keeping
    every message it accepts as <dir>/<n>.eml (the exact bytes of DATA) and <n>.json
    ({"mail_from": ..., "rcpt_tos": [...]}).

    Refusals, to test retries: a recipient whose local part is fail4xx gets
    "451 4.3.0", fail5xx gets "550 5.1.1"; reject("452 ...") refuses every recipient
    with that reply (reject(..., stage="data") refuses after DATA) until accept()."""

    def __init__(self, tmp, port=None):
        self.dir = _in(tmp, "smtp-%d" % time.time_ns())
        os.makedirs(self.dir)
        self.port = port or free_port()
        self.process = spawn([PYTHON, os.path.join(HERE, "smtp_sink.py"), str(self.port), self.dir],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def ready():
            assert self.process.poll() is None, "the SMTP sink exited with %s" % self.process.returncode
            return os.path.exists(os.path.join(self.dir, "ready"))
        wait_for(ready, what="SMTP sink")
        self.url = "smtp://127.0.0.1:%d" % self.port

    def messages(self):
        """Every accepted message in arrival order, as Received(envelope, message, raw):
        envelope a dict, message parsed with email.policy.default, raw the bytes."""
        out = []
        for path in sorted(glob.glob(os.path.join(self.dir, "*.eml"))):
            with open(path, "rb") as f:
                raw = f.read()
            with open(path[:-4] + ".json") as f:
                envelope = json.load(f)
            out.append(Received(envelope, email.message_from_bytes(raw, policy=email.policy.default), raw))
        return out

    def wait_for(self, n, timeout=20):
        """Waits until at least n messages arrived; returns messages()."""
        def arrived():
            messages = self.messages()
            return messages if len(messages) >= n else None
        return wait_for(arrived, timeout, what="%d message(s) at the SMTP sink" % n)

    def reject(self, reply="451 4.3.0 try again later (test)", stage="rcpt"):
        """Refuses from now on every RCPT (stage "rcpt") or every message after DATA
        (stage "data") with `reply`."""
        assert stage in ("rcpt", "data") and re.match(r"^[45]\d\d ", reply), (stage, reply)
        with open(os.path.join(self.dir, "reject-" + stage + ".tmp"), "w") as f:
            f.write(reply)
        os.rename(os.path.join(self.dir, "reject-" + stage + ".tmp"), os.path.join(self.dir, "reject-" + stage))

    def delay_quit(self, seconds):
        """From now on the reply to QUIT comes `seconds` late (0: at once again); each
        message is accepted before, with the reply to DATA."""
        path = os.path.join(self.dir, "delay-quit")
        if seconds:
            with open(path + ".tmp", "w") as f:
                f.write(str(seconds))
            os.rename(path + ".tmp", path)
        elif os.path.exists(path):
            os.remove(path)

    def accept(self):
        """Undoes reject()."""
        for stage in ("rcpt", "data"):
            try:
                os.remove(os.path.join(self.dir, "reject-" + stage))
            except FileNotFoundError:
                pass

    def stop(self):
        if self.process is not None:
            _terminate(self.process)
            self.process = None


# ---------------------------------------------------------------------------------------
# The shopdesk binary and the C++ test executables of the same build


def binary():
    path = os.environ.get("SHOPDESK_BINARY") or os.path.join(HERE, "..", "..", "build", "release", "shopdesk")
    assert os.path.exists(path), "shopdesk binary not found at %s (run make build)" % path
    return path


def built_executable(name):
    """Path of the C++ executable `name`: in $SHOPDESK_BUILD_DIR, else next to
    $SHOPDESK_BINARY, else in build/release (each also under tests/)."""
    dirs = []
    if os.environ.get("SHOPDESK_BUILD_DIR"):
        dirs.append(os.environ["SHOPDESK_BUILD_DIR"])
    if os.environ.get("SHOPDESK_BINARY"):
        dirs.append(os.path.dirname(os.path.abspath(os.environ["SHOPDESK_BINARY"])))
    dirs.append(os.path.join(HERE, "..", "..", "build", "release"))
    for d in dirs:
        for candidate in (os.path.join(d, name), os.path.join(d, "tests", name)):
            if os.access(candidate, os.X_OK):
                return os.path.abspath(candidate)
    raise AssertionError("%s not found in %s (build it, or set SHOPDESK_BUILD_DIR)" % (name, dirs))


TEST_NOW = os.environ.get("SHOPDESK_TEST_NOW") or "2026-11-25T10:30:00+09:00"  # a Wednesday


def parse_iso(text):
    """Unix seconds (a float) of an ISO 8601 time with a zone (Z or +HH:MM)."""
    import datetime
    value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert value.tzinfo is not None, "%s has no time zone" % text
    return value.timestamp()


class TestClock:
    """A timeline: it read `start` (an ISO 8601 time) at the real instant `anchor` (Unix
    seconds; default now) and advances in real time."""

    def __init__(self, start, anchor=None):
        self.start = parse_iso(start)
        self.anchor = time.time() if anchor is None else anchor

    def now(self):
        """The test clock's Unix time (a float)."""
        return self.start + (time.time() - self.anchor)

    def option(self):
        """The --test-clock value that puts a shopdesk process on this timeline."""
        import datetime
        start = datetime.datetime.fromtimestamp(self.start, datetime.timezone.utc)
        return "%s@%.3f" % (start.isoformat(timespec="milliseconds"), self.anchor)


FILE_CLOCK = TestClock(TEST_NOW)  # shared by every Shopdesk of this test file


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

    def __init__(self, tmp, now=None):
        """`now`: an ISO 8601 time this instance's own timeline starts at (default: the
        file's shared timeline, which every other node of the same database is on too)."""
        self.tmp = tmp
        self.db = _database_url(tmp)
        self.clock = TestClock(now) if now else FILE_CLOCK
        self.server = None
        self.port = None
        self.log = None

    def run(self, *args, stdin=None, check=True):
        result = subprocess.run([binary(), *args, *self.common_args()], input=stdin,
                                capture_output=True, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError("shopdesk %s failed (%d): %s" % (" ".join(args), result.returncode,
                                                                 result.stderr.decode(errors="replace")))
        return result

    def now(self):
        """Unix seconds on this instance's test clock: what its processes read now."""
        return self.clock.now()

    def common_args(self):
        """The options every shopdesk command of this instance gets: its database and
        its test clock."""
        return ["--db", self.db, "--test-clock", self.clock.option()]

    def date_header(self, hours_ago=0.0):
        """A Date header `hours_ago` hours before the test clock's now."""
        return "Date: %s\r\n" % email.utils.formatdate(self.now() - hours_ago * 3600)

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
        self.server = spawn([binary(), "serve", *self.common_args(), "--listen",
                             "127.0.0.1:%d" % self.port, *extra], stdout=self.log, stderr=subprocess.STDOUT)
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
            _live.pop(self.server.pid, None)
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


# ---------------------------------------------------------------------------------------
# The runner


_cleanups = []


def on_cleanup(fn):
    """Registers a stop function for the current test (servers, peers); they run in
    reverse order when the test ends."""
    _cleanups.append(fn)
    return fn


def run_tests(namespace):
    """Runs every test_* function of `namespace` in definition order, each with a fresh
    TempDir when it takes an argument; prints PASS/FAIL per test and then, as the last
    line, "N passed, N failed"; exits 1 when any failed. `python3 test_x.py name ...`
    runs only the named tests."""
    tests = [(name, fn) for name, fn in namespace.items()
             if name.startswith("test_") and inspect.isfunction(fn)]
    if sys.argv[1:]:
        tests = [(name, fn) for name, fn in tests if name in sys.argv[1:]]
    passed = failed = 0
    for name, fn in tests:
        tmp = TempDir()
        started = time.time()
        try:
            if inspect.signature(fn).parameters:
                fn(tmp)
            else:
                fn()
            passed += 1
            print("PASS %s (%.1fs)" % (name, time.time() - started), flush=True)
        except Exception:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print("FAIL %s (%.1fs)\n%s" % (name, time.time() - started, traceback.format_exc()), flush=True)
        finally:
            for stopper in reversed(_cleanups):
                try:
                    stopper()
                except Exception:  # noqa: BLE001
                    pass
            _cleanups.clear()
            tmp.cleanup()
    if _cluster is not None:
        _cluster.stop()
    _stop_all()
    print("%d passed, %d failed (backend %s)" % (passed, failed, BACKEND), flush=True)
    sys.exit(1 if failed else 0)
