#!/usr/bin/env python3
"""Outbound load: submits MESSAGES messages of SIZE octets over CONNS connections, each to one
recipient in one of DOMAINS destination domains (round robin), then waits until the next hop (the
sink) has received them all (--sink-count-cmd prints how many messages the sink has received in
all; the count before the run is the baseline) and prints one JSON line with the end-to-end rate:
from the first submission to the last message received by the sink."""
import argparse
import json
import smtplib
import ssl
import subprocess
import threading
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--starttls', action='store_true')
    p.add_argument('--user')
    p.add_argument('--password')
    p.add_argument('--sender', required=True)
    p.add_argument('--domains', type=int, default=1)
    p.add_argument('--messages', type=int, default=1000)
    p.add_argument('--size', type=int, default=10240)
    p.add_argument('--conns', type=int, default=10)
    p.add_argument('--sink-count-cmd', required=True,
                   help='shell command printing how many messages the sink has received so far')
    p.add_argument('--label', default='')
    p.add_argument('--timeout', type=int, default=600)
    a = p.parse_args()
    body = ('x' * 76 + '\r\n') * max(1, a.size // 78)
    lock = threading.Lock()
    counter = {'next': 0, 'ok': 0, 'errors': 0}

    def worker():
        ctx = ssl._create_unverified_context()
        s = smtplib.SMTP(a.host, a.port, timeout=60)
        s.ehlo('load.bench.test')
        if a.starttls:
            s.starttls(context=ctx)
            s.ehlo('load.bench.test')
        if a.user:
            s.login(a.user, a.password)
        while True:
            with lock:
                n = counter['next']
                if n >= a.messages:
                    break
                counter['next'] += 1
            rcpt = 'user%d@d%d.bench-remote.test' % (n, n % a.domains)
            msg = ('From: <%s>\r\nTo: <%s>\r\nSubject: outbound %d\r\nMessage-ID: <%d.%f@bench>\r\n\r\n%s'
                   % (a.sender, rcpt, n, n, time.time(), body)).encode()
            try:
                s.sendmail(a.sender, [rcpt], msg)
                with lock:
                    counter['ok'] += 1
            except smtplib.SMTPException:
                with lock:
                    counter['errors'] += 1
        s.quit()

    def sink_count():
        out = subprocess.run(a.sink_count_cmd, shell=True, capture_output=True, text=True).stdout.strip()
        return int(out or '0')

    before = sink_count()
    start = time.time()
    threads = [threading.Thread(target=worker) for _ in range(a.conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    submitted = time.time()
    while True:
        received = sink_count() - before
        if received >= counter['ok'] or time.time() - start > a.timeout:
            break
        time.sleep(0.05)
    end = time.time()
    print(json.dumps({'label': a.label, 'messages': counter['ok'], 'errors': counter['errors'], 'sink_received': received,
                      'submit_s': round(submitted - start, 2), 'total_s': round(end - start, 2),
                      'after_submit_s': round(end - submitted, 2),
                      'msgs_per_s': round(counter['ok'] / (end - start), 1)}))


if __name__ == '__main__':
    main()
