#!/usr/bin/env bash
# Replays the hardening issue's (#22) attacks against the run server and prints what each did.
#   bench/hardening-probes.sh            (build first: mvn -DskipTests install; python3; ~10 minutes)
# Starts the run server (target/liberty/wlp/usr/servers/maildock) on high ports with every listener
# on and short per-record deadlines (20 s), creates one account, then runs:
#   bench/probes/web_probes.py    malformed Basic, deep JSON, crafted URLs, Host header, HTTPS cookie
#                                 and HSTS, remote alias targets, 200 slowloris connections
#   bench/probes/mail_probes.py   NUL in DATA, a victim attacked from 127.0.0.2, 21 users guessed from
#                                 127.0.0.3, 30 wrong admin passwords, POP3 USER/PASS from another host
#   bench/probes/reply_flood.py   SMTP and POP3 clients that never read their replies: heap after GC
#   bench/probes/trickle.py       50 clients trickling a byte every 2 s, on the command line and in DATA
# and two that restart the server: an invalid port value (pop3.port=abc), and a kill -9 while a POP3
# session holds its maildrop lock (log in again at once after the restart).
# Every probe prints 'held' or 'FAILED' lines; all traffic stays on 127.0.0.0/8.
set -euo pipefail
cd "$(dirname "$0")/.."
wlp=target/liberty/wlp
server=$wlp/usr/servers/maildock
[ -x "$wlp/bin/server" ] || { echo "build first: mvn -DskipTests install" >&2; exit 1; }

. bench/server-ready.sh
export SMTP_IDLETIMEOUT=20 POP3_IDLETIMEOUT=20
export MAILDOCK_DOMAINS=example.test MAILDOCK_HOSTNAME=mx.probes.test
# The session cookie's Secure flag is a server-wide switch in Liberty (not per request): on, as for
# a server reached over HTTPS only.
export MAILDOCK_WEB_HTTPSONLY=true
admin=$MAILDOCK_ADMIN_PASSWORD
api="http://127.0.0.1:$HTTP_PORT/api/admin"
log=$server/logs/messages.log
user=victim@example.test password='victim pass 1'

stop() { "$wlp/bin/server" stop maildock >/dev/null 2>&1 || true; }
trap stop EXIT
start() {
  "$wlp/bin/server" start maildock >/dev/null
  ready || { echo "server did not become ready" >&2; exit 1; }
}
pid() { cat "$wlp/usr/servers/.pid/maildock.pid"; }

echo "== starting Maildock on high ports (HTTP $HTTP_PORT, SMTP $SMTP_PORT, POP3 $POP3_PORT/$POP3S_PORT)"
stop
start
curl -s -o /dev/null -u "admin:$admin" -H 'Content-Type: application/json' \
  -d "{\"address\":\"$user\",\"password\":\"$password\"}" "$api/accounts"

echo "== HTTP"
python3 bench/probes/web_probes.py --http "$HTTP_PORT" --https "$HTTPS_PORT" --admin-password "$admin" --log "$log"
echo "== mail"
python3 bench/probes/mail_probes.py --smtp "$SMTP_PORT" --pop3 "$POP3_PORT" --pop3s "$POP3S_PORT" \
  --http "$HTTP_PORT" --admin-password "$admin" --user "$user" --password "$password"
echo "== replies never read (live heap after a full GC)"
python3 bench/probes/reply_flood.py --smtp-port "$SMTP_PORT" --pop3-port "$POP3_PORT" --user "$user" \
  --password "$password" --pid "$(pid)" --seconds 10 --megabytes 100 --conns 2
echo "== trickling clients (per-record deadline 20 s)"
python3 bench/probes/trickle.py --smtp-port "$SMTP_PORT" --pop3-port "$POP3_PORT" --conns 50 --deadline 20 \
  --rcpt "$user"

echo "== an invalid port value (pop3.port=abc)"
stop
POP3_PORT=abc start   # Liberty starts a new messages.log at each start
named=$(grep -c 'pop3.port.*abc' "$log" || true)
smtp=$(python3 -c "import smtplib; print(smtplib.SMTP('127.0.0.1', $SMTP_PORT, timeout=10).noop()[0])" 2>&1)
if [ "$named" -ge 1 ] && [ "$smtp" = 250 ]; then verdict=held; else verdict=FAILED; fi
echo "$verdict pop3.port=abc: log lines naming pop3.port and 'abc': $named; SMTP meanwhile answers NOOP with $smtp"

echo "== kill -9 while a POP3 session holds its maildrop lock"
stop
start
python3 - "$POP3S_PORT" "$user" "$password" "$(pid)" <<'PY'
import os, poplib, signal, ssl, sys, time
port, user, password, pid = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
p = poplib.POP3_SSL("127.0.0.1", port, timeout=30, context=ssl._create_unverified_context())
p.user(user); p.pass_(password); p.stat()
os.kill(pid, signal.SIGKILL)
time.sleep(1)
PY
sleep 2
start
python3 - "$POP3S_PORT" "$user" "$password" <<'PY'
import poplib, ssl, sys, time
port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
t0 = time.monotonic()
p = poplib.POP3_SSL("127.0.0.1", port, timeout=30, context=ssl._create_unverified_context())
try:
    p.user(user); p.pass_(password); p.quit()
    print(f"held  kill -9 with the maildrop locked: logged in again at once after the restart ({time.monotonic() - t0:.1f} s)")
except poplib.error_proto as e:
    print(f"FAILED kill -9 with the maildrop locked: {e.args[0].decode(errors='replace')}")
PY
