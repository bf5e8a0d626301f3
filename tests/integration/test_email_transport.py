"""Mail transport over libcurl (SMTP send, IMAP poll) against a real Dovecot and an
aiosmtpd sink: runs the C++ suite email_transport_tests with them, then checks from the
servers' side that the right messages arrived and only acknowledged mail is seen.

Finds email_transport_tests in $SHOPDESK_BUILD_DIR or next to $SHOPDESK_BINARY:
  SHOPDESK_BUILD_DIR=build/h-mail /usr/bin/python3 tests/integration/test_email_transport.py
"""
import base64
import email
import email.policy
import hashlib
import imaplib
import os
import shlex
import smtplib
import subprocess

from harness import (Dovecot, SmtpSink, _alive, _descendants, built_executable, die_with_parent, on_cleanup,
                     run_tests)

# 8-bit UTF-8, plus lines a careless IMAP reader would take for protocol: an untagged
# reply, a tagged OK, and a line ending in a literal marker.
UTF8_MAIL = ("From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <taro@example.jp>\r\n"
             "To: support@sakura.example\r\n"
             "Subject: =?UTF-8?B?6L+U5ZOB44Gr44Gk44GE44Gm?=\r\n"
             "Message-ID: <utf8@example.jp>\r\n"
             "MIME-Version: 1.0\r\n"
             "Content-Type: text/plain; charset=utf-8\r\n"
             "Content-Transfer-Encoding: 8bit\r\n"
             "\r\n"
             "注文番号 250-1234567-7654321 の商品が破損していました。\r\n"
             "* 3 EXISTS\r\n"
             "S2 OK done\r\n"
             "見積もり {12}\r\n"
             ".\r\n"
             "①㈱～髙\r\n").encode("utf-8")

# ISO-2022-JP (JIS X 0208 with escapes; NEC row 13 "①" and "㈱"), labelled 8bit.
ISO2022JP_MAIL = (b"From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>\r\n"
                  b"To: support@sakura.example\r\n"
                  b"Subject: =?ISO-2022-JP?B?GyRCLSEbKEI=?= 250-1234567-7654321\r\n"
                  b"Message-ID: <iso2022@example.jp>\r\n"
                  b"MIME-Version: 1.0\r\n"
                  b"Content-Type: text/plain; charset=ISO-2022-JP\r\n"
                  b"Content-Transfer-Encoding: 7bit\r\n"
                  b"\r\n"
                  b"\x1b$B-!-j\x1b(B\r\n"
                  b"\x1b$B$h$m$7$/$*4j$$$7$^$9!#\x1b(B\r\n")


def attachment_mail(size=100 * 1024):
    """multipart/mixed with a UTF-8 text part and a `size`-byte binary attachment."""
    data = b""
    counter = 0
    while len(data) < size:
        data += hashlib.sha256(b"%d" % counter).digest()
        counter += 1
    data = data[:size]
    b64 = base64.encodebytes(data).decode().replace("\n", "\r\n")
    return ("From: hanako@example.jp\r\n"
            "To: support@sakura.example\r\n"
            "Subject: =?UTF-8?B?5YaZ55yf44KS5re75LuY44GX44G+44GZ?=\r\n"
            "Message-ID: <attach@example.jp>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
            "\r\n"
            "--b1\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n"
            "\r\n"
            "破損した箇所の写真を添付します。\r\n"
            "--b1\r\n"
            "Content-Type: application/octet-stream; name=\"photo.bin\"\r\n"
            "Content-Disposition: attachment; filename=\"photo.bin\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "\r\n" + b64 + ("" if b64.endswith("\r\n") else "\r\n") +
            "--b1--\r\n").encode("utf-8"), data


def run_suite(env, *args):
    result = subprocess.run([built_executable("email_transport_tests"), *args], env={**os.environ, **env},
                            capture_output=True, timeout=300, preexec_fn=die_with_parent)
    output = result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")
    return result.returncode, output


