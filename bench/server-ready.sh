# Sourced by the start-up benchmarks. Puts every listener of the run server on, as in production,
# on high ports (each yields to a variable already set), and defines ready(): waits (up to 180 s)
# until the server is ready as issue 2 counts it: the admin API answers over HTTP (401 without
# credentials is an answer) and the SMTP port sends its 220 greeting.
export HTTP_PORT=${HTTP_PORT:-29080} HTTPS_PORT=${HTTPS_PORT:-29443} SMTP_PORT=${SMTP_PORT:-22525}
export SUBMISSION_PORT=${SUBMISSION_PORT:-22587} SMTPS_PORT=${SMTPS_PORT:-22465}
export POP3_PORT=${POP3_PORT:-22110} POP3S_PORT=${POP3S_PORT:-22995}
export IMAP_PORT=${IMAP_PORT:-22143} IMAPS_PORT=${IMAPS_PORT:-22993}
export MAILDOCK_ADMIN_PASSWORD=${MAILDOCK_ADMIN_PASSWORD:-bench-admin}
# imaptest's 50 clients log out and in again from one address, as the Dovecot peer allows (1,000).
export IMAP_MAXCONNECTIONSPERCLIENT=${IMAP_MAXCONNECTIONSPERCLIENT:-1000}

ready() {
  python3 - "$HTTP_PORT" "$SMTP_PORT" <<'PY'
import socket, sys, time, urllib.request, urllib.error
http, smtp = int(sys.argv[1]), int(sys.argv[2])
deadline = time.time() + 180
while time.time() < deadline:
    try:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{http}/api/admin/domains", timeout=2)
        except urllib.error.HTTPError as e:
            if e.code != 401:
                raise
        s = socket.create_connection(("127.0.0.1", smtp), timeout=2)
        s.settimeout(5)
        if s.recv(3) == b"220":
            s.close()
            sys.exit(0)
        s.close()
    except Exception:
        pass
    time.sleep(0.05)
sys.exit(1)
PY
}
