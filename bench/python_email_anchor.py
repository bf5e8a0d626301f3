#!/usr/bin/env python3
"""The anchor of the ingest benchmarks: Python's standard `email` package parsing the
same mail (parse only: headers decoded and the body text extracted, nothing stored).
Prints one JSON object.

Usage: python_email_anchor.py DIR        (every *.eml file in DIR, read and parsed, in
                                          name order: what `shopdesk ingest FILE...` reads)
       python_email_anchor.py CORPUS     (the length-prefixed records of bench/corpus.h)
"""
import json
import os
import sys
import time
from email import policy
from email.parser import BytesParser


def records(path):
    if os.path.isdir(path):
        for name in sorted(os.listdir(path)):
            if name.endswith(".eml"):
                with open(os.path.join(path, name), "rb") as f:
                    yield f.read()
        return
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
    failures = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    for raw in records(path):
        msg = parser.parsebytes(raw)
        subject = str(msg["subject"] or "")
        sender = str(msg["from"] or "")
        try:
            body = msg.get_body(preferencelist=("plain", "html"))
            text = body.get_content() if body is not None else ""
        except (LookupError, UnicodeError, KeyError):
            failures += 1  # a charset Python does not know; counted, not fatal
            text = ""
        chars += len(subject) + len(sender) + len(text)
        count += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"messages": count, "seconds": round(seconds, 3),
                      "cpu_seconds": round(time.process_time() - cpu_start, 3),
                      "messages_per_second": round(count / seconds), "chars": chars,
                      "decode_failures": failures}))


if __name__ == "__main__":
    main()
