#!/usr/bin/env python3
"""The anchor of the ingest benchmark: Python's standard `email` package parsing the
same corpus (parse only: headers decoded and the body text extracted, nothing
stored). Prints one JSON object."""
import json
import sys
import time
from email import policy
from email.parser import BytesParser


def records(path):
    with open(path, "rb") as f:
        while True:
            line = f.readline()
            if not line:
                return
            yield f.read(int(line))


def main():
    path = sys.argv[1]
    parser = BytesParser(policy=policy.default)
    count = 0
    chars = 0
    start = time.perf_counter()
    for raw in records(path):
        msg = parser.parsebytes(raw)
        subject = str(msg["subject"] or "")
        body = msg.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        chars += len(subject) + len(text)
        count += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"messages": count, "seconds": round(seconds, 3),
                      "messages_per_second": round(count / seconds), "chars": chars}))


if __name__ == "__main__":
    main()
