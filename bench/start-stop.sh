#!/usr/bin/env bash
# Measures Maildock's server start-to-ready and stop times (issue 2: start <= 15 s, stop <= 10 s).
#   bench/start-stop.sh [CYCLES]      (default 3; build first: mvn -DskipTests install)
# "Ready" = the admin API answers over HTTP and the SMTP port sends its 220 greeting.
# Uses the run server (target/liberty/wlp/usr/servers/maildock) on high ports so nothing else
# is disturbed; its database is kept, as in production restarts.
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-3}
wlp=target/liberty/wlp
[ -x "$wlp/bin/server" ] || { echo "build first: mvn -DskipTests install" >&2; exit 1; }

. bench/server-ready.sh

now() { date +%s.%N; }
starts=(); stops=()
for i in $(seq "$cycles"); do
  t0=$(now)
  "$wlp/bin/server" start maildock >/dev/null
  ready || { echo "server did not become ready" >&2; "$wlp/bin/server" stop maildock >/dev/null; exit 1; }
  t1=$(now)
  "$wlp/bin/server" stop maildock >/dev/null
  t2=$(now)
  starts+=("$(awk "BEGIN{print $t1 - $t0}")"); stops+=("$(awk "BEGIN{print $t2 - $t1}")")
  printf 'cycle %d: start to ready %.1f s, stop %.1f s\n' "$i" "${starts[-1]}" "${stops[-1]}"
done
printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {printf "start to ready: min %.1f s, median %.1f s, max %.1f s (%d cycles)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'
printf '%s\n' "${stops[@]}" | sort -n | awk '{a[NR]=$1} END {printf "stop:           min %.1f s, median %.1f s, max %.1f s\n", a[1], a[int((NR+1)/2)], a[NR]}'
