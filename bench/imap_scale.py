#!/usr/bin/env python3
"""QRESYNC resync and large-mailbox helpers for bench/imap-bench.sh (issue 24).

  imap_scale.py resync HOST PORT USER PASS ROUNDS
      A phone coming back: per round, another session makes 100 changes in USER's INBOX (\\Flagged
      set on 80 messages without it, 20 others expunged), then the phone reconnects and times ENABLE QRESYNC + SELECT INBOX
      (QRESYNC (uidvalidity modseq 1:last)) to its tagged OK. Prints the median and p90 in ms and
      the VANISHED / FETCH counts of the last round.
  imap_scale.py seed N SMTP_PORT USER
      N small messages (1-2 KiB, every 1000th with the subject "needle") into Maildock's USER over
      SMTP (8 connections), into Dovecot's imaptest19 as Maildir files; 90 % end up \\Seen on both.
  imap_scale.py seen HOST PORT USER PASS N
      Sets \\Seen on the first 90 % of Maildock's USER's INBOX (after seed: SMTP delivers unseen).
  imap_scale.py ops HOST PORT USER PASS [SERVER_PID]
      What a phone does on a large INBOX, each timed: SELECT, UID FETCH 1:* (UID FLAGS),
      UID SEARCH UNSEEN, FETCH of the newest 50 ENVELOPEs, UID SEARCH SUBJECT "needle".
      With SERVER_PID (a JVM), the live heap after a full GC before and after (jcmd).
"""
import random
import re
import socket
import statistics
import subprocess
import sys
import time

from imap_sync import send_smtp, write_maildir

LITERAL = re.compile(rb"\{(\d+)\}$")


