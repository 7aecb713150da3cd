#!/usr/bin/env bash
# POP3 retrieval benchmark: Maildock (and, with DOVECOT=1, Dovecot in the same run).
#
#   bench/pop3-bench.sh [N]        N messages of 10 KiB in each of 10 maildrops (default 1000)
#
# Maildock must be running (e.g. `mvn -Prun -DskipTests install` in another terminal); it is
# reached on loopback through these variables:
#   MD_HTTP_PORT (9080)  MD_SMTP_PORT (25)  MD_POP3_PORT (110)  MD_ADMIN_PASSWORD (required)
#   MD_DOMAIN            a local domain of the server (maildock.domains)    (required)
#   SECONDS_PER_RUN (15) length of each measurement
#   SCENARIOS            which scenarios, in order (default: full-1 window8-1 full-10 short-10)
#   DOVECOT (0)          1 = also set up and measure Dovecot with ../shared/bench/peers-setup.sh
#                        (needs root: it creates system users; PEERS_DIR as that script documents)
#   LOAD (../shared/bench/pop3_load.py)  PEERS (../shared/bench/peers-setup.sh), relative to the repo's parent
#
# Seeding: 10 new accounts per run (bench<k>-<run>@MD_DOMAIN), each filled over SMTP port 25 with
# N identical-size messages; Dovecot's bench1..bench10 Maildirs get the same messages as files.
# Scenarios, each against Maildock and Dovecot:
#   full-1     1 session retrieving a whole maildrop, sessions back to back
#   window8-1  the same with up to 8 RETR commands outstanding (RFC 2449 pipelining)
#   full-10    10 sessions on 10 different maildrops at once (one lock each)
#   short-10   10 workers of short sessions: login, STAT, LIST, UIDL, RETR 10 random, QUIT
# Prints one line per scenario and target (messages/s, sessions/s, MB/s, RETR p99) and the ratio.
set -euo pipefail

N=${1:-1000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
LOAD=${LOAD:-$HERE/../shared/bench/pop3_load.py}
PEERS=${PEERS:-$HERE/../shared/bench/peers-setup.sh}
MD_HTTP_PORT=${MD_HTTP_PORT:-9080}
MD_SMTP_PORT=${MD_SMTP_PORT:-25}
MD_POP3_PORT=${MD_POP3_PORT:-110}
: "${MD_ADMIN_PASSWORD:?set MD_ADMIN_PASSWORD}"
: "${MD_DOMAIN:?set MD_DOMAIN to a local domain of the server}"
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
DOVECOT=${DOVECOT:-0}
DV_POP3_PORT=${DV_POP3_PORT:-1110}
PASS=benchpass
RUN=$(date +%s)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

log() { echo "[pop3-bench] $*" >&2; }

# ---------------------------------------------------------------- seed Maildock
log "creating 10 accounts bench<k>-$RUN@$MD_DOMAIN"
for k in $(seq 1 10); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$MD_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
    -d "{\"address\":\"bench$k-$RUN@$MD_DOMAIN\",\"password\":\"$PASS\"}" \
    "http://127.0.0.1:$MD_HTTP_PORT/api/admin/accounts")
  [ "$code" = 201 ] || { log "account creation answered $code"; exit 1; }
done

