#!/usr/bin/env bash
# SMTP durable-ingest benchmark (issue 3): the same load against Maildock and against Postfix on
# this machine, in the same run, printed side by side.
#   bench/smtp-bench.sh [MESSAGES] [SIZE] [CONNS...]     (defaults: 2000 10240 10 50)
# Needs: a build (mvn -DskipTests install), python3, and root for installing Postfix the first time
# (the shared peers-setup.sh does that). SHARED_BENCH points at the shared bench folder
# (default: ../shared/bench beside the repository).
# Maildock runs its own server on high ports with the embedded Derby database (fsync on commit);
# Postfix delivers to Maildir with its default fsync behaviour. Only 250-after-DATA counts.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-2000}; size=${2:-10240}; shift $(( $# > 2 ? 2 : $# )) || true
conns=("$@"); [ ${#conns[@]} -gt 0 ] || conns=(10 50)
shared=${SHARED_BENCH:-$(cd .. && pwd)/shared/bench}
[ -f "$shared/smtp_load.py" ] || { echo "no $shared/smtp_load.py (set SHARED_BENCH)" >&2; exit 1; }
wlp=target/liberty/wlp
[ -x "$wlp/bin/server" ] || { echo "build first: mvn -DskipTests install" >&2; exit 1; }

export SMTP_PORT=${SMTP_PORT:-22525} HTTP_PORT=${HTTP_PORT:-29080} HTTPS_PORT=${HTTPS_PORT:-29443}
export SUBMISSION_PORT=-1 SMTPS_PORT=-1 POP3_PORT=-1 POP3S_PORT=-1 IMAP_PORT=-1 IMAPS_PORT=-1
export MAILDOCK_DOMAINS=example.test MAILDOCK_ADMIN_PASSWORD=bench-admin MAILDOCK_HOSTNAME=mx.bench.test

cleanup() { "$wlp/bin/server" stop maildock >/dev/null 2>&1 || true; "$shared/peers-setup.sh" stop-postfix >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "== starting Maildock (Derby) on 127.0.0.1:$SMTP_PORT"
"$wlp/bin/server" start maildock >/dev/null
for _ in $(seq 120); do
  curl -s -o /dev/null -u admin:bench-admin "http://127.0.0.1:$HTTP_PORT/api/admin/domains" && break; sleep 1
done
curl -s -o /dev/null -u admin:bench-admin -H 'Content-Type: application/json' \
  -d '{"address":"bench@example.test","password":"benchpass"}' "http://127.0.0.1:$HTTP_PORT/api/admin/accounts"

echo "== starting Postfix (peers-setup.sh)"
"$shared/peers-setup.sh" install setup start-postfix >/dev/null

run() { # label host port conns
  python3 "$shared/smtp_load.py" --host 127.0.0.1 --port "$3" --from sender@bench.example \
    --to bench@example.test --conns "$4" --messages "$messages" --size "$size" --label "$1" | tail -n 1
}
results=()
# Warm-up outside the measurement: a JVM reaches its steady state only after the JIT has compiled
# the hot paths, which takes Liberty + EclipseLink + Derby on 2 cores some 20,000 messages (the
# compiler threads still took a third of the CPU after 10,000). Rounds of 3,000 messages: at least
# WARMUP_MIN (6), then until one is within 5% of the one before (at most WARMUP_ROUNDS, 12).
# Postfix, a C program, needs none; it gets a short round anyway.
warm() { # port conns -> msgs/s
  python3 "$shared/smtp_load.py" --host 127.0.0.1 --port "$1" --from w@bench.example \
    --to bench@example.test --conns "$2" --messages "${3:-3000}" --size "$size" 2>/dev/null | tail -n 1 \
    | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["msgs_per_s"] or 0)'
}
previous=0
for round in $(seq "${WARMUP_ROUNDS:-12}"); do
  rate=$(warm "$SMTP_PORT" 10)
  echo "   warm-up round $round: $rate msg/s"
  [ "$round" -ge "${WARMUP_MIN:-6}" ] && python3 -c "import sys; sys.exit(0 if abs($rate - $previous) <= 0.05 * $previous else 1)" && break
  previous=$rate
done
warm "${PF_SMTP_PORT:-2525}" 10 300 >/dev/null
for c in "${conns[@]}"; do
  results+=("$(run "maildock c=$c" 127.0.0.1 "$SMTP_PORT" "$c")")
  results+=("$(run "postfix c=$c" 127.0.0.1 "${PF_SMTP_PORT:-2525}" "$c")")
done
printf '%s\n' "${results[@]}" > target/smtp-bench.jsonl
python3 - target/smtp-bench.jsonl <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
print(f"{'run':<18}{'msgs/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'ok':>8}{'failed':>8}")
for r in rows:
    lat = r.get("latency_ms") or {}
    print(f"{r['label']:<18}{r['msgs_per_s'] or 0:>10.1f}{lat.get('p50') or 0:>10.1f}"
          f"{lat.get('p99') or 0:>10.1f}{r['messages_ok']:>8}{r['messages_failed']:>8}")
PY
echo "raw results: target/smtp-bench.jsonl"
