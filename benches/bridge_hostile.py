#!/usr/bin/env python3
"""Hostile-relay measurements of `ocw bridge run` while the Gateway is down (#9).

Usage: bridge_hostile.py OCW_BINARY [SCENARIO...]

Scenarios (all by default):
  big     40 relay messages of 16 MB each (one session each); the bridge's VmRSS and VmHWM
          after them. Before #9: all held (1.35 GB). After: each is over max_message_bytes and
          under the relay socket's cap (16 x max_message_bytes, 16 MiB), so each is read,
          answered with an error frame and dropped; nothing is held.
  over    40 relay messages of 3,000,000 bytes (over max_message_bytes, under the socket cap);
          VmRSS and VmHWM after them, and how many got an error frame. After #9 every one is
          answered with an error frame and none is held.
  fill    200 relay messages of 1,000,000 bytes each (just under max_message_bytes); VmRSS
          and VmHWM after them, and how many got an error frame at once. After #9 the held
          bytes stop at queue_bytes (64 MiB) and the rest are refused.
  grace   one small message; the time until its error frame arrives (default
          gateway_grace_ms, 30 s), watched for at most 45 s. Before #9: none.

The relay is a minimal WebSocket server in this script (stdlib only) on 127.0.0.1; the
Gateway URL points at a closed loopback port, so the Gateway stays down. Each scenario runs
its own bridge with its own state dir (and fast reconnects). The tests do not use this.
"""

import base64
import hashlib
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

UID = "bench-hostile-0123456789abcdef"
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    return bytes(buf)


def send_frame(sock, opcode, payload):
    header = bytearray([0x80 | opcode])
    n = len(payload)
    if n < 126:
        header.append(n)
    elif n < 1 << 16:
        header.append(126)
        header += struct.pack("!H", n)
    else:
        header.append(127)
        header += struct.pack("!Q", n)
    sock.sendall(bytes(header) + payload)


