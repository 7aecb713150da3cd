#!/usr/bin/env python3
"""Hardening issue #22, item 1: clients that pipeline commands and never read the replies.

   bench/probes/reply_flood.py --smtp-port 25 [--pop3-port 110 --user U --password P] [--pid PID]
                               [--seconds 10] [--megabytes 100] [--conns 1]

For SMTP, CONNS connections (for POP3, when a user is given: one, logged in, then NOOP/LIST;
a maildrop admits one session) each write up to MEGABYTES of commands for at most SECONDS without reading a byte. Meanwhile a fresh
SMTP client's greeting latency is sampled each second. Prints, per protocol, what the flooders
managed to write (a server with back-pressure stops reading: the writes block), the greeting
latencies, and with --pid the server's heap after a full GC before and during the flood
(`jcmd PID GC.run`, `jcmd PID GC.heap_info`; the pid is in Liberty's usr/servers/.pid/SERVER.pid).
Bounded in time: every flood stops after SECONDS, every socket is closed at the end.
"""
import argparse, re, socket, subprocess, threading, time

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--smtp-port", type=int, default=25)
ap.add_argument("--pop3-port", type=int, default=110)
ap.add_argument("--user")
ap.add_argument("--password")
ap.add_argument("--pid", type=int)
ap.add_argument("--seconds", type=float, default=10)
ap.add_argument("--megabytes", type=int, default=100)
ap.add_argument("--conns", type=int, default=1)
ap.add_argument("--source", default="127.0.0.91", help="local address of the flooders (own per-address slots)")
a = ap.parse_args()


def heap_mb():
    """The server's live heap in MB after a full GC, or None without --pid."""
    if not a.pid:
        return None
    subprocess.run(["jcmd", str(a.pid), "GC.run"], capture_output=True, timeout=120)
    out = subprocess.run(["jcmd", str(a.pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    used = re.search(r"used (\d+)K", out)
    return int(used.group(1)) // 1024 if used else None


def greeting_ms():
    """Milliseconds a fresh SMTP client waits for its greeting (None: none within 10 s)."""
    t = time.perf_counter()
    try:
        with socket.create_connection((a.host, a.smtp_port), timeout=10) as s:
            if not s.makefile("rb").readline().startswith(b"220"):
                return None
    except OSError:
        return None
    return (time.perf_counter() - t) * 1000


def line(f):
    return f.readline().decode("latin-1").rstrip()


def smtp_flooder():
    s = socket.create_connection((a.host, a.smtp_port), timeout=10, source_address=(a.source, 0))
    assert line(s.makefile("rb")).startswith("220"), "no SMTP greeting"
    return s, b"NOOP\r\n"


def pop3_flooder():
    # From the server's own address: USER/PASS without TLS is only taken from this host
    # (maildock.auth.plaintext), and the flood is about replies, not about logging in.
    s = socket.create_connection((a.host, a.pop3_port), timeout=10, source_address=(a.host, 0))
    f = s.makefile("rb")
    assert line(f).startswith("+OK"), "no POP3 greeting"
    for command in (f"USER {a.user}", f"PASS {a.password}"):
        s.sendall(command.encode() + b"\r\n")
        reply = line(f)
        assert reply.startswith("+OK"), f"{command.split()[0]}: {reply}"
    return s, b"NOOP\r\nLIST\r\n"


def flood(sock, commands, stop, written, index):
    block = commands * (65536 // len(commands))
    sock.settimeout(0.5)  # a blocked write is retried until the stop: the server stopped reading
    limit = a.megabytes * 1024 * 1024
    while not stop.is_set() and written[index] < limit:
        try:
            written[index] += sock.send(block)
        except socket.timeout:
            continue
        except OSError:
            break  # closed by the server


def run(name, opener, conns):
    before = heap_mb()
    sockets = [opener() for _ in range(conns)]
    stop = threading.Event()
    written = [0] * len(sockets)
    threads = [threading.Thread(target=flood, args=(s, c, stop, written, i), daemon=True)
               for i, (s, c) in enumerate(sockets)]
    for t in threads:
        t.start()
    latencies = []
    started = time.monotonic()
    while time.monotonic() - started < a.seconds:
        latencies.append(greeting_ms())
        time.sleep(1)
    during = heap_mb()
    stop.set()
    for t in threads:
        t.join(5)
    for s, _ in sockets:
        s.close()
    answered = [x for x in latencies if x is not None]
    print(f"{name}: {conns} connection(s) wrote {sum(written) / 2**20:.1f} MB in {a.seconds:.0f} s without reading")
    print(f"{name}: fresh greeting latency ms: max {max(answered, default=float('nan')):.0f}, "
          f"samples {[round(x) if x is not None else None for x in latencies]}, none within 10 s: "
          f"{latencies.count(None)}")
    if before is not None:
        print(f"{name}: server heap after full GC: before {before} MB, during flood {during} MB "
              f"(+{(during or 0) - before} MB)")


run("SMTP", smtp_flooder, a.conns)
if a.user:
    run("POP3", pop3_flooder, 1)
