package dev.maildock.rar.smtp;

import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.Envelope;
import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.MessageData;
import dev.maildock.rar.api.ReversePath;
import dev.maildock.rar.api.SessionInfo;
import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.api.Verdict;
import dev.maildock.rar.net.ConnectionLimits;
import dev.maildock.rar.net.EndpointDispatcher;
import dev.maildock.rar.net.SessionChannel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
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
 * The Received header is prepended here, not in the MDB (see {@link ReceivedHeader}). AUTH lives
 * in {@link SmtpAuthentication}; replies, platform calls and the connection count go through the
 * {@link SessionChannel}.
 */
final class SmtpSession extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(SmtpSession.class.getName());

    /** What a verb does: called with the session and the verb's argument (trimmed, "" if none). */
    @FunctionalInterface
    private interface CommandHandler {
        void handle(SmtpSession session, String argument);
    }

    private final ListenerMode mode;
    private final SmtpSettings settings;
    private final SslContext sslContext;
    private final EndpointDispatcher<SmtpListener> dispatcher;
    private final Clock clock;
    private final ConnectionLimits limits;
    private final AuthThrottle throttle;

    private ChannelHandlerContext ctx;
    private SessionChannel<SmtpListener> channel;
    private SmtpFramer framer;
    private SmtpAuthentication authentication;
    private String hostname;
    private final String sessionId = newId();
    private int transactions;

    private String helo;
    private boolean esmtp;
    private Transaction transaction;
    private MessageSpool spool;
    private HopCounter hops;
    private int errors;
    /** Platform calls in flight: input stays paused until the last has been answered. */
    private int asking;
    /** {@link #answered}, made once: a platform call costs no extra allocation for it. */
    private final Runnable answered = this::answered;
    private boolean closing;

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
        this.channel = new SessionChannel<>(ctx, dispatcher, limits);
        this.framer = ctx.pipeline().get(SmtpFramer.class);
        channel.startDeadlines(settings.idleTimeout(), settings.minDataRate(), this::deadlinePassed,
                this::backlogExceeded);
        this.authentication = new SmtpAuthentication(this, framer, settings, throttle, clock,
                channel.remoteAddress().getAddress());
        // Frame nothing until the platform has admitted the client: a client that talks before
        // the greeting gets no answers from a half-initialised session.
        framer.pause();
        hostname = channel.localAddress().getHostString();
        if (!channel.tryAcquireSlot()) {
            replyAndClose(SmtpReply.TOO_MANY_CONNECTIONS.format(hostname));
            ctx.fireChannelActive();
            return;
        }
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
        channel.releaseSlot();
        super.channelInactive(ctx);
    }

    /**
     * The client took longer than the idle timeout for a command line, or sent message content
     * slower than the minimum rate (the deadline does not run while the platform is asked).
     */
    private void deadlinePassed() {
        if (!closing) {
            replyAndClose(SmtpReply.IDLE_TIMEOUT.format(hostname));
        }
    }

    /** The session kept answering a client that does not read: see {@link SessionChannel#send}. */
    private void backlogExceeded() {
        closing = true;
        LOG.warning(() -> "MAILDOCK0111W: The SMTP client " + channel.remoteAddress()
                + " does not read its replies; the session is closed.");
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Frame no command whose reply would only queue up behind the unread ones.
        if (channel.writabilityChanged()) {
            framer.resume();
        } else if (channel.backlogged()) {
            framer.pause();
        }
        ctx.fireChannelWritabilityChanged();
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
            channel.contentReceived(chunk.content().readableBytes());
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
            channel.restartDeadline();
            if (authentication.exchanging()) {
                authentication.respond(line.text());
            } else {
                command(line.text());
            }
        } else if (msg instanceof SmtpFrame.CommandFault fault) {
            authentication.abort();
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
        handler(command.get()).handle(this, argument);
    }

    /**
     * The verb table. A switch rather than a map so that the compiler checks that every verb has a
     * handler; the method references capture nothing, so each is one shared constant, and a lookup
     * is a jump on the enum's ordinal: nothing allocated per command on the ingest path.
     */
    private static CommandHandler handler(SmtpCommand command) {
        return switch (command) {
            case EHLO -> SmtpSession::ehlo;
            case HELO -> SmtpSession::helo;
            case MAIL -> SmtpSession::mail;
            case RCPT -> SmtpSession::rcpt;
            case DATA -> SmtpSession::data;
            case RSET -> SmtpSession::rset;
            case NOOP -> SmtpSession::noop;
            case QUIT -> SmtpSession::quit;
            case HELP -> SmtpSession::help;
            case VRFY -> SmtpSession::vrfy;
            case STARTTLS -> SmtpSession::startTls;
            case AUTH -> SmtpSession::auth;
            case EXPN, SEND, SOML, SAML, TURN -> SmtpSession::notImplemented;
        };
    }

    // ---------------------------------------------------------------- commands

    private void ehlo(String argument) {
        hello(argument, true);
    }

    private void helo(String argument) {
        hello(argument, false);
    }

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
        String peer = ReceivedHeader.addressLiteral(channel.remoteAddress());
        if (extended) {
            reply(SmtpReply.EHLO_OK.multiline(
                    Extensions.ehloKeywords(settings, sslContext != null, tlsActive(),
                            authentication.identity() != null),
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
        if (mode.authRequired() && authentication.identity() == null) {
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
        } else if (end.nul()) {
            // Stored, a NUL would reach IMAP/POP3 clients and parsers that end a string at it.
            refusal = SmtpReply.NUL_IN_DATA.format();
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
            byte[] trace = ReceivedHeader.build(helo, channel.remoteAddress(), hostname, esmtp, tlsActive(),
                    authentication.identity() != null, finished.id(), named, ZonedDateTime.now(clock));
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

    private void noop(String argument) {
        reply(SmtpReply.OK.format());
    }

    private void quit(String argument) {
        replyAndClose(SmtpReply.CLOSING.format(hostname));
    }

    private void notImplemented(String argument) {
        error(SmtpReply.COMMAND_NOT_IMPLEMENTED.format());
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
        authentication.command(argument, helo != null && esmtp, transaction != null, tlsActive());
    }

    /**
     * Ends the session after {@code delay} (which slows down guessing) with {@code reply}; nothing
     * the client sends meanwhile is read.
     */
    void closeAfter(Duration delay, SmtpReply reply) {
        closing = true;
        pauseInput();
        ctx.executor().schedule(() -> replyAndClose(reply.format(hostname)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code then} on the event loop after {@code delay}, reading nothing meanwhile: the
     * platform's lockout delay before a failure answer, without holding a thread.
     */
    void after(Duration delay, Runnable then) {
        asking++;
        pauseInput();
        ctx.executor().schedule(() -> {
            then.run();
            answered();
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- platform calls

    /**
     * Runs a listener call off the event loop with input paused, and continues on the event loop.
     */
    <R> void ask(Function<SmtpListener, R> step, BiConsumer<R, Throwable> then) {
        asking++;
        pauseInput();
        // "then" runs even when the client has gone: the continuation also releases what
        // the call held (a spool file); its reply then simply goes nowhere.
        channel.call(step, then, answered);
    }

    /** After each answer's continuation: read again, unless another call or the end is pending. */
    private void answered() {
        asking--;
        if (!closing && asking == 0) {
            resumeInput();
        }
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
        channel.pauseInput();
    }

    private void resumeInput() {
        if (channel.resumeInput()) {
            framer.resume();
        }
    }

    // ---------------------------------------------------------------- replies

    void reply(String text) {
        // One write and one flush per reply, multi-line ones included (docs/architecture.md section 2).
        channel.reply(text);
    }

    /** A 5xx reply; the session ends after too many (RFC 5321 section 4.3.2 allows it, Postfix does it). */
    void error(String text) {
        reply(text);
        if (++errors >= settings.maxErrors()) {
            replyAndClose(SmtpReply.TOO_MANY_ERRORS.format(hostname));
        }
    }

    private void replyAndClose(String text) {
        closing = true;
        discardSpool();
        channel.replyAndClose(text);
    }

    // ---------------------------------------------------------------- state views

    private boolean tlsActive() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    ClientInfo clientInfo() {
        return new ClientInfo(channel.remoteAddress(), channel.localAddress(), mode.service(), tlsActive());
    }

    private SessionInfo sessionInfo() {
        return new SessionInfo(clientInfo(), sessionId, helo, esmtp, authentication.identity());
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
