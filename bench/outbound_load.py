#!/usr/bin/env python3
"""Outbound load: submits MESSAGES messages of SIZE octets over CONNS connections, each to one
recipient in one of DOMAINS destination domains (round robin), then waits until the next hop (the
sink) has received them all (--sink-count-cmd prints how many messages the sink has received in
all; the count before the run is the baseline) and prints one JSON line with the end-to-end rate:
from the first submission to the last message received by the sink. The connections are spread over
--procs processes: one Python process doing TLS for ten connections is held to one core by its
interpreter lock, and would measure itself rather than the server; load_cpu_per_s in the output
says how busy the generator was (1.0 = one core for the whole submission)."""
import argparse
import json
import multiprocessing
import resource
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
    p.add_argument('--procs', type=int, default=2)
    p.add_argument('--expect-greeting', help='text the server\'s 220 greeting must contain (which server is this?)')
    a = p.parse_args()
    if a.expect_greeting:
        probe = smtplib.SMTP(timeout=30)
        code, greeting = probe.connect(a.host, a.port)
        probe.quit()
        if a.expect_greeting.encode() not in greeting:
            raise SystemExit('%s:%d greets with %r, not %s: another server holds the port'
                             % (a.host, a.port, greeting, a.expect_greeting))
    body = ('x' * 76 + '\r\n') * max(1, a.size // 78)
    lock = multiprocessing.Lock()
    counter = {k: multiprocessing.Value('l', 0, lock=False) for k in ('next', 'ok', 'errors')}

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
                n = counter['next'].value
                if n >= a.messages:
                    break
                counter['next'].value += 1
            rcpt = 'user%d@d%d.bench-remote.test' % (n, n % a.domains)
            msg = ('From: <%s>\r\nTo: <%s>\r\nSubject: outbound %d\r\nMessage-ID: <%d.%f@bench>\r\n\r\n%s'
                   % (a.sender, rcpt, n, n, time.time(), body)).encode()
            try:
                s.sendmail(a.sender, [rcpt], msg)
                with lock:
                    counter['ok'].value += 1
            except smtplib.SMTPException:
                with lock:
                    counter['errors'].value += 1
        s.quit()

    def process(threads):
        ts = [threading.Thread(target=worker) for _ in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    def sink_count():
        out = subprocess.run(a.sink_count_cmd, shell=True, capture_output=True, text=True).stdout.strip()
        return int(out or '0')

    def cpu(who):
        r = resource.getrusage(who)
        return r.ru_utime + r.ru_stime

    before = sink_count()
    cpu_before = cpu(resource.RUSAGE_CHILDREN)
    start = time.time()
    procs = max(1, min(a.procs, a.conns))
    ps = [multiprocessing.get_context('fork').Process(target=process, args=(a.conns // procs + (1 if i < a.conns % procs else 0),))
          for i in range(procs)]
    for pr in ps:
        pr.start()
    for pr in ps:
        pr.join()
    submitted = time.time()
    load_cpu = cpu(resource.RUSAGE_CHILDREN) - cpu_before
    ok = counter['ok'].value
    while True:
        received = sink_count() - before
        if received >= ok or time.time() - start > a.timeout:
            break
        time.sleep(0.05)
    end = time.time()
    print(json.dumps({'label': a.label, 'messages': ok, 'errors': counter['errors'].value, 'sink_received': received,
                      'submit_s': round(submitted - start, 2), 'total_s': round(end - start, 2),
                      'after_submit_s': round(end - submitted, 2),
                      'msgs_per_s': round(ok / (end - start), 1),
                      'procs': procs, 'load_cpu_per_s': round(load_cpu / (submitted - start), 2)}))


if __name__ == '__main__':
    main()
