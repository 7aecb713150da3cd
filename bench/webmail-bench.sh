#!/usr/bin/env bash
# Webmail page times: the first page of a folder holding 10,000 messages, and opening a 1 MiB
# message (the read page, and the sanitized HTML part its frame loads). Prints p50/p95/max in ms of
# the whole request on loopback (server time plus a loopback round trip). Target: p95 < 300 ms.
#
#   bench/webmail-bench.sh [MESSAGES] [REQUESTS]     defaults 10000 and 50
#
# Maildock must be running (e.g. `mvn -Prun -DskipTests install` in another terminal), reached on
# loopback through these variables:
#   MD_HTTP_PORT (9080)  MD_SMTP_PORT (25)  MD_ADMIN_PASSWORD (required)
#   MD_DOMAIN            a local domain of the server (maildock.domains)    (required)
# It creates one account webbench-<time>@MD_DOMAIN and fills its INBOX over SMTP (10 connections).
set -euo pipefail

N=${1:-10000}
REQUESTS=${2:-50}
MD_HTTP_PORT=${MD_HTTP_PORT:-9080}
MD_SMTP_PORT=${MD_SMTP_PORT:-25}
: "${MD_ADMIN_PASSWORD:?set MD_ADMIN_PASSWORD}"
: "${MD_DOMAIN:?set MD_DOMAIN to a local domain of the server}"

exec python3 - "$N" "$REQUESTS" "$MD_HTTP_PORT" "$MD_SMTP_PORT" "$MD_ADMIN_PASSWORD" "$MD_DOMAIN" <<'PY'
import base64, concurrent.futures, http.client, json, re, smtplib, sys, time, urllib.parse

n, requests, http_port, smtp_port, admin_pw, domain = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
account = f"webbench-{int(time.time())}@{domain}"
password = "bench password"

def log(*a):
    print("[webmail-bench]", *a, file=sys.stderr, flush=True)

jar = {}

def call(method, path, body=None, headers=None):
    """One request with the cookies received so far (the session and Faces' own)."""
    headers = dict(headers or {})
    if jar:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
    c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=120)
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    for k, v in r.getheaders():
        if k.lower() == "set-cookie":
            name, value = v.split(";")[0].split("=", 1)
            jar[name] = value
    return r, data

auth = "Basic " + base64.b64encode(f"admin:{admin_pw}".encode()).decode()
r, data = call("POST", "/api/admin/accounts", json.dumps({"address": account, "password": password}),
               {"Authorization": auth, "Content-Type": "application/json"})
if r.status != 201:
    sys.exit(f"account creation answered {r.status} {data[:200]!r}")

log(f"delivering {n} small messages to {account} over SMTP port {smtp_port}")
def send(chunk):
    s = smtplib.SMTP("127.0.0.1", smtp_port, timeout=120)
    for i in chunk:
        msg = (f"From: Sender {i} <sender{i}@example.net>\r\nTo: {account}\r\nSubject: Message number {i}\r\n"
               f"Message-ID: <{i}.{time.time()}@example.net>\r\n\r\n" + ("Hello there, line of text.\r\n" * 40))
        s.sendmail(f"sender{i}@example.net", [account], msg.encode())
    s.quit()
start = time.time()
chunks = [range(k, n, 10) for k in range(10)]
with concurrent.futures.ThreadPoolExecutor(10) as pool:
    list(pool.map(send, chunks))
log(f"seeded in {time.time() - start:.0f} s")

# One 1 MiB message: an HTML part and a text part of ~512 KiB each.
para = "<p>" + ("Quarterly figures and a long explanation of them. " * 18) + "</p>\r\n"
html = para * (512 * 1024 // len(para))
text = ("Quarterly figures and a long explanation of them. " * 18 + "\r\n") * (512 * 1024 // 920)
big = (f"From: big@example.net\r\nTo: {account}\r\nSubject: The big one\r\nMIME-Version: 1.0\r\n"
       "Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
       + text + "\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n--b--\r\n")
smtplib.SMTP("127.0.0.1", smtp_port, timeout=120).sendmail("big@example.net", [account], big.encode())
log(f"1 MiB message: {len(big.encode())} octets")

# Sign in through the form, as a browser does.
r, page = call("GET", "/login.xhtml")
state = re.search(rb'name="jakarta.faces.ViewState"[^>]*value="([^"]+)"', page).group(1).decode()
form = urllib.parse.urlencode({"login_SUBMIT": "1", "login:username": account, "login:password": password,
                               "login:signIn": "Sign in", "jakarta.faces.ViewState": state})
r, _ = call("POST", "/login.xhtml", form, {"Content-Type": "application/x-www-form-urlencoded"})
if r.status != 302 or "mail/index" not in (r.getheader("Location") or ""):
    sys.exit(f"sign-in failed: {r.status} {r.getheader('Location')}")

r, page = call("GET", "/mail/index.xhtml")
uid = re.search(rb'data-uid="(\d+)"', page).group(1).decode()  # newest first: the big one
if b"The big one" not in page:
    sys.exit("the big message is not on the first page")

def measure(name, path):
    times = []
    for i in range(requests + 5):
        t = time.perf_counter()
        r, body = call("GET", path)
        elapsed = (time.perf_counter() - t) * 1000
        if r.status != 200:
            sys.exit(f"{path} answered {r.status}")
        if i >= 5:  # the first five warm the JIT and caches
            times.append(elapsed)
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"{name:<42} p50 {p(0.5):7.1f} ms   p95 {p(0.95):7.1f} ms   max {times[-1]:7.1f} ms   ({len(body)} bytes, {requests} requests)")

print(f"folder of {n + 1} messages, page size 50; 1 MiB message uid {uid}")
measure("folder list, first page (INBOX)", "/mail/index.xhtml")
measure("open 1 MiB message: read page", f"/mail/read.xhtml?folder=INBOX&uid={uid}")
measure("open 1 MiB message: sanitized HTML frame", f"/mail/body?folder=INBOX&uid={uid}")
PY
