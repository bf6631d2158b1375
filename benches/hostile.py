#!/usr/bin/env python3
"""Hostile-input measurements for `ocw`, one table row per measurement.

Replays the rows of the hostile-input table (README, "Hostile input"), except the two bridge
rows (measured by benches/bridge_hostile.py), against any `ocw` binary:

  1  terminal injection: raw control bytes in the human output of `listen -v` and `send`
  2  listen human mode: RSS after 1 MiB JSON bodies, and after one 10 MB body
  3  stdout not read: `listen --json` into a pipe nobody reads; 2xx answered, RSS, SIGTERM time
  4  verify's hint search: wall time and max RSS of `verify` with a wrong signature; CPU and RSS
     per bad-signature request of `listen --secret`
  5  storm answer bodies: max RSS of `send --count C --concurrency C` against a 1 GB answer
  6  credentials in URLs: marker strings in stdout, stderr and the record file
  7  header redaction: credential-header markers in `listen -v`, `--json` and `--record`
  8  half-close: requests answered and recorded when the client shuts down its write side

Python 3 standard library only. Loopback only (127.0.0.1, OS-chosen ports), every wait is
bounded, and every process and server the script starts is stopped (SIGTERM, then SIGKILL).

Usage: benches/hostile.py --bin target/release/ocw [--only 1,3] [--storm-mb 1024]
"""

import argparse
import atexit
import concurrent.futures as cf
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

# ------------------------------------------------------------------------------------------
# Settings (every bound has a reason)
# ------------------------------------------------------------------------------------------

MIB = 1024 * 1024
# The "1 MiB JSON body": the largest `[1,1,...]` that fits the default --max-body 1MiB
# (an array of ones always has an odd length).
ONE_MIB_BODY_LEN = MIB - 1
READY_WAIT = 20.0  # s: a listener that is not ready by then is broken, not slow
EXIT_WAIT = 10.0  # s: the bound for SIGTERM to end a listener
HTTP_TIMEOUT = 30.0  # s: per request, generous for a 10 MB body on a loaded 2-core machine
# Row 3: how long to keep sending into a listener whose stdout is never read, and how long
# without any 2xx counts as "stalled" (backpressure), so a fixed binary ends the row early.
STALL_DEADLINE = 60.0
STALL_QUIET = 10.0
STALL_REQ_TIMEOUT = 2.0
# Rows 4 and 5 can take gigabytes on an unfixed binary: a child above this RSS is killed and
# reported as "> cap" rather than pushed into the OOM killer on a shared machine.
DEFAULT_RSS_CAP_MB = 8000

PROCS = []  # every Popen we started, killed at exit
SERVERS = []  # every test server we started, stopped at exit
ARGS = None
TMP = None


def out(line=""):
    print(line, flush=True)


def row(n, case, metric, value):
    out(f"| {n} | {case} | {metric} | {value} |")


# ------------------------------------------------------------------------------------------
# Processes
# ------------------------------------------------------------------------------------------


def env(extra=None):
    """A scrubbed environment: no user config, no OCW_* from the caller's shell."""
    home = os.path.join(TMP, "home")
    os.makedirs(home, exist_ok=True)
    e = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
    }
    e.update(extra or {})
    return e


def spawn(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, extra_env=None, cwd=None):
    p = subprocess.Popen(
        [ARGS.bin] + args,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        env=env(extra_env),
        cwd=cwd or TMP,
    )
    PROCS.append(p)
    return p


def stop(p, sig=signal.SIGTERM, wait=EXIT_WAIT):
    """Signal, wait (bounded), then SIGKILL. Returns (seconds to exit, killed?)."""
    if p.poll() is not None:
        return 0.0, False
    t0 = time.monotonic()
    try:
        p.send_signal(sig)
    except ProcessLookupError:
        pass
    try:
        p.wait(timeout=wait)
        return time.monotonic() - t0, False
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait(timeout=10)
        return time.monotonic() - t0, True


def cleanup():
    for s in SERVERS:
        s.stop()
    for p in PROCS:
        if p.poll() is None:
            p.kill()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
    if TMP and not ARGS.keep:
        shutil.rmtree(TMP, ignore_errors=True)


def status_kb(pid, field):
    """VmHWM / VmRSS of a live process in kB, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def mb(kb):
    return "n/a" if kb is None else f"{kb / 1024:.0f} MB"


def cpu_ticks(pid):
    """utime + stime of a live process, in clock ticks (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]) + int(rest[12])