def test_cpp_suite_against_dovecot_and_smtp_sink(tmp):
    dovecot = Dovecot(tmp)
    on_cleanup(dovecot.stop)
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    big, attachment = attachment_mail()
    assert len(big) > 130 * 1024
    fixtures = [UTF8_MAIL, ISO2022JP_MAIL, big]
    os.makedirs(tmp.join("fixtures"))
    uids = []
    for i, raw in enumerate(fixtures, 1):
        with open(tmp.join("fixtures", "%d.eml" % i), "wb") as f:
            f.write(raw)
        uids.append(dovecot.append(raw))
    assert dovecot.unseen_uids() == uids, (dovecot.unseen_uids(), uids)
    assert dovecot.fetch(uids[2]) == big  # Dovecot keeps the bytes: a fair reference

    code, output = run_suite({
        "SHOPDESK_TEST_IMAP_URL": dovecot.url,
        "SHOPDESK_TEST_IMAP_USER": Dovecot.USER,
        "SHOPDESK_TEST_IMAP_PASSWORD": Dovecot.PASSWORD,
        "SHOPDESK_TEST_IMAP_FIXTURES": tmp.join("fixtures"),
        "SHOPDESK_TEST_IMAP_KICK_COMMAND": " ".join(map(shlex.quote, dovecot.doveadm_args("kick", Dovecot.USER))),
        "SHOPDESK_TEST_IMAP_NEW_UIDVALIDITY_COMMAND": " ".join(map(shlex.quote, dovecot.doveadm_args(
            "mailbox", "update", "-u", Dovecot.USER, "--uid-validity", "424242", "INBOX"))),
        "SHOPDESK_TEST_SMTP_URL": sink.url,
        "SHOPDESK_TEST_SMTP_SINK_DIR": sink.dir,
    }, "--gtest_brief=1")
    assert code == 0, output[-6000:] + "\n--- dovecot.log ---\n" + dovecot.log()[-3000:]
    assert "SKIPPED" not in output, output  # every peer test ran

    # The server's view: only the acknowledged message is seen.
    assert dovecot.seen_uids() == uids[:1], dovecot.seen_uids()
    assert dovecot.unseen_uids() == uids[1:]
    assert dovecot.fetch(uids[2]) == big
    assert "uidvalidity=424242" in dovecot.doveadm("mailbox", "status", "-u", Dovecot.USER, "uidvalidity", "INBOX")

    # What the sink got: the exact-bytes message, the bounce and the message sent with an
    # accepted hook, nothing refused.
    received = sink.messages()
    assert len(received) == 3, [r.envelope for r in received]
    envelope, message, raw = received[0]
    assert envelope == {"mail_from": "support@sakura.example",
                        "rcpt_tos": ["taro@example.jp", "hanako@example.jp"]}, envelope
    assert str(message["Subject"]) == "ご注文について"
    body = message.get_content().replace("\r\n", "\n")
    assert "山田様" in body and "①㈱～髙" in body and "\n.先頭がドットの行\n.\n..\n" in body, body
    assert max(len(line) for line in raw.split(b"\r\n")) == 990
    assert received[1].envelope["mail_from"] == "<>"  # the null sender, as aiosmtpd writes it
    # The attachment decoded by Python equals what was appended.
    parsed = email.message_from_bytes(big, policy=email.policy.default)
    assert [p.get_content() for p in parsed.iter_attachments()] == [attachment]


def test_two_dovecots_run_side_by_side_and_leave_nothing_behind(tmp):
    first, second = Dovecot(tmp), Dovecot(tmp)
    on_cleanup(first.stop)
    on_cleanup(second.stop)
    assert first.port != second.port
    first.append(UTF8_MAIL)
    assert first.unseen_count() == 1 and second.unseen_count() == 0
    processes = [first.process.pid, second.process.pid]
    processes += _descendants(first.process.pid) + _descendants(second.process.pid)
    assert len(processes) > 2
    first.stop()
    second.stop()
    assert [pid for pid in processes if _alive(pid)] == []
    try:
        imaplib.IMAP4("127.0.0.1", first.port, timeout=2)
        raise AssertionError("the stopped Dovecot still answers")
    except OSError:
        pass


def test_smtp_sink_refuses_on_request(tmp):
    sink = SmtpSink(tmp)
    on_cleanup(sink.stop)
    raw = b"Subject: test\r\n\r\nbody\r\n"
    with smtplib.SMTP("127.0.0.1", sink.port, timeout=10) as client:
        for address, code in (("fail4xx@example.jp", 451), ("fail5xx@example.jp", 550)):
            try:
                client.sendmail("a@example.jp", [address], raw)
                raise AssertionError("accepted " + address)
            except smtplib.SMTPRecipientsRefused as e:
                assert e.recipients[address][0] == code, e.recipients
        sink.reject("452 4.3.1 mailbox full (test)")
        try:
            client.sendmail("a@example.jp", ["taro@example.jp"], raw)
            raise AssertionError("accepted while rejecting")
        except smtplib.SMTPRecipientsRefused as e:
            assert e.recipients["taro@example.jp"][0] == 452
        sink.accept()
        sink.reject("554 5.6.0 content refused (test)", stage="data")
        try:
            client.sendmail("a@example.jp", ["taro@example.jp"], raw)
            raise AssertionError("accepted while rejecting data")
        except smtplib.SMTPDataError as e:
            assert e.smtp_code == 554
        sink.accept()
        client.sendmail("a@example.jp", ["taro@example.jp"], raw)
    (envelope, message, got), = sink.wait_for(1)
    assert got == raw and envelope["rcpt_tos"] == ["taro@example.jp"]
    assert str(message["Subject"]) == "test"


if __name__ == "__main__":
    run_tests(globals())
