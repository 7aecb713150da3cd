#!/usr/bin/env bash
# IMAP benchmark: Maildock and Dovecot 2.3 side by side in one run (issue 24's targets).
#
#   bench/imap-bench.sh
#
# Maildock must be running (e.g. `. bench/server-ready.sh` and `server start`, or `mvn -Prun`); it
# is reached on loopback through these variables:
#   MD_HTTP_PORT (9080)  MD_SMTP_PORT (25)  MD_IMAP_PORT (143)  MD_ADMIN_PASSWORD (required)
#   MD_DOMAIN            a local domain of the server (maildock.domains)    (required)
#   SECONDS_PER_RUN (30) length of each stress run
#   CLIENTS ("10 50")    client counts of the stress runs
#   SYNC_MESSAGES (10000) messages in the first-sync folder
#   SCENARIOS ("stress sync resync") which parts to run ("scale" too for the 100,000-message one)
#   RESYNC_ROUNDS (10)   QRESYNC resyncs timed, each after 100 changes
#   SCALE_MESSAGES (100000) messages in the large-mailbox scenario's INBOX
#   WARMUP_SECONDS (60)  an untimed stress run against each server before the stress runs, and an
#                        untimed sync before the timed one: a JVM compiles its hot paths in its
#                        first minutes (40% of the server's CPU went to the JIT in a first 30 s
#                        run, still 25% after 90 s), and Dovecot builds its index cache; both
#                        get the same warm-up
#   IMAP_PEER (../shared/bench/imap, relative to the repo's parent): dovecot-peer.sh, stress.sh,
#                        gen-mbox.py; Dovecot runs on 127.0.0.1:21143 (needs root once for setup)
#   IMAPTEST (/tmp/imaptest/imaptest)  Dovecot's imaptest, built as IMAP_PEER's README says
#
# Scenarios, each against Maildock and Dovecot:
#   stress-N    imaptest's default stress profile (LOGIN LIST STATUS SELECT FETCH FETCH2 STORE
#               DELETE EXPUNGE APPEND LOGOUT) with N clients on users imaptest1..20: commands/s
#   first-sync  a first sync of a SYNC_MESSAGES-message INBOX as Thunderbird does it: SELECT,
#               UID FETCH 1:* (UID RFC822.SIZE FLAGS INTERNALDATE ENVELOPE BODYSTRUCTURE), then
#               UID FETCH 1:* (BODY.PEEK[]): seconds and messages/s of each step
#   resync      in the same folder, RESYNC_ROUNDS times: another session makes 100 changes, then a
#               phone reconnects with ENABLE QRESYNC + SELECT (QRESYNC ...): median and p90 ms
#   scale       a SCALE_MESSAGES-message INBOX (seeded over SMTP; Dovecot's imaptest19 as Maildir
#               files): SELECT, UID FETCH 1:* (UID FLAGS), UID SEARCH UNSEEN, the newest 50
#               ENVELOPEs, a SUBJECT search, each timed; MD_PID (Maildock's JVM) adds its heap
# Prints one line per scenario and target and the ratio Maildock / Dovecot (higher is better).
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
IMAP_PEER=${IMAP_PEER:-$HERE/../shared/bench/imap}
export IMAPTEST=${IMAPTEST:-/tmp/imaptest/imaptest}
MD_HTTP_PORT=${MD_HTTP_PORT:-9080}
MD_SMTP_PORT=${MD_SMTP_PORT:-25}
MD_IMAP_PORT=${MD_IMAP_PORT:-143}
: "${MD_ADMIN_PASSWORD:?set MD_ADMIN_PASSWORD}"
: "${MD_DOMAIN:?set MD_DOMAIN to a local domain of the server}"
SECONDS_PER_RUN=${SECONDS_PER_RUN:-30}
CLIENTS=${CLIENTS:-10 50}
SYNC_MESSAGES=${SYNC_MESSAGES:-10000}
SCENARIOS=${SCENARIOS:-stress sync resync}
RESYNC_ROUNDS=${RESYNC_ROUNDS:-10}
SCALE_MESSAGES=${SCALE_MESSAGES:-100000}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
DV_IMAP_PORT=21143
PASS=pass
RUN=$(date +%s)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

