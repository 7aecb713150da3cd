#!/usr/bin/env python3
"""Issue 3: hold N idle SMTP connections and show the server still answers new sessions promptly.

   bench/idle-connections.py --port 22525 [--conns 1000] [--pid SERVER_PID]

Clients bind to 127.0.0.2, 127.0.0.3, ... so that the per-client-address limit (50) is not what
is measured. Each idle connection has read its 220 greeting and then sends nothing. While they are
held, it times fresh sessions (connect, greeting, EHLO, QUIT), and with --pid prints the server's
heap after a full GC (jcmd). Loopback only; it closes everything it opened.
"""
import argparse, socket, statistics, subprocess, time

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--conns", type=int, default=1000)
ap.add_argument("--per-address", type=int, default=45)
ap.add_argument("--pid", type=int)
a = ap.parse_args()
assert a.host.startswith("127."), "loopback only"

def first_reply():
    """Milliseconds to the first reply line of a new connection, and that line's code."""
    t = time.perf_counter()
    s = socket.create_connection((a.host, a.port), timeout=10)
    code = s.makefile("rb").readline()[:3].decode()
    s.close()
    return (time.perf_counter() - t) * 1000, code

def session(src=None):
    t = time.perf_counter()
    s = socket.create_connection((a.host, a.port), timeout=10, source_address=(src, 0) if src else None)
    f = s.makefile("rb")
    assert f.readline().startswith(b"220"), "no greeting"
    s.sendall(b"EHLO bench.example\r\n")
    while True:
        line = f.readline()
        if line[3:4] == b" ":
            break
    s.sendall(b"QUIT\r\n"); f.readline(); s.close()
    return (time.perf_counter() - t) * 1000

def heap():
    if not a.pid:
        return None
    subprocess.run(["jcmd", str(a.pid), "GC.run"], capture_output=True)
    out = subprocess.run(["jcmd", str(a.pid), "GC.heap_info"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "used" in line and ("garbage-first heap" in line or "total" in line):
            return line.strip()
    return out.strip().splitlines()[0] if out else None

before = [session() for _ in range(20)]
print(f"fresh sessions before: p50 {statistics.median(before):.1f} ms, max {max(before):.1f} ms")
print("heap before:", heap())
held = []
t0 = time.perf_counter()

def hold(count):
  for i in range(len(held), count):
    src = f"127.0.0.{2 + i // a.per_address}"
    s = socket.create_connection((a.host, a.port), timeout=30, source_address=(src, 0))
    greeting = s.recv(512)
    if not greeting.startswith(b"220"):
        print(f"connection {i} refused: {greeting!r}"); s.close(); return
    held.append(s)

# The server's total limit (smtpMaxConnections, default 1,000) leaves no room for a fresh session
# when exactly that many are held, so full sessions are timed with a few slots left.
hold(a.conns - 10)
print(f"held {len(held)} idle connections (opened in {time.perf_counter() - t0:.1f} s)")
during = [session() for _ in range(50)]
print(f"fresh sessions while held: p50 {statistics.median(during):.1f} ms, "
      f"p99 {sorted(during)[int(len(during) * 0.99) - 1]:.1f} ms, max {max(during):.1f} ms")
print("heap while held:", heap())
hold(a.conns)
print(f"held {len(held)}; a new connection's first reply:", "%.1f ms, code %s" % first_reply())
for s in held:
    s.close()
