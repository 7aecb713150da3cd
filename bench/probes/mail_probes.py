#!/usr/bin/env python3
"""Hardening probes (issue #22) against a running Maildock's mail side, one line of outcome each.

  mail_probes.py --smtp 22525 --pop3 22110 --pop3s 22995 --http 29080 --admin-password P \
                 --user victim@example.test --password PW

NUL octets in DATA; a victim's account attacked from another source address (127.0.0.2) while
the victim logs in from 127.0.0.1; many users' passwords guessed from one address (an office NAT)
while a real user behind it logs in; wrong admin passwords over HTTP Basic; POP3 USER/PASS in
clear text from another host. Stdlib only; every socket has a timeout, so the script ends by itself.
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
    """Wrong admin passwords over Basic from 127.0.0.4; then the right one from there and from 127.0.0.1."""
    def ask(source, password):
        conn = http.client.HTTPConnection("127.0.0.1", a.http, timeout=60, source_address=(source, 0))
        try:
            t0 = time.monotonic()
            conn.request("GET", "/api/admin/domains",
                         headers={"Authorization": "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()})
            return conn.getresponse().status, time.monotonic() - t0
        finally:
            conn.close()
    answers = [ask("127.0.0.4", f"guess{i}") for i in range(30)]
    from_guesser, _ = ask("127.0.0.4", a.admin_password)
    from_elsewhere, _ = ask("127.0.0.1", a.admin_password)
    codes = sorted({c for c, _ in answers})
    return report("30 wrong admin passwords over Basic from 127.0.0.4", from_guesser == 401 and from_elsewhere == 200,
                  f"answers {codes} in {sum(t for _, t in answers):.1f} s; the right password then from 127.0.0.4: "
                  f"{from_guesser}, from 127.0.0.1: {from_elsewhere}")


class Pop3PlainFrom(poplib.POP3):
    """POP3 without TLS from a chosen loopback source address."""

    def __init__(self, port, source):
        self.source = source
        super().__init__("127.0.0.1", port, timeout=30)

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=(self.source, 0))


def pop3_plaintext(a):
    p = Pop3PlainFrom(a.pop3, "127.0.0.2")
    try:
        offered = "USER" in p.capa()
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
    return report("POP3 USER/PASS before STLS from another host (127.0.0.2)", not offered and answer != "logged in",
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
    p.add_argument("--guesses", type=int, default=12)
    p.add_argument("--nat-guesses", type=int, default=21)
    a = p.parse_args()
    results = [probe(a) for probe in (nul_in_data, victim_from_another_source, office_nat, admin_guesses, pop3_plaintext)]
    print(f"mail probes: {sum(results)} held, {len(results) - sum(results)} failed")


if __name__ == "__main__":
    main()