log() { echo "[imap-bench] $*" >&2; }
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'{a / b:.2f}x' if b else 'n/a')" "$1" "$2"; }

[ -x "$IMAPTEST" ] || { log "no imaptest at $IMAPTEST"; exit 2; }
log "starting Dovecot (IMAP on 127.0.0.1:$DV_IMAP_PORT)"
peer() { IMAP_PORT=21143 IMAPS_PORT=21993 "$IMAP_PEER/dovecot-peer.sh" "$@"; }
# setup writes the configuration with these ports (IMAP_PORT in the environment may be Maildock's).
peer status >/dev/null 2>&1 || { peer setup >/dev/null; peer start >/dev/null; }
# shellcheck disable=SC2064
trap 'rm -rf "$WORK"; peer stop >/dev/null 2>&1 || true' EXIT

account() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$MD_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
    -d "{\"address\":\"$1\",\"password\":\"$PASS\"}" "http://127.0.0.1:$MD_HTTP_PORT/api/admin/accounts")
  case "$code" in 201|409) ;; *) log "account $1: the admin API answered $code"; exit 1 ;; esac
}

# ---------------------------------------------------------------- stress
if [[ " $SCENARIOS " == *" stress "* ]]; then
  for k in $(seq 1 20); do account "imaptest$k@$MD_DOMAIN"; done
  if [ "$WARMUP_SECONDS" -gt 0 ]; then
    log "warming up both servers: $WARMUP_SECONDS s of stress each, untimed"
    USERS=20 "$IMAP_PEER/stress.sh" 127.0.0.1 "$DV_IMAP_PORT" 'imaptest%d' "$PASS" "$WARMUP_SECONDS" 10 >/dev/null || true
    USERS=20 "$IMAP_PEER/stress.sh" 127.0.0.1 "$MD_IMAP_PORT" "imaptest%d@$MD_DOMAIN" "$PASS" "$WARMUP_SECONDS" 10 >/dev/null || true
  fi
  for n in $CLIENTS; do
    peer reset-mail >/dev/null
    # stress.sh exits 1 when imaptest saw protocol errors: the figure stands, the errors are said.
    USERS=20 "$IMAP_PEER/stress.sh" 127.0.0.1 "$DV_IMAP_PORT" 'imaptest%d' "$PASS" "$SECONDS_PER_RUN" "$n" >"$WORK/dv" || true
    USERS=20 "$IMAP_PEER/stress.sh" 127.0.0.1 "$MD_IMAP_PORT" "imaptest%d@$MD_DOMAIN" "$PASS" "$SECONDS_PER_RUN" "$n" >"$WORK/md" || true
    dv=$(awk '/^TOTAL/ {print $2}' "$WORK/dv")
    md=$(awk '/^TOTAL/ {print $2}' "$WORK/md")
    [ -n "$dv" ] && [ -n "$md" ] || { log "stress-$n gave no totals:"; tail -3 "$WORK/dv" "$WORK/md" >&2; exit 1; }
    printf 'stress-%-3s Maildock %8.1f cmds/s   Dovecot %8.1f cmds/s   %s   errors: %s / %s\n' "$n" "$md" "$dv" \
      "$(ratio "$md" "$dv")" "$(grep -o 'errors=[0-9]*' "$WORK/md")" "$(grep -o 'errors=[0-9]*' "$WORK/dv")"
  done
fi

# ---------------------------------------------------------------- first sync
if [[ " $SCENARIOS " == *" sync "* || " $SCENARIOS " == *" resync "* ]]; then
  user="sync$RUN@$MD_DOMAIN"
  account "$user"
  peer reset-mail >/dev/null
  log "seeding $SYNC_MESSAGES messages: Maildock over SMTP, Dovecot as Maildir files of imaptest20"
  python3 "$HERE/bench/imap_sync.py" seed "$SYNC_MESSAGES" "$MD_SMTP_PORT" "$user" "$IMAP_PEER"
