#!/usr/bin/env python3
"""Hardening probes (issue #22) against a running Maildock's HTTP side, one line of outcome each.

  web_probes.py --http 29080 [--https 29443] --admin-password P --log PATH_TO_messages.log

Malformed Basic headers, JSON nested 1,000 deep, crafted URLs (%2f %2e %5c), a forged Host header,
the session cookie and HSTS over HTTPS, an alias with a remote target, and 200 slowloris
connections. Each probe reports what the server answered and how much its log grew. Stdlib only;
every request has a timeout, so the script ends by itself.
"""
import argparse
import base64
import http.client
import json
import os
import socket
import ssl
import time


def log_size(path):
    return os.path.getsize(path) if path and os.path.exists(path) else 0


def request(port, method, path, body=None, headers=None, tls=False, timeout=10):
    if tls:
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout,
                                           context=ssl._create_unverified_context())
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), response.read()
    finally:
        conn.close()


def raw(port, data, timeout=10):
    """Sends raw request octets, returns the response head (so a forged Host header goes out as written)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        out = b""
        while b"\r\n\r\n" not in out:
            chunk = s.recv(4096)
            if not chunk:
                break
            out += chunk
        return out.split(b"\r\n\r\n", 1)[0].decode("latin-1")


def report(name, ok, detail):
    print(f"{'held ' if ok else 'FAILED'} {name}: {detail}", flush=True)
    return ok


def malformed_basic(a):
    before = log_size(a.log)
    codes = {}
    for i in range(200):
        header = ["Basic !!!", "Basic " + base64.b64encode(b"nocolon").decode(), "Basic", "Basic ===="][i % 4]
        status, _, _ = request(a.http, "GET", "/api/admin/domains", headers={"Authorization": header})
        codes[status] = codes.get(status, 0) + 1
    grew = log_size(a.log) - before
    return report("malformed Authorization: Basic x200", set(codes) == {401} and grew < 4096,
                  f"answers {codes}, log grew {grew} octets")


def deep_json(a):
    auth = "Basic " + base64.b64encode(f"admin:{a.admin_password}".encode()).decode()
    body = "[" * 1000 + "]" * 1000
    status, _, text = request(a.http, "POST", "/api/admin/domains", body=body,
                              headers={"Authorization": auth, "Content-Type": "application/json"})
    return report("JSON nested 1,000 deep", status == 400, f"{status} {text[:120]!r}")


def crafted_urls(a):
    before = log_size(a.log)
    statuses = []
    for path in ("/%2f%2e%2e%2fetc/passwd", "/mail/%2e%2e/%2e%2e/x", "/api/%5cadmin", "/%2e/login.xhtml") * 5:
        statuses.append(raw(a.http, f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode()).split(" ", 2)[1])
    grew = log_size(a.log) - before
    return report("crafted URLs x20", grew < 4096 and "500" not in statuses,
                  f"answers {sorted(set(statuses))}, log grew {grew} octets")


def host_header(a):
    head = raw(a.http, b"GET /mail/index.xhtml HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    location = next((l.split(":", 1)[1].strip() for l in head.split("\r\n") if l.lower().startswith("location:")), "")
    return report("Host: evil.example", "evil.example" not in location, f"Location: {location or '(none)'}")


def cookie_and_hsts(a):
    if not a.https:
        return report("session cookie Secure and HSTS over HTTPS", False, "no --https port given")
    status, headers, _ = request(a.https, "GET", "/login.xhtml", tls=True)
    cookie = headers.get("set-cookie", "")
    hsts = headers.get("strict-transport-security", "")
    return report("session cookie Secure and HSTS over HTTPS", "secure" in cookie.lower() and "max-age" in hsts,
                  f"{status}, Set-Cookie: {cookie or '(none)'}, Strict-Transport-Security: {hsts or '(none)'}")


def remote_alias(a):
    auth = "Basic " + base64.b64encode(f"admin:{a.admin_password}".encode()).decode()
    body = json.dumps({"address": f"probe{int(time.time())}@{a.domain}", "targets": ["someone@elsewhere.example"]})
    status, _, text = request(a.http, "POST", "/api/admin/aliases", body=body,
                              headers={"Authorization": auth, "Content-Type": "application/json"})
    return report("alias with a remote target", status == 400, f"{status} {text[:120]!r}")


def slowloris(a, count=200):
    held = []
    try:
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", a.http), timeout=5)
            s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
            held.append(s)
        t0 = time.monotonic()
        status, _, _ = request(a.http, "GET", "/", timeout=10)
        latency = (time.monotonic() - t0) * 1000
        return report(f"{count} slowloris connections", status == 200 and latency < 2000,
                      f"a fresh request meanwhile: {status} in {latency:.0f} ms")
    finally:
        for s in held:
            s.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--http", type=int, required=True)
    p.add_argument("--https", type=int)
    p.add_argument("--admin-password", required=True)
    p.add_argument("--domain", default="example.test")
    p.add_argument("--log", help="the server's messages.log, to see how much each probe makes it grow")
    a = p.parse_args()
    results = [probe(a) for probe in (malformed_basic, deep_json, crafted_urls, host_header, cookie_and_hsts,
                                       remote_alias, slowloris)]
    print(f"web probes: {sum(results)} held, {len(results) - sum(results)} failed")


if __name__ == "__main__":
    main()
