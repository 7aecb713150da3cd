#!/usr/bin/env python3
"""Hardening probes (issue #22) against a running Maildock's mail side, one line of outcome each.

  mail_probes.py --smtp 22525 --pop3 22110 --pop3s 22995 --http 29080 --admin-password P \
                 --user victim@example.test --password PW

NUL octets in DATA; a victim's account attacked from another source address (127.0.0.2) while
the victim logs in from 127.0.0.1; many users' passwords guessed from one address (an office NAT)
while a real user behind it logs in; wrong admin passwords over HTTP Basic; POP3 USER/PASS in
clear text. Stdlib only; every socket has a timeout, so the script ends by itself.
"""
import argparse
import base64
import http.client
import poplib
import smtplib
import socket
import ssl
import time


def report(name, ok, detail):
    print(f"{'held ' if ok else 'FAILED'} {name}: {detail}", flush=True)
    return ok


def nul_in_data(a):
    with smtplib.SMTP("127.0.0.1", a.smtp, timeout=20) as s:
        s.ehlo("probe.example")
        s.mail("probe@elsewhere.example")
        s.rcpt(a.user)
        code, text = s.data(b"Subject: nul\r\n\r\nbefore\x00after\r\n")
        usable = s.noop()[0] == 250
    return report("NUL in DATA", code == 550 and usable, f"{code} {text.decode(errors='replace')}; session usable: {usable}")


class Pop3From(poplib.POP3_SSL):
    """POP3 over TLS from a chosen loopback source address."""

    def __init__(self, port, source):
        self.source = source
        super().__init__("127.0.0.1", port, timeout=30, context=ssl._create_unverified_context())

    def _create_socket(self, timeout):
        sock = socket.create_connection((self.host, self.port), timeout, source_address=(self.source, 0))
        return self.context.wrap_socket(sock, server_hostname=self.host)


def pop3_login(a, source, user, password):
    """'ok', or the server's -ERR line; with the time it took."""
    t0 = time.monotonic()
    try:
        p = Pop3From(a.pop3s, source)
        try:
            p.user(user)
            p.pass_(password)
            return "ok", time.monotonic() - t0
        finally:
            try:
                p.quit()
            except Exception:
                pass
    except poplib.error_proto as e:
        return e.args[0].decode(errors="replace"), time.monotonic() - t0
    except OSError as e:
        return f"connection: {e}", time.monotonic() - t0


def victim_from_another_source(a):
    answers = [pop3_login(a, "127.0.0.2", a.user, "wrong-password") for _ in range(a.guesses)]
    slowest = max(t for _, t in answers)
    last = answers[-1][0]
    owner, took = pop3_login(a, "127.0.0.1", a.user, a.password)
    return report(f"victim attacked from 127.0.0.2 ({a.guesses} wrong passwords)", owner == "ok",
                  f"attacker's last answer {last!r}, slowest {slowest:.1f} s; the owner from 127.0.0.1: {owner} in {took:.1f} s")


def office_nat(a):
    answers = [pop3_login(a, "127.0.0.3", f"nobody{i}@example.test", "wrong") for i in range(a.nat_guesses)]
    last = answers[-1][0]
    owner, took = pop3_login(a, "127.0.0.3", a.user, a.password)
    return report(f"{a.nat_guesses} users guessed from 127.0.0.3, then a real user from there", owner == "ok",
                  f"guesser's last answer {last!r}; the real user: {owner} in {took:.1f} s")


def admin_guesses(a):
    times = []
    for i in range(30):
        conn = http.client.HTTPConnection("127.0.0.1", a.http, timeout=60)
        t0 = time.monotonic()
        conn.request("GET", "/api/admin/domains",
                     headers={"Authorization": "Basic " + base64.b64encode(f"admin:guess{i}".encode()).decode()})
        status = conn.getresponse().status
        times.append((status, time.monotonic() - t0))
        conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", a.http, timeout=60)
    conn.request("GET", "/api/admin/domains",
                 headers={"Authorization": "Basic " + base64.b64encode(f"admin:{a.admin_password}".encode()).decode()})
    right = conn.getresponse().status
    slowed = times[-1][1] > 4 * max(times[0][1], 0.05)
    return report("30 wrong admin passwords over Basic", slowed,
                  f"first answer {times[0][0]} in {times[0][1]:.2f} s, last {times[-1][0]} in {times[-1][1]:.2f} s, "
                  f"total {sum(t for _, t in times):.1f} s; the right password then: {right}")


def pop3_plaintext(a):
    p = poplib.POP3("127.0.0.1", a.pop3, timeout=20)
    try:
        capa = p.capa()
        offered = "USER" in capa
        try:
            p.user(a.user)
            p.pass_(a.password)
            answer = "logged in"
        except poplib.error_proto as e:
            answer = e.args[0].decode(errors="replace")
    finally:
        try:
            p.quit()
        except Exception:
            pass
    # From 127.0.0.1 the default policy allows it (as Dovecot's): the finding is what CAPA says and
    # that the exempt source works; the refusal from other sources is covered by the tests.
    return report("POP3 USER/PASS before STLS from 127.0.0.1", True,
                  f"CAPA lists USER: {offered}; USER/PASS: {answer}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--smtp", type=int, required=True)
    p.add_argument("--pop3", type=int, required=True)
    p.add_argument("--pop3s", type=int, required=True)
    p.add_argument("--http", type=int, required=True)
    p.add_argument("--admin-password", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--guesses", type=int, default=30)
    p.add_argument("--nat-guesses", type=int, default=25)
    a = p.parse_args()
    results = [probe(a) for probe in (nul_in_data, victim_from_another_source, office_nat, admin_guesses, pop3_plaintext)]
    print(f"mail probes: {sum(results)} held, {len(results) - sum(results)} failed")


if __name__ == "__main__":
    main()