fi
if [[ " $SCENARIOS " == *" sync "* ]]; then
  if [ "$WARMUP_SECONDS" -gt 0 ]; then
    log "an untimed sync of each first"
    python3 "$HERE/bench/imap_sync.py" sync 127.0.0.1 "$MD_IMAP_PORT" "$user" "$PASS" >/dev/null
    python3 "$HERE/bench/imap_sync.py" sync 127.0.0.1 "$DV_IMAP_PORT" imaptest20 "$PASS" >/dev/null
  fi
  md=$(python3 "$HERE/bench/imap_sync.py" sync 127.0.0.1 "$MD_IMAP_PORT" "$user" "$PASS")
  dv=$(python3 "$HERE/bench/imap_sync.py" sync 127.0.0.1 "$DV_IMAP_PORT" imaptest20 "$PASS")
  read -r md_h md_b <<<"$md"
  read -r dv_h dv_b <<<"$dv"
  printf 'first-sync headers  Maildock %6.2f s   Dovecot %6.2f s   %s\n' "$md_h" "$dv_h" "$(ratio "$dv_h" "$md_h")"
  printf 'first-sync bodies   Maildock %6.2f s   Dovecot %6.2f s   %s\n' "$md_b" "$dv_b" "$(ratio "$dv_b" "$md_b")"
  total_md=$(python3 -c "print($md_h + $md_b)")
  total_dv=$(python3 -c "print($dv_h + $dv_b)")
  printf 'first-sync %-7s  Maildock %6.1f msg/s Dovecot %6.1f msg/s %s\n' "$SYNC_MESSAGES" \
    "$(python3 -c "print($SYNC_MESSAGES / $total_md)")" "$(python3 -c "print($SYNC_MESSAGES / $total_dv)")" \
    "$(ratio "$total_dv" "$total_md")"
fi

# ---------------------------------------------------------------- QRESYNC resync
if [[ " $SCENARIOS " == *" resync "* ]]; then
  read -r md_med md_p90 md_v md_f <<<"$(python3 "$HERE/bench/imap_scale.py" resync 127.0.0.1 "$MD_IMAP_PORT" "$user" "$PASS" "$RESYNC_ROUNDS")"
  read -r dv_med dv_p90 dv_v dv_f <<<"$(python3 "$HERE/bench/imap_scale.py" resync 127.0.0.1 "$DV_IMAP_PORT" imaptest20 "$PASS" "$RESYNC_ROUNDS")"
  printf 'qresync-100  Maildock %6.2f ms (p90 %6.2f)  Dovecot %6.2f ms (p90 %6.2f)  %s   (last round: VANISHED %s/%s, FETCH %s/%s)\n' \
    "$md_med" "$md_p90" "$dv_med" "$dv_p90" "$(ratio "$dv_med" "$md_med")" "$md_v" "$dv_v" "$md_f" "$dv_f"
fi

# ---------------------------------------------------------------- a large mailbox
if [[ " $SCENARIOS " == *" scale "* ]]; then
  big="scale$RUN@$MD_DOMAIN"
  account "$big"
  log "seeding $SCALE_MESSAGES messages: Maildock over SMTP, Dovecot as Maildir files of imaptest19"
  python3 "$HERE/bench/imap_scale.py" seed "$SCALE_MESSAGES" "$MD_SMTP_PORT" "$big"
  python3 "$HERE/bench/imap_scale.py" seen 127.0.0.1 "$MD_IMAP_PORT" "$big" "$PASS" "$SCALE_MESSAGES"
  # The first pass builds Dovecot's index and Maildock's kept structures; the second is timed.
  python3 "$HERE/bench/imap_scale.py" ops 127.0.0.1 "$DV_IMAP_PORT" imaptest19 "$PASS" >/dev/null
  python3 "$HERE/bench/imap_scale.py" ops 127.0.0.1 "$MD_IMAP_PORT" "$big" "$PASS" >/dev/null
  echo "scale-$SCALE_MESSAGES Maildock $(python3 "$HERE/bench/imap_scale.py" ops 127.0.0.1 "$MD_IMAP_PORT" "$big" "$PASS" ${MD_PID:-})"
  echo "scale-$SCALE_MESSAGES Dovecot  $(python3 "$HERE/bench/imap_scale.py" ops 127.0.0.1 "$DV_IMAP_PORT" imaptest19 "$PASS")"
fi