class Session:
    """A plain IMAP connection that reads whole responses, literals skipped."""

    def __init__(self, host, port, user, password):
        self.sock = socket.create_connection((host, port), timeout=600)
        self.buf = bytearray()
        self.line()
        self.run("a", f"LOGIN {user} {password}")

    def line(self):
        while True:
            end = self.buf.find(b"\r\n")
            if end >= 0:
                line = bytes(self.buf[:end])
                del self.buf[:end + 2]
                return line
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk

    def skip(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk
        del self.buf[:n]

    def run(self, tag, text):
        """Sends a command; returns its untagged lines (literals left out) once it answered OK."""
        self.sock.sendall(f"{tag} {text}\r\n".encode())
        lines = []
        while True:
            line = self.line()
            if line.startswith(tag.encode() + b" "):
                if not line.startswith(tag.encode() + b" OK"):
                    raise RuntimeError(f"{text}: {line.decode(errors='replace')}")
                lines.append(line)
                return lines
            lines.append(line)
            m = LITERAL.search(line)
            while m:
                self.skip(int(m.group(1)))
                line = self.line()
                m = LITERAL.search(line)

    def close(self):
        try:
            self.run("z", "LOGOUT")
        finally:
            self.sock.close()


def code(lines, name):
    for line in lines:
        m = re.search(rb"\[" + name.encode() + rb" (\d+)\]", line)
        if m:
            return int(m.group(1))
    raise RuntimeError(f"no {name} in the answer")


def changes(host, port, user, password, rng):
    """100 changes by another session: 80 flag toggles, 20 expunges."""
    s = Session(host, port, user, password)
    s.run("s", "SELECT INBOX")
    def search(tag, key):
        return [int(u) for line in s.run(tag, f"UID SEARCH {key}") if line.startswith(b"* SEARCH")
                for u in line.split()[2:]]
    # Each a real change: \Flagged set where it is not, expunges among the rest.
    flagged = rng.sample(search("u", "UNFLAGGED"), 80)
    for i, uid in enumerate(flagged):
        s.run(f"f{i}", f"UID STORE {uid} +FLAGS.SILENT (\\Flagged)")
    rest = sorted(set(search("v", "ALL")) - set(flagged))
    for i, uid in enumerate(rng.sample(rest, 20)):
        s.run(f"d{i}", f"UID STORE {uid} +FLAGS.SILENT (\\Deleted)")
        s.run(f"x{i}", f"UID EXPUNGE {uid}")
    s.close()


def resync(host, port, user, password, rounds):
    rng = random.Random(7)
    phone = Session(host, port, user, password)
    lines = phone.run("s", "SELECT INBOX (CONDSTORE)")
    validity, modseq = code(lines, "UIDVALIDITY"), code(lines, "HIGHESTMODSEQ")
    last = code(lines, "UIDNEXT") - 1
    phone.close()
    times = []
    vanished = fetched = 0
    for _ in range(rounds):
        changes(host, port, user, password, rng)
        phone = Session(host, port, user, password)
        start = time.perf_counter()
        phone.run("e", "ENABLE QRESYNC")
        lines = phone.run("q", f"SELECT INBOX (QRESYNC ({validity} {modseq} 1:{last}))")
        times.append((time.perf_counter() - start) * 1000)
        modseq = code(lines, "HIGHESTMODSEQ")
        vanished = sum(1 for line in lines if line.startswith(b"* VANISHED (EARLIER)"))
        fetched = sum(1 for line in lines if b" FETCH " in line[:24])
        phone.close()
    times.sort()
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    print(f"{statistics.median(times):.2f} {p90:.2f} {vanished} {fetched}")


def small_messages(n):
    rng = random.Random(3)
    for i in range(n):
        subject = "needle" if i % 1000 == 999 else f"note {i} of the large-mailbox benchmark"
        text = "".join(rng.choice("abcdefghij klmnop qrstuvwxyz") for _ in range(rng.randint(800, 1800)))
        body = "\r\n".join(text[k:k + 72] for k in range(0, len(text), 72))
        yield (f"From: Sender {i % 97} <sender{i % 97}@example.org>\r\nTo: Reader <reader@example.test>\r\n"
               f"Subject: {subject}\r\nDate: Mon, 7 Dec 2026 10:{i % 60:02d}:00 +0000\r\n"
               f"Message-ID: <scale-{i}@example.org>\r\nMIME-Version: 1.0\r\n"
               f"Content-Type: text/plain; charset=us-ascii\r\n\r\n{body}\r\n").encode("ascii")


def seed(n, smtp_port, user):
    all_messages = list(small_messages(n))
    write_maildir("imaptest19", all_messages, lambda i: "S" if i < n * 9 // 10 else "")
    send_smtp(smtp_port, user, all_messages, 8)


def mark_seen(host, port, user, password, n):
    s = Session(host, port, user, password)
    s.run("s", "SELECT INBOX")
    s.run("f", f"STORE 1:{n * 9 // 10} +FLAGS.SILENT (\\Seen)")
    s.close()


def heap(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, check=True)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, check=True).stdout
    m = re.search(r"used (\d+)K", out)
    return int(m.group(1)) // 1024 if m else -1


def ops(host, port, user, password, pid):
    s = Session(host, port, user, password)
    before = heap(pid) if pid else None
    timed = []

    def step(name, tag, command):
        start = time.perf_counter()
        lines = s.run(tag, command)
        timed.append((name, time.perf_counter() - start))
        return lines

    lines = step("select", "s", "SELECT INBOX")
    exists = next(int(line.split()[1]) for line in lines if line.endswith(b" EXISTS"))
    step("uid-fetch-flags", "f", "UID FETCH 1:* (UID FLAGS)")
    step("search-unseen", "u", "UID SEARCH UNSEEN")
    step("newest-50-envelopes", "e", f"FETCH {max(1, exists - 49)}:* (UID ENVELOPE)")
    step("search-subject", "h", 'UID SEARCH SUBJECT "needle"')
    after = heap(pid) if pid else None
    s.close()
    print(" ".join(f"{name}={seconds * 1000:.1f}ms" for name, seconds in timed)
          + (f" heap-before={before}MB heap-after={after}MB" if pid else "") + f" messages={exists}")


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "resync":
        resync(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]))
    elif what == "seed":
        seed(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif what == "seen":
        mark_seen(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        ops(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]) if len(sys.argv) > 6 else None)
