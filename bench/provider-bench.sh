#!/usr/bin/env bash
# Jakarta Mail provider benchmark (issue 5): messages per second sent by an in-house application
# through the "maildock" provider (inside the server, no socket) against the same 10 KiB messages
# sent to Maildock's SMTP port by an Angus Mail client, in the same run, 1 and 8 threads.
#   bench/provider-bench.sh [MESSAGES] [SIZE] [THREADS] [SAVE_SENT]   (defaults: 2000 10240 1,8 false)
# Needs a build: mvn -B package -DskipTests (the run server, maildock-provider.jar and
# liberty/target/inhouse.war). The script deploys the sample in-house application into the run
# server for the run (configDropins/overrides/bench-inhouse.xml) and removes it afterwards.
# Both paths deliver to one local INBOX and commit before answering; SMTP on port 25 keeps no Sent
# copy, so the provider runs with mail.maildock.saveSent=false unless SAVE_SENT=true.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-2000}; size=${2:-10240}; threads=${3:-1,8}; save_sent=${4:-false}
wlp=target/liberty/wlp
server=$wlp/usr/servers/maildock
war=liberty/target/inhouse.war
[ -x "$wlp/bin/server" ] && [ -f "$war" ] && [ -f "$server/lib/maildock-provider.jar" ] \
  || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }
m2=${M2_REPO:-$HOME/.m2/repository}
cp="$m2/org/eclipse/angus/angus-mail/2.0.3/angus-mail-2.0.3.jar:$m2/jakarta/mail/jakarta.mail-api/2.1.3/jakarta.mail-api-2.1.3.jar"
cp="$cp:$m2/org/eclipse/angus/angus-activation/2.0.2/angus-activation-2.0.2.jar:$m2/jakarta/activation/jakarta.activation-api/2.1.3/jakarta.activation-api-2.1.3.jar"
# The build needs only the APIs' POMs (Jakarta EE comes with Liberty), so on a fresh machine the
# client's jars may not be in the local repository yet: fetch the missing ones from Maven Central.
for artifact in org.eclipse.angus:angus-mail:2.0.3 jakarta.mail:jakarta.mail-api:2.1.3 \
                org.eclipse.angus:angus-activation:2.0.2 jakarta.activation:jakarta.activation-api:2.1.3; do
  IFS=: read -r g a v <<<"$artifact"
  [ -f "$m2/${g//.//}/$a/$v/$a-$v.jar" ] || mvn -B -q dependency:get -Dartifact="$artifact" >/dev/null
done

export SMTP_PORT=${SMTP_PORT:-22526} HTTP_PORT=${HTTP_PORT:-29081} HTTPS_PORT=${HTTPS_PORT:-29444}
export SUBMISSION_PORT=-1 SMTPS_PORT=-1 POP3_PORT=-1 POP3S_PORT=-1 IMAP_PORT=-1 IMAPS_PORT=-1
export MAILDOCK_DOMAINS=example.test MAILDOCK_ADMIN_PASSWORD=bench-admin MAILDOCK_HOSTNAME=mx.bench.test

cleanup() {
  "$wlp/bin/server" stop maildock >/dev/null 2>&1 || true
  rm -f "$server/configDropins/overrides/bench-inhouse.xml" "$server/apps/inhouse.war"
}
trap cleanup EXIT

cp "$war" "$server/apps/inhouse.war"
mkdir -p "$server/configDropins/overrides"
cat > "$server/configDropins/overrides/bench-inhouse.xml" <<'XML'
<server>
  <mailSession id="maildockSession" mailSessionID="maildockSession" jndiName="mail/maildock" host=""
               description="bench" storeProtocol="maildock" transportProtocol="maildock-transport"
               user="sender@example.test" password="benchpass" from="sender@example.test"/>
  <webApplication id="inhouse" name="inhouse" location="inhouse.war" contextRoot="/inhouse">
    <classloader commonLibraryRef="maildockProvider"/>
  </webApplication>
</server>
XML

echo "== starting Maildock (Derby) with the sample in-house application"
"$wlp/bin/server" start maildock >/dev/null
for _ in $(seq 180); do
  curl -s -o /dev/null -u admin:bench-admin "http://127.0.0.1:$HTTP_PORT/api/admin/domains" \
    && curl -s -f -X POST "http://127.0.0.1:$HTTP_PORT/inhouse/mail/ping" 2>/dev/null | grep -q up && break
  sleep 1
done
for a in bench sender; do
  curl -s -o /dev/null -u admin:bench-admin -H 'Content-Type: application/json' \
    -d "{\"address\":\"$a@example.test\",\"password\":\"benchpass\"}" "http://127.0.0.1:$HTTP_PORT/api/admin/accounts"
done
echo "== $messages messages of $size octets to bench@example.test, threads $threads, provider saveSent=$save_sent"
java -cp "$cp" bench/ProviderBench.java "$HTTP_PORT" "$SMTP_PORT" bench@example.test sender@example.test benchpass \
  "$messages" "$size" "$threads" "$save_sent"
