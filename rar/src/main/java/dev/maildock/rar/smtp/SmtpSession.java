package dev.maildock.rar.smtp;

import dev.maildock.rar.net.ConnectionLimits;

import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.Envelope;
import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.MessageData;
import dev.maildock.rar.api.ReversePath;
import dev.maildock.rar.api.SessionInfo;
import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.api.Verdict;
import dev.maildock.rar.net.EndpointDispatcher;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SMTP session: the RFC 5321 server state machine. Runs on the connection's event loop and
 * never blocks it: questions for the platform go through the {@link EndpointDispatcher}, and while
 * one is open the {@link SmtpFramer} is paused, so pipelined commands (RFC 2920) are answered
 * strictly in order and each sees the state its predecessors left.
 * <p>
 * The Received header is prepended here, not in the MDB (see {@link ReceivedHeader}).
 */
final class SmtpSession extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(SmtpSession.class.getName());

    private final ListenerMode mode;
    private final SmtpSettings settings;
    private final SslContext sslContext;
    private final EndpointDispatcher<SmtpListener> dispatcher;
    private final Clock clock;
    private final ConnectionLimits limits;
    private final AuthThrottle throttle;

    private ChannelHandlerContext ctx;
    private SmtpFramer framer;
    private String hostname;
    private final String sessionId = newId();
    private int transactions;

    private String helo;
    private boolean esmtp;
    private String authenticatedUser;
    private Transaction transaction;
    private MessageSpool spool;
    private HopCounter hops;
    private SaslExchange sasl;
    private int errors;
    private int authFailures;
    private boolean busy;
    private boolean closing;
    private InetAddress counted;

    /**
     * @param sslContext the server certificate for STARTTLS and implicit TLS, or null when none is
     *                   configured (then STARTTLS is neither offered nor accepted)
     */
    SmtpSession(ListenerMode mode, SmtpSettings settings, SslContext sslContext,
                       EndpointDispatcher<SmtpListener> dispatcher, Clock clock, ConnectionLimits limits,
                       AuthThrottle throttle) {
        this.mode = mode;
        this.settings = settings;
        this.sslContext = sslContext;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.limits = limits;
        this.throttle = throttle;
    }

    // ---------------------------------------------------------------- connection life cycle

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.framer = ctx.pipeline().get(SmtpFramer.class);
        // Frame nothing until the platform has admitted the client: a client that talks before
        // the greeting gets no answers from a half-initialised session.
        framer.pause();
        hostname = localAddress().getHostString();
        InetAddress client = remoteAddress().getAddress();
        if (!limits.tryAcquire(client)) {
            replyAndClose(SmtpReply.TOO_MANY_CONNECTIONS.format(hostname));
            ctx.fireChannelActive();
            return;
        }
        counted = client;
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null) {
            // Implicit TLS (465): greet only inside the finished handshake. The socket keeps
            // reading meanwhile (no autoRead off here), or the ClientHello would never arrive.
            tls.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    admit();
                } else {
                    ctx.close();
                }
            });
        } else {
            pauseInput();
            admit();
        }
        ctx.fireChannelActive();
    }

    private void admit() {
        ClientInfo client = clientInfo();
        ask(listener -> listener.connect(client), this::greet);
    }

    private void greet(ConnectVerdict verdict, Throwable failure) {
        if (failure != null) {
            LOG.log(Level.WARNING, "MAILDOCK0101W: The SMTP platform could not admit a client; answering 421.", failure);
            replyAndClose(SmtpReply.SERVICE_NOT_AVAILABLE.format(hostname));
            return;
        }
        hostname = verdict.hostname();
        switch (verdict.outcome()) {
            case ACCEPT -> reply(SmtpReply.SERVICE_READY.format(hostname));
            case TEMPORARY_FAILURE -> replyAndClose(SmtpReply.SERVICE_NOT_AVAILABLE.format(hostname));
            case PERMANENT_FAILURE -> replyAndClose(SmtpReply.SERVICE_REFUSED.format(hostname));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        discardSpool();
        if (counted != null) {
            limits.release(counted);
            counted = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        // A session waiting for the platform is not idle: the client is waiting for us.
        if (event instanceof IdleStateEvent && !busy && !closing) {
            replyAndClose(SmtpReply.IDLE_TIMEOUT.format(hostname));
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS handshake failures and resets land here: nothing to answer on a broken channel.
        LOG.log(Level.FINE, "SMTP session failed", cause);
        closing = true;
        ctx.close();
    }

    // ---------------------------------------------------------------- frames

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof SmtpFrame.DataChunk chunk) {
            try {
                if (spool != null) {
                    hops.scan(chunk.content());
                    spool.append(chunk.content());
                }
            } finally {
                chunk.content().release();
            }
        } else if (msg instanceof SmtpFrame.DataEnd end) {
            endOfData(end);
        } else if (msg instanceof SmtpFrame.CommandLine line) {
            if (sasl != null) {
                saslStep(sasl.respond(line.text()));
            } else {
                command(line.text());
            }
        } else if (msg instanceof SmtpFrame.CommandFault fault) {
            sasl = null;
            framer.expectSaslResponse(false);
            error(fault == SmtpFrame.CommandFault.TOO_LONG ? SmtpReply.LINE_TOO_LONG.format()
                    : SmtpReply.BARE_LINE_ENDING_IN_COMMAND.format());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void command(String line) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1).trim();
        Optional<SmtpCommand> command = SmtpCommand.of(verb);
        if (command.isEmpty()) {
            error(SmtpReply.COMMAND_UNRECOGNIZED.format());
            return;
        }
        switch (command.get()) {
            case EHLO -> hello(argument, true);
            case HELO -> hello(argument, false);
            case MAIL -> mail(argument);
            case RCPT -> rcpt(argument);
            case DATA -> data(argument);
            case RSET -> rset(argument);
            case NOOP -> reply(SmtpReply.OK.format());
            case QUIT -> replyAndClose(SmtpReply.CLOSING.format(hostname));
            case HELP -> help(argument);
            case VRFY -> vrfy(argument);
            case STARTTLS -> startTls(argument);
            case AUTH -> auth(argument);
            case EXPN, SEND, SOML, SAML, TURN -> error(SmtpReply.COMMAND_NOT_IMPLEMENTED.format());
        }
    }

    // ---------------------------------------------------------------- commands

    private void hello(String argument, boolean extended) {
        SmtpCommand command = extended ? SmtpCommand.EHLO : SmtpCommand.HELO;
        String domain = argument.split(" ", 2)[0];
        if (domain.isEmpty()) {
            error(SmtpReply.SYNTAX_ERROR.format(command.syntax()));
            return;
        }
        // RFC 5321 section 4.1.4: a HELO/EHLO in the middle of a transaction resets it.
        transaction = null;
        helo = domain;
        esmtp = extended;
        String peer = ReceivedHeader.addressLiteral(remoteAddress());
        if (extended) {
            reply(SmtpReply.EHLO_OK.multiline(
                    Extensions.ehloKeywords(settings, sslContext != null, tlsActive(), authenticatedUser != null),
                    hostname, peer));
        } else {
            reply(SmtpReply.HELO_OK.format(hostname, peer));
        }
    }

    private void mail(String argument) {
        if (helo == null) {
            error(SmtpReply.HELO_FIRST.format());
            return;
        }
        if (transaction != null) {
            error(SmtpReply.NESTED_MAIL.format());
            return;
        }
        if (mode.authRequired() && authenticatedUser == null) {
            error(SmtpReply.AUTH_REQUIRED.format());
            return;
        }
        if (!argument.regionMatches(true, 0, "FROM:", 0, 5)) {
            error(SmtpReply.SYNTAX_ERROR.format(SmtpCommand.MAIL.syntax()));
            return;
        }
        PathArgument path;
        try {
            path = PathArgument.parse(argument, "FROM");
        } catch (PathSyntaxException e) {
            error(SmtpReply.BAD_SENDER_SYNTAX.format());
            return;
        }
        if (!path.isNullPath() && path.domain() == null) {
            error(SmtpReply.BAD_SENDER_SYNTAX.format());
            return;
        }
        MailParameters parameters;
        try {
            parameters = MailParameters.of(path.parameters(), esmtp, tlsActive() && sslContext != null,
                    settings.maxMessageSize());
        } catch (MailParameters.Refused refused) {
            error(refused.reply());
            return;
        }
        ReversePath from = path.isNullPath() ? ReversePath.NULL : new ReversePath(path.localPart(), path.domain());
        SessionInfo session = sessionInfo();
        ask(listener -> listener.mailFrom(session, from, parameters.declaredSize()), (verdict, failure) -> {
            if (answer(verdict, failure)) {
                transaction = new Transaction(sessionId + "." + (++transactions), from, parameters.declaredSize(),
                        parameters.eightBit());
                reply(SmtpReply.SENDER_OK.format(from));
            }
        });
    }

    private void rcpt(String argument) {
        if (transaction == null) {
            error(SmtpReply.NEED_MAIL.format());
            return;
        }
        if (!argument.regionMatches(true, 0, "TO:", 0, 3)) {
            error(SmtpReply.SYNTAX_ERROR.format(SmtpCommand.RCPT.syntax()));
            return;
        }
        PathArgument path;
        try {
            path = PathArgument.parse(argument, "TO");
        } catch (PathSyntaxException e) {
            error(SmtpReply.BAD_RECIPIENT_SYNTAX.format());
            return;
        }
        // RFC 5321 section 4.1.1.3: only postmaster may come without a domain.
        if (path.isNullPath() || (path.domain() == null && !"postmaster".equalsIgnoreCase(path.localPart()))) {
            error(SmtpReply.BAD_RECIPIENT_SYNTAX.format());
            return;
        }
        if (!path.parameters().isEmpty()) {
            error(SmtpReply.PARAMETER_NOT_RECOGNIZED.format(path.parameters().keySet().iterator().next()));
            return;
        }
        // RFC 5321 section 4.5.3.1.8: at least 100 recipients must be taken; past the limit 452,
        // which the client treats as "send the rest in another transaction".
        if (transaction.recipientCount() >= settings.maxRecipients()) {
            reply(SmtpReply.TOO_MANY_RECIPIENTS.format());
            return;
        }
        ForwardPath to = new ForwardPath(path.localPart(), path.domain());
        SessionInfo session = sessionInfo();
        ReversePath from = transaction.reversePath();
        Transaction current = transaction;
        ask(listener -> listener.rcptTo(session, from, to), (verdict, failure) -> {
            if (answer(verdict, failure)) {
                current.addRecipient(to);
                reply(SmtpReply.RECIPIENT_OK.format(to));
            }
        });
    }

    private void data(String argument) {
        if (!argument.isEmpty()) {
            error(SmtpReply.SYNTAX_ERROR.format(SmtpCommand.DATA.syntax()));
            return;
        }
        if (transaction == null) {
            error(SmtpReply.NEED_MAIL.format());
            return;
        }
        if (transaction.recipientCount() == 0) {
            // RFC 2920 section 3.1: with pipelining, all RCPTs may have failed; 554, not 354.
            error(SmtpReply.NO_VALID_RECIPIENTS.format());
            return;
        }
        spool = new MessageSpool(settings.spoolThreshold(), settings.maxMessageSize(), settings.spoolDirectory());
        hops = new HopCounter();
        framer.startData();
        reply(SmtpReply.START_MAIL_INPUT.format());
    }

    private void endOfData(SmtpFrame.DataEnd end) {
        MessageSpool content = spool;
        Transaction finished = transaction;
        spool = null;
        // RFC 5321 section 4.1.1.4: the transaction ends with the data, whatever the answer.
        transaction = null;
        if (content == null || finished == null) {
            return;
        }
        String refusal = null;
        if (end.bareLineEnding()) {
            refusal = SmtpReply.BARE_LINE_ENDING_IN_DATA.format();
        } else if (end.lineTooLong()) {
            refusal = SmtpReply.TEXT_LINE_TOO_LONG.format(settings.maxTextLine());
        } else if (content.tooBig()) {
            refusal = SmtpReply.MESSAGE_TOO_BIG.format();
        } else if (hops.looping()) {
            refusal = SmtpReply.TOO_MANY_HOPS.format();
        }
        if (refusal != null) {
            content.close();
            error(refusal);
            return;
        }
        MessageData message;
        try {
            // Only a single recipient is named: listing several would show Bcc recipients to each other.
            String named = finished.recipientCount() == 1 ? finished.recipients().get(0).address() : null;
            byte[] trace = ReceivedHeader.build(helo, remoteAddress(), hostname, esmtp, tlsActive(),
                    authenticatedUser != null, finished.id(), named, ZonedDateTime.now(clock));
            message = content.toMessageData(trace);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "MAILDOCK0103W: A message could not be spooled; answering 451.", e);
            content.close();
            reply(SmtpReply.LOCAL_ERROR.format());
            return;
        }
        // A client that sends 8-bit octets without BODY=8BITMIME breaks RFC 6152, but its message is
        // 8-bit all the same: the next hop must hear BODY=8BITMIME (or get a 7-bit form).
        Envelope envelope = new Envelope(sessionInfo(), finished.reversePath(), finished.recipients(),
                finished.eightBit() || end.eightBit());
        spool = null;
        ask(listener -> listener.deliver(envelope, message), (verdict, failure) -> {
            content.close();
            if (answer(verdict, failure)) {
                reply(SmtpReply.MESSAGE_ACCEPTED.format(finished.id()));
            }
        });
    }

    private void rset(String argument) {
        if (!argument.isEmpty()) {
            error(SmtpReply.SYNTAX_ERROR.format(SmtpCommand.RSET.syntax()));
            return;
        }
        transaction = null;
        reply(SmtpReply.OK.format());
    }

    private void help(String argument) {
        if (argument.isEmpty()) {
            reply(SmtpReply.HELP.format(SmtpCommand.served()));
            return;
        }
        Optional<SmtpCommand> topic = SmtpCommand.of(argument.split(" ", 2)[0]);
        if (topic.isPresent()) {
            reply(SmtpReply.HELP.format(topic.get().syntax()));
        } else {
            reply(SmtpReply.HELP_TOPIC_UNKNOWN.format(argument.replaceAll("\\p{Cntrl}", "?")));
        }
    }

    /** RFC 5321 section 3.5.3: 252, which confirms nobody, so VRFY cannot enumerate users. */
    private void vrfy(String argument) {
        if (argument.isEmpty()) {
            error(SmtpReply.SYNTAX_ERROR.format(SmtpCommand.VRFY.syntax()));
            return;
        }
        reply(SmtpReply.CANNOT_VRFY.format());
    }

    private void startTls(String argument) {
        if (!argument.isEmpty()) {
            error(SmtpReply.SYNTAX_ERROR.format(SmtpCommand.STARTTLS.syntax()));
            return;
        }
        if (tlsActive()) {
            error(SmtpReply.TLS_ALREADY_ACTIVE.format());
            return;
        }
        if (sslContext == null) {
            reply(SmtpReply.TLS_NOT_AVAILABLE.format());
            return;
        }
        // RFC 3207 section 4.2: whatever the client sent after STARTTLS in plaintext was sent
        // before the handshake and must not be acted on (the STARTTLS injection attacks); and
        // everything learnt before TLS (HELO, transaction) is forgotten.
        framer.discardBuffered();
        helo = null;
        esmtp = false;
        transaction = null;
        SslHandler tls = sslContext.newHandler(ctx.alloc());
        // startTls = true: the 220 below still leaves in plaintext; everything after is TLS.
        SslHandler handler = new SslHandler(tls.engine(), true);
        handler.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
        ctx.pipeline().addFirst("tls", handler);
        reply(SmtpReply.READY_TO_START_TLS.format());
    }

    private void auth(String argument) {
        String[] parts = argument.split(" +");
        if (argument.isEmpty() || parts.length > 2) {
            error(SmtpReply.SYNTAX_ERROR.format(SmtpCommand.AUTH.syntax()));
            return;
        }
        if (helo == null || !esmtp) {
            error(SmtpReply.HELO_FIRST.format());
            return;
        }
        if (authenticatedUser != null) {
            error(SmtpReply.ALREADY_AUTHENTICATED.format());
            return;
        }
        if (transaction != null) {
            error(SmtpReply.AUTH_IN_TRANSACTION.format());
            return;
        }
        if (!tlsActive()) {
            // RFC 4954 section 6 / RFC 5248: 538 5.7.11, passwords never travel in the clear.
            error(SmtpReply.ENCRYPTION_REQUIRED.format());
            return;
        }
        Optional<SaslExchange.Mechanism> mechanism = SaslExchange.mechanism(parts[0]);
        if (mechanism.isEmpty()) {
            error(SmtpReply.AUTH_MECHANISM_UNSUPPORTED.format());
            return;
        }
        sasl = new SaslExchange(mechanism.get());
        saslStep(sasl.start(parts.length == 2 ? parts[1] : null));
    }

    private void saslStep(SaslExchange.Step step) {
        framer.expectSaslResponse(step instanceof SaslExchange.Challenge);
        if (step instanceof SaslExchange.Challenge challenge) {
            reply(SmtpReply.AUTH_CHALLENGE.format(challenge.base64()));
            return;
        }
        sasl = null;
        if (step instanceof SaslExchange.Cancelled) {
            error(SmtpReply.AUTH_CANCELLED.format());
        } else if (step instanceof SaslExchange.Malformed) {
            error(SmtpReply.AUTH_BAD_ENCODING.format());
        } else if (step instanceof SaslExchange.Refused) {
            throttle.failed(remoteAddress().getAddress(), null, clock.instant());
            authFailed();
        } else if (step instanceof SaslExchange.Credentials credentials) {
            ClientInfo client = clientInfo();
            if (throttle.locked(client.remote().getAddress(), credentials.user(), clock.instant())) {
                authLocked();
                return;
            }
            ask(listener -> listener.authenticate(client, credentials.mechanism().name(), credentials.user(),
                    credentials.password()), (result, failure) -> authenticated(credentials.user(), result, failure));
        }
    }

    /** Locked out: no platform call; counts as a failure of this session too. */
    private void authLocked() {
        reply(SmtpReply.AUTH_LOCKED.format());
        if (++authFailures >= settings.maxAuthFailures()) {
            closeAfterAuthFailures();
        }
    }

    private void authenticated(String user, AuthResult result, Throwable failure) {
        if (failure != null || result.outcome() == AuthResult.Outcome.TEMPORARY_FAILURE) {
            if (failure != null) {
                LOG.log(Level.WARNING, "MAILDOCK0104W: The SMTP platform failed during AUTH; answering 454.", failure);
            }
            reply(SmtpReply.AUTH_TEMPORARY_FAILURE.format());
        } else if (result.succeeded()) {
            throttle.succeeded(user);
            authenticatedUser = result.identity();
            reply(SmtpReply.AUTH_SUCCEEDED.format());
        } else {
            throttle.failed(remoteAddress().getAddress(), user, clock.instant());
            authFailed();
        }
    }

    /** After the last allowed failure: answer, wait (slows down guessing), then 421 and close. */
    private void authFailed() {
        authFailures++;
        if (authFailures < settings.maxAuthFailures()) {
            error(SmtpReply.AUTH_FAILED.format());
            return;
        }
        reply(SmtpReply.AUTH_FAILED.format());
        closeAfterAuthFailures();
    }

    private void closeAfterAuthFailures() {
        closing = true;
        pauseInput();
        ctx.executor().schedule(() -> replyAndClose(SmtpReply.TOO_MANY_AUTH_FAILURES.format(hostname)),
                settings.authFailureDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- platform calls

    /**
     * Runs a listener call off the event loop with input paused, and continues on the event loop.
     */
    private <R> void ask(Function<SmtpListener, R> step, BiConsumer<R, Throwable> then) {
        busy = true;
        pauseInput();
        dispatcher.call(step).whenComplete((result, failure) -> {
            try {
                ctx.executor().execute(() -> {
                    busy = false;
                    // Runs even when the client has gone: the continuation also releases what the
                    // call held (a spool file); its reply then simply goes nowhere.
                    then.accept(result, failure);
                    if (!closing && !busy && ctx.channel().isActive()) {
                        resumeInput();
                    }
                });
            } catch (RejectedExecutionException e) {
                // The event loop is shutting down with the server: the connection goes with it.
            }
        });
    }

    /**
     * Replies with the refusal a verdict asks for and returns false, or returns true for ACCEPT.
     * A failed call is a 451: the client tries again later, and nothing was promised.
     */
    private boolean answer(Verdict verdict, Throwable failure) {
        if (failure != null || verdict == null) {
            LOG.log(Level.WARNING, "MAILDOCK0105W: The SMTP platform failed; answering 451.", failure);
            reply(SmtpReply.LOCAL_ERROR.format());
            return false;
        }
        if (verdict.accepted()) {
            return true;
        }
        SmtpReply refusal = SmtpReply.refusal(verdict.outcome());
        String line = refusal.withDetail(verdict.detail());
        if (refusal.code() >= 500) {
            error(line);
        } else {
            reply(line);
        }
        return false;
    }

    private void pauseInput() {
        framer.pause();
        ctx.channel().config().setAutoRead(false);
    }

    private void resumeInput() {
        ctx.channel().config().setAutoRead(true);
        framer.resume();
    }

    // ---------------------------------------------------------------- replies

    private void reply(String text) {
        // One write and one flush per reply, multi-line ones included (DESIGN.md section 2).
        ctx.writeAndFlush(ctx.alloc().buffer(text.length() + 2).writeBytes((text + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** A 5xx reply; the session ends after too many (RFC 5321 section 4.3.2 allows it, Postfix does it). */
    private void error(String text) {
        reply(text);
        if (++errors >= settings.maxErrors()) {
            replyAndClose(SmtpReply.TOO_MANY_ERRORS.format(hostname));
        }
    }

    private void replyAndClose(String text) {
        closing = true;
        discardSpool();
        ctx.writeAndFlush(ctx.alloc().buffer(text.length() + 2).writeBytes((text + "\r\n").getBytes(StandardCharsets.UTF_8)))
                .addListener(ChannelFutureListener.CLOSE);
    }

    // ---------------------------------------------------------------- state views

    private boolean tlsActive() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    private ClientInfo clientInfo() {
        return new ClientInfo(remoteAddress(), localAddress(), mode.service(), tlsActive());
    }

    private SessionInfo sessionInfo() {
        return new SessionInfo(clientInfo(), sessionId, helo, esmtp, authenticatedUser);
    }

    private InetSocketAddress remoteAddress() {
        return inet(ctx.channel().remoteAddress());
    }

    private InetSocketAddress localAddress() {
        return inet(ctx.channel().localAddress());
    }

    /** Socket channels have IP addresses; other transports (in-VM, tests) get the loopback. */
    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private void discardSpool() {
        if (spool != null) {
            spool.close();
            spool = null;
        }
    }

    private static String newId() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36).toUpperCase(Locale.ROOT);
    }
}