def run_measured(args, timeout, extra_env=None, cwd=None):
    """Run to completion (bounded): exit code, wall s, max RSS kB, stdout, stderr, note.

    Max RSS comes from wait4's rusage of this child alone; while it runs, a child above the
    RSS cap is killed (see DEFAULT_RSS_CAP_MB).
    """
    so = tempfile.TemporaryFile(dir=TMP)
    se = tempfile.TemporaryFile(dir=TMP)
    t0 = time.monotonic()
    p = spawn(args, stdout=so, stderr=se, extra_env=extra_env, cwd=cwd)
    note = ""
    peak = 0
    while True:
        pid, st, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            p.returncode = os.waitstatus_to_exitcode(st)
            peak = max(peak, ru.ru_maxrss)
            break
        hwm = status_kb(p.pid, "VmHWM") or 0
        peak = max(peak, hwm)
        if hwm > ARGS.rss_cap_mb * 1024 and not note:
            note = f"killed above the {ARGS.rss_cap_mb} MB cap"
            p.kill()
        elif time.monotonic() - t0 > timeout and not note:
            note = f"killed after {timeout:.0f} s"
            p.kill()
        time.sleep(0.02)
    wall = time.monotonic() - t0
    so.seek(0)
    se.seek(0)
    return p.returncode, wall, peak, so.read(), se.read(), note


class Listener:
    """`ocw listen 127.0.0.1:0 ARGS` ready (via --ready-file), output to files unless told."""

    count = 0

    def __init__(self, args, stdout="file", extra_env=None):
        Listener.count += 1
        n = Listener.count
        self.ready_file = os.path.join(TMP, f"ready-{n}.txt")
        self.out_path = os.path.join(TMP, f"listen-{n}.out")
        self.err_path = os.path.join(TMP, f"listen-{n}.err")
        if stdout == "file":
            so = open(self.out_path, "wb")
        elif stdout == "pipe":  # a pipe nobody reads (row 3)
            so = subprocess.PIPE
        else:
            so = subprocess.DEVNULL
        se = open(self.err_path, "wb")
        self.p = spawn(
            ["listen", "127.0.0.1:0", "--ready-file", self.ready_file] + args,
            stdout=so,
            stderr=se,
            extra_env=extra_env,
        )
        deadline = time.monotonic() + READY_WAIT
        self.url = ""
        while time.monotonic() < deadline:
            try:
                with open(self.ready_file) as f:
                    self.url = f.read().strip()
            except OSError:
                pass
            if self.url:
                break
            if self.p.poll() is not None:
                raise RuntimeError(f"listen exited: {self.err()}")
            time.sleep(0.02)
        if not self.url:
            raise RuntimeError(f"listen not ready within {READY_WAIT} s")
        hostport = self.url.split("//", 1)[1].split("/", 1)[0]
        self.port = int(hostport.rsplit(":", 1)[1])

    @property
    def pid(self):
        return self.p.pid

    def stop(self):
        return stop(self.p)

    def stdout(self):
        try:
            with open(self.out_path, "rb") as f:
                return f.read()
        except OSError:
            return b""

    def err(self):
        with open(self.err_path, "rb") as f:
            return f.read()

    def settled_hwm(self, quiet=1.0, bound=60.0):
        """VmHWM once the listener is idle: neither VmHWM nor its CPU time has moved for
        `quiet` s (the pretty printer may still be working after the answer was sent)."""
        deadline = time.monotonic() + bound
        last = (status_kb(self.pid, "VmHWM"), cpu_ticks(self.pid))
        since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = (status_kb(self.pid, "VmHWM"), cpu_ticks(self.pid))
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return last[0]


# ------------------------------------------------------------------------------------------
# A raw HTTP/1.1 client (raw, so a test can put any byte in a path or header)
# ------------------------------------------------------------------------------------------


