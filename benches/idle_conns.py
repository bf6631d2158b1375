#!/usr/bin/env python3
"""Open N idle TCP connections to a receiver and report its memory while they are held.

Usage: idle_conns.py HOST:PORT PID [N] [HOLD_SECS]

Used by benches/listen.sh: PID is the `ocw listen` process whose VmRSS / VmHWM
(/proc/PID/status) is read before the connections, while they are all open, and at the end.
The connections send nothing (idle keep-alive sockets, or a client that never starts its
request). Loopback only.
"""

import resource
import socket
import sys
import time


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


def mb(kib):
    return kib / 1024


def main():
    addr, pid = sys.argv[1], int(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    hold = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
    host, port = addr.rsplit(":", 1)
    if host not in ("127.0.0.1", "localhost", "::1", "[::1]"):
        sys.exit(f"refusing a non-loopback address: {addr}")

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = n + 256
    if soft < want:
        if hard != resource.RLIM_INFINITY and hard < want:
            sys.exit(f"RLIMIT_NOFILE hard limit {hard} is below the {want} needed")
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))

    before = status_kib(pid, "VmRSS")
    print(f"rss before        : {mb(before):7.1f} MB", flush=True)

    socks = []
    t0 = time.perf_counter()
    failed = 0
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(10)
        try:
            s.connect((host, int(port)))
        except OSError:
            failed += 1
            s.close()
            continue
        socks.append(s)
    took = time.perf_counter() - t0
    print(f"connections       : {len(socks)} open ({failed} failed) in {took:.2f} s", flush=True)

    # Idle: nothing sent. Sample the listener's memory while everything is held open.
    peak_rss = before
    deadline = time.monotonic() + hold
    while time.monotonic() < deadline:
        peak_rss = max(peak_rss, status_kib(pid, "VmRSS"))
        time.sleep(0.1)

    # How many are still open from the server's side (no EOF waiting to be read)?
    still_open = 0
    for s in socks:
        s.setblocking(False)
        try:
            data = s.recv(1, socket.MSG_PEEK)
            if data:
                still_open += 1  # the server said something; the socket is still open
        except BlockingIOError:
            still_open += 1
        except OSError:
            pass
    hwm = status_kib(pid, "VmHWM")
    print(f"still open after  : {still_open} of {len(socks)} ({hold:.0f} s idle)")
    print(f"rss while held    : {mb(peak_rss):7.1f} MB (max VmRSS sampled)")
    print(f"peak rss (VmHWM)  : {mb(hwm):7.1f} MB (goal < 150 MB) -> "
          + ("ok" if mb(hwm) < 150 else "ABOVE GOAL"))
    for s in socks:
        s.close()
    time.sleep(0.5)
    print(f"rss after closing : {mb(status_kib(pid, 'VmRSS')):7.1f} MB")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
