#!/usr/bin/env bash
# Dovecot's imaptest scripted protocol tests (71 groups) against a running Maildock; with
# DOVECOT=1 against Dovecot 2.3 as well, in the same run.
#
#   bench/imap-compliance.sh
#
# Variables: MD_HTTP_PORT (9080)  MD_IMAP_PORT (143)  MD_ADMIN_PASSWORD (required)
#   MD_DOMAIN (required)  DOVECOT (0)
#   IMAP_PEER (../shared/bench/imap, relative to the repo's parent): compliance.sh, dovecot-peer.sh
#   IMAPTEST (/tmp/imaptest/imaptest)  Dovecot's imaptest, built as IMAP_PEER's README says
# The test user imaptest1@MD_DOMAIN (password "pass") is created if missing; its mailboxes named
# imaptest* are rewritten by the tests. Prints the failing groups and the totals; exit 0 when no
# group fails. Then QRESYNC under load: imaptest's stress mode with its qresync option (it checks
# every VANISHED, UID and MODSEQ against its own model) for QRESYNC_SECONDS (20) with 10 clients on
# imaptest1..20@MD_DOMAIN (created if missing): its error count, exit 1 when not 0.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
IMAP_PEER=${IMAP_PEER:-$HERE/../shared/bench/imap}
export IMAPTEST=${IMAPTEST:-/tmp/imaptest/imaptest}
MD_HTTP_PORT=${MD_HTTP_PORT:-9080}
MD_IMAP_PORT=${MD_IMAP_PORT:-143}
: "${MD_ADMIN_PASSWORD:?set MD_ADMIN_PASSWORD}"
: "${MD_DOMAIN:?set MD_DOMAIN to a local domain of the server}"

code=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$MD_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -d "{\"address\":\"imaptest1@$MD_DOMAIN\",\"password\":\"pass\"}" "http://127.0.0.1:$MD_HTTP_PORT/api/admin/accounts")
case "$code" in 201|409) ;; *) echo "imaptest1@$MD_DOMAIN: the admin API answered $code" >&2; exit 1 ;; esac

if [ "${DOVECOT:-0}" = 1 ]; then
  peer() { IMAP_PORT=21143 IMAPS_PORT=21993 "$IMAP_PEER/dovecot-peer.sh" "$@"; }
  # setup writes the configuration with these ports (IMAP_PORT in the environment may be Maildock's).
peer status >/dev/null 2>&1 || { peer setup >/dev/null; peer start >/dev/null; }
  echo "== Dovecot"
  PER_GROUP=0 "$IMAP_PEER/compliance.sh" 127.0.0.1 21143 imaptest1 pass | tail -4 || true
  peer stop >/dev/null
fi
echo "== Maildock"
PER_GROUP=0 "$IMAP_PEER/compliance.sh" 127.0.0.1 "$MD_IMAP_PORT" "imaptest1@$MD_DOMAIN" pass | tail -4
for k in $(seq 1 20); do
  curl -s -o /dev/null -u "admin:$MD_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
    -d "{\"address\":\"imaptest$k@$MD_DOMAIN\",\"password\":\"pass\"}" "http://127.0.0.1:$MD_HTTP_PORT/api/admin/accounts"
done
echo "== Maildock: QRESYNC under load (imaptest stress, qresync)"
EXTRA=qresync USERS=20 "$IMAP_PEER/stress.sh" 127.0.0.1 "$MD_IMAP_PORT" "imaptest%d@$MD_DOMAIN" pass \
  "${QRESYNC_SECONDS:-20}" 10 | tail -1
