#!/usr/bin/env python3
"""Hardening issue #22, item 6: clients that trickle one octet every 2 s to hold sessions.

   bench/probes/trickle.py --smtp-port 25 [--pop3-port 110] [--conns 50] [--deadline 300]
                           [--rcpt postmaster@example.com] [--source 127.0.0.92]

Opens CONNS SMTP connections from one address: half trickle one octet every INTERVAL seconds on
the command line (never completing it), half inside DATA (after HELO, MAIL, RCPT, DATA; 354).
With --pop3-port also CONNS // 5 POP3 connections trickling on the command line. It keeps them
trickling until the server's deadline (--deadline, the server's smtp.idleTimeout in seconds) plus
--grace has passed, then prints how many of each kind are still held and whether a fresh SMTP client
from the same address is greeted (220) or refused (421: the address's slots are exhausted).
Ends by itself after deadline + grace + a few seconds and closes everything it opened.
"""
import argparse, socket, time

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--smtp-port", type=int, default=25)
ap.add_argument("--pop3-port", type=int)
ap.add_argument("--conns", type=int, default=50)
ap.add_argument("--deadline", type=float, default=300, help="the server's per-record deadline in seconds")
ap.add_argument("--grace", type=float, default=15)
ap.add_argument("--interval", type=float, default=2)
ap.add_argument("--rcpt", default="postmaster", help="a recipient the server accepts, for the DATA tricklers")
ap.add_argument("--source", default="127.0.0.92", help="the one local address all clients use")
a = ap.parse_args()


def connect(port):
    s = socket.create_connection((a.host, port), timeout=10, source_address=(a.source, 0))
    return s, s.makefile("rb")


def smtp_command():
    s, f = connect(a.smtp_port)
    greeting = f.readline()
    return s if greeting.startswith(b"220") else None


def smtp_data():
    s, f = connect(a.smtp_port)
    if not f.readline().startswith(b"220"):
        return None
    s.sendall(f"HELO trickle.example\r\nMAIL FROM:<t@trickle.example>\r\nRCPT TO:<{a.rcpt}>\r\nDATA\r\n".encode())
    replies = [f.readline()[:3] for _ in range(4)]
    return s if replies[-1] == b"354" else None


def pop3_command():
    s, f = connect(a.pop3_port)
    return s if f.readline().startswith(b"+OK") else None


def alive(s):
    """Sends one octet; False once the server has answered (421) or closed the connection."""
    try:
        s.settimeout(0.001)
        try:
            s.recv(512)  # a reply (421) or the end of the stream: the server let go
            return False
        except (socket.timeout, BlockingIOError):
            s.sendall(b"x")
            return True
    except OSError:
        return False


kinds = {"SMTP command line": smtp_command, "SMTP DATA": smtp_data}
if a.pop3_port:
    kinds["POP3 command line"] = pop3_command
held = {}
for name, opener in kinds.items():
    count = a.conns // 2 if name.startswith("SMTP") else max(1, a.conns // 5)
    opened = [opener() for _ in range(count)]
    held[name] = [s for s in opened if s]
    print(f"{name}: {len(held[name])} of {count} opened")

started = time.monotonic()
while time.monotonic() - started < a.deadline + a.grace:
    for name in held:
        held[name] = [s for s in held[name] if alive(s) or s.close()]
    if not any(held.values()):
        break
    time.sleep(a.interval)
waited = time.monotonic() - started
for name, sockets in held.items():
    print(f"{name}: {len(sockets)} still held after {waited:.0f} s (deadline {a.deadline:.0f} s)")
try:
    s, f = connect(a.smtp_port)
    first = f.readline().decode("latin-1").strip()
    s.close()
    print(f"fresh SMTP client from {a.source}: {first or 'closed without a reply'}")
except OSError as e:
    print(f"fresh SMTP client from {a.source}: {e}")
for sockets in held.values():
    for s in sockets:
        s.close()
