#!/usr/bin/env bash
# Compares JVM option sets for the run server (docs/decisions.md, "Start-up"), each set started in
# turn ROUNDS times so that the machine's drift hits every set alike.
#   bench/jvm-options.sh start ROUNDS SET...    start-to-ready (bench/server-ready.sh) and the CPU the
#                                               server had used by then (/proc/PID/stat)
#   bench/jvm-options.sh warmup ROUNDS SET...   after each start, 14 rounds of 2,000 10 KiB messages over
#                                               10 SMTP connections: the JIT's warm-up curve in msg/s
# A SET is one argument of JVM options, or "base" for none, e.g.
#   bench/jvm-options.sh start 4 base -XX:CompileThresholdScaling=4
# CLEAN=1 deletes Liberty's workarea before each start (Liberty resolves its features again);
# FRESH=1 also deletes what a server's first start creates (the Derby database, the generated
# TLS certificate and LTPA keys, the transaction logs, the spool): the first start of a fresh clone.
# Needs a build (mvn -DskipTests install); warmup also needs ../shared/bench/smtp_load.py.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?start or warmup}; rounds=${2:?rounds}; shift 2
[ $# -gt 0 ] || { echo "name at least one option set (base for none)" >&2; exit 1; }
wlp=target/liberty/wlp
[ -x "$wlp/bin/server" ] || { echo "build first: mvn -DskipTests install" >&2; exit 1; }
shared=${SHARED_BENCH:-$(cd .. && pwd)/shared/bench}

export MAILDOCK_DOMAINS=${MAILDOCK_DOMAINS:-example.test}
. bench/server-ready.sh
trap '"$wlp/bin/server" stop maildock >/dev/null 2>&1 || true' EXIT

warmup() { # -> 14 rates
  curl -s -o /dev/null -u "admin:$MAILDOCK_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
    -d '{"address":"bench@example.test","password":"benchpass"}' "http://127.0.0.1:$HTTP_PORT/api/admin/accounts"
  for _ in $(seq 14); do
    python3 "$shared/smtp_load.py" --host 127.0.0.1 --port "$SMTP_PORT" --from w@bench.example \
      --to bench@example.test --conns 10 --messages 2000 --size 10240 2>/dev/null | tail -n 1 \
      | python3 -c 'import json,sys; print(round(json.loads(sys.stdin.read())["msgs_per_s"] or 0))'
  done | paste -sd' '
}

for _ in $(seq "$rounds"); do
  for set in "$@"; do
    if [ "$set" = base ]; then export JVM_ARGS=""; else export JVM_ARGS="$set"; fi
    server=$wlp/usr/servers/maildock
    [ -z "${CLEAN:-}${FRESH:-}" ] || rm -rf "$server/workarea"
    [ -z "${FRESH:-}" ] || rm -rf "$server/databases" "$server/resources/security" "$server/tranlog" "$server/spool"
    t0=$(date +%s.%N)
    "$wlp/bin/server" start maildock >/dev/null
    ready || { echo "server did not become ready" >&2; exit 1; }
    t1=$(date +%s.%N)
    pid=$(cat "$wlp/usr/servers/.pid/maildock.pid")
    cpu=$(awk '{print ($14 + $15) / 100}' "/proc/$pid/stat")   # utime + stime, in clock ticks of 1/100 s
    if [ "$mode" = warmup ]; then
      printf '%-34s msg/s by round: %s\n' "$set" "$(warmup)"
    else
      printf '%-34s start to ready %5.1f s, CPU by then %5.1f s\n' "$set" "$(awk "BEGIN{print $t1 - $t0}")" "$cpu"
    fi
    "$wlp/bin/server" stop maildock >/dev/null
  done
done
