#!/usr/bin/env python3
"""A receiving SMTP server for Maildock's outbound tests: the remote MX, or the smarthost.

Built on aiosmtpd (Debian: python3-aiosmtpd). Each accepted transaction is written to DIR as
N.eml (the bytes received) and N.json (envelope, EHLO name, TLS, AUTH user, ESMTP parameters).
Every RCPT is logged to DIR/rcpt.log. Each transaction's JSON names its connection (1, 2, ... in the
order the connections carried their first transaction), so tests can see connections being reused. The reply to RCPT depends on the recipient's local part,
like a real server's policy would:
  reject...     550 5.1.1 (permanent)
  defer...      451 4.2.1 (temporary, always)
  deferonce...  451 4.2.1 the first time for that address, then accepted
  inject...     a multi-line 550 whose text looks like header fields and a MIME boundary
  anything else 250
Prints READY when it listens; stops on SIGTERM or when stdin closes.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import subprocess
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, eight_bit_mime=True, close_after=0):
        self.directory = directory
        self.eight_bit_mime = eight_bit_mime
        self.close_after = close_after
        self.count = 0
        self.connections = 0
        self.deferred_once = set()
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        # aiosmtpd reads pipelined commands fine but does not say so; real MTAs do (RFC 2920).
        responses.insert(len(responses) - 1, '250-PIPELINING')
        if not self.eight_bit_mime:
            # A 7-bit-only server (RFC 6152 section 3): the client must convert or refuse 8-bit data.
            responses = [r for r in responses if r[4:].upper() != '8BITMIME']
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split('@')[0].lower()
        with open(os.path.join(self.directory, 'rcpt.log'), 'a') as log:
            log.write(address + '\n')
        if local.startswith('reject'):
            return '550 5.1.1 <%s>: Recipient address rejected: no such user' % address
        if local.startswith('deferonce'):
            with self.lock:
                first = address not in self.deferred_once
                self.deferred_once.add(address)
            if first:
                return '451 4.2.1 <%s>: mailbox busy, try again later' % address
        elif local.startswith('defer'):
            return '451 4.2.1 <%s>: mailbox busy, try again later' % address
        if local.startswith('inject'):
            return ('550-5.7.1 refused\r\n550-Subject: injected\r\n550-X-Injected: yes\r\n'
                    '550 --=_maildock_boundary-- Content-Type: text/html')
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return '250 2.1.5 OK'

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
            if not hasattr(server, 'maildock_connection'):
                self.connections += 1
                server.maildock_connection = self.connections
                server.maildock_transactions = 0
        server.maildock_transactions += 1
        if self.close_after and server.maildock_transactions >= self.close_after:
            # Like a server that drops a connection between transactions (a restart, an idle limit):
            # closed without a word right after this reply.
            asyncio.get_running_loop().call_later(0.05, server.transport.close)
        base = os.path.join(self.directory, '%d' % n)
        with open(base + '.eml.tmp', 'wb') as f:
            f.write(envelope.original_content or envelope.content)
        meta = {
            'mail_from': envelope.mail_from,
            'rcpt_tos': envelope.rcpt_tos,
            'mail_options': envelope.mail_options,
            'helo': getattr(session, 'host_name', None),
            'connection': server.maildock_connection,
            'tls': session.ssl is not None,
            'auth_user': (session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword)
                          else None),
        }
        with open(base + '.json', 'w') as f:
            json.dump(meta, f)
        os.rename(base + '.eml.tmp', base + '.eml')
        return '250 2.0.0 Ok: queued as sink-%d' % n


def tls_context(directory):
    key = os.path.join(directory, 'sink.key')
    cert = os.path.join(directory, 'sink.crt')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
                    '-subj', '/CN=smarthost.e2e.test', '-keyout', key, '-out', cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--host', required=True)
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--dir', required=True)
    p.add_argument('--tls', action='store_true', help='offer STARTTLS (self-signed)')
    p.add_argument('--auth', help='user:password required (after STARTTLS) before MAIL')
    p.add_argument('--size-limit', type=int, default=10 * 1024 * 1024, help='SIZE announced and enforced')
    p.add_argument('--no-8bitmime', action='store_true', help='do not announce 8BITMIME')
    p.add_argument('--close-after', type=int, default=0,
                   help='close each connection silently after this many transactions (0: never)')
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    kwargs = {}
    if a.tls:
        kwargs['tls_context'] = tls_context(a.dir)
        kwargs['require_starttls'] = True
    if a.auth:
        user, password = a.auth.split(':', 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            # handled=False: aiosmtpd then answers 535 itself (its default would send nothing).
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        kwargs['authenticator'] = authenticator
        kwargs['auth_required'] = True
        kwargs['auth_require_tls'] = True
    controller = Controller(Sink(a.dir, eight_bit_mime=not a.no_8bitmime, close_after=a.close_after), hostname=a.host, port=a.port, data_size_limit=a.size_limit,
                            decode_data=False, ready_timeout=10, **kwargs)
    controller.start()
    print('READY', flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == '__main__':
    main()
