"""An SMTP peer for tests (aiosmtpd): saves every accepted message as a file.

Run: /usr/bin/python3 smtp_sink.py PORT DIRECTORY
Recipients whose local part is "fail4xx" get a 451 (try again later), "fail5xx" a
550 (rejected for good), so tests can drive retries and permanent failures.
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

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local == "fail4xx":
            return "451 4.3.0 temporarily unavailable (test)"
        if local == "fail5xx":
            return "550 5.1.1 no such user (test)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "%d-%06d" % (os.getpid(), self.count))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        os.rename(base + ".eml.tmp", base + ".eml")
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
