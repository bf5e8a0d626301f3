"""Big attachments and raw-mail upload over HTTP: the raw source is always kept."""
import base64
import hashlib
import os

from harness import Shopdesk, mail, on_cleanup, run_tests


def big_mail(size):
    payload = base64.encodebytes(os.urandom(size)).replace(b"\n", b"\r\n")
    return (b"From: =?UTF-8?B?5bGx55Sw?= <yamada@example.jp>\r\nTo: support@sakura.example\r\n"
            b"Subject: =?UTF-8?B?5YaZ55yf?=\r\nMessage-ID: <big@example.jp>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "写真を送ります".encode() + b"\r\n--b\r\nContent-Type: image/jpeg\r\n"
            b"Content-Disposition: attachment; filename=photo.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + payload + b"--b--\r\n")


def test_oversized_attachment_is_replaced_by_a_note_and_raw_kept(tmp):
    sd = Shopdesk(tmp)
    token = sd.setup_shop()
    raw = big_mail(26 * 1024 * 1024)  # over the default 25 MB
    result = sd.run("ingest", "--shop", "sakura", "--channel", "support", stdin=raw)
    assert b"stored message 1" in result.stdout
    assert b"photo.jpg" in result.stderr  # the note is shown
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    _, detail, _ = sd.api("GET", "/api/v1/conversations/1", token)
    message = detail["messages"][0]
    assert "attachment_dropped" in message["flags"]
    assert message["attachments"][0]["stored"] is False
    assert message["attachments"][0]["size"] == 26 * 1024 * 1024
    assert "写真を送ります" in message["text"]
    status, source, _ = sd.api("GET", "/api/v1/messages/1/raw", token)
    assert status == 200 and hashlib.sha256(source).hexdigest() == hashlib.sha256(raw).hexdigest()
    status, body, _ = sd.api("GET", "/api/v1/attachments/%d" % message["attachments"][0]["id"], token)
    assert status == 404 and "raw" in body["error"]["message"]


def test_raw_mail_upload_over_http_is_idempotent(tmp):
    sd = Shopdesk(tmp)
    token = sd.setup_shop()
    sd.serve("--no-workers", "--max-attachment-mb", "1")
    on_cleanup(sd.kill)
    raw = mail("HTTPで届いたメール", "本文です", "http1@example.jp")
    status, first, _ = sd.api("POST", "/api/v1/channels/1/messages", token, raw=raw,
                              headers={"Content-Type": "message/rfc822"})
    assert status == 201 and first["new_conversation"], first
    status, again, _ = sd.api("POST", "/api/v1/channels/1/messages", token, raw=raw)
    assert status == 200 and again["duplicate"] and again["message_id"] == first["message_id"]
    status, body, _ = sd.api("POST", "/api/v1/channels/99/messages", token, raw=raw)
    assert status == 404
    status, body, _ = sd.api("POST", "/api/v1/channels/1/messages", token, raw=b"")
    assert status == 400 and body["error"]["code"] == "invalid_argument"
    # Uploads may exceed the JSON limit (1 MiB) up to their own (3 x attachment limit).
    status, body, _ = sd.api("POST", "/api/v1/channels/1/messages", token, raw=big_mail(2 * 1024 * 1024))
    assert status == 201, body
    status, body, _ = sd.api("POST", "/api/v1/channels/1/messages", token, raw=big_mail(4 * 1024 * 1024))
    assert status == 413, body
    # A reply's files keep their own limit (10 MB, sent as base64), whatever the mail's.
    photo = base64.b64encode(b"j" * (5 * 1024 * 1024)).decode()
    status, reply, _ = sd.api("POST", "/api/v1/conversations/%d/replies" % first["conversation_id"],
                              token, {"body": "写真をお送りします。", "attachments": [
                                  {"filename": "写真.jpg", "content_type": "image/jpeg", "data": photo}]})
    assert status == 201 and reply["attachments"][0]["size"] == 5 * 1024 * 1024, reply


if __name__ == "__main__":
    run_tests(globals())
