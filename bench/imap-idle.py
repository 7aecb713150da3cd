#!/usr/bin/env python3
"""Issue 24: N IMAP clients in IDLE at once on one server, and how soon a delivery reaches each.

   bench/imap-idle.py --domain example.test --admin-password bench-admin \\
       [--http-port 9080] [--smtp-port 25] [--imap-port 143] [--clients 1000] [--accounts 100] \\
       [--rounds 5] [--batch 100] [--rev2] [--tls --imaps-port 993] [--pid SERVER_PID]

Makes --accounts fresh accounts (admin API), logs --clients clients in, spread evenly over them,
each on its own connection from and to 127.0.0.2, 127.0.0.3, ... (so the per-client-address limit
is not what is measured, and LOGIN in clear is allowed: the client is on the server's own address,
maildock.auth.plaintext=local), or with --tls over imaps to --host, SELECTs INBOX and enters IDLE. Then --rounds times it delivers one message
to every account over SMTP, --batch recipients per transaction (1: one delivery at a time, one
after the other; 100: a burst), and takes, for every client, the time from the 250 that accepted
its account's message to that client's `* n EXISTS`. Prints p50 / p99 / max over all of them and
the clients never told (10 s); with --pid, the server's heap after a full GC (jcmd) before the
clients connect and while they idle. Clients speak IMAP4rev1 (as Thunderbird), or ENABLE IMAP4rev2
with --rev2. One process, asyncio: no thread per client. Loopback only.
"""
import argparse, asyncio, base64, json, ssl, statistics, subprocess, sys, time, urllib.error, urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--http-port", type=int, default=9080)
ap.add_argument("--smtp-port", type=int, default=25)
ap.add_argument("--imap-port", type=int, default=143)
ap.add_argument("--imaps-port", type=int, default=993)
ap.add_argument("--tls", action="store_true", help="imaps (implicit TLS) instead of plain IMAP")
ap.add_argument("--domain", required=True)
ap.add_argument("--admin-password", required=True)
ap.add_argument("--clients", type=int, default=1000)
ap.add_argument("--accounts", type=int, default=100)
ap.add_argument("--rounds", type=int, default=5)
ap.add_argument("--batch", type=int, default=100, help="recipients per SMTP transaction")
ap.add_argument("--per-address", type=int, default=45, help="connections per local loopback address")
ap.add_argument("--rev2", action="store_true", help="ENABLE IMAP4rev2 before SELECT")
ap.add_argument("--pid", type=int)
a = ap.parse_args()
assert a.host.startswith("127."), "loopback only"
PASSWORD = "idle-bench-pw"
WAIT = 10.0
TLS = ssl.create_default_context()
TLS.check_hostname = False
TLS.verify_mode = ssl.CERT_NONE  # the server's certificate is self-signed


