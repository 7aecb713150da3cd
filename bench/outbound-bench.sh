#!/usr/bin/env bash
# Outbound delivery benchmark (issue #6): the same load relayed by Maildock and by Postfix to one
# local sink (Postfix's smtp-sink), in the same run, printed side by side.
#   bench/outbound-bench.sh [MESSAGES] [CONNS]        (defaults: 1000 10; 10 KiB messages)
# For each of 1 and 10 destination domains: MESSAGES messages, one recipient each, submitted over
# CONNS connections (Maildock: 587 with STARTTLS and AUTH, as its users submit; Postfix: its SMTP
# port from 127.0.0.1, a trusted network), then the time until the server's queue is empty, i.e.
# until every message was handed to the sink. Both relay to the sink as their next hop
# (maildock.smarthost / relayhost), so DNS plays no part. Needs a build (mvn -DskipTests install),
# python3, root for Postfix (the shared peers-setup.sh installs and runs it). Figures on a shared
# 2-core machine are noisy: compare only figures of one run.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-1000}; conns=${2:-10}
shared=${SHARED_BENCH:-$(cd .. && pwd)/shared/bench}
[ -x "$shared/peers-setup.sh" ] || { echo "no $shared/peers-setup.sh (set SHARED_BENCH)" >&2; exit 1; }
wlp=target/liberty/wlp
[ -x "$wlp/bin/server" ] || { echo "build first: mvn -DskipTests install" >&2; exit 1; }
export PEERS_DIR=${PEERS_DIR:-/tmp/peers} SINK_PORT=${SINK_PORT:-2526} PF_SMTP_PORT=${PF_SMTP_PORT:-2525}

export SMTP_PORT=${SMTP_PORT:-22525} HTTP_PORT=${HTTP_PORT:-29080} HTTPS_PORT=${HTTPS_PORT:-29443}
export SUBMISSION_PORT=${SUBMISSION_PORT:-22587} SMTPS_PORT=-1 POP3_PORT=-1 POP3S_PORT=-1
export MAILDOCK_DOMAINS=example.test MAILDOCK_ADMIN_PASSWORD=bench-admin MAILDOCK_HOSTNAME=mx.bench.test
export MAILDOCK_SMARTHOST=127.0.0.1:$SINK_PORT MAILDOCK_QUEUE_POLL=1s
api="http://127.0.0.1:$HTTP_PORT/api/admin"

cleanup() {
  "$wlp/bin/server" stop maildock >/dev/null 2>&1 || true
  "$shared/peers-setup.sh" stop-postfix stop-sink >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== smtp-sink on 127.0.0.1:$SINK_PORT, Postfix relaying to it"
"$shared/peers-setup.sh" install setup >/dev/null
conf=$PEERS_DIR/postfix/etc
postconf -c "$conf" -e "relayhost = [127.0.0.1]:$SINK_PORT" "relay_transport = relay" \
  "default_transport = smtp" "smtp_tls_security_level = none"
"$shared/peers-setup.sh" start-sink start-postfix >/dev/null

echo "== Maildock (Derby) with maildock.smarthost=$MAILDOCK_SMARTHOST"
"$wlp/bin/server" start maildock >/dev/null
for _ in $(seq 120); do curl -s -o /dev/null -u admin:bench-admin "$api/domains" && break; sleep 1; done
curl -s -o /dev/null -u admin:bench-admin -H 'Content-Type: application/json' \
  -d '{"address":"bench@example.test","password":"benchpass"}' "$api/accounts"

md_queued="curl -s -u admin:bench-admin $api/queue | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'"
pf_queued="$shared/peers-setup.sh queue-size"
for domains in 1 10; do
  python3 bench/outbound_load.py --port "$SUBMISSION_PORT" --starttls --user bench@example.test --password benchpass \
    --sender bench@example.test --domains "$domains" --messages "$messages" --conns "$conns" \
    --queued-cmd "$md_queued" --label "maildock domains=$domains" | tail -n 1
  python3 bench/outbound_load.py --port "$PF_SMTP_PORT" --sender bench@bench-sender.test --domains "$domains" \
    --messages "$messages" --conns "$conns" --queued-cmd "$pf_queued" --label "postfix domains=$domains" | tail -n 1
done