log "delivering $N x 10 KiB messages to each over SMTP port $MD_SMTP_PORT"
start=$(date +%s.%N)
python3 - "$MD_SMTP_PORT" "$N" "$RUN" "$MD_DOMAIN" <<'PY'
import smtplib, sys, concurrent.futures
port, n, run, domain = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
line = ("x" * 76 + "\r\n")
body = line * (10240 // len(line))
def fill(k):
    to = f"bench{k}-{run}@{domain}"
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as s:
        for i in range(n):
            msg = (f"From: <load@example.net>\r\nTo: <{to}>\r\nSubject: bench {i}\r\n"
                   f"Message-ID: <{run}.{k}.{i}@example.net>\r\n\r\n" + body)
            s.sendmail("load@example.net", [to], msg.encode("ascii"))
with concurrent.futures.ThreadPoolExecutor(10) as pool:
    list(pool.map(fill, range(1, 11)))
PY
end=$(date +%s.%N)
log "seeded $((N * 10)) messages in $(printf '%.1f' "$(echo "$end - $start" | bc)") s"

# ---------------------------------------------------------------- seed Dovecot
if [ "$DOVECOT" = 1 ]; then
  log "setting Dovecot up (peers-setup.sh setup start-dovecot)"
  "$PEERS" setup start-dovecot >&2
  PEERS_DIR=${PEERS_DIR:-${TMPDIR:-/tmp}/peers}
  python3 - "$PEERS_DIR" "$N" "$RUN" <<'PY'
import os, sys, pwd, shutil
peers, n, run = sys.argv[1], int(sys.argv[2]), sys.argv[3]
line = ("x" * 76 + "\r\n")
body = line * (10240 // len(line))
for k in range(1, 11):
    user = f"bench{k}"
    home = os.path.join(peers, "home", user, "Maildir")
    shutil.rmtree(home, ignore_errors=True)
    for d in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(home, d), exist_ok=True)
    to = f"{user}@example.test"
    for i in range(n):
        msg = (f"Return-Path: <load@example.net>\r\nFrom: <load@example.net>\r\nTo: <{to}>\r\nSubject: bench {i}\r\n"
               f"Message-ID: <{run}.{k}.{i}@example.net>\r\n\r\n" + body)
        # Maildir stores LF line ends; Dovecot sends CRLF.
        with open(os.path.join(home, "new", f"{run}.{k}.{i}.bench"), "w") as f:
            f.write(msg.replace("\r\n", "\n"))
    pw = pwd.getpwnam(user)
    for root, dirs, files in os.walk(os.path.join(peers, "home", user)):
        for name in dirs + files:
            os.chown(os.path.join(root, name), pw.pw_uid, pw.pw_gid)
    os.chown(os.path.join(peers, "home", user, "Maildir"), pw.pw_uid, pw.pw_gid)
PY
fi

# ---------------------------------------------------------------- measure
# run_scenario TARGET PORT USERFMT SAMPLE WORKERS -> prints one summary line
run_scenario() {
  local name=$1 port=$2 userfmt=$3 sample=$4 workers=$5 scenario=$6 window=${7:-1}
  local pids=()
  for k in $(seq 1 "$workers"); do
    # shellcheck disable=SC2059
    python3 "$LOAD" --host 127.0.0.1 --port "$port" --user "$(printf "$userfmt" "$k")" --pass "$PASS" \
      --conns 1 --seconds "$SECONDS_PER_RUN" --sample "$sample" --window "$window" --check-sizes --label "$name" \
      >"$WORK/$name-$scenario-$k.json" 2>>"$WORK/$name-$scenario.log" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  python3 - "$name" "$scenario" "$WORK"/"$name-$scenario"-*.json <<'PY'
import json, sys
name, scenario, files = sys.argv[1], sys.argv[2], sys.argv[3:]
rs = [json.loads(open(f).read().strip().splitlines()[-1]) for f in files]
msgs = sum(r["msgs_per_s"] for r in rs)
sess = sum(r["sessions_per_s"] for r in rs)
mb = sum(r["mb_per_s"] for r in rs)
p99 = max((r["retr_ms"]["p99"] or 0) for r in rs)
errors = sum(sum(r["errors"].values()) for r in rs)
mism = sum(r["size_mismatches"] or 0 for r in rs)
failed = sum(r["sessions_failed"] for r in rs)
mailbox = rs[0]["mailbox_messages"]
print(f"{scenario:9} {name:9} msgs/s={msgs:9.1f} sessions/s={sess:8.2f} MB/s={mb:7.2f} "
      f"RETR_p99_ms={p99} mailbox={mailbox} failed_sessions={failed} errors={errors} size_mismatches={mism}")
PY
}

targets=("maildock $MD_POP3_PORT bench%d-$RUN@$MD_DOMAIN")
if [ "$DOVECOT" = 1 ]; then
  targets+=("dovecot $DV_POP3_PORT bench%d")
fi

all_scenarios() {
  for scenario in ${SCENARIOS:-full-1 window8-1 full-10 short-10}; do
    for t in "${targets[@]}"; do
      read -r name port userfmt <<<"$t"
      case $scenario in
        full-1) run_scenario "$name" "$port" "$userfmt" 0 1 "$scenario" ;;
        window8-1) run_scenario "$name" "$port" "$userfmt" 0 1 "$scenario" 8 ;;
        full-10) run_scenario "$name" "$port" "$userfmt" 0 10 "$scenario" ;;
        short-10) run_scenario "$name" "$port" "$userfmt" 10 10 "$scenario" ;;
      esac
    done
  done
}

# Warm-up, not printed: every scenario once against every target, so a JVM's JIT has compiled
# the paths it measures (a long-running server's steady state), and the peer's caches are as warm.
measure_seconds=$SECONDS_PER_RUN
SECONDS_PER_RUN=${WARMUP_SECONDS:-20}
log "warming up: every scenario for $SECONDS_PER_RUN s"
all_scenarios >/dev/null
SECONDS_PER_RUN=$measure_seconds

echo "# POP3 benchmark: $N x 10 KiB per maildrop, $SECONDS_PER_RUN s per measurement, $(nproc) cores, $(date -u +%FT%TZ)"
all_scenarios
if [ "$DOVECOT" = 1 ]; then
  log "Dovecot keeps running; stop it with: $PEERS stop-dovecot"
fi