def heap():
    if not a.pid:
        return "(no --pid)"
    subprocess.run(["jcmd", str(a.pid), "GC.run"], capture_output=True)
    out = subprocess.run(["jcmd", str(a.pid), "GC.heap_info"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "used" in line and ("heap" in line or "total" in line):
            return line.strip()
    return out.strip()


def create_accounts():
    run = int(time.time())
    auth = base64.b64encode(f"admin:{a.admin_password}".encode()).decode()
    users = []
    for i in range(a.accounts):
        user = f"idle{run}-{i}@{a.domain}"
        body = json.dumps({"address": user, "password": PASSWORD}).encode()
        request = urllib.request.Request(f"http://{a.host}:{a.http_port}/api/admin/accounts", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": "Basic " + auth})
        try:
            urllib.request.urlopen(request, timeout=30).read()
        except urllib.error.HTTPError as e:
            sys.exit(f"account {user}: the admin API answered {e.code}")
        users.append(user)
    return users


class Client:
    """One IMAP connection that idles in INBOX and notes when each EXISTS count first came."""

    def __init__(self, index, user):
        self.index, self.user = index, user
        self.exists_at = {}  # EXISTS n -> perf_counter() when it came
        self.reader = self.writer = None

    async def start(self):
        source = f"127.0.0.{2 + self.index // a.per_address}"
        if a.tls:
            self.reader, self.writer = await asyncio.open_connection(a.host, a.imaps_port, ssl=TLS,
                                                                     local_addr=(source, 0))
        else:
            self.reader, self.writer = await asyncio.open_connection(source, a.imap_port, local_addr=(source, 0))
        greeting = await self.reader.readline()
        assert greeting.startswith(b"* OK"), f"client {self.index}: {greeting!r}"
        await self.command(f'LOGIN "{self.user}" "{PASSWORD}"')
        if a.rev2:
            await self.command("ENABLE IMAP4rev2")
        await self.command("SELECT INBOX")
        self.writer.write(b"i IDLE\r\n")
        line = await self.reader.readline()
        assert line.startswith(b"+"), f"client {self.index}: IDLE -> {line!r}"

    async def command(self, text):
        self.writer.write(f"c {text}\r\n".encode())
        while True:
            line = await self.reader.readline()
            if not line:
                raise ConnectionError(f"client {self.index}: closed after {text}")
            if line.startswith(b"c "):
                assert line.startswith(b"c OK"), f"client {self.index}: {text} -> {line!r}"
                return

    async def listen(self):
        while True:
            line = await self.reader.readline()
            if not line:
                return
            parts = line.split()
            if len(parts) == 3 and parts[0] == b"*" and parts[2] == b"EXISTS":
                self.exists_at.setdefault(int(parts[1]), time.perf_counter())

    async def stop(self):
        try:
            self.writer.write(b"DONE\r\nl LOGOUT\r\n")
            await self.writer.drain()
        finally:
            self.writer.close()


async def smtp_reply(reader):
    while True:
        line = await reader.readline()
        if line[3:4] != b"-":
            return line


async def deliver(recipients, subject):
    """One SMTP transaction to these recipients; perf_counter() when its 250 to DATA came."""
    reader, writer = await asyncio.open_connection(a.host, a.smtp_port)
    await smtp_reply(reader)
    for command in ["EHLO idle.bench", "MAIL FROM:<idle@bench.example>"] + [f"RCPT TO:<{r}>" for r in recipients] + ["DATA"]:
        writer.write(command.encode() + b"\r\n")
        reply = await smtp_reply(reader)
        assert reply[:1] in (b"2", b"3"), f"{command} -> {reply!r}"
    writer.write(f"Subject: {subject}\r\n\r\nidle bench\r\n.\r\n".encode())
    reply = await smtp_reply(reader)
    accepted = time.perf_counter()
    assert reply.startswith(b"250"), f"DATA -> {reply!r}"
    writer.write(b"QUIT\r\n")
    writer.close()
    return accepted


def percentile(values, p):
    return sorted(values)[max(0, int(round(len(values) * p)) - 1)]


async def main():
    users = create_accounts()
    print(f"{a.accounts} accounts, {a.clients} clients ({'IMAP4rev2' if a.rev2 else 'IMAP4rev1'})")
    print("heap before the clients:", heap())
    clients = [Client(i, users[i % len(users)]) for i in range(a.clients)]
    t0 = time.perf_counter()
    gate = asyncio.Semaphore(50)  # log in 50 at a time: the logins are not what is measured

    async def start(client):
        async with gate:
            await client.start()
    await asyncio.gather(*(start(c) for c in clients))
    print(f"{len(clients)} clients in IDLE after {time.perf_counter() - t0:.1f} s")
    listeners = [asyncio.create_task(c.listen()) for c in clients]
    await asyncio.sleep(1)
    print("heap with every client idling:", heap())

    by_user = {}
    for c in clients:
        by_user.setdefault(c.user, []).append(c)
    latencies, untold = [], 0
    for round_ in range(1, a.rounds + 1):
        accepted = {}
        for i in range(0, len(users), a.batch):
            batch = users[i:i + a.batch]
            at = await deliver(batch, f"round {round_}")
            accepted.update({u: at for u in batch})
        deadline = time.perf_counter() + WAIT
        while time.perf_counter() < deadline and not all(round_ in c.exists_at for c in clients):
            await asyncio.sleep(0.05)
        told = [c.exists_at[round_] - accepted[c.user] for c in clients if round_ in c.exists_at]
        untold += len(clients) - len(told)
        latencies += told
        print(f"round {round_}: {len(told)} told, p50 {statistics.median(told) * 1000:.0f} ms, "
              f"max {max(told) * 1000:.0f} ms" if told else f"round {round_}: nobody told")
    print(f"heap after {a.rounds} rounds, clients idling:", heap())
    if latencies:
        ms = [x * 1000 for x in latencies]
        print(f"EXISTS after the 250, {len(ms)} notifications: p50 {statistics.median(ms):.0f} ms, "
              f"p99 {percentile(ms, 0.99):.0f} ms, max {max(ms):.0f} ms; not told within {WAIT:.0f} s: {untold}")
    for task in listeners:
        task.cancel()
    await asyncio.gather(*(c.stop() for c in clients), return_exceptions=True)


asyncio.run(main())
