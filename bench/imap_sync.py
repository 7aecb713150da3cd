#!/usr/bin/env python3
"""First-sync benchmark helper for bench/imap-bench.sh.

  imap_sync.py seed N SMTP_PORT USER PEER_DIR   N messages into Maildock's USER (SMTP) and into
                                                Dovecot's imaptest20 (Maildir files), the same octets
  imap_sync.py sync HOST PORT USER PASS         a first sync as Thunderbird does it; prints the
                                                seconds of the header step and of the body step

The messages are deterministic (seed 1): 80 % text/plain of 1-20 KiB, 20 % multipart/mixed with a
base64 attachment of 20-100 KiB, each with a unique Message-ID.
"""
import base64
import concurrent.futures
import os
import pwd
import random
import re
import smtplib
import socket
import sys
import time


def messages(n):
    rng = random.Random(1)
    for i in range(n):
        letters = "".join(rng.choice("abcdefghij klmnop qrstuvwxyz") for _ in range(rng.randint(1024, 20480)))
        text = "\r\n".join(letters[k:k + 72] for k in range(0, len(letters), 72))
        head = (f"From: Sender {i % 97} <sender{i % 97}@example.org>\r\nTo: Reader <reader@example.test>\r\n"
                f"Subject: message {i} of the first-sync benchmark\r\nDate: Mon, 7 Dec 2026 10:{i % 60:02d}:00 +0000\r\n"
                f"Message-ID: <sync-{i}@example.org>\r\nMIME-Version: 1.0\r\n")
        if rng.random() < 0.2:
            blob = base64.encodebytes(rng.randbytes(rng.randint(20480, 102400))).decode().replace("\n", "\r\n")
            body = (f"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n"
                    f"Content-Type: text/plain; charset=us-ascii\r\n\r\n{text}\r\n--b{i}\r\n"
                    f"Content-Type: application/octet-stream; name=a{i}.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    f"{blob}--b{i}--\r\n")
        else:
            body = f"Content-Type: text/plain; charset=us-ascii\r\n\r\n{text}\r\n"
        yield (head + body).encode("ascii")


def write_maildir(peer_user, all_messages, flags=lambda i: ""):
    """Dovecot: the messages as Maildir files of peer_user (old mail: in cur), owned by the peer's user."""
    root = os.environ.get("IMAPTEST_ROOT", "/tmp/imaptest")
    maildir = os.path.join(root, "mail", peer_user, "Maildir")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    for i, octets in enumerate(all_messages):
        with open(os.path.join(maildir, "cur", f"{1700000000 + i}.M{i}P1.bench,S={len(octets)}:2,{flags(i)}"), "wb") as f:
            f.write(octets)
    vmail = pwd.getpwnam("imaptest-vmail")
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, "mail", peer_user)):
        for name in [dirpath] + [os.path.join(dirpath, f) for f in filenames]:
            os.chown(name, vmail.pw_uid, vmail.pw_gid)


def send_smtp(smtp_port, user, all_messages, connections):
    """Maildock: the messages over SMTP, this many connections at once."""
    def send(part):
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=120) as smtp:
            for octets in part:
                smtp.sendmail("sender@example.org", [user], octets)
    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        list(pool.map(send, [all_messages[k::connections] for k in range(connections)]))


def seed(n, smtp_port, user, peer_dir):
    all_messages = list(messages(n))
    write_maildir("imaptest20", all_messages)
    send_smtp(smtp_port, user, all_messages, 4)


class Connection:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=600)
        self.buf = bytearray()
        self.at = 0
        self.line()

    def fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise EOFError("connection closed")
        if self.at > (1 << 20):
            del self.buf[:self.at]
            self.at = 0
        self.buf += chunk

    def line(self):
        while True:
            end = self.buf.find(b"\r\n", self.at)
            if end >= 0:
                line = bytes(self.buf[self.at:end])
                self.at = end + 2
                return line
            self.fill()

    def skip(self, n):
        while len(self.buf) - self.at < n:
            self.fill()
        self.at += n

    def command(self, tag, text):
        """Sends a command, reads to its tagged answer, returns the number of FETCH responses."""
        self.sock.sendall(f"{tag} {text}\r\n".encode())
        fetches = 0
        literal = re.compile(rb"\{(\d+)\}$")
        while True:
            line = self.line()
            if line.startswith(tag.encode() + b" "):
                if not line.startswith(tag.encode() + b" OK"):
                    raise RuntimeError(line.decode(errors="replace"))
                return fetches
            if line.startswith(b"* ") and b" FETCH " in line[:24]:
                fetches += 1
            m = literal.search(line)
            while m:
                self.skip(int(m.group(1)))
                line = self.line()
                m = literal.search(line)


def sync(host, port, user, password):
    c = Connection(host, port)
    c.command("a", f"LOGIN {user} {password}")
    c.command("s", "SELECT INBOX")
    start = time.monotonic()
    headers = c.command("h", "UID FETCH 1:* (UID RFC822.SIZE FLAGS INTERNALDATE ENVELOPE BODYSTRUCTURE)")
    middle = time.monotonic()
    bodies = c.command("b", "UID FETCH 1:* (BODY.PEEK[])")
    end = time.monotonic()
    c.command("z", "LOGOUT")
    if headers != bodies or headers == 0:
        sys.exit(f"{host}:{port} answered {headers} header and {bodies} body FETCHes")
    print(f"{middle - start:.3f} {end - middle:.3f}")


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        sync(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
