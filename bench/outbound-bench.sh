#!/usr/bin/env bash
# Outbound delivery benchmark (issue #6): the same load relayed by Maildock and by Postfix to one
# local sink (Postfix's smtp-sink), in the same run, printed side by side.
#   [PROCS=2] [WARMUP=N] [WARMUP_MIN=10] [WARMUP_ROUNDS=16] [PAUSE=5] [REPEAT=1] bench/outbound-bench.sh [MESSAGES] [CONNS]        (defaults: 1000 10; 10 KiB messages)
# For 1 and 10 destination domains: MESSAGES messages with one recipient each, submitted over CONNS
# connections spread over PROCS load processes (one Python process is held to one core by its
# interpreter lock; load_cpu_per_s shows how busy they were), timed from the first submission until
# the sink has received every message (smtp-sink -c counts them). Maildock takes them on 587 with STARTTLS and AUTH (it relays for
# authenticated users only); Postfix the same way (its submission service: STARTTLS, SASL through an
# auth-only Dovecot of this benchmark, relay only when authenticated), which is the like-for-like
# row, and also as plain SMTP from 127.0.0.1 (mynetworks), its cheapest way in. Both use the sink as their next hop (maildock.smarthost /
# relayhost=[127.0.0.1]:SINK_PORT), so DNS plays no part (Postfix: smtp_dns_support_level=disabled,
# smtp_host_lookup=native) and both relay 10 KiB bodies over loopback. Each side is first warmed
# up (JIT, caches, Postfix's processes) until its rate is steady (warm_up below; WARMUP,
# WARMUP_MIN, WARMUP_ROUNDS). The load average is printed at the start and the end: the machine is shared.
# Its own Postfix instance (relay only, no users) and sink under $WORK, own ports: nothing of
# another benchmark (shared/bench/peers-setup.sh) is touched. Needs a build (mvn -DskipTests
# install), python3, openssl, root and Debian's postfix and dovecot-core (shared/bench/peers-setup.sh
# install). On a shared 2-core
# machine the figures are noisy: compare only figures of one run.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-1000}; conns=${2:-10}; procs=${PROCS:-2}
wlp=target/liberty/wlp
[ -x "$wlp/bin/server" ] || { echo "build first: mvn -DskipTests install" >&2; exit 1; }
command -v smtp-sink >/dev/null || { echo "needs Postfix: apt-get install postfix" >&2; exit 1; }
command -v dovecot >/dev/null || { echo "needs Dovecot for Postfix's SASL: apt-get install dovecot-core" >&2; exit 1; }
WORK=${WORK:-/tmp/maildock-outbound-bench}
SINK_PORT=${SINK_PORT:-27026} PF_PORT=${PF_PORT:-27025} PF_SUB_PORT=${PF_SUB_PORT:-27588}

export SMTP_PORT=${SMTP_PORT:-27525} HTTP_PORT=${HTTP_PORT:-27080} HTTPS_PORT=${HTTPS_PORT:-27443}
export SUBMISSION_PORT=${SUBMISSION_PORT:-27587} SMTPS_PORT=-1 POP3_PORT=-1 POP3S_PORT=-1 IMAP_PORT=-1 IMAPS_PORT=-1
export MAILDOCK_DOMAINS=example.test MAILDOCK_ADMIN_PASSWORD=bench-admin MAILDOCK_HOSTNAME=mx.bench.test
export MAILDOCK_SMARTHOST=127.0.0.1:$SINK_PORT
api="http://127.0.0.1:$HTTP_PORT/api/admin"
# From 9e43b37 on, Maildock's and Postfix's submission ports were both 27587: Postfix bound it first,
# Maildock's listener failed (MAILDOCK0003E) and its rows measured Postfix. Every load run now
# checks the greeting of the server it talks to, and the ports must differ.
ports="$SINK_PORT $PF_PORT $PF_SUB_PORT $SMTP_PORT $SUBMISSION_PORT $HTTP_PORT $HTTPS_PORT"
[ "$(echo $ports | tr ' ' '\n' | sort -u | wc -l)" -eq 7 ] || { echo "ports must differ: $ports" >&2; exit 1; }
pf=$WORK/postfix dv=$WORK/dovecot

