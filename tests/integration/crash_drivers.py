"""Load drivers for tests/integration/test_crash_safety.py (stdlib only).

Each driver is a thread that feeds `shopdesk serve` from one side (HTTP upload,
`shopdesk ingest`, the IMAP mailbox, HTTP replies) until its stop event is set, and
writes into a shared Ledger what it tried and what was acknowledged. What counts as an
acknowledgement is the source's own contract:
- HTTP upload: a 201 (stored) or 200 (duplicate) answer received;
- `shopdesk ingest`: exit status 0;
- IMAP: the server set \\Seen (it does only after commit; read after each kill);
- reply: a 201 answer received (the reply and its outbox job are committed).
A request cut off by the kill is "attempted": it may or may not have been stored.
"""
import http.client
import json
import signal
import subprocess
import threading
import time

from harness import binary, mail

SHOP, CHANNEL = "sakura", "support"


class Ledger:
    """What the drivers tried and what was acknowledged; every method is thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.source = {}         # Message-ID of an inbound mail -> "http" | "cli" | "imap"
        self.acked = {}          # Message-ID -> round in which it was first acknowledged
        self.imap_uids = {}      # IMAP UID -> Message-ID
        self.replies = {}        # Message-ID of a reply answered 201 -> round
        self.reply_attempts = 0  # reply POSTs sent, answered or not
        self.unexpected = []     # answers no driver expects (e.g. a 5xx), with context
        self.next = 0

    def new_message_id(self, source, round_no):
        with self.lock:
            self.next += 1
            message_id = "%s-r%d-%d@crash.example" % (source, round_no, self.next)
            self.source[message_id] = source
            return message_id

    def unacknowledged(self, source):
        with self.lock:
            return sorted(m for m, s in self.source.items() if s == source and m not in self.acked)

    def ack(self, message_id, round_no):
        with self.lock:
            self.acked.setdefault(message_id, round_no)

    def note_unexpected(self, what):
        with self.lock:
            self.unexpected.append(what)


def raw_mail(message_id):
    n = message_id.split("@")[0]
    return mail("クラッシュ試験 %s" % n, "本文 %s\r\n注文の件です。" % n, message_id,
                sender="客 %s <%s@customer.example>" % (n, n.replace("-", ".")))


class Driver(threading.Thread):
    """A thread running `step()` until `stop` is set; `pause` seconds between steps
    are drawn from `rng` (each driver owns its own random.Random)."""

    def __init__(self, ledger, round_no, stop, rng, pause):
        super().__init__(daemon=True)
        self.ledger, self.round_no, self.stop, self.rng, self.pause = ledger, round_no, stop, rng, pause

    def run(self):
        try:
            while not self.stop.is_set():
                self.step()
                self.stop.wait(self.rng.uniform(*self.pause))
        except Exception as e:  # noqa: BLE001 - a driver that dies must fail the test, not vanish
            self.ledger.note_unexpected("%s died: %r" % (type(self).__name__, e))

    def pick_message_id(self, source):
        """A retry of an unacknowledged mail one time in four (a retry must store
        nothing twice), else a new one."""
        retry = self.ledger.unacknowledged(source)
        if retry and self.rng.random() < 0.25:
            return self.rng.choice(retry)
        return self.ledger.new_message_id(source, self.round_no)


class HttpDriver(Driver):
    """Keeps one keep-alive connection; a cut connection is reopened on the next step."""

    def __init__(self, port, token, *args):
        super().__init__(*args)
        self.port, self.token, self.conn = port, token, None

    def request(self, method, path, body, content_type=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Authorization": "Bearer " + self.token}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            return None, b""  # the server died (or is dying): no answer, no acknowledgement


class UploadDriver(HttpDriver):
    def step(self):
        message_id = self.pick_message_id("http")
        status, body = self.request("POST", "/api/v1/channels/1/messages", raw_mail(message_id))
        if status in (200, 201):
            self.ledger.ack(message_id, self.round_no)
        elif status is not None:
            self.ledger.note_unexpected("upload %s: %d %s" % (message_id, status, body[:200]))


class ReplyDriver(HttpDriver):
    def __init__(self, conversations, *args):
        super().__init__(*args)
        self.conversations = conversations

    def step(self):
        conversation = self.rng.choice(self.conversations)
        body = json.dumps({"body": "ご連絡ありがとうございます。round %d" % self.round_no}).encode()
        with self.ledger.lock:
            self.ledger.reply_attempts += 1
        status, answer = self.request("POST", "/api/v1/conversations/%d/replies" % conversation, body,
                                      "application/json")
        if status == 201:
            message_id = json.loads(answer)["message_id"]
            with self.ledger.lock:
                self.ledger.replies[message_id] = self.round_no
        elif status is not None:
            self.ledger.note_unexpected("reply to %d: %d %s" % (conversation, status, answer[:200]))


class CliDriver(Driver):
    """Pipes one mail at a time into `shopdesk ingest ... -`. kill() SIGKILLs the
    running process and keeps any further one from starting."""

    def __init__(self, shopdesk_args, *args):
        """`shopdesk_args`: the options every command gets (Shopdesk.common_args(): the
        database and the test clock)."""
        super().__init__(*args)
        self.shopdesk_args = list(shopdesk_args)
        self.process_lock = threading.Lock()
        self.process = None
        self.killed = False

    def step(self):
        message_id = self.pick_message_id("cli")
        with self.process_lock:
            if self.killed:
                return
            self.process = subprocess.Popen(
                [binary(), "ingest", "--shop", SHOP, "--channel", CHANNEL, *self.shopdesk_args, "-"],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        process = self.process
        try:
            _, err = process.communicate(raw_mail(message_id), timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            process.kill()
            process.wait()
            self.ledger.note_unexpected("ingest %s: %s" % (message_id, e))
            return
        if process.returncode == 0:
            self.ledger.ack(message_id, self.round_no)
        elif process.returncode != -signal.SIGKILL:
            self.ledger.note_unexpected("ingest %s: exit %d %s" % (message_id, process.returncode, err[:300]))

    def kill(self):
        with self.process_lock:
            self.killed = True
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
                return True
        return False


class ImapDriver(Driver):
    """Appends new mails to the channel's mailbox; the server's \\Seen flag is the
    acknowledgement, read by the test after each kill (see Ledger.imap_uids)."""

    def __init__(self, dovecot, *args):
        super().__init__(*args)
        self.dovecot = dovecot

    def step(self):
        message_id = self.ledger.new_message_id("imap", self.round_no)
        uid = self.dovecot.append(raw_mail(message_id))
        assert uid is not None, "Dovecot gave no APPENDUID"
        with self.ledger.lock:
            self.ledger.imap_uids[uid] = message_id


def wait_all(drivers, timeout=90):
    deadline = time.time() + timeout
    for d in drivers:
        d.join(max(0.1, deadline - time.time()))
        assert not d.is_alive(), "driver %s did not stop" % type(d).__name__
