/**
 * The POP3 server (RFC 1939 with RFC 2449 CAPA and response codes, RFC 2595 STLS, RFC 5034 SASL
 * PLAIN): framing, the session state machine and its reply table. The maildrop itself (accounts,
 * the exclusive lock with its lease, message content, deletion) is the platform's, reached through
 * {@link dev.maildock.rar.api.Pop3Listener}.
 * <p>
 * Binding it, like SMTP: one {@link dev.maildock.rar.net.EndpointDispatcher} of {@code Pop3Listener}
 * per activated endpoint ({@link dev.maildock.rar.pop3.Pop3ActivationSpec}), then
 * <pre>
 * new ListenerSpec("pop3", "pop3.port", pop3Port, new Pop3ChannelInitializer("pop3", dispatcher,
 *         Pop3Settings.defaults(Pop3Settings.TlsMode.STLS), sslContextOrNull));
 * new ListenerSpec("pop3s", "pop3s.port", pop3sPort, new Pop3ChannelInitializer("pop3s", dispatcher,
 *         Pop3Settings.defaults(Pop3Settings.TlsMode.IMPLICIT), sslContext));
 * </pre>
 * Pieces: {@code LineReader} (bounded command lines, STLS discard),
 * {@code Pop3Session} (the states, on the event loop, platform calls on WorkManager threads),
 * {@code MaildropView} (numbers and deletion marks), {@code DotStuffer} (multi-line bodies, TOP),
 * {@code Pop3Reply} (every status line), {@code Capabilities} (CAPA by state and TLS).
 */
package dev.maildock.rar.pop3;
