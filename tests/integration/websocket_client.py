"""A small RFC 6455 client for tests (the standard library has none): the opening
handshake with our own headers, text frames both ways, close frames out."""
import base64
import hashlib
import json
import os
import socket
import struct
import time

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class HandshakeRefused(Exception):
    def __init__(self, status, body):
        super().__init__("handshake refused with HTTP %d: %s" % (status, body[:300]))
        self.status = status
        self.body = body


class WebSocket:
    def __init__(self, port, path, token=None, headers=None, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = ["GET %s HTTP/1.1" % path, "Host: 127.0.0.1:%d" % port, "Upgrade: websocket",
                 "Connection: Upgrade", "Sec-WebSocket-Key: " + key, "Sec-WebSocket-Version: 13"]
        if token:
            lines.append("Authorization: Bearer " + token)
        lines += ["%s: %s" % kv for kv in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.buffer = b""
        head = self._read_until(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        fields = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        if status != 101:
            length = int(fields.get("content-length", "0"))
            while len(self.buffer) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buffer += chunk
            self.sock.close()
            body = self.buffer[:length].decode(errors="replace")
            raise HandshakeRefused(status, body)
        expected = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
        assert fields.get("sec-websocket-accept") == expected, fields
        self.headers = fields
        self.closed = None  # (code, reason) once the server closed

    def _read_until(self, marker):
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed during the handshake")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    def _read_exact(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def _send_frame(self, opcode, payload):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send_text(self, text):
        """Sends one text message (masked, as a client must)."""
        self._send_frame(0x1, text.encode() if isinstance(text, str) else text)

    def send_json(self, value):
        self.send_text(json.dumps(value, ensure_ascii=False))

    def recv(self, timeout=10):
        """The next text message, answering pings; None when the server closed."""
        self.sock.settimeout(timeout)
        message = b""
        while True:
            b1, b2 = self._read_exact(2)
            opcode, fin = b1 & 0x0F, b1 & 0x80
            n = b2 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read_exact(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read_exact(8))[0]
            assert not b2 & 0x80, "server frames are never masked"
            payload = self._read_exact(n)
            if opcode == 0x9:  # ping
                self._send_frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            if opcode == 0x8:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                self.closed = (code, payload[2:].decode(errors="replace"))
                return None
            message += payload
            if fin:
                return message.decode()

    def recv_json(self, timeout=10):
        text = self.recv(timeout)
        return None if text is None else json.loads(text)

    def collect(self, predicate, timeout=15):
        """Messages until one satisfies `predicate`; all of them, in order."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no matching event within %ss; got %r" % (timeout, seen))
            try:
                event = self.recv_json(timeout=left)
            except socket.timeout:
                continue
            if event is None:
                raise AssertionError("the server closed the stream: %r (after %r)" % (self.closed, seen))
            seen.append(event)
            if predicate(event):
                return seen

    def quiet(self, seconds):
        """Asserts nothing arrives for `seconds`; returns what did (should be [])."""
        got = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                event = self.recv_json(timeout=max(0.01, deadline - time.monotonic()))
            except socket.timeout:
                break
            if event is None:
                break
            got.append(event)
        return got

    def close(self):
        try:
            self._send_frame(0x8, struct.pack("!H", 1000))
            self.sock.settimeout(2)
            while self.recv(timeout=2) is not None:
                pass
        except (OSError, ConnectionError, AssertionError):
            pass
        self.sock.close()