cleanup() {
  "$wlp/bin/server" stop maildock >/dev/null 2>&1 || true
  [ -f "$pf/etc/main.cf" ] && postfix -c "$pf/etc" stop >/dev/null 2>&1 || true
  [ -f "$dv/run/master.pid" ] && kill "$(cat "$dv/run/master.pid")" 2>/dev/null || true
  [ -f "$WORK/sink.pid" ] && kill "$(cat "$WORK/sink.pid")" 2>/dev/null || true
}
trap cleanup EXIT

rm -rf "$WORK"; mkdir -p "$pf/etc" "$pf/spool" "$pf/data" "$pf/log" "$dv/run" "$dv/log"; chown postfix: "$pf/data"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=relay.bench.test -keyout "$pf/etc/key.pem" \
  -out "$pf/etc/cert.pem" >/dev/null 2>&1
# Dovecot for SASL only (no mail protocols): the user and password of Maildock's bench account.
printf 'bench@example.test:{PLAIN}benchpass::::\n' >"$dv/users"; chmod 644 "$dv/users"
cat >"$dv/dovecot.conf" <<CF
protocols = none
base_dir = $dv/run
instance_name = dovecot-outbound-bench
log_path = $dv/log/dovecot.log
ssl = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dv/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service auth {
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
CF
cat >"$pf/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $pf/spool
data_directory = $pf/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file_prefixes = $pf/log
maillog_file = $pf/log/maillog
myhostname = relay.bench.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$SINK_PORT
smtp_tls_security_level = none
alias_maps =
alias_database =
smtpd_relay_restrictions = permit_mynetworks reject
# No DNS on this machine: a reverse look-up of each client would wait for its timeout.
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
smtp_host_lookup = native
default_destination_concurrency_limit = 20
smtpd_tls_cert_file = $pf/etc/cert.pem
smtpd_tls_key_file = $pf/etc/key.pem
smtpd_sasl_type = dovecot
smtpd_sasl_path = $dv/run/auth-postfix
message_size_limit = 104857600
biff = no
CF
cat >"$pf/etc/master.cf" <<CF
127.0.0.1:$PF_PORT inet n - n - - smtpd
127.0.0.1:$PF_SUB_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
tlsmgr    unix - - n 1000? 1 tlsmgr
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
smtp      unix - - n - - smtp
relay     unix - - n - - smtp
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
CF

echo "== smtp-sink on 127.0.0.1:$SINK_PORT; Postfix relaying to it from 127.0.0.1:$PF_PORT (mynetworks)" \
  "and 127.0.0.1:$PF_SUB_PORT (submission)"
# -c: a running count of the messages received ("... mesg=N"), which tells when a run is complete.
nohup smtp-sink -c -4 -u nobody "127.0.0.1:$SINK_PORT" 1024 </dev/null >"$WORK/sink.log" 2>&1 &
echo $! >"$WORK/sink.pid"
dovecot -c "$dv/dovecot.conf" || { cat "$dv/log/dovecot.log" >&2; exit 1; }
postfix -c "$pf/etc" start >/dev/null 2>&1 || { tail "$pf/log/maillog" >&2; exit 1; }

echo "== Maildock (Derby) with maildock.smarthost=$MAILDOCK_SMARTHOST"
"$wlp/bin/server" start maildock >/dev/null
for _ in $(seq 120); do curl -s -o /dev/null -f -u admin:bench-admin "$api/domains" && break; sleep 1; done
curl -s -o /dev/null -u admin:bench-admin -H 'Content-Type: application/json' \
  -d '{"address":"bench@example.test","password":"benchpass"}' "$api/accounts"

sink_count="tr '\\r' '\\n' <$WORK/sink.log | grep -o 'mesg=[0-9]*' | tail -n 1 | cut -d= -f2"
maildock() { # domains messages label
  python3 bench/outbound_load.py --port "$SUBMISSION_PORT" --starttls --user bench@example.test --password benchpass \
    --sender bench@example.test --domains "$1" --messages "$2" --conns "$conns" --procs "$procs" --sink-count-cmd "$sink_count" \
    --label "$3" --expect-greeting "$MAILDOCK_HOSTNAME" | tail -n 1
}
postfix_submission() { # domains messages label
  python3 bench/outbound_load.py --port "$PF_SUB_PORT" --starttls --user bench@example.test --password benchpass \
    --sender bench@example.test --domains "$1" --messages "$2" --conns "$conns" --procs "$procs" --sink-count-cmd "$sink_count" \
    --label "$3" --expect-greeting relay.bench.test | tail -n 1
}
postfix_relay() { # domains messages label
  python3 bench/outbound_load.py --port "$PF_PORT" --sender bench@bench-sender.test --domains "$1" \
    --messages "$2" --conns "$conns" --procs "$procs" --sink-count-cmd "$sink_count" --label "$3" \
    --expect-greeting relay.bench.test | tail -n 1
}
echo "== load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
# Steady state, not start-up, is what a mail server runs at for days: each side is warmed up in
# rounds of WARMUP messages (default: MESSAGES, at least 3,000), at least WARMUP_MIN rounds (10),
# then until two rounds in a row are no more than 5% faster than the best round before them (at
# most WARMUP_ROUNDS, 16). Maildock's JIT on 2 cores takes 20,000 to 40,000 messages to settle: its
# first round of 3,000 ran at a quarter to a third of its steady rate in session 8, and a run that
# stopped at the first two flat rounds (7 rounds) stopped early. Every warm-up round is printed, so
# the cold rate shows too (and a failing round).
warm=${WARMUP:-$(( messages > 3000 ? messages : 3000 ))} min_rounds=${WARMUP_MIN:-10} max_rounds=${WARMUP_ROUNDS:-16}
warm_up() { # side (a function above) label
  local best=0 flat=0 rate row
  for round in $(seq "$max_rounds"); do
    row=$("$1" 10 "$warm" "warm-up $2 round $round")
    echo "$row"
    rate=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["msgs_per_s"])' "$row")
    if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= 1.05 * float(sys.argv[2]) else 1)' "$rate" "$best"; then
      flat=$((flat + 1)); [ "$flat" -ge 2 ] && [ "$round" -ge "$min_rounds" ] && return 0
    else
      flat=0
    fi
    best=$(python3 -c 'import sys; print(max(float(sys.argv[1]), float(sys.argv[2])))' "$rate" "$best")
  done
  echo "== $2 still getting faster after $max_rounds warm-up rounds: its figures below are not steady" >&2
}
echo "== warm-up (not measured): rounds of $warm messages until steady"
warm_up maildock "maildock 587"
warm_up postfix_submission "postfix 587"
warm_up postfix_relay "postfix 25-mynetworks"
# A pause before each measured row: what one side still does after its last message (Derby's
# checkpoint, closing idle connections, Postfix's queue clean-up) must not fall into the next
# side's time.
# REPEAT rounds: the sides take turns REPEAT times per domain count (the order rotates each
# round, so no side always runs right after another), and a summary gives each side's median and
# the ratios of the medians: on a shared machine one row per side can be off by a third.
pause=${PAUSE:-5} repeat=${REPEAT:-1}
rows=$WORK/rows.jsonl; : >"$rows"
sides=(maildock postfix_submission postfix_relay)
names=("maildock 587" "postfix 587" "postfix 25-mynetworks")
for domains in 1 10; do
  for r in $(seq "$repeat"); do
    for k in 0 1 2; do
      i=$(( (k + r - 1) % 3 ))
      sleep "$pause"
      "${sides[$i]}" "$domains" "$messages" "${names[$i]} domains=$domains" | tee -a "$rows"
    done
  done
done
if [ "$repeat" -gt 1 ]; then
  python3 - "$rows" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for domains in (1, 10):
    med = {}
    for side in ('maildock 587', 'postfix 587', 'postfix 25-mynetworks'):
        rates = [r['msgs_per_s'] for r in rows if r['label'] == '%s domains=%d' % (side, domains)]
        med[side] = statistics.median(rates)
        print('== domains=%d %-22s median %.1f msg/s of %s' % (domains, side, med[side], rates))
    print('== domains=%d Maildock / Postfix 587 %.2fx, / Postfix 25-mynetworks %.2fx'
          % (domains, med['maildock 587'] / med['postfix 587'], med['maildock 587'] / med['postfix 25-mynetworks']))
PY
fi
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
