package dev.maildock.rar.pop3;

import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.LoginResult;
import dev.maildock.rar.api.MaildropMessage;
import dev.maildock.rar.api.Pop3Listener;
import dev.maildock.rar.net.ConnectionLimits;
import dev.maildock.rar.net.EndpointDispatcher;
import dev.maildock.rar.net.SessionChannel;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One POP3 session (RFC 1939): the AUTHORIZATION, TRANSACTION and UPDATE states.
 * <p>
 * Runs on the connection's event loop and never blocks it. A command that needs the platform marks
 * the session busy, asks through the {@link EndpointDispatcher} and continues on this loop when the
 * answer comes; pipelined commands meanwhile wait unread in the {@link LineReader}, and the socket
 * stops reading so that they cannot pile up.
 */
final class Pop3Session extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(Pop3Session.class.getName());
    private static final byte[] END_OF_MULTILINE = {'.', '\r', '\n'};
    /**
     * A SASL response line is data, not a command. RFC 5034 has a client whose initial response
     * would not fit in a 255-octet AUTH line send it as a continuation instead, so that line may
     * be longer; still bounded, so the reader never holds much.
     */
    private static final int MAX_SASL_RESPONSE = 4096;

    private final String service;
    private final EndpointDispatcher<Pop3Listener> dispatcher;
    private final Pop3Settings settings;
    private final SslContext sslContext;
    private final ConnectionLimits limits;
    private final ApopTimestamps timestamps;
    private final LineReader lines;

    private ChannelHandlerContext ctx;
    private Pop3State state = Pop3State.CONNECTED;
    /** Waiting for the platform (or a login delay): read no command until it answers. */
    private boolean busy = true;
    /** {@link #processLines} is running (a reply's writability event must not start it again). */
    private boolean processing;
    private boolean tls;
    private ClientInfo client;
    private String timestamp;
    /** The name from USER, good for the next PASS only. */
    private String user;
    private boolean awaitingSaslResponse;
    private int failedLogins;
    private MaildropView maildrop;
    private final ReadAhead readAhead = new ReadAhead();
    private SessionChannel<Pop3Listener> channel;
    private LeaseKeeper lease;
    /** The RETR or TOP response being sent, if any. */
    private MessageTransfer transfer;

    Pop3Session(String service, EndpointDispatcher<Pop3Listener> dispatcher, Pop3Settings settings,
                SslContext sslContext, ConnectionLimits limits, ApopTimestamps timestamps) {
        this.service = service;
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.sslContext = sslContext;
        this.limits = limits;
        this.timestamps = timestamps;
        this.lines = new LineReader(settings.maxCommandLine());
    }

    // ---------------------------------------------------------------- connection events

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = new SessionChannel<>(ctx, dispatcher, limits);
        channel.pauseInput();
        channel.startDeadlines(settings.idleTimeout(), 0, this::autologout, this::backlogExceeded);
        tls = settings.tlsMode() == Pop3Settings.TlsMode.IMPLICIT;
        client = new ClientInfo(channel.remoteAddress(), channel.localAddress(), service, tls);
        if (!channel.tryAcquireSlot()) {
            replyAndClose(Pop3Reply.TOO_MANY_CONNECTIONS.format());
            ctx.fireChannelActive();
            return;
        }
        ClientInfo admitted = client;
        ask(listener -> listener.connect(admitted), this::greet);
        ctx.fireChannelActive();
    }

    private void greet(ConnectVerdict verdict, Throwable failure) {
        if (state == Pop3State.CLOSED) {
            return;
        }
        if (failure != null || verdict == null) {
            LOG.log(Level.WARNING, "MAILDOCK0220W: The POP3 platform could not admit a client; closing.", failure);
            replyAndClose(Pop3Reply.SERVICE_UNAVAILABLE.format());
            return;
        }
        switch (verdict.outcome()) {
            case ACCEPT -> {
                timestamp = timestamps.next(verdict.hostname());
                state = Pop3State.AUTHORIZATION;
                reply(Pop3Reply.GREETING.format(timestamp));
                ready();
            }
            case TEMPORARY_FAILURE -> replyAndClose(Pop3Reply.SERVICE_UNAVAILABLE.format());
            case PERMANENT_FAILURE -> replyAndClose(Pop3Reply.SERVICE_REFUSED.format());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof ByteBuf data && state != Pop3State.CLOSED) {
                lines.append(data);
                if (!busy) {
                    processLines();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // The RETR gate (busy) and the channel's backlog gate compose: lines are read again only
        // when neither holds.
        boolean open = channel.writabilityChanged();
        if (ctx.channel().isWritable() && transfer != null) {
            transfer.writable();
        } else if (open && !busy) {
            processLines();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * RFC 1939 section 3: the autologout timer closes the connection without a response and
     * without entering UPDATE. It is a per-record deadline (a whole command line within the idle
     * timeout, not any octet), and it runs while a response waits for a client that does not read
     * it, but not while the platform is asked.
     */
    private void autologout() {
        // The maildrop is released first, so a client that connects again as soon as it sees the
        // close finds it free, not [IN-USE].
        if (state == Pop3State.TRANSACTION && maildrop != null) {
            state = Pop3State.CLOSED;
            stopLease();
            release(maildrop.handle()).whenComplete((ignored, failure) -> ctx.close());
        } else {
            ctx.close();
        }
    }

    /** The session kept answering a client that does not read: see {@link SessionChannel#send}. */
    private void backlogExceeded() {
        LOG.warning(() -> "MAILDOCK0225W: The POP3 client " + channel.remoteAddress()
                + " does not read its responses; the session is closed.");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Pop3State was = state;
        state = Pop3State.CLOSED;
        channel.releaseSlot();
        lines.discardAll();
        transfer = null;
        stopLease();
        // A session that ends without QUIT deletes nothing (RFC 1939 section 6). In UPDATE the
        // pending commit answers for the lock itself.
        if (was == Pop3State.TRANSACTION && maildrop != null) {
            release(maildrop.handle());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "POP3 session failed", cause);
        ctx.close();
    }

    // ---------------------------------------------------------------- command loop

    private void processLines() {
        if (processing) {
            return; // the running loop goes on by itself
        }
        processing = true;
        try {
            // Not while backlogged: the response would only queue up behind the unread ones.
            while (!busy && !channel.backlogged()
                    && (state == Pop3State.AUTHORIZATION || state == Pop3State.TRANSACTION)) {
                LineReader.Line line = awaitingSaslResponse ? lines.next(MAX_SASL_RESPONSE) : lines.next();
                if (line == null) {
                    break;
                }
                channel.restartDeadline();
                handle(line);
            }
        } finally {
            processing = false;
        }
        if (!busy) {
            channel.resumeInput();
        }
    }

    private void setBusy() {
        busy = true;
        channel.pauseInput();
    }

    private void ready() {
        busy = false;
        processLines();
    }

    private void handle(LineReader.Line line) {
        if (line.tooLong()) {
            awaitingSaslResponse = false;
            reply(Pop3Reply.LINE_TOO_LONG.format());
            return;
        }
        if (awaitingSaslResponse) {
            awaitingSaslResponse = false;
            saslResponse(line.text());
            return;
        }
        String text = line.text();
        int space = text.indexOf(' ');
        String keyword = space < 0 ? text : text.substring(0, space);
        String argument = space < 0 ? "" : text.substring(space + 1);
        Optional<Pop3Command> known = Pop3Command.of(keyword);
        if (known.isEmpty()) {
            reply(Pop3Reply.UNKNOWN_COMMAND.format());
            return;
        }
        Pop3Command command = known.get();
        if (!command.validIn(state)) {
            reply(Pop3Reply.WRONG_STATE.format());
            return;
        }
        String[] args = argument.isBlank() ? new String[0] : argument.trim().split(" +");
        switch (command) {
            case USER -> user(args);
            case PASS -> pass(argument);
            case APOP -> apop(args);
            case AUTH -> auth(args);
            case STLS -> stls(args);
            case CAPA -> capa();
            case QUIT -> quit();
            case STAT -> reply(Pop3Reply.STAT.format(maildrop.count(), maildrop.octets()));
            case LIST -> list(args);
            case RETR -> retr(args);
            case DELE -> dele(args);
            case NOOP -> reply(Pop3Reply.OK.format());
            case RSET -> rset();
            case TOP -> top(args);
            case UIDL -> uidl(args);
        }
    }

    // ---------------------------------------------------------------- AUTHORIZATION

    private void user(String[] args) {
        user = null;
        if (args.length != 1) {
            reply(Pop3Reply.SYNTAX_ERROR.format());
        } else if (!userPassAllowed()) {
            reply(Pop3Reply.PLAINTEXT_LOGIN_DISABLED.format());
        } else {
            // Any name is accepted here: the verdict comes only at PASS, with one text for an
            // unknown user and a wrong password, so names cannot be enumerated.
            user = args[0];
            reply(Pop3Reply.USER_ACCEPTED.format());
        }
    }

    private void pass(String password) {
        String name = user;
        user = null;
        if (name == null) {
            reply(Pop3Reply.USER_FIRST.format());
        } else if (password.isEmpty()) {
            reply(Pop3Reply.SYNTAX_ERROR.format());
        } else {
            ClientInfo who = client;
            login(listener -> listener.login(who, name, password));
        }
    }

    private void apop(String[] args) {
        if (args.length != 2 || !args[1].matches("[0-9a-fA-F]{32}")) {
            reply(Pop3Reply.SYNTAX_ERROR.format());
            return;
        }
        ClientInfo who = client;
        String name = args[0];
        String digest = args[1].toLowerCase(Locale.ROOT);
        String challenge = timestamp;
        login(listener -> listener.apop(who, name, challenge, digest));
    }

    private void auth(String[] args) {
        if (args.length < 1 || args.length > 2) {
            reply(Pop3Reply.SYNTAX_ERROR.format());
        } else if (!args[0].equalsIgnoreCase("PLAIN")) {
            reply(Pop3Reply.MECHANISM_UNSUPPORTED.format());
        } else if (!tls) {
            // Stricter than USER/PASS: a client that speaks SASL also speaks STLS (RFC 5034, RFC 2595).
            reply(Pop3Reply.ENCRYPTION_REQUIRED.format());
        } else if (args.length == 2) {
            // RFC 5034 section 4: "=" stands for an empty initial response.
            saslResponse(args[1].equals("=") ? "" : args[1]);
        } else {
            awaitingSaslResponse = true;
            reply(Pop3Reply.SASL_CONTINUE.format());
        }
    }

    private void saslResponse(String response) {
        if (response.equals("*")) {
            reply(Pop3Reply.AUTH_CANCELLED.format());
            return;
        }
        SaslPlain plain = SaslPlain.decode(response);
        if (plain == null) {
            reply(Pop3Reply.AUTH_MALFORMED.format());
        } else if (!plain.actsAsSelf()) {
            loginFailed(Duration.ZERO);
        } else {
            ClientInfo who = client;
            login(listener -> listener.login(who, plain.user(), plain.password()));
        }
    }

    private void stls(String[] args) {
        if (args.length != 0) {
            reply(Pop3Reply.SYNTAX_ERROR.format());
        } else if (tls) {
            reply(Pop3Reply.TLS_ACTIVE.format());
        } else if (!stlsAvailable()) {
            reply(Pop3Reply.TLS_UNAVAILABLE.format());
        } else {
            // RFC 2595 section 4: whatever the client sent after STLS came in clear and may have
            // been injected by a man in the middle; throw it away, and forget the USER name.
            lines.discardAll();
            user = null;
            reply(Pop3Reply.BEGIN_TLS.format());
            // The +OK has already passed the pipeline's head, so it leaves unencrypted.
            ctx.pipeline().addFirst("tls", sslContext.newHandler(ctx.alloc()));
            tls = true;
            client = new ClientInfo(client.remote(), client.local(), client.service(), true);
        }
    }

    private void login(Function<Pop3Listener, LoginResult> attempt) {
        ask(attempt, this::loggedIn);
    }

    private void loggedIn(LoginResult result, Throwable failure) {
        if (state == Pop3State.CLOSED) {
            // The client left while the platform was opening the maildrop: give the lock back.
            if (result != null && result.maildrop() != null) {
                release(result.maildrop().handle());
            }
            return;
        }
        if (failure != null || result == null) {
            LOG.log(Level.WARNING, "MAILDOCK0202W: The POP3 platform could not check a login.", failure);
            reply(Pop3Reply.MAILDROP_UNAVAILABLE.format());
            ready();
            return;
        }
        switch (result.outcome()) {
            case OK -> {
                maildrop = new MaildropView(result.maildrop());
                state = Pop3State.TRANSACTION;
                lease = LeaseKeeper.start(ctx.executor(), channel, maildrop.handle(), result.maildrop().lease(),
                        this::lockLost);
                reply(Pop3Reply.MAILDROP_OPENED.format(maildrop.count(), maildrop.octets()));
                ready();
            }
            case BAD_CREDENTIALS -> loginFailed(result.failureDelay());
            case MAILDROP_IN_USE -> {
                reply(Pop3Reply.MAILDROP_IN_USE.format());
                ready();
            }
            case TEMPORARILY_UNAVAILABLE -> {
                reply(Pop3Reply.MAILDROP_UNAVAILABLE.format());
                ready();
            }
        }
    }

    /**
     * Answers a failed login only after a pause (the listener's lockout delay, at least the
     * session's own), and ends the session after too many.
     */
    private void loginFailed(Duration platformDelay) {
        Duration delay = platformDelay.compareTo(settings.failedLoginDelay()) > 0 ? platformDelay
                : settings.failedLoginDelay();
        failedLogins++;
        boolean last = failedLogins >= settings.maxFailedLogins();
        setBusy();
        ctx.executor().schedule(() -> {
            if (state == Pop3State.CLOSED) {
                return;
            }
            if (last) {
                replyAndClose(Pop3Reply.TOO_MANY_FAILURES.format());
            } else {
                reply(Pop3Reply.AUTH_FAILED.format());
                ready();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean stlsAvailable() {
        return sslContext != null && settings.tlsMode() == Pop3Settings.TlsMode.STLS;
    }

    /**
     * Whether USER/PASS may be used now (maildock.auth.plaintext). APOP is not asked: it never
     * sends the secret, only a digest bound to this greeting.
     */
    private boolean userPassAllowed() {
        return settings.plaintextAuth().allows(tls, client.remote(), client.local());
    }

    // ---------------------------------------------------------------- both states

    private void capa() {
        ByteBuf out = channel.newReply();
        SessionChannel.appendLine(out, Pop3Reply.CAPABILITIES.format());
        for (String capability : Capabilities.of(state, tls, stlsAvailable(), userPassAllowed())) {
            SessionChannel.appendLine(out, capability);
        }
        out.writeBytes(END_OF_MULTILINE);
        channel.send(out);
    }

    private void quit() {
        if (state == Pop3State.AUTHORIZATION) {
            replyAndClose(Pop3Reply.SIGNING_OFF.format());
            return;
        }
        // RFC 1939 section 6: only QUIT from TRANSACTION enters UPDATE and removes messages.
        state = Pop3State.UPDATE;
        stopLease();
        MaildropView update = maildrop;
        Set<String> deleted = update.deletedIds();
        int left = update.count();
        ask(listener -> listener.commit(update.handle(), deleted), (committed, failure) -> {
            maildrop = null;
            readAhead.clear();
            if (failure != null) {
                LOG.log(Level.WARNING, "MAILDOCK0223W: The POP3 platform could not commit a maildrop update.",
                        failure);
                release(update.handle());
            }
            if (state == Pop3State.CLOSED) {
                return;
            }
            if (failure != null || !committed) {
                replyAndClose(Pop3Reply.NOT_REMOVED.format());
            } else if (left == 0) {
                replyAndClose(Pop3Reply.SIGNING_OFF_EMPTY.format());
            } else {
                replyAndClose(Pop3Reply.SIGNING_OFF_LEFT.format(left));
            }
        });
    }

    // ---------------------------------------------------------------- TRANSACTION

    private void list(String[] args) {
        scanListing(args, number -> Pop3Reply.SCAN_LISTING.format(number, maildrop.message(number).size()),
                Pop3Reply.LISTING_FOLLOWS.format(maildrop.count(), maildrop.octets()),
                number -> String.valueOf(maildrop.message(number).size()));
    }

    private void uidl(String[] args) {
        scanListing(args, number -> Pop3Reply.UNIQUE_ID_LISTING.format(number, maildrop.message(number).uidl()),
                Pop3Reply.UNIQUE_ID_LISTING_FOLLOWS.format(),
                number -> maildrop.message(number).uidl());
    }

    /**
     * LIST and UIDL (RFC 1939 sections 5 and 7) share one shape: with a message number, one line
     * about that message (or why not); without, a multi-line listing of every message not marked
     * deleted, written in one flush.
     */
    private void scanListing(String[] args, IntFunction<String> single, String header, IntFunction<String> item) {
        if (args.length > 1) {
            reply(Pop3Reply.SYNTAX_ERROR.format());
        } else if (args.length == 1) {
            String problem = maildrop.problemWith(args[0]);
            reply(problem != null ? problem : single.apply(Integer.parseInt(args[0])));
        } else {
            ByteBuf out = channel.newReply();
            SessionChannel.appendLine(out, header);
            for (int number : maildrop.visibleNumbers()) {
                SessionChannel.appendLine(out, number + " " + item.apply(number));
            }
            out.writeBytes(END_OF_MULTILINE);
            channel.send(out);
        }
    }

    private void dele(String[] args) {
        String problem = args.length == 1 ? maildrop.problemWith(args[0]) : Pop3Reply.SYNTAX_ERROR.format();
        if (problem != null) {
            reply(problem);
            return;
        }
        int number = Integer.parseInt(args[0]);
        maildrop.delete(number);
        readAhead.forget(maildrop.message(number));
        reply(Pop3Reply.MESSAGE_DELETED.format(number));
    }

    private void rset() {
        maildrop.reset();
        reply(Pop3Reply.MAILDROP_OPENED.format(maildrop.count(), maildrop.octets()));
    }

    private void retr(String[] args) {
        String problem = args.length == 1 ? maildrop.problemWith(args[0]) : Pop3Reply.SYNTAX_ERROR.format();
        if (problem != null) {
            reply(problem);
            return;
        }
        int number = Integer.parseInt(args[0]);
        transfer(number, DotStuffer.whole(), Pop3Reply.MESSAGE_FOLLOWS.format(maildrop.message(number).size()));
    }

    private void top(String[] args) {
        String problem = args.length == 2 ? maildrop.problemWith(args[0]) : Pop3Reply.SYNTAX_ERROR.format();
        if (problem == null && !args[1].matches("[0-9]{1,18}")) {
            problem = Pop3Reply.SYNTAX_ERROR.format();
        }
        if (problem != null) {
            reply(problem);
            return;
        }
        transfer(Integer.parseInt(args[0]), DotStuffer.top(Long.parseLong(args[1])), Pop3Reply.TOP_FOLLOWS.format());
    }

    private void transfer(int number, DotStuffer stuffer, String statusLine) {
        setBusy();
        MaildropMessage message = maildrop.message(number);
        byte[] ready = readAhead.take(maildrop, number, message);
        if (ready == null && readAhead.isArriving(message)) {
            // Fetched in the background already: wait for that call rather than ask again.
            readAhead.whenArrived(() -> send(message, stuffer, statusLine, readAhead.takeArrived(message)));
            return;
        }
        if (ready != null || message.size() > settings.retrieveChunk()) {
            send(message, stuffer, statusLine, ready);
            return;
        }
        List<MaildropMessage> batch = readAhead.batchFrom(maildrop, number, settings.retrieveChunk());
        String handle = maildrop.handle();
        List<String> ids = batch.stream().map(MaildropMessage::id).toList();
        channel.call(listener -> listener.retrieveWhole(handle, ids), (contents, failure) -> {
            if (!ctx.channel().isActive() || maildrop == null) {
                return;
            }
            byte[] first = failure == null && contents != null && !contents.isEmpty() ? contents.get(0) : null;
            if (first != null && first.length == message.size()) {
                readAhead.keep(batch, contents);
                send(message, stuffer, statusLine, first);
            } else {
                // Read-ahead is only a shortcut: the chunked path answers, or says -ERR.
                send(message, stuffer, statusLine, null);
            }
        });
    }

    private void send(MaildropMessage message, DotStuffer stuffer, String statusLine, byte[] whole) {
        fetchAhead();
        transfer = new MessageTransfer(ctx, channel, maildrop.handle(), message, stuffer, settings.retrieveChunk(),
                new MessageTransfer.Completion() {
                    @Override
                    public void sent() {
                        transfer = null;
                        ready();
                    }

                    @Override
                    public void failedBeforeOutput() {
                        transfer = null;
                        reply(Pop3Reply.MAILDROP_UNAVAILABLE.format());
                        ready();
                    }
                });
        transfer.start(statusLine, whole);
    }

    /** Fetches the next messages in the background while this one is sent, if the client reads in order. */
    private void fetchAhead() {
        List<MaildropMessage> batch = readAhead.nextBatch(maildrop, settings.retrieveChunk());
        if (batch.isEmpty()) {
            return;
        }
        String handle = maildrop.handle();
        List<String> ids = batch.stream().map(MaildropMessage::id).toList();
        channel.callAside(listener -> listener.retrieveWhole(handle, ids), (contents, failure) -> {
            if (ctx.channel().isActive() && maildrop != null) {
                // A failure only loses the shortcut: a RETR waiting for it takes the chunked path.
                readAhead.arrived(batch, failure == null ? contents : null);
            }
        });
    }

    // ---------------------------------------------------------------- maildrop lock

    private void lockLost() {
        // Another session may own the maildrop now: this session's numbers and deletions are void.
        if (state == Pop3State.TRANSACTION) {
            ctx.close();
        }
    }

    private void stopLease() {
        if (lease != null) {
            lease.stop();
            lease = null;
        }
    }

    // ---------------------------------------------------------------- plumbing

    /** Asks the platform, the session busy meanwhile; {@code then} runs back on the event loop. */
    private <R> void ask(Function<Pop3Listener, R> question, BiConsumer<R, Throwable> then) {
        setBusy();
        channel.call(question, then);
    }

    /** Frees the maildrop's lock; the stage completes (never exceptionally) once that was tried. */
    private CompletionStage<Void> release(String handle) {
        return dispatcher.call(listener -> {
            listener.release(handle);
            return null;
        }).handle((ignored, failure) -> {
            if (failure != null) {
                // The lease runs out on its own; the maildrop stays locked until then.
                LOG.log(Level.WARNING, "MAILDOCK0206W: A POP3 maildrop lock could not be released.", failure);
            }
            return null;
        });
    }

    private void reply(String line) {
        channel.reply(line);
    }

    private void replyAndClose(String line) {
        // Busy for good: nothing the client sent after this is answered.
        setBusy();
        channel.replyAndClose(line);
    }

}