class Conn:
    """One keep-alive connection to 127.0.0.1:port; reconnects after any failure."""

    def __init__(self, port, timeout=HTTP_TIMEOUT):
        self.port = port
        self.timeout = timeout
        self.sock = None
        self.buf = b""

    def close(self):
        if self.sock:
            self.sock.close()
        self.sock = None
        self.buf = b""

    def request(self, path, body=b"", headers=(), method=b"POST"):
        """Returns (status, headers dict, body); raises OSError/ValueError on failure."""
        try:
            if self.sock is None:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
            self.sock.sendall(raw_request(self.port, path, body, headers, method))
            return self._read_response()
        except Exception:
            self.close()
            raise

    def _fill(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("closed")
        self.buf += chunk

    def _read_response(self):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        hdrs = {}
        for line in lines[1:]:
            k, _, v = line.partition(b":")
            hdrs[k.strip().lower()] = v.strip()
        if hdrs.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = b""
            while True:
                while b"\r\n" not in self.buf:
                    self._fill()
                size_line, self.buf = self.buf.split(b"\r\n", 1)
                size = int(size_line.split(b";")[0], 16)
                while len(self.buf) < size + 2:
                    self._fill()
                body += self.buf[:size]
                self.buf = self.buf[size + 2 :]
                if size == 0:
                    break
        else:
            n = int(hdrs.get(b"content-length", b"0"))
            while len(self.buf) < n:
                self._fill()
            body, self.buf = self.buf[:n], self.buf[n:]
        if hdrs.get(b"connection", b"").lower() == b"close":
            self.close()
        return status, hdrs, body


def raw_request(port, path, body, headers=(), method=b"POST", extra=b""):
    if isinstance(path, str):
        path = path.encode()
    if isinstance(body, str):
        body = body.encode()
    lines = [method + b" " + path + b" HTTP/1.1", b"Host: 127.0.0.1:%d" % port]
    have_ct = False
    for k, v in headers:
        k = k.encode() if isinstance(k, str) else k
        v = v.encode() if isinstance(v, str) else v
        have_ct |= k.lower() == b"content-type"
        lines.append(k + b": " + v)
    if not have_ct:
        lines.append(b"Content-Type: application/json")
    lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n" + extra + b"\r\n" + body


def one_request(port, path, body=b"", headers=(), timeout=HTTP_TIMEOUT):
    """A single request on its own connection: status, or 'error: ...'."""
    c = Conn(port, timeout)
    try:
        return c.request(path, body, headers)[0]
    except Exception as e:  # noqa: BLE001 - any failure is a result here
        return f"error: {type(e).__name__}"
    finally:
        c.close()


def burst(port, path, body, n, conc, headers=(), timeout=HTTP_TIMEOUT):
    """n requests over conc keep-alive connections; returns the number answered 2xx."""
    lock = threading.Lock()
    left = [n]
    ok = [0]

    def worker():
        c = Conn(port, timeout)
        while True:
            with lock:
                if left[0] == 0:
                    break
                left[0] -= 1
            try:
                st = c.request(path, body, headers)[0]
                if 200 <= st < 300:
                    with lock:
                        ok[0] += 1
            except Exception:  # noqa: BLE001
                pass
        c.close()

    ts = [threading.Thread(target=worker, daemon=True) for _ in range(conc)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return ok[0]


# ------------------------------------------------------------------------------------------
# A raw HTTP test server (the endpoint `send` and `--forward-to` talk to)
# ------------------------------------------------------------------------------------------


class Server:
    """Threaded loopback server; `respond(sock, method, path, headers, body)` answers."""

    def __init__(self, respond):
        self.respond = respond
        self.ls = socket.socket()
        self.ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ls.bind(("127.0.0.1", 0))
        self.ls.listen(128)
        self.ls.settimeout(0.2)
        self.port = self.ls.getsockname()[1]
        self.stopped = False
        self.t = threading.Thread(target=self._accept, daemon=True)
        self.t.start()
        SERVERS.append(self)

    def url(self, path="/h"):
        return f"http://127.0.0.1:{self.port}{path}"

    def _accept(self):
        while not self.stopped:
            try:
                s, _ = self.ls.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self._serve, args=(s,), daemon=True).start()

    def _serve(self, s):
        s.settimeout(30)
        buf = b""
        try:
            while not self.stopped:
                while b"\r\n\r\n" not in buf:
                    chunk = s.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, buf = buf.split(b"\r\n\r\n", 1)
                lines = head.split(b"\r\n")
                method, path = lines[0].split(b" ")[:2]
                hdrs = {}
                for line in lines[1:]:
                    k, _, v = line.partition(b":")
                    hdrs[k.strip().lower()] = v.strip()
                n = int(hdrs.get(b"content-length", b"0"))
                while len(buf) < n:
                    chunk = s.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                body, buf = buf[:n], buf[n:]
                if not self.respond(s, method, path, hdrs, body):
                    return
        except OSError:
            pass
        finally:
            s.close()

    def stop(self):
        self.stopped = True
        try:
            self.ls.close()
        except OSError:
            pass


def fixed_answer(status, body, ctype=b"application/json", extra_headers=b""):
    def respond(s, *_):
        s.sendall(
            b"HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n"
            % (status, ctype, len(body), extra_headers)
            + body
        )
        return True

    return respond


# ------------------------------------------------------------------------------------------
# Counting
# ------------------------------------------------------------------------------------------

C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def control_bytes(data):
    """Raw control bytes a terminal acts on: C0 except \\n and \\t, DEL, C1 (UTF-8 form)."""
    c0 = sum(1 for b in data if (b < 0x20 and b not in (0x0A, 0x09)) or b == 0x7F)
    return c0 + len(C1_UTF8.findall(data))


def ones(n_bytes):
    """`[1,1,...,1]` of exactly n_bytes (odd) bytes."""
    assert n_bytes % 2 == 1 and n_bytes >= 3
    return b"[" + b"1," * ((n_bytes - 3) // 2) + b"1]"


def marker_count(data, markers):
    return sum(data.count(m) for m in markers)


# ------------------------------------------------------------------------------------------
# Row 1: terminal injection
# ------------------------------------------------------------------------------------------

ESC_TITLE = "\x1b]0;pwned\x07"
ESC_CLEAR = "\x1b[2J"
OSC52 = "\x1b]52;c;aGk=\x07"
FORGED = "\r\n✓ signature valid"
HOSTILE = ESC_TITLE + ESC_CLEAR + OSC52 + FORGED


def row1():
    n = 1
    # (case, path, headers, body)
    cases = [
        (
            "JSON body, string with \\u escapes",
            "/hook",
            [],
            json.dumps({"event": "lead.qualified", "conversation_id": "c1", "text": HOSTILE}),
        ),
        (
            "JSON body, raw C1/DEL in a string",
            "/hook",
            [],
            '{"event":"lead.qualified","conversation_id":"c2","text":"\u009b2J\u009d0;pwned\u009c\x7f"}',
        ),
        ("text body (not JSON)", "/hook", [("Content-Type", "text/plain")], "hi " + HOSTILE),
        (
            "event name",
            "/hook",
            [],
            json.dumps({"event": ESC_TITLE + "lead.qualified" + FORGED, "conversation_id": "c3"}),
        ),
        (
            "conversation_id",
            "/hook",
            [],
            json.dumps({"event": "lead.qualified", "conversation_id": ESC_CLEAR + "c4" + FORGED}),
        ),
        # httparse refuses ESC in a header value or path, but lets C1 (UTF-8 obs-text) through.
        (
            "header value (C1 CSI/OSC)",
            "/hook",
            [("X-Evil", b"\xc2\x9b2J\xc2\x9d0;pwned\xc2\x9c")],
            '{"event":"lead.qualified"}',
        ),
        ("header value (raw ESC)", "/hook", [("X-Evil", b"\x1b[2J")], '{"event":"lead.qualified"}'),
        ("path (raw C1)", b"/h\xc2\x9b2J\xc2\x9d0;pwned\xc2\x9c", [], '{"event":"lead.qualified"}'),
        ("path (%1b encoded)", "/h%1b]0;pwned%07%1b[2J", [], '{"event":"lead.qualified"}'),
    ]
    total = 0
    for case, path, headers, body in cases:
        lis = Listener(["--color", "never", "-v"])
        st = one_request(lis.port, path, body.encode() if isinstance(body, str) else body, headers)
        time.sleep(0.3)  # let the printer write the request before we stop it
        lis.stop()
        shown = lis.stdout() + lis.err()
        c = control_bytes(shown)
        total += c
        row(n, f"listen --color never -v: {case} (answer {st})", "raw control bytes", c)

    # `send` to an endpoint answering hostile bytes.
    answers = [
        ("text answer", fixed_answer(200, ("ok " + HOSTILE).encode(), b"text/plain")),
        ("JSON answer (\\u escapes)", fixed_answer(200, json.dumps({"msg": HOSTILE}).encode())),
        (
            "JSON answer (raw C1)",
            fixed_answer(200, '{"msg":"\u009b2J\u009d0;pwned\u009c"}'.encode()),
        ),
        ("500 text answer", fixed_answer(500, ("fail " + HOSTILE).encode(), b"text/plain")),
        (
            "answer header (C1)",
            fixed_answer(200, b"{}", extra_headers=b"X-Evil: \xc2\x9b2J\xc2\x9d0;pwned\xc2\x9c\r\n"),
        ),
    ]
    for case, respond in answers:
        srv = Server(respond)
        for flags in ([], ["-v"]):
            code, _, _, so, se, note = run_measured(
                ["send", "lead.qualified", "--to", srv.url(), "--color", "never"] + flags, 30
            )
            c = control_bytes(so + se)
            total += c
            label = f"send {' '.join(flags)} --color never: {case} (exit {code}{', ' + note if note else ''})"
            row(n, label.replace("  ", " "), "raw control bytes", c)
        srv.stop()
    row(n, "total", "raw control bytes", total)


# ------------------------------------------------------------------------------------------
# Row 2: listen human mode memory
# ------------------------------------------------------------------------------------------


def row2():
    n = 2
    body = ones(ONE_MIB_BODY_LEN)
    lis = Listener(["--color", "never"], stdout="devnull")
    st = one_request(lis.port, "/hook", body)
    hwm = lis.settled_hwm()
    rss = status_kb(lis.pid, "VmRSS")
    lis.stop()
    row(n, f"listen (human), one 1 MiB [1,1,...] body (answer {st})", "VmHWM / VmRSS", f"{mb(hwm)} / {mb(rss)}")

    lis = Listener(["--color", "never"], stdout="devnull")
    t0 = time.monotonic()
    ok = burst(lis.port, "/hook", body, 480, 8)
    took = time.monotonic() - t0
    hwm = lis.settled_hwm()
    rss = status_kb(lis.pid, "VmRSS")
    lis.stop()
    row(
        n,
        f"listen (human), 480 x 1 MiB at concurrency 8 ({ok} answered 2xx in {took:.1f} s)",
        "VmHWM / VmRSS",
        f"{mb(hwm)} / {mb(rss)}",
    )

    big = ones(10 * 1000 * 1000 + 1)
    lis = Listener(["--color", "never", "--max-body", "20MiB"], stdout="file")
    st = one_request(lis.port, "/hook", big)
    hwm = lis.settled_hwm()
    rss = status_kb(lis.pid, "VmRSS")
    lis.stop()
    shown = lis.stdout() + lis.err()
    preview = "yes" if b"more bytes" in shown else "no"
    row(
        n,
        f"listen (human) --max-body 20MiB, one 10 MB body (answer {st})",
        "VmHWM / VmRSS",
        f"{mb(hwm)} / {mb(rss)}",
    )
    row(n, "  same", "human output bytes / 'more bytes' preview note", f"{len(shown)} / {preview}")
    os.unlink(lis.out_path)


# ------------------------------------------------------------------------------------------
# Row 3: stdout not read
# ------------------------------------------------------------------------------------------


def row3():
    n = 3
    total, conc = 10_000, 16
    body = json.dumps({"event": "message.received", "pad": "x" * (10 * 1024 - 40)}).encode()
    lis = Listener(["--json"], stdout="pipe")  # the pipe's read end is held open, never read
    lock = threading.Lock()
    left = [total]
    stats = {"ok": 0, "non2xx": 0, "failed": 0}
    last_ok = [time.monotonic()]
    t0 = time.monotonic()
    stalled = [False]

    def worker():
        c = Conn(lis.port, STALL_REQ_TIMEOUT)
        while True:
            now = time.monotonic()
            with lock:
                if left[0] == 0 or now - t0 > STALL_DEADLINE:
                    break
                if now - last_ok[0] > STALL_QUIET:
                    stalled[0] = True
                    break
                left[0] -= 1
            try:
                st = c.request("/hook", body)[0]
                key = "ok" if 200 <= st < 300 else "non2xx"
            except Exception:  # noqa: BLE001
                key = "failed"
            with lock:
                stats[key] += 1
                if key == "ok":
                    last_ok[0] = time.monotonic()
        c.close()

    ts = [threading.Thread(target=worker, daemon=True) for _ in range(conc)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    took = time.monotonic() - t0
    hwm = status_kb(lis.pid, "VmHWM")
    rss = status_kb(lis.pid, "VmRSS")
    sent = total - left[0]
    why = "stalled: no 2xx for %.0f s" % STALL_QUIET if stalled[0] else "done"
    row(
        n,
        f"listen --json, stdout never read: {sent} x 10 KiB tried at concurrency {conc} in {took:.1f} s ({why})",
        "answered 2xx / non-2xx / failed",
        f"{stats['ok']} / {stats['non2xx']} / {stats['failed']}",
    )
    row(n, "  same", "VmHWM / VmRSS", f"{mb(hwm)} / {mb(rss)}")
    secs, killed = lis.stop()
    row(
        n,
        "  same, then SIGTERM",
        "time to exit",
        f"> {EXIT_WAIT:.0f} s, SIGKILLed" if killed else f"{secs:.2f} s (exit {lis.p.returncode})",
    )
    if lis.p.stdout:
        lis.p.stdout.close()


# ------------------------------------------------------------------------------------------
# Row 4: verify's hint search
# ------------------------------------------------------------------------------------------


def row4():
    n = 4
    wrong = "0" * 64
    for label, size in (("10 MiB", 10 * MIB + 1), ("50 MB", 50 * 1000 * 1000 + 1)):
        path = os.path.join(TMP, "big.json")
        with open(path, "wb") as f:
            f.write(ones(size))
        code, wall, peak, so, se, note = run_measured(
            ["verify", path, "--signature", wrong, "--secret", "s", "--color", "never"], 120
        )
        skipped = "yes" if b"too large for the variation search" in so + se else "no"
        row(
            n,
            f"verify, {label} JSON, wrong signature (exit {code}{', ' + note if note else ''})",
            "wall / max RSS / says skipped",
            f"{wall:.2f} s / {mb(peak)} / {skipped}",
        )
        os.unlink(path)

    body = ones(ONE_MIB_BODY_LEN)
    reqs = 20
    tick = os.sysconf("SC_CLK_TCK")
    for label, args, headers in (
        ("listen --json (no secret), baseline", [], []),
        ("listen --json --secret s, bad signature", ["--secret", "s"], [("x-openclaw-signature", wrong)]),
    ):
        lis = Listener(["--json"] + args, stdout="devnull")
        one_request(lis.port, "/hook", b"[1]", headers)  # warm up: runtime threads, buffers
        c0 = cpu_ticks(lis.pid)
        ok = 0
        for _ in range(reqs):
            st = one_request(lis.port, "/hook", body, headers)
            ok += isinstance(st, int) and st < 300
        time.sleep(0.2)
        c1 = cpu_ticks(lis.pid)
        hwm = lis.settled_hwm(quiet=0.5)
        lis.stop()
        row(
            n,
            f"{label}: {reqs} x 1 MiB ({ok} answered 2xx)",
            "CPU per request / VmHWM",
            f"{(c1 - c0) / tick / reqs:.3f} s / {mb(hwm)}",
        )


# ------------------------------------------------------------------------------------------
# Row 5: storm answer bodies
# ------------------------------------------------------------------------------------------


def row5():
    n = 5
    size = ARGS.storm_mb * MIB
    chunk = b"0" * MIB  # ASCII zeros: cheap, and no control bytes for the terminal

    def respond(s, *_):
        s.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % size
        )
        sent = 0
        while sent < size:  # a client that stops reading ends this with an error
            s.sendall(chunk)
            sent += len(chunk)
        return False

    srv = Server(respond)
    for count, conc in ((1, 1), (4, 4), (8, 8)):
        code, wall, peak, _, _, note = run_measured(
            [
                "send", "lead.qualified", "--to", srv.url(), "--count", str(count),
                "--concurrency", str(conc), "--no-progress", "--timeout", "60s",
            ],
            180,
        )
        row(
            n,
            f"send --count {count} --concurrency {conc}, {ARGS.storm_mb} MiB answers "
            f"(exit {code}{', ' + note if note else ''}, {wall:.1f} s)",
            "max RSS",
            mb(peak),
        )
    srv.stop()


# ------------------------------------------------------------------------------------------
# Row 6: credentials in URLs
# ------------------------------------------------------------------------------------------

URL_MARKS = [b"USRMARK01", b"PWMARK123", b"KEYMARK456", b"TOKMARK789"]


def leaky_url(port, path="/h"):
    return f"http://USRMARK01:PWMARK123@127.0.0.1:{port}{path}?api_key=KEYMARK456&token=TOKMARK789"


def row6():
    n = 6
    srv = Server(fixed_answer(200, b'{"ok":true}'))
    closed = closed_port()
    total = 0

    def report(case, so, se, rec=b""):
        nonlocal total
        a, b, c = (marker_count(x, URL_MARKS) for x in (so, se, rec))
        total += a + b + c
        row(n, case, "markers in stdout / stderr / record", f"{a} / {b} / {c}")

    for port, where in ((srv.port, "up"), (closed, "port closed")):
        for flags in ([], ["--json"], ["-v"]):
            code, _, _, so, se, _ = run_measured(
                ["send", "lead.qualified", "--to", leaky_url(port), "--color", "never"] + flags, 30
            )
            report(f"send --to URL {' '.join(flags)} ({where}, exit {code})".replace("  ", " "), so, se)

    for port, where in ((srv.port, "up"), (closed, "port closed")):
        cfg = os.path.join(TMP, "ocw.yaml")
        with open(cfg, "w") as f:
            f.write(
                "webhooks:\n"
                '  - name: "leaky"\n'
                f'    url: "{leaky_url(port)}"\n'
                '    events: ["*"]\n'
            )
        os.chmod(cfg, 0o600)
        for flags in ([], ["--json"], ["-v"]):
            code, _, _, so, se, _ = run_measured(
                ["--config", cfg, "send", "lead.qualified", "--webhook", "leaky", "--color", "never"] + flags,
                30,
            )
            report(f"send --webhook (config URL) {' '.join(flags)} ({where}, exit {code})".replace("  ", " "), so, se)
        code, _, _, so, se, _ = run_measured(["--config", cfg, "config", "check", "--color", "never"], 30)
        report(f"config check ({where}, exit {code}; the control)", so, se)

    for port, where in ((srv.port, "up"), (closed, "down: 502")):
        for flags in (["--color", "never", "-v"], ["--json"]):
            rec = os.path.join(TMP, "fwd.ndjson")
            lis = Listener(["--forward-to", leaky_url(port, "/app"), "--record", rec] + flags)
            st = one_request(lis.port, "/hook", b'{"event":"lead.qualified"}')
            time.sleep(0.3)
            lis.stop()
            with open(rec, "rb") as f:
                recorded = f.read()
            os.unlink(rec)
            report(f"listen --forward-to URL --record {' '.join(flags)} ({where}, answer {st})", lis.stdout(), lis.err(), recorded)

    for flag in ("--help", "-h"):
        code, _, _, so, se, _ = run_measured(
            ["send", flag],
            30,
            extra_env={"OCW_URL": "http://USRMARK01:PWMARK123@h/?token=TOKMARK789"},
        )
        report(f"OCW_URL=<url with credentials> ocw send {flag} (exit {code})", so, se)
    srv.stop()
    row(n, "total", "markers", total)


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ------------------------------------------------------------------------------------------
# Row 7: header redaction
# ------------------------------------------------------------------------------------------

HEADER_MARKS = [
    ("X-Private-Key", "MKPRIV01"),
    ("X-Access-Key", "MKACCS02"),
    ("X-Credentials", "MKCRED03"),
    ("Authentication", "MKAUTN04"),
    ("Authorization", "Bearer MKAUTZ05"),
    ("Cookie", "sid=MKCOOK06"),
    ("X-Api-Token", "MKTOKN07"),
    ("X-Session-Id", "MKSESS08"),
]
QUERY_MARKS = "?token=MKQTOK09&api_key=MKQKEY10"


def row7():
    n = 7
    marks = {m.split()[-1].split("=")[-1].encode(): h for h, m in HEADER_MARKS}
    marks[b"MKQTOK09"] = "?token="
    marks[b"MKQKEY10"] = "?api_key="
    body = b'{"event":"lead.qualified","conversation_id":"c1"}'
    total = 0
    for label, flags in (
        ("listen --color never -v", ["--color", "never", "-v"]),
        ("listen --json", ["--json"]),
        ("listen --json --record", ["--json", "--record", os.path.join(TMP, "rec7.ndjson")]),
    ):
        lis = Listener(flags)
        st = one_request(lis.port, "/hook" + QUERY_MARKS, body, HEADER_MARKS)
        time.sleep(0.3)
        lis.stop()
        outs = [lis.stdout(), lis.err()]
        if "--record" in flags:
            with open(flags[-1], "rb") as f:
                outs.append(f.read())
        else:
            outs.append(b"")
        counts = [marker_count(x, list(marks)) for x in outs]
        total += sum(counts)
        leaked = sorted({marks[m] for m in marks if any(m in x for x in outs)})
        row(
            n,
            f"{label} (answer {st})",
            "markers in stdout / stderr / record (leaked)",
            f"{counts[0]} / {counts[1]} / {counts[2]} ({', '.join(leaked) or 'none'})",
        )
    row(n, "total", "markers", total)


# ------------------------------------------------------------------------------------------
# Row 8: half-close
# ------------------------------------------------------------------------------------------


def row8():
    n = 8
    clients = ARGS.half_close
    body = b'{"event":"lead.qualified","conversation_id":"half"}'
    # Without and with `--delay`: the unfixed listener drops the half-closed requests whose
    # end of input it sees before the answer is ready, so a slow handler drops them all.
    for extra, conc in (([], 1), ([], 16), (["--delay", "100ms"], 16)):
        rec = os.path.join(TMP, "rec8.ndjson")
        if os.path.exists(rec):
            os.unlink(rec)
        lis = Listener(["--json", "--record", rec] + extra, stdout="devnull")
        req = raw_request(lis.port, "/hook", body)

        def client(_):
            try:
                s = socket.create_connection(("127.0.0.1", lis.port), timeout=10)
                s.sendall(req)
                s.shutdown(socket.SHUT_WR)
                got = b""
                while b"\r\n\r\n" not in got:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    got += chunk
                s.close()
                return got.startswith(b"HTTP/1.1 2")
            except OSError:
                return False

        with cf.ThreadPoolExecutor(conc) as ex:
            answered = sum(ex.map(client, range(clients)))
        lis.stop()  # the record line is flushed before the answer; stopping is only slack
        recorded = line_count(rec)
        row(
            n,
            f"{clients} half-closed clients at concurrency {conc} {' '.join(extra)}".rstrip(),
            "answered 2xx / recorded / dropped",
            f"{answered} / {recorded} / {100 * (clients - min(answered, recorded)) / clients:.0f} %",
        )


def line_count(path):
    try:
        with open(path, "rb") as f:
            return sum(1 for line in f if line.strip())
    except OSError:
        return 0


# ------------------------------------------------------------------------------------------


ROWS = {1: row1, 2: row2, 3: row3, 4: row4, 5: row5, 6: row6, 7: row7, 8: row8}


def main():
    global ARGS, TMP
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True, help="the ocw binary to measure")
    ap.add_argument("--only", default="", help="comma-separated row numbers, e.g. 1,3")
    ap.add_argument("--storm-mb", type=int, default=1024, help="row 5 answer size in MiB")
    ap.add_argument("--half-close", type=int, default=200, help="row 8 client count")
    ap.add_argument("--rss-cap-mb", type=int, default=DEFAULT_RSS_CAP_MB)
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    ap.add_argument("--no-header", action="store_true", help=argparse.SUPPRESS)
    ARGS = ap.parse_args()
    ARGS.bin = os.path.abspath(ARGS.bin)
    only = [int(x) for x in ARGS.only.split(",") if x.strip()] or sorted(ROWS)
    TMP = tempfile.mkdtemp(prefix="ocw-hostile-")
    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 4096 if hard == resource.RLIM_INFINITY else min(4096, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, want), hard))

    version = subprocess.run([ARGS.bin, "--version"], capture_output=True, text=True, env=env()).stdout.strip()
    if not ARGS.no_header:
        out(f"# ocw hostile-input measurements: {ARGS.bin} ({version}), {time.strftime('%Y-%m-%d %H:%M:%S')}")
        out("| row | case | metric | value |")
        out("|---|---|---|---|")
    t0 = time.monotonic()
    if len(only) > 1:
        # Each row in a fresh interpreter: a measured child's max RSS (wait4) includes the
        # memory of the process it was forked from, and earlier rows grow this one (row 4
        # builds 50 MB bodies), which would make later rows report this script, not ocw.
        passthrough = [
            "--bin", ARGS.bin, "--storm-mb", str(ARGS.storm_mb), "--half-close",
            str(ARGS.half_close), "--rss-cap-mb", str(ARGS.rss_cap_mb), "--no-header",
        ] + (["--keep"] if ARGS.keep else [])
        for r in only:
            sys.stdout.flush()
            subprocess.run([sys.executable, os.path.abspath(__file__), "--only", str(r)] + passthrough)
        out(f"<!-- total {time.monotonic() - t0:.1f} s -->")
        return
    for r in only:
        t = time.monotonic()
        try:
            ROWS[r]()
        except Exception as e:  # noqa: BLE001 - one broken row must not hide the others
            row(r, "ERROR", type(e).__name__, str(e).replace("\n", " ")[:200])
        out(f"<!-- row {r}: {time.monotonic() - t:.1f} s -->")
    out(f"<!-- total {time.monotonic() - t0:.1f} s -->")


if __name__ == "__main__":
    main()