class Relay:
    """Accepts the bridge's connections one after another; records what it sends."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Condition()
        self.conn = None
        self.connections = 0
        self.close_codes = []
        self.frames = []  # (time, parsed JSON)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock):
        sock.settimeout(30)
        try:
            req = b""
            while b"\r\n\r\n" not in req:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                req += chunk
            key = ""
            for line in req.decode("latin-1").split("\r\n"):
                if line.lower().startswith("sec-websocket-key:"):
                    key = line.split(":", 1)[1].strip()
            accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
            sock.sendall(
                (
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
                ).encode()
            )
        except OSError:
            return
        with self.lock:
            self.conn = sock
            self.connections += 1
            self.lock.notify_all()
        sock.settimeout(None)
        try:
            while True:
                b0, b1 = recv_exact(sock, 2)
                opcode, n = b0 & 0x0F, b1 & 0x7F
                if n == 126:
                    n = struct.unpack("!H", recv_exact(sock, 2))[0]
                elif n == 127:
                    n = struct.unpack("!Q", recv_exact(sock, 8))[0]
                mask = recv_exact(sock, 4) if b1 & 0x80 else b"\0\0\0\0"
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(recv_exact(sock, n)))
                if opcode == 0x9:
                    send_frame(sock, 0xA, data)
                elif opcode == 0x8:
                    code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else None
                    with self.lock:
                        self.close_codes.append(code)
                    break
                elif opcode == 0x1:
                    try:
                        frame = json.loads(data)
                    except ValueError:
                        continue
                    with self.lock:
                        self.frames.append((time.monotonic(), frame))
                        self.lock.notify_all()
        except (OSError, ConnectionError):
            pass
        finally:
            with self.lock:
                if self.conn is sock:
                    self.conn = None
                self.lock.notify_all()
            sock.close()

    def wait_conn(self, timeout=20):
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.conn is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the bridge did not connect to the relay")
                self.lock.wait(left)
            return self.conn

    def send(self, text):
        """Send one text frame on the current connection; False if the bridge dropped it."""
        sock = self.wait_conn()
        try:
            sock.settimeout(30)
            send_frame(sock, 0x1, text.encode())
            return True
        except OSError:
            with self.lock:
                if self.conn is sock:
                    self.conn = None
            return False

    def wait_frame(self, pred, timeout):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for at, f in self.frames:
                    if pred(f):
                        return at
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.lock.wait(left)

    def errors(self):
        with self.lock:
            return [f for _, f in self.frames if f.get("type") == "error"]


class Bridge:
    def __init__(self, binary, relay, extra=None):
        self.dir = tempfile.mkdtemp(prefix="ocw-bridge-hostile-")
        cfg = {
            "webhook_url": f"ws://127.0.0.1:{relay.port}/ws",
            "uid": UID,
            "reconnect_initial_ms": 50,
            "reconnect_max_ms": 500,
        }
        cfg.update(extra or {})
        with open(os.path.join(self.dir, "bridge.json"), "w") as f:
            json.dump(cfg, f)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": self.dir,
            "OPENCLAW_STATE_DIR": self.dir,
            # Nothing listens there: the Gateway stays down for the whole run.
            "OPENCLAW_GATEWAY_URL": f"ws://127.0.0.1:{free_port()}",
            "NO_COLOR": "1",
        }
        self.log = open(os.path.join(self.dir, "stderr.log"), "wb")
        self.proc = subprocess.Popen(
            [binary, "bridge", "run", "--json"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )

    def mem(self):
        return status_kib(self.proc.pid, "VmRSS") / 1024, status_kib(self.proc.pid, "VmHWM") / 1024

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def flood(binary, count, size, label):
    relay = Relay()
    bridge = Bridge(binary, relay)
    try:
        relay.wait_conn()
        time.sleep(0.5)
        idle_rss, _ = bridge.mem()
        start = time.monotonic()
        for i in range(count):
            frame = json.dumps({"id": f"{label}-{i}", "session": f"{label}-{i}", "content": ""})
            # The content is spliced in rather than built by json.dumps, to keep this cheap.
            text = frame[:-2] + "x" * size + '"}'
            relay.send(text)
            # Let a refused frame's close reach us before the next send picks a connection.
            time.sleep(0.05)
        sent_in = time.monotonic() - start
        time.sleep(3)
        rss, hwm = bridge.mem()
        errors = len(relay.errors())
        print(
            f"{label}: {count} x {size:,} bytes, Gateway down: idle {idle_rss:.0f} MB -> "
            f"RSS {rss:.0f} MB, peak {hwm:.0f} MB; {errors} error frames, "
            f"{relay.connections} relay connections, close codes {sorted(set(c for c in relay.close_codes if c))}, "
            f"sent in {sent_in:.1f} s"
        )
    finally:
        bridge.stop()


def grace(binary):
    relay = Relay()
    bridge = Bridge(binary, relay)
    try:
        relay.wait_conn()
        time.sleep(0.5)
        start = time.monotonic()
        relay.send(json.dumps({"id": "grace-1", "content": "hello?"}))
        at = relay.wait_frame(lambda f: f.get("replyTo") == "grace-1" and f.get("type") == "error", 45)
        if at is None:
            print("grace: no error frame within 45 s")
        else:
            error = next(f["error"] for f in relay.errors() if f.get("replyTo") == "grace-1")
            print(f"grace: error frame after {at - start:.1f} s: {error!r}")
    finally:
        bridge.stop()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    scenarios = sys.argv[2:] or ["big", "over", "fill", "grace"]
    for s in scenarios:
        if s == "big":
            flood(binary, 40, 16_000_000, "big")
        elif s == "over":
            flood(binary, 40, 3_000_000, "over")
        elif s == "fill":
            flood(binary, 200, 1_000_000 - 100, "fill")
        elif s == "grace":
            grace(binary)
        else:
            sys.exit(f"unknown scenario {s!r} (big, over, fill, grace)")


if __name__ == "__main__":
    main()
