"""An SMTP peer for tests (aiosmtpd): saves every accepted message as files.

Run: /usr/bin/python3 smtp_sink.py PORT DIRECTORY   (harness.SmtpSink does)

Each accepted message becomes DIRECTORY/<arrival>.eml (the exact bytes of DATA, after
dot-unstuffing) and <arrival>.json ({"mail_from": ..., "rcpt_tos": [...]}); names sort
in arrival order. DIRECTORY/ready appears once the server listens.

Refusals, to test retries and permanent failures:
- a recipient whose local part is "fail4xx" gets 451 (try again later), "fail5xx" 550
  (refused for good);
- while DIRECTORY/reject-rcpt exists, every recipient gets the reply written in it
  (e.g. "452 4.3.1 out of storage"); DIRECTORY/reject-data likewise refuses messages
  after DATA.
A slow goodbye: while DIRECTORY/delay-quit exists, the reply to QUIT waits the number of
seconds written in it (the message was accepted before, with the reply to DATA).
"""
import asyncio
import json
import os
import sys
import time

from aiosmtpd.controller import Controller


class SaveHandler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    def _reply_from(self, name):
        try:
            with open(os.path.join(self.directory, name)) as f:
                return f.read().strip() or None
        except FileNotFoundError:
            return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local == "fail4xx":
            return "451 4.3.0 temporarily unavailable (test)"
        if local == "fail5xx":
            return "550 5.1.1 no such user (test)"
        forced = self._reply_from("reject-rcpt")
        if forced:
            return forced
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        delay = self._reply_from("delay-quit")
        if delay:
            await asyncio.sleep(float(delay))
        return "221 Bye"

    async def handle_DATA(self, server, session, envelope):
        forced = self._reply_from("reject-data")
        if forced:
            return forced
        self.count += 1
        base = os.path.join(self.directory, "%020d-%06d" % (time.time_ns(), self.count))
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".eml.tmp", base + ".eml")  # the .eml appears complete, .json first
        return "250 Message accepted"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    controller = Controller(SaveHandler(directory), hostname="127.0.0.1", port=port)
    controller.start()
    with open(os.path.join(directory, "ready"), "w") as f:
        f.write(str(os.getpid()))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
